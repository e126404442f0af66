"""Sync with head office: the use cases the UI and the command line call (issues 3 and 4, desk side).

- :func:`register_desk` — tie this desk to head office with its token (kept in the system keyring
  only); refuses the demo desk and another desk's code; checks the token when head office answers.
  Plain http to another machine only with ``allow_plain_http``; a private CA (``ca_pem``) is kept
  with the registration and every later connection trusts it (:mod:`hall_desk.sync.tls`); head
  office's certificate not verifying stores nothing. Each registration writes the event
  ``hq_link.registered`` (:mod:`hall_desk.domain.hq_link`) in the same transaction.
- :func:`recover_from_hq` — ``hall-desk recover``: take back this desk's own events from head
  office after a restore or on a new PC (:mod:`hall_desk.sync.recover`);
- :func:`sync_now` — one round now (upload, then pull and apply the hall's events);
  :func:`make_background_sync` — the sync thread.
- :func:`queue_status`, :func:`dead_letters`, :func:`export_dead_letters` — what the status bar, the
  dead-letter view (both directions) and ``hall-desk sync-status`` show; :func:`failed_files` — the
  files head office refused (shown with the dead letters), :func:`retry_failed_files` to send them
  again;
  :func:`hall_view_freshness` — "最后同步于 …" on hall-wide views.

Errors are typed domain errors with stable codes (:mod:`hall_desk.sync.errors`,
:class:`hall_desk.credentials.CredentialsUnavailable`, ``ValidationError``), for the UI to ``tr()``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from hall_desk import credentials
from hall_desk.credentials import CredentialsUnavailable
from hall_desk.domain.errors import DomainError, ValidationError
from hall_desk.domain.hq_link import (
    HQ_LINK_REGISTERED,
    registered_payload,
    sends_in_clear,
    unattended_actor,
)
from hall_desk.services.context import DeskContext
from hall_desk.services.escrow import escrow_if_changed
from hall_desk.services.setup import ensure_may_register_with_hq, require_desk
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.sync import files, outbox
from hall_desk.sync.errors import (
    AuthRefused,
    CertificateRefused,
    DeskMismatch,
    FileRefused,
    HQTrouble,
    HQUnreachable,
    NoToken,
    NotRegistered,
    SyncError,
)
from hall_desk.sync.files import FailedFile
from hall_desk.sync.outbox import PULL, STALE_AFTER, UPLOAD, DeadLetter, QueueStatus
from hall_desk.sync.protocol import TOKEN_PREFIX
from hall_desk.sync.recover import (
    RecoveryRefused,
    RecoveryReport,
    fetch_own_files,
    recover_own_events,
)
from hall_desk.sync.runner import BackgroundSync, Backoff, RoundReport, Wait, run_round
from hall_desk.sync.tls import read_ca_bundle, verify_for
from hall_desk.sync.transport import HQClient, Timeouts

log = logging.getLogger(__name__)

__all__ = [
    "PULL",
    "UPLOAD",
    "AuthRefused",
    "BackgroundSync",
    "Backoff",
    "CertificateRefused",
    "CredentialsUnavailable",
    "DeadLetter",
    "DeskMismatch",
    "FailedFile",
    "FileRefused",
    "HQTrouble",
    "HQUnreachable",
    "HallViewFreshness",
    "NoToken",
    "NotRegistered",
    "QueueStatus",
    "RecoveryRefused",
    "RecoveryReport",
    "Registration",
    "RoundReport",
    "SyncError",
    "dead_letters",
    "export_dead_letters",
    "failed_files",
    "hall_view_freshness",
    "make_background_sync",
    "normalise_hq_url",
    "queue_status",
    "read_ca_bundle",
    "recover_from_hq",
    "register_desk",
    "retry_failed_files",
    "sync_now",
]


@dataclass(frozen=True)
class Registration:
    desk: str
    hq_url: str
    verified: bool  # head office answered and knows this token as this desk's
    warning: SyncError | None = None  # why it could not be checked (stored anyway)
    plain_http: bool = False  # registered with plain http to another machine (allowed explicitly)
    private_ca: bool = False  # a private CA is kept with the registration


def normalise_hq_url(text: str) -> str:
    """``http(s)://host[:port][/prefix]`` without a trailing slash, query, fragment or user info."""
    raw = (text or "").strip()
    try:
        parts = urlsplit(raw)
        port = parts.port  # raises on a bad port
    except ValueError:
        raise ValidationError("hq_url.invalid", "hq_url") from None
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
        or " " in raw
    ):
        raise ValidationError("hq_url.invalid", "hq_url")
    netloc = parts.hostname if port is None else f"{parts.hostname}:{port}"
    if ":" in parts.hostname:  # IPv6 literal
        netloc = f"[{parts.hostname}]" + (f":{port}" if port is not None else "")
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


PLAIN_HTTP = "hq_url.plain_http"  # plain http to another machine, not allowed explicitly


def check_link(url: str, *, allow_plain_http: bool) -> None:
    """Refuse plain http to a host other than this machine unless the caller chose it."""
    if sends_in_clear(url) and not allow_plain_http:
        raise ValidationError(PLAIN_HTTP, "hq_url")


def _check_token(token: str) -> str:
    token = (token or "").strip()
    if (
        not token.startswith(TOKEN_PREFIX)
        or len(token) < len(TOKEN_PREFIX) + 16
        or any(c.isspace() for c in token)
    ):
        raise ValidationError("token.invalid", "token")
    return token


def register_desk(
    ctx: DeskContext,
    hq_url: str,
    desk_code: str,
    token: str,
    *,
    ca_pem: str = "",
    allow_plain_http: bool = False,
    timeouts: Timeouts | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Registration:
    """Register this desk with head office. Wrong token, another desk's token or code, the demo
    desk, no keyring, plain http to another machine without ``allow_plain_http``
    (``hq_url.plain_http``), or head office's certificate not verifying
    (:class:`CertificateRefused`): a typed error and nothing stored. Head office unreachable:
    stored, with a warning (the token is checked on the first upload). ``ca_pem``: a private
    CA's certificates (:func:`read_ca_bundle`), kept with the registration."""
    info = ensure_may_register_with_hq()
    if (desk_code or "").strip().upper() != info.desk_code:
        raise DeskMismatch(f"this desk is {info.desk_code}")
    url = normalise_hq_url(hq_url)
    check_link(url, allow_plain_http=allow_plain_http)
    token = _check_token(token)

    warning: SyncError | None = None
    offset: timedelta | None = None
    client = HQClient(
        url,
        token,
        clock=ctx.clock,
        timeouts=timeouts or Timeouts(read=10.0),
        transport=transport,
        verify=verify_for(ca_pem),
    )
    try:
        who = client.who_am_i()
        offset = client.last_offset
        if who.desk != info.desk_code:
            raise DeskMismatch(f"head office knows this token as desk {who.desk}")
    except (HQUnreachable, HQTrouble) as error:
        log.warning(
            "registering desk %s: head office could not check the token: %s", info.desk_code, error
        )
        warning = error
    finally:
        client.close()

    credentials.save_token(info.desk_code, token)
    previous = _link_state()
    link = registered_payload(url, ca_file=bool(ca_pem))
    with unit_of_work():  # the registration and its event commit together
        outbox.set_hq_url(url, ca_pem=ca_pem)
        append_event(
            hall=info.code,
            desk=info.desk_code,
            type=HQ_LINK_REGISTERED,
            actor=unattended_actor(info.desk_code),
            at=ctx.clock.now(),
            state=link,
            before=previous,
        )
    if warning is None:
        outbox.record_contact(at=ctx.clock.now(), clock_offset=offset)
        if client.peer_not_after is not None:
            outbox.record_hq_certificate(client.peer_not_after)
    if link["plain_http"]:
        log.warning(
            "desk %s registered with head office %s over plain http: not encrypted",
            info.desk_code,
            url,
        )
    log.info(
        "desk %s registered with head office %s (checked: %s, private CA: %s)",
        info.desk_code,
        url,
        warning is None,
        bool(ca_pem),
    )
    return Registration(
        info.desk_code, url, warning is None, warning, link["plain_http"], bool(ca_pem)
    )


def _link_state() -> dict[str, object] | None:
    """The link as registered so far (the ``before`` of the next ``hq_link.registered``)."""
    url = outbox.sync_state().hq_url
    if not url:
        return None
    return registered_payload(url, ca_file=bool(outbox.hq_ca_pem()))


class _Uplink:
    """One head-office client per runner, reused across rounds while the URL and token hold."""

    def __init__(
        self, ctx: DeskContext, timeouts: Timeouts | None, transport: httpx.BaseTransport | None
    ) -> None:
        self._ctx = ctx
        self._timeouts = timeouts
        self._transport = transport
        self._client: HQClient | None = None
        self._key: tuple[str, str, str] | None = None
        self._lock = threading.Lock()

    def _client_for(self, desk: str) -> HQClient:
        url = outbox.sync_state().hq_url
        if not url:
            raise NotRegistered()
        token = credentials.load_token(desk)
        if not token:
            raise NoToken(f"the system keyring holds no token for desk {desk}")
        ca_pem = outbox.hq_ca_pem()
        key = (url, token, ca_pem)
        if self._client is None or self._key != key:
            self.close()
            self._client = HQClient(
                url,
                token,
                clock=self._ctx.clock,
                timeouts=self._timeouts,
                transport=self._transport,
                verify=verify_for(ca_pem),
            )
            self._key = key
        return self._client

    def round(self) -> RoundReport:
        with self._lock:
            desk = require_desk().desk_code
            try:
                client = self._client_for(desk)
            except (SyncError, CredentialsUnavailable) as error:
                detail = error.detail if isinstance(error, SyncError) else str(error)
                outbox.record_failure(error.code, detail, at=self._ctx.clock.now())
                return RoundReport(error=_as_sync_error(error), status=outbox.queue_status(desk))
            report = run_round(desk, client, clock=self._ctx.clock)
            if report.ok:
                _escrow_after_round(desk, client, report)
            return report

    def recover(self) -> RecoveryReport:
        with self._lock:
            desk = require_desk().desk_code
            try:
                client = self._client_for(desk)
            except CredentialsUnavailable as error:
                raise _as_sync_error(error) from None
            try:
                report = recover_own_events(desk, client, at=self._ctx.clock.now())
                got = fetch_own_files(desk, client, at=self._ctx.clock.now())
                report.files_fetched, report.files_missing = got.fetched, len(got.missing)
            except SyncError as error:
                outbox.record_failure(error.code, error.detail, at=self._ctx.clock.now())
                raise
            return report

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
            self._key = None


def _escrow_after_round(desk: str, client: HQClient, report: RoundReport) -> None:
    """Escrow the desk's keys when they changed (:mod:`hall_desk.services.escrow`). A failure is
    logged and reported, never fails the round: the events are what must get through."""
    try:
        report.escrowed = escrow_if_changed(desk, client, held_at_hq=report.hq_escrow)
    except (DomainError, CredentialsUnavailable) as error:
        report.escrow_error = getattr(error, "code", type(error).__name__)
        log.warning("keys not escrowed this round: %s", error)


def _as_sync_error(error: DomainError) -> SyncError:
    if isinstance(error, SyncError):
        return error
    return SyncError(error.code, str(error))


def sync_now(
    ctx: DeskContext,
    *,
    timeouts: Timeouts | None = None,
    transport: httpx.BaseTransport | None = None,
) -> RoundReport:
    """One round now (the CLI's ``sync-now``): upload what waits, then pull and apply the hall's
    events until head office has no more. The report counts both (``sent``/``stored``… and
    ``pulled``/``applied``/``pull_dead``…). Failures are in ``report.error`` (and recorded as the
    last error), never raised."""
    uplink = _Uplink(ctx, timeouts, transport)
    try:
        return uplink.round()
    finally:
        uplink.close()


def recover_from_hq(
    ctx: DeskContext,
    *,
    timeouts: Timeouts | None = None,
    transport: httpx.BaseTransport | None = None,
) -> RecoveryReport:
    """``hall-desk recover``: fetch this desk's own events head office holds past the local chain
    (after a restore, or on a new PC) and continue the chain with them
    (:func:`hall_desk.sync.recover.recover_own_events`; every sync round also does it when needed).
    Raises a :class:`SyncError` (``sync.recovery_refused`` when an envelope does not verify)."""
    uplink = _Uplink(ctx, timeouts, transport)
    try:
        return uplink.recover()
    finally:
        uplink.close()


def queue_status() -> QueueStatus:
    return outbox.queue_status(require_desk().desk_code)


def dead_letters(direction: str | None = None) -> list[DeadLetter]:
    """Own events head office did not apply (``direction`` :data:`UPLOAD`), then pulled events
    this desk did not apply (:data:`PULL`); both by default. Each has ``direction``, ``outcome``,
    ``reason`` (a code, see the module docstring of :mod:`hall_desk.sync.downlink`) and ``detail``."""
    return outbox.dead_letters(require_desk().desk_code, direction)


def failed_files() -> list[FailedFile]:
    """Files head office refused for good (evidence or final PDFs): kept here, not sent again
    until :func:`retry_failed_files`; each with head office's reason (``error``: "code: message")
    and the names it carries on transfers."""
    require_desk()
    return files.failed_files()


def retry_failed_files() -> int:
    """Send the refused files again at the next round (once what made head office refuse them is
    fixed); returns how many."""
    require_desk()
    count = files.retry_failed()
    log.info("%d refused files queued for head office again", count)
    return count


@dataclass(frozen=True)
class HallViewFreshness:
    """How current the hall-wide views are: "最后同步于 {last_heard}", a warning when ``stale``."""

    last_heard: datetime | None  # last successful exchange with head office; None: never
    last_pull: datetime | None  # last pull that fetched all head office had: "最后同步于 …"
    stale: bool  # no complete pull, or the last one is older than ``stale_after``
    stale_after: timedelta


def hall_view_freshness(ctx: DeskContext) -> HallViewFreshness:
    status = outbox.queue_status(require_desk().desk_code)
    return HallViewFreshness(
        status.last_heard, status.last_pull, status.hall_view_stale(ctx.clock.now()), STALE_AFTER
    )


def export_dead_letters(path: Path) -> int:
    """Write the dead letters to ``path`` as JSON Lines (atomically); returns how many."""
    return outbox.export_dead_letters(require_desk().desk_code, Path(path))


def make_background_sync(
    ctx: DeskContext,
    on_status: Callable[[QueueStatus], None] | None = None,
    *,
    idle_interval: float = 60.0,
    backoff: Backoff | None = None,
    wait: Wait | None = None,
    timeouts: Timeouts | None = None,
    transport: httpx.BaseTransport | None = None,
) -> BackgroundSync:
    """The uploader thread, not started: ``.start()``, ``.sync_now()``, ``.network_back()``,
    ``.stop()``. ``on_status`` runs in that thread after every round."""
    uplink = _Uplink(ctx, timeouts, transport)
    return BackgroundSync(
        uplink.round,
        on_status=on_status,
        idle_interval=idle_interval,
        backoff=backoff,
        wait=wait,
        on_exit=uplink.close,
        clock=ctx.clock,
    )
