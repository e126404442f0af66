"""重大批量投诉: many customers, one cause (a cell outage). Pure Python: no I/O.

An incident holds what every complaint about it shares (cause, area, class/sub-class, urgency, when
it started, what customers typically want); while it is open, a further caller is recorded in one step
from their number and name: :func:`quick_intake_draft` prefills the rest, and the draft goes through
the normal intake validation, repeat rule and first responder like any other complaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from hall_desk.domain.catalogue import NETWORK_CLASS, Catalogue, Channel
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.errors import DomainError, ErrorCollector
from hall_desk.domain.policy import NetworkUrgency, Tier
from hall_desk.domain.text import NUL, TEXT_NUL


class IncidentState(StrEnum):
    OPEN = "处理中"
    CLOSED = "已结束"


INCIDENT_CLOSED = "incident.closed"  # refused: the incident is closed (no linking, no quick intake)

DEFAULT_REQUEST = "尽快恢复并说明原因"

MAX_LEN = {"cause": 500, "area": 100, "customer_request": 500, "note": 1000}


class IncidentRefused(DomainError):
    pass


@dataclass
class IncidentDraft:
    """The incident form, as typed."""

    cause: str = ""
    area: str = ""
    main_class: str = NETWORK_CLASS
    sub_class: str = ""
    network_urgency: str = ""
    started_at: datetime | None = None
    customer_request: str = DEFAULT_REQUEST


@dataclass(frozen=True)
class IncidentFacts:
    """A validated incident: what its complaints share."""

    cause: str
    area: str
    main_class: str
    sub_class: str
    network_urgency: NetworkUrgency | None
    started_at: datetime
    customer_request: str


def _text(errors: ErrorCollector, value: str, field: str, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        errors.add("text.required", field)
    elif NUL in text:
        errors.add(TEXT_NUL, field)
    elif len(text) > MAX_LEN[field]:
        errors.add("text.too_long", field, max=MAX_LEN[field])
    return text


def validate_incident(draft: IncidentDraft, catalogue: Catalogue, now: datetime) -> IncidentFacts:
    errors = ErrorCollector()
    cause = _text(errors, draft.cause, "cause")
    area = _text(errors, draft.area, "area")
    request = _text(errors, draft.customer_request, "customer_request")
    if not draft.main_class:
        errors.add("choice.required", "main_class")
    elif draft.main_class not in catalogue.classes():
        errors.add("choice.invalid", "main_class")
    elif not draft.sub_class:
        errors.add("choice.required", "sub_class")
    elif catalogue.regulator_class(draft.main_class, draft.sub_class) is None:
        errors.add("choice.invalid", "sub_class")
    urgency = None
    if draft.main_class == NETWORK_CLASS:
        if not draft.network_urgency:
            errors.add("choice.required", "network_urgency")
        else:
            try:
                urgency = NetworkUrgency(draft.network_urgency)
            except ValueError:
                errors.add("choice.invalid", "network_urgency")
    started = draft.started_at
    if started is None:
        errors.add("datetime.required", "started_at")
    elif started.tzinfo is None:
        errors.add("datetime.invalid", "started_at")
    elif started > now + timedelta(minutes=5):
        errors.add("datetime.in_future", "started_at")
    errors.raise_if_any()
    assert started is not None
    return IncidentFacts(cause, area, draft.main_class, draft.sub_class, urgency, started, request)


def check_open(state: IncidentState) -> None:
    if state is not IncidentState.OPEN:
        raise IncidentRefused(INCIDENT_CLOSED)


def quick_intake_draft(
    facts: IncidentFacts,
    phone: str,
    customer_name: str,
    *,
    tier: str = Tier.ORDINARY.value,
    channel: str = Channel.WALK_IN.value,
) -> ComplaintDraft:
    """A further caller about an open incident: number and name typed, the rest from the incident."""
    return ComplaintDraft(
        phone=phone,
        customer_name=customer_name,
        tier=tier,
        channel=channel,
        main_class=facts.main_class,
        sub_class=facts.sub_class,
        occurred_at=facts.started_at,
        place=facts.area,
        description=facts.cause,
        customer_request=facts.customer_request,
        network_urgency=facts.network_urgency.value if facts.network_urgency else "",
    )
