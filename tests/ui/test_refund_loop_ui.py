"""The refund loop at the counter (issue 16), typed as a person would: the 销户 (account-closure)
refund form (a refusal names the rule and keeps what was typed; the saved destination is shown
masked), and head office's execution shown on the complaint's 退费 tab, with 已告知客户."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hall_desk.services import refunds, timeline
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Event
from hall_desk.sync import downlink
from hall_desk.ui.lifecycle_dialogs import StepDialog
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.refunds import ProposeRefundDialog
from hall_desk.ui.timeline import describe
from tests.conftest import PASSWORDS
from tests.sync.downlink_events import head_office
from tests.sync.fixtures import DESK, HALL
from tests.ui.conftest import sign_in
from tests.ui.helpers import focused, press, type_text
from tests.ui.test_refunds_ui import CTRL, Person, click, open_detail, propose, record, shoot


def test_a_closure_refund_typed_at_the_counter_names_the_rule_and_masks_the_destination(
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
        assert not dialog.destination.isVisible()  # only for a closure refund
        type_text(qtbot, "销户余额", dialog.item)
        type_text(
            qtbot, "查账户：已于11月20日销户，余额 56.30 元，其中充值卡 20 元", dialog.checked
        )
        dialog.account_type.setCurrentText("后付费（全球通）")
        type_text(qtbot, "客户销户，退还余额", dialog.reason)
        dialog.closure.setFocus()
        press(qtbot, Qt.Key.Key_Space)  # 销户余额退费
        assert dialog.destination.isVisible()
        press(qtbot, Qt.Key.Key_Tab)
        assert focused().objectName() == "closed_number"  # left empty: the complaint's number
        press(qtbot, Qt.Key.Key_Tab)
        assert focused().objectName() == "cash_balance"
        type_text(qtbot, "36.30")
        press(qtbot, Qt.Key.Key_Tab)
        assert focused().objectName() == "card_balance"
        type_text(qtbot, "20")
        press(qtbot, Qt.Key.Key_Tab)
        assert focused().objectName() == "closure_route"
        press(qtbot, Qt.Key.Key_Down)  # 退至客户指定账户: not for a top-up-card balance
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "招商银行 6225880123456789")
        shoot(dialog, "refund_closure_form.png")
        press(qtbot, Qt.Key.Key_Return, CTRL)
        message = dialog.error_message()
        assert "充值卡余额不退费，只能转入其他号码" in message
        assert focused() is dialog.closure_route
        assert dialog.cash_balance.text() == "36.30" and dialog.card_balance.text() == "20"
        press(qtbot, Qt.Key.Key_Up)  # 转入其他号码
        press(qtbot, Qt.Key.Key_Tab)
        dialog.destination.selectAll()
        type_text(qtbot, "13812345678")  # the closed number itself
        press(qtbot, Qt.Key.Key_Return, CTRL)
        assert "不能返还到已销户的号码本身" in dialog.error_message()
        dialog.destination.selectAll()
        type_text(qtbot, "139 0000 5678")
        press(qtbot, Qt.Key.Key_Return, CTRL)

    person.scripts.append(script)
    click(qtbot, detail.propose_refund_button)
    assert person.errors[-1] == ""
    (view,) = refunds.refunds_of(hall["clerk"], complaint_id)
    assert view.closure is not None and str(view.amount) == "56.30"
    assert (view.closure.destination, view.closure.masked_destination) == (
        "13900005678",
        "139****5678",
    )
    proposed = Event.select().where(Event.type == "refund.proposed").get()
    assert '"closure":' in proposed.payload and "13900005678" in proposed.payload  # head office
    detail.refresh()
    shown = detail.grab()
    assert not shown.isNull()
    table_text = " ".join(
        detail.refund_panel.table.item(0, c).text()
        for c in range(detail.refund_panel.table.columnCount())
    )
    assert "销户" in table_text and "13900005678" not in table_text
    assert "139****5678" in detail.refund_panel.detail.text()
    assert "13900005678" not in detail.refund_panel.detail.text()
    detail.close()


def test_the_refunds_tab_shows_head_offices_execution_and_the_customer_told(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    sign_in(qtbot, window, "3001")
    complaint_id = record(ctx, hall["clerk"])
    refund_id = propose(ctx, hall["clerk"], complaint_id, "80")
    approved = refunds.approve_refund(
        ctx, hall["clerk"], refund_id, approver_no="3001", approver_password=PASSWORDS["3001"]
    )
    person = Person(qtbot)
    detail = open_detail(qtbot, window, complaint_id, person)
    panel = detail.refund_panel
    assert "未上传总部" in panel.table.item(0, panel.table.columns.index("到账情况")).text()
    assert not panel.actions.buttons["told"].isEnabled()
    head = head_office()
    event = head.next("refund.executed", {
        "id": approved.id, "number": approved.number, "billing_reference": "BOSS-0001",
        "amount": "80.00", "executed_at": "2026-11-23T06:30:00.000000Z", "recorded_by": "sun.li",
        "recorded_by_name": "孙丽",
    }, actor="op:sun.li")  # fmt: skip
    result = downlink.apply_page(
        [event], hall=HALL, desk=DESK, after=0, cursor=1, at=ctx.clock.now()
    )
    assert result.applied == 1
    detail.refresh()
    state = panel.table.item(0, panel.table.columns.index("到账情况")).text()
    assert "已到账 2026-11-23" in state
    assert "BOSS-0001" in panel.detail.text()
    line = describe(timeline.timeline(hall["clerk"], complaint_id)[-1]).text()
    assert "退费到账" in line and "孙丽" in line  # the event text (hall_desk.domain.event_texts)
    assert "计费流水号：BOSS-0001" in line and "到账时间：2026-11-23 14:30" in line
    detail.tabs.setCurrentIndex(detail.refund_tab)
    shoot(detail, "refund_executed_tab.png")
    click(qtbot, panel.actions.buttons["told"])
    qtbot.waitUntil(lambda: not panel.actions.buttons["told"].isEnabled())
    assert refunds.get_refund(hall["clerk"], refund_id).execution.told_at is not None  # type: ignore[union-attr]
    detail.close()


def test_follow_ups_name_a_credited_refund_of_a_closed_complaint_and_open_it(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.services.closed import close

    complaint_id = record(ctx, hall["clerk"])
    refund_id = propose(ctx, hall["clerk"], complaint_id, "80")
    approved = refunds.approve_refund(
        ctx, hall["clerk"], refund_id, approver_no="3001", approver_password=PASSWORDS["3001"]
    )
    close(ctx, hall["clerk"], complaint_id)
    event = head_office().next("refund.executed", {
        "id": approved.id, "number": approved.number, "billing_reference": "BOSS-0002",
        "amount": "80.00", "executed_at": "2026-11-23T06:30:00.000000Z", "recorded_by": "sun.li",
        "recorded_by_name": "孙丽",
    }, actor="op:sun.li")  # fmt: skip
    assert (
        downlink.apply_page(
            [event], hall=HALL, desk=DESK, after=0, cursor=1, at=ctx.clock.now()
        ).applied
        == 1
    )
    sign_in(qtbot, window, "3001")
    page = window.followup_page
    window.tabs.setCurrentWidget(page)
    page.refresh()
    assert not page.refund_list.isHidden() and page.refund_list.count() == 1
    text = page.refund_list.item(0).text()
    assert "总部已到账，请告知客户" in text and approved.number in text and "已归档" in text
    shoot(window, "followup_refund_news.png")
    opened: list[str] = []
    monkeypatch.setattr(window, "open_complaint", opened.append)  # not the modal detail
    page.refund_list.setFocus()
    page.refund_list.setCurrentRow(0)
    press(qtbot, Qt.Key.Key_Return)
    assert opened == [complaint_id]
