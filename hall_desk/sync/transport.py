"""The desk's HTTP client for head office (protocol v1, :mod:`hall_desk.sync.protocol`).

One :class:`HQClient` (one ``httpx.Client``, so one connection pool) per runner; every request has
connect/read/write/pool time-outs and carries ``Authorization: Bearer <token>``. Failures come out
as the typed errors of :mod:`hall_desk.sync.errors`:

- no answer (refused connection, DNS, reset, time-out) → :class:`HQUnreachable` (offline);
- head office's TLS certificate does not verify → :class:`CertificateRefused` (never offline:
  retrying cannot help);
- 401 / 403 → :class:`AuthRefused` (wrong / revoked token);
- 5xx, other error statuses, garbage, a reply that does not answer the events sent, or a pull
  reply of the wrong shape →
  :class:`HQTrouble`;
- a file head office refuses for good (400, 413, 415, 422 to ``PUT /v1/files/…`` with head office's
  own ``file.*`` or ``request.invalid`` code) → :class:`FileRefused`. The same statuses without
  such a code (e.g. an HTML 413 from a proxy in front of head office) are :class:`HQTrouble`: the
  file waits for the next round rather than being marked refused.

Each answered exchange measures the desk clock's offset against head office's ``server_time``
(taken at the midpoint of send and receive); it is reported, never used for ordering. Over https,
each response also notes when head office's certificate ends (``peer_not_after``, for the expiry
warning). ``verify`` is what the TLS connection trusts (:func:`hall_desk.sync.tls.verify_for`: the
registration's private CA, or the default CAs).
"""

from __future__ import annotations

import hashlib
import json
import logging
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from hall_desk import __version__, faults
from hall_desk.domain.clock import Clock, SystemClock, utc_iso
from hall_desk.sync import escrow, protocol
from hall_desk.sync.errors import (
    AUTH_INVALID,
    AUTH_REVOKED,
    AuthRefused,
    CertificateRefused,
    DeskMismatch,
    FileRefused,
    HQTrouble,
    HQUnreachable,
)
from hall_desk.sync.protocol import (
    MAX_BATCH,
    ChainReportWire,
    ChainState,
    FileReply,
    OwnEventsReply,
    ProtocolError,
    PullReply,
    UploadReply,
)
from hall_desk.sync.tls import certificate_problem, peer_not_after

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timeouts:
    """Seconds per phase of a request (httpx's four time-outs)."""

    connect: float = 5.0
    read: float = 30.0
    write: float = 30.0
    pool: float = 5.0

    def as_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


@dataclass(frozen=True)
class DeskAtHQ:
    """Who head office thinks this token belongs to, and what it holds of that desk."""

    hall: str
    desk: str
    highest_seq: int
    chain: ChainReportWire
    server_time: str
    # the version of this desk's key escrow head office holds (None: none); escrow_reported is
    # False for a head office that does not say (older than issue 9)
    escrow_version: int | None = None
    escrow_reported: bool = False


# Statuses of ``PUT /v1/files/…`` that refuse the file itself (sending it again cannot help), when
# head office says so with one of its codes.
_FILE_REFUSALS = (400, 413, 415, 422)


class BatchTooLarge(ValueError):
    """The encoded batch is over the protocol's body limit: send fewer events at once."""


MAX_RETRY_AFTER = 3600.0  # seconds: a longer Retry-After is taken as this


def retry_after_of(response: httpx.Response) -> float | None:
    """The seconds a 503 or 429's ``Retry-After`` asks for (delta-seconds only, as head office
    sends; an HTTP date or garbage is ignored), None without one."""
    if response.status_code not in (429, 503):
        return None
    text = response.headers.get("retry-after", "").strip()
    if not text.isdigit():
        return None
    return min(float(text), MAX_RETRY_AFTER)


def parse_server_time(text: str) -> datetime | None:
    """Head office's ``server_time`` (UTC ISO 8601 with ``Z``), or None when unusable."""
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return at if at.tzinfo is not None else None


def encode_upload(
    desk: str,
    events: list[dict[str, Any]],
    *,
    sent_at: str | None = None,
    round_trip_ms: int | None = None,
) -> bytes:
    body = json.dumps(
        protocol.upload_request(desk, events, sent_at=sent_at, round_trip_ms=round_trip_ms),
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    ).encode("utf-8")
    if len(body) > protocol.MAX_BODY_BYTES:
        raise BatchTooLarge(f"{len(body)} bytes > {protocol.MAX_BODY_BYTES}")
    return body


def _body_then_fault(body: bytes) -> Iterator[bytes]:
    yield body
    faults.hit("mid-batch")  # the whole request is on the wire; its reply is not read yet


class HQClient:
    """Head office at ``base_url``, spoken to with this desk's ``token``."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        clock: Clock | None = None,
        timeouts: Timeouts | None = None,
        transport: httpx.BaseTransport | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._clock = clock or SystemClock()
        self._client = httpx.Client(
            base_url=self.base_url,
            timeout=(timeouts or Timeouts()).as_httpx(),
            headers={
                "Authorization": f"Bearer {token}",
                "User-Agent": f"hall_desk/{__version__}",
                "Accept": "application/json",
            },
            transport=transport,
            follow_redirects=False,
            verify=verify,
        )
        self.last_offset: timedelta | None = None
        self.last_round_trip: timedelta | None = None  # of the last exchange with server_time
        self.last_server_time: datetime | None = None
        # when head office's certificate ends, as presented on the last https response
        self.peer_not_after: datetime | None = None

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HQClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the two calls ------------------------------------------------------------------------

    def upload(self, desk: str, events: list[dict[str, Any]]) -> UploadReply:
        """POST one batch; head office's answer for every event, in order."""
        trip = self.last_round_trip
        body = encode_upload(
            desk, events, sent_at=utc_iso(self._clock.now()),
            round_trip_ms=None if trip is None else round(trip.total_seconds() * 1000),
        )  # fmt: skip  # issue 17: head office records this desk's clock offset
        content: bytes | Iterator[bytes] = body
        if faults.ARMED == "mid-batch":
            content = _body_then_fault(body)
        data = self._exchange(
            "POST",
            protocol.UPLOAD_PATH,
            content=content,
            headers={"Content-Type": "application/json", "Content-Length": str(len(body))},
        )
        try:
            reply = protocol.parse_upload_reply(data, [e["id"] for e in events])
        except ProtocolError as error:
            raise HQTrouble(f"reply: {error}") from None
        return reply

    def pull(self, after: int, limit: int = MAX_BATCH) -> PullReply:
        """GET /v1/events?after=&limit=: the next page of the hall's events for this desk. Only the
        reply's shape is checked here; each event is checked when it is applied."""
        if not 1 <= limit <= MAX_BATCH or after < 0:
            raise ValueError("a pull asks for 1 to MAX_BATCH events after a cursor >= 0")
        data = self._exchange(
            "GET", protocol.PULL_PATH, params={"after": str(after), "limit": str(limit)}
        )
        try:
            return protocol.parse_pull_reply(data, after)
        except ProtocolError as error:
            raise HQTrouble(f"pull reply: {error}") from None

    def put_file(self, sha256: str, media_type: str, content: bytes) -> FileReply:
        """PUT /v1/files/{sha256}: one file's bytes. Head office's ``stored`` (201) or
        ``duplicate`` (200) means it holds them; a permanent refusal is :class:`FileRefused`."""
        try:
            data = self._exchange(
                "PUT",
                protocol.file_path(sha256),
                content=content,
                ok=(200, 201),
                headers={"Content-Type": media_type, "Content-Length": str(len(content))},
            )
        except HQTrouble as error:
            ours = error.reason.startswith("file.") or error.reason == protocol.ERROR_BAD_REQUEST
            if error.status in _FILE_REFUSALS and ours:
                raise FileRefused(error.reason, error.detail) from None
            raise
        try:
            return protocol.parse_file_reply(data, sha256, len(content))
        except ProtocolError as error:
            raise HQTrouble(f"file reply: {error}") from None

    def own_events(self, after: int, limit: int = MAX_BATCH) -> OwnEventsReply:
        """GET /v1/desks/me/events?after=&limit=: this desk's own events after seq ``after``, as
        head office holds them (recovery). Only the shape is checked here; every envelope is
        verified before anything is kept."""
        if not 1 <= limit <= MAX_BATCH or after < 0:
            raise ValueError("recovery asks for 1 to MAX_BATCH events after a seq >= 0")
        data = self._exchange(
            "GET", protocol.OWN_EVENTS_PATH, params={"after": str(after), "limit": str(limit)}
        )
        try:
            return protocol.parse_own_events_reply(data)
        except ProtocolError as error:
            raise HQTrouble(f"own events reply: {error}") from None

    def get_file(self, sha256: str) -> tuple[str, bytes]:
        """GET /v1/files/{sha256}: (media type, bytes) of a file of this desk's hall that head
        office holds (recovery on a new PC). The bytes must hash to ``sha256`` (else
        :class:`HQTrouble`); ``file.unknown`` is :class:`HQTrouble` with status 404."""
        response = self._send("GET", protocol.file_path(sha256))
        if response.status_code != 200:
            self._refuse(response)
        content = response.content
        if hashlib.sha256(content).hexdigest() != sha256:
            raise HQTrouble(f"file {sha256[:12]}…: the bytes head office sent are another file's")
        media_type = response.headers.get("content-type", "").split(";", 1)[0].strip()
        return media_type, content

    # -- key escrow (issue 9, hall_desk.sync.escrow) -------------------------------------------

    def escrow_key(self) -> str:
        """GET /v1/escrow/key: head office's escrow public key (base64)."""
        data = self._exchange("GET", escrow.ESCROW_KEY_PATH)
        key = data.get("public_key") if isinstance(data, dict) else None
        if not isinstance(key, str):
            raise HQTrouble("escrow key reply: public_key missing")
        return key

    def put_escrow(self, sealed: dict[str, Any]) -> int:
        """PUT /v1/desks/me/escrow: store this desk's sealed bundle; head office's version."""
        data = self._exchange(
            "PUT", escrow.ESCROW_PATH, json={"protocol": protocol.PROTOCOL, "sealed": sealed}
        )
        version = data.get("version") if isinstance(data, dict) else None
        if not isinstance(version, int) or isinstance(version, bool):
            raise HQTrouble("escrow reply: version missing")
        return version

    def open_escrow(self, public_key: str, recovery_code: str) -> tuple[int, dict[str, Any]]:
        """POST /v1/desks/me/escrow/open with the desk's one-time recovery code: (the version that
        opened, the bundle re-sealed to ``public_key``)."""
        body: dict[str, Any] = {"protocol": protocol.PROTOCOL, "public_key": public_key}
        if recovery_code:
            body["recovery_code"] = recovery_code
        data = self._exchange("POST", escrow.ESCROW_OPEN_PATH, json=body)
        if not isinstance(data, dict) or not isinstance(data.get("sealed"), dict):
            raise HQTrouble("escrow open reply: sealed missing")
        version = data.get("version")
        return (version if isinstance(version, int) else 0), data["sealed"]

    def who_am_i(self) -> DeskAtHQ:
        """GET /v1/desk: checks the token and says which desk head office takes us for."""
        data = self._exchange("GET", protocol.DESK_PATH)
        try:
            if not isinstance(data, dict):
                raise ProtocolError("not an object")
            hall, desk, highest = data.get("hall"), data.get("desk"), data.get("highest_seq", 0)
            if not isinstance(hall, str) or not isinstance(desk, str):
                raise ProtocolError("hall/desk missing")
            if not isinstance(highest, int) or isinstance(highest, bool):
                raise ProtocolError("highest_seq is not a number")
            raw_chain = data.get("chain") or {}
            state = raw_chain.get("state", "intact") if isinstance(raw_chain, dict) else None
            if state not in tuple(ChainState):
                raise ProtocolError("chain.state is unknown")
            seq = raw_chain.get("seq") if isinstance(raw_chain, dict) else None
            chain = ChainReportWire(
                ChainState(state),
                seq if isinstance(seq, int) else None,
                str(raw_chain.get("detail", "")) if isinstance(raw_chain, dict) else "",
            )
        except ProtocolError as error:
            raise HQTrouble(f"desk reply: {error}") from None
        escrow_version = data.get("escrow_version")
        if not isinstance(escrow_version, int) or isinstance(escrow_version, bool):
            escrow_version = None
        return DeskAtHQ(
            hall,
            desk,
            highest,
            chain,
            str(data.get("server_time", "")),
            escrow_version,
            "escrow_version" in data,
        )

    # -- one request --------------------------------------------------------------------------

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.TimeoutException as error:
            raise HQUnreachable(f"{type(error).__name__} {method} {path}", timed_out=True) from None
        except httpx.RemoteProtocolError as error:
            raise HQTrouble(f"broken HTTP: {error}") from None
        except httpx.TransportError as error:
            problem = certificate_problem(error)
            if problem is not None:
                raise CertificateRefused(f"{self.base_url}: {problem}") from None
            raise HQUnreachable(f"{type(error).__name__}: {error}") from None
        not_after = peer_not_after(response)
        if not_after is not None:
            self.peer_not_after = not_after
        return response

    def _refuse(self, response: httpx.Response) -> None:
        """Raise the typed error of a reply that is not the expected success."""
        try:
            data: object = response.json()
        except (ValueError, UnicodeDecodeError):
            data = None
        self._check_status(response.status_code, data, (200,), retry_after_of(response))

    @staticmethod
    def _check_status(
        status: int, data: object, ok: tuple[int, ...], retry_after: float | None = None
    ) -> None:
        if status in (401, 403):
            code, message = protocol.parse_error(data)
            detail = f"HTTP {status} {code} {message}".strip()
            if code == protocol.NOT_YOUR_DESK:
                raise DeskMismatch(detail)
            if code == escrow.ESCROW_RELEASE_REQUIRED:  # the token is good; the recovery code not
                raise HQTrouble(detail, status=status, reason=code)
            revoked = code == protocol.ERROR_REVOKED or (status == 403 and not code)
            raise AuthRefused(AUTH_REVOKED if revoked else AUTH_INVALID, detail)
        if status not in ok:
            code, message = protocol.parse_error(data)
            raise HQTrouble(
                f"HTTP {status} {code} {message}".strip(),
                status=status,
                reason=code,
                retry_after=retry_after,
            )

    def _exchange(
        self, method: str, path: str, *, ok: tuple[int, ...] = (200,), **kwargs: Any
    ) -> object:
        sent_at = self._clock.now()
        response = self._send(method, path, **kwargs)
        received_at = self._clock.now()
        status = response.status_code
        try:
            data: object = response.json()
        except (ValueError, UnicodeDecodeError):
            data = None
        self._check_status(status, data, ok, retry_after_of(response))
        if data is None:
            raise HQTrouble(f"HTTP {status} but the body is not JSON", status=status)
        if isinstance(data, dict):
            self._note_clock(data.get("server_time"), sent_at, received_at)
        return data

    def _note_clock(self, server_time: object, sent_at: datetime, received_at: datetime) -> None:
        at = parse_server_time(server_time) if isinstance(server_time, str) else None
        if at is None:
            return
        midpoint = sent_at + (received_at - sent_at) / 2
        self.last_server_time = at
        self.last_offset = midpoint - at  # > 0: the desk clock is ahead of head office
        self.last_round_trip = received_at - sent_at
