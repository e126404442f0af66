"""A focused drop-down shows a focus frame (issue 19): with the app's style installed, a combo box
looks different with the keyboard focus than without, as a line edit does, in every combo box of
the intake form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QComboBox, QStyleFactory, QWidget
from pytestqt.qtbot import QtBot

from hall_desk.services.context import StaffSession
from hall_desk.ui import focus_frame
from hall_desk.ui.mainwindow import MainWindow
from tests.ui.conftest import sign_in
from tests.ui.helpers import focused


@pytest.fixture
def app_style(qapp: QApplication) -> Iterator[None]:
    before = qapp.style().name()
    focus_frame.install(qapp)
    assert isinstance(qapp.style(), focus_frame.FocusFrameStyle)
    yield
    QApplication.setStyle(QStyleFactory.create(before))


def _look(qtbot: QtBot, widget: QWidget) -> QImage:
    widget.repaint()
    return widget.grab().toImage()


def test_every_combo_of_the_intake_form_shows_its_focus(
    qtbot: QtBot, app_style: None, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    sign_in(qtbot, window, "3001")
    window.intake.phone_edit.setFocus()
    combos = [c for c in window.intake.findChildren(QComboBox) if c.isVisible() and c.isEnabled()]
    assert len(combos) >= 5
    unchanged = []
    for combo in combos:
        window.intake.phone_edit.setFocus()
        qtbot.waitUntil(lambda: focused() is window.intake.phone_edit)
        without = _look(qtbot, combo)
        combo.setFocus()
        qtbot.waitUntil(lambda c=combo: focused() is c)
        if _look(qtbot, combo) == without:
            unchanged.append(combo.objectName())
    assert unchanged == []
