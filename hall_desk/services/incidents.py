"""重大批量投诉: an incident (one cause, many customers), its complaints, and the one-step intake of
a further caller while it is open.

Events: ``incident.opened`` / ``incident.closed`` carry the incident's full state (its own family:
head office keeps them once ``hall_desk/hq/apply.py`` knows ``incident``); linking an existing
complaint changes the complaint, so it is a ``complaint.linked_to_incident`` event with the
complaint's full state. A quick intake is an ordinary ``complaint.created`` whose state carries
``incident_id``. Only the desk that opened an incident closes it; every desk of the hall that holds
it (pulled) may take further callers for it while it is open.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hall_desk.domain.catalogue import Channel
from hall_desk.domain.clock import SHANGHAI
from hall_desk.domain.errors import NotFound
from hall_desk.domain.incidents import (
    IncidentDraft,
    IncidentFacts,
    IncidentRefused,
    IncidentState,
    check_open,
    quick_intake_draft,
    validate_incident,
)
from hall_desk.domain.lifecycle import Step
from hall_desk.domain.policy import NetworkUrgency, Tier
from hall_desk.domain.staff import Permission, require
from hall_desk.services.complaints import (
    ComplaintSummary,
    RecordedComplaint,
    complaint_summary,
    record_complaint,
)
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.lifecycle import apply_step
from hall_desk.services.setup import require_desk
from hall_desk.services.views import ComplaintView
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import Complaint, Incident

log = logging.getLogger(__name__)

OTHER_DESK = "incident.other_desk"  # refused: close it at the desk that opened it
INCIDENT_OPENED = "incident.opened"
INCIDENT_CLOSED_EVENT = "incident.closed"


@dataclass(frozen=True)
class IncidentView:
    id: str
    number: str
    desk_code: str
    cause: str
    area: str
    main_class: str
    sub_class: str
    network_urgency: str | None
    customer_request: str
    started_at: datetime
    state: str
    opened_by_no: str
    opened_by_name: str
    opened_at: datetime
    closed_at: datetime | None
    complaint_count: int


def incident_state(row: Incident) -> dict[str, Any]:
    """The incident's full state as it travels in its events."""
    return {
        "id": row.id,
        "number": row.number,
        "hall": row.hall_code,
        "desk": row.desk_code,
        "cause": row.cause,
        "area": row.area,
        "main_class": row.main_class,
        "sub_class": row.sub_class,
        "network_urgency": row.network_urgency,
        "customer_request": row.customer_request,
        "started_at": row.started_at,
        "state": row.state,
        "opened_by_no": row.opened_by_no,
        "opened_by_name": row.opened_by_name,
        "opened_at": row.opened_at,
        "closed_at": row.closed_at,
        "closed_by_no": row.closed_by_no,
        "closing_note": row.closing_note,
    }


def _view(row: Incident) -> IncidentView:
    count = Complaint.select().where(Complaint.incident_id == row.id).count()
    return IncidentView(
        row.id,
        row.number,
        row.desk_code,
        row.cause,
        row.area,
        row.main_class,
        row.sub_class,
        row.network_urgency,
        row.customer_request,
        row.started_at,
        row.state,
        row.opened_by_no,
        row.opened_by_name,
        row.opened_at,
        row.closed_at,
        count,
    )


def _facts(row: Incident) -> IncidentFacts:
    return IncidentFacts(
        row.cause,
        row.area,
        row.main_class,
        row.sub_class,
        NetworkUrgency(row.network_urgency) if row.network_urgency else None,
        row.started_at,
        row.customer_request,
    )


def _get(incident_id: str) -> Incident:
    row = Incident.get_or_none(Incident.id == incident_id)
    if row is None:
        raise NotFound("incident.not_found")
    return row


def _next_number(desk_code: str, now: datetime) -> str:
    """``<desk>-ZD<yymmdd>-<nn>``: the desk's running number of incidents for the local day."""
    day = now.astimezone(SHANGHAI).strftime("%y%m%d")
    prefix = f"{desk_code}-ZD{day}-"
    count = Incident.select().where(Incident.number.startswith(prefix)).count()
    return f"{prefix}{count + 1:02d}"


@signed_in
def open_incident(ctx: DeskContext, session: StaffSession, draft: IncidentDraft) -> IncidentView:
    """Open an incident (cause, area, class/sub-class, urgency, started at). ``incident.opened``."""
    require(session.role, Permission.RECORD_COMPLAINT)
    now = ctx.clock.now()
    facts = validate_incident(draft, ctx.catalogue, now)
    desk = require_desk()
    with unit_of_work():
        row = Incident.create(
            id=str(uuid.uuid4()),
            number=_next_number(desk.desk_code, now),
            hall_code=desk.code,
            desk_code=desk.desk_code,
            cause=facts.cause,
            area=facts.area,
            main_class=facts.main_class,
            sub_class=facts.sub_class,
            network_urgency=facts.network_urgency.value if facts.network_urgency else None,
            customer_request=facts.customer_request,
            started_at=facts.started_at,
            state=IncidentState.OPEN.value,
            opened_by_no=session.staff_no,
            opened_by_name=session.name,
            opened_at=now,
            updated_at=now,
        )
        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type=INCIDENT_OPENED,
            actor=session.staff_no,
            at=now,
            state=incident_state(row),
        )
    log.info("incident %s opened by %s", row.number, session.staff_no)
    return _view(row)


@signed_in
def close_incident(
    ctx: DeskContext, session: StaffSession, incident_id: str, *, note: str = ""
) -> IncidentView:
    """Close an incident at the desk that opened it: no more quick intake or links for it; its
    complaints stay open until each is answered. ``incident.closed``."""
    require(session.role, Permission.RECORD_COMPLAINT)
    now = ctx.clock.now()
    text = (note or "").strip()[:1000]
    with unit_of_work():
        row = _get(incident_id)
        if row.desk_code != require_desk().desk_code:
            raise IncidentRefused(OTHER_DESK, desk=row.desk_code, number=row.number)
        check_open(IncidentState(row.state))
        before = incident_state(row)
        row.state = IncidentState.CLOSED.value
        row.closed_at, row.closed_by_no, row.closing_note, row.updated_at = (
            now,
            session.staff_no,
            text,
            now,
        )
        row.save()
        append_event(
            hall=row.hall_code,
            desk=row.desk_code,
            type=INCIDENT_CLOSED_EVENT,
            actor=session.staff_no,
            at=now,
            state=incident_state(row),
            before=before,
        )
    return _view(row)


@signed_in
def link_complaint(
    ctx: DeskContext, session: StaffSession, incident_id: str, complaint_id: str
) -> ComplaintView:
    """Link an existing complaint (of this desk) to an open incident:
    ``complaint.linked_to_incident`` with the complaint's full state."""

    def change(row: Complaint, now: datetime) -> dict[str, Any]:
        incident = _get(incident_id)
        check_open(IncidentState(incident.state))
        row.incident_id = incident.id
        return {"id": incident.id, "number": incident.number}

    return apply_step(ctx, session, complaint_id, Step.LINK_INCIDENT, change)


@signed_in
def quick_intake(
    ctx: DeskContext,
    session: StaffSession,
    incident_id: str,
    *,
    phone: str,
    customer_name: str,
    tier: str = Tier.ORDINARY.value,
    channel: str = Channel.WALK_IN.value,
) -> RecordedComplaint:
    """One further caller about an open incident: number and name; class, sub-class, urgency,
    place, when it happened, what happened and what the customer wants come from the incident.
    Goes through :func:`~hall_desk.services.complaints.record_complaint` (validation, repeat rule,
    first responder, ``complaint.created``), linked to the incident in the same transaction."""
    row = _get(incident_id)
    check_open(IncidentState(row.state))
    draft = quick_intake_draft(_facts(row), phone, customer_name, tier=tier, channel=channel)
    return record_complaint(ctx, session, draft, incident_id=incident_id)


def quick_intake_preview(incident_id: str) -> IncidentFacts:
    """What a quick intake will prefill (shown on the one-step form)."""
    return _facts(_get(incident_id))


def get_incident(incident_id: str) -> IncidentView:
    return _view(_get(incident_id))


def list_incidents(*, open_only: bool = True) -> list[IncidentView]:
    """The hall's incidents (this desk's and pulled), newest first; the open ones by default (the
    intake form offers quick intake for each)."""
    query = Incident.select()
    if open_only:
        query = query.where(Incident.state == IncidentState.OPEN.value)
    return [_view(r) for r in query.order_by(Incident.opened_at.desc())]


@signed_in
def incident_complaints(session: StaffSession, incident_id: str) -> list[ComplaintSummary]:
    """The complaints linked to an incident, newest first (a clerk: those they may see)."""
    from hall_desk.services.complaints import may_see

    _get(incident_id)
    query = (
        Complaint.select()
        .where(Complaint.incident_id == incident_id)
        .order_by(Complaint.accepted_at.desc())
    )
    return [complaint_summary(r) for r in query if may_see(session, r)]
