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

What applies, by type (:data:`_FROM_DESKS`, :data:`_FROM_HEAD_OFFICE`; everything else the
catalogue knows is **kept** in the log without changing any table): each payload is read through
the event catalogue (:func:`hall_desk.domain.payloads.read_payload`: any version it holds, that
version's rules) and applied by the storage's row builders (:mod:`hall_desk.storage.replicas`,
which says what each family's events change). Head office's own types (``<HALL>-00``) only from
head office: ``staff.changed`` (its order of receipt decides; other desks' ``staff.changed`` are
kept, never applied), ``policy.set``, ``complaint.replied``, ``refund.decided``, and (issue 16)
``refund.recommended`` / ``refund.executed`` / ``refund.execution_failed`` /
``refund.execution_cancelled``, (issue 17) ``complaint.progress`` / ``complaint.returned``; ``escrow.opened``
and ``escrow.released`` (issues 9 and 15) are kept only, and so is another desk's
``hq_link.registered`` (issue 15: how it is linked to head office), and (issue 17)
``held.closed`` / ``held.reapplied``, head office's answer on a held event, which 未送达事件 reads
(:mod:`hall_desk.sync.outbox`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import peewee

from hall_desk.domain.envelope import envelope_problem
from hall_desk.domain.errors import DomainError
from hall_desk.domain.hq_link import HQ_LINK_REGISTERED
from hall_desk.domain.payloads import (
    COMPLAINT_PROGRESS,
    COMPLAINT_RETURNED,
    DOCUMENT_VIEWED,
    HEAD_OFFICE,
    HELD_CLOSED,
    HELD_REAPPLIED,
    IDENTITY_VIEWED,
    LATE_REPLY_ACCEPTED,
    PayloadUnreadable,
    family_of,
    read_payload,
    spec_for,
)
from hall_desk.domain.retention import PURGED_EVENT
from hall_desk.storage import replicas, sealed
from hall_desk.storage.compact import digest_stored, digest_text
from hall_desk.storage.db import database, fold_wal, unit_of_work
from hall_desk.storage.events import entity_key, stored_form, stored_payload
from hall_desk.storage.models import PullDeadLetter, SyncState
from hall_desk.storage.replicas import (  # noqa: F401  (re-exported: the reasons of dead letters)
    COMPLAINT_NOT_OWNER,
    COMPLAINT_UNKNOWN,
    PAYLOAD_INVALID,
    REFUND_NOT_OWNER,
    STAFF_NUMBER_TAKEN,
    TRANSFER_NOT_OWNER,
    NotApplied,
    parse_time,
    sql,
)
from hall_desk.sync.protocol import (
    COMPLAINT_REPLIED,
    CONFLICT,
    ESCROW_OPENED,
    ESCROW_RELEASED,
    POLICY_SET,
    REFUND_DECIDED,
    REFUND_EXECUTED,
    REFUND_EXECUTION_CANCELLED,
    REFUND_EXECUTION_FAILED,
    REFUND_RECOMMENDED,
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
PAYLOAD_REJECTED = "payload.rejected"  # quarantined: the desk's tables refused it
NOT_FROM_HEAD_OFFICE = "origin.not_head_office"  # quarantined: a head-office type from a desk
# and the row builders' reasons (quarantined): PAYLOAD_INVALID, COMPLAINT_UNKNOWN,
# COMPLAINT_NOT_OWNER, STAFF_NUMBER_TAKEN, REFUND_NOT_OWNER, TRANSFER_NOT_OWNER


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
_INSERT_EVENT = f"INSERT INTO event ({', '.join(_EVENT_COLUMNS)}, entity) VALUES ({', '.join('?' * (len(_EVENT_COLUMNS) + 1))})"


def _held(row: tuple[Any, ...]) -> dict[str, Any]:
    """A held event's columns (:data:`_EVENT_COLUMNS`, then ``redacted_by`` when selected) with
    ``prev`` and ``hash`` as their hex text (stored as bytes: compact events)."""
    held = dict(zip((*_EVENT_COLUMNS, "redacted_by")[: len(row)], row, strict=True))
    held["prev"], held["hash"] = digest_text(held["prev"]), digest_text(held["hash"])
    return held


def _same_event(row: tuple[Any, ...], env: dict[str, Any]) -> bool:
    """``row``: the event's columns (as :data:`_EVENT_COLUMNS`) as held."""
    held = _held(row)
    return all(held[k] == env[k] for k in _EVENT_COLUMNS if k != "payload") and (
        stored_payload(held["id"], held["payload"]) == env["payload"]
    )


def _redacted_copy(row: tuple[Any, ...], env: dict[str, Any]) -> bool:
    """``row`` (:data:`_EVENT_COLUMNS` and ``redacted_by``) is this event, redacted since by a
    retention purge: every column but the payload as received (the hash included, which
    ``envelope_problem`` has checked against the original content received now)."""
    held = _held(row)
    return bool(held["redacted_by"]) and all(
        held[k] == env[k] for k in _EVENT_COLUMNS if k != "payload"
    )


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
    existing = sql(
        f"SELECT {', '.join(_EVENT_COLUMNS)}, redacted_by FROM event WHERE id = ?", (env["id"],)
    )
    if existing:
        if _same_event(existing[0][:-1], env) or _redacted_copy(existing[0], env):
            return PullOutcome.DUPLICATE, "", ""
        return PullOutcome.REFUSED, CONFLICT, "the same id is held with other content"
    neighbours = {
        seq: digest_text(digest)
        for seq, digest in sql("SELECT seq, hash FROM event WHERE desk = ? AND seq IN (?, ?)",
                               (env["desk"], env["seq"], env["seq"] - 1))
    }  # fmt: skip
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
        row = {
            **env,
            "payload": stored_form(env["type"], env["id"], text),
            "prev": digest_stored(env["prev"]),
            "hash": digest_stored(env["hash"]),
        }
        database.execute_sql(
            _INSERT_EVENT, (*(row[k] for k in _EVENT_COLUMNS), entity_key(env["payload"].get("id")))
        )
        try:
            with database.atomic():  # nested savepoint: the application alone
                applied = _apply_payload(env, hall=hall, at=at, result=result)
        except NotApplied as error:
            return PullOutcome.QUARANTINED, error.reason, error.detail
        except (peewee.IntegrityError, DomainError) as error:
            return (
                PullOutcome.QUARANTINED,
                PAYLOAD_REJECTED,
                f"{type(error).__name__}: {error}"[:500],
            )
    return (PullOutcome.APPLIED if applied else PullOutcome.KEPT), "", ""


Apply = Callable[[dict[str, Any], dict[str, Any], datetime, PageResult], bool]


def _kept(state: dict[str, Any], env: dict[str, Any], at: datetime, result: PageResult) -> bool:
    return False  # known, kept in the log, no table changes


def _policy(state: dict[str, Any], env: dict[str, Any], at: datetime, result: PageResult) -> bool:
    changed = replicas.apply_policy(state, env, at=at)
    result.policy_changed = result.policy_changed or changed
    return changed


def _purge(state: dict[str, Any], env: dict[str, Any], at: datetime, result: PageResult) -> bool:
    purged = replicas.apply_purge(state, env, at=at)
    result.purged = result.purged or purged
    return purged


# What this desk does with head office's own types (``<HALL>-00`` only; a desk sending one is
# quarantined): one line each, a new type is a self-contained function and its line here.
_FROM_HEAD_OFFICE: dict[str, Apply] = {
    STAFF_CHANGED: lambda state, env, at, _: replicas.apply_staff(state, hall=env["hall"], at=at),
    POLICY_SET: _policy,
    COMPLAINT_REPLIED: lambda state, env, at, _: replicas.apply_reply(state, env, at=at),
    REFUND_DECIDED: lambda state, env, at, _: replicas.apply_decision(state, env, at=at),
    # issue 16: head office's recommendation and execution of a refund
    REFUND_RECOMMENDED: lambda s, env, at, _: replicas.apply_refund_recommended(s, env, at=at),
    REFUND_EXECUTED: lambda s, env, at, _: replicas.apply_refund_execution(s, env, at=at),
    REFUND_EXECUTION_FAILED: lambda s, env, at, _: replicas.apply_refund_execution(s, env, at=at),
    REFUND_EXECUTION_CANCELLED: lambda s, env, at, _: replicas.apply_refund_execution(
        s, env, at=at
    ),
    LATE_REPLY_ACCEPTED: lambda state, env, *_: replicas.apply_late_reply_accepted(state, env),
    COMPLAINT_PROGRESS: lambda state, env, *_: replicas.apply_hq_progress(state, env),  # issue 17
    COMPLAINT_RETURNED: lambda state, env, *_: replicas.apply_hq_returned(state, env),  # issue 17
    ESCROW_OPENED: _kept,  # the audit of a desk's keys put back
    ESCROW_RELEASED: _kept,  # the audit of a desk's escrow released
    # issue 17 (quar17): kept; 未送达事件 reads head office's note off it (hall_desk.sync.outbox)
    HELD_CLOSED: _kept,
    HELD_REAPPLIED: _kept,
    # issue 17 (hdr17): head office's records of a full number seen or a file opened, kept
    IDENTITY_VIEWED: _kept,
    DOCUMENT_VIEWED: _kept,
}
# What this desk does with the events of the hall's other desks, by family (or exact type).
_FROM_DESKS: dict[str, Apply] = {
    "complaint": lambda state, env, *_: replicas.apply_complaint(state, env),
    "incident": lambda state, env, *_: replicas.apply_incident(state, env),
    "refund": lambda state, env, *_: replicas.apply_refund(state, env),
    "delegation": lambda state, env, *_: replicas.apply_delegation(state, env),
    "transfer": lambda state, env, *_: replicas.apply_transfer(state, env),
    "typical_case": lambda state, env, *_: replicas.apply_typical_case(state, env),
    PURGED_EVENT: _purge,
    # kept in the log only: another desk's staff change (head office's echo decides), its
    # link to head office, the audit records
    **dict.fromkeys(("hall.configured", STAFF_CHANGED, HQ_LINK_REGISTERED), _kept),
    **dict.fromkeys(("document", "export", "backup", "identity", "auth"), _kept),  # auth: issue 20
    "auth_notice": _kept,  # issue 20: read by services.staff.failed_attempts_notice
    "template": _kept,  # issue 23: 常用投诉模板, kept in the log and read by services.templates
}


def _apply_payload(env: dict[str, Any], *, hall: str, at: datetime, result: PageResult) -> bool:
    """Apply by type; True when a table changed, False when the event is only kept. The payload
    is read through the event catalogue first (its type and version known, that version's
    rules met)."""
    kind = env["type"]
    if env["desk"] == head_office_desk(hall):
        apply = _FROM_HEAD_OFFICE.get(kind)
        if apply is None:
            raise NotApplied(TYPE_UNKNOWN, f"head office type {kind} is not known to this desk")
    else:
        spec = spec_for(kind, 1)
        if spec is not None and spec.producer_of(kind) == HEAD_OFFICE:
            raise NotApplied(NOT_FROM_HEAD_OFFICE, f"{kind} from desk {env['desk']}")
        apply = _FROM_DESKS.get(kind) or _FROM_DESKS.get(family_of(kind))
        if apply is None:
            raise NotApplied(TYPE_UNKNOWN, f"{kind} is not known to this desk")
    try:
        state = read_payload(kind, env["schema"], env["payload"])
    except PayloadUnreadable as error:
        raise NotApplied(error.rule, error.detail) from None
    return apply(state, env, at, result)
