"""The refund loop at the hall (issue 16): what head office's execution (电子工单) asks of the desk.

- 我的跟进 of the first responder and of the store manager names a refund head office has held for
  more than ``execution_wait_working_days`` working days (policy, default 3; the holiday calendar
  the deadlines use) without executing it (:func:`refund_follow_ups`, reason ``held``).
- A refund newly executed (已到账) or failed (执行失败) puts its complaint back on the first
  responder's 我的跟进, even when the complaint is closed, until the customer has been told
  (reasons ``executed`` / ``failed``; :func:`customer_told` records it: ``refund.customer_told``).
- The store manager's dashboard and report: refunds by state (pending, approved, executed, failed)
  and the amount executed in the period (:func:`refund_figures`).

Head office's execution itself arrives through the downlink (:mod:`hall_desk.sync.downlink`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.errors import PermissionDenied
from hall_desk.domain.money import from_fen
from hall_desk.domain.policy import Role
from hall_desk.domain.refund_execution import ExecutionShown, held_too_long
from hall_desk.domain.refunds import ExecutionState, RefundRefused, RefundState
from hall_desk.domain.reporting import Period
from hall_desk.domain.staff import Permission, require
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.lifecycle import NOT_YOURS
from hall_desk.services.refunds import RefundView, _load_for_change, _view, refund_state
from hall_desk.storage.db import database, unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import Complaint, Refund, RefundExecution

log = logging.getLogger(__name__)

CUSTOMER_TOLD = "refund.customer_told"
NOTHING_TO_TELL = "refund.nothing_to_tell"  # no execution or failure waits to be told


class RefundFollowUpReason(StrEnum):
    HELD = "held"  # head office has held it too long without executing it
    EXECUTED = "executed"  # 已到账: tell the customer
    FAILED = "failed"  # 执行失败: tell the customer


@dataclass(frozen=True)
class RefundFollowUp:
    refund: RefundView
    reason: RefundFollowUpReason
    complaint_number: str
    complaint_state: str
    first_responder_no: str
    since: datetime | None  # held since / the news arrived


_NEEDS_EXECUTION = (RefundState.APPROVED.value, RefundState.HEAD_OFFICE_APPROVED.value)


@signed_in
def refund_follow_ups(ctx: DeskContext, session: StaffSession) -> list[RefundFollowUp]:
    """The refunds 我的跟进 names for the signed-in person, oldest first: news of an execution or
    failure on complaints they are first responder of (closed ones too), and refunds head office has
    held too long — on their complaints, or any of the hall's for a store manager."""
    me = session.staff_no
    manager = session.role is Role.STORE_MANAGER
    now = ctx.clock.now()
    items: list[RefundFollowUp] = []
    news = (
        Refund.select(Refund, Complaint, RefundExecution)
        .join(Complaint, on=(Refund.complaint_id == Complaint.id), attr="complaint")
        .switch(Refund)
        .join(RefundExecution, on=(RefundExecution.refund_id == Refund.id), attr="execution")
        .where(
            RefundExecution.news_at.is_null(False)
            & RefundExecution.told_at.is_null()
            & (Complaint.first_responder_no == me)
        )
        .order_by(RefundExecution.news_at)
    )
    row: Any  # a Refund with its joined ``complaint`` (and ``execution``)
    for row in news:  # a cancellation after a failure leaves the failure to be told
        reason = (
            RefundFollowUpReason.EXECUTED
            if row.execution.state == ExecutionState.EXECUTED.value
            else RefundFollowUpReason.FAILED
        )
        items.append(
            RefundFollowUp(
                _view(row, row.complaint),
                reason,
                row.complaint.number,
                row.complaint.state,
                row.complaint.first_responder_no,
                row.execution.news_at,
            )
        )
    waiting = (
        Refund.select(Refund, Complaint)
        .join(Complaint, on=(Refund.complaint_id == Complaint.id), attr="complaint")
        .where(
            Refund.state.in_(_NEEDS_EXECUTION)
            & Refund.id.not_in(RefundExecution.select(RefundExecution.refund_id))
        )
        .order_by(Refund.decided_at, Refund.hq_decided_at)
    )
    if not manager:
        waiting = waiting.where(Complaint.first_responder_no == me)
    days = ctx.policy.execution_wait_working_days
    for row in waiting:
        view = _view(row, row.complaint)
        if view.execution_shown != ExecutionShown.AWAITING.value or view.held_since is None:
            continue  # not received by head office yet (未上传总部), or handed over at the hall
        if held_too_long(view.held_since, now, days):
            items.append(
                RefundFollowUp(
                    view,
                    RefundFollowUpReason.HELD,
                    row.complaint.number,
                    row.complaint.state,
                    row.complaint.first_responder_no,
                    view.held_since,
                )
            )
    return items


@signed_in
def customer_told(ctx: DeskContext, session: StaffSession, refund_id: str) -> RefundView:
    """The first responder (or whoever may act on the complaint) told the customer that the refund
    was credited, or that it failed: it leaves 我的跟进 (``refund.customer_told``, at the refund's
    desk). Works on a closed complaint too (首问责任制: until the customer has the answer)."""
    require(session.role, Permission.RECORD_COMPLAINT)
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_change(refund_id)
        complaint = Complaint.get_by_id(row.complaint_id)
        if (
            session.staff_no not in (complaint.first_responder_no, complaint.handler_no)
            and session.role is not Role.STORE_MANAGER
        ):
            raise PermissionDenied(NOT_YOURS, number=complaint.number)
        execution = RefundExecution.get_or_none(RefundExecution.refund_id == refund_id)
        if execution is None or execution.news_at is None or execution.told_at is not None:
            raise RefundRefused(NOTHING_TO_TELL, number=row.number)
        execution.told_at, execution.told_by_no = now, session.staff_no
        execution.save()
        append_event(
            hall=row.hall_code,
            desk=row.desk_code,
            type=CUSTOMER_TOLD,
            actor=session.staff_no,
            at=now,
            state={
                **refund_state(row, complaint.number),
                "customer_told": {
                    "execution_state": execution.state,
                    "execution_event_id": execution.event_id,
                    "told_at": utc_iso(now),
                },
            },
        )
    log.info(
        "refund %s: the customer was told (%s) by %s", row.number, execution.state, session.staff_no
    )
    return _view(row, complaint)


@dataclass(frozen=True)
class RefundFigures:
    """Refunds proposed in the period by state now, and what head office credited in it."""

    pending: int = 0  # 待审批 / 待总部审批
    approved: int = 0  # approved, not executed (nor failed) yet; 充值卡返还 handed over included
    executed: int = 0  # 已到账
    failed: int = 0  # 执行失败
    executed_amount: Decimal = Decimal("0.00")  # credited in the period (by executed_at)


_FIGURES = f"""
SELECT
  coalesce(sum(r.state IN ('{RefundState.PENDING.value}', '{RefundState.AWAITING_HEAD_OFFICE.value}')
      AND x.state IS NULL), 0),
  coalesce(sum(r.state IN ('{RefundState.APPROVED.value}', '{RefundState.HEAD_OFFICE_APPROVED.value}')
      AND (x.state IS NULL OR x.state = '{ExecutionState.AWAITING.value}')), 0),
  coalesce(sum(x.state = '{ExecutionState.EXECUTED.value}'), 0),
  coalesce(sum(x.state = '{ExecutionState.FAILED.value}'), 0)
FROM refund AS r LEFT JOIN refund_execution AS x ON x.refund_id = r.id
WHERE r.proposed_at >= ? AND r.proposed_at < ?
"""
_EXECUTED_AMOUNT = (
    "SELECT coalesce(sum(amount_fen), 0) FROM refund_execution"
    f" WHERE state = '{ExecutionState.EXECUTED.value}' AND executed_at >= ? AND executed_at < ?"
)


def refund_figures(period: Period) -> RefundFigures:
    """The dashboard's and report's refund figures of ``period`` (hall-wide: every desk's refunds
    this desk holds). The caller checks the permission (the dashboard's)."""
    bounds = (utc_iso(period.start), utc_iso(period.end))
    pending, approved, executed, failed = database.execute_sql(_FIGURES, bounds).fetchone()
    (fen,) = database.execute_sql(_EXECUTED_AMOUNT, bounds).fetchone()
    return RefundFigures(
        int(pending), int(approved), int(executed), int(failed), from_fen(int(fen))
    )
