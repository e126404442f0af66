"""The event envelope (ARCHITECTURE.md, "Desks, halls and the event log"): its canonical JSON, its
hash, the chain check and the shape check. Pure Python, shared by the desk's store, the uploader and
head office, so all three agree byte for byte on what an event is.

Envelope: ``id, hall, desk, seq, type, schema, at, actor, payload, prev, hash``. ``hash`` is the
SHA-256 (hex) of the canonical JSON of the envelope without ``hash`` (keys sorted, UTF-8, separators
``,`` and ``:``, decimals and money as strings, no floats); ``prev`` is the hash of the desk's previous
event (empty for seq 1).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from hall_desk.domain.clock import utc_iso

FIELDS = ("id", "hall", "desk", "seq", "type", "schema", "at", "actor", "payload", "prev", "hash")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_TYPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_DESK = re.compile(r"^[A-Z][A-Z0-9]{1,9}-[0-9]{2,3}$")  # setup.desk_code_for: HA01-02
_AT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
MAX_TEXT = 200


def plain_json(value: Any) -> Any:
    """Make a payload JSON-safe without floats: decimals and times become strings."""
    if isinstance(value, dict):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_json(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, Enum):
        return plain_json(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, float):
        raise TypeError("floats are not allowed in events; use Decimal")
    raise TypeError(f"cannot put {type(value).__name__} in an event")


_Wire = dict[str, Any] | list[Any]


def _wire_only(value: _Wire) -> bool:
    """Whether ``value`` holds only what :func:`plain_json` leaves as it is — dicts with text keys,
    lists, text, ints, booleans and None (what ``json.loads`` gives, floats apart) — checked
    without copying: then its canonical JSON needs no copy made by :func:`plain_json`."""
    for item in value.values() if type(value) is dict else value:
        kind: object = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if (kind is not dict and kind is not list) or not _wire_only(cast(_Wire, item)):
            return False
    return type(value) is not dict or all(type(key) is str for key in value)


def canonical_json(data: dict[str, Any]) -> bytes:
    plain = data if type(data) is dict and _wire_only(data) else plain_json(data)
    return json.dumps(
        plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def envelope_hash(envelope: dict[str, Any]) -> str:
    body = {k: v for k, v in envelope.items() if k != "hash"}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def envelope_problem(envelope: object) -> str | None:
    """Why this is not a well-formed envelope (a short code), or None when it is.

    Checks the shape and the hash only; whether the payload makes sense for its type is for whoever
    applies it (head office quarantines what it cannot apply).
    """
    if not isinstance(envelope, dict):
        return "envelope.not_object"
    if set(envelope) != set(FIELDS):
        return "envelope.fields"
    for key in ("id", "hall", "desk", "type", "at", "actor", "prev", "hash"):
        value = envelope[key]
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            return f"envelope.{key}"
    for key in ("seq", "schema"):
        value = envelope[key]
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value < 2**53:
            return f"envelope.{key}"
    try:
        if str(uuid.UUID(envelope["id"])) != envelope["id"]:
            return "envelope.id"
    except ValueError:
        return "envelope.id"
    if not _DESK.match(envelope["desk"]) or not envelope["desk"].startswith(envelope["hall"] + "-"):
        return "envelope.desk"
    if not _TYPE.match(envelope["type"]):
        return "envelope.type"
    if not _AT.match(envelope["at"]):
        return "envelope.at"
    if not isinstance(envelope["payload"], dict):
        return "envelope.payload"
    if envelope["seq"] == 1:
        if envelope["prev"] != "":
            return "envelope.prev"
    elif not _HEX64.match(envelope["prev"]):
        return "envelope.prev"
    if not _HEX64.match(envelope["hash"]):
        return "envelope.hash"
    try:
        if envelope_hash(envelope) != envelope["hash"]:
            return "envelope.hash_mismatch"
    except (TypeError, ValueError):
        return "envelope.payload"
    return None


# A stored envelope may carry this extra key: the id of the ``retention.purged`` event that redacted
# its payload (hall_desk.domain.retention). Its hash is then the hash of the content before the
# redaction, so it cannot be recomputed; the chain's links still are.
REDACTED_BY = "redacted_by"


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    count: int
    first_bad_seq: int | None = None
    reason: str = ""
    first_bad_id: str | None = None
    # (seq, id, redacted by) of each redacted event found whole, in seq order
    redacted: tuple[tuple[int, str, str], ...] = ()


def link_problem(
    env: dict[str, Any], expected_seq: int, prev_hash: str, *, check_hash: bool = True
) -> str | None:
    """What is wrong with this event as the next link of a chain (None when it holds): a gap in
    ``seq``, a ``prev`` that is not the previous event's hash, or a hash that does not match the
    content (content changed, or the hash itself changed; not checked when ``check_hash`` is
    false: a redacted event)."""
    if env["seq"] != expected_seq:
        return f"gap: seq {expected_seq} is missing (the next event held is seq {env['seq']})"
    if env["prev"] != prev_hash:
        return "broken link: prev does not match the previous event's hash"
    if not check_hash:
        return None
    try:
        digest = envelope_hash(env)
    except (TypeError, ValueError):
        return "changed: the content cannot be hashed (no longer canonical JSON)"
    if digest != env["hash"]:
        return "changed: the hash does not match the content (content or hash altered)"
    return None


def verify_chain(
    envelopes: Iterable[dict[str, Any]],
    progress: Callable[[int], None] | None = None,
    every: int = 10_000,
    redaction_problem: Callable[[dict[str, Any], str], str | None] | None = None,
) -> ChainReport:
    """Check ``seq`` continuity from 1, each ``prev`` link and each ``hash``, one event at a time
    (envelopes may be a stream); ``progress(count)`` is called every ``every`` events.

    An envelope carrying :data:`REDACTED_BY` has its links checked, and instead of its hash
    ``redaction_problem(envelope, redacted_by)`` says what is wrong with the redaction (None when
    it holds; without that callback a redacted event is bad)."""
    expected_seq, prev_hash, count = 1, "", 0
    redacted: list[tuple[int, str, str]] = []
    for env in envelopes:
        count += 1
        by = env.pop(REDACTED_BY, "") or ""
        problem = link_problem(env, expected_seq, prev_hash, check_hash=not by)
        if problem is None and by:
            problem = (
                redaction_problem(env, by)
                if redaction_problem is not None
                else f"redacted by {by}, which cannot be checked here"
            )
            if problem is None:
                redacted.append((env["seq"], env["id"], by))
        if problem is not None:
            return ChainReport(False, count, env["seq"], problem, env["id"], tuple(redacted))
        prev_hash, expected_seq = env["hash"], expected_seq + 1
        if progress is not None and count % every == 0:
            progress(count)
    return ChainReport(True, count, redacted=tuple(redacted))
