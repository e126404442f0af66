"""The desk's copies of the hall's records (replicas), built from events' payloads: one row builder
and one upsert per entity family, used by the desk's downlink (:mod:`hall_desk.sync.downlink`, the
events of the hall's other desks and head office's own) and by recovery (:mod:`hall_desk.sync.recover`,
this desk's own events fetched back: an own ``complaint.*`` restores the complaint as its full state
says).

A payload reaching a builder has been read through the event catalogue
(:func:`hall_desk.domain.payloads.read_payload`: its type and version known, that version's rules
met); a builder turns it into the table's columns, checking what the columns need beyond that (an
older version declared less). What cannot be applied raises :class:`NotApplied` with a reason code
(the downlink quarantines the event: kept in the log, nothing of it applied).

What applies:

- ``complaint.*`` from another desk: the complaint's full state upserted (the first responder never
  changes: the table's trigger refuses it), repeat links kept when the earlier complaint is held;
  a complaint may only be changed by events of the desk that holds it (so lifecycle steps are taken
  at the recording desk, :mod:`hall_desk.services.lifecycle`). The lifecycle fields of schema v5
  are read when present (older events keep the defaults).
- ``incident.*`` from another desk: the incident's full state upserted (only its desk changes it).
- ``refund.*`` from another desk (issue 6): the refund's full state upserted (only its desk changes
  it; its complaint must be held; the signature image stays at its desk, its hash travels). A
  refund head office has decided keeps that decision when an event its desk wrote before it heard
  of the decision arrives later. ``delegation.*`` from another desk: the delegation upserted (a
  shift leader may approve at any counter under it).
- ``transfer.*`` from another desk (过户, issue 7): the transfer's row upserted from its full state
  (only its desk changes it). Its ``files`` are not applied: the files themselves stay at that desk
  (and go to head office), so this desk holds no ``transfer_file`` rows for them. Its identity
  data is stored sealed, as the event's payload (:mod:`hall_desk.storage.sealed`).
- ``typical_case.*`` from another desk (issue 8, 典型案例库): ``written`` / ``updated`` upsert the
  case's text (only the desk that wrote it changes it); ``marked_best`` / ``unmarked`` (a store
  manager at any desk of the hall) change only the marking columns, so a text event never undoes a
  marking nor a marking event the text.
- ``retention.purged`` from another desk (issue 9, 资料保存期限): the desk purges its own copy of the
  records listed, as the purging desk did (:func:`hall_desk.storage.retention.purge_transfer`):
  the identity values in the transfer's row, the held ``transfer.*`` events redacted in place (they
  keep id, seq, prev and hash and name the purge; the same event arriving again in its original
  form is a duplicate, not a conflict), files held deleted. Only for transfers of the purging desk
  (only its desk changes a transfer); applying it again changes nothing.
- from head office only (``<HALL>-00``): ``staff.changed`` (head office's order of receipt decides;
  this desk's own change shows at once and is confirmed or overridden by the echo), ``policy.set``
  (versions only go up: a lower or equal version is kept but ignored), ``complaint.replied`` (the
  reply is kept and the complaint becomes 已答复 by
  :func:`~hall_desk.domain.complaints.state_after_reply`), ``refund.decided`` (kept in
  ``hq_decision``; when the desk holds the refund and it was sent to head office, the refund
  becomes 总部已批准 / 总部已拒绝 with head office's reason and operator — a refund the desk does not
  hold takes the decision if its events arrive later; one withdrawn meanwhile keeps its state).
  Issue 16 (the refund loop): ``refund.recommended`` (kept in ``refund_recommendation``: the
  decision chain) and ``refund.executed`` / ``refund.execution_failed`` /
  ``refund.execution_cancelled`` (head office's last word in ``refund_execution``; the refund's own
  row is not touched: execution is a second dimension beside the decision state). A refund's
  ``closure`` (销户) is checked by the domain's closure rules and stored as canonical JSON.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

import peewee

from hall_desk import faults
from hall_desk.domain.account_closure import ClosureRefused, closure_from_payload
from hall_desk.domain.clock import utc_iso
from hall_desk.domain.complaints import ComplaintState, state_after_reply
from hall_desk.domain.envelope import canonical_json
from hall_desk.domain.errors import DomainError
from hall_desk.domain.identity import stored_phone
from hall_desk.domain.incidents import IncidentState
from hall_desk.domain.money import from_fen, to_fen
from hall_desk.domain.passwords import is_acceptable_hash
from hall_desk.domain.policy import Role
from hall_desk.domain.policy_document import parse_policy_document, policy_document
from hall_desk.domain.refunds import (
    DECIDABLE_BY_HEAD_OFFICE,
    HEAD_OFFICE_DECIDED,
    AccountType,
    ExecutionState,
    RefundMethod,
    RefundState,
)
from hall_desk.domain.retention import Part
from hall_desk.domain.transfers import TransferKind, TransferState
from hall_desk.storage import sealed
from hall_desk.storage.db import database
from hall_desk.storage.models import (
    Complaint,
    ComplaintLink,
    ComplaintReply,
    HQDecision,
    PolicyVersion,
    Staff,
)
from hall_desk.storage.retention import plan_redactions, purge_transfer

log = logging.getLogger(__name__)

# Why a payload was not applied (the downlink quarantines its event with this reason).
PAYLOAD_INVALID = "payload.invalid"  # a key missing or of the wrong type
COMPLAINT_UNKNOWN = "complaint.unknown"  # a reply to a complaint the desk does not hold
COMPLAINT_NOT_OWNER = "complaint.not_owner"  # another desk's change to a complaint
STAFF_NUMBER_TAKEN = "staff.number_taken"  # the staff number is another account's
REFUND_NOT_OWNER = "refund.not_owner"  # another desk's change to a refund
TRANSFER_NOT_OWNER = "transfer.not_owner"  # another desk's change to a transfer

REFUND_DECIDED_TYPE = "refund.decided"  # head office's decision (hall_desk.sync.protocol)
EXECUTED_TYPE = "refund.executed"  # issue 16: head office's execution (hall_desk.sync.protocol)
EXECUTION_FAILED_TYPE = "refund.execution_failed"


class NotApplied(Exception):
    """A payload the desk's tables cannot take: ``reason`` (a code above), ``detail`` for people."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def sql(query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Plain SQL on the hot path (one page is hundreds of events; peewee's query building cost
    more than SQLite itself)."""
    return database.execute_sql(query, params).fetchall()  # type: ignore[no-any-return]


# -- payload helpers --------------------------------------------------------------------------


def _need(
    payload: dict[str, Any], key: str, kind: type | tuple[type, ...], *, null: bool = False
) -> Any:
    if key not in payload:
        raise NotApplied(PAYLOAD_INVALID, f"{key} is missing")
    value = payload[key]
    if value is None and null:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise NotApplied(PAYLOAD_INVALID, f"{key} is not {getattr(kind, '__name__', kind)}")
    return value


def _time(payload: dict[str, Any], key: str, *, null: bool = False) -> datetime | None:
    text = _need(payload, key, str, null=null)
    if text is None:
        return None
    at = _utc(text)
    if at is None:
        raise NotApplied(PAYLOAD_INVALID, f"{key} is not a UTC time")
    return at


def parse_time(text: object) -> datetime:
    """A payload's UTC time (``…Z``); ``ValueError`` when it is not one."""
    at = _utc(text) if isinstance(text, str) else None
    if at is None:
        raise ValueError("not a UTC time")
    return at


def _utc(text: str) -> datetime | None:
    """A UTC ISO 8601 time ending in ``Z`` (with or without fractions of a second)."""
    if not isinstance(text, str) or not text.endswith("Z") or len(text) > 40:
        return None
    try:
        at = datetime.fromisoformat(text[:-1] + "+00:00")
    except ValueError:
        return None
    return at.astimezone(UTC)


def _enum_value(payload: dict[str, Any], key: str, enum: type[StrEnum]) -> str:
    value = _need(payload, key, str)
    try:
        return enum(value).value
    except ValueError:
        raise NotApplied(PAYLOAD_INVALID, f"{key} {value!r} is not known") from None


# -- complaints -------------------------------------------------------------------------------

_COMPLAINT_TEXT = (
    "number", "phone", "customer_name", "tier", "channel", "main_class", "sub_class",
    "regulator_class", "place", "description", "customer_request", "escalation_reference",
    "escalation_tendency", "first_responder_no", "first_responder_name", "deadline_basis",
)  # fmt: skip
_COMPLAINT_FLAGS = ("important", "media", "escalated", "repeat")
_LIFECYCLE_TEXT = ("verification_note", "handler_kind", "handler_no", "handler_name")


def _optional(payload: dict[str, Any], key: str, kind: type, default: Any) -> Any:
    """A key newer events carry (schema v5 fields): absent → ``default``; null → ``default``."""
    if key not in payload or payload[key] is None:
        return default
    return _need(payload, key, kind)


MAX_AMOUNT = Decimal("1000000000")  # yuan: beyond any complaint, and within SQLite's integers


def complaint_row(payload: dict[str, Any], env: dict[str, Any]) -> dict[str, Any]:
    """The desk's complaint columns from a ``complaint.*`` payload (the full state)."""
    row: dict[str, Any] = {"id": _need(payload, "id", str)}
    for key in _COMPLAINT_TEXT:
        row[key] = _need(payload, key, str)
    row["phone"] = stored_phone(row["phone"])  # issue 20: an older desk's 0400… as typed
    for key in _COMPLAINT_FLAGS:
        row[key] = _need(payload, key, bool)
    if _need(payload, "hall", str) != env["hall"] or _need(payload, "desk", str) != env["desk"]:
        raise NotApplied(PAYLOAD_INVALID, "hall/desk of the complaint are not its event's")
    row["hall_code"], row["desk_code"] = env["hall"], env["desk"]
    row["state"] = _enum_value(payload, "state", ComplaintState)
    for key in ("network_urgency", "escalation_source"):
        row[key] = _need(payload, key, str, null=True)
    row["occurred_at"] = _time(payload, "occurred_at", null=True)
    for key in ("accepted_at", "reply_due", "regulator_due"):
        row[key] = _time(payload, key)
    row["policy_version"] = _need(payload, "policy_version", int)
    amount = _need(payload, "amount", str, null=True)
    try:
        value = None if amount is None else Decimal(amount)
        if value is not None and not (value.is_finite() and 0 <= value <= MAX_AMOUNT):
            raise ValueError(amount)
        row["amount_fen"] = None if value is None else to_fen(value)
    except (InvalidOperation, ValueError):
        raise NotApplied(PAYLOAD_INVALID, "amount is not a sum of money") from None
    row["updated_at"] = _utc(env["at"])
    # schema v5 (the lifecycle): absent from older events, which keep the defaults
    for key in _LIFECYCLE_TEXT:
        row[key] = _optional(payload, key, str, "")
    for key in ("verification", "responsibility", "satisfaction", "incident_id"):
        row[key] = _optional(payload, key, str, None)
    row["dissatisfied"] = _optional(payload, "dissatisfied", bool, False)
    row["reply_due_estimated"] = _optional(payload, "reply_due_estimated", bool, False)  # v7
    row["template_id"] = _optional(payload, "template_id", str, None)  # issue 23
    row["template_version"] = _optional(payload, "template_version", int, None)  # issue 23
    for key in ("promised_at", "replied_at", "closed_at"):
        row[key] = _time(payload, key, null=True) if key in payload else None
    if not row["first_responder_no"]:
        raise NotApplied(PAYLOAD_INVALID, "first_responder_no is empty")
    row.update(_issue20_columns(payload, row))
    return row


def _issue20_columns(payload: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """Issue 20's complaint columns (absent from older events: counted as before, by the stated
    answer; nothing 补录, planned, reported or corrected)."""

    def time_if_sent(key: str) -> datetime | None:
        return _time(payload, key, null=True) if key in payload else None

    counted = (
        time_if_sent("reply_counted_at") if "reply_counted_at" in payload else row["replied_at"]
    )
    return {
        "reply_counted_at": counted,
        "late_reply": _optional(payload, "late_reply", str, ""),
        "planned_callback_at": time_if_sent("planned_callback_at"),
        "media_reported_by": _optional(payload, "media_reported_by", str, ""),
        "media_reported_at": time_if_sent("media_reported_at"),
        "reply_due_estimate": time_if_sent("reply_due_estimate"),
    }


def _only_its_desk(
    table: str, row: dict[str, Any], env: dict[str, Any], code: str, what: str
) -> None:
    """A pulled entity is changed only by the desk that holds it."""
    holder = sql(f"SELECT desk_code FROM {table} WHERE id = ?", (row["id"],))
    if holder and holder[0][0] != env["desk"]:
        raise NotApplied(code, f"{what} held as desk {holder[0][0]}'s")


def _upsert(table: str, row: dict[str, Any], updated: list[str] | None = None) -> None:
    """Insert ``row`` or, when its id is held, update ``updated`` (all but the id by default)."""
    columns = list(row)
    changed = updated if updated is not None else [c for c in columns if c != "id"]
    database.execute_sql(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        f" ON CONFLICT (id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in changed),
        tuple(_db_value(row[c]) for c in columns),
    )


def _update_or_insert_complaint(row: dict[str, Any]) -> None:
    """Issue 20: a held complaint is updated, a new one inserted; never an upsert, which the
    ``complaint_never_replaced`` trigger refuses (it fires on every INSERT of a held id)."""
    columns = [c for c in row if c != "id"]
    cursor = database.execute_sql(
        f"UPDATE complaint SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
        (*(_db_value(row[c]) for c in columns), row["id"]),
    )
    if cursor.rowcount == 0:
        database.execute_sql(
            f"INSERT INTO complaint ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            tuple(_db_value(v) for v in row.values()),
        )


def apply_complaint(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    row = complaint_row(payload, env)
    _only_its_desk("complaint", row, env, COMPLAINT_NOT_OWNER, "complaint")
    repeat_of = payload.get("repeat_of", [])
    if not isinstance(repeat_of, list) or not all(isinstance(i, str) for i in repeat_of):
        raise NotApplied(PAYLOAD_INVALID, "repeat_of is not a list of ids")
    _update_or_insert_complaint(row)  # the triggers refuse a change of 首问责任人 (→ rejected)
    if repeat_of:
        marks = ", ".join("?" * len(repeat_of))
        held = [
            r[0] for r in sql(f"SELECT id FROM complaint WHERE id IN ({marks})", tuple(repeat_of))
        ]
        if held:
            ComplaintLink.insert_many(
                [{"complaint_id": row["id"], "earlier_id": e, "kind": "repeat"} for e in held]
            ).on_conflict_ignore().execute()
    return True


_INCIDENT_TEXT = (
    "number", "cause", "area", "main_class", "sub_class", "customer_request", "opened_by_no",
    "opened_by_name", "closed_by_no", "closing_note",
)  # fmt: skip


def apply_incident(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """``incident.*`` from another desk: the incident's full state upserted (重大批量投诉: every
    counter of the hall offers the quick intake while it is open); only its desk changes it."""
    row: dict[str, Any] = {"id": _need(payload, "id", str)}
    for key in _INCIDENT_TEXT:
        row[key] = _need(payload, key, str)
    if _need(payload, "hall", str) != env["hall"] or _need(payload, "desk", str) != env["desk"]:
        raise NotApplied(PAYLOAD_INVALID, "hall/desk of the incident are not its event's")
    row["hall_code"], row["desk_code"] = env["hall"], env["desk"]
    row["state"] = _enum_value(payload, "state", IncidentState)
    row["network_urgency"] = _need(payload, "network_urgency", str, null=True)
    row["started_at"] = _time(payload, "started_at")
    row["opened_at"] = _time(payload, "opened_at")
    row["closed_at"] = _time(payload, "closed_at", null=True)
    row["updated_at"] = _utc(env["at"])
    _only_its_desk("incident", row, env, COMPLAINT_NOT_OWNER, "incident")
    _upsert("incident", row)
    return True


def _db_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, bool):
        return int(value)
    return value


def apply_reply(payload: dict[str, Any], env: dict[str, Any], *, at: datetime) -> bool:
    complaint_id = _need(payload, "id", str)
    reply = _need(payload, "reply", str)
    if not reply.strip():
        raise NotApplied(PAYLOAD_INVALID, "reply is empty")
    replied_at = _time(payload, "replied_at")
    operator = _need(payload, "operator", str)
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise NotApplied(COMPLAINT_UNKNOWN, f"complaint {complaint_id} is not held here")
    ComplaintReply.insert(
        event_id=env["id"],
        complaint_id=complaint_id,
        reply=reply,
        replied_at=replied_at,
        operator=operator,
        received_at=at,
    ).execute()
    new_state = state_after_reply(ComplaintState(row.state))
    first_answer = row.replied_at if row.replied_at is not None else replied_at
    counted = row.reply_counted_at  # issue 20: head office's reply counts when it was made
    counted = replied_at if counted is None or (replied_at and replied_at < counted) else counted
    Complaint.update(
        state=new_state.value,
        updated_at=_utc(env["at"]),
        replied_at=first_answer,
        reply_counted_at=counted,
    ).where(Complaint.id == complaint_id).execute()
    return True


def apply_late_reply_accepted(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """``complaint.late_reply_accepted`` (issue 20): head office accepted the store manager's
    confirmation of a 补录 reply's stated time: the reply now counts by its stated time (the
    complaint's first stated answer)."""
    complaint_id = _need(payload, "id", str)
    _time(payload, "hq_accepted_at")
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise NotApplied(COMPLAINT_UNKNOWN, f"complaint {complaint_id} is not held here")
    counted = row.replied_at if row.replied_at is not None else row.reply_counted_at
    Complaint.update(
        late_reply="总部已认可", reply_counted_at=counted, updated_at=_utc(env["at"])
    ).where(Complaint.id == complaint_id).execute()
    return True


def apply_hq_progress(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """``complaint.progress`` (issue 17): head office's progress note on a complaint transferred
    to it. Kept in the log (the timeline shows it); nothing else changes: a time head office
    promised is its own, not the hall's promise to the customer."""
    complaint_id = _need(payload, "id", str)
    if not _need(payload, "text", str).strip():
        raise NotApplied(PAYLOAD_INVALID, "text is empty")
    _time(payload, "noted_at")
    if Complaint.get_or_none(Complaint.id == complaint_id) is None:
        raise NotApplied(COMPLAINT_UNKNOWN, f"complaint {complaint_id} is not held here")
    return True


def apply_hq_returned(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """``complaint.returned`` (issue 17): head office hands a complaint transferred to it back to
    the hall with a note. Like a 收回 (take back): 已转派 → 处理中, the handler stays recorded
    (谁处理，谁负责); the note and its time are kept for the first responder's 我的跟进."""
    complaint_id = _need(payload, "id", str)
    note = _need(payload, "note", str)
    if not note.strip():
        raise NotApplied(PAYLOAD_INVALID, "note is empty")
    returned_at = _time(payload, "returned_at")
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise NotApplied(COMPLAINT_UNKNOWN, f"complaint {complaint_id} is not held here")
    state = row.state
    if state == ComplaintState.TRANSFERRED.value:
        state = ComplaintState.HANDLING.value
    Complaint.update(
        state=state, hq_returned_note=note, hq_returned_at=returned_at, updated_at=_utc(env["at"])
    ).where(Complaint.id == complaint_id).execute()
    return True


def apply_decision(payload: dict[str, Any], env: dict[str, Any], *, at: datetime) -> bool:
    """``refund.decided``: kept in ``hq_decision`` (as before the refunds issue), and applied to
    the refund when the desk holds it and it was sent to head office."""
    entity = _need(payload, "id", str)
    approved = _need(payload, "approved", bool)
    reason = _need(payload, "reason", str)
    decided_at = _time(payload, "decided_at")
    operator = _need(payload, "operator", str)
    name = _optional(payload, "operator_name", str, "") or operator  # issue 16: display name
    HQDecision.insert(
        event_id=env["id"],
        type=env["type"],
        entity_id=entity,
        payload=canonical_json(payload).decode("utf-8"),
        actor=env["actor"],
        received_at=at,
    ).execute()
    decide_refund(
        entity, approved, reason, decided_at, operator, env["id"], at=_utc(env["at"]), name=name
    )
    return True


def decide_refund(
    refund_id: str,
    approved: bool,
    reason: str,
    decided_at: datetime | None,
    operator: str,
    event_id: str,
    *,
    at: datetime | None,
    name: str = "",
) -> bool:
    """Head office's decision on a refund held here and sent to it; False when the desk does not
    hold it, or it was withdrawn or decided at the hall meanwhile (the decision stays in
    ``hq_decision``)."""
    held = sql("SELECT state FROM refund WHERE id = ?", (refund_id,))
    if not held:
        return False
    if held[0][0] not in {s.value for s in DECIDABLE_BY_HEAD_OFFICE}:
        log.warning(
            "refund %s is %s here: head office's decision is kept, not applied",
            refund_id,
            held[0][0],
        )
        return False
    state = RefundState.HEAD_OFFICE_APPROVED if approved else RefundState.HEAD_OFFICE_REFUSED
    database.execute_sql(
        "UPDATE refund SET state = ?, decision_reason = ?, hq_operator = ?, hq_decided_at = ?,"
        " decided_by_no = '', decided_by_name = ?, decided_at = ?, hq_event_id = ?,"
        " updated_at = ? WHERE id = ?",
        (state.value, reason, operator, _db_value(decided_at), name or operator,
         _db_value(decided_at), event_id, _db_value(at or decided_at), refund_id),
    )  # fmt: skip
    return True


# -- refunds and delegations of the hall's other desks -----------------------------------------

_REFUND_TEXT = (
    "number", "complaint_id", "item", "checked", "reason", "method_reason", "proposed_by_no",
    "proposed_by_name", "decided_by_no", "decided_by_name", "decision_reason", "delegated_by_no",
    "delegated_by_name", "sent_by_no", "sent_by_name", "hq_operator", "signature_sha256",
    "signed_by_no",
)  # fmt: skip
_REFUND_TIMES = ("decided_at", "delegation_until", "sent_at", "hq_decided_at", "signed_at")
# Head office's decision, kept when a refund it decided is upserted from an earlier-written event.
_HEAD_OFFICE_COLUMNS = (
    "state", "decision_reason", "hq_operator", "hq_decided_at", "decided_by_no",
    "decided_by_name", "decided_at",
)  # fmt: skip


def _fen(payload: dict[str, Any], key: str, *, null: bool = False) -> int | None:
    text = _need(payload, key, str, null=null)
    if text is None:
        return None
    try:
        value = Decimal(text)
        if not (value.is_finite() and 0 < value <= MAX_AMOUNT) or value != value.quantize(
            Decimal("0.01")
        ):
            raise ValueError(text)
    except (InvalidOperation, ValueError):
        raise NotApplied(PAYLOAD_INVALID, f"{key} is not a sum of money > 0") from None
    return to_fen(value)


def refund_row(payload: dict[str, Any], env: dict[str, Any]) -> dict[str, Any]:
    """The desk's refund columns from a ``refund.*`` payload (the full state)."""
    row: dict[str, Any] = {"id": _need(payload, "id", str)}
    for key in _REFUND_TEXT:
        row[key] = _need(payload, key, str)
    if _need(payload, "hall", str) != env["hall"] or _need(payload, "desk", str) != env["desk"]:
        raise NotApplied(PAYLOAD_INVALID, "hall/desk of the refund are not its event's")
    row["hall_code"], row["desk_code"] = env["hall"], env["desk"]
    row["state"] = _enum_value(payload, "state", RefundState)
    row["account_type"] = _enum_value(payload, "account_type", AccountType)
    row["method"] = _enum_value(payload, "method", RefundMethod)
    row["amount_fen"] = _fen(payload, "amount")
    row["limit_fen"] = _fen(payload, "limit", null=True)
    row["counted_total_fen"] = _fen(payload, "counted_total", null=True)
    row["delegation_id"] = _need(payload, "delegation_id", str, null=True)
    row["policy_version"] = _need(payload, "policy_version", int)
    row["proposed_at"] = _time(payload, "proposed_at")
    for key in _REFUND_TIMES:
        row[key] = _time(payload, key, null=True)
    row["updated_at"] = _utc(env["at"])
    row["closure"] = refund_closure(payload, row["amount_fen"])  # issue 16
    return row


def apply_refund(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    row = refund_row(payload, env)
    if not sql("SELECT 1 FROM complaint WHERE id = ?", (row["complaint_id"],)):
        raise NotApplied(COMPLAINT_UNKNOWN, f"complaint {row['complaint_id']} is not held here")
    held = sql("SELECT desk_code, state FROM refund WHERE id = ?", (row["id"],))
    if held and held[0][0] != env["desk"]:
        raise NotApplied(REFUND_NOT_OWNER, f"refund held as desk {held[0][0]}'s")
    updated = [c for c in row if c != "id"]
    decided = {s.value for s in HEAD_OFFICE_DECIDED}
    if held and held[0][1] in decided and row["state"] == RefundState.AWAITING_HEAD_OFFICE.value:
        # Its desk wrote this before it heard of head office's decision: the decision stands.
        updated = [c for c in updated if c not in _HEAD_OFFICE_COLUMNS]
    _upsert("refund", row, updated)
    if row["state"] == RefundState.AWAITING_HEAD_OFFICE.value and not (
        held and held[0][1] in decided
    ):
        _take_earlier_decision(row["id"])
    return True


def _take_earlier_decision(refund_id: str) -> None:
    """A decision received before the refund itself (kept in ``hq_decision``): the latest applies."""
    rows = sql(
        "SELECT event_id, payload FROM hq_decision WHERE entity_id = ? AND type = ?"
        " ORDER BY received_at DESC, rowid DESC LIMIT 1",
        (refund_id, REFUND_DECIDED_TYPE),
    )
    if not rows:
        return
    decision = json.loads(rows[0][1])
    decide_refund(
        refund_id,
        bool(decision["approved"]),
        str(decision["reason"]),
        _utc(decision["decided_at"]),
        str(decision["operator"]),
        rows[0][0],
        at=_utc(decision["decided_at"]),
        name=str(decision.get("operator_name") or decision["operator"]),
    )


_DELEGATION_TEXT = ("from_no", "from_name", "to_no", "to_name", "note", "revoked_by_no")


def apply_delegation(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """``delegation.*`` from another desk: upserted by id (only its desk changes it)."""
    row: dict[str, Any] = {"id": _need(payload, "id", str)}
    for key in _DELEGATION_TEXT:
        row[key] = _need(payload, key, str)
    if _need(payload, "hall", str) != env["hall"] or _need(payload, "desk", str) != env["desk"]:
        raise NotApplied(PAYLOAD_INVALID, "hall/desk of the delegation are not its event's")
    row["hall_code"], row["desk_code"] = env["hall"], env["desk"]
    for key in ("starts_at", "ends_at", "created_at"):
        row[key] = _time(payload, key)
    row["revoked_at"] = _time(payload, "revoked_at", null=True)
    row["updated_at"] = _utc(env["at"])
    _only_its_desk("refund_delegation", row, env, REFUND_NOT_OWNER, "delegation")
    _upsert("refund_delegation", row)
    return True


# -- transfers of the hall's other desks (过户) ---------------------------------------------------

_TRANSFER_TEXT = (
    "number", "phone", "account_type", "opened_checked_where", "retention_class",
    "paper_kept_until", "created_by_no", "created_by_name", "abandoned_reason",
)  # fmt: skip
# JSON columns: key → the type its decoded value must have (approval may be null).
_TRANSFER_JSON: dict[str, type] = {
    "parties": dict,
    "evidence": dict,
    "approval": dict,
    "signatures": dict,
    "documents": list,
}
_TRANSFER_SEALED = ("parties", "signatures")  # hall_desk.storage.sealed.SEALED_COLUMNS


def transfer_row(payload: dict[str, Any], env: dict[str, Any]) -> dict[str, Any]:
    """The desk's transfer columns from a ``transfer.*`` payload (the full state; its ``files``
    are not a column)."""
    row: dict[str, Any] = {"id": _need(payload, "id", str)}
    if (
        _need(payload, "hall_code", str) != env["hall"]
        or _need(payload, "desk_code", str) != env["desk"]
    ):
        raise NotApplied(PAYLOAD_INVALID, "hall/desk of the transfer are not its event's")
    row["hall_code"], row["desk_code"] = env["hall"], env["desk"]
    for key in _TRANSFER_TEXT:
        row[key] = _need(payload, key, str)
    row["kind"] = _enum_value(payload, "kind", TransferKind)
    row["state"] = _enum_value(payload, "state", TransferState)
    opened_on = _need(payload, "opened_on", str)
    try:
        date.fromisoformat(opened_on)
    except ValueError:
        raise NotApplied(PAYLOAD_INVALID, "opened_on is not a date") from None
    row["opened_on"] = opened_on
    for key, kind in _TRANSFER_JSON.items():
        value = _need(payload, key, kind, null=key == "approval")
        row[key] = (
            None
            if value is None
            else json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        )
    for key in _TRANSFER_SEALED:  # identity data: stored sealed, bound to the row
        row[key] = sealed.seal_value(row[key], f"transfer.{key}", row["id"])
    row["policy_version"] = _need(payload, "policy_version", int)
    row["created_at"] = _time(payload, "created_at")
    row["completed_at"] = _time(payload, "completed_at", null=True)
    row["updated_at"] = _time(payload, "updated_at")
    return row


def apply_transfer(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """``transfer.*`` from another desk: upserted by id (only its desk changes it)."""
    row = transfer_row(payload, env)
    _only_its_desk("transfer", row, env, TRANSFER_NOT_OWNER, "transfer")
    _upsert("transfer", row)
    return True


# -- retention purges of the hall's other desks (资料保存期限) ----------------------------------------


def apply_purge(payload: dict[str, Any], env: dict[str, Any], *, at: datetime) -> bool:
    """``retention.purged`` from another desk: each listed transfer this desk holds, of that desk,
    purged here too (its identity parts, its files if held, its held events redacted)."""
    records = _need(payload, "records", list)
    planned = []
    for record in records:
        if not isinstance(record, dict):
            raise NotApplied(PAYLOAD_INVALID, "a record is not an object")
        transfer_id = _need(record, "id", str)
        raw_parts = _need(record, "parts", list)
        try:
            parts = {Part(p) for p in raw_parts}
        except ValueError:
            raise NotApplied(PAYLOAD_INVALID, f"unknown part in {raw_parts!r}") from None
        held = sql("SELECT desk_code FROM transfer WHERE id = ?", (transfer_id,))
        if not held:
            continue  # not held here: nothing to purge
        if held[0][0] != env["desk"]:
            raise NotApplied(TRANSFER_NOT_OWNER, f"transfer {transfer_id} is not of {env['desk']}")
        planned.append((transfer_id, parts))
    for transfer_id, parts in planned:
        purge_transfer(
            transfer_id, parts, plan_redactions(transfer_id, parts), event_id=env["id"], at=at
        )
    return bool(planned)


# -- typical cases (典型案例库) -----------------------------------------------------------------------

_CASE_TEXT = (
    "complaint_id", "complaint_number", "title", "main_class", "sub_class", "background",
    "handling", "lessons", "author_no", "author_name",
)  # fmt: skip
_CASE_MARKING = ("best_quarter", "best_marked_by_no", "best_marked_by_name", "best_marked_at")
_CASE_MARKING_TYPES = ("typical_case.marked_best", "typical_case.unmarked")


def apply_typical_case(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """``typical_case.*`` from another desk: the text from the desk that wrote it, the marking
    (the quarter's best) from any desk of the hall."""
    row: dict[str, Any] = {"id": _need(payload, "id", str)}
    for key in _CASE_TEXT:
        row[key] = _need(payload, key, str)
    if _need(payload, "hall", str) != env["hall"]:
        raise NotApplied(PAYLOAD_INVALID, "hall of the typical case is not its event's")
    row["hall_code"], row["desk_code"] = env["hall"], _need(payload, "desk", str)
    row["written_at"] = _time(payload, "written_at")
    row["updated_at"] = _time(payload, "updated_at")
    quarter = _need(payload, "best_quarter", str, null=True)
    if quarter is not None and not _QUARTER.match(quarter):
        raise NotApplied(PAYLOAD_INVALID, f"best_quarter {quarter!r} is not a quarter")
    row["best_quarter"] = quarter
    row["best_marked_by_no"] = _need(payload, "best_marked_by_no", str)
    row["best_marked_by_name"] = _need(payload, "best_marked_by_name", str)
    row["best_marked_at"] = _time(payload, "best_marked_at", null=True)
    if env["type"] in _CASE_MARKING_TYPES:
        held = sql("SELECT 1 FROM typical_case WHERE id = ?", (row["id"],))
        if held:
            _upsert("typical_case", row, list(_CASE_MARKING))
            return True
        # Not held yet (its text comes later, or never): kept whole, its text from this event.
    elif row["desk_code"] != env["desk"]:
        raise NotApplied(PAYLOAD_INVALID, "a typical case's text comes from the desk that wrote it")
    else:
        _only_its_desk("typical_case", row, env, COMPLAINT_NOT_OWNER, "typical case")
    held = sql("SELECT 1 FROM typical_case WHERE id = ?", (row["id"],))
    text_columns = [c for c in row if c != "id" and c not in _CASE_MARKING]
    _upsert("typical_case", row, text_columns if held else None)
    return True


_QUARTER = re.compile(r"^\d{4}Q[1-4]$")


# -- staff and policy ---------------------------------------------------------------------------


def apply_staff(payload: dict[str, Any], *, hall: str, at: datetime) -> bool:
    staff_id = _need(payload, "id", str)
    number = _need(payload, "staff_no", str)
    name = _need(payload, "name", str)
    role = _enum_value(payload, "role", Role)
    active = _need(payload, "active", bool)
    password_hash = _need(payload, "password_hash", str)
    if not number.strip() or not name.strip():
        raise NotApplied(PAYLOAD_INVALID, "staff_no or name is empty")
    if not is_acceptable_hash(password_hash):
        raise NotApplied(PAYLOAD_INVALID, "password_hash is not one this desk can check")
    must_change = payload.get("must_change_password")  # absent from events before schema v11
    if must_change is not None and not isinstance(must_change, bool):
        raise NotApplied(PAYLOAD_INVALID, "must_change_password is not a flag")
    other = (
        Staff.select(Staff.id).where((Staff.staff_no == number) & (Staff.id != staff_id)).first()
    )
    if other is not None:
        if Staff.get_or_none(Staff.id == staff_id) is not None:
            raise NotApplied(
                STAFF_NUMBER_TAKEN, f"staff number {number} belongs to another account"
            )
        # Two desks made an account with one staff number: head office keeps one account per
        # number (the id it saw first), and its order decides: this desk's account takes that id.
        log.warning("staff %s: the account made here takes head office's id", number)
        Staff.update(id=staff_id).where(Staff.id == other.id).execute()
    current = Staff.get_or_none(Staff.id == staff_id)
    if current is None:
        Staff.insert(
            id=staff_id,
            hall_code=hall,
            staff_no=number,
            name=name,
            role=role,
            password_hash=password_hash,
            active=active,
            created_at=at,
            updated_at=at,
            must_change_password=bool(must_change),
        ).execute()
        return True
    if must_change is None:
        must_change = bool(current.must_change_password)
    if (
        current.staff_no,
        current.name,
        current.role,
        current.active,
        current.password_hash,
        bool(current.must_change_password),
    ) == (number, name, role, active, password_hash, must_change):
        return False  # the echo confirms what this desk already shows
    changes: dict[Any, Any] = {
        Staff.staff_no: number,
        Staff.name: name,
        Staff.role: role,
        Staff.active: active,
        Staff.password_hash: password_hash,
        Staff.must_change_password: must_change,
        Staff.updated_at: at,
    }
    if password_hash != current.password_hash:  # a reset password starts a fresh series
        changes[Staff.failed_attempts] = 0
        changes[Staff.locked_until] = None
    Staff.update(changes).where(Staff.id == staff_id).execute()
    return True


def apply_policy(payload: dict[str, Any], env: dict[str, Any], *, at: datetime) -> bool:
    version = _need(payload, "version", int)
    document = _need(payload, "policy", dict)
    if version < 1:
        raise NotApplied(PAYLOAD_INVALID, "version is below 1")
    try:
        parsed = parse_policy_document({**document, "version": version})
    except DomainError as error:
        raise NotApplied(PAYLOAD_INVALID, f"policy: {error}") from None
    highest = PolicyVersion.select(peewee.fn.MAX(PolicyVersion.version)).scalar() or 0
    if version <= highest:
        log.info("policy version %d ignored: version %d is in force", version, highest)
        return False
    PolicyVersion.insert(
        version=version,
        document=canonical_json(policy_document(parsed)).decode("utf-8"),
        event_id=env["id"],
        actor=env["actor"],
        received_at=at,
    ).execute()
    log.info("policy version %d in force from %s", version, env["at"])
    return True


# -- issue 16: the refund loop (head office's recommendation and execution) ---------------------
# Head office's refund.recommended / refund.executed / refund.execution_failed /
# refund.execution_cancelled on <HALL>-00, each applied to its own table (the refund's row, written
# by its desk's events, is never touched: execution is a second dimension beside the decision
# state). Head office's word arriving before the refund (of another desk) is kept and shows once
# the refund arrives. A refund the desk cancelled that head office executed keeps both facts: the
# execution is recorded and the clash shown (hall_desk.domain.refund_execution.cancellation_clash).


def refund_closure(payload: dict[str, Any], amount_fen: int | None) -> str | None:
    """The ``closure`` of a refund's payload (销户; absent or null for other refunds), checked by the
    domain's closure rules and stored as canonical JSON."""
    value = payload.get("closure")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise NotApplied(PAYLOAD_INVALID, "closure is not an object")
    try:
        closure = closure_from_payload(value, None if amount_fen is None else from_fen(amount_fen))
    except ClosureRefused as error:
        raise NotApplied(PAYLOAD_INVALID, f"closure breaks {error.code}") from None
    return canonical_json(closure.payload()).decode("utf-8")


def apply_refund_recommended(payload: dict[str, Any], env: dict[str, Any], *, at: datetime) -> bool:
    """``refund.recommended``: a director's advice, kept for the decision chain (slip, timeline);
    the decision state does not change."""
    _need(payload, "number", str)
    database.execute_sql(
        "INSERT INTO refund_recommendation (event_id, refund_id, recommended_by,"
        " recommended_by_name, recommended_at, recommend, note, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            env["id"],
            _need(payload, "id", str),
            _need(payload, "recommended_by", str),
            _need(payload, "recommended_by_name", str),
            _db_value(_time(payload, "recommended_at")),
            int(_need(payload, "recommend", bool)),
            _need(payload, "note", str),
            _db_value(at),
        ),
    )
    return True


def _execution_row(kind: str, payload: dict[str, Any], at: datetime) -> dict[str, Any]:
    """The ``refund_execution`` columns head office's execution event sets (its last word)."""
    if kind == EXECUTED_TYPE:
        reference = _need(payload, "billing_reference", str)
        if not reference.strip():
            raise NotApplied(PAYLOAD_INVALID, "billing_reference is empty")
        return {
            "state": ExecutionState.EXECUTED.value,
            "billing_reference": reference,
            "amount_fen": _fen(payload, "amount"),
            "executed_at": _db_value(_time(payload, "executed_at")),
            "news_at": _db_value(at),  # the customer is told the money arrived
            "told_at": None,
            "told_by_no": "",
        }
    if kind == EXECUTION_FAILED_TYPE:
        return {
            "state": ExecutionState.FAILED.value,
            "failure_reason": _need(payload, "reason", str),
            "failed_at": _db_value(_time(payload, "failed_at")),
            "news_at": _db_value(at),  # the customer is told it failed
            "told_at": None,
            "told_by_no": "",
        }
    return {  # refund.execution_cancelled: only after a failure (head office's rule)
        "state": ExecutionState.CANCELLED.value,
        "cancel_reason": _need(payload, "reason", str),
        "cancelled_at": _db_value(_time(payload, "cancelled_at")),
    }


def apply_refund_execution(payload: dict[str, Any], env: dict[str, Any], *, at: datetime) -> bool:
    """``refund.executed`` / ``refund.execution_failed`` / ``refund.execution_cancelled``: head
    office's last word on executing the refund, in ``refund_execution`` (keyed by the refund's id,
    no foreign key: it may arrive before the refund of another desk)."""
    kind = env["type"]
    refund_id = _need(payload, "id", str)
    number = _need(payload, "number", str)
    row = {
        "refund_id": refund_id,
        "recorded_by": _need(payload, "recorded_by", str),
        "recorded_by_name": _need(payload, "recorded_by_name", str),
        "event_id": env["id"],
        "received_at": _db_value(at),
        **_execution_row(kind, payload, at),
    }
    columns = list(row)
    updated = [c for c in columns if c != "refund_id"]
    database.execute_sql(
        f"INSERT INTO refund_execution ({', '.join(columns)})"
        f" VALUES ({', '.join('?' * len(columns))})"
        " ON CONFLICT (refund_id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in updated),
        tuple(row[c] for c in columns),
    )
    faults.hit("refund-execution-applied")  # the event and the row written, nothing committed
    held = sql("SELECT state FROM refund WHERE id = ?", (refund_id,))
    if held and held[0][0] == RefundState.CANCELLED.value and kind == EXECUTED_TYPE:
        log.warning(
            "refund %s: cancelled here, executed by head office: both kept, the clash shown", number
        )
    return True
