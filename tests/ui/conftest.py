from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.setup import require_desk
from hall_desk.ui.mainwindow import MainWindow
from tests.conftest import PASSWORDS
from tests.ui.helpers import press, type_text


def open_window(qtbot: QtBot, ctx: DeskContext) -> MainWindow:
    win = MainWindow(ctx, require_desk())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    win.signin.ui.staffNoEdit.setFocus()
    return win


@pytest.fixture
def window(qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext) -> Iterator[MainWindow]:
    win = open_window(qtbot, ctx)
    yield win
    win.idle.stop()


def sign_in(qtbot: QtBot, win: MainWindow, staff_no: str, password: str | None = None) -> None:
    assert win.stack.currentWidget() is win.signin_page
    win.signin.ui.staffNoEdit.setFocus()
    win.signin.ui.staffNoEdit.selectAll()
    type_text(qtbot, staff_no)
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, password if password is not None else PASSWORDS[staff_no])
    press(qtbot, Qt.Key.Key_Return)
