"""The desk ⇄ head-office wire format, version 1 (JSON over HTTP). Shared by the desk's uploader
and the head-office service (``hall_desk.hq``), and described for everybody else by
``hall_desk/hq/openapi.json`` (served at ``/v1/openapi.json``). Pure Python: parsing and building
only, no I/O.

- ``GET  /v1/health``  no token; ``{"protocol": 1, "server_time": "…Z"}``.
- ``GET  /v1/desk``    with the desk's token; who head office thinks we are and what it holds:
  ``{"protocol", "server_time", "hall", "desk", "highest_seq", "chain": {...}}``.
- ``POST /v1/events``  with the desk's token; ``{"protocol": 1, "desk": "HA01-02", "events": [envelope…]}``
  (at most ``MAX_BATCH`` events, in ``seq`` order); issue 17: also ``"sent_at"`` (the desk's clock
  as it sends, UTC ``…Z``) and ``"round_trip_ms"`` (its previous exchange's round trip), from which
  head office records the desk's clock offset (older desks omit both). The reply answers every event, in order:
  ``{"protocol", "server_time", "results": [{"id", "outcome", "reason", "detail"}], "highest_seq",
  "chain": {"state": "intact"|"gap"|"break", "seq": n|null, "detail": "…"}}``.

Outcomes: ``stored`` (new, kept), ``duplicate`` (head office already held exactly this event),
``quarantined`` (kept, chain whole, but its payload could not be applied: ``reason`` says why),
``refused`` (not kept: a malformed envelope, another desk's event, the same ``id``/``seq`` with
different content, reason ``conflict``, or a ``prev`` that is not the hash of the event ``seq - 1``
head office holds, reason ``chain.link``). The first two mean delivered; the last two are dead
letters on the desk — except a quarantine with reason ``waiting`` (issue 15): head office holds the
event until its entity's creation arrives and then applies it; the desk counts it as delivered. The
reasons of head office's intake rules are in :mod:`hall_desk.hq.intake_rules`. An error reply (any status ≥ 400) has ``{"protocol", "error": code, "message"}``;
the token travels as ``Authorization: Bearer <token>``.

The downlink (part 2):

- ``GET /v1/events?after=<cursor>&limit=<n>`` with the desk's token: the events of the *other* desks
  of its hall and head office's own events for that hall, in head office's order of receipt. ``cursor``
  is head office's receipt number (an integer, 0 = from the start; opaque to the desk, which only
  stores it and sends it back); ``limit`` ≤ ``MAX_BATCH``. Reply:
  ``{"protocol", "server_time", "events": [envelope…], "cursor": n, "more": bool}``; ``cursor`` is
  where the next pull starts: at least the receipt number of the last event included, and on the
  last page it may move past the asking desk's own events so they are never scanned again.
- Head office's own events for hall ``H`` form one chain like a desk's, under the desk code
  ``H-00`` (``head_office_desk(H)``; desk numbers start at 01), with an operator as ``actor``
  (``op:<name>``). Their types and payloads (schema 1):
  - ``complaint.replied``: ``{"id": complaint id, "number", "reply": text, "replied_at": UTC ISO,
    "operator": name}`` — head office's answer to a complaint transferred to it;
  - ``refund.decided``: ``{"id": refund id, "approved": bool, "reason": text, "decided_at",
    "operator"}``;
  - ``policy.set``: ``{"version": n, "policy": <policy document, see
    hall_desk.domain.policy_document>}`` — applies to what is accepted after it arrives;
  - ``staff.changed``: the account's full state after head office applied a change (from any
    desk of the hall, or ``disable-staff``), re-published in head office's order of receipt. Desks
    apply staff state only from these, so when two changes meet, head office's order decides
    (a desk's own change shows at once locally and is confirmed or overridden when the echo arrives).

Recovery (issue 9: a desk restored from an older backup, or set up again on a new PC):

- ``GET /v1/desks/me/events?after=<seq>&limit=<n>`` with the desk's token: the asking desk's *own*
  events with ``seq`` > ``after``, in ``seq`` order, at most ``limit`` (≤ ``MAX_BATCH``), each envelope
  exactly as head office stored it (the JSON the desk uploaded). Reply:
  ``{"protocol", "server_time", "events": [envelope…], "more": bool}``. Head office is the desk's
  off-site copy: the desk continues its chain from what it fetches (``hall_desk.sync.recover``).

Files (issue 7: a transfer's evidence scans and its final certified PDFs):

- ``PUT /v1/files/{sha256}`` with the desk's token: the raw bytes of one file as the body, its media
  type as ``Content-Type`` (one of ``FILE_MEDIA_TYPES``), at most ``MAX_FILE_BYTES``. Head office
  hashes what it received and keeps it once by that SHA-256, with the hall, desk and time of the
  first delivery. ``201`` ``{"protocol", "server_time", "sha256", "size", "outcome": "stored"}`` the
  first time, ``200`` with ``"outcome": "duplicate"`` when it already holds it (sending again is
  harmless). Refusals are permanent for that file: ``file.hash_mismatch`` (422, the bytes are not
  the ones named), ``file.too_large`` (413), ``file.media_type`` (415), ``file.type_mismatch`` (415:
  the first bytes are not those of the declared type, ``FILE_SIGNATURES``), ``file.empty`` or
  ``request.invalid`` (400, e.g. a name that is not 64 lowercase hex digits). A file needs no event
  before it: the transfer events name files by SHA-256, and either may arrive first.
- ``GET /v1/ops/files/{sha256}`` with an operator's token and a reason (``?reason=`` or ``X-Reason``;
  issue 17: recorded as ``document.viewed``): the file's bytes (``file.unknown``, 404).
- ``GET /v1/files/{sha256}`` with a desk's token: a file one of the desk's own hall's desks sent
  (recovery on a new PC); another hall's file is ``file.unknown`` (404) like a missing one.

Key escrow (issue 9, :mod:`hall_desk.sync.escrow`):

- ``GET /v1/escrow/key`` with a desk's token: ``{"protocol", "server_time", "public_key"}`` (X25519,
  base64 of 32 bytes); ``escrow.unavailable`` (503) when head office keeps no escrow key.
- ``PUT /v1/desks/me/escrow`` with a desk's token: ``{"protocol": 1, "sealed": {"format", "epk",
  "nonce", "ct"}}`` (at most ``MAX_SEALED_BYTES``), kept as the desk's next version (every version
  is kept, none replaced; issue 15); reply ``{"protocol", "server_time", "version", "sha256"}``. A
  blob of the wrong shape is ``escrow.invalid`` (400), too large ``escrow.too_large`` (413); one
  head office cannot open as this desk's bundle ``escrow.unopenable`` (422), nothing stored.
- ``POST /v1/desks/me/escrow/open`` with a desk's token: ``{"protocol": 1, "public_key": <a fresh
  ephemeral X25519 key>, "recovery_code": <the one-time code issued with the desk's new token>}``;
  reply ``{"protocol", "server_time", "version", "newest", "sealed"}``, the bundle of the newest
  version that opens (``version``; ``newest`` is the newest held) re-sealed to that key. Without a
  good code (none, wrong, expired, used, another desk's) ``escrow.release_required`` (403), nothing
  opened; ``escrow.none`` (404) when none is held; ``escrow.unopenable`` (409) when no version
  opens. Each opening uses the code up and is an ``escrow.opened`` event on ``<HALL>-00``:
  ``{"desk", "version", "opened_at"}``, actor ``desk:<code>``; each code issued is an
  ``escrow.released`` event there: ``{"desk", "expires_at"}``, actor ``hq:add-desk`` (or
  ``op:<login>``, a supervisor in the console) (desks keep both, apply nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

PROTOCOL = 1
HEALTH_PATH = "/v1/health"
DESK_PATH = "/v1/desk"
UPLOAD_PATH = "/v1/events"
PULL_PATH = "/v1/events"  # GET
OWN_EVENTS_PATH = "/v1/desks/me/events"  # GET: the desk's own events back (recovery)
FILES_PATH = "/v1/files"  # PUT {FILES_PATH}/{sha256}; GET: a file of the desk's own hall
HEAD_OFFICE_DESK_NUMBER = "00"
OPERATOR_PREFIX = "op:"
OPERATOR_TOKEN_PREFIX = "hdop1_"

COMPLAINT_REPLIED = "complaint.replied"
REFUND_DECIDED = "refund.decided"
# The refund loop (head office's own, on <HALL>-00): a director's recommendation above their
# level, and the execution of the hall's electronic work order (电子工单).
REFUND_RECOMMENDED = "refund.recommended"
REFUND_EXECUTED = "refund.executed"
REFUND_EXECUTION_FAILED = "refund.execution_failed"
REFUND_EXECUTION_CANCELLED = "refund.execution_cancelled"
POLICY_SET = "policy.set"
STAFF_CHANGED = "staff.changed"
ESCROW_OPENED = "escrow.opened"  # head office's audit of a desk's key escrow being opened
ESCROW_RELEASED = "escrow.released"  # head office issued a recovery code releasing a desk's escrow
MAX_BATCH = 500
MAX_BODY_BYTES = 16 * 1024 * 1024
TOKEN_PREFIX = "hd1_"
MAX_FILE_BYTES = 20 * 1024 * 1024  # a file: evidence is at most 10 MB, with room for final PDFs
FILE_MEDIA_TYPES = ("application/pdf", "image/jpeg", "image/png")
# How a file of each type begins (the desk checks evidence the same way when it is attached).
FILE_SIGNATURES = {
    "application/pdf": b"%PDF-",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
}
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
DESK_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}-[0-9]{2,3}$")  # as envelope_problem checks it


class Outcome(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    QUARANTINED = "quarantined"
    REFUSED = "refused"

    @property
    def delivered(self) -> bool:
        """Head office holds the event (applied or quarantined): the desk may stop sending it."""
        return self is not Outcome.REFUSED


class ChainState(StrEnum):
    INTACT = "intact"
    GAP = "gap"
    BREAK = "break"


# Refusal and quarantine reasons that are not an envelope shape code (``envelope.*``).
CONFLICT = "conflict"
NOT_YOUR_DESK = "desk.not_yours"
# Refused, not stored: ``prev`` is not the hash of the desk's event ``seq - 1`` head office holds
# (or the held ``seq + 1`` names another hash). The genuine event for that seq can still be stored.
CHAIN_LINK = "chain.link"
# Quarantined (delivered, not applied yet): a step of an entity whose creation has not reached head
# office (another desk's, or behind a gap). Head office applies it when the creation arrives; a
# desk lists it as waiting, not as a dead letter (a desk of an older version shows the reason).
WAITING = "waiting"

# Error codes of a whole request (HTTP status ≥ 400).
ERROR_UNAUTHORISED = "auth.invalid"  # 401: no token, or not one head office knows
ERROR_REVOKED = "auth.revoked"  # 403: the desk's token was revoked
ERROR_BAD_REQUEST = "request.invalid"  # 400
ERROR_TOO_LARGE = "request.too_large"  # 413
ERROR_PROTOCOL = "protocol.unsupported"  # 400: a protocol version head office does not speak
BODY_NOT_JSON = "body.not_json"  # 400: the body is not JSON (or not UTF-8)
BODY_TOO_DEEP = "body.too_deep"  # 400: arrays/objects nested deeper than head office reads
BODY_NAN = "body.nan"  # 400: NaN, Infinity or -Infinity, which JSON does not have
# A file refused for good (``PUT /v1/files/{sha256}``): sending the same bytes again cannot help.
FILE_HASH_MISMATCH = "file.hash_mismatch"  # 422: the body's SHA-256 is not the one named
FILE_TOO_LARGE = "file.too_large"  # 413: over MAX_FILE_BYTES
FILE_MEDIA_TYPE = "file.media_type"  # 415: not one of FILE_MEDIA_TYPES
FILE_EMPTY = "file.empty"  # 400: no bytes
FILE_TYPE_MISMATCH = "file.type_mismatch"  # 415: the first bytes are not of the declared type
FILE_UNKNOWN = "file.unknown"  # 404 (operators' API): head office holds no such file


class ProtocolError(ValueError):
    """A message that is not what this protocol says (garbage from the network, or a bug)."""


@dataclass(frozen=True)
class EventResult:
    id: str
    outcome: Outcome
    reason: str = ""
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "outcome": self.outcome.value,
            "reason": self.reason,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class ChainReportWire:
    state: ChainState
    seq: int | None = None
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state.value, "seq": self.seq, "detail": self.detail}


@dataclass(frozen=True)
class UploadReply:
    server_time: str
    results: list[EventResult]
    highest_seq: int
    chain: ChainReportWire = field(default_factory=lambda: ChainReportWire(ChainState.INTACT))

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": PROTOCOL,
            "server_time": self.server_time,
            "results": [r.to_json() for r in self.results],
            "highest_seq": self.highest_seq,
            "chain": self.chain.to_json(),
        }


MAX_ROUND_TRIP_MS = 600_000  # a round trip longer than ten minutes bounds nothing useful


def upload_request(
    desk: str,
    events: list[dict[str, Any]],
    *,
    sent_at: str | None = None,
    round_trip_ms: int | None = None,
) -> dict[str, Any]:
    """The upload body. Issue 17 (console17b): ``sent_at`` is the desk's clock as it sends (UTC
    ISO with ``Z``) and ``round_trip_ms`` the round trip of its previous exchange with head
    office, so that head office records the desk's clock offset; older desks omit both."""
    if len(events) > MAX_BATCH:
        raise ValueError(f"a batch holds at most {MAX_BATCH} events")
    body: dict[str, Any] = {"protocol": PROTOCOL, "desk": desk, "events": events}
    if sent_at is not None:
        body["sent_at"] = sent_at
        if round_trip_ms is not None:
            body["round_trip_ms"] = max(0, min(int(round_trip_ms), MAX_ROUND_TRIP_MS))
    return body


@dataclass(frozen=True)
class ClockReport:
    """A desk's clock as its upload reports it (issue 17, console17b)."""

    sent_at: datetime  # the desk's clock as it sent
    round_trip_ms: int | None  # the round trip of its previous exchange, when known

    def offset(self, received_at: datetime) -> tuple[int, int | None]:
        """(the desk's clock minus head office's, in ms; ± how much) given when head office
        received it: the one-way delay lies between 0 and the round trip, so the estimate is the
        middle of that range and the bound half the round trip (None: unbounded)."""
        raw = (self.sent_at - received_at).total_seconds() * 1000
        if self.round_trip_ms is None:
            return round(raw), None
        half = self.round_trip_ms / 2
        return round(raw + half), round(half)


def parse_clock_report(body: object) -> ClockReport | None:
    """Head office's side: the upload's optional ``sent_at`` / ``round_trip_ms`` (None when the
    desk sent none, as older desks do); ProtocolError when malformed (head office then ignores
    them: a clock never blocks a batch)."""
    if not isinstance(body, dict) or "sent_at" not in body:
        if isinstance(body, dict) and "round_trip_ms" in body:
            raise ProtocolError("round_trip_ms without sent_at")
        return None
    raw = body.get("sent_at")
    if not isinstance(raw, str) or len(raw) > 40 or not raw.endswith("Z"):
        raise ProtocolError("sent_at is not a UTC time ending in Z")
    try:
        sent_at = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ProtocolError("sent_at is not a UTC time ending in Z") from None
    trip = body.get("round_trip_ms")
    if trip is not None and (
        not isinstance(trip, int) or isinstance(trip, bool) or not 0 <= trip <= MAX_ROUND_TRIP_MS
    ):
        raise ProtocolError(f"round_trip_ms is not a whole number 0…{MAX_ROUND_TRIP_MS}")
    return ClockReport(sent_at, trip)


def parse_upload_request(body: object) -> tuple[str, list[object]]:
    """Head office's side: the desk and the raw events (each checked one by one later)."""
    if not isinstance(body, dict):
        raise ProtocolError("the body is not a JSON object")
    if body.get("protocol") != PROTOCOL:
        raise ProtocolError(f"protocol {body.get('protocol')!r} is not {PROTOCOL}")
    desk, events = body.get("desk"), body.get("events")
    if not isinstance(desk, str) or not desk:
        raise ProtocolError("desk is missing")
    if not DESK_CODE.match(desk):
        raise ProtocolError(f"desk {desk[:40]!r} is not a desk code like HA01-02")
    if not isinstance(events, list):
        raise ProtocolError("events is not a list")
    if len(events) > MAX_BATCH:
        raise ProtocolError(f"more than {MAX_BATCH} events in one batch")
    return desk, events


def _text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key, "")
    if not isinstance(value, str):
        raise ProtocolError(f"{key} is not text")
    return value


def _enum_value(value: object) -> str:
    """A wire value meant as an enum member's value: text, or a ValueError like an unknown one."""
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def _chain(obj: object) -> ChainReportWire:
    if not isinstance(obj, dict):
        raise ProtocolError("chain is not an object")
    try:
        state = ChainState(_enum_value(obj.get("state")))
    except ValueError:
        raise ProtocolError("chain.state is unknown") from None
    seq = obj.get("seq")
    if seq is not None and (not isinstance(seq, int) or isinstance(seq, bool)):
        raise ProtocolError("chain.seq is not a number")
    return ChainReportWire(state, seq, _text(obj, "detail"))


def parse_upload_reply(body: object, sent_ids: list[str]) -> UploadReply:
    """The desk's side: a reply must answer exactly the events sent, in order, or it is garbage
    (and nothing is marked delivered)."""
    if not isinstance(body, dict) or body.get("protocol") != PROTOCOL:
        raise ProtocolError("not a protocol 1 reply")
    raw = body.get("results")
    if not isinstance(raw, list) or len(raw) != len(sent_ids):
        raise ProtocolError("the reply does not answer every event sent")
    results = []
    for item, sent in zip(raw, sent_ids, strict=True):
        if not isinstance(item, dict) or item.get("id") != sent:
            raise ProtocolError("the reply answers other events than those sent")
        try:
            outcome = Outcome(_enum_value(item.get("outcome")))
        except ValueError:
            raise ProtocolError("unknown outcome") from None
        results.append(EventResult(sent, outcome, _text(item, "reason"), _text(item, "detail")))
    highest = body.get("highest_seq")
    if not isinstance(highest, int) or isinstance(highest, bool) or highest < 0:
        raise ProtocolError("highest_seq is not a number")
    return UploadReply(_text(body, "server_time"), results, highest, _chain(body.get("chain")))


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"protocol": PROTOCOL, "error": code, "message": message}


def parse_error(body: object) -> tuple[str, str]:
    """(code, message) of an error reply; ("", "") when the body is not one."""
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        message = body.get("message")
        return body["error"], message if isinstance(message, str) else ""
    return "", ""


def is_of_media_type(content: bytes, media_type: str) -> bool:
    """Whether ``content`` begins as a file of ``media_type`` (one of ``FILE_MEDIA_TYPES``) does."""
    signature = FILE_SIGNATURES.get(media_type)
    return signature is not None and content.startswith(signature)


def head_office_desk(hall: str) -> str:
    """The desk code under which head office writes its own events for ``hall``."""
    return f"{hall}-{HEAD_OFFICE_DESK_NUMBER}"


@dataclass(frozen=True)
class PullReply:
    server_time: str
    events: list[dict[str, Any]]
    cursor: int
    more: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": PROTOCOL,
            "server_time": self.server_time,
            "events": self.events,
            "cursor": self.cursor,
            "more": self.more,
        }


def parse_pull_reply(body: object, after: int) -> PullReply:
    """The desk's side of a pull: the shape only (each event is then checked on its own)."""
    if not isinstance(body, dict) or body.get("protocol") != PROTOCOL:
        raise ProtocolError("not a protocol 1 reply")
    events, cursor, more = body.get("events"), body.get("cursor"), body.get("more")
    if not isinstance(events, list) or len(events) > MAX_BATCH:
        raise ProtocolError("events is not a list of at most MAX_BATCH")
    if not isinstance(cursor, int) or isinstance(cursor, bool) or cursor < after:
        raise ProtocolError("cursor is not a number at or past the one asked for")
    if not isinstance(more, bool):
        raise ProtocolError("more is not true or false")
    if events and cursor == after:
        raise ProtocolError("events came without moving the cursor")
    return PullReply(_text(body, "server_time"), events, cursor, more)


def file_path(sha256: str) -> str:
    return f"{FILES_PATH}/{sha256}"


@dataclass(frozen=True)
class FileReply:
    server_time: str
    sha256: str
    size: int
    outcome: Outcome  # STORED (first time) or DUPLICATE (already held)

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": PROTOCOL,
            "server_time": self.server_time,
            "sha256": self.sha256,
            "size": self.size,
            "outcome": self.outcome.value,
        }


def parse_file_reply(body: object, sha256: str, size: int) -> FileReply:
    """The desk's side: head office must say it holds exactly the file sent."""
    if not isinstance(body, dict) or body.get("protocol") != PROTOCOL:
        raise ProtocolError("not a protocol 1 reply")
    if body.get("sha256") != sha256 or body.get("size") != size:
        raise ProtocolError("the reply names another file than the one sent")
    try:
        outcome = Outcome(_enum_value(body.get("outcome")))
    except ValueError:
        raise ProtocolError("unknown outcome") from None
    if outcome not in (Outcome.STORED, Outcome.DUPLICATE):
        raise ProtocolError(f"outcome {outcome.value} is not one a file can have")
    return FileReply(_text(body, "server_time"), sha256, size, outcome)


@dataclass(frozen=True)
class OwnEventsReply:
    """A page of the asking desk's own events (``GET /v1/desks/me/events``)."""

    server_time: str
    events: list[dict[str, Any]]
    more: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": PROTOCOL,
            "server_time": self.server_time,
            "events": self.events,
            "more": self.more,
        }


def parse_own_events_reply(body: object) -> OwnEventsReply:
    """The desk's side: the shape only (each envelope is verified before anything is kept)."""
    if not isinstance(body, dict) or body.get("protocol") != PROTOCOL:
        raise ProtocolError("not a protocol 1 reply")
    events, more = body.get("events"), body.get("more")
    if not isinstance(events, list) or len(events) > MAX_BATCH:
        raise ProtocolError("events is not a list of at most MAX_BATCH")
    if not isinstance(more, bool):
        raise ProtocolError("more is not true or false")
    if more and not events:
        raise ProtocolError("more events announced but none sent")
    return OwnEventsReply(_text(body, "server_time"), events, more)
