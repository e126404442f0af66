"""A complaint's history from its events (this desk's and those pulled from the hall's other desks
and head office), oldest first: who, what, when, and before → after for what changed.

The events are found through the entity index on the payload's ``id`` (``event_entity_key`` on
``event.entity`` since the step "compact events"; ``event_entity`` of schema v5 before), so a
timeline never reads the whole log: the complaint's own, and those of its refunds (schema v8: the
refund ids through ``refund_complaint``), head office's ``refund.decided`` included. A refund's entry
has ``refund_id`` and ``refund_number`` set, ``changes`` of the refund's fields (state, …) and, in
``detail``, the refund's summary (number, amount, method, state, reason, who decided, delegation) or
head office's payload (a decision: approved, reason, operator, decided_at …; the refund loop's
advice, execution, failure or cancellation of the execution).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hall_desk.domain.clock import parse_utc_iso
from hall_desk.domain.payloads import COMPLAINT_PROGRESS, COMPLAINT_RETURNED
from hall_desk.services.complaints import get_complaint
from hall_desk.services.context import StaffSession, signed_in
from hall_desk.storage.db import database
from hall_desk.storage.models import Refund, Staff
from hall_desk.sync.protocol import OPERATOR_PREFIX

# Payload keys that are not the complaint's fields (the step's own record and bookkeeping).
_NOT_FIELDS = frozenset({"changes", "repeat_of", "report_to_hq_now", "record"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class TimelineEntry:
    """One event: ``action`` is the event type (``complaint.transferred`` …: the UI's text key)."""

    at: datetime
    action: str
    actor_no: str  # staff number; empty for head office
    actor_name: str  # the staff member's name, or head office's operator
    desk: str
    changes: list[FieldChange] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)  # the step's record (reply, callback …)
    refund_id: str = ""  # a refund's event (refund.*): which refund
    refund_number: str = ""


_ENTITY_EVENTS = (
    "SELECT desk, seq, type, at, actor, event_payload(payload) FROM event"
    " WHERE entity = event_entity_key(?1)"
    " UNION ALL"
    " SELECT desk, seq, type, at, actor, event_payload(payload) FROM event"
    " WHERE entity IN (SELECT event_entity_key(id) FROM refund WHERE complaint_id = ?1)"
    " ORDER BY at, desk, seq"
)
_REFUND_SUMMARY = (
    "number", "amount", "method", "account_type", "state", "reason", "decided_by_name",
    "decision_reason", "delegated_by_name", "delegation_until", "sent_by_name", "policy_version",
    "signed_at",
)  # fmt: skip
# Head office's refund events carry their whole payload as the detail, less these.
_HEAD_OFFICE_NOT_SHOWN = frozenset({"id", "changes"})
# A refund's fields that are bookkeeping, not worth a line of "before → after".
_REFUND_NOT_SHOWN = frozenset(
    {"changes", "signature_sha256", "delegation_id", "hq_decided_at", "complaint_number"}
)  # complaint_number: steps diff against a state read without it ("" → the number): noise


@signed_in
def timeline(session: StaffSession, complaint_id: str) -> list[TimelineEntry]:
    """Whoever may see the complaint may see its history."""
    get_complaint(session, complaint_id)
    rows = database.execute_sql(_ENTITY_EVENTS, (complaint_id,)).fetchall()
    numbers = {r[4] for r in rows if not r[4].startswith(OPERATOR_PREFIX)}
    names = {
        s.staff_no: s.name
        for s in Staff.select(Staff.staff_no, Staff.name).where(Staff.staff_no.in_(sorted(numbers)))
    }
    refund_numbers = {
        r.id: r.number
        for r in Refund.select(Refund.id, Refund.number).where(Refund.complaint_id == complaint_id)
    }
    entries = []
    for desk, _seq, kind, at, actor, text in rows:
        payload = json.loads(text)
        if kind.startswith("refund."):
            entries.append(_refund_entry(desk, kind, at, actor, payload, names, refund_numbers))
            continue
        if not kind.startswith("complaint."):
            continue
        if actor.startswith(OPERATOR_PREFIX):
            actor_no, actor_name = "", str(payload.get("operator") or actor[len(OPERATOR_PREFIX) :])
        else:
            actor_no, actor_name = actor, names.get(actor, "")
        if not actor_name and kind == "complaint.created":
            actor_name = str(payload.get("first_responder_name", ""))
        changes = []
        if kind != "complaint.created":  # a new complaint: every field "changed"; not a diff
            changes = [
                FieldChange(key, pair[0], pair[1])
                for key, pair in sorted((payload.get("changes") or {}).items())
                if isinstance(pair, list)
                and len(pair) == 2
                and key not in _NOT_FIELDS
                and not isinstance(pair[1], dict)
            ]
        detail = _detail(kind, payload)
        entries.append(
            TimelineEntry(parse_utc_iso(at), kind, actor_no, actor_name, desk, changes, detail)
        )
    return entries


def _refund_entry(
    desk: str,
    kind: str,
    at: str,
    actor: str,
    payload: dict[str, Any],
    names: dict[str, str],
    refund_numbers: dict[str, str],
) -> TimelineEntry:
    refund_id = str(payload.get("id", ""))
    if actor.startswith(OPERATOR_PREFIX):  # head office's: its decision, advice, execution …
        operator = next(
            (
                str(payload[k])
                for k in ("operator_name", "recorded_by_name", "recommended_by_name", "operator")
                if payload.get(k)
            ),
            actor[len(OPERATOR_PREFIX) :],
        )
        actor_no, actor_name = "", operator
        detail = {k: value for k, value in payload.items() if k not in _HEAD_OFFICE_NOT_SHOWN}
        return TimelineEntry(
            parse_utc_iso(at),
            kind,
            actor_no,
            actor_name,
            desk,
            [],
            detail,
            refund_id,
            refund_numbers.get(refund_id, ""),
        )
    actor_name = names.get(actor, "")
    changes = []
    if kind != "refund.proposed":
        changes = [
            FieldChange(key, pair[0], pair[1])
            for key, pair in sorted((payload.get("changes") or {}).items())
            if isinstance(pair, list) and len(pair) == 2 and key not in _REFUND_NOT_SHOWN
        ]
    detail = {k: payload.get(k) for k in _REFUND_SUMMARY}
    return TimelineEntry(
        parse_utc_iso(at),
        kind,
        actor,
        actor_name,
        desk,
        changes,
        detail,
        refund_id,
        str(payload.get("number") or refund_numbers.get(refund_id, "")),
    )


def _detail(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    if kind == "complaint.replied":  # head office's answer
        return {k: payload.get(k) for k in ("reply", "replied_at", "operator")}
    if kind == COMPLAINT_PROGRESS:  # issue 17: head office's progress note
        return {k: payload.get(k) for k in ("text", "promised_at", "promised_typed", "operator")}
    if kind == COMPLAINT_RETURNED:  # issue 17: head office handed it back to the hall
        return {k: payload.get(k) for k in ("note", "returned_at", "operator")}
    record = payload.get("record")
    return record if isinstance(record, dict) else {}
