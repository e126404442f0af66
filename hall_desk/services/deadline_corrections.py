"""Issue 20, item 6: next year's holidays arrive. A working-day deadline counted beyond the holiday
calendar's data was an estimate (估) — the one exception to "a deadline is fixed when the complaint
is accepted". When head office publishes that year's calendar (the policy document's ``calendar``
section), the complaint's own desk replaces the estimate once, with a
``complaint.deadline_corrected`` event (written by the desk itself, no person signed in): the
estimate is kept beside it (``reply_due_estimate``, shown as 已更正). A complaint answered before
the calendar arrived never turns late by the correction (the later of the two applies to it,
:func:`hall_desk.domain.deadlines.corrected_reply_due`). Fixed deadlines are never touched."""

from __future__ import annotations

import logging
from datetime import datetime

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.deadlines import (
    coordination_of,
    corrected_reply_due,
    working_day_deadline,
)
from hall_desk.domain.hq_link import unattended_actor
from hall_desk.domain.payloads import DEADLINE_CORRECTED
from hall_desk.services.complaints import complaint_state
from hall_desk.services.context import DeskContext
from hall_desk.services.policy import policy_of_version, published_calendar
from hall_desk.services.setup import current_desk
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import Complaint

log = logging.getLogger(__name__)


def correct_estimated_deadlines(ctx: DeskContext) -> list[str]:
    """Correct this desk's 估 deadlines the calendar in force now covers; the numbers corrected.
    Each is one transaction with its event; run after a new policy arrives (and at start)."""
    desk = current_desk()
    if desk is None:
        return []
    calendar = ctx.calendar
    years = published_calendar().years
    if not years:
        return []
    estimated = Complaint.select().where(
        (Complaint.desk_code == desk.desk_code)
        & (Complaint.reply_due_estimated == True)  # noqa: E712
        & Complaint.reply_due_estimate.is_null()
    )
    corrected: list[str] = []
    for row in estimated.order_by(Complaint.accepted_at):
        coordination = coordination_of(row.deadline_basis)
        if coordination is None:
            continue
        policy = policy_of_version(row.policy_version)
        counted = working_day_deadline(row.accepted_at, coordination, policy, calendar)
        if counted.estimated:
            continue  # its year's calendar has not arrived yet
        _correct(ctx, row.id, counted.reply_due, sorted(years))
        corrected.append(row.number)
    if corrected:
        log.info("deadlines corrected by the published calendar: %s", ", ".join(corrected))
    return corrected


def _correct(ctx: DeskContext, complaint_id: str, counted_due: datetime, years: list[int]) -> None:
    now = ctx.clock.now()
    with unit_of_work():
        row = Complaint.get_by_id(complaint_id)
        if row.reply_due_estimate is not None or not row.reply_due_estimated:
            return  # corrected meanwhile: once only
        estimate = row.reply_due
        answered = row.reply_counted_at is not None
        applied = corrected_reply_due(estimate, counted_due, answered=answered)
        before = complaint_state(row)
        row.reply_due_estimate = estimate
        row.reply_due = applied
        row.reply_due_estimated = False
        row.updated_at = now
        row.save()
        state = complaint_state(row)
        state["record"] = {
            "estimate": utc_iso(estimate),
            "corrected": utc_iso(counted_due),
            "applied": utc_iso(applied),
            "answered_before": answered,
            "calendar_years": years,
        }
        before["record"] = state["record"]
        append_event(
            hall=row.hall_code,
            desk=row.desk_code,
            type=DEADLINE_CORRECTED,
            actor=unattended_actor(row.desk_code),
            at=now,
            state=state,
            before=before,
        )
