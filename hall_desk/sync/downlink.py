"""Applying what the desk pulls from head office (issue 4; ARCHITECTURE.md "Desks, halls and the event
log"): the events of the hall's other desks and head office's own events (``<HALL>-00``).

One page is applied in one write transaction, each event in a savepoint of its own, and the pull
cursor moves in the same transaction: a kill never loses an event nor applies one twice. Each event:

1. checked with :func:`~hall_desk.domain.envelope.envelope_problem` (shape and hash), must be of this
   hall and not of this desk, must not clash with what the log holds (same ``id`` with other content,
   or its ``(desk, seq)`` taken by another ``id``: ``conflict``), and must link to its desk's previous
   event when the desk holds it (``chain.break``) → otherwise **refused**: not kept, nothing applied;
2. already held by ``id`` with identical content → **duplicate**, nothing changes;
3. inserted into ``event`` as it is (its own desk's chain; never re-uploaded: the outbox reads only
   this desk's code), then applied by type in a nested savepoint. A payload that cannot be applied
   is **quarantined**: kept in the log (the chain stays whole), listed as a dead letter with the
   reason, and nothing of it applied.

What applies (everything else known is **kept** in the log without changing any table):

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
  marking nor a marking event the text. ``export.*`` (the audit of a full-value export) is kept only.
- ``retention.purged`` from another desk (issue 9, 资料保存期限): the desk purges its own copy of the
  records listed, as the purging desk did (:func:`hall_desk.storage.retention.purge_transfer`):
  the identity values in the transfer's row, the held ``transfer.*`` events redacted in place (they
  keep id, seq, prev and hash and name the purge; the same event arriving again in its original
  form is a duplicate, not a conflict), files held deleted. Only for transfers of the purging desk
  (only its desk changes a transfer); applying it again changes nothing.
- from head office only (``<HALL>-00``): ``staff.changed`` (head office's order of receipt decides;
  other desks' ``staff.changed`` are kept, never applied, and this desk's own change shows at once
  and is confirmed or overridden by the echo), ``policy.set`` (versions only go up: a lower or equal
  version is kept but ignored), ``complaint.replied`` (the reply is kept and the complaint becomes
  已答复 by :func:`~hall_desk.domain.complaints.state_after_reply`), ``refund.decided`` (kept in
  ``hq_decision``; when the desk holds the refund and it was sent to head office, the refund becomes
  总部已批准 / 总部已拒绝 with head office's reason and operator — a refund the desk does not hold
  takes the decision if its events arrive later; one withdrawn meanwhile keeps its state);
  ``escrow.opened`` (issue 9: a desk's escrowed keys were put back) and ``escrow.released``
  (issue 15: head office issued a recovery code releasing a desk's escrow) are kept only; so is
  another desk's ``hq_link.registered`` (issue 15: how it is linked to head office).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

import peewee

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.complaints import ComplaintState, state_after_reply
from hall_desk.domain.envelope import canonical_json, envelope_problem
from hall_desk.domain.errors import DomainError
from hall_desk.domain.hq_link import HQ_LINK_REGISTERED
from hall_desk.domain.incidents import IncidentState
from hall_desk.domain.money import to_fen
from hall_desk.domain.passwords import is_acceptable_hash
from hall_desk.domain.payloads import LATE_REPLY_ACCEPTED
from hall_desk.domain.policy import Role
from hall_desk.domain.policy_document import parse_policy_document, policy_document
from hall_desk.domain.refunds import (
    DECIDABLE_BY_HEAD_OFFICE,
    HEAD_OFFICE_DECIDED,
    AccountType,
    RefundMethod,
    RefundState,
)
from hall_desk.domain.retention import PURGED_EVENT, Part
from hall_desk.domain.transfers import TransferKind, TransferState
from hall_desk.storage import sealed
from hall_desk.storage.db import database, fold_wal, unit_of_work
from hall_desk.storage.models import (
    Complaint,
    ComplaintLink,
    ComplaintReply,
    HQDecision,
    PolicyVersion,
    PullDeadLetter,
    Staff,
    SyncState,
)
from hall_desk.storage.retention import plan_redactions, purge_transfer
from hall_desk.sync.protocol import (
    COMPLAINT_REPLIED,
    CONFLICT,
    ESCROW_OPENED,
    ESCROW_RELEASED,
    POLICY_SET,
    REFUND_DECIDED,
    STAFF_CHANGED,
    head_office_desk,
)

log = logging.getLogger(__name__)

# Reasons of a pulled event that was not applied (besides the ``envelope.*`` codes of
# ``envelope_problem`` and ``conflict``). The dead-letter view shows them in words.
HALL_NOT_OURS = "hall.not_ours"  # refused: an event of another hall
DESK_OWN = "desk.own"  # refused: this desk's own event coming back down
CHAIN_BREAK = "chain.break"  # refused: ``prev`` is not the hash of its desk's previous event
TYPE_UNKNOWN = "type.unknown"  # quarantined: a type this desk does not know
SCHEMA_UNKNOWN = "schema.unknown"  # quarantined: a payload version newer than this desk reads
PAYLOAD_INVALID = "payload.invalid"  # quarantined: a key missing or of the wrong type
PAYLOAD_REJECTED = "payload.rejected"  # quarantined: the desk's tables refused it
NOT_FROM_HEAD_OFFICE = "origin.not_head_office"  # quarantined: a head-office type from a desk
COMPLAINT_UNKNOWN = (
    "complaint.unknown"  # quarantined: a reply to a complaint the desk does not hold
)
COMPLAINT_NOT_OWNER = "complaint.not_owner"  # quarantined: another desk's change to a complaint
STAFF_NUMBER_TAKEN = "staff.number_taken"  # quarantined: the staff number is another account's
REFUND_NOT_OWNER = "refund.not_owner"  # quarantined: another desk's change to a refund
TRANSFER_NOT_OWNER = "transfer.not_owner"  # quarantined: another desk's change to a transfer

# Known types a desk keeps in its log without changing any table.
_KEPT_FROM_DESKS = ("hall.configured", STAFF_CHANGED, HQ_LINK_REGISTERED)
_KEPT_PREFIXES = ("document.", "export.", "backup.", "identity.")


class PullOutcome(StrEnum):
    APPLIED = "applied"  # kept in the log and applied to the desk's tables
    KEPT = "kept"  # kept in the log; nothing to apply (or a policy version not newer)
    DUPLICATE = "duplicate"  # already held, identical: nothing changed
    QUARANTINED = "quarantined"  # kept in the log, not applied: a dead letter
    REFUSED = "refused"  # not kept: a dead letter

    @property
    def dead(self) -> bool:
        return self in (PullOutcome.QUARANTINED, PullOutcome.REFUSED)


@dataclass
class PageResult:
    """What applying one page did."""

    received: int = 0
    applied: int = 0
    kept: int = 0
    duplicate: int = 0
    quarantined: int = 0
    refused: int = 0
    policy_changed: bool = False
    purged: bool = False  # a retention purge was applied: the WAL is folded after the page
    reasons: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: PullOutcome, reason: str = "") -> None:
        self.received += 1
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)
        if reason:
            self.reasons[reason] = self.reasons.get(reason, 0) + 1

    @property
    def dead(self) -> int:
        return self.quarantined + self.refused


class _NotApplied(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


# -- the page ---------------------------------------------------------------------------------


def apply_page(
    events: list[Any], *, hall: str, desk: str, after: int, cursor: int, at: datetime
) -> PageResult:
    """Apply one pulled page (``events`` as received, after cursor ``after``, ending at ``cursor``)
    in one transaction, and move the pull cursor to ``cursor`` in it. Applying the same page again
    changes nothing (every event is then a duplicate or an already recorded dead letter)."""
    result = PageResult()
    with unit_of_work():
        for raw in events:
            outcome, reason, detail = _apply_one(raw, hall=hall, desk=desk, at=at, result=result)
            if outcome.dead:
                _dead_letter(raw, outcome, reason, detail, cursor=cursor, at=at)
                log.warning("pulled event %s %s: %s %s", _ident(raw), outcome.value, reason, detail)
            result.count(outcome, reason if outcome.dead else "")
        state = SyncState.get_by_id(1)
        SyncState.update(
            pull_cursor=max(state.pull_cursor, cursor),
            last_heard_at=at,
            last_attempt_at=at,
            last_attempt_ok=True,
            last_success_at=at,
        ).where(SyncState.id == 1).execute()
    if result.purged:
        fold_wal()  # no page image of the purged values left in the WAL file
    return result


def record_pull_done(at: datetime) -> None:
    """A pull ended with ``more`` false: the desk holds what head office had for it at ``at``."""
    with unit_of_work():
        SyncState.update(last_pull_at=at, last_heard_at=at).where(SyncState.id == 1).execute()


def pull_cursor() -> int:
    return int(SyncState.get_by_id(1).pull_cursor)


def _ident(raw: object) -> str:
    if isinstance(raw, dict):
        return f"{str(raw.get('desk', '?'))[:20]}#{str(raw.get('seq', '?'))[:12]} {str(raw.get('type', '?'))[:40]}"
    return "(not an object)"


def _dead_letter(
    raw: object, outcome: PullOutcome, reason: str, detail: str, *, cursor: int, at: datetime
) -> None:
    text = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    fingerprint = hashlib.sha256(f"{reason}\n{text}".encode()).hexdigest()
    env = raw if isinstance(raw, dict) else {}
    if sealed.seals_payload(str(env.get("type", ""))):  # identity data: kept sealed
        text = sealed.seal_value(text[:1_000_000], sealed.DEAD_LETTER_PLACE, fingerprint)
    seq = env.get("seq")
    PullDeadLetter.insert(
        fingerprint=fingerprint,
        event_id=str(env.get("id", ""))[:64],
        desk=str(env.get("desk", ""))[:20],
        seq=seq
        if isinstance(seq, int) and not isinstance(seq, bool) and 0 <= seq < 2**53
        else None,
        type=str(env.get("type", ""))[:100],
        outcome=outcome.value,
        reason=reason[:100],
        detail=detail[:2000],
        envelope=text if sealed.is_sealed(text) else text[:1_000_000],
        cursor=cursor,
        received_at=at,
    ).on_conflict_ignore().execute()


# -- one event --------------------------------------------------------------------------------


_EVENT_COLUMNS = (
    "id",
    "hall",
    "desk",
    "seq",
    "type",
    "schema",
    "at",
    "actor",
    "payload",
    "prev",
    "hash",
)
_INSERT_EVENT = f"INSERT INTO event ({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(_EVENT_COLUMNS))})"


def _same_event(row: tuple[Any, ...], env: dict[str, Any]) -> bool:
    """``row``: the event's columns (as :data:`_EVENT_COLUMNS`) as held."""
    held = dict(zip(_EVENT_COLUMNS, row, strict=True))
    return all(held[k] == env[k] for k in _EVENT_COLUMNS if k != "payload") and (
        json.loads(sealed.open_payload(held["id"], held["payload"])) == env["payload"]
    )


def _redacted_copy(row: tuple[Any, ...], env: dict[str, Any]) -> bool:
    """``row`` (:data:`_EVENT_COLUMNS` and ``redacted_by``) is this event, redacted since by a
    retention purge: every column but the payload as received (the hash included, which
    ``envelope_problem`` has checked against the original content received now)."""
    held = dict(zip((*_EVENT_COLUMNS, "redacted_by"), row, strict=True))
    return bool(held["redacted_by"]) and all(
        held[k] == env[k] for k in _EVENT_COLUMNS if k != "payload"
    )


def _sql(query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Plain SQL on the hot path (one page is hundreds of events; peewee's query building cost
    more than SQLite itself)."""
    return database.execute_sql(query, params).fetchall()  # type: ignore[no-any-return]


def _apply_one(
    raw: object, *, hall: str, desk: str, at: datetime, result: PageResult
) -> tuple[PullOutcome, str, str]:
    problem = envelope_problem(raw)
    if problem is not None:
        return PullOutcome.REFUSED, problem, "the envelope is malformed or its hash does not match"
    assert isinstance(raw, dict)
    env: dict[str, Any] = raw
    if env["hall"] != hall:
        return PullOutcome.REFUSED, HALL_NOT_OURS, f"hall {env['hall']}, this desk is of {hall}"
    if env["desk"] == desk:
        return PullOutcome.REFUSED, DESK_OWN, "this desk's own event came back down"
    existing = _sql(
        f"SELECT {', '.join(_EVENT_COLUMNS)}, redacted_by FROM event WHERE id = ?", (env["id"],)
    )
    if existing:
        if _same_event(existing[0][:-1], env) or _redacted_copy(existing[0], env):
            return PullOutcome.DUPLICATE, "", ""
        return PullOutcome.REFUSED, CONFLICT, "the same id is held with other content"
    neighbours = dict(
        _sql("SELECT seq, hash FROM event WHERE desk = ? AND seq IN (?, ?)",
             (env["desk"], env["seq"], env["seq"] - 1))
    )  # fmt: skip
    if env["seq"] in neighbours:
        return (
            PullOutcome.REFUSED,
            CONFLICT,
            f"{env['desk']} seq {env['seq']} is held as another event",
        )
    previous = neighbours.get(env["seq"] - 1)
    if previous is not None and previous != env["prev"]:
        return PullOutcome.REFUSED, CHAIN_BREAK, f"prev is not the hash of seq {env['seq'] - 1}"
    return insert_and_apply(env, hall=hall, at=at, result=result)


def insert_and_apply(
    env: dict[str, Any], *, hall: str, at: datetime, result: PageResult | None = None
) -> tuple[PullOutcome, str, str]:
    """Insert a checked envelope into ``event`` as it is and apply its payload, in a savepoint: the
    event and what it applies, or neither. A payload that cannot be applied leaves the event kept
    and the outcome QUARANTINED. Used for pulled events and, by :mod:`hall_desk.sync.recover`, for
    this desk's own events fetched back from head office (applied with the same row builders: an
    own ``complaint.*`` restores the complaint as its full state says)."""
    result = result if result is not None else PageResult()
    with database.atomic():  # savepoint: the event and what it applies, or neither
        # envelope_problem has checked the payload is plain JSON (no floats): its canonical form
        # is a plain dump with sorted keys, as the desk stores its own.
        text = json.dumps(env["payload"], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        row = {**env, "payload": sealed.seal_payload(env["type"], env["id"], text)}
        database.execute_sql(_INSERT_EVENT, tuple(row[k] for k in _EVENT_COLUMNS))
        try:
            with database.atomic():  # nested savepoint: the application alone
                applied = _apply_payload(env, hall=hall, at=at, result=result)
        except _NotApplied as error:
            return PullOutcome.QUARANTINED, error.reason, error.detail
        except (peewee.IntegrityError, DomainError) as error:
            return (
                PullOutcome.QUARANTINED,
                PAYLOAD_REJECTED,
                f"{type(error).__name__}: {error}"[:500],
            )
    return (PullOutcome.APPLIED if applied else PullOutcome.KEPT), "", ""


def _apply_payload(env: dict[str, Any], *, hall: str, at: datetime, result: PageResult) -> bool:
    """Apply by type; True when a table changed, False when the event is only kept."""
    kind, payload = env["type"], env["payload"]
    from_hq = env["desk"] == head_office_desk(hall)
    known_hq = kind in (COMPLAINT_REPLIED, POLICY_SET, REFUND_DECIDED, LATE_REPLY_ACCEPTED)
    if from_hq:
        if kind not in (
            *(COMPLAINT_REPLIED, POLICY_SET, REFUND_DECIDED, LATE_REPLY_ACCEPTED),
            STAFF_CHANGED,
            ESCROW_OPENED,
            ESCROW_RELEASED,
        ):
            raise _NotApplied(TYPE_UNKNOWN, f"head office type {kind} is not known to this desk")
    elif known_hq:
        raise _NotApplied(NOT_FROM_HEAD_OFFICE, f"{kind} from desk {env['desk']}")
    elif not (
        kind.startswith(
            ("complaint.", "incident.", "refund.", "delegation.", "transfer.", "typical_case.")
        )
        or kind == PURGED_EVENT
        or kind in _KEPT_FROM_DESKS
        or kind.startswith(_KEPT_PREFIXES)
    ):
        raise _NotApplied(TYPE_UNKNOWN, f"{kind} is not known to this desk")
    if env["schema"] != 1:
        raise _NotApplied(SCHEMA_UNKNOWN, f"{kind} schema {env['schema']}")
    if from_hq:
        if kind in (ESCROW_OPENED, ESCROW_RELEASED):
            return False  # the audit of a desk's escrow released / its keys put back: kept only
        if kind == STAFF_CHANGED:
            return _apply_staff(payload, hall=hall, at=at)
        if kind == POLICY_SET:
            changed = _apply_policy(payload, env, at=at)
            result.policy_changed = result.policy_changed or changed
            return changed
        if kind == COMPLAINT_REPLIED:
            return _apply_reply(payload, env, at=at)
        if kind == LATE_REPLY_ACCEPTED:  # issue 20
            return _apply_late_reply_accepted(payload, env)
        return _apply_decision(payload, env, at=at)
    if kind.startswith("complaint."):
        return _apply_complaint(payload, env)
    if kind.startswith("incident."):
        return _apply_incident(payload, env)
    if kind.startswith("refund."):
        return _apply_refund(payload, env)
    if kind.startswith("delegation."):
        return _apply_delegation(payload, env)
    if kind.startswith("transfer."):
        return _apply_transfer(payload, env)
    if kind.startswith("typical_case."):
        return _apply_typical_case(payload, env)
    if kind == PURGED_EVENT:
        purged = _apply_purge(payload, env, at=at)
        result.purged = result.purged or purged
        return purged
    return False  # hall.configured, document.*, export.*, another desk's staff.changed: kept only


# -- payload helpers --------------------------------------------------------------------------


def _need(
    payload: dict[str, Any], key: str, kind: type | tuple[type, ...], *, null: bool = False
) -> Any:
    if key not in payload:
        raise _NotApplied(PAYLOAD_INVALID, f"{key} is missing")
    value = payload[key]
    if value is None and null:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _NotApplied(PAYLOAD_INVALID, f"{key} is not {getattr(kind, '__name__', kind)}")
    return value


def _time(payload: dict[str, Any], key: str, *, null: bool = False) -> datetime | None:
    text = _need(payload, key, str, null=null)
    if text is None:
        return None
    at = _utc(text)
    if at is None:
        raise _NotApplied(PAYLOAD_INVALID, f"{key} is not a UTC time")
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
        raise _NotApplied(PAYLOAD_INVALID, f"{key} {value!r} is not known") from None


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
    for key in _COMPLAINT_FLAGS:
        row[key] = _need(payload, key, bool)
    if _need(payload, "hall", str) != env["hall"] or _need(payload, "desk", str) != env["desk"]:
        raise _NotApplied(PAYLOAD_INVALID, "hall/desk of the complaint are not its event's")
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
        raise _NotApplied(PAYLOAD_INVALID, "amount is not a sum of money") from None
    row["updated_at"] = _utc(env["at"])
    # schema v5 (the lifecycle): absent from older events, which keep the defaults
    for key in _LIFECYCLE_TEXT:
        row[key] = _optional(payload, key, str, "")
    for key in ("verification", "responsibility", "satisfaction", "incident_id"):
        row[key] = _optional(payload, key, str, None)
    row["dissatisfied"] = _optional(payload, "dissatisfied", bool, False)
    row["reply_due_estimated"] = _optional(payload, "reply_due_estimated", bool, False)  # v7
    for key in ("promised_at", "replied_at", "closed_at"):
        row[key] = _time(payload, key, null=True) if key in payload else None
    if not row["first_responder_no"]:
        raise _NotApplied(PAYLOAD_INVALID, "first_responder_no is empty")
    row.update(_issue20_columns(payload, row))
    return row


def _issue20_columns(payload: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """Issue 20's complaint columns (absent from older events: counted as before, by the stated
    answer; nothing 补录, planned, reported or corrected)."""
    counted = (
        _time(payload, "reply_counted_at", null=True)
        if "reply_counted_at" in payload
        else row["replied_at"]
    )
    return {
        "reply_counted_at": counted,
        "late_reply": _optional(payload, "late_reply", str, ""),
        "planned_callback_at": _time(payload, "planned_callback_at", null=True)
        if "planned_callback_at" in payload
        else None,
        "media_reported_by": _optional(payload, "media_reported_by", str, ""),
        "media_reported_at": _time(payload, "media_reported_at", null=True)
        if "media_reported_at" in payload
        else None,
        "reply_due_estimate": _time(payload, "reply_due_estimate", null=True)
        if "reply_due_estimate" in payload
        else None,
    }


def _only_its_desk(
    table: str, row: dict[str, Any], env: dict[str, Any], code: str, what: str
) -> None:
    """A pulled entity is changed only by the desk that holds it."""
    holder = _sql(f"SELECT desk_code FROM {table} WHERE id = ?", (row["id"],))
    if holder and holder[0][0] != env["desk"]:
        raise _NotApplied(code, f"{what} held as desk {holder[0][0]}'s")


def _upsert(table: str, row: dict[str, Any], updated: list[str] | None = None) -> None:
    """Insert ``row`` or, when its id is held, update ``updated`` (all but the id by default)."""
    columns = list(row)
    changed = updated if updated is not None else [c for c in columns if c != "id"]
    database.execute_sql(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        f" ON CONFLICT (id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in changed),
        tuple(_db_value(row[c]) for c in columns),
    )


def _apply_complaint(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    row = complaint_row(payload, env)
    _only_its_desk("complaint", row, env, COMPLAINT_NOT_OWNER, "complaint")
    repeat_of = payload.get("repeat_of", [])
    if not isinstance(repeat_of, list) or not all(isinstance(i, str) for i in repeat_of):
        raise _NotApplied(PAYLOAD_INVALID, "repeat_of is not a list of ids")
    _upsert(
        "complaint", row
    )  # the first-responder trigger refuses a change of 首问责任人 (→ payload.rejected)
    if repeat_of:
        marks = ", ".join("?" * len(repeat_of))
        held = [
            r[0] for r in _sql(f"SELECT id FROM complaint WHERE id IN ({marks})", tuple(repeat_of))
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


def _apply_incident(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """``incident.*`` from another desk: the incident's full state upserted (重大批量投诉: every
    counter of the hall offers the quick intake while it is open); only its desk changes it."""
    row: dict[str, Any] = {"id": _need(payload, "id", str)}
    for key in _INCIDENT_TEXT:
        row[key] = _need(payload, key, str)
    if _need(payload, "hall", str) != env["hall"] or _need(payload, "desk", str) != env["desk"]:
        raise _NotApplied(PAYLOAD_INVALID, "hall/desk of the incident are not its event's")
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


def _apply_reply(payload: dict[str, Any], env: dict[str, Any], *, at: datetime) -> bool:
    complaint_id = _need(payload, "id", str)
    reply = _need(payload, "reply", str)
    if not reply.strip():
        raise _NotApplied(PAYLOAD_INVALID, "reply is empty")
    replied_at = _time(payload, "replied_at")
    operator = _need(payload, "operator", str)
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise _NotApplied(COMPLAINT_UNKNOWN, f"complaint {complaint_id} is not held here")
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


def _apply_late_reply_accepted(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """Issue 20: head office accepted the store manager's confirmation of a 补录 reply's stated
    time: the reply now counts by its stated time (the complaint's first stated answer)."""
    complaint_id = _need(payload, "id", str)
    _time(payload, "accepted_at")
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise _NotApplied(COMPLAINT_UNKNOWN, f"complaint {complaint_id} is not held here")
    counted = row.replied_at if row.replied_at is not None else row.reply_counted_at
    Complaint.update(
        late_reply="总部已认可", reply_counted_at=counted, updated_at=_utc(env["at"])
    ).where(Complaint.id == complaint_id).execute()
    return True


def _apply_decision(payload: dict[str, Any], env: dict[str, Any], *, at: datetime) -> bool:
    """``refund.decided``: kept in ``hq_decision`` (as before the refunds issue), and applied to
    the refund when the desk holds it and it was sent to head office."""
    entity = _need(payload, "id", str)
    approved = _need(payload, "approved", bool)
    reason = _need(payload, "reason", str)
    decided_at = _time(payload, "decided_at")
    operator = _need(payload, "operator", str)
    HQDecision.insert(
        event_id=env["id"],
        type=env["type"],
        entity_id=entity,
        payload=canonical_json(payload).decode("utf-8"),
        actor=env["actor"],
        received_at=at,
    ).execute()
    _decide_refund(entity, approved, reason, decided_at, operator, env["id"], at=_utc(env["at"]))
    return True


def _decide_refund(
    refund_id: str,
    approved: bool,
    reason: str,
    decided_at: datetime | None,
    operator: str,
    event_id: str,
    *,
    at: datetime | None,
) -> bool:
    """Head office's decision on a refund held here and sent to it; False when the desk does not
    hold it, or it was withdrawn or decided at the hall meanwhile (the decision stays in
    ``hq_decision``)."""
    held = _sql("SELECT state FROM refund WHERE id = ?", (refund_id,))
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
        (state.value, reason, operator, _db_value(decided_at), operator, _db_value(decided_at),
         event_id, _db_value(at or decided_at), refund_id),
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
        raise _NotApplied(PAYLOAD_INVALID, f"{key} is not a sum of money > 0") from None
    return to_fen(value)


def refund_row(payload: dict[str, Any], env: dict[str, Any]) -> dict[str, Any]:
    """The desk's refund columns from a ``refund.*`` payload (the full state)."""
    row: dict[str, Any] = {"id": _need(payload, "id", str)}
    for key in _REFUND_TEXT:
        row[key] = _need(payload, key, str)
    if _need(payload, "hall", str) != env["hall"] or _need(payload, "desk", str) != env["desk"]:
        raise _NotApplied(PAYLOAD_INVALID, "hall/desk of the refund are not its event's")
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
    return row


def _apply_refund(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    row = refund_row(payload, env)
    if not _sql("SELECT 1 FROM complaint WHERE id = ?", (row["complaint_id"],)):
        raise _NotApplied(COMPLAINT_UNKNOWN, f"complaint {row['complaint_id']} is not held here")
    held = _sql("SELECT desk_code, state FROM refund WHERE id = ?", (row["id"],))
    if held and held[0][0] != env["desk"]:
        raise _NotApplied(REFUND_NOT_OWNER, f"refund held as desk {held[0][0]}'s")
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
    rows = _sql(
        "SELECT event_id, payload FROM hq_decision WHERE entity_id = ? AND type = ?"
        " ORDER BY received_at DESC, rowid DESC LIMIT 1",
        (refund_id, REFUND_DECIDED),
    )
    if not rows:
        return
    decision = json.loads(rows[0][1])
    _decide_refund(
        refund_id,
        bool(decision["approved"]),
        str(decision["reason"]),
        _utc(decision["decided_at"]),
        str(decision["operator"]),
        rows[0][0],
        at=_utc(decision["decided_at"]),
    )


_DELEGATION_TEXT = ("from_no", "from_name", "to_no", "to_name", "note", "revoked_by_no")


def _apply_delegation(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """``delegation.*`` from another desk: upserted by id (only its desk changes it)."""
    row: dict[str, Any] = {"id": _need(payload, "id", str)}
    for key in _DELEGATION_TEXT:
        row[key] = _need(payload, key, str)
    if _need(payload, "hall", str) != env["hall"] or _need(payload, "desk", str) != env["desk"]:
        raise _NotApplied(PAYLOAD_INVALID, "hall/desk of the delegation are not its event's")
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
        raise _NotApplied(PAYLOAD_INVALID, "hall/desk of the transfer are not its event's")
    row["hall_code"], row["desk_code"] = env["hall"], env["desk"]
    for key in _TRANSFER_TEXT:
        row[key] = _need(payload, key, str)
    row["kind"] = _enum_value(payload, "kind", TransferKind)
    row["state"] = _enum_value(payload, "state", TransferState)
    opened_on = _need(payload, "opened_on", str)
    try:
        date.fromisoformat(opened_on)
    except ValueError:
        raise _NotApplied(PAYLOAD_INVALID, "opened_on is not a date") from None
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


def _apply_transfer(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """``transfer.*`` from another desk: upserted by id (only its desk changes it)."""
    row = transfer_row(payload, env)
    _only_its_desk("transfer", row, env, TRANSFER_NOT_OWNER, "transfer")
    _upsert("transfer", row)
    return True


# -- retention purges of the hall's other desks (资料保存期限) ----------------------------------------


def _apply_purge(payload: dict[str, Any], env: dict[str, Any], *, at: datetime) -> bool:
    """``retention.purged`` from another desk: each listed transfer this desk holds, of that desk,
    purged here too (its identity parts, its files if held, its held events redacted)."""
    records = _need(payload, "records", list)
    planned = []
    for record in records:
        if not isinstance(record, dict):
            raise _NotApplied(PAYLOAD_INVALID, "a record is not an object")
        transfer_id = _need(record, "id", str)
        raw_parts = _need(record, "parts", list)
        try:
            parts = {Part(p) for p in raw_parts}
        except ValueError:
            raise _NotApplied(PAYLOAD_INVALID, f"unknown part in {raw_parts!r}") from None
        held = _sql("SELECT desk_code FROM transfer WHERE id = ?", (transfer_id,))
        if not held:
            continue  # not held here: nothing to purge
        if held[0][0] != env["desk"]:
            raise _NotApplied(TRANSFER_NOT_OWNER, f"transfer {transfer_id} is not of {env['desk']}")
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


def _apply_typical_case(payload: dict[str, Any], env: dict[str, Any]) -> bool:
    """``typical_case.*`` from another desk: the text from the desk that wrote it, the marking
    (the quarter's best) from any desk of the hall."""
    row: dict[str, Any] = {"id": _need(payload, "id", str)}
    for key in _CASE_TEXT:
        row[key] = _need(payload, key, str)
    if _need(payload, "hall", str) != env["hall"]:
        raise _NotApplied(PAYLOAD_INVALID, "hall of the typical case is not its event's")
    row["hall_code"], row["desk_code"] = env["hall"], _need(payload, "desk", str)
    row["written_at"] = _time(payload, "written_at")
    row["updated_at"] = _time(payload, "updated_at")
    quarter = _need(payload, "best_quarter", str, null=True)
    if quarter is not None and not _QUARTER.match(quarter):
        raise _NotApplied(PAYLOAD_INVALID, f"best_quarter {quarter!r} is not a quarter")
    row["best_quarter"] = quarter
    row["best_marked_by_no"] = _need(payload, "best_marked_by_no", str)
    row["best_marked_by_name"] = _need(payload, "best_marked_by_name", str)
    row["best_marked_at"] = _time(payload, "best_marked_at", null=True)
    if env["type"] in _CASE_MARKING_TYPES:
        held = _sql("SELECT 1 FROM typical_case WHERE id = ?", (row["id"],))
        if held:
            _upsert("typical_case", row, list(_CASE_MARKING))
            return True
        # Not held yet (its text comes later, or never): kept whole, its text from this event.
    elif row["desk_code"] != env["desk"]:
        raise _NotApplied(
            PAYLOAD_INVALID, "a typical case's text comes from the desk that wrote it"
        )
    else:
        _only_its_desk("typical_case", row, env, COMPLAINT_NOT_OWNER, "typical case")
    held = _sql("SELECT 1 FROM typical_case WHERE id = ?", (row["id"],))
    text_columns = [c for c in row if c != "id" and c not in _CASE_MARKING]
    _upsert("typical_case", row, text_columns if held else None)
    return True


_QUARTER = re.compile(r"^\d{4}Q[1-4]$")


# -- staff and policy ---------------------------------------------------------------------------


def _apply_staff(payload: dict[str, Any], *, hall: str, at: datetime) -> bool:
    staff_id = _need(payload, "id", str)
    number = _need(payload, "staff_no", str)
    name = _need(payload, "name", str)
    role = _enum_value(payload, "role", Role)
    active = _need(payload, "active", bool)
    password_hash = _need(payload, "password_hash", str)
    if not number.strip() or not name.strip():
        raise _NotApplied(PAYLOAD_INVALID, "staff_no or name is empty")
    if not is_acceptable_hash(password_hash):
        raise _NotApplied(PAYLOAD_INVALID, "password_hash is not one this desk can check")
    must_change = payload.get("must_change_password")  # absent from events before schema v11
    if must_change is not None and not isinstance(must_change, bool):
        raise _NotApplied(PAYLOAD_INVALID, "must_change_password is not a flag")
    other = (
        Staff.select(Staff.id).where((Staff.staff_no == number) & (Staff.id != staff_id)).first()
    )
    if other is not None:
        if Staff.get_or_none(Staff.id == staff_id) is not None:
            raise _NotApplied(
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


def _apply_policy(payload: dict[str, Any], env: dict[str, Any], *, at: datetime) -> bool:
    version = _need(payload, "version", int)
    document = _need(payload, "policy", dict)
    if version < 1:
        raise _NotApplied(PAYLOAD_INVALID, "version is below 1")
    try:
        parsed = parse_policy_document({**document, "version": version})
    except DomainError as error:
        raise _NotApplied(PAYLOAD_INVALID, f"policy: {error}") from None
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
