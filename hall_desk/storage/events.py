"""The event log (ARCHITECTURE.md, "Desks, halls and the event log"): audit trail and outbox.

Every business change appends exactly one event in the same transaction as the change. Envelope:
``id, hall, desk, seq, type, schema, at, actor, payload, prev, hash``; ``hash`` is the SHA-256 (hex)
of the canonical JSON of the envelope without ``hash``, and ``prev`` is the hash of the desk's
previous event (empty for seq 1), so the log is a chain in which any changed byte shows.

The payload of an event carrying identity data (``transfer.*``) is stored sealed
(:mod:`hall_desk.storage.sealed`); everything here hashes, returns and checks the plaintext.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import peewee

from hall_desk import faults
from hall_desk.domain.clock import utc_iso
from hall_desk.domain.envelope import (
    FIELDS,
    REDACTED_BY,
    ChainReport,
    canonical_json,
    envelope_hash,
    plain_json,
    verify_chain,
)
from hall_desk.domain.payloads import build_payload
from hall_desk.domain.retention import PURGED_EVENT
from hall_desk.storage import compact, sealed
from hall_desk.storage.db import database
from hall_desk.storage.models import Event, SyncDelivery


@dataclass(frozen=True)
class Envelope:
    id: str
    hall: str
    desk: str
    seq: int
    type: str
    schema: int
    at: str
    actor: str
    payload: dict[str, Any]
    prev: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def append_event(
    *,
    hall: str,
    desk: str,
    type: str,
    actor: str,
    at: datetime,
    state: dict[str, Any],
    before: dict[str, Any] | None = None,
) -> Envelope:
    """Append this desk's next event. Must be called inside the change's transaction. The payload
    and its version come from the event catalogue (:func:`~hall_desk.domain.payloads.build_payload`:
    ``state`` plus ``changes`` against ``before``); a type or field the catalogue does not declare
    raises :class:`~hall_desk.domain.payloads.NotInCatalogue` before anything is written."""
    if not database.in_transaction():
        raise RuntimeError(
            "append_event outside a transaction: the change and its event must commit together"
        )
    last = (
        Event.select(Event.seq, Event.hash)
        .where(Event.desk == desk)
        .order_by(Event.seq.desc())
        .first()
    )
    schema, payload = build_payload(
        type, plain_json(dict(state)), None if before is None else plain_json(dict(before))
    )
    envelope: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "hall": hall,
        "desk": desk,
        "seq": (last.seq + 1) if last else 1,
        "type": type,
        "schema": schema,
        "at": utc_iso(at),
        "actor": actor,
        "payload": payload,
        "prev": last.hash if last else "",
    }
    envelope["hash"] = envelope_hash(envelope)
    Event.insert(
        **{
            **envelope,
            "payload": stored_payload_text(type, envelope["id"], payload),
            "entity": compact.entity_key(payload.get("id")),
        }
    ).execute()
    faults.hit("before-commit")
    return Envelope(**envelope)


def _row_to_envelope(row: Event) -> dict[str, Any]:
    return {
        "id": row.id,
        "hall": row.hall,
        "desk": row.desk,
        "seq": row.seq,
        "type": row.type,
        "schema": row.schema,
        "at": row.at,
        "actor": row.actor,
        "payload": stored_payload(row.id, row.payload),
        "prev": row.prev,
        "hash": row.hash,
    }


def events_of_desk(desk: str, after_seq: int = 0) -> Iterator[dict[str, Any]]:
    query = Event.select().where((Event.desk == desk) & (Event.seq > after_seq)).order_by(Event.seq)
    for row in query.iterator():
        yield _row_to_envelope(row)


_ROW = (
    Event.id,
    Event.hall,
    Event.desk,
    Event.seq,
    Event.type,
    Event.schema,
    Event.at,
    Event.actor,
    Event.payload,
    Event.prev,
    Event.hash,
)


def _stored_envelopes(desk: str) -> Iterator[dict[str, Any]]:
    """The desk's events as stored, in seq order, streamed (never all rows in memory). A payload
    that is no longer JSON comes back as its raw text, so its event's hash cannot match. A sealed
    payload (identity data, :mod:`hall_desk.storage.sealed`) is opened first: the chain is checked
    on the plaintext. One that does not open under the desk's key (altered, or moved from another
    event) stays as stored, so its event shows as broken; no key at all raises the typed error. A
    redacted event carries :data:`~hall_desk.domain.envelope.REDACTED_BY`."""
    query = Event.select(*_ROW, Event.redacted_by).where(Event.desk == desk).order_by(Event.seq)
    for row in query.tuples().iterator():
        envelope = dict(zip(FIELDS, row[:-1], strict=True))
        try:
            envelope["payload"] = stored_payload(envelope["id"], envelope["payload"])
        except sealed.IdentitySealError as error:
            if error.code != sealed.KEY_WRONG:
                raise
        except ValueError:
            pass
        if row[-1]:
            envelope[REDACTED_BY] = row[-1]
        yield envelope


def redaction_problem(envelope: dict[str, Any], redacted_by: str) -> str | None:
    """What is wrong with a redacted event (None when its redaction holds): the ``retention.purged``
    event named must be held, whole itself, and list this event with the hash of exactly the
    content it now has — so any other change to a redacted event still shows."""
    row = Event.get_or_none(Event.id == redacted_by)
    if row is None:
        return f"redacted by {redacted_by}, an event this desk does not hold"
    try:
        purge = _row_to_envelope(row)
    except ValueError:
        return f"redacted by {redacted_by}, whose content is unreadable"
    if purge["type"] != PURGED_EVENT:
        return f"redacted by {redacted_by}, a {purge['type']} event, not a retention purge"
    if row.redacted_by or envelope_hash(purge) != purge["hash"]:
        return f"redacted by {redacted_by}, whose own content does not match its hash"
    recorded = purge["payload"].get("redacted")
    digest = recorded.get(envelope["id"]) if isinstance(recorded, dict) else None
    if digest is None:
        return f"redacted by {redacted_by}, which does not list this event"
    try:
        now = envelope_hash(envelope)
    except (TypeError, ValueError):
        now = ""
    if now != digest:
        return (
            f"changed after its redaction by {redacted_by}: the content does not match the "
            "hash that purge recorded"
        )
    return None


def verify_desk_chain(
    desk: str, progress: Callable[[int], None] | None = None, every: int = 10_000
) -> ChainReport:
    """The whole chain of ``desk`` checked from seq 1, streamed: the first bad event's seq and id
    and what is wrong with it (``progress(count)`` every ``every`` events). Redacted events are
    checked by :func:`redaction_problem` and listed in the report."""
    try:
        return verify_chain(_stored_envelopes(desk), progress, every, redaction_problem)
    except (TypeError, ValueError, peewee.DatabaseError) as error:
        return ChainReport(False, 0, None, f"unreadable: {error}")


# -- stored payloads: every read and write of the ``event.payload`` column goes through these ----


def stored_payload(event_id: str, text: str | bytes) -> dict[str, Any]:
    """An event's payload as stored (the ``payload`` column, or its text as ``Event.payload``
    reads it) back into a dict: decoded (:func:`hall_desk.storage.compact.decode`), then opened
    when it is sealed (identity data: :mod:`hall_desk.storage.sealed`)."""
    value = json.loads(sealed.open_payload(event_id, compact.decode(text)))
    if not isinstance(value, dict):
        raise ValueError("a stored payload is not a JSON object")
    return value


def stored_payload_text(event_type: str, event_id: str, payload: dict[str, Any]) -> str | bytes:
    """What the ``payload`` column stores for ``payload``: its canonical JSON sealed for the
    identity-bearing event types (bound to the event's id), compressed for every other type
    (:mod:`hall_desk.storage.compact`)."""
    return stored_form(event_type, event_id, canonical_json(payload).decode("utf-8"))


def stored_form(event_type: str, event_id: str, text: str) -> str | bytes:
    """The stored form of a payload's canonical JSON ``text`` (see :func:`stored_payload_text`)."""
    if compact.kept_as_text(event_type) or sealed.seals_payload(event_type):
        return sealed.seal_payload(event_type, event_id, text)
    return compact.encode(text, database.connection())


def compact_stored_events(batch: int = 2_000) -> int:
    """When a dictionary is due (:func:`hall_desk.storage.compact.dictionary_due`: a new desk after
    its first :data:`~hall_desk.storage.compact.TRAIN_MIN_PAYLOADS` events, or
    :data:`~hall_desk.storage.compact.RETRAIN_EVENTS` events since the newest one): train one on
    the recent payloads, and store every payload compressed without one again with it, in batches
    each committed on its own. Run at start (app, CLI); nothing to do is a count. Returns how many
    events it rewrote."""
    conn = database.connection()
    if not compact.dictionary_due(conn):
        return 0
    with database.atomic("IMMEDIATE"):
        compact.train(conn, compact.training_samples(conn), utc_iso(datetime.now(UTC)))
    last = done = 0
    while last >= 0:
        with database.atomic("IMMEDIATE"):
            last, changed = compact.convert_batch(conn, last, batch)
        done += changed
    return done


def entity_key(entity_id: str) -> bytes | str | None:
    """What ``event.entity`` holds for an entity's id (compare in SQL with ``entity = ?``)."""
    return compact.entity_key(entity_id)


def events_about(
    type_prefix: str, entity_ids: set[str], desk: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """entity id → its events (envelopes as stored, ``redacted_by`` included, in seq order): the
    events of ``type_prefix`` (e.g. ``"transfer."``) whose payload's ``id`` is one of
    ``entity_ids``, of ``desk`` only when given. Streams the events of that type."""
    found: dict[str, list[dict[str, Any]]] = {}
    if not entity_ids:
        return found
    condition = Event.type.startswith(type_prefix)
    if desk is not None:
        condition &= Event.desk == desk
    query = Event.select(*_ROW, Event.redacted_by).where(condition).order_by(Event.desk, Event.seq)
    for row in query.tuples().iterator():
        envelope = dict(zip(FIELDS, row[:-1], strict=True))
        try:
            envelope["payload"] = stored_payload(envelope["id"], envelope["payload"])
        except ValueError:
            continue
        entity = envelope["payload"].get("id")
        if entity in entity_ids:
            envelope[REDACTED_BY] = row[-1]
            found.setdefault(entity, []).append(envelope)
    return found


def redacted_hash(envelope: dict[str, Any], payload: dict[str, Any]) -> str:
    """The hash of ``envelope`` with ``payload`` in place of its own (what a purge records)."""
    body = {k: v for k, v in envelope.items() if k in FIELDS}
    return envelope_hash({**body, "payload": payload})


def write_redacted_payload(event_id: str, payload: dict[str, Any], redacted_by: str) -> None:
    """Replace a held event's stored payload by its redacted form, naming the ``retention.purged``
    event that redacted it; id, seq, prev and hash stay (the schema's trigger allows only this)."""
    event_type = Event.select(Event.type).where(Event.id == event_id).scalar()
    Event.update(
        payload=stored_payload_text(event_type, event_id, payload), redacted_by=redacted_by
    ).where(Event.id == event_id).execute()


def highest_answered_seq() -> int:
    """The highest seq of this desk's own events head office has answered about (0 when none):
    the chain alone cannot show that its last events were removed, this can."""
    return int(SyncDelivery.select(peewee.fn.MAX(SyncDelivery.seq)).scalar() or 0)


@dataclass(frozen=True)
class FirstResponderMismatch:
    """A complaint whose 首问责任人 in the table is not its ``complaint.created`` event's (issue 20):
    the triggers refuse every statement that would do it, so someone dropped them. ``created_no``
    is empty when the file holds no ``complaint.created`` event for it."""

    number: str
    table_no: str
    created_no: str


def first_responder_mismatches() -> list[FirstResponderMismatch]:
    """Every complaint (this desk's and those pulled) whose first responder differs from the one
    its ``complaint.created`` event recorded (complaint payloads are never sealed): none, or more
    than one creation, counts as differing.

    One pass over the creations, then one over the complaints: linear in the store. (A join of the
    complaints with the creations as a SQL view read, decompressed and parsed every creation again
    for each complaint — quadratic, minutes at 2,000 complaints; issue 20's verify-audit.)"""
    recorded: dict[str, object] = {}
    twice: set[str] = set()
    for (text,) in database.execute_sql(
        "SELECT event_payload(payload) FROM event WHERE type = 'complaint.created'"
    ):
        try:
            state = json.loads(text)
        except (TypeError, ValueError):
            continue
        if not isinstance(state, dict) or not isinstance(state.get("id"), str):
            continue
        if state["id"] in recorded:
            twice.add(state["id"])
        recorded[state["id"]] = state.get("first_responder_no")
    wrong = []
    for complaint_id, number, responder in database.execute_sql(
        "SELECT id, number, first_responder_no FROM complaint ORDER BY number"
    ):
        created = recorded.get(complaint_id)
        if complaint_id in twice or created is None or created != responder:
            shown = "" if created is None else str(created)
            wrong.append(FirstResponderMismatch(str(number), str(responder), shown))
    return wrong
