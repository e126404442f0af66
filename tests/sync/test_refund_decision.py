"""Above the hall's limits, head office decides (issue 6), against a real head office on loopback:
the desk proposes 350 → 待总部审批 → uploaded → ``hall-desk-hq decide-refund`` → the desk's next
sync applies ``refund.decided`` to the refund (once) and it shows in the complaint's timeline."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.refunds import RefundRefused
from hall_desk.services import complaints, refunds, sync, timeline
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.refunds import RefundDraft
from hall_desk.storage.models import Event, HQDecision, Refund
from hall_desk.sync import downlink
from tests.conftest import PASSWORDS
from tests.documents.samples import signature_png
from tests.hq.acting import operator_token
from tests.hq.envelopes import refund_state
from tests.hq.live import REPO, LiveHQ
from tests.sync.downlink_events import OTHER_DESK, head_office, other_desk
from tests.sync.downlink_events import complaint as complaint_payload


def decide(hq: LiveHQ, *args: str) -> str:
    """``hall-desk-hq decide-refund …`` as an operator runs it."""
    token = operator_token(hq.database, "zhou.min", "leadership")  # decides any refund
    result = subprocess.run(
        [sys.executable, "-m", "hall_desk.hq.cli", "decide-refund", *args,
         "--database", hq.database],
        input=token + "\n", capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def waiting_refund(ctx: DeskContext, hall: dict[str, StaffSession]) -> tuple[str, str]:
    clerk = hall["clerk"]
    complaint = complaints.record_complaint(ctx, clerk, ComplaintDraft(
        phone="13800138000", customer_name="陈先生", main_class="电信资费",
        sub_class="资费争议/乱收费", description="国际漫游费误收", customer_request="退费",
    )).id  # fmt: skip
    proposed = refunds.propose_refund(ctx, clerk, complaint, RefundDraft(
        item="国际漫游数据费", checked="查详单：客户当日未出境，基站记录为本地", amount="350",
        account_type="后付费（全球通）", method="话费账户返还", reason="计费错误",
    ))  # fmt: skip
    sent = refunds.approve_refund(
        ctx, clerk, proposed.id, approver_no="1001", approver_password=PASSWORDS["1001"]
    )
    assert sent.state == "待总部审批"
    return complaint, sent.id


def test_head_office_approves_a_refund_above_the_halls_limit(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ, registered: str
) -> None:
    complaint, refund_id = waiting_refund(ctx, hall)
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    store = hq.store()
    try:
        held = store.refund(refund_id)
        assert held is not None and held["state"] == "待总部审批" and held["amount"] == "350.00"
        assert store.quarantined() == []
    finally:
        store.close()

    out = decide(hq, refund_id, "--approve", "--reason", "经核实计费错误，同意退费")
    assert "refund.decided" in out
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert report.pull_dead == 0

    view = refunds.get_refund(hall["manager"], refund_id)
    assert (view.state, view.decision_reason, view.hq_operator) == (
        "总部已批准",
        "经核实计费错误，同意退费",
        "zhou.min",
    )
    assert view.sent_by_name == "王店长" and view.hq_decided_at is not None
    entries = timeline.timeline(hall["clerk"], complaint)
    assert [e.action for e in entries] == [
        "complaint.created",
        "refund.proposed",
        "refund.sent_to_head_office",
        "refund.decided",
    ]
    decided = entries[-1]
    assert (decided.actor_no, decided.actor_name, decided.refund_id) == ("", "zhou.min", refund_id)
    assert decided.detail["approved"] is True
    assert decided.refund_number == view.number

    # Pulled again (a retry, a second round): nothing changes, and nothing is re-uploaded.
    events_before = Event.select().count()
    again = sync.sync_now(ctx)
    assert again.ok and again.pull_dead == 0
    assert Event.select().count() == events_before
    assert refunds.get_refund(hall["manager"], refund_id).state == "总部已批准"

    # The desk signs the slip now: head office keeps its decision and the new signature hash.
    signed = refunds.sign_refund(ctx, hall["clerk"], refund_id, signature_png())
    assert signed.state == "总部已批准"
    assert sync.sync_now(ctx).ok
    store = hq.store()
    try:
        held = store.refund(refund_id)
        assert held is not None and held["state"] == "总部已批准" and held["signature_sha256"]
    finally:
        store.close()


def test_a_decision_for_a_refund_the_desk_does_not_hold_is_kept(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ, registered: str
) -> None:
    complaint, refund_id = waiting_refund(ctx, hall)
    decide(hq, "8a1c0d4e-0000-4000-8000-000000000001", "--refuse", "--reason", "不符合退费条件",
           "--hall", "HA01")  # fmt: skip
    # Not uploaded yet: head office has not seen it, the operator names the hall.
    decide(hq, refund_id, "--refuse", "--reason", "超出退费时限", "--hall", "HA01")
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    kept = {d.entity_id: json.loads(d.payload) for d in HQDecision.select()}
    assert set(kept) == {"8a1c0d4e-0000-4000-8000-000000000001", refund_id}
    assert Refund.select().count() == 1
    # The desk's own refund takes head office's decision (it held the refund).
    view = refunds.get_refund(hall["clerk"], refund_id)
    assert (view.state, view.decision_reason) == ("总部已拒绝", "超出退费时限")
    assert "refund.decided" in [e.action for e in timeline.timeline(hall["clerk"], complaint)]
    store = hq.store()
    try:  # head office received the refund after deciding it: its decision stands there too
        assert store.refund(refund_id)["state"] == "总部已拒绝"  # type: ignore[index]
    finally:
        store.close()


# -- the hall's other desks (pulled pages, no network) -------------------------------------------


def other_refund(complaint: dict, refund_id: str, state: str, **changes: object) -> dict:
    return refund_state(
        complaint,
        refund_id,
        state,
        number="HA01-01-R261122-0001",
        desk=OTHER_DESK,
        proposed_at="2026-11-22T01:00:00.000000Z",
        **changes,
    )


def test_refunds_of_other_desks_and_head_offices_decision_apply_once(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    desk1, head = other_desk(), head_office()
    complaint = complaint_payload(OTHER_DESK, 1)
    refund_id = "5b0c6a52-2f4e-4d0e-9a53-7d9a3c1f0001"
    events = [
        desk1.next("complaint.created", complaint),
        desk1.next("refund.proposed", other_refund(complaint, refund_id, "待审批")),
        desk1.next("refund.sent_to_head_office", other_refund(
            complaint, refund_id, "待总部审批", sent_by_no="1001", sent_by_name="王店长",
        )),
        head.next("refund.decided", {
            "id": refund_id, "approved": True, "reason": "同意", "operator": "zhou.min",
            "decided_at": "2026-11-22T03:00:00.000000Z",
        }, actor="op:zhou.min"),
        # Signed at desk 1 before it heard of the decision: the decision stands.
        desk1.next("refund.signed", other_refund(
            complaint, refund_id, "待总部审批", signature_sha256="cd" * 32,
        )),
    ]  # fmt: skip
    at = ctx.clock.now()
    result = downlink.apply_page(events, hall="HA01", desk="HA01-02", after=0, cursor=5, at=at)
    assert (result.applied, result.dead) == (5, 0), result.reasons
    view = refunds.get_refund(hall["manager"], refund_id)
    assert (view.state, view.hq_operator, view.signed, view.signature_png) == (
        "总部已批准",
        "zhou.min",
        True,
        None,
    )
    assert view.desk_code == OTHER_DESK
    again = downlink.apply_page(events, hall="HA01", desk="HA01-02", after=5, cursor=5, at=at)
    assert again.duplicate == 5 and refunds.get_refund(hall["manager"], refund_id) == view
    # Only its own desk changes it.
    with pytest.raises(RefundRefused) as caught:
        refunds.cancel_refund(ctx, hall["manager"], refund_id, reason="撤回")
    assert caught.value.code == "refund.other_desk"
    actions = [e.action for e in timeline.timeline(hall["manager"], complaint["id"])]
    assert sorted(actions) == sorted(
        [
            "complaint.created",
            "refund.proposed",
            "refund.sent_to_head_office",
            "refund.signed",
            "refund.decided",
        ]
    )  # in the order of their desks' clocks


def test_a_delegation_made_at_another_desk_holds_here(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    now = ctx.clock.now()
    granted = other_desk().next("delegation.granted", {
        "id": "7d1e2f30-0000-4000-8000-000000000007", "hall": "HA01", "desk": OTHER_DESK,
        "from_no": "1001", "from_name": "王店长", "to_no": "2001", "to_name": "李班长",
        "starts_at": utc_iso(now - timedelta(hours=1)), "ends_at": utc_iso(now + timedelta(days=1)),
        "note": "", "created_at": utc_iso(now), "revoked_at": None, "revoked_by_no": "",
        "changes": {},
    })  # fmt: skip
    result = downlink.apply_page([granted], hall="HA01", desk="HA01-02", after=0, cursor=1, at=now)
    assert result.applied == 1
    (held,) = refunds.delegations(ctx)
    assert held.in_force and held.desk_code == OTHER_DESK
    clerk = hall["clerk"]
    complaint_id, refund_id = waiting_refund(ctx, hall)
    del refund_id
    small = refunds.propose_refund(ctx, clerk, complaint_id, RefundDraft(
        item="x", checked="查过", amount="1", account_type="预付费", method="话费账户返还",
        reason="误收费",
    ))  # fmt: skip
    # 351 in all: above the hall's limit even with the delegation → head office.
    sent = refunds.approve_refund(
        ctx, clerk, small.id, approver_no="2001", approver_password=PASSWORDS["2001"]
    )
    assert sent.state == "待总部审批"
    other = complaints.record_complaint(ctx, clerk, ComplaintDraft(
        phone="13800138001", customer_name="林女士", main_class="电信资费",
        sub_class="资费争议/乱收费", description="多扣费", customer_request="退费",
    )).id  # fmt: skip
    mid = refunds.propose_refund(ctx, clerk, other, RefundDraft(
        item="x", checked="查过", amount="280", account_type="预付费", method="话费账户返还",
        reason="误收费",
    ))  # fmt: skip
    approved = refunds.approve_refund(
        ctx, clerk, mid.id, approver_no="2001", approver_password=PASSWORDS["2001"]
    )
    assert (approved.state, approved.delegated_by_name) == ("已批准", "王店长")
