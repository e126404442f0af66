"""投诉退费: proposing a refund from a complaint, approving it within the limits, sending it to head
office above them, the customer's signature, and a store manager's delegation (DOMAIN.md "Refunds for
complaints"; the rules are in :mod:`hall_desk.domain.refunds`).

One function per user action, one transaction each, one event each carrying the refund's full state
(:func:`refund_state`, plus ``changes``): ``refund.proposed``, ``refund.approved``,
``refund.sent_to_head_office``, ``refund.refused``, ``refund.cancelled``, ``refund.signed``;
``delegation.granted`` / ``delegation.revoked`` for delegations. Head office's answer
(``refund.decided``) arrives through the downlink (:mod:`hall_desk.sync.downlink`).

- **Approval is enforced here, not in the UI**: the approver's staff number and password are checked
  by :func:`hall_desk.services.staff.authenticate_approver` (wrong passwords in someone else's
  box pause that person's approvals at this desk, never their sign-in; committed before anything
  else is decided), then, inside one ``BEGIN IMMEDIATE``
  transaction, the complaint's counted total (every refund not refused or cancelled, pending ones
  included) is computed and checked against the approver's limit in the policy in force — so two
  counters cannot each approve half of a split refund.
- Only the desk that proposed a refund changes it (the other desks of the hall apply its events), and
  a refund is proposed at the desk that recorded the complaint: the complaint's total is then always
  checked against everything proposed for it.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import peewee

from hall_desk.domain.account_closure import (
    AccountClosure,
    closure_from_payload,
    validate_closure,
)
from hall_desk.domain.clock import parse_utc_iso
from hall_desk.domain.complaints import ComplaintState
from hall_desk.domain.envelope import canonical_json
from hall_desk.domain.errors import NotFound, PermissionDenied, ValidationError
from hall_desk.domain.money import from_fen, to_fen
from hall_desk.domain.policy import Role
from hall_desk.domain.refund_execution import ExecutionShown, cancellation_clash, execution_shown
from hall_desk.domain.refunds import (
    COMPLAINT_CLOSED,
    COUNTED_STATES,
    DELEGATION_NOT_FOUND,
    DELEGATION_NOT_LEADER,
    DELEGATION_REVOKED,
    NOT_FOUND,
    OTHER_DESK,
    SIGNATURE_INVALID,
    ApprovalOutcome,
    ExecutionState,
    RefundMethod,
    RefundRefused,
    RefundState,
    check_cancellable,
    check_pending,
    check_signable,
    check_signature_png,
    decide_approval,
    delegation_in_force,
    validate_decision_reason,
    validate_delegation,
    validate_proposal,
)
from hall_desk.domain.staff import Permission, may, require
from hall_desk.services.complaints import get_complaint
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.lifecycle import NOT_YOURS, may_act_on
from hall_desk.services.setup import current_desk, require_desk
from hall_desk.services.signature_prints import keep_print_rendition
from hall_desk.services.staff import authenticate_approver
from hall_desk.services.views import ComplaintView
from hall_desk.storage.day_numbers import next_day_number
from hall_desk.storage.db import database, unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import (
    Complaint,
    HQDecision,
    Refund,
    RefundDelegation,
    RefundExecution,
    RefundRecommendation,
    Staff,
)
from hall_desk.sync.protocol import REFUND_DECIDED as REFUND_DECIDED_EVENT

log = logging.getLogger(__name__)

PROPOSED = "refund.proposed"
APPROVED = "refund.approved"
SENT_TO_HEAD_OFFICE = "refund.sent_to_head_office"
REFUSED = "refund.refused"
CANCELLED = "refund.cancelled"
SIGNED = "refund.signed"
DELEGATION_GRANTED = "delegation.granted"
DELEGATION_REVOKED_EVENT = "delegation.revoked"
DELEGATION_OTHER_DESK = "delegation.other_desk"


@dataclass
class RefundDraft:
    """What the refund form collects (all text, as typed)."""

    item: str = ""  # the disputed charge
    checked: str = ""  # what was checked and what was found (先确认，后退费)
    amount: str = ""  # exact yuan, > 0, at most two decimals
    account_type: str = ""  # 预付费 / 后付费（全球通）
    method: str = "话费账户返还"  # or 充值卡返还 (with method_reason); never cash
    method_reason: str = ""
    reason: str = ""
    # issue 16, 销户: the balance of a closed account (hall_desk.domain.account_closure)
    closure: bool = False
    closed_number: str = ""  # the closed number (the complaint's, unless typed otherwise)
    cash_balance: str = ""
    card_balance: str = ""
    closure_route: str = ""  # 转入其他号码 / 退至客户指定账户
    destination: str = ""  # the other number, or the account the customer names


@dataclass(frozen=True)
class RefundView:
    """A refund as the screens and the slip show it (phone unmasked: the UI masks it)."""

    id: str
    number: str
    complaint_id: str
    complaint_number: str
    phone: str
    customer_name: str
    amount: Decimal
    account_type: str
    method: str
    method_reason: str
    item: str
    checked: str
    reason: str
    state: str
    proposed_by_no: str
    proposed_by_name: str
    proposed_at: datetime
    decided_by_no: str
    decided_by_name: str
    decided_at: datetime | None
    delegated_by_name: str
    delegation_until: datetime | None
    policy_version: int
    signed: bool
    signature_png: bytes | None
    decision_reason: str
    hq_operator: str
    # beyond the agreed API
    desk_code: str = ""  # the desk that proposed it (only that desk changes it)
    sent_by_no: str = ""  # who sent it to head office (待总部审批)
    sent_by_name: str = ""
    sent_at: datetime | None = None
    limit: Decimal | None = None  # the limit it was decided under
    counted_total: Decimal | None = None  # the complaint's counted total when decided
    signed_at: datetime | None = None
    signature_sha256: str = ""
    hq_decided_at: datetime | None = None
    # issue 16: the refund loop (head office's execution, the decision chain) and 销户
    closure: AccountClosure | None = None
    execution: ExecutionView | None = None  # head office's last word on executing it
    execution_shown: str = ""  # ExecutionShown: 已到账 / 执行失败 / 待执行 / 未上传总部 / …
    head_office_holds: bool = False  # head office has received it (approved here and uploaded)
    held_since: datetime | None = None  # since when head office holds it unexecuted
    chain: DecisionChain | None = None  # head office's recommendation and decision, names

    @property
    def waiting_for_head_office(self) -> bool:
        return self.state == RefundState.AWAITING_HEAD_OFFICE.value

    @property
    def clash(self) -> bool:
        """Cancelled here, executed by head office: both facts kept, shown side by side."""
        return cancellation_clash(self.state, self.execution.state if self.execution else None)

    @property
    def credited(self) -> bool:
        return self.execution_shown == ExecutionShown.EXECUTED.value


@dataclass(frozen=True)
class ExecutionView:
    """Head office's execution of a refund (电子工单) as the hall received it."""

    state: str  # ExecutionState
    billing_reference: str
    amount: Decimal | None
    executed_at: datetime | None
    failure_reason: str
    failed_at: datetime | None
    cancel_reason: str
    cancelled_at: datetime | None
    recorded_by: str
    recorded_by_name: str
    received_at: datetime
    news_at: datetime | None  # an execution or failure the customer must be told of
    told_at: datetime | None


@dataclass(frozen=True)
class DecisionChain:
    """Who recommended and who decided at head office (display names), from its events."""

    recommended_by: str = ""
    recommended_by_name: str = ""
    recommended_at: datetime | None = None
    recommend: bool | None = None
    decided_by: str = ""
    decided_by_name: str = ""
    decided_role: str = ""  # director / department_head / leadership
    decided_at: datetime | None = None


@dataclass(frozen=True)
class DelegationView:
    id: str
    from_no: str
    from_name: str
    to_no: str
    to_name: str
    starts_at: datetime
    ends_at: datetime
    note: str
    created_at: datetime
    revoked_at: datetime | None
    in_force: bool  # at the time asked
    desk_code: str = ""


# -- state and views ----------------------------------------------------------------------------


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else from_fen(fen)


def refund_state(row: Refund, complaint_number: str = "") -> dict[str, Any]:
    """The refund's full state as it travels in its events (never the signature image: its hash).
    A 销户 refund also carries ``closure`` (issue 16; absent for the others)."""
    closure = {"closure": json.loads(row.closure)} if row.closure else {}
    return {
        **closure,
        "id": row.id,
        "number": row.number,
        "hall": row.hall_code,
        "desk": row.desk_code,
        "complaint_id": row.complaint_id,
        "complaint_number": complaint_number,
        "item": row.item,
        "checked": row.checked,
        "amount": from_fen(row.amount_fen),
        "account_type": row.account_type,
        "method": row.method,
        "method_reason": row.method_reason,
        "reason": row.reason,
        "state": row.state,
        "proposed_by_no": row.proposed_by_no,
        "proposed_by_name": row.proposed_by_name,
        "proposed_at": row.proposed_at,
        "decided_by_no": row.decided_by_no,
        "decided_by_name": row.decided_by_name,
        "decided_at": row.decided_at,
        "decision_reason": row.decision_reason,
        "limit": _yuan(row.limit_fen),
        "counted_total": _yuan(row.counted_total_fen),
        "delegation_id": row.delegation_id,
        "delegated_by_no": row.delegated_by_no,
        "delegated_by_name": row.delegated_by_name,
        "delegation_until": row.delegation_until,
        "sent_by_no": row.sent_by_no,
        "sent_by_name": row.sent_by_name,
        "sent_at": row.sent_at,
        "policy_version": row.policy_version,
        "hq_operator": row.hq_operator,
        "hq_decided_at": row.hq_decided_at,
        "signature_sha256": row.signature_sha256,
        "signed_at": row.signed_at,
        "signed_by_no": row.signed_by_no,
    }


def _closure(row: Refund) -> AccountClosure | None:
    return closure_from_payload(json.loads(row.closure)) if row.closure else None


def _execution(refund_id: str) -> ExecutionView | None:
    found = RefundExecution.get_or_none(RefundExecution.refund_id == refund_id)
    if found is None:
        return None
    return ExecutionView(
        found.state,
        found.billing_reference,
        _yuan(found.amount_fen),
        found.executed_at,
        found.failure_reason,
        found.failed_at,
        found.cancel_reason,
        found.cancelled_at,
        found.recorded_by,
        found.recorded_by_name,
        found.received_at,
        found.news_at,
        found.told_at,
    )


def _chain(row: Refund) -> DecisionChain | None:
    """Head office's recommendation (refund.recommended) and decision (refund.decided), latest of
    each, from the events it sent (kept in ``refund_recommendation`` and ``hq_decision``)."""
    recommendation = (
        RefundRecommendation.select()
        .where(RefundRecommendation.refund_id == row.id)
        .order_by(
            RefundRecommendation.received_at.desc(), RefundRecommendation.recommended_at.desc()
        )
        .first()
    )
    decision = (
        HQDecision.select()
        .where((HQDecision.entity_id == row.id) & (HQDecision.type == REFUND_DECIDED_EVENT))
        .order_by(HQDecision.received_at.desc())
        .first()
    )
    if recommendation is None and decision is None:
        return None
    chain: dict[str, Any] = {}
    if decision is not None:
        payload = json.loads(decision.payload)
        chain.update(
            decided_by=str(payload.get("operator", "")),
            decided_by_name=str(payload.get("operator_name") or payload.get("operator", "")),
            decided_role=str(payload.get("role", "")),
            decided_at=parse_utc_iso(payload["decided_at"]) if payload.get("decided_at") else None,
        )
        if payload.get("recommended_by"):
            chain.update(
                recommended_by=str(payload["recommended_by"]),
                recommended_by_name=str(
                    payload.get("recommended_by_name") or payload["recommended_by"]
                ),
                recommended_at=parse_utc_iso(payload["recommended_at"])
                if payload.get("recommended_at")
                else None,
                recommend=True,
            )
    if recommendation is not None and not chain.get("recommended_by"):
        chain.update(
            recommended_by=recommendation.recommended_by,
            recommended_by_name=recommendation.recommended_by_name,
            recommended_at=recommendation.recommended_at,
            recommend=bool(recommendation.recommend),
        )
    return DecisionChain(**chain)


def _approval_event_delivery(row: Refund) -> datetime | None:
    """When head office answered that it holds the event approving this desk's refund (None: not
    received yet)."""
    found = database.execute_sql(
        "SELECT d.answered_at FROM event AS e JOIN sync_delivery AS d ON d.seq = e.seq"
        " WHERE e.desk = ? AND e.type = ? AND e.entity = event_entity_key(?)"
        " AND d.outcome IN ('stored', 'duplicate') ORDER BY e.seq LIMIT 1",
        (row.desk_code, APPROVED, row.id),
    ).fetchone()
    return parse_utc_iso(found[0]) if found else None


def _held(row: Refund) -> tuple[bool, datetime | None]:
    """(head office holds the approved refund, since when)."""
    if row.state == RefundState.HEAD_OFFICE_APPROVED.value:
        return True, row.hq_decided_at
    if row.state != RefundState.APPROVED.value:
        return False, None
    desk = current_desk()
    if desk is not None and row.desk_code != desk.desk_code:
        return True, row.decided_at  # it came through head office
    delivered = _approval_event_delivery(row)
    return delivered is not None, delivered


def _view(row: Refund, complaint: Complaint | ComplaintView | None = None) -> RefundView:
    if complaint is None:
        complaint = Complaint.get_or_none(Complaint.id == row.complaint_id)
    execution = _execution(row.id)
    holds, since = _held(row)
    closure = _closure(row)
    shown = execution_shown(
        row.method,
        row.state,
        execution.state if execution else None,
        closure=closure is not None,
        head_office_holds=holds,
    )
    return RefundView(
        id=row.id,
        number=row.number,
        complaint_id=row.complaint_id,
        complaint_number=complaint.number if complaint else "",
        phone=complaint.phone if complaint else "",
        customer_name=complaint.customer_name if complaint else "",
        amount=from_fen(row.amount_fen),
        account_type=row.account_type,
        method=row.method,
        method_reason=row.method_reason,
        item=row.item,
        checked=row.checked,
        reason=row.reason,
        state=row.state,
        proposed_by_no=row.proposed_by_no,
        proposed_by_name=row.proposed_by_name,
        proposed_at=row.proposed_at,
        decided_by_no=row.decided_by_no,
        decided_by_name=row.decided_by_name,
        decided_at=row.decided_at,
        delegated_by_name=row.delegated_by_name,
        delegation_until=row.delegation_until,
        policy_version=row.policy_version,
        signed=bool(row.signature_sha256),
        signature_png=bytes(row.signature_png) if row.signature_png is not None else None,
        decision_reason=row.decision_reason,
        hq_operator=row.hq_operator,
        desk_code=row.desk_code,
        sent_by_no=row.sent_by_no,
        sent_by_name=row.sent_by_name,
        sent_at=row.sent_at,
        limit=_yuan(row.limit_fen),
        counted_total=_yuan(row.counted_total_fen),
        signed_at=row.signed_at,
        signature_sha256=row.signature_sha256,
        hq_decided_at=row.hq_decided_at,
        closure=closure,
        execution=execution,
        execution_shown=shown.value,
        head_office_holds=holds,
        held_since=since,
        chain=_chain(row),
    )


def _delegation_view(row: RefundDelegation, now: datetime) -> DelegationView:
    return DelegationView(
        row.id,
        row.from_no,
        row.from_name,
        row.to_no,
        row.to_name,
        row.starts_at,
        row.ends_at,
        row.note,
        row.created_at,
        row.revoked_at,
        delegation_in_force(row.starts_at, row.ends_at, row.revoked_at, now),
        row.desk_code,
    )


def _write_event(
    type: str, row: Refund, actor: str, at: datetime, before: dict[str, Any] | None
) -> None:
    complaint = Complaint.get_by_id(row.complaint_id)
    append_event(
        hall=row.hall_code,
        desk=row.desk_code,
        type=type,
        actor=actor,
        at=at,
        state=refund_state(row, complaint.number),
        before=before,
    )


def _load(refund_id: str) -> Refund:
    row = Refund.get_or_none(Refund.id == refund_id)
    if row is None:
        raise NotFound(NOT_FOUND)
    return row


def _load_for_change(refund_id: str) -> Refund:
    row = _load(refund_id)
    desk = require_desk()
    if row.desk_code != desk.desk_code:
        raise RefundRefused(OTHER_DESK, desk=row.desk_code, number=row.number)
    return row


def _require_may_act(session: StaffSession, complaint_id: str) -> Complaint:
    require(session.role, Permission.RECORD_COMPLAINT)
    complaint = Complaint.get_or_none(Complaint.id == complaint_id)
    if complaint is None:
        raise NotFound("complaint.not_found")
    if not may_act_on(session, complaint):
        raise PermissionDenied(NOT_YOURS, number=complaint.number)
    return complaint


def counted_total(complaint_id: str) -> Decimal:
    """The complaint's total the limits apply to: every refund not refused or cancelled."""
    states = sorted(s.value for s in COUNTED_STATES)
    # issue 16: an execution-cancelled refund no longer counts (executed and failed ones do)
    cancelled = RefundExecution.select(RefundExecution.refund_id).where(
        RefundExecution.state == ExecutionState.CANCELLED.value
    )
    fen = (
        Refund.select(peewee.fn.COALESCE(peewee.fn.SUM(Refund.amount_fen), 0))
        .where(
            (Refund.complaint_id == complaint_id)
            & Refund.state.in_(states)
            & Refund.id.not_in(cancelled)
        )
        .scalar()
    )
    return from_fen(int(fen or 0))


# -- proposing --------------------------------------------------------------------------------


@signed_in
def propose_refund(
    ctx: DeskContext, session: StaffSession, complaint_id: str, draft: RefundDraft
) -> RefundView:
    """A refund proposed from a complaint (待审批): one ``refund.proposed`` event. Refused on a
    closed (已归档) complaint and at a desk other than the complaint's."""
    require(session.role, Permission.RECORD_COMPLAINT)
    amount = draft.amount
    if draft.closure and not (amount or "").strip():
        amount = _closure_balance_text(draft)  # the balance it pays back
    proposal = validate_proposal(
        item=draft.item,
        checked=draft.checked,
        amount=amount,
        account_type=draft.account_type,
        method=draft.method,
        method_reason=draft.method_reason,
        reason=draft.reason,
    )
    desk = require_desk()
    now = ctx.clock.now()
    with unit_of_work():
        complaint = _require_may_act(session, complaint_id)
        if complaint.desk_code != desk.desk_code:
            raise RefundRefused(OTHER_DESK, desk=complaint.desk_code, number=complaint.number)
        if complaint.state == ComplaintState.CLOSED.value:
            raise RefundRefused(COMPLAINT_CLOSED, number=complaint.number)
        closure = (
            validate_closure(
                account_type=proposal.account_type.value,
                closed_number=draft.closed_number or complaint.phone,
                cash_balance=draft.cash_balance,
                card_balance=draft.card_balance,
                route=draft.closure_route,
                destination=draft.destination,
                amount=proposal.amount,
                hall_hand_over=proposal.method is RefundMethod.TOP_UP_CARD,
            )
            if draft.closure
            else None
        )
        row = Refund.create(
            id=str(uuid.uuid4()),
            number=next_day_number(desk.desk_code, now, "R"),
            hall_code=desk.code,
            desk_code=desk.desk_code,
            complaint_id=complaint.id,
            item=proposal.item,
            checked=proposal.checked,
            amount_fen=to_fen(proposal.amount),
            account_type=proposal.account_type.value,
            method=proposal.method.value,
            method_reason=proposal.method_reason,
            reason=proposal.reason,
            state=RefundState.PENDING.value,
            proposed_by_no=session.staff_no,
            proposed_by_name=session.name,
            proposed_at=now,
            policy_version=ctx.policy.version,
            updated_at=now,
            closure=canonical_json(closure.payload()).decode("utf-8") if closure else None,
        )
        _write_event(PROPOSED, row, session.staff_no, now, None)
    log.info("refund %s proposed by %s", row.number, session.staff_no)
    return _view(row, complaint)


def _closure_balance_text(draft: RefundDraft) -> str:
    try:
        cash = Decimal((draft.cash_balance or "0").strip() or "0")
        card = Decimal((draft.card_balance or "0").strip() or "0")
    except ArithmeticError:
        return ""  # the closure rules name the bad balance
    return str(cash + card) if cash.is_finite() and card.is_finite() else ""


# -- approving --------------------------------------------------------------------------------


def _delegation_for(staff_no: str, at: datetime) -> RefundDelegation | None:
    """The delegation in force for ``staff_no`` at ``at``, from a store manager who still is one."""
    candidates = (
        RefundDelegation.select()
        .where(
            (RefundDelegation.to_no == staff_no)
            & RefundDelegation.revoked_at.is_null()
            & (RefundDelegation.starts_at <= at)
            & (RefundDelegation.ends_at > at)
        )
        .order_by(RefundDelegation.ends_at.desc())
    )
    for delegation in candidates:
        manager = Staff.get_or_none(Staff.staff_no == delegation.from_no)
        if manager is not None and manager.active and manager.role == Role.STORE_MANAGER.value:
            return delegation
    return None


@signed_in
def approve_refund(
    ctx: DeskContext,
    session: StaffSession,
    refund_id: str,
    *,
    approver_no: str,
    approver_password: str,
) -> RefundView:
    """The approver proves who they are here (wrong passwords count toward their lockout); then,
    in one transaction, the complaint's counted total is checked against the approver's limit:

    - within it → 已批准 (``refund.approved``; the delegation, if the limit came from one);
    - above every limit at the hall → 待总部审批 (``refund.sent_to_head_office``);
    - otherwise refused: ``refund.needs_second_person`` (the requester's own request above their
      limit) or ``refund.over_limit`` (params ``limit``, ``total``).

    Either way the refund records the policy version, the limit and the total it was decided under.
    """
    require(session.role, Permission.RECORD_COMPLAINT)
    approver = authenticate_approver(ctx, session, approver_no, approver_password)
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_change(refund_id)
        check_pending(RefundState(row.state))
        policy = ctx.policy
        total = counted_total(row.complaint_id)
        delegation = (
            _delegation_for(approver.staff_no, now) if approver.role is Role.SHIFT_LEADER else None
        )
        decision = decide_approval(
            total,
            approver.role,
            own_request=approver.staff_no == row.proposed_by_no,
            policy=policy,
            delegated=delegation is not None,
        )
        before = refund_state(row)
        row.limit_fen, row.counted_total_fen = to_fen(decision.limit), to_fen(decision.total)
        row.policy_version = policy.version
        row.updated_at = now
        if decision.outcome is ApprovalOutcome.APPROVE:
            row.state = RefundState.APPROVED.value
            row.decided_by_no, row.decided_by_name, row.decided_at = (
                approver.staff_no,
                approver.name,
                now,
            )
            if decision.delegated and delegation is not None:
                row.delegation_id = delegation.id
                row.delegated_by_no = delegation.from_no
                row.delegated_by_name = delegation.from_name
                row.delegation_until = delegation.ends_at
            kind = APPROVED
        else:
            row.state = RefundState.AWAITING_HEAD_OFFICE.value
            row.sent_by_no, row.sent_by_name, row.sent_at = approver.staff_no, approver.name, now
            kind = SENT_TO_HEAD_OFFICE
        row.save()
        _write_event(kind, row, approver.staff_no, now, before)
    log.info(
        "refund %s: %s by %s (total %s, limit %s%s)",
        row.number,
        kind,
        approver.staff_no,
        decision.total,
        decision.limit,
        ", delegated" if decision.delegated else "",
    )
    return _view(row)


@signed_in
def refuse_refund(
    ctx: DeskContext,
    session: StaffSession,
    refund_id: str,
    *,
    approver_no: str,
    approver_password: str,
    reason: str,
) -> RefundView:
    """The approver (proving who they are, as for an approval) refuses a pending refund, with a
    reason: 已拒绝 (``refund.refused``); it no longer counts toward the complaint's total."""
    require(session.role, Permission.RECORD_COMPLAINT)
    why = validate_decision_reason(reason)
    approver = authenticate_approver(ctx, session, approver_no, approver_password)
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_change(refund_id)
        check_pending(RefundState(row.state))
        before = refund_state(row)
        row.state = RefundState.REFUSED.value
        row.decided_by_no, row.decided_by_name, row.decided_at = (
            approver.staff_no,
            approver.name,
            now,
        )
        row.decision_reason = why
        row.policy_version = ctx.policy.version
        row.updated_at = now
        row.save()
        _write_event(REFUSED, row, approver.staff_no, now, before)
    log.info("refund %s refused by %s", row.number, approver.staff_no)
    return _view(row)


@signed_in
def cancel_refund(
    ctx: DeskContext, session: StaffSession, refund_id: str, *, reason: str
) -> RefundView:
    """Withdrawn (the customer no longer wants it, entered in error …) while pending or waiting
    for head office, by whoever may act on the complaint: 已取消 (``refund.cancelled``)."""
    why = validate_decision_reason(reason)
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_change(refund_id)
        _require_may_act(session, row.complaint_id)
        check_cancellable(RefundState(row.state))
        before = refund_state(row)
        row.state = RefundState.CANCELLED.value
        row.decided_by_no, row.decided_by_name, row.decided_at = (
            session.staff_no,
            session.name,
            now,
        )
        row.decision_reason = why
        row.updated_at = now
        row.save()
        _write_event(CANCELLED, row, session.staff_no, now, before)
    log.info("refund %s cancelled by %s", row.number, session.staff_no)
    return _view(row)


# -- the customer's signature -------------------------------------------------------------------


def readable_image(data: bytes) -> bytes:
    """A signature the slip can print: the whole PNG decodes, not only its first bytes."""
    from PIL import Image, UnidentifiedImageError  # ReportLab's own image library

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(SIGNATURE_INVALID, "signature") from None
    return data


@signed_in
def sign_refund(
    ctx: DeskContext, session: StaffSession, refund_id: str, signature_png: bytes
) -> RefundView:
    """The customer's signature on the slip (PNG; empty refused). Once approved, or provisionally
    while head office decides. A new signature replaces the earlier one. The image stays on this
    desk; ``refund.signed`` carries its SHA-256."""
    image = readable_image(check_signature_png(signature_png))
    digest = hashlib.sha256(image).hexdigest()
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_change(refund_id)
        _require_may_act(session, row.complaint_id)
        check_signable(RefundState(row.state))
        before = refund_state(row)
        row.signature_png = image
        row.signature_sha256 = digest
        keep_print_rendition(image, now)  # what the slip embeds (issue 22, goal 2)
        row.signed_at = now
        row.signed_by_no = session.staff_no
        row.updated_at = now
        row.save()
        _write_event(SIGNED, row, session.staff_no, now, before)
    log.info("refund %s signed by the customer (taken by %s)", row.number, session.staff_no)
    return _view(row)


# -- reading ------------------------------------------------------------------------------------


@signed_in
def get_refund(session: StaffSession, refund_id: str) -> RefundView:
    """Whoever may see the complaint may see its refunds."""
    row = _load(refund_id)
    complaint = get_complaint(session, row.complaint_id)
    return _view(row, complaint)


@signed_in
def refunds_of(session: StaffSession, complaint_id: str) -> list[RefundView]:
    """The complaint's refunds, oldest first (this desk's and those pulled from the others)."""
    complaint = get_complaint(session, complaint_id)
    query = (
        Refund.select()
        .where(Refund.complaint_id == complaint_id)
        .order_by(Refund.proposed_at, Refund.number)
    )
    return [_view(r, complaint) for r in query]


# peewee puts the joined Complaint on each Refund under this attribute (not a declared field)
_JOINED_COMPLAINT = "complaint"


def _waiting(session: StaffSession, state: RefundState, hall_wide: bool) -> list[RefundView]:
    query = (
        Refund.select(Refund, Complaint)
        .join(Complaint, on=(Refund.complaint_id == Complaint.id), attr=_JOINED_COMPLAINT)
        .where(Refund.state == state.value)
        .order_by(Refund.proposed_at)
    )
    if not hall_wide:
        query = query.where(Refund.desk_code == require_desk().desk_code)
    if not may(session.role, Permission.SEE_HALL_COMPLAINTS):
        me = session.staff_no
        query = query.where(
            (Complaint.first_responder_no == me)
            | (Complaint.handler_no == me)
            | (Refund.proposed_by_no == me)
        )
    return [_view(r, getattr(r, _JOINED_COMPLAINT)) for r in query]


@signed_in
def pending_approvals(session: StaffSession, *, hall_wide: bool = False) -> list[RefundView]:
    """Refunds waiting for approval (待审批), oldest first: this desk's (where they can be approved)
    unless ``hall_wide``. A clerk sees those of their own complaints and follow-ups."""
    return _waiting(session, RefundState.PENDING, hall_wide)


@signed_in
def awaiting_head_office(session: StaffSession, *, hall_wide: bool = False) -> list[RefundView]:
    """Refunds sent to head office (待总部审批), oldest first."""
    return _waiting(session, RefundState.AWAITING_HEAD_OFFICE, hall_wide)


# -- delegation ---------------------------------------------------------------------------------


def delegation_state(row: RefundDelegation) -> dict[str, Any]:
    return {
        "id": row.id,
        "hall": row.hall_code,
        "desk": row.desk_code,
        "from_no": row.from_no,
        "from_name": row.from_name,
        "to_no": row.to_no,
        "to_name": row.to_name,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "note": row.note,
        "created_at": row.created_at,
        "revoked_at": row.revoked_at,
        "revoked_by_no": row.revoked_by_no,
    }


@signed_in
def delegate_limit(
    ctx: DeskContext,
    session: StaffSession,
    *,
    to_staff_no: str,
    starts_at: datetime,
    ends_at: datetime,
    note: str = "",
) -> DelegationView:
    """A store manager delegates their approval limit to a named shift leader for a period
    (``delegation.granted``). Approvals by that leader inside the period use the store manager's
    limit and say so."""
    require(session.role, Permission.DELEGATE_APPROVAL)
    desk = require_desk()
    now = ctx.clock.now()
    with unit_of_work():
        leader = Staff.get_or_none(
            (Staff.staff_no == (to_staff_no or "").strip()) & (Staff.active == True)  # noqa: E712
        )
        if leader is None:
            raise ValidationError(DELEGATION_NOT_LEADER, "to_staff_no")
        period = validate_delegation(Role(leader.role), starts_at, ends_at, note, now=now)
        row = RefundDelegation.create(
            id=str(uuid.uuid4()),
            hall_code=desk.code,
            desk_code=desk.desk_code,
            from_no=session.staff_no,
            from_name=session.name,
            to_no=leader.staff_no,
            to_name=leader.name,
            starts_at=period.starts_at,
            ends_at=period.ends_at,
            note=period.note,
            created_at=now,
            updated_at=now,
        )
        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type=DELEGATION_GRANTED,
            actor=session.staff_no,
            at=now,
            state=delegation_state(row),
        )
    log.info(
        "approval limit of %s delegated to %s until %s", session.staff_no, row.to_no, row.ends_at
    )
    return _delegation_view(row, now)


def delegations(ctx: DeskContext) -> list[DelegationView]:
    """Every delegation the desk holds (the hall's), newest first, with whether it is in force."""
    now = ctx.clock.now()
    query = RefundDelegation.select().order_by(RefundDelegation.created_at.desc())
    return [_delegation_view(r, now) for r in query]


@signed_in
def revoke_delegation(
    ctx: DeskContext, session: StaffSession, delegation_id: str
) -> DelegationView:
    """A store manager ends a delegation early (``delegation.revoked``), at the desk that made it."""
    require(session.role, Permission.DELEGATE_APPROVAL)
    desk = require_desk()
    now = ctx.clock.now()
    with unit_of_work():
        row = RefundDelegation.get_or_none(RefundDelegation.id == delegation_id)
        if row is None:
            raise NotFound(DELEGATION_NOT_FOUND)
        if row.desk_code != desk.desk_code:
            raise RefundRefused(DELEGATION_OTHER_DESK, desk=row.desk_code)
        if row.revoked_at is not None:
            raise RefundRefused(DELEGATION_REVOKED)
        before = delegation_state(row)
        row.revoked_at, row.revoked_by_no, row.updated_at = now, session.staff_no, now
        row.save()
        append_event(
            hall=row.hall_code,
            desk=row.desk_code,
            type=DELEGATION_REVOKED_EVENT,
            actor=session.staff_no,
            at=now,
            state=delegation_state(row),
            before=before,
        )
    return _delegation_view(row, now)
