"""The event log (ARCHITECTURE.md, "Desks, halls and the event log"): audit trail and outbox.

Every business change appends exactly one event in the same transaction as the change. Envelope:
``id, hall, desk, seq, type, schema, at, actor, payload, prev, hash``; ``hash`` is the SHA-256 (hex)
of the canonical JSON of the envelope without ``hash``, and ``prev`` is the hash of the desk's
previous event (empty for seq 1), so the log is a chain in which any changed byte shows.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import peewee

from hall_desk.domain.clock import utc_iso
from hall_desk.storage.db import database
from hall_desk.storage.models import Event


def _plain(value: Any) -> Any:
    """Make a payload JSON-safe without floats: decimals and times become strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, float):
        raise TypeError("floats are not allowed in events; use Decimal")
    raise TypeError(f"cannot put {type(value).__name__} in an event")


def canonical_json(data: dict[str, Any]) -> bytes:
    return json.dumps(
        _plain(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def envelope_hash(envelope: dict[str, Any]) -> str:
    body = {k: v for k, v in envelope.items() if k != "hash"}
    return hashlib.sha256(canonical_json(body)).hexdigest()


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
    payload = _plain(dict(state))
    payload["changes"] = _plain(changes_between(before, {k: v for k, v in state.items()}))
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
    Event.insert(
        **{**envelope, "payload": canonical_json(payload).decode("utf-8")}
    ).execute()
    return Envelope(**envelope)


def _row_to_envelope(row: Event) -> dict[str, Any]:
    return {
        "id": row.id, "hall": row.hall, "desk": row.desk, "seq": row.seq, "type": row.type,
        "schema": row.schema, "at": row.at, "actor": row.actor,
        "payload": json.loads(row.payload), "prev": row.prev, "hash": row.hash,
    }


def events_of_desk(desk: str, after_seq: int = 0) -> Iterator[dict[str, Any]]:
    query = Event.select().where((Event.desk == desk) & (Event.seq > after_seq)).order_by(Event.seq)
    for row in query.iterator():
        yield _row_to_envelope(row)


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    count: int
    first_bad_seq: int | None = None
    reason: str = ""


def verify_chain(envelopes: Iterable[dict[str, Any]]) -> ChainReport:
    """Check ``seq`` continuity from 1, each ``prev`` link and each ``hash``."""
    expected_seq, prev_hash, count = 1, "", 0
    for env in envelopes:
        count += 1
        if env["seq"] != expected_seq:
            return ChainReport(False, count, env["seq"], f"gap: expected seq {expected_seq}")
        if env["prev"] != prev_hash:
            return ChainReport(False, count, env["seq"], "prev does not match the previous hash")
        if envelope_hash(env) != env["hash"]:
            return ChainReport(False, count, env["seq"], "hash does not match the content")
        prev_hash, expected_seq = env["hash"], expected_seq + 1
    return ChainReport(True, count)


def verify_desk_chain(desk: str) -> ChainReport:
    try:
        return verify_chain(events_of_desk(desk))
    except (ValueError, peewee.DatabaseError) as error:
        return ChainReport(False, 0, None, f"unreadable: {error}")
