"""Refund services against a real store: approval enforced below the UI (the approver's password,
the limits on the complaint's total inside the transaction), delegations, the policy version, the
signature, and one event with the full state per action."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from decimal import Decimal

import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.envelope import plain_json
from hall_desk.domain.errors import (
    AuthenticationError,
    PermissionDenied,
    ValidationError,
    ValidationErrors,
)
from hall_desk.domain.refunds import PNG_MAGIC, RefundRefused
from hall_desk.hq.apply import plan
from hall_desk.services import complaints, lifecycle, refunds, timeline
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.refunds import RefundDraft
from hall_desk.storage.models import Event, Refund, Staff
from hall_desk.sync import downlink
from tests.conftest import PASSWORDS
from tests.documents.samples import signature_png
from tests.sync.downlink_events import head_office

D = Decimal
SIGNATURE = signature_png()
FAKE_PNG = PNG_MAGIC + b"\x00\x00\x00\rIHDR" + b"strokes" * 10


def complaint_draft(phone: str = "13800138000") -> ComplaintDraft:
    return ComplaintDraft(
        phone=phone,
        customer_name="陈先生",
        main_class="电信资费",
        sub_class="资费争议/乱收费",
        description="彩铃功能费误收",
        customer_request="退费",
    )


def refund_draft(amount: str, **changes: str) -> RefundDraft:
    draft = RefundDraft(
        item="2026年11月 彩铃功能费",
        checked="查详单：客户未订购，系统误开通",
        amount=amount,
        account_type="预付费",
        method="话费账户返还",
        reason="误收费",
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


@pytest.fixture
def complaint(hall: dict[str, StaffSession], ctx: DeskContext) -> str:
    return complaints.record_complaint(ctx, hall["clerk"], complaint_draft()).id


def propose(ctx: DeskContext, who: StaffSession, complaint_id: str, amount: str) -> str:
    return refunds.propose_refund(ctx, who, complaint_id, refund_draft(amount)).id


def approve(ctx: DeskContext, session: StaffSession, refund_id: str, approver: str):
    return refunds.approve_refund(
        ctx, session, refund_id, approver_no=approver, approver_password=PASSWORDS[approver]
    )


def last_event() -> Event:
    return Event.select().order_by(Event.seq.desc()).first()


def event_count() -> int:
    return Event.select().count()


# -- the limits -------------------------------------------------------------------------------


def test_a_clerk_approves_their_own_100_00(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, complaint, "100.00")
    view = approve(ctx, clerk, refund_id, "3001")
    assert (view.state, view.decided_by_no, view.decided_by_name) == ("已批准", "3001", "张三")
    assert (view.amount, view.limit, view.counted_total) == (D("100.00"), D("100"), D("100.00"))
    assert view.policy_version == 1 and view.delegated_by_name == "" and view.decided_at is not None


def test_a_clerks_own_100_01_needs_a_second_person(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, complaint, "100.01")
    before = event_count()
    with pytest.raises(RefundRefused) as caught:
        approve(ctx, clerk, refund_id, "3001")
    assert caught.value.code == "refund.needs_second_person"
    assert caught.value.params == {"limit": "100", "total": "100.01"}
    with pytest.raises(RefundRefused) as caught:  # another clerk: not high enough
        approve(ctx, clerk, refund_id, "3002")
    assert caught.value.code == "refund.over_limit"
    assert event_count() == before and refunds.get_refund(clerk, refund_id).state == "待审批"
    view = approve(ctx, clerk, refund_id, "1001")  # the store manager, at the clerk's counter
    assert (view.state, view.decided_by_name, view.proposed_by_name) == ("已批准", "王店长", "张三")


def test_a_store_manager_approves_300_00_and_300_01_goes_to_head_office(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    manager = hall["manager"]
    first = complaints.record_complaint(ctx, manager, complaint_draft("13800138001")).id
    second = complaints.record_complaint(ctx, manager, complaint_draft("13800138002")).id
    assert approve(ctx, manager, propose(ctx, manager, first, "300.00"), "1001").state == "已批准"
    sent = approve(ctx, manager, propose(ctx, manager, second, "300.01"), "1001")
    assert sent.state == "待总部审批" and sent.waiting_for_head_office
    assert (sent.sent_by_no, sent.decided_by_no, sent.limit) == ("1001", "", D("300"))
    assert last_event().type == "refund.sent_to_head_office"
    assert [r.id for r in refunds.awaiting_head_office(manager)] == [sent.id]


def test_a_split_refund_never_gets_under_the_limit(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk = hall["clerk"]
    first = propose(ctx, clerk, complaint, "60")
    second = propose(ctx, clerk, complaint, "60")
    # While the first is still pending, it counts: 120 for either.
    for refund_id in (first, second):
        with pytest.raises(RefundRefused) as caught:
            approve(ctx, clerk, refund_id, "3001")
        assert caught.value.code == "refund.needs_second_person"
        assert caught.value.params["total"] == "120.00"
    refunds.cancel_refund(ctx, clerk, second, reason="重复提交")
    assert approve(ctx, clerk, first, "3001").state == "已批准"  # 60 alone
    third = propose(ctx, clerk, complaint, "60")  # the first, approved, still counts
    with pytest.raises(RefundRefused) as caught:
        approve(ctx, clerk, third, "3001")
    assert caught.value.params == {"limit": "100", "total": "120.00"}
    assert [r.state for r in refunds.refunds_of(clerk, complaint)] == ["已批准", "已取消", "待审批"]


def test_a_refused_refund_no_longer_counts(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk = hall["clerk"]
    big = propose(ctx, clerk, complaint, "90")
    refused = refunds.refuse_refund(
        ctx,
        clerk,
        big,
        approver_no="2001",
        approver_password=PASSWORDS["2001"],
        reason="非我方责任",
    )
    assert (refused.state, refused.decided_by_name, refused.decision_reason) == (
        "已拒绝",
        "李班长",
        "非我方责任",
    )
    assert approve(ctx, clerk, propose(ctx, clerk, complaint, "90"), "3001").state == "已批准"
    with pytest.raises(RefundRefused) as caught:
        approve(ctx, clerk, big, "1001")
    assert caught.value.code == "refund.not_pending"


# -- the approver proves who they are -----------------------------------------------------------


def test_wrong_passwords_in_the_approval_box_pause_approvals_never_the_sign_in(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    """Issue 20: a clerk typing wrong passwords into the store manager's approval box pauses
    approvals by the store manager at this desk for the lockout period; the store manager still
    signs in, and is told at that sign-in how many attempts were made, from which desk and when."""
    from hall_desk.domain.clock import utc_iso
    from hall_desk.services.staff import failed_attempts_notice, sign_in

    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, complaint, "150")
    first_at = ctx.clock.now()
    for attempt in range(1, 5):
        with pytest.raises(AuthenticationError) as caught:
            refunds.approve_refund(
                ctx, clerk, refund_id, approver_no="1001", approver_password=f"guess{attempt}"
            )
        assert caught.value.code == "auth.wrong_credentials"
        assert caught.value.params == {"attempts_left": 5 - attempt}
        event = last_event()
        assert (event.type, event.actor) == ("auth.failed", "3001")
        payload = json.loads(event.payload)
        assert {k: payload[k] for k in ("staff_no", "desk", "count", "failed_at")} == {
            "staff_no": "1001", "desk": "HA01-02", "count": attempt, "failed_at": utc_iso(ctx.clock.now())
        }  # fmt: skip
        assert f"guess{attempt}" not in event.payload  # never the text typed
        ctx.clock.advance(seconds=10)
    with pytest.raises(AuthenticationError) as caught:
        refunds.approve_refund(ctx, clerk, refund_id, approver_no="1001", approver_password="guess")
    assert caught.value.code == "auth.approval_paused" and caught.value.params == {"minutes": 5}
    with pytest.raises(AuthenticationError) as caught:  # now even the right one waits
        approve(ctx, clerk, refund_id, "1001")
    assert caught.value.code == "auth.approval_paused"
    # … and the store manager's sign-in is not locked: they sign in and are told.
    manager = Staff.get(Staff.staff_no == "1001")
    assert (manager.failed_attempts, manager.locked_until) == (0, None)
    signed = sign_in(ctx, "1001", PASSWORDS["1001"])
    [notice] = failed_attempts_notice(ctx, signed)
    assert (notice.desk, notice.count, notice.first_at) == ("HA01-02", 5, first_at)
    assert failed_attempts_notice(ctx, signed) == []  # told once at this desk
    with pytest.raises(AuthenticationError):  # an unknown approver: the same answer as ever
        refunds.approve_refund(ctx, clerk, refund_id, approver_no="9999", approver_password="x")
    assert refunds.get_refund(clerk, refund_id).state == "待审批"
    # After the lockout period approvals by the store manager work again.
    ctx.clock.advance(minutes=5)
    assert approve(ctx, clerk, refund_id, "1001").state == "已批准"


def test_wrong_passwords_in_ones_own_approval_box_count_as_before(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    """Re-confirming one's own password (approving one's own request) is one's own sign-in."""
    manager = hall["manager"]
    refund_id = propose(ctx, manager, complaint, "150")
    with pytest.raises(AuthenticationError) as caught:
        refunds.approve_refund(ctx, manager, refund_id, approver_no="1001", approver_password="x")
    assert caught.value.code == "auth.wrong_credentials"
    assert Staff.get(Staff.staff_no == "1001").failed_attempts == 1
    assert last_event().type != "auth.failed"


# -- delegation ---------------------------------------------------------------------------------


def test_a_delegation_inside_and_outside_its_period(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, complaint: str
) -> None:
    manager, clerk = hall["manager"], hall["clerk"]
    now = clock.now()
    delegation = refunds.delegate_limit(
        ctx,
        manager,
        to_staff_no="2001",
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(days=2),
        note="店长休假",
    )
    assert (delegation.to_name, delegation.from_name, delegation.in_force) == (
        "李班长",
        "王店长",
        False,
    )
    assert last_event().type == "delegation.granted"
    refund_id = propose(ctx, clerk, complaint, "250")
    with pytest.raises(RefundRefused) as caught:  # before the period
        approve(ctx, clerk, refund_id, "2001")
    assert caught.value.params == {"limit": "100", "total": "250.00"}
    clock.advance(hours=2)  # inside
    view = approve(ctx, clerk, refund_id, "2001")
    assert (view.state, view.decided_by_name, view.delegated_by_name) == (
        "已批准",
        "李班长",
        "王店长",
    )
    assert view.delegation_until == now + timedelta(days=2) and view.limit == D("300")
    payload = json.loads(last_event().payload)
    assert (payload["delegation_id"], payload["delegated_by_no"]) == (delegation.id, "1001")
    clock.advance(days=2)  # after
    other = complaints.record_complaint(ctx, clerk, complaint_draft("13800138009")).id
    late = propose(ctx, clerk, other, "250")
    with pytest.raises(RefundRefused) as caught:
        approve(ctx, clerk, late, "2001")
    assert caught.value.code == "refund.over_limit"
    assert [d.in_force for d in refunds.delegations(ctx)] == [False]


def test_a_revoked_delegation_lends_nothing_and_only_a_manager_delegates_to_a_leader(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, complaint: str
) -> None:
    manager, clerk = hall["manager"], hall["clerk"]
    now = clock.now()
    with pytest.raises(PermissionDenied):
        refunds.delegate_limit(
            ctx, hall["leader"], to_staff_no="2001", starts_at=now, ends_at=now + timedelta(days=1)
        )
    with pytest.raises(ValidationErrors) as caught:
        refunds.delegate_limit(
            ctx, manager, to_staff_no="3001", starts_at=now, ends_at=now - timedelta(days=1)
        )
    assert {e.code for e in caught.value.errors} == {
        "delegation.not_leader",
        "delegation.period_invalid",
    }
    with pytest.raises(ValidationError) as single:
        refunds.delegate_limit(
            ctx, manager, to_staff_no="8888", starts_at=now, ends_at=now + timedelta(days=1)
        )
    assert single.value.code == "delegation.not_leader"
    granted = refunds.delegate_limit(
        ctx, manager, to_staff_no="2001", starts_at=now, ends_at=now + timedelta(days=1)
    )
    assert granted.in_force
    revoked = refunds.revoke_delegation(ctx, manager, granted.id)
    assert revoked.revoked_at == now and not revoked.in_force
    assert last_event().type == "delegation.revoked"
    with pytest.raises(RefundRefused):
        approve(ctx, clerk, propose(ctx, clerk, complaint, "250"), "2001")


# -- the policy in force ------------------------------------------------------------------------


def test_a_policy_update_applies_only_to_later_refunds(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clerk = hall["clerk"]
    early = complaints.record_complaint(ctx, clerk, complaint_draft("13800138011")).id
    before = approve(ctx, clerk, propose(ctx, clerk, early, "80"), "3001")
    assert (before.state, before.policy_version, before.limit) == ("已批准", 1, D("100"))
    pending = propose(ctx, clerk, early, "5")  # proposed under v1, decided under v2
    assert refunds.get_refund(clerk, pending).policy_version == 1

    hq = head_office()
    document = {
        "version": 2,
        "refund_limits": {"营业员": "50.00", "值班经理": "100", "店长": "500"},
    }
    policy = hq.next("policy.set", {"version": 2, "policy": document}, actor="op:ops")
    result = downlink.apply_page(
        [policy], hall="HA01", desk="HA01-02", after=0, cursor=1, at=clock.now()
    )
    assert result.applied == 1 and ctx.policy.version == 2

    later = complaints.record_complaint(ctx, clerk, complaint_draft("13800138012")).id
    refund_id = propose(ctx, clerk, later, "80")
    with pytest.raises(RefundRefused) as caught:
        approve(ctx, clerk, refund_id, "3001")
    assert caught.value.params == {"limit": "50.00", "total": "80.00"}
    manager_view = approve(ctx, clerk, refund_id, "1001")
    assert (manager_view.policy_version, manager_view.limit) == (2, D("500.00"))
    big = propose(ctx, clerk, later, "400")  # 480 in all: within the new 500
    assert approve(ctx, clerk, big, "1001").state == "已批准"
    # The earlier refund keeps what it was decided under.
    kept = refunds.get_refund(clerk, before.id)
    assert (kept.policy_version, kept.limit) == (1, D("100"))
    with pytest.raises(RefundRefused):  # 85 in all, above the clerk's new 50
        approve(ctx, clerk, pending, "3001")


# -- proposing, cancelling, signing -------------------------------------------------------------


def test_a_proposal_is_checked_and_refused_on_a_closed_complaint(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk = hall["clerk"]
    with pytest.raises(ValidationErrors) as caught:
        refunds.propose_refund(ctx, clerk, complaint, refund_draft("0", checked=" "))
    assert {e.code for e in caught.value.errors} == {
        "refund.checked_required",
        "refund.amount_positive",
    }
    with pytest.raises(PermissionDenied):  # not the other clerk's complaint
        propose(ctx, hall["clerk2"], complaint, "10")
    lifecycle.verify(ctx, clerk, complaint, verification="成立", responsibility="我方")
    lifecycle.reply_to_customer(ctx, clerk, complaint, content="已为您退还", method="当面")
    lifecycle.close(ctx, clerk, complaint)
    before = event_count()
    with pytest.raises(RefundRefused) as refused:
        propose(ctx, clerk, complaint, "10")
    assert refused.value.code == "refund.complaint_closed"
    assert event_count() == before and Refund.select().count() == 0


def test_numbers_embed_the_desk_and_the_day(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk = hall["clerk"]
    first = refunds.propose_refund(ctx, clerk, complaint, refund_draft("1"))
    second = refunds.propose_refund(ctx, clerk, complaint, refund_draft("2"))
    assert (first.number, second.number) == ("HA01-02-R261122-0001", "HA01-02-R261122-0002")
    assert (first.phone, first.customer_name, first.complaint_id) == (
        "13800138000",
        "陈先生",
        complaint,
    )
    assert first.complaint_number.startswith("HA01-02-261122-")


def test_the_customers_signature_is_kept_and_its_hash_travels(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, complaint, "20")
    with pytest.raises(RefundRefused) as caught:  # not approved yet
        refunds.sign_refund(ctx, clerk, refund_id, SIGNATURE)
    assert caught.value.code == "refund.not_signable"
    approve(ctx, clerk, refund_id, "3001")
    with pytest.raises(ValidationError) as empty:
        refunds.sign_refund(ctx, clerk, refund_id, b"")
    assert empty.value.code == "refund.signature_empty"
    with pytest.raises(ValidationError) as fake:  # starts like a PNG, does not decode
        refunds.sign_refund(ctx, clerk, refund_id, FAKE_PNG)
    assert fake.value.code == "refund.signature_invalid"
    view = refunds.sign_refund(ctx, clerk, refund_id, SIGNATURE)
    assert view.signed and view.signature_png == SIGNATURE
    event = last_event()
    payload = json.loads(event.payload)
    assert event.type == "refund.signed"
    assert payload["signature_sha256"] == hashlib.sha256(SIGNATURE).hexdigest()
    assert "strokes" not in event.payload and "signature_png" not in payload


def test_each_action_writes_one_event_with_the_full_state(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk = hall["clerk"]
    keys: set[str] | None = None
    refund_id = ""

    def act(kind: str, action) -> None:
        nonlocal keys, refund_id
        before = event_count()
        result = action()
        refund_id = refund_id or result.id
        assert event_count() == before + 1, kind
        event = last_event()
        assert (event.type, event.desk, event.actor != "") == (kind, "HA01-02", True)
        payload = json.loads(event.payload)
        row = Refund.get_by_id(refund_id)
        state = plain_json(refunds.refund_state(row, payload["complaint_number"]))
        assert {k: v for k, v in payload.items() if k != "changes"} == state, kind
        keys = keys or set(payload) - {"changes"}
        assert set(payload) - {"changes"} == keys  # the full state every time
        # payload version 2 (issue 21): the creating event carries the state alone
        assert event.schema == 2 and ("changes" in payload) == (kind != "refund.proposed"), kind
        assert payload["id"] == refund_id and payload["complaint_id"] == complaint
        envelope = {
            "hall": event.hall,
            "desk": event.desk,
            "seq": event.seq,
            "type": event.type,
            "schema": event.schema,
            "payload": payload,
        }
        assert plan(envelope).kind == "refund"  # head office applies it

    act(
        "refund.proposed",
        lambda: refunds.propose_refund(ctx, clerk, complaint, refund_draft("12.5")),
    )
    act("refund.approved", lambda: approve(ctx, clerk, refund_id, "3001"))
    act("refund.signed", lambda: refunds.sign_refund(ctx, clerk, refund_id, SIGNATURE))
    assert json.loads(last_event().payload)["amount"] == "12.50"
    refund_id = ""
    act("refund.proposed", lambda: refunds.propose_refund(ctx, clerk, complaint, refund_draft("1")))
    act("refund.cancelled", lambda: refunds.cancel_refund(ctx, clerk, refund_id, reason="客户撤回"))
    refund_id = ""
    act("refund.proposed", lambda: refunds.propose_refund(ctx, clerk, complaint, refund_draft("1")))
    act(
        "refund.refused",
        lambda: refunds.refuse_refund(
            ctx,
            clerk,
            refund_id,
            approver_no="1001",
            approver_password=PASSWORDS["1001"],
            reason="不成立",
        ),
    )
    refund_id = ""
    act(
        "refund.proposed",
        lambda: refunds.propose_refund(ctx, clerk, complaint, refund_draft("400")),
    )
    act("refund.sent_to_head_office", lambda: approve(ctx, clerk, refund_id, "3001"))


def test_refund_events_show_in_the_complaints_timeline(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, complaint, "30")
    approve(ctx, clerk, refund_id, "1001")
    entries = timeline.timeline(clerk, complaint)
    assert [e.action for e in entries] == [
        "complaint.created",
        "refund.proposed",
        "refund.approved",
    ]
    approved = entries[-1]
    assert (approved.actor_no, approved.actor_name, approved.refund_id) == (
        "1001",
        "王店长",
        refund_id,
    )
    assert approved.refund_number.startswith("HA01-02-R")
    assert ("state", "待审批", "已批准") in [(c.field, c.before, c.after) for c in approved.changes]
    assert approved.detail["amount"] == "30.00" and approved.detail["decided_by_name"] == "王店长"


def test_pending_approvals_show_what_waits_here(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk = hall["clerk"]
    waiting = propose(ctx, clerk, complaint, "10")
    done = propose(ctx, clerk, complaint, "10")
    approve(ctx, clerk, done, "1001")
    assert [r.id for r in refunds.pending_approvals(hall["manager"])] == [waiting]
    assert [r.id for r in refunds.pending_approvals(clerk)] == [waiting]
    assert refunds.pending_approvals(hall["clerk2"]) == []  # not their complaint


def test_wrong_approval_passwords_at_another_desk_are_told_at_sign_in_here(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """``auth.failed`` travels: head office keeps it (a catalogue family), a desk keeps it when
    pulled, and the person is told at their next sign-in at this desk."""
    from hall_desk.domain.clock import utc_iso
    from hall_desk.domain.payloads import validate
    from hall_desk.services.staff import failed_attempts_notice, sign_in
    from tests.sync.downlink_events import OTHER_DESK, other_desk

    chain = other_desk()
    at = ctx.clock.now()
    events = [
        chain.next(
            "auth.failed",
            {"id": f"00000000-0000-4000-8000-00000000000{n}", "staff_no": "1001",
             "desk": OTHER_DESK, "failed_at": utc_iso(at), "count": n, "box": "approval"},
            actor="3009",
        )
        for n in (1, 2)
    ]  # fmt: skip
    assert plan(events[0]).kind == "auth"
    assert validate("auth.failed", 1, events[0]["payload"]) == []
    result = downlink.apply_page(
        events, hall="HA01", desk="HA01-02", after=0, cursor=1, at=ctx.clock.now()
    )
    assert result.kept == 2 and result.quarantined == result.refused == 0
    signed = sign_in(ctx, "1001", PASSWORDS["1001"])
    [notice] = failed_attempts_notice(ctx, signed)
    assert (notice.desk, notice.count) == (OTHER_DESK, 2)
    assert failed_attempts_notice(ctx, hall["clerk"]) == []  # about someone else: not shown to them
