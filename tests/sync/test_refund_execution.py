"""The refund loop at the desk (issue 16): head office's ``refund.recommended`` /
``refund.executed`` / ``refund.execution_failed`` / ``refund.execution_cancelled`` on its chain
``HA01-00``, built exactly per the contract and fed through the real downlink, and what the desk
shows of them: 已到账 with the date or the failure on the refund, in the refunds list and the
timeline; 未上传总部 → 待执行 once head office holds an approved refund (a real head office);
我的跟进 of the first responder (closed complaints too) and the store manager; the counting; the
clash with a cancellation; the decision chain."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.refunds import RefundRefused
from hall_desk.services import refund_loop, refunds, sync, timeline
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.refund_loop import RefundFollowUpReason
from hall_desk.services.refunds import RefundDraft, RefundView
from hall_desk.storage.models import Event, PullDeadLetter, RefundExecution
from hall_desk.sync import downlink
from tests.conftest import PASSWORDS, T0
from tests.hq.envelopes import DeskChain, refund_state
from tests.hq.live import REPO, LiveHQ
from tests.services.closed import close, recorded
from tests.sync.downlink_events import OTHER_DESK, head_office, other_desk
from tests.sync.downlink_events import complaint as complaint_payload

HALL, DESK = "HA01", "HA01-02"


def approved_refund(
    ctx: DeskContext, hall: dict[str, StaffSession], amount: str = "80", **draft: str
) -> tuple[str, RefundView]:
    """A complaint recorded by the clerk (its first responder) and a refund the clerk approves
    within their own limit: 已批准, 话费账户返还 unless told otherwise."""
    clerk = hall["clerk"]
    complaint_id = recorded(ctx, clerk)
    fields = {
        "item": "彩铃功能费", "checked": "查订购记录：客户未订购", "amount": amount,
        "account_type": "后付费（全球通）", "method": "话费账户返还", "reason": "误收费", **draft,
    }  # fmt: skip
    proposed = refunds.propose_refund(ctx, clerk, complaint_id, RefundDraft(**fields))
    approved = refunds.approve_refund(
        ctx, clerk, proposed.id, approver_no="3001", approver_password=PASSWORDS["3001"]
    )
    assert approved.state == "已批准"
    return complaint_id, approved


def executed(view: RefundView, head: DeskChain, **changes: Any) -> dict[str, Any]:
    payload = {
        "id": view.id, "number": view.number, "billing_reference": "BOSS-20261123-000117",
        "amount": f"{view.amount:.2f}", "executed_at": "2026-11-23T06:30:00.000000Z",
        "recorded_by": "sun.li", "recorded_by_name": "孙丽", **changes,
    }  # fmt: skip
    return head.next("refund.executed", payload, actor="op:sun.li")


def failed(view: RefundView, head: DeskChain) -> dict[str, Any]:
    return head.next("refund.execution_failed", {
        "id": view.id, "number": view.number, "reason": "计费系统拒绝：账户已停机",
        "failed_at": "2026-11-23T05:00:00.000000Z", "recorded_by": "sun.li",
        "recorded_by_name": "孙丽",
    }, actor="op:sun.li")  # fmt: skip


def cancelled(view: RefundView, head: DeskChain) -> dict[str, Any]:
    return head.next("refund.execution_cancelled", {
        "id": view.id, "number": view.number, "reason": "客户已销户，改走销户退费",
        "cancelled_at": "2026-11-23T07:00:00.000000Z", "recorded_by": "zhou.min",
        "recorded_by_name": "周敏",
    }, actor="op:zhou.min")  # fmt: skip


def pull(ctx: DeskContext, events: list[dict[str, Any]], after: int = 0) -> downlink.PageResult:
    return downlink.apply_page(
        events, hall=HALL, desk=DESK, after=after, cursor=after + len(events), at=ctx.clock.now()
    )


def test_an_executed_refund_shows_credited_on_the_refund_the_list_and_the_timeline(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    complaint_id, view = approved_refund(ctx, hall)
    assert view.execution_shown == "未上传总部"  # not uploaded yet: not 待执行
    head = head_office()
    events = [executed(view, head)]
    result = pull(ctx, events)
    assert (result.applied, result.dead) == (1, 0), result.reasons
    shown = refunds.get_refund(hall["clerk"], view.id)
    assert (shown.state, shown.execution_shown, shown.credited) == ("已批准", "已到账", True)
    assert shown.execution is not None
    assert shown.execution.billing_reference == "BOSS-20261123-000117"
    assert shown.execution.amount == Decimal("80.00")
    assert utc_iso(shown.execution.executed_at) == "2026-11-23T06:30:00.000000Z"  # type: ignore[arg-type]
    (listed,) = refunds.refunds_of(hall["clerk"], complaint_id)
    assert listed.execution_shown == "已到账" and listed.execution == shown.execution
    entry = timeline.timeline(hall["clerk"], complaint_id)[-1]
    assert (entry.action, entry.actor_name, entry.refund_id) == ("refund.executed", "孙丽", view.id)
    assert entry.detail["billing_reference"] == "BOSS-20261123-000117"
    assert entry.detail["executed_at"] == "2026-11-23T06:30:00.000000Z"
    # Pulled again: a duplicate, nothing changes.
    again = pull(ctx, events)
    assert again.duplicate == 1 and refunds.get_refund(hall["clerk"], view.id) == shown


def test_a_new_execution_puts_a_closed_complaint_back_on_the_first_responders_follow_ups(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    complaint_id, view = approved_refund(ctx, hall)
    close(ctx, hall["clerk"], complaint_id)
    assert refund_loop.refund_follow_ups(ctx, hall["clerk"]) == []
    assert pull(ctx, [executed(view, head_office())]).applied == 1
    (item,) = refund_loop.refund_follow_ups(ctx, hall["clerk"])
    assert (item.reason, item.refund.id, item.complaint_state) == (
        RefundFollowUpReason.EXECUTED,
        view.id,
        "已归档",
    )
    # Another clerk (not the first responder) is not asked to tell the customer.
    assert refund_loop.refund_follow_ups(ctx, hall["clerk2"]) == []
    with pytest.raises(Exception) as refused:
        refund_loop.customer_told(ctx, hall["clerk2"], view.id)
    assert getattr(refused.value, "code", "") == "complaint.not_yours"
    told = refund_loop.customer_told(ctx, hall["clerk"], view.id)
    assert told.execution is not None and told.execution.told_at == ctx.clock.now()
    assert refund_loop.refund_follow_ups(ctx, hall["clerk"]) == []
    last = Event.select().order_by(Event.seq.desc()).first()
    assert last.type == "refund.customer_told" and last.actor == "3001"
    with pytest.raises(RefundRefused) as twice:
        refund_loop.customer_told(ctx, hall["clerk"], view.id)
    assert twice.value.code == "refund.nothing_to_tell"


def test_a_failure_shows_and_asks_the_first_responder_then_a_cancelled_execution_stops_counting(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    complaint_id, view = approved_refund(ctx, hall)
    head = head_office()
    assert pull(ctx, [failed(view, head)]).applied == 1
    shown = refunds.get_refund(hall["clerk"], view.id)
    assert shown.execution_shown == "执行失败" and shown.execution is not None
    assert shown.execution.failure_reason == "计费系统拒绝：账户已停机"
    (item,) = refund_loop.refund_follow_ups(ctx, hall["clerk"])
    assert item.reason is RefundFollowUpReason.FAILED
    assert refunds.counted_total(complaint_id) == Decimal("80.00")  # a failed refund counts
    assert timeline.timeline(hall["clerk"], complaint_id)[-1].detail["reason"] == (
        "计费系统拒绝：账户已停机"
    )
    assert pull(ctx, [cancelled(view, head)], after=1).applied == 1
    shown = refunds.get_refund(hall["clerk"], view.id)
    assert shown.execution_shown == "已取消执行"
    assert refunds.counted_total(complaint_id) == Decimal("0")  # no longer counts
    # The failure is still to be told (the cancellation does not clear it).
    assert [i.reason for i in refund_loop.refund_follow_ups(ctx, hall["clerk"])] == [
        RefundFollowUpReason.FAILED
    ]


def test_a_refund_head_office_executed_that_the_desk_cancelled_shows_the_clash(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    complaint_id = recorded(ctx, clerk)
    proposed = refunds.propose_refund(ctx, clerk, complaint_id, RefundDraft(
        item="国际漫游数据费", checked="查详单：未出境", amount="350",
        account_type="后付费（全球通）", method="话费账户返还", reason="计费错误",
    ))  # fmt: skip
    sent = refunds.approve_refund(
        ctx, clerk, proposed.id, approver_no="1001", approver_password=PASSWORDS["1001"]
    )
    withdrawn = refunds.cancel_refund(ctx, clerk, sent.id, reason="客户撤回")
    assert withdrawn.state == "已取消" and not withdrawn.clash
    result = pull(ctx, [executed(withdrawn, head_office())])
    assert result.applied == 1, result.reasons
    shown = refunds.get_refund(clerk, sent.id)
    assert (shown.state, shown.execution_shown, shown.clash) == ("已取消", "已到账", True)


def test_an_approved_refund_head_office_received_waits_then_shows_on_follow_ups_after_n_working_days(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: Any
) -> None:
    """Another desk's refund (it came through head office: head office holds it), approved on
    Monday 2026-11-23 10:00 (Shanghai): 待执行; after 3 working days (Thursday 10:00) it is named
    on 我的跟进 of its first responder and of the store manager, not of another clerk."""
    desk1 = other_desk()
    complaint = complaint_payload(OTHER_DESK, 1, first_responder_no="3001")
    refund_id = "5b0c6a52-2f4e-4d0e-9a53-7d9a3c1f0042"
    approved_at = "2026-11-23T02:00:00.000000Z"
    state = refund_state(complaint, refund_id, "已批准", number="HA01-01-R261122-0042",
                         desk=OTHER_DESK, amount="90.00", decided_by_no="3001",
                         decided_by_name="张三", decided_at=approved_at)  # fmt: skip
    events = [
        desk1.next("complaint.created", complaint),
        desk1.next("refund.approved", state),
    ]
    assert pull(ctx, events).applied == 2
    clock.set(T0 + timedelta(days=3))  # Wednesday 2026-11-25 10:00: 2 working days
    assert refunds.get_refund(hall["manager"], refund_id).execution_shown == "待执行"
    assert refund_loop.refund_follow_ups(ctx, hall["manager"]) == []
    clock.set(T0 + timedelta(days=4, minutes=1))  # Thursday 10:01: more than 3 working days
    for who in ("clerk", "manager"):
        (item,) = refund_loop.refund_follow_ups(ctx, hall[who])
        assert (item.reason, item.refund.id) == (RefundFollowUpReason.HELD, refund_id)
    assert refund_loop.refund_follow_ups(ctx, hall["clerk2"]) == []
    # Executed: no longer held (and the first responder is told to tell the customer).
    assert pull(ctx, [executed(refunds.get_refund(hall["manager"], refund_id),
                               head_office())], after=2).applied == 1  # fmt: skip
    assert refund_loop.refund_follow_ups(ctx, hall["manager"]) == []
    (news,) = refund_loop.refund_follow_ups(ctx, hall["clerk"])
    assert news.reason is RefundFollowUpReason.EXECUTED


def test_the_decision_chain_from_head_offices_events(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    complaint_id = recorded(ctx, clerk)
    proposed = refunds.propose_refund(ctx, clerk, complaint_id, RefundDraft(
        item="国际漫游数据费", checked="查详单：未出境", amount="800",
        account_type="后付费（全球通）", method="话费账户返还", reason="计费错误",
    ))  # fmt: skip
    sent = refunds.approve_refund(
        ctx, clerk, proposed.id, approver_no="1001", approver_password=PASSWORDS["1001"]
    )
    head = head_office()
    events = [
        head.next("refund.recommended", {
            "id": sent.id, "number": sent.number, "recommended_by": "zhou.min",
            "recommended_by_name": "周敏", "recommended_at": "2026-11-22T05:00:00.000000Z",
            "note": "核实无误，建议同意", "recommend": True,
        }, actor="op:zhou.min"),
        head.next("refund.decided", {
            "id": sent.id, "approved": True, "reason": "同意", "operator": "li.hua",
            "operator_name": "李华", "role": "department_head", "complaint_total": "800.00",
            "decided_at": "2026-11-22T06:00:00.000000Z", "recommended_by": "zhou.min",
            "recommended_by_name": "周敏", "recommended_at": "2026-11-22T05:00:00.000000Z",
        }, actor="op:li.hua"),
    ]  # fmt: skip
    result = pull(ctx, events)
    assert (result.applied, result.dead) == (2, 0), result.reasons
    view = refunds.get_refund(clerk, sent.id)
    assert view.state == "总部已批准" and view.decided_by_name == "李华"
    assert view.chain is not None
    assert (
        view.chain.recommended_by_name,
        view.chain.decided_by_name,
        view.chain.decided_role,
    ) == (
        "周敏",
        "李华",
        "department_head",
    )
    assert view.execution_shown == "待执行"  # head office decided it: it holds it
    entries = timeline.timeline(clerk, complaint_id)
    assert [e.action for e in entries][-2:] == ["refund.recommended", "refund.decided"]
    assert entries[-2].actor_name == "周敏" and entries[-1].actor_name == "李华"


def test_a_top_up_card_refund_is_handed_over_at_the_hall(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    _complaint, view = approved_refund(
        ctx, hall, method="充值卡返还", method_reason="客户要求现场返还充值卡"
    )
    assert view.execution_shown == "营业厅当场返还，无需总部执行"
    assert refund_loop.refund_follow_ups(ctx, hall["manager"]) == []


def test_execution_events_from_a_desk_are_not_applied(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    _complaint, view = approved_refund(ctx, hall)
    result = pull(ctx, [executed(view, other_desk())])
    assert result.quarantined == 1 and RefundExecution.select().count() == 0


def test_an_approved_refund_shows_not_uploaded_until_head_office_holds_it(
    hall: dict[str, StaffSession], ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    """A real head office: an approved refund shows 未上传总部 until its approval is uploaded,
    then 待执行 (head office holds it)."""
    _complaint, view = approved_refund(ctx, hall)
    assert view.execution_shown == "未上传总部" and not view.head_office_holds
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    shown = refunds.get_refund(hall["clerk"], view.id)
    assert (shown.execution_shown, shown.head_office_holds) == ("待执行", True)
    assert shown.held_since is not None


def closure_of_other_desk(**changes: str) -> dict[str, str]:
    closure = {
        "account_type": "后付费（全球通）", "closed_number": "13812345678",
        "cash_balance": "56.30", "card_balance": "0.00", "route": "退至客户指定账户",
        "destination": "招商银行 6225880123456789",
    }  # fmt: skip
    closure.update(changes)
    return closure


def test_a_closure_refund_of_another_desk_applies_and_one_breaking_the_rules_is_quarantined(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    desk1 = other_desk()
    complaint = complaint_payload(OTHER_DESK, 1)
    good_id, bad_id = (
        "5b0c6a52-2f4e-4d0e-9a53-7d9a3c1f0101",
        "5b0c6a52-2f4e-4d0e-9a53-7d9a3c1f0102",
    )
    good = refund_state(complaint, good_id, "待审批", number="HA01-01-R261122-0101",
                        desk=OTHER_DESK, amount="56.30", account_type="后付费（全球通）",
                        closure=closure_of_other_desk())  # fmt: skip
    bad = refund_state(complaint, bad_id, "待审批", number="HA01-01-R261122-0102",
                       desk=OTHER_DESK, amount="56.30", account_type="预付费",
                       closure=closure_of_other_desk(account_type="预付费"))  # fmt: skip
    result = pull(ctx, [
        desk1.next("complaint.created", complaint),
        desk1.next("refund.proposed", good),
        desk1.next("refund.proposed", bad),
    ])  # fmt: skip
    assert (result.applied, result.quarantined) == (2, 1), result.reasons
    (dead,) = PullDeadLetter.select()
    assert (dead.reason, dead.seq) == ("payload.invalid", 3)
    assert "closure.prepaid_transfer_only" in dead.detail
    view = refunds.get_refund(hall["manager"], good_id)
    assert view.closure is not None and view.closure.masked_destination.endswith("6789")


def test_a_closure_refund_proposed_at_the_desk_carries_its_record(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    complaint_id = recorded(ctx, clerk)
    draft = RefundDraft(
        item="销户余额", checked="查账户：已销户", amount="", account_type="预付费",
        method="话费账户返还", reason="销户退余额", closure=True, cash_balance="12.00",
        card_balance="8", closure_route="转入其他号码", destination="13900005678",
    )  # fmt: skip
    view = refunds.propose_refund(ctx, clerk, complaint_id, draft)
    assert view.amount == Decimal("20.00") and view.closure is not None
    assert view.closure.closed_number == "13812345678"  # the complaint's number
    proposed = Event.select().where(Event.type == "refund.proposed").get()
    assert '"route":"转入其他号码"' in proposed.payload
    for broken, code in (
        ({"closure_route": "退至客户指定账户", "destination": "银行 6222"},
         "closure.prepaid_transfer_only"),
        ({"destination": "13812345678"}, "closure.closed_number_credited"),
        ({"amount": "19"}, "closure.amount_not_balance"),
        ({"method": "充值卡返还", "method_reason": "现场"}, "closure.not_at_hall"),
    ):  # fmt: skip
        bad = RefundDraft(**{**draft.__dict__, **broken})
        with pytest.raises(Exception) as caught:
            refunds.propose_refund(ctx, clerk, complaint_id, bad)
        assert getattr(caught.value, "code", "") == code
    assert refunds.refunds_of(clerk, complaint_id) == [view]


def test_a_refund_a_real_head_office_approved_waits_for_execution_with_its_decider(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ, registered: str
) -> None:
    """Head office as it runs today (``hall-desk-hq decide-refund``): the refund it approved shows
    待执行 at the desk (head office holds it), the decider named in the decision chain."""
    from tests.sync.test_refund_decision import decide, waiting_refund

    hq.add_operator("zhou.min")
    _complaint, refund_id = waiting_refund(ctx, hall)
    assert refunds.get_refund(hall["clerk"], refund_id).execution_shown == ""  # not decided
    assert sync.sync_now(ctx).ok
    decide(hq, refund_id, "--approve", "--reason", "同意")
    assert sync.sync_now(ctx).ok
    view = refunds.get_refund(hall["clerk"], refund_id)
    assert (view.state, view.execution_shown, view.head_office_holds) == (
        "总部已批准",
        "待执行",
        True,
    )
    assert view.chain is not None and view.chain.decided_by_name == "zhou.min"


def test_a_closure_refund_reaches_a_real_head_office_with_its_record(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ, registered: str
) -> None:
    clerk = hall["clerk"]
    complaint_id = recorded(ctx, clerk)
    view = refunds.propose_refund(ctx, clerk, complaint_id, RefundDraft(
        item="销户余额", checked="查账户：已销户", amount="", account_type="后付费（全球通）",
        method="话费账户返还", reason="销户退余额", closure=True, cash_balance="56.30",
        card_balance="0", closure_route="退至客户指定账户", destination="招商银行 6225880123456789",
    ))  # fmt: skip
    refunds.approve_refund(
        ctx, clerk, view.id, approver_no="3001", approver_password=PASSWORDS["3001"]
    )
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    store = hq.store()
    try:
        assert store.quarantined() == []
        held = store.refund(view.id)
        assert held is not None and held["amount"] == "56.30"
    finally:
        store.close()
    shown = refunds.get_refund(clerk, view.id)
    assert (shown.execution_shown, shown.closure.masked_destination[-4:]) == ("待执行", "6789")  # type: ignore[union-attr]


def _hq_cli(hq: LiveHQ, token: str, *args: str) -> str:
    """``hall-desk-hq …`` as an operator runs it: the acting account's token on standard input."""
    result = subprocess.run(
        [sys.executable, "-m", "hall_desk.hq.cli", *args, "--database", hq.database],
        input=token + "\n", capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_refund_above_the_store_managers_limit_is_decided_and_executed_at_a_real_head_office(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ, registered: str
) -> None:
    """The loop end to end (issue 16): 350 yuan, above the store manager's 300, goes to a real head
    office; its complaint centre's director (limit 500) approves it, an operator records it as
    credited (``hall-desk-hq execute-refund``); after a sync the desk shows 已到账 with the date and
    the billing reference on the refund, in the refunds list, the timeline and the slip."""
    from tests.services.test_refund_slip_loop import slip_text
    from tests.sync.test_refund_decision import waiting_refund

    clerk = hall["clerk"]
    complaint_id, refund_id = waiting_refund(ctx, hall)  # 350, sent on by the store manager
    assert sync.sync_now(ctx).ok
    director = hq.add_operator("wang.wu", display_name="王五", role="director")  # up to 500
    _hq_cli(hq, director, "decide-refund", refund_id, "--approve", "--reason", "核实属实，同意")
    assert sync.sync_now(ctx).ok
    decided = refunds.get_refund(clerk, refund_id)
    assert (decided.state, decided.execution_shown) == ("总部已批准", "待执行")
    assert decided.chain is not None and decided.chain.decided_by_name == "王五"
    operator = hq.add_operator("sun.li", display_name="孙丽", role="operator")
    _hq_cli(
        hq, operator, "execute-refund", decided.number, "--reference", "BOSS-20261207-000350",
        "--amount", "350.00", "--at", "2026-12-07T10:15:00+08:00",
    )  # fmt: skip
    assert sync.sync_now(ctx).ok
    shown = refunds.get_refund(clerk, refund_id)
    assert (shown.state, shown.execution_shown, shown.credited) == ("总部已批准", "已到账", True)
    assert shown.execution is not None
    assert shown.execution.billing_reference == "BOSS-20261207-000350"
    assert shown.execution.amount == Decimal("350.00")
    assert utc_iso(shown.execution.executed_at) == "2026-12-07T02:15:00.000000Z"  # type: ignore[arg-type]
    (listed,) = refunds.refunds_of(clerk, complaint_id)
    assert listed.execution_shown == "已到账" and listed.execution == shown.execution
    entry = timeline.timeline(clerk, complaint_id)[-1]
    assert (entry.action, entry.actor_name, entry.refund_id) == (
        "refund.executed",
        "孙丽",
        refund_id,
    )
    assert entry.detail["billing_reference"] == "BOSS-20261207-000350"
    slip = slip_text(ctx, clerk, refund_id)
    assert "已到账2026-12-07" in slip and "BOSS-20261207-000350" in slip
    assert hq.status()["HA01-02"]["quarantined"] == 0
