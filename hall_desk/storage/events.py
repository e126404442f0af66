"""The event log (ARCHITECTURE.md, "Desks, halls and the event log"): audit trail and outbox.

Every business change appends exactly one event in the same transaction as the change. Envelope:
``id, hall, desk, seq, type, schema, at, actor, payload, prev, hash``; ``hash`` is the SHA-256 (hex)
of the canonical JSON of the envelope without ``hash``, and ``prev`` is the hash of the desk's
previous event (empty for seq 1), so the log is a chain in which any changed byte shows.

The payload of an event carrying identity data (``transfer.*``) is stored sealed
(:mod:`hall_desk.storage.sealed`); everything here hashes, returns and checks the plaintext.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee

from hall_desk import faults
from hall_desk.domain.clock import utc_iso
from hall_desk.domain.envelope import (
    FIELDS,
    ChainReport,
    canonical_json,
    envelope_hash,
    plain_json,
    verify_chain,
)
from hall_desk.storage import sealed
from hall_desk.storage.db import database
from hall_desk.storage.models import Event, SyncDelivery


def changes_between(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list[Any]]:
    """field → [before, after] for every field that differs (all fields for a new entity)."""
    before = before or {}
    return {
        key: [before.get(key), value]
        for key, value in after.items()
        if key not in before or before[key] != value
    }


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
    schema: int = 1,
) -> Envelope:
    """Append this desk's next event. Must be called inside the change's transaction."""
    if not database.in_transaction():
        raise RuntimeError("append_event outside a transaction: the change and its event must commit together")
    last = (
        Event.select(Event.seq, Event.hash)
        .where(Event.desk == desk)
        .order_by(Event.seq.desc())
        .first()
    )
    payload = plain_json(dict(state))
    payload["changes"] = plain_json(changes_between(before, {k: v for k, v in state.items()}))
    envelope = {
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
    stored = sealed.seal_payload(type, envelope["id"], canonical_json(payload).decode("utf-8"))
    Event.insert(**{**envelope, "payload": stored}).execute()
    faults.hit("before-commit")
    return Envelope(**envelope)


def _row_to_envelope(row: Event) -> dict[str, Any]:
    return {
        "id": row.id, "hall": row.hall, "desk": row.desk, "seq": row.seq, "type": row.type,
        "schema": row.schema, "at": row.at, "actor": row.actor,
        "payload": json.loads(sealed.open_payload(row.id, row.payload)), "prev": row.prev,
        "hash": row.hash,
    }


def events_of_desk(desk: str, after_seq: int = 0) -> Iterator[dict[str, Any]]:
    query = Event.select().where((Event.desk == desk) & (Event.seq > after_seq)).order_by(Event.seq)
    for row in query.iterator():
        yield _row_to_envelope(row)


_ROW = (Event.id, Event.hall, Event.desk, Event.seq, Event.type, Event.schema, Event.at,
        Event.actor, Event.payload, Event.prev, Event.hash)


def _stored_envelopes(desk: str) -> Iterator[dict[str, Any]]:
    """The desk's events as stored, in seq order, streamed (never all rows in memory). A payload
    that is no longer JSON comes back as its raw text, so its event's hash cannot match. A sealed
    payload (identity data, :mod:`hall_desk.storage.sealed`) is opened first: the chain is checked
    on the plaintext. One that does not open under the desk's key (altered, or moved from another
    event) stays as stored, so its event shows as broken; no key at all raises the typed error."""
    query = Event.select(*_ROW).where(Event.desk == desk).order_by(Event.seq)
    for row in query.tuples().iterator():
        envelope = dict(zip(FIELDS, row, strict=True))
        try:
            envelope["payload"] = sealed.open_payload(envelope["id"], envelope["payload"])
        except sealed.IdentitySealError as error:
            if error.code != sealed.KEY_WRONG:
                raise
        with contextlib.suppress(ValueError):
            envelope["payload"] = json.loads(envelope["payload"])
        yield envelope


def verify_desk_chain(
    desk: str, progress: Callable[[int], None] | None = None, every: int = 10_000
) -> ChainReport:
    """The whole chain of ``desk`` checked from seq 1, streamed: the first bad event's seq and id
    and what is wrong with it (``progress(count)`` every ``every`` events)."""
    try:
        return verify_chain(_stored_envelopes(desk), progress, every)
    except (TypeError, ValueError, peewee.DatabaseError) as error:
        return ChainReport(False, 0, None, f"unreadable: {error}")


def highest_answered_seq() -> int:
    """The highest seq of this desk's own events head office has answered about (0 when none):
    the chain alone cannot show that its last events were removed, this can."""
    return int(SyncDelivery.select(peewee.fn.MAX(SyncDelivery.seq)).scalar() or 0)
