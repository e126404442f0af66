"""投诉退费 at the counter (issue 6): the clerk proposes from the complaint (先确认，后退费), the
approver types their staff number and password in the approval dialog, the customer signs on the
pad, the slip prints through the preview; above the hall's limit the refund waits for head office
and turns 总部已批准 when head office's decision comes down; a store manager delegates."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services import complaints, refunds
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.refunds import RefundDraft
from hall_desk.storage.models import DocumentPrint, Staff
from hall_desk.sync import downlink
from hall_desk.ui.complaint_detail import ComplaintDetailDialog
from hall_desk.ui.lifecycle_dialogs import StepDialog
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.print_preview import PrintPreviewDialog
from hall_desk.ui.refunds import (
    ApproveRefundDialog,
    DelegationDialog,
    PendingRefundsDialog,
    ProposeRefundDialog,
    SignRefundDialog,
)
from tests.conftest import PASSWORDS
from tests.sync.downlink_events import head_office
from tests.sync.fixtures import DESK, HALL
from tests.ui.conftest import sign_in
from tests.ui.helpers import focused, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
SHOTS = Path(os.environ.get("HALL_DESK_SHOTS", "/tmp"))


def record(ctx: DeskContext, session: StaffSession, phone: str = "13812345678") -> str:
    return complaints.record_complaint(
        ctx,
        session,
        ComplaintDraft(
            phone=phone,
            customer_name="陈先生",
            main_class="电信资费",
            sub_class="资费争议/乱收费",
            description="彩铃功能费误收",
            customer_request="退还误收的费用",
        ),
    ).id


def propose(ctx: DeskContext, session: StaffSession, complaint_id: str, amount: str) -> str:
    return refunds.propose_refund(
        ctx,
        session,
        complaint_id,
        RefundDraft(
            item="2026年11月 彩铃功能费",
            checked="查详单：客户未订购，系统误开通",
            amount=amount,
            account_type="预付费",
            method="话费账户返还",
            reason="误收费",
        ),
    ).id


def activate(qtbot: QtBot, dialog: QDialog) -> None:
    """Show a dialog and make it the active window, as ``exec()`` does for a person."""
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


Script = Callable[[StepDialog], None]


class Person:
    """Stands in for the person at the refund dialogs: each dialog that opens runs the next
    script (typing, pressing keys, clicking), then answers as ``exec()`` would."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.scripts: list[Script] = []
        self.errors: list[str] = []

    def __call__(self, dialog: QDialog) -> bool:
        assert isinstance(dialog, StepDialog)
        activate(self.qtbot, dialog)
        self.scripts.pop(0)(dialog)
        self.errors.append(dialog.error_message())
        accepted = dialog.result() == QDialog.DialogCode.Accepted
        if not accepted:
            dialog.reject()
        return accepted


def open_detail(
    qtbot: QtBot, window: MainWindow, complaint_id: str, person: Person
) -> ComplaintDetailDialog:
    detail = window.make_detail(complaint_id)
    qtbot.addWidget(detail)
    detail.open_step_dialog = person  # type: ignore[method-assign]
    with qtbot.waitExposed(detail):
        detail.show()
    return detail


def click(qtbot: QtBot, button: object) -> None:
    assert button.isEnabled(), button.toolTip()  # type: ignore[attr-defined]
    qtbot.mouseClick(button, LEFT)  # type: ignore[arg-type]


def shoot(widget: QDialog, name: str) -> None:
    QApplication.processEvents()
    assert widget.grab().save(str(SHOTS / name))


def drag(qtbot: QtBot, pad: object, points: list[tuple[int, int]]) -> None:
    first, *rest = [QPoint(x, y) for x, y in points]
    qtbot.mousePress(pad, LEFT, pos=first)  # type: ignore[arg-type]
    for point in rest[:-1]:
        qtbot.mouseMove(pad, point)  # type: ignore[arg-type]
    qtbot.mouseRelease(pad, LEFT, pos=rest[-1])  # type: ignore[arg-type]


class Printer:
    """Replaces the window's preview: prints through a real QPrinter to a PDF file and keeps the
    text of the document shown."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.texts: list[str] = []
        self.titles: list[str] = []
        self.files: list[Path] = []

    def __call__(self, dialog: PrintPreviewDialog) -> None:
        from PySide6.QtPrintSupport import QPrinter

        from tests.documents.pdftools import pdf_text, squeeze

        out = self.tmp_path / f"slip-{len(self.texts)}.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        dialog.ask_printer = lambda: printer  # type: ignore[method-assign]
        dialog.ask_retry = lambda message: pytest.fail(message)  # type: ignore[method-assign]
        self.titles.append(dialog.windowTitle())
        self.texts.append(squeeze(pdf_text(dialog.pdf)))
        assert dialog.print_document() is True
        assert out.stat().st_size > 0
        self.files.append(out)


# -- the scripts --------------------------------------------------------------------------------


def propose_150(qtbot: QtBot) -> Script:
    """Types the proposal, first without what was checked (refused, nothing lost), then with."""

    def script(dialog: StepDialog) -> None:
        assert isinstance(dialog, ProposeRefundDialog)
        assert "先确认，后退费" in dialog.intro.text()
        assert [dialog.method.itemText(i) for i in range(dialog.method.count())] == [
            "话费账户返还",
            "充值卡返还",
        ]  # never cash
        assert focused().objectName() == "item"
        type_text(qtbot, "2026年11月 彩铃功能费")
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "checked"
        press(qtbot, Qt.Key.Key_Tab)  # skipped: what was checked
        assert focused().objectName() == "amount"
        type_text(qtbot, "150")
        assert dialog.capitals.text() == "人民币壹佰伍拾元整"
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "account_type"
        press(qtbot, Qt.Key.Key_Down)  # 预付费
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "method"  # 话费账户返还: no reason asked
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "reason"
        type_text(qtbot, "系统误开通，客户未使用")
        press(qtbot, Qt.Key.Key_Return, CTRL)

        message = dialog.error_message()
        assert "核实情况" in message and "先确认，后退费" in message
        assert focused().objectName() == "checked"
        assert dialog.item.text() == "2026年11月 彩铃功能费" and dialog.amount.text() == "150"
        assert dialog.account_type.currentText() == "预付费"
        shoot(dialog, "refund_propose.png")
        type_text(qtbot, "查详单：客户未订购彩铃，系统于11月1日误开通")
        press(qtbot, Qt.Key.Key_Return, CTRL)

    return script


def approve_as(qtbot: QtBot, staff_no: str, *, wrong_first: bool = False, shot: str = "") -> Script:
    def script(dialog: StepDialog) -> None:
        assert isinstance(dialog, ApproveRefundDialog)
        assert focused().objectName() == "approver_no"
        type_text(qtbot, staff_no)
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "password"
        if wrong_first:
            type_text(qtbot, "not-the-password")
            press(qtbot, Qt.Key.Key_Return, CTRL)
            message = dialog.error_message()
            assert "工号或密码不正确" in message and "还可尝试 4 次" in message, message
            assert dialog.password.text() == "" and focused() is dialog.password
            assert dialog.approver_no.text() == staff_no
        type_text(qtbot, PASSWORDS[staff_no])
        if shot:
            shoot(dialog, shot)
        press(qtbot, Qt.Key.Key_Return, CTRL)

    return script


def sign(qtbot: QtBot) -> Script:
    def script(dialog: StepDialog) -> None:
        assert isinstance(dialog, SignRefundDialog)
        assert focused() is dialog.pad
        press(qtbot, Qt.Key.Key_Return, CTRL)  # nothing signed yet
        assert "请客户先在签名板上签名" in dialog.error_message()
        # the pad stays under the pen when the error line goes at pen-down (issue 19)
        where = dialog.pad.mapTo(dialog, QPoint(0, 0))
        qtbot.mousePress(dialog.pad, LEFT, pos=QPoint(60, 140))
        assert dialog.error_message() == ""
        QApplication.processEvents()  # the layout follows
        assert dialog.pad.mapTo(dialog, QPoint(0, 0)) == where
        qtbot.mouseMove(dialog.pad, QPoint(100, 80))
        qtbot.mouseRelease(dialog.pad, LEFT, pos=QPoint(100, 80))
        drag(
            qtbot, dialog.pad, [(60, 140), (100, 80), (140, 150), (190, 70), (250, 130), (320, 90)]
        )
        drag(qtbot, dialog.pad, [(340, 120), (380, 60), (420, 140)])
        qtbot.mouseClick(dialog.clear_button, LEFT)
        assert dialog.pad.is_empty()
        drag(
            qtbot, dialog.pad, [(60, 140), (100, 80), (140, 150), (190, 70), (250, 130), (320, 90)]
        )
        assert not dialog.pad.is_empty() and dialog.error_message() == ""
        shoot(dialog, "refund_sign.png")
        qtbot.mouseClick(dialog.save_button, LEFT)

    return script


# -- the tests ----------------------------------------------------------------------------------


def test_clerk_proposes_150_manager_approves_customer_signs_and_the_slip_prints(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sign_in(qtbot, window, "3001")
    complaint_id = record(ctx, hall["clerk"])
    person = Person(qtbot)
    detail = open_detail(qtbot, window, complaint_id, person)
    panel = detail.refund_panel
    assert panel.table.rowCount() == 0 and not panel.actions.buttons["approve"].isEnabled()

    person.scripts.append(propose_150(qtbot))
    click(qtbot, detail.propose_refund_button)
    assert person.errors == [""]
    assert detail.tabs.currentWidget() is panel
    (view,) = refunds.refunds_of(hall["clerk"], complaint_id)
    assert (view.state, view.amount, view.proposed_by_name) == ("待审批", 150, "张三")
    assert view.checked.startswith("查详单") and view.method == "话费账户返还"
    assert "待审批" in detail.message_text()
    assert panel.table.item(0, 2).text() == "待审批"
    assert not panel.actions.buttons["sign"].isEnabled()  # not before approval
    assert not panel.actions.buttons["print"].isEnabled()

    # The store manager approves at the clerk's counter, typing staff number and password.
    person.scripts.append(approve_as(qtbot, "1001", wrong_first=True, shot="refund_approve.png"))
    click(qtbot, panel.actions.buttons["approve"])
    view = refunds.get_refund(hall["clerk"], view.id)
    assert (view.state, view.decided_by_name, view.decided_by_no) == ("已批准", "王店长", "1001")
    assert "已批准" in detail.message_text() and panel.table.item(0, 2).text() == "已批准"
    assert Staff.get(Staff.staff_no == "1001").failed_attempts == 0  # reset by the right one

    # The customer signs.
    person.scripts.append(sign(qtbot))
    click(qtbot, panel.actions.buttons["sign"])
    view = refunds.get_refund(hall["clerk"], view.id)
    assert view.signed and view.signature_png and view.signature_png.startswith(b"\x89PNG")
    assert panel.table.item(0, 6).text() == "已签"

    # The slip prints through the preview; the second print is 补打.
    printer = Printer(tmp_path)
    monkeypatch.setattr(window, "open_print_preview", printer)
    click(qtbot, panel.actions.buttons["print"])
    qtbot.waitUntil(lambda: bool(printer.titles), timeout=30_000)  # made in the background
    assert printer.titles == ["退费单"]
    text = printer.texts[0]
    assert "壹佰伍拾元整" in text and "张三" in text and "王店长" in text
    assert view.number in text and "138****5678" in text and "13812345678" not in text
    assert "补打" not in text
    click(qtbot, panel.actions.buttons["print"])
    qtbot.waitUntil(lambda: len(printer.texts) == 2, timeout=30_000)
    assert "补打" in printer.texts[1]
    prints = DocumentPrint.select().where(DocumentPrint.entity_id == view.id)
    assert sorted((p.kind, p.reprint) for p in prints) == [
        ("refund.slip", False),
        ("refund.slip", True),
    ]
    detail.close()


def test_350_goes_to_head_office_and_turns_approved_when_head_office_decides(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    complaint_id = record(ctx, hall["clerk"])
    refund_id = propose(ctx, hall["clerk"], complaint_id, "350")
    sign_in(qtbot, window, "1001")

    # The store manager's 待审批退费 list.
    pending = window.make_pending_refunds()
    qtbot.addWidget(pending)
    person = Person(qtbot)
    pending.open_step_dialog = person  # type: ignore[method-assign]
    with qtbot.waitExposed(pending):
        pending.show()
    assert pending.table.rowCount() == 1 and pending.table.item(0, 4).text() == "待审批"

    def approve(dialog: StepDialog) -> None:
        assert isinstance(dialog, ApproveRefundDialog)
        who = dialog.who.text()
        assert "超出营业厅审批权限" in who and "总部" in who
        assert "报总部" in dialog.save_button.text()
        approve_as(qtbot, "1001")(dialog)

    person.scripts.append(approve)
    click(qtbot, pending.actions.buttons["approve"])
    assert "待总部审批" in pending.message.text()
    shoot(pending, "refund_pending.png")
    assert pending.table.rowCount() == 1 and pending.table.item(0, 4).text() == "待总部审批"
    assert refunds.get_refund(hall["manager"], refund_id).state == "待总部审批"

    # A provisional slip can be printed meanwhile.
    printer = Printer(tmp_path)
    monkeypatch.setattr(window, "open_print_preview", printer)
    click(qtbot, pending.actions.buttons["print"])
    qtbot.waitUntil(lambda: bool(printer.texts), timeout=30_000)
    assert "非正式凭证" in printer.texts[0] and "叁佰伍拾元整" in printer.texts[0]
    pending.close()

    detail = open_detail(qtbot, window, complaint_id, Person(qtbot))
    panel = detail.refund_panel
    assert panel.table.item(0, 2).text() == "待总部审批"
    assert "待总部审批" in panel.detail.text()

    # Head office decides; the decision comes down the downlink; 刷新 shows it.
    decided = head_office().next(
        "refund.decided",
        {
            "id": refund_id,
            "approved": True,
            "reason": "核实无误，同意退费",
            "decided_at": "2026-11-22T03:00:00.000000Z",
            "operator": "ops-zhou",
        },
        actor="op:ops-zhou",
    )
    result = downlink.apply_page(
        [decided], hall=HALL, desk=DESK, after=0, cursor=1, at=ctx.clock.now()
    )
    assert result.applied == 1
    click(qtbot, detail.refresh_button)
    assert panel.table.item(0, 2).text() == "总部已批准"
    assert "总部 ops-zhou" in panel.table.item(0, 5).text()
    assert "核实无误" in panel.detail.text()
    detail.tabs.setCurrentWidget(panel)
    shoot(detail, "refund_detail_tab.png")
    click(qtbot, panel.actions.buttons["print"])
    qtbot.waitUntil(lambda: len(printer.texts) == 2, timeout=30_000)
    assert "非正式凭证" not in printer.texts[1] and "ops-zhou" in printer.texts[1]
    detail.close()


def test_approval_refusals_say_who_may_approve_and_a_refusal_needs_a_reason(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    sign_in(qtbot, window, "3001")
    complaint_id = record(ctx, hall["clerk"])
    refund_id = propose(ctx, hall["clerk"], complaint_id, "150")
    person = Person(qtbot)
    detail = open_detail(qtbot, window, complaint_id, person)

    def own_then_refuse(dialog: StepDialog) -> None:
        assert isinstance(dialog, ApproveRefundDialog)
        assert "王店长（1001）" in dialog.who.text()
        approve_as(qtbot, "3001")(dialog)  # the clerk's own request above their 100
        message = dialog.error_message()
        assert "超出申请人本人的限额 100 元" in message and "王店长（1001）" in message
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.approver_no.clear()
        dialog.approver_no.setFocus()
        type_text(qtbot, "1001")
        press(qtbot, Qt.Key.Key_Return)
        type_text(qtbot, PASSWORDS["1001"])
        qtbot.mouseClick(dialog.refuse_button, LEFT)  # no reason yet
        assert "拒绝原因" in dialog.error_message()
        assert focused() is dialog.reason
        type_text(qtbot, "核实后属客户自行订购")
        qtbot.mouseClick(dialog.refuse_button, LEFT)

    person.scripts.append(own_then_refuse)
    detail.tabs.setCurrentWidget(detail.refund_panel)
    click(qtbot, detail.refund_panel.actions.buttons["approve"])
    view = refunds.get_refund(hall["clerk"], refund_id)
    assert (view.state, view.decision_reason, view.decided_by_name) == (
        "已拒绝",
        "核实后属客户自行订购",
        "王店长",
    )
    assert "已拒绝" in detail.message_text()
    assert not detail.refund_panel.actions.buttons["print"].isEnabled()
    detail.close()


def test_a_top_up_card_refund_needs_its_reason(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    sign_in(qtbot, window, "3001")
    complaint_id = record(ctx, hall["clerk"])
    person = Person(qtbot)
    detail = open_detail(qtbot, window, complaint_id, person)

    def script(dialog: StepDialog) -> None:
        assert isinstance(dialog, ProposeRefundDialog)
        assert not dialog.method_reason.isEnabled()
        type_text(qtbot, "充值卡面值差额", dialog.item)
        type_text(qtbot, "查充值记录：卡值未到账", dialog.checked)
        type_text(qtbot, "0.5", dialog.amount)
        dialog.account_type.setCurrentText("后付费（全球通）")
        dialog.method.setFocus()
        press(qtbot, Qt.Key.Key_Down)  # 充值卡返还
        assert dialog.method_reason.isEnabled()
        type_text(qtbot, "客户要求", dialog.reason)
        press(qtbot, Qt.Key.Key_Return, CTRL)
        message = dialog.error_message()
        assert "充值卡返还原因：充值卡返还属特殊情况，须说明原因" in message
        assert focused() is dialog.method_reason
        type_text(qtbot, "客户号码已停机，无法返还话费账户")
        press(qtbot, Qt.Key.Key_Return, CTRL)

    person.scripts.append(script)
    click(qtbot, detail.propose_refund_button)
    (view,) = refunds.refunds_of(hall["clerk"], complaint_id)
    assert (view.method, view.amount, view.account_type) == ("充值卡返还", 0.5, "后付费（全球通）")
    assert view.method_reason == "客户号码已停机，无法返还话费账户"
    detail.close()


def test_the_store_manager_delegates_and_revokes(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    sign_in(qtbot, window, "3001")
    assert not window.delegation_action.isEnabled()  # a clerk may not delegate
    window.switch_user()
    sign_in(qtbot, window, "1001")
    assert window.delegation_action.isEnabled()
    dialog = DelegationDialog(ctx, hall["manager"], window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert dialog.to_staff.currentText() == "李班长（2001）"
    dialog.ends.setDateTime(dialog.starts.dateTime().addSecs(-3600))  # ends before it starts
    qtbot.mouseClick(dialog.grant_button, LEFT)
    assert "授权期间无效" in dialog.error_label.text()
    dialog.ends.setDateTime(dialog.starts.dateTime().addDays(3))
    type_text(qtbot, "店长休假", dialog.note)
    qtbot.mouseClick(dialog.grant_button, LEFT)
    assert not dialog.error_label.isVisible()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 4).text() == "生效中"
    assert "李班长" in dialog.message.text()
    (delegation,) = refunds.delegations(ctx)
    assert (delegation.to_no, delegation.from_no, delegation.note) == ("2001", "1001", "店长休假")

    # Under the delegation the shift leader may approve 250; the approval dialog says so.
    complaint_id = record(ctx, hall["clerk"])
    refund_id = propose(ctx, hall["clerk"], complaint_id, "250")
    approval = ApproveRefundDialog(ctx, hall["manager"], refund_id, window)
    qtbot.addWidget(approval)
    assert "李班长（2001，受 王店长 授权至" in approval.who.text()

    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.revoke_button, LEFT)
    assert dialog.table.item(0, 4).text() == "已撤销"
    assert not dialog.revoke_button.isEnabled()


def test_the_main_window_entry_lists_pending_refunds(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    propose(ctx, hall["clerk"], record(ctx, hall["clerk"]), "60")
    sign_in(qtbot, window, "1001")
    assert window.refunds_action.isEnabled()
    shown: list[PendingRefundsDialog] = []
    monkeypatch.setattr(PendingRefundsDialog, "exec", lambda self: shown.append(self) or 0)
    press(qtbot, Qt.Key.Key_R, CTRL)
    (dialog,) = shown
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 3).text() == "¥60.00" and dialog.table.item(0, 2).text().startswith(
        "陈先生（138****5678）"
    )


def test_an_approved_refund_stays_in_the_pending_list_ready_to_print(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 19: after 批准 in 待审批退费 the row vanished and 打印退费单 was greyed."""
    complaint_id = record(ctx, hall["clerk"])
    refund_id = propose(ctx, hall["clerk"], complaint_id, "150")
    sign_in(qtbot, window, "1001")
    pending = window.make_pending_refunds()
    qtbot.addWidget(pending)
    person = Person(qtbot)
    pending.open_step_dialog = person  # type: ignore[method-assign]
    with qtbot.waitExposed(pending):
        pending.show()
    person.scripts.append(approve_as(qtbot, "1001"))
    click(qtbot, pending.actions.buttons["approve"])
    assert refunds.get_refund(hall["manager"], refund_id).state == "已批准"
    assert pending.table.rowCount() == 1 and pending.table.item(0, 4).text() == "已批准"
    assert pending.table.current_view() is not None
    assert pending.table.current_view().id == refund_id  # type: ignore[union-attr]
    printer = Printer(tmp_path)
    monkeypatch.setattr(window, "open_print_preview", printer)
    click(qtbot, pending.actions.buttons["print"])
    qtbot.waitUntil(lambda: bool(printer.titles), timeout=30_000)
    assert printer.titles == ["退费单"] and "壹佰伍拾元整" in printer.texts[0]
    pending.close()
    # opened again: only what still waits
    again = window.make_pending_refunds()
    qtbot.addWidget(again)
    assert again.table.rowCount() == 0


def test_escape_in_the_refund_request_asks_before_throwing_away_what_was_typed(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """Issue 19: Esc in 申请退费 threw away what was typed without asking (intake asks)."""
    complaint_id = record(ctx, hall["clerk"])
    sign_in(qtbot, window, "3001")
    row = complaints.get_complaint(hall["clerk"], complaint_id)
    dialog = ProposeRefundDialog(ctx, hall["clerk"], row, window)
    qtbot.addWidget(dialog)
    asked: list[bool] = []
    answers = [False, True]

    def ask() -> bool:
        asked.append(True)
        return answers.pop(0)

    dialog.ask_discard = ask  # type: ignore[method-assign]
    activate(qtbot, dialog)
    press(qtbot, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert not dialog.isVisible() and not asked
    activate(qtbot, dialog)
    assert focused() is dialog.item
    type_text(qtbot, "2026年11月 彩铃功能费")
    press(qtbot, Qt.Key.Key_Escape)  # asked, kept
    assert asked == [True] and dialog.isVisible() and dialog.item.text().startswith("2026")
    qtbot.mouseClick(dialog.cancel_button, LEFT)  # asked again, thrown away
    assert asked == [True, True] and not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
