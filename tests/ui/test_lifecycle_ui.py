"""首问责任制 at the counter (issue 5): the complaint detail is where a complaint is handled — verify,
transfer, reply, call back, close — each step through a small keyboard dialog; refusals say what
must happen first; the timeline shows who did what, when, before → after."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import FixedClock, format_local, utc_iso
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.incidents import IncidentDraft
from hall_desk.domain.lifecycle import Step
from hall_desk.services import complaints, incidents, lifecycle
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Complaint
from hall_desk.sync import downlink
from hall_desk.ui.complaint_detail import ComplaintDetailDialog
from hall_desk.ui.incidents import IncidentsDialog, QuickIntakeDialog
from hall_desk.ui.lifecycle_dialogs import StepDialog, TransferDialog
from hall_desk.ui.mainwindow import MainWindow
from tests.sync.downlink_events import OTHER_DESK, complaint, head_office, other_desk
from tests.sync.fixtures import DESK, HALL
from tests.ui.conftest import sign_in
from tests.ui.helpers import focused, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def record(ctx: DeskContext, session: StaffSession, phone: str = "13800138000") -> str:
    return complaints.record_complaint(
        ctx,
        session,
        ComplaintDraft(
            phone=phone,
            customer_name="陈先生",
            main_class="电信资费",
            sub_class="资费争议/乱收费",
            description="本月话费多扣了五十八元，联系电话 13912345678",
            customer_request="退还多收话费",
        ),
    ).id


def activate(qtbot: QtBot, dialog: QDialog) -> None:
    """Show a dialog and make it the active window, as ``exec()`` does for a person (a child
    dialog only shares its parent's activation otherwise, and keys would go to the parent)."""
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def open_detail(qtbot: QtBot, window: MainWindow, complaint_id: str) -> ComplaintDetailDialog:
    assert window.session is not None
    detail = ComplaintDetailDialog(window.session, complaint_id, window)
    with qtbot.waitExposed(detail):
        detail.show()
    return detail


Script = Callable[[StepDialog], None]


class Steps:
    """Stands in for the person at the step dialogs: each click on a step button runs the next
    script against the dialog that opened (typing and pressing keys), then the dialog's answer."""

    def __init__(self, qtbot: QtBot, detail: ComplaintDetailDialog) -> None:
        self.qtbot = qtbot
        self.detail = detail
        self.errors: list[str] = []
        self.titles: list[str] = []
        self._script: Script | None = None
        detail.open_step_dialog = self._run  # type: ignore[method-assign]
        detail.ask_close = lambda: True  # type: ignore[method-assign]

    def _run(self, dialog: StepDialog) -> bool:
        activate(self.qtbot, dialog)
        self.titles.append(dialog.windowTitle())
        assert self._script is not None
        self._script(dialog)
        self.errors.append(dialog.error_message())
        accepted = dialog.result() == QDialog.DialogCode.Accepted
        if not accepted:
            dialog.reject()
        return accepted

    def take(self, step: Step, script: Script | None = None) -> None:
        self._script = script
        button = self.detail.step_buttons[step]
        assert button.isEnabled(), button.toolTip()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def verify_holds_ours(qtbot: QtBot) -> Script:
    def script(dialog: StepDialog) -> None:
        assert focused().objectName() == "verification"
        press(qtbot, Qt.Key.Key_Down)  # 成立
        press(qtbot, Qt.Key.Key_Return)
        press(qtbot, Qt.Key.Key_Down)  # 我方
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "note"
        type_text(qtbot, "查详单：确有重复扣费")
        press(qtbot, Qt.Key.Key_Return, CTRL)

    return script


def reply(qtbot: QtBot, text: str) -> Script:
    def script(dialog: StepDialog) -> None:
        assert focused().objectName() == "content"
        type_text(qtbot, text)
        press(qtbot, Qt.Key.Key_Tab)
        assert focused().objectName() == "method"  # 电话 (default)
        press(qtbot, Qt.Key.Key_Return, CTRL)

    return script


def call_back(qtbot: QtBot, downs: int, reason: str = "") -> Script:
    def script(dialog: StepDialog) -> None:
        assert focused().objectName() == "satisfaction"
        press(qtbot, Qt.Key.Key_Down, times=downs)  # 1 满意, 2 基本满意, 3 不满意
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "reason"
        if reason:
            type_text(qtbot, reason)
        press(qtbot, Qt.Key.Key_Return, CTRL)

    return script


def timeline_text(detail: ComplaintDetailDialog) -> list[str]:
    return [line.text() for line in detail.timeline_view.lines]


# ------------------------------------------------------------------------------------------------


def test_transferred_complaint_stays_on_the_first_responders_list(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
) -> None:
    complaint_id = record(ctx, hall["clerk"])
    number = Complaint.get_by_id(complaint_id).number
    sign_in(qtbot, window, "3001")
    detail = open_detail(qtbot, window, complaint_id)
    steps = Steps(qtbot, detail)
    clock.advance(minutes=5)

    def to_colleague(dialog: StepDialog) -> None:
        assert focused().objectName() == "to_kind"
        press(qtbot, Qt.Key.Key_Down, times=2)  # 部门, 总部, 同事
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "to_name"
        items = [focused().itemText(i) for i in range(focused().count())]  # type: ignore[attr-defined]
        assert "张三（3001）" not in items  # not to the first responder
        focused().setCurrentText("赵四（3002）")  # type: ignore[attr-defined]
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "note"
        type_text(qtbot, "请核查计费系统的重复扣费")
        press(qtbot, Qt.Key.Key_Return, CTRL)

    steps.take(Step.TRANSFER, to_colleague)
    row = Complaint.get_by_id(complaint_id)
    assert (row.state, row.handler_no, row.first_responder_no) == ("已转派", "3002", "3001")
    assert "已转派" in detail.header.text() and "赵四（3002）" in detail.header.text()
    assert "已转派" in detail.message_text()
    # It stays on the first responder's list, and joins the colleague's.
    for who in ("clerk", "clerk2"):
        assert number in [c.number for c in complaints.list_open_complaints(hall[who])]
    detail.close()
    window.show_list()
    window.list_page.refresh()
    model = window.list_page.model
    assert number in [model.index(r, 0).data() for r in range(model.rowCount())]
    # The timeline: who, when, before → after.
    line = detail.timeline_view.lines[-1]
    assert (line.what, line.who) == ("转派", "张三（3001）")
    assert line.at == format_local(clock.now())
    assert "状态：已受理 → 已转派" in line.changes
    assert "当前处理：— → 赵四" in line.changes
    assert any("转派至同事：赵四（3002）" in d for d in line.details)


def test_head_office_reply_arrives_through_the_downlink(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
) -> None:
    complaint_id = record(ctx, hall["clerk"])
    sign_in(qtbot, window, "3001")
    detail = open_detail(qtbot, window, complaint_id)
    steps = Steps(qtbot, detail)

    def to_head_office(dialog: StepDialog) -> None:
        press(qtbot, Qt.Key.Key_Down)  # 总部
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "note"  # nothing to type for 总部
        type_text(qtbot, "超出本厅权限，请总部核定补偿")
        press(qtbot, Qt.Key.Key_Return, CTRL)

    steps.take(Step.TRANSFER, to_head_office)
    assert Complaint.get_by_id(complaint_id).state == "已转派"
    assert "总部" in detail.handler_text(Complaint.get_by_id(complaint_id))

    clock.advance(hours=2)
    row = Complaint.get_by_id(complaint_id)
    replied = head_office().next(
        "complaint.replied",
        {
            "id": row.id,
            "number": row.number,
            "reply": "经核实已退还多扣话费58元，请致电13912345678",
            "replied_at": utc_iso(clock.now()),
            "operator": "ops",
        },
        actor="op:ops",
    )
    result = downlink.apply_page([replied], hall=HALL, desk=DESK, after=0, cursor=1, at=clock.now())
    assert result.applied == 1
    qtbot.mouseClick(detail.refresh_button, Qt.MouseButton.LeftButton)
    assert "已答复" in detail.header.text()
    last = detail.timeline_view.lines[-1]
    assert (last.what, last.who) == ("总部答复", "总部 ops")
    assert any("经核实已退还多扣话费58元" in d for d in last.details)
    assert all("13912345678" not in t for t in timeline_text(detail))  # masked
    assert any("139****5678" in d for d in last.details)
    records = detail.records.toPlainText()
    assert "总部 ops：经核实已退还多扣话费58元" in records
    # Answered: callback and closing are possible now, transfer is not.
    assert detail.step_buttons[Step.CALL_BACK].isEnabled()
    assert detail.step_buttons[Step.CLOSE].isEnabled()
    assert not detail.step_buttons[Step.TRANSFER].isEnabled()
    assert "已答复客户" in detail.step_buttons[Step.TRANSFER].toolTip()


def test_verify_reply_call_back_dissatisfied_reply_again_close(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
) -> None:
    complaint_id = record(ctx, hall["clerk"])
    sign_in(qtbot, window, "3001")
    detail = open_detail(qtbot, window, complaint_id)
    steps = Steps(qtbot, detail)
    buttons = detail.step_buttons

    # 已受理: no reply before 核实, no closing without a reply — disabled, and the tooltip says why.
    assert not buttons[Step.REPLY].isEnabled()
    assert buttons[Step.REPLY].toolTip() == "请先完成核实（判断是否成立及责任方），再答复客户"
    assert not buttons[Step.CLOSE].isEnabled()
    assert buttons[Step.CLOSE].toolTip() == "请先记录对客户的答复，再回访或归档"
    assert not buttons[Step.TAKE_BACK].isEnabled()
    assert buttons[Step.TAKE_BACK].toolTip() == "该投诉未转派，无需收回"

    clock.advance(minutes=2)
    steps.take(Step.START_VERIFICATION)
    assert Complaint.get_by_id(complaint_id).state == "核实中"
    assert not buttons[Step.START_VERIFICATION].isEnabled()

    clock.advance(minutes=10)
    steps.take(Step.VERIFY, verify_holds_ours(qtbot))
    row = Complaint.get_by_id(complaint_id)
    assert (row.state, row.verification, row.responsibility) == ("处理中", "成立", "我方")
    assert not buttons[Step.CLOSE].isEnabled()  # still no reply

    clock.advance(minutes=10)
    steps.take(Step.REPLY, reply(qtbot, "已为您退还多扣的58元话费，次月账单可见。"))
    row = Complaint.get_by_id(complaint_id)
    assert row.state == "已答复" and row.replied_at == clock.now()

    # 回访 不满意 without the reason: refused, the choice kept; then with the reason.
    clock.advance(hours=3)

    def dissatisfied_without_then_with_reason(dialog: StepDialog) -> None:
        call_back(qtbot, 3)(dialog)
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.error_message() == "不满意原因：必须填写"
        assert focused().objectName() == "reason"
        assert dialog.satisfaction.currentText() == "不满意"  # type: ignore[attr-defined]
        type_text(qtbot, "退费金额不对，应退六十元")
        press(qtbot, Qt.Key.Key_Return, CTRL)

    steps.take(Step.CALL_BACK, dissatisfied_without_then_with_reason)
    assert steps.errors[-1] == ""
    row = Complaint.get_by_id(complaint_id)
    assert (row.state, row.dissatisfied, row.satisfaction) == ("处理中", True, "不满意")
    assert "不满意" in detail.header.text()
    assert not buttons[Step.CLOSE].isEnabled()  # reopened: a new reply first

    clock.advance(minutes=30)
    steps.take(Step.REPLY, reply(qtbot, "复核后补退2元，共退60元。"))
    clock.advance(hours=1)
    steps.take(Step.CALL_BACK, call_back(qtbot, 1))
    assert Complaint.get_by_id(complaint_id).state == "已回访"
    assert not buttons[Step.CALL_BACK].isEnabled()
    assert buttons[Step.CALL_BACK].toolTip() == "已回访，不能重复回访"

    clock.advance(minutes=5)
    steps.take(Step.CLOSE)
    row = Complaint.get_by_id(complaint_id)
    assert row.state == "已归档" and row.closed_at == clock.now()
    assert "已归档" in detail.message_text()
    assert not any(b.isEnabled() for b in buttons.values())
    assert buttons[Step.NOTE_PROGRESS].toolTip() == "该投诉已归档，不能再修改"

    # The timeline lists every step with who, when and before → after.
    lines = detail.timeline_view.lines
    assert [x.what for x in lines] == [
        "受理",
        "开始核实",
        "核实",
        "答复客户",
        "回访",
        "答复客户",
        "回访",
        "归档",
    ]
    assert {x.who for x in lines} == {"张三（3001）"}
    assert lines[2].changes[:1] == ["状态：核实中 → 处理中"]
    assert "是否成立：— → 成立" in lines[2].changes
    assert "责任方：— → 我方" in lines[2].changes
    assert "投诉成立，责任方：我方" in lines[2].details
    assert "不满意标记：否 → 是" in lines[4].changes
    assert "状态：已答复 → 处理中" in lines[4].changes
    assert any("不满意，原因：退费金额不对" in d for d in lines[4].details)
    assert lines[-1].at == format_local(clock.now())
    assert "状态：已回访 → 已归档" in lines[-1].changes
    text = detail.timeline_view.toPlainText()
    assert "13800138000" not in text and "13912345678" not in text
    records = detail.records.toPlainText()
    assert "电话，张三（3001）：已为您退还多扣的58元话费" in records
    assert "不满意：退费金额不对，应退六十元" in records


def test_a_refused_step_shows_the_message_and_the_detail_catches_up(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    complaint_id = record(ctx, hall["clerk"])
    clerk = hall["clerk"]
    lifecycle.verify(ctx, clerk, complaint_id, verification="成立", responsibility="客户")
    lifecycle.reply_to_customer(ctx, clerk, complaint_id, content="已解释", method="电话")
    sign_in(qtbot, window, "3001")
    detail = open_detail(qtbot, window, complaint_id)
    steps = Steps(qtbot, detail)
    assert detail.step_buttons[Step.CLOSE].isEnabled()
    lifecycle.close(ctx, hall["leader"], complaint_id)  # the shift leader closed it meanwhile
    steps.take(Step.CLOSE)
    assert detail.message_text() == "该投诉已归档，不能再修改"
    assert "已归档" in detail.header.text()
    assert not detail.step_buttons[Step.CLOSE].isEnabled()


def test_a_bad_promised_time_is_named_and_nothing_typed_is_lost(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
) -> None:
    complaint_id = record(ctx, hall["clerk"])
    due = Complaint.get_by_id(complaint_id).reply_due
    sign_in(qtbot, window, "3001")
    detail = open_detail(qtbot, window, complaint_id)
    steps = Steps(qtbot, detail)

    def promise_in_the_past_then_tomorrow(dialog: StepDialog) -> None:
        assert format_local(due) in dialog.intro.text()  # the deadline does not move
        type_text(qtbot, "正在联系计费中心核查")
        press(qtbot, Qt.Key.Key_Tab)
        assert focused().objectName() == "promised_at"
        edit = dialog.promised  # type: ignore[attr-defined]
        edit.setDateTime(edit.dateTime().addDays(-2))
        press(qtbot, Qt.Key.Key_Return, CTRL)
        assert dialog.error_message() == "承诺时间：承诺时间须晚于现在"
        assert dialog.told.toPlainText() == "正在联系计费中心核查"  # type: ignore[attr-defined]
        edit.setDateTime(edit.dateTime().addDays(3))
        press(qtbot, Qt.Key.Key_Return, CTRL)

    steps.take(Step.NOTE_PROGRESS, promise_in_the_past_then_tomorrow)
    row = Complaint.get_by_id(complaint_id)
    assert row.promised_at is not None and row.promised_at > clock.now()
    assert row.reply_due == due and row.state == "已受理"
    assert format_local(row.promised_at) in detail.header.text()
    assert detail.timeline_view.lines[-1].what == "进展说明"


def test_transfer_to_a_department_needs_its_name(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    complaint_id = record(ctx, hall["clerk"])
    sign_in(qtbot, window, "3001")
    detail = open_detail(qtbot, window, complaint_id)
    steps = Steps(qtbot, detail)

    def forget_the_department(dialog: StepDialog) -> None:
        press(qtbot, Qt.Key.Key_Return)  # 部门
        press(qtbot, Qt.Key.Key_Return)  # name left empty
        type_text(qtbot, "请核查")
        press(qtbot, Qt.Key.Key_Return, CTRL)
        assert dialog.error_message() == "转派对象：必须填写"
        assert focused().objectName() == "to_name"
        type_text(qtbot, "计费中心")
        press(qtbot, Qt.Key.Key_Return, CTRL)

    steps.take(Step.TRANSFER, forget_the_department)
    row = Complaint.get_by_id(complaint_id)
    assert (row.handler_kind, row.handler_name) == ("department", "计费中心")
    # Take the department's result back: 已转派 → 处理中.
    steps.take(
        Step.TAKE_BACK,
        lambda d: (type_text(qtbot, "系统重复扣费，已冲正"), press(qtbot, Qt.Key.Key_Return, CTRL)),
    )
    assert Complaint.get_by_id(complaint_id).state == "处理中"
    assert detail.timeline_view.lines[-1].what == "收回"


def test_a_complaint_of_another_counter_is_handled_there(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    created = other_desk().next("complaint.created", complaint(OTHER_DESK, 1))
    downlink.apply_page([created], hall=HALL, desk=DESK, after=0, cursor=1, at=ctx.clock.now())
    sign_in(qtbot, window, "2001")  # a shift leader sees the whole hall
    detail = open_detail(qtbot, window, created["payload"]["id"])
    for button in detail.step_buttons.values():
        assert not button.isEnabled()
        assert button.toolTip() == f"该投诉由 {OTHER_DESK} 受理，请在该柜台处理"
    assert [x.what for x in detail.timeline_view.lines] == ["受理"]


def test_upgrade_after_intake(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    complaint_id = record(ctx, hall["clerk"])
    sign_in(qtbot, window, "3001")
    detail = open_detail(qtbot, window, complaint_id)
    steps = Steps(qtbot, detail)

    def to_the_regulator_without_reference(dialog: StepDialog) -> None:
        assert focused().objectName() == "escalation_source"
        press(qtbot, Qt.Key.Key_Down, times=2)  # 10086管理层, 通信管理局
        press(qtbot, Qt.Key.Key_Return, CTRL)
        assert dialog.error_message() == "申诉编号：必须填写"
        type_text(qtbot, "GX2026-1122")
        press(qtbot, Qt.Key.Key_Return, CTRL)

    steps.take(Step.UPGRADE, to_the_regulator_without_reference)
    row = Complaint.get_by_id(complaint_id)
    assert (row.escalated, row.important, row.escalation_source) == (True, True, "通信管理局")
    assert "升级投诉" in detail.header.text() and "重要投诉" in detail.header.text()
    assert detail.timeline_view.lines[-1].what == "升级"


def test_screenshots(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    """The detail and a step dialog render at 1366×768; set HALL_DESK_SHOTS=/some/dir to keep the
    pictures and look at them."""
    out = Path(os.environ.get("HALL_DESK_SHOTS") or tmp_path)
    complaint_id = record(ctx, hall["clerk"])
    clerk = hall["clerk"]
    clock.advance(minutes=3)
    lifecycle.start_verification(ctx, clerk, complaint_id)
    clock.advance(minutes=7)
    lifecycle.verify(
        ctx,
        clerk,
        complaint_id,
        verification="成立",
        responsibility="我方",
        note="查详单：确有重复扣费",
    )
    clock.advance(minutes=5)
    lifecycle.transfer(
        ctx, clerk, complaint_id, to_kind="department", to="计费中心", note="请核查重复扣费并冲正"
    )
    clock.advance(hours=1)
    lifecycle.take_back(ctx, clerk, complaint_id, note="已冲正58元")
    clock.advance(minutes=5)
    lifecycle.reply_to_customer(
        ctx, clerk, complaint_id, content="已为您退还多扣的58元话费。", method="电话"
    )
    sign_in(qtbot, window, "3001")
    detail = open_detail(qtbot, window, complaint_id)
    detail.tabs.setCurrentIndex(2)
    qtbot.wait(50)
    detail.grab().save(str(out / "detail_timeline.png"))
    detail.tabs.setCurrentIndex(0)
    detail.grab().save(str(out / "detail_summary.png"))
    detail.tabs.setCurrentIndex(1)
    detail.grab().save(str(out / "detail_records.png"))
    seen: dict[str, Any] = {}

    def grab(dialog: StepDialog) -> None:
        press(qtbot, Qt.Key.Key_Down, times=3)
        press(qtbot, Qt.Key.Key_Return, CTRL)
        qtbot.wait(50)
        seen["shot"] = dialog.grab().save(str(out / "step_callback.png"))

    Steps(qtbot, detail).take(Step.CALL_BACK, grab)
    transfer = TransferDialog(ctx, clerk, Complaint.get_by_id(complaint_id), detail)
    activate(qtbot, transfer)
    transfer.grab().save(str(out / "step_transfer.png"))
    transfer.reject()
    detail.close()
    view = incidents.open_incident(
        ctx,
        hall["leader"],
        IncidentDraft(
            cause="人民路基站光缆被挖断，周边小区无信号",
            area="城东区人民路一带",
            sub_class="网络故障",
            network_urgency="特急",
            started_at=ctx.clock.now(),
        ),
    )
    window.intake.refresh_incidents()
    qtbot.wait(50)
    window.grab().save(str(out / "window_incident.png"))
    quick = QuickIntakeDialog(ctx, hall["clerk"], incidents.get_incident(view.id), window)
    activate(qtbot, quick)
    type_text(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "陈先生")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    quick.grab().save(str(out / "quick_intake.png"))
    manage = IncidentsDialog(ctx, hall["clerk"], window)
    activate(qtbot, manage)
    manage.grab().save(str(out / "incidents.png"))
    assert seen["shot"]
    shots = sorted(out.glob("*.png"))
    assert len(shots) >= 6 and all(shot.stat().st_size > 10_000 for shot in shots)
