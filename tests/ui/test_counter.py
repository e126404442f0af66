"""A clerk at the counter: sign in, record a complaint with the keyboard only, see the repeat warning,
find the complaint in the list, wrong passwords and lockout, user switch and idle lock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import FixedClock, format_local
from hall_desk.domain.complaints import ComplaintDraft, ComplaintIntake
from hall_desk.domain.deadlines import Deadlines
from hall_desk.domain.policy import Policy
from hall_desk.services import complaints
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Complaint, DocumentPrint, Draft, Event
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.print_preview import PrintPreviewDialog
from tests.conftest import PASSWORDS
from tests.ui.conftest import open_window, sign_in
from tests.ui.helpers import focused, press, type_text

# 切换用户 (Ctrl+Shift+L: Ctrl+U empties a line edit on X11, issue 19)
SWITCH = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class ReadBack:
    """Stands in for the customer at the read-back step."""

    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.seen: list[ComplaintIntake] = []

    def __call__(self, intake: ComplaintIntake, deadlines: Deadlines) -> bool:
        self.seen.append(intake)
        return self.answer


def test_sign_in_shows_the_intake_form(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, "3001")
    assert window.stack.currentWidget() is window.tabs
    assert window.session is not None and window.session.staff_no == "3001"
    assert "张三" in window.user_label.text()
    assert focused() is window.intake.phone_edit


def test_wrong_password_then_lockout(qtbot: QtBot, window: MainWindow, clock: FixedClock) -> None:
    sign_in(qtbot, window, "3001", "wrong-password")
    assert window.stack.currentWidget() is window.signin_page
    assert "工号或密码不正确" in window.signin.error_message()
    assert "还可尝试 4 次" in window.signin.error_message()
    for _ in range(4):
        sign_in(qtbot, window, "3001", "wrong-password")
    assert "已锁定" in window.signin.error_message()
    sign_in(qtbot, window, "3001")  # the right password, still locked
    assert window.stack.currentWidget() is window.signin_page
    assert "5 分钟" in window.signin.error_message()
    clock.advance(minutes=5)
    sign_in(qtbot, window, "3001")
    assert window.stack.currentWidget() is window.tabs


DESCRIPTION = "本月话费多扣了五十八元五角，客户称未办理新业务。"


def fill_walk_in_complaint(
    qtbot: QtBot, phone: str = "13800138000", description: str = DESCRIPTION
) -> None:
    """Keyboard only, from the phone field: Enter moves on, arrows choose, IME commits Chinese."""
    type_text(qtbot, phone)
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "陈先生")  # customer name
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # tier: 普通 (default)
    press(qtbot, Qt.Key.Key_Return)  # channel: 营业厅现场 (default)
    assert isinstance(focused(), QComboBox) and focused().objectName() == "main_class"
    press(qtbot, Qt.Key.Key_Down, times=3)  # "", 电信服务, 网络质量, 电信资费
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Down)  # 资费争议/乱收费
    press(qtbot, Qt.Key.Key_Return)  # urgency is disabled for 电信资费: focus skips it
    assert focused().objectName() == "occurred_at"
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "本营业厅")  # place
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "58.5")  # amount
    press(qtbot, Qt.Key.Key_Return)
    assert focused().objectName() == "description"
    type_text(qtbot, description)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "退还多收话费")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_record_a_complaint_with_the_keyboard_only(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, "3001")
    read_back = ReadBack()
    window.intake.ask_read_back = read_back  # type: ignore[method-assign]
    fill_walk_in_complaint(qtbot)
    assert len(read_back.seen) == 1, window.intake.error_message()
    assert read_back.seen[0].customer_name == "陈先生"
    row = Complaint.get()
    assert row.phone == "13800138000" and row.customer_name == "陈先生"
    assert (row.main_class, row.sub_class) == ("电信资费", "资费争议/乱收费")
    assert row.amount_fen == 5850 and row.place == "本营业厅"
    assert row.first_responder_no == "3001"
    assert row.number in window.saved_label.text()
    assert window.saved_banner.isVisible()
    # The form is ready for the next customer.
    assert window.intake.phone_edit.text() == "" and focused() is window.intake.phone_edit


def test_declining_the_read_back_saves_nothing_and_keeps_the_form(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in(qtbot, window, "3001")
    window.intake.ask_read_back = ReadBack(answer=False)  # type: ignore[method-assign]
    fill_walk_in_complaint(qtbot)
    assert Complaint.select().count() == 0
    assert window.intake.name_edit.text() == "陈先生"
    assert window.intake.request_edit.text() == "退还多收话费"


def test_a_bad_field_is_named_and_nothing_is_cleared(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, "3001")
    window.intake.ask_read_back = ReadBack()  # type: ignore[method-assign]
    fill_walk_in_complaint(qtbot, phone="1380013")
    assert Complaint.select().count() == 0
    assert "客户号码" in window.intake.error_message()
    assert focused() is window.intake.phone_edit
    assert window.intake.phone_edit.styleSheet() != ""
    assert window.intake.name_edit.text() == "陈先生"
    assert window.intake.description_edit.toPlainText().startswith("本月话费")
    # Correct the number and save.
    window.intake.phone_edit.selectAll()
    type_text(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert Complaint.select().count() == 1


def test_repeat_warning_and_history_appear_beside_the_form(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
) -> None:
    earlier = complaints.record_complaint(
        ctx,
        hall["clerk2"],
        ComplaintDraft(
            phone="13800138000",
            customer_name="陈先生",
            main_class="电信资费",
            sub_class="资费争议/乱收费",
            description="上月话费多扣",
            customer_request="退费",
        ),
    )
    clock.advance(days=12)
    sign_in(qtbot, window, "3001")
    window.intake.ask_read_back = ReadBack()  # type: ignore[method-assign]
    type_text(qtbot, "13800138000")
    assert window.intake.history_list.count() == 1
    assert earlier.number in window.intake.history_list.item(0).text()
    assert not window.intake.repeat_label.isVisible()
    window.intake.phone_edit.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    fill_rest = ["陈先生"]
    type_text(qtbot, fill_rest[0])
    window.intake.class_combo.setFocus()
    press(qtbot, Qt.Key.Key_Down, times=3)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Down)
    assert window.intake.repeat_label.isVisible()
    assert earlier.number in window.intake.repeat_label.text()
    assert "重复投诉" in window.intake.repeat_label.text()
    window.intake.description_edit.setFocus()
    type_text(qtbot, "又多扣了话费")
    window.intake.request_edit.setFocus()
    type_text(qtbot, "退费")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    newest = Complaint.select().order_by(Complaint.accepted_at.desc()).first()
    assert newest.repeat
    assert "重复投诉" in window.saved_label.text()


def test_find_it_in_the_list_with_a_masked_number(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, "3001")
    window.intake.ask_read_back = ReadBack()  # type: ignore[method-assign]
    fill_walk_in_complaint(qtbot)
    number = Complaint.get().number
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.list_page
    assert focused() is window.list_page.search_edit
    type_text(qtbot, number)
    press(qtbot, Qt.Key.Key_Return)
    model = window.list_page.model
    assert model.rowCount() == 1
    row_text = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row_text[0] == number
    assert "138****8000" in row_text and "13800138000" not in " ".join(row_text)


def test_user_switch_keeps_the_half_typed_form_for_its_owner(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in(qtbot, window, "3001")
    type_text(qtbot, "13900139000")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "刘女士")
    press(qtbot, Qt.Key.Key_L, SWITCH)  # 切换用户
    assert window.stack.currentWidget() is window.signin_page
    sign_in(qtbot, window, "3002")
    assert window.intake.phone_edit.text() == "" and window.intake.name_edit.text() == ""
    type_text(qtbot, "13700137000")
    press(qtbot, Qt.Key.Key_L, SWITCH)
    sign_in(qtbot, window, "3001")
    assert window.intake.phone_edit.text() == "13900139000"
    assert window.intake.name_edit.text() == "刘女士"
    assert window.intake.history_hint.isVisible()  # the side panel follows the restored number
    press(qtbot, Qt.Key.Key_L, SWITCH)
    sign_in(qtbot, window, "3002")
    assert window.intake.phone_edit.text() == "13700137000"


def test_escape_asks_before_discarding(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, "3001")
    answers = [False, True]
    window.intake.ask_discard = lambda: answers.pop(0)  # type: ignore[method-assign]
    type_text(qtbot, "13900139000")
    press(qtbot, Qt.Key.Key_Escape)
    assert window.intake.phone_edit.text() == "13900139000"
    press(qtbot, Qt.Key.Key_Escape)
    assert window.intake.phone_edit.text() == ""
    assert answers == []


def test_idle_lock_keeps_what_was_typed(
    qtbot: QtBot, hall: dict[str, StaffSession], clock: FixedClock
) -> None:
    ctx = DeskContext(clock=clock, policy=Policy(idle_lock_minutes=0.03))  # 1.8 s
    win = open_window(qtbot, ctx)
    sign_in(qtbot, win, "3001")
    type_text(qtbot, "13900139000", win.intake.phone_edit)
    assert win.stack.currentWidget() is win.tabs  # typing kept the session alive so far
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.signin_page, timeout=10_000)
    assert "已锁定" in win.signin.ui.noticeLabel.text()
    assert win.signin.ui.staffNoEdit.text() == "3001"
    assert Draft.select().count() == 1
    type_text(qtbot, PASSWORDS["3001"], win.signin.ui.passwordEdit)
    qtbot.keyClick(win.signin.ui.passwordEdit, Qt.Key.Key_Return)
    assert win.stack.currentWidget() is win.tabs
    assert win.intake.phone_edit.text() == "13900139000"
    win.idle.stop()


def test_the_window_fits_a_1366_by_768_screen(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, "3001")
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 740
    window.resize(1366, 740)
    assert window.intake.save_button.isVisible()
    assert window.intake.save_button.visibleRegion().boundingRect().height() > 0


def test_every_form_field_is_reachable_with_tab(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, "3001")
    window.intake.class_combo.setCurrentText("网络质量")  # urgency becomes reachable too
    window.intake.phone_edit.setFocus()
    reached: set[str] = set()
    for _ in range(40):
        widget = focused()
        while widget is not None:  # a QDateTimeEdit focuses its inner line edit
            reached.add(widget.objectName())
            widget = widget.parentWidget()
        press(qtbot, Qt.Key.Key_Tab)
    missing = {w.objectName() for w in window.intake._inputs()} - reached
    assert not missing, f"not reachable with Tab: {missing}"


def test_deadline_is_shown_before_saving(
    qtbot: QtBot, window: MainWindow, clock: FixedClock
) -> None:
    sign_in(qtbot, window, "3001")
    window.intake.tier_combo.setCurrentText("VIP")
    assert window.intake.reply_due_label.text() == format_local(clock.now() + timedelta(hours=8))
    assert window.intake.regulator_due_label.text() == format_local(
        clock.now() + timedelta(days=15)
    )


def test_a_network_complaint_across_provinces_shows_working_days(
    qtbot: QtBot, window: MainWindow, clock: FixedClock
) -> None:
    sign_in(qtbot, window, "3001")
    intake = window.intake
    assert not intake.coordination_combo.isEnabled()  # only for 网络质量
    intake.class_combo.setCurrentText("网络质量")
    intake.sub_combo.setCurrentText("信号覆盖")
    intake.urgency_combo.setCurrentText("特急")
    assert intake.reply_due_label.text() == format_local(clock.now() + timedelta(hours=8))
    assert intake.coordination_combo.isEnabled()
    intake.coordination_combo.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # 跨省
    assert intake.coordination_combo.currentText() == "跨省"
    # Accepted Sunday 10:00: four working days later is Thursday 10:00.
    assert intake.reply_due_label.text() == "2026-11-26 10:00"
    assert "跨省协调：4 个工作日" in intake.deadline_note.text()
    intake.class_combo.setCurrentText("电信资费")
    assert (
        intake.coordination_combo.currentText() == "" and not intake.coordination_combo.isEnabled()
    )


@pytest.mark.parametrize("staff_no", ["2001"])
def test_a_shift_leader_sees_the_whole_hall(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext, staff_no: str
) -> None:
    complaints.record_complaint(
        ctx,
        hall["clerk2"],
        ComplaintDraft(
            phone="13800138000",
            customer_name="陈先生",
            main_class="电信服务",
            sub_class="服务态度",
            description="态度差",
            customer_request="道歉",
        ),
    )
    sign_in(qtbot, window, staff_no)
    window.show_list()
    assert window.list_page.model.rowCount() == 1
    assert "全厅" in window.list_page.scope_label.text()


def test_print_the_receipt_after_saving_and_a_reprint_is_marked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save → Ctrl+P → the preview prints through a real QPrinter; the second print says 补打."""
    from PySide6.QtPrintSupport import QPrinter

    from tests.documents.pdftools import pdf_text, squeeze

    sign_in(qtbot, window, "3001")
    window.intake.ask_read_back = ReadBack()  # type: ignore[method-assign]
    fill_walk_in_complaint(qtbot)
    row = Complaint.get()
    shown: list[str] = []

    def print_from_preview(dialog: PrintPreviewDialog) -> None:
        out = tmp_path / f"print-{len(shown)}.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        dialog.ask_printer = lambda: printer  # type: ignore[method-assign]
        dialog.ask_retry = lambda message: pytest.fail(message)  # type: ignore[method-assign]
        shown.append(squeeze(pdf_text(dialog.pdf)))
        assert dialog.print_document() is True
        assert out.stat().st_size > 0

    monkeypatch.setattr(window, "open_print_preview", print_from_preview)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=30_000)  # made in the background
    assert row.number in shown[0] and "138****8000" in shown[0] and "13800138000" not in shown[0]
    assert "补打" not in shown[0]
    prints = list(DocumentPrint.select().order_by(DocumentPrint.printed_at))
    assert [(p.entity_id, p.reprint, p.actor) for p in prints] == [(row.id, False, "3001")]

    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=30_000)
    assert "补打" in shown[1]
    assert DocumentPrint.select().where(DocumentPrint.reprint == True).count() == 1  # noqa: E712
    events = [e.type for e in Event.select().order_by(Event.seq)]
    assert events.count("document.printed") == 2
