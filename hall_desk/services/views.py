"""Views: what services hand to the UI instead of peewee rows (issue 21).

A view is a frozen dataclass with the fields of its row, copied when the service returns it, so a
screen can neither save a row nor reach the database through it. :func:`view_of` copies a row (or
any object with those attributes) into a view; a test keeps each view's fields equal to its
model's columns.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

__all__ = [
    "CallbackView",
    "ComplaintView",
    "CustomerReplyView",
    "ProgressNoteView",
    "TransferRecordView",
    "view_of",
]

V = TypeVar("V")


def view_of(cls: type[V], row: Any) -> V:
    """``cls`` (a view dataclass) filled from the attributes of the same names on ``row``."""
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ComplaintView:
    """A complaint as the services give it out: every column of its row, read-only."""

    id: str
    number: str
    hall_code: str
    desk_code: str
    phone: str
    customer_name: str
    tier: str
    channel: str
    main_class: str
    sub_class: str
    regulator_class: str
    occurred_at: datetime | None
    place: str
    amount_fen: int | None
    description: str
    customer_request: str
    network_urgency: str | None
    escalation_source: str | None
    escalation_reference: str
    escalation_tendency: str
    important: bool
    media: bool
    escalated: bool
    repeat: bool
    state: str
    first_responder_no: str
    first_responder_name: str
    accepted_at: datetime
    reply_due: datetime
    regulator_due: datetime
    deadline_basis: str
    policy_version: int
    updated_at: datetime
    verification: str | None
    responsibility: str | None
    verification_note: str
    handler_kind: str
    handler_no: str
    handler_name: str
    satisfaction: str | None
    dissatisfied: bool
    promised_at: datetime | None
    replied_at: datetime | None
    closed_at: datetime | None
    incident_id: str | None
    template_id: str | None
    template_version: int | None
    reply_due_estimated: bool
    reply_counted_at: datetime | None
    late_reply: str
    planned_callback_at: datetime | None
    media_reported_by: str
    media_reported_at: datetime | None
    reply_due_estimate: datetime | None
    hq_returned_note: str
    hq_returned_at: datetime | None


@dataclass(frozen=True, slots=True)
class CustomerReplyView:
    """The hall's reply to the customer (答复客户), one step record."""

    id: str
    complaint_id: str
    content: str
    method: str
    replied_at: datetime
    staff_no: str
    staff_name: str
    recorded_at: datetime
    late_entry: bool
    late_reason: str
    quiet_reason: str
    quiet_note: str
    planned_callback_at: datetime | None


@dataclass(frozen=True, slots=True)
class CallbackView:
    """回访, one step record."""

    id: str
    complaint_id: str
    satisfaction: str
    reason: str
    called_at: datetime
    staff_no: str
    staff_name: str
    recorded_at: datetime
    method: str
    late_entry: bool
    late_reason: str
    quiet_reason: str
    quiet_note: str


@dataclass(frozen=True, slots=True)
class ProgressNoteView:
    """进展说明: what the customer was told and the new promised time."""

    id: str
    complaint_id: str
    told_customer: str
    promised_at: datetime
    staff_no: str
    staff_name: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class TransferRecordView:
    """转派, one step record."""

    id: str
    complaint_id: str
    to_kind: str
    to_no: str
    to_name: str
    note: str
    staff_no: str
    staff_name: str
    recorded_at: datetime
