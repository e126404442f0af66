"""Issue 20 at the counter: the reply dialog asks for a 补录 reason only when the reply is recorded
after its deadline with an earlier stated time, for a reason and a note only for a phone call
stated in the quiet hours, and shows the moved planned callback time (08:00) before saving."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import SHANGHAI, FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.policy_document import parse_policy_document
from hall_desk.services import complaints, lifecycle
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Complaint, CustomerReplyRecord
from hall_desk.ui.complaint_detail import ComplaintDetailDialog
from hall_desk.ui.lifecycle_dialogs import CallbackDialog, ProgressDialog, ReplyDialog
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.vocabulary import TermCombo
from tests.ui.conftest import sign_in

SHOTS = Path(os.environ.get("HALL_DESK_SHOTS", "")) if os.environ.get("HALL_DESK_SHOTS") else None


def handled(ctx: DeskContext, clerk: StaffSession) -> Complaint:
    complaint_id = complaints.record_complaint(
        ctx,
        clerk,
        ComplaintDraft(phone="13800138000", customer_name="陈先生", tier="VIP",
                       main_class="电信资费", sub_class="资费争议/乱收费",
                       description="话费多扣", customer_request="退费"),
    ).id  # fmt: skip
    lifecycle.verify(ctx, clerk, complaint_id, verification="成立", responsibility="我方")
    return Complaint.get_by_id(complaint_id)


def shot(widget: QWidget, name: str) -> None:
    if SHOTS is not None:
        widget.grab().save(str(SHOTS / f"{name}.png"))


def test_the_reply_dialog_shows_each_rule_when_it_applies(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clerk = hall["clerk"]
    row = handled(ctx, clerk)  # VIP accepted Sunday 10:00: due 18:00
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI))  # recorded the next morning
    dialog = ReplyDialog(ctx, clerk, row)
    qtbot.addWidget(dialog)
    dialog.resize(560, 640)
    dialog.show()
    assert not dialog.late_reason.isVisible()  # stated now: late, but not 补录
    assert not dialog.quiet_reason.isVisible()
    dialog.replied_at.setDateTime(datetime(2026, 11, 22, 23, 30))  # local: a call at 23:30
    method = dialog.method
    assert isinstance(method, TermCombo)
    method.setCurrentText("电话")
    assert dialog.quiet_reason.isVisible() and dialog.quiet_note.isVisible()
    assert not dialog.late_reason.isVisible()  # stated after the deadline: simply late
    dialog.replied_at.setDateTime(datetime(2026, 11, 22, 17, 0))
    assert dialog.late_reason.isVisible() and not dialog.quiet_reason.isVisible()
    dialog.plan_callback.setChecked(True)
    dialog.planned.setDateTime(datetime(2026, 11, 23, 23, 30))
    assert dialog.planned_moved.isVisible()
    assert "2026-11-24 08:00" in dialog.planned_moved.text()
    shot(dialog, "reply_late_entry")
    dialog.content.setPlainText("已退还多扣话费")
    dialog.submit()
    assert dialog.result_value is None and dialog.error_label.isVisible()
    dialog.late_reason.setPlainText("当晚系统故障")
    dialog.submit()
    assert dialog.result_value is not None, dialog.error_label.text()
    record = CustomerReplyRecord.get(CustomerReplyRecord.complaint_id == row.id)
    assert record.late_entry
    assert record.planned_callback_at == datetime(2026, 11, 24, 8, 0, tzinfo=SHANGHAI)


def test_the_callback_dialog_asks_for_a_reason_at_night(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clerk = hall["clerk"]
    row = handled(ctx, clerk)
    clock.set(datetime(2026, 11, 22, 15, 0, tzinfo=SHANGHAI))
    lifecycle.reply_to_customer(ctx, clerk, row.id, content="已退费", method="短信")
    clock.set(datetime(2026, 11, 22, 23, 45, tzinfo=SHANGHAI))
    dialog = CallbackDialog(ctx, clerk, Complaint.get_by_id(row.id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.called_at.setDateTime(datetime(2026, 11, 22, 23, 30))
    assert dialog.quiet_reason.isVisible() and not dialog.late_reason.isVisible()
    dialog.method.setCurrentText("短信")
    assert not dialog.quiet_reason.isVisible()
    shot(dialog, "callback_quiet_hours")


def test_the_progress_dialog_shows_the_moved_promise(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    row = handled(ctx, hall["clerk"])
    dialog = ProgressDialog(ctx, hall["clerk"], row)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.promised.setDateTime(datetime(2026, 11, 23, 23, 30))
    assert dialog.moved.isVisible() and "2026-11-24 08:00" in dialog.moved.text()
    dialog.promised.setDateTime(datetime(2026, 11, 23, 14, 0))
    assert not dialog.moved.isVisible()


def test_the_detail_shows_the_media_instruction_and_the_late_entry_mark(
    qtbot: QtBot, hall: dict[str, StaffSession], clock: FixedClock
) -> None:
    document = parse_policy_document({"version": 2, "general_office_phone": "0571-87654321"})
    ctx = DeskContext(clock=clock, policy=document.policy)
    clerk, manager = hall["clerk"], hall["manager"]
    media_id = complaints.record_complaint(
        ctx,
        clerk,
        ComplaintDraft(phone="13800138001", customer_name="记者刘某", main_class="电信服务",
                       sub_class="服务态度", description="态度恶劣", customer_request="道歉",
                       media=True),
    ).id  # fmt: skip
    detail = ComplaintDetailDialog(clerk, media_id, ctx=ctx)
    qtbot.addWidget(detail)
    detail.resize(1024, 700)
    detail.show()
    assert detail.media_notice.isVisible()
    assert "0571-87654321" in detail.media_notice.text()
    assert "不得接受采访" in detail.media_notice.text()
    assert "总部" in detail.header.text()  # transferred to head office
    shot(detail, "detail_media")
    detail.media_report_button.click()
    assert not detail.media_report_button.isVisible()
    assert "张三（3001）" in detail.media_notice.text()

    row = handled(ctx, clerk)
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI))
    lifecycle.reply_to_customer(
        ctx, clerk, row.id, content="已退费", method="短信",
        replied_at=datetime(2026, 11, 22, 17, 0, tzinfo=SHANGHAI), late_reason="次日补录",
    )  # fmt: skip
    late = ComplaintDetailDialog(manager, row.id, ctx=ctx)
    qtbot.addWidget(late)
    late.show()
    assert "补录" in late.header.text()
    assert "补录，录入于 2026-11-23 09:00" in late.records.toPlainText()
    assert late.confirm_late_button.isVisible()
    as_clerk = ComplaintDetailDialog(clerk, row.id, ctx=ctx)
    qtbot.addWidget(as_clerk)
    as_clerk.show()
    assert not as_clerk.confirm_late_button.isVisible()


def test_an_undelivered_media_complaint_is_announced_in_the_status_bar_and_my_follow_ups(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext,
    clock: FixedClock,
) -> None:  # fmt: skip
    sign_in(qtbot, window, "3001")
    recorded = complaints.record_complaint(
        ctx,
        hall["clerk"],
        ComplaintDraft(phone="13800138001", customer_name="记者刘某", main_class="电信服务",
                       sub_class="服务态度", description="态度恶劣", customer_request="道歉",
                       media=True),
    )  # fmt: skip
    window.monitor.check()
    assert not window.media_warning_label.isVisible()
    narrowest = window.minimumSizeHint().width()
    clock.set(clock.now() + timedelta(minutes=5))
    window.monitor.check()
    assert window.media_warning_label.isVisible()
    assert "媒体投诉未送达总部，请电话报告" in window.media_warning_label.text()
    text = window.followup_page.media_label.text()
    assert "媒体投诉未送达总部，请电话报告" in text and recorded.number in text
    assert window.media_warning_label.toolTip() == text
    assert window.minimumSizeHint().width() <= narrowest  # the warning does not widen the window
    shot(window, "main_media_warning")


def test_a_corrected_deadline_is_shown_with_the_estimate_beside_it(qtbot: QtBot) -> None:
    """Item 6: a 估 deadline replaced by complaint.deadline_corrected is shown 已更正 with the
    estimate beside it in the detail, and 已更正 in the lists; one still estimated shows 估."""
    from hall_desk.domain.clock import format_local
    from hall_desk.services.complaints import complaint_summary
    from hall_desk.ui import complaint_detail, tablemodels

    estimate = datetime(2027, 1, 6, 10, 0, tzinfo=SHANGHAI)
    corrected = datetime(2027, 1, 5, 10, 0, tzinfo=SHANGHAI)
    row = Complaint(reply_due=corrected, reply_due_estimate=estimate, reply_due_estimated=False)
    assert complaint_detail.deadline_text(row) == (
        f"{format_local(corrected)}（已更正，原估 {format_local(estimate)}）"
    )
    assert tablemodels.deadline_text(complaint_summary(row)) == (
        f"{format_local(corrected)}（已更正）"
    )
    still = Complaint(reply_due=estimate, reply_due_estimate=None, reply_due_estimated=True)
    assert complaint_detail.deadline_text(still) == f"{format_local(estimate)}（估）"
    assert tablemodels.deadline_text(complaint_summary(still)) == f"{format_local(estimate)}（估）"
