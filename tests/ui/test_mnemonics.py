"""Mnemonics (issue 19): in every window and dialog, in Chinese and in English, each label's
mnemonic reaches an input widget, and no two mnemonics on one screen share a letter (the main
window's menu bar included). The windows are the English test's (every QDialog / QMainWindow of
hall_desk.ui, each opened or excused there)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.preferences import ENGLISH
from hall_desk.services.setup import require_desk
from hall_desk.ui import i18n
from hall_desk.ui.mainwindow import MainWindow
from tests.ui.mnemonics import buddy_problems, collisions
from tests.ui.test_english_ui import OPENERS, Records, english_hall, records  # noqa: F401


@pytest.fixture(params=["zh", "en"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    if request.param == "en":
        assert i18n.install(ENGLISH)
    yield request.param
    if request.param == "en":
        i18n.uninstall()


@pytest.fixture
def main_window(
    qtbot: QtBot,
    language: str,
    english_hall: dict[str, StaffSession],  # noqa: F811
    ctx: DeskContext,
    records: Records,  # noqa: F811
) -> Iterator[MainWindow]:
    win = MainWindow(ctx, require_desk())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.idle.stop()


@pytest.mark.parametrize("name", sorted(OPENERS))
def test_mnemonics(
    name: str,
    qtbot: QtBot,
    main_window: MainWindow,
    ctx: DeskContext,
    english_hall: dict[str, StaffSession],  # noqa: F811
    records: Records,  # noqa: F811
) -> None:
    session = english_hall["manager"]
    main_window.start_session(session)
    widget = OPENERS[name](main_window, ctx, session, records)
    widget.show()
    qtbot.waitExposed(widget)
    try:
        problems = buddy_problems(widget) + collisions(widget)
        assert problems == [], "\n".join(problems)
    finally:
        if isinstance(widget, QDialog):
            QDialog.done(widget, 0)
            widget.deleteLater()


def test_alt_m_in_the_refund_form_leads_to_the_amount(
    qtbot: QtBot,
    main_window: MainWindow,
    ctx: DeskContext,
    english_hall: dict[str, StaffSession],  # noqa: F811
    records: Records,  # noqa: F811
) -> None:
    """The reported case: Alt+M went to the amount's row container, so the amount typed next
    landed in 核实情况."""
    from hall_desk.ui.refunds import ProposeRefundDialog

    session = english_hall["manager"]
    main_window.start_session(session)
    dialog = ProposeRefundDialog(ctx, session, records.complaint, main_window)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.checked.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.checked)
    qtbot.keyClick(dialog.checked, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.amount
    qtbot.keyClicks(dialog.amount, "50")
    assert dialog.amount.text() == "50" and dialog.checked.toPlainText() == ""
    QDialog.done(dialog, 0)
