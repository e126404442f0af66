"""U+0000 pasted into the intake form (issue 15, finding 8): refused at the desk as bad input naming
the field, in Chinese; nothing typed is lost, and once removed the complaint saves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hall_desk.storage.models import Complaint
from hall_desk.ui.mainwindow import MainWindow
from tests.ui.conftest import sign_in
from tests.ui.helpers import press
from tests.ui.test_counter import ReadBack, fill_walk_in_complaint


def test_a_name_holding_nul_is_named_and_nothing_is_cleared(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in(qtbot, window, "3001")
    window.intake.ask_read_back = ReadBack(answer=False)  # type: ignore[method-assign]
    fill_walk_in_complaint(qtbot)  # declined at the read-back: the form stays as typed
    read_back = ReadBack()
    window.intake.ask_read_back = read_back  # type: ignore[method-assign]
    window.intake.name_edit.setText("陈\x00先生")  # as a paste from a scanner would leave it
    window.intake.name_edit.setFocus()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert read_back.seen == [] and Complaint.select().count() == 0
    message = window.intake.error_message()
    assert "客户姓名" in message and "U+0000" in message
    assert window.intake.name_edit.text() == "陈\x00先生"
    assert window.intake.name_edit.styleSheet() != ""
    assert window.intake.description_edit.toPlainText().startswith("本月话费")
    assert window.intake.request_edit.text() == "退还多收话费"

    window.intake.name_edit.setText("陈先生")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert Complaint.select().count() == 1 and Complaint.get().customer_name == "陈先生"
