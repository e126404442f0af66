"""The HTTP face of head office: protocol v1 (:mod:`hall_desk.sync.protocol`) on Starlette.

- ``GET /v1/health`` (no token), ``GET /v1/desk``, ``POST /v1/events`` (upload),
  ``GET /v1/events?after=&limit=`` (the downlink), ``GET /v1/desks/me/events?after=&limit=`` (the
  desk's own events back, for recovery), ``PUT /v1/files/{sha256}`` (a file's raw bytes),
  ``GET /v1/files/{sha256}`` (a file of the desk's own hall, for recovery) and key escrow
  (``GET /v1/escrow/key``, ``PUT /v1/desks/me/escrow``, ``POST /v1/desks/me/escrow/open``; see
  :mod:`hall_desk.sync.escrow`) with a desk's token (``Authorization: Bearer``), ``GET /v1/openapi.json`` (the document describing
  all of it).
- The operators' API under ``/v1/ops/`` with an operator's token (``hall-desk-hq add-operator``):
  ``POST /v1/ops/complaints/{id}/reply``, ``POST /v1/ops/refunds/{id}/decision``,
  ``POST /v1/ops/halls/{hall}/policy``, ``POST /v1/ops/policy`` (every hall),
  ``POST /v1/ops/halls/{hall}/staff/{staff_no}/disable``. Each answers ``{"events": [envelope…]}``,
  the head-office events it appended. ``GET /v1/ops/files/{sha256}`` answers a file's bytes (with a reason, recorded as
  ``document.viewed``: issue 17). Desk tokens are refused there, operator tokens everywhere else.
  Reads (issue 17, an operator's token or the console's session): ``GET /v1/ops/refunds/awaiting``,
  ``GET /v1/ops/transferred-complaints`` and ``GET /v1/ops/transferred-complaints/{id}``.
- Every reply is JSON and carries ``server_time`` (UTC, ``…Z``) so a desk can measure its clock offset,
  errors included. Hostile input gets a 4xx with an error code, never a traceback.
- Database work is blocking: it runs in the thread pool; the store serialises writes per hall (on
  PostgreSQL each call takes a connection from a pool that replaces connections the server ended).
  ``/v1/health`` answers 503 (``database: unavailable``) while the database does not answer.
- Fault injection for kill tests: ``HALL_DESK_HQ_FAULT=kill-mid-batch`` (read by ``cli serve``) makes
  the server commit the first half of the first upload batch it gets (rounded up: all of a one-event
  batch) in its own transaction, and then SIGKILL itself before replying. Restart without it.
  ``kill-once-mid-batch`` does the same in the one worker (of ``serve --workers N``) that first
  creates the file ``$HALL_DESK_HQ_FAULT_MARK``; the others, and the worker replacing it, serve.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from importlib import resources
from typing import Any
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route

from hall_desk import __version__
from hall_desk.domain.clock import SystemClock, utc_iso
from hall_desk.hq.console import SESSION_COOKIE as CONSOLE_COOKIE
from hall_desk.hq.console import Console, QueryError, queue_query
from hall_desk.hq.console.admin import AdminPages
from hall_desk.hq.console.executions import EXECUTION_STATES, ExecutionPages
from hall_desk.hq.console.held import HeldPages
from hall_desk.hq.console.metrics import MetricsPages
from hall_desk.hq.console.refund_pages import RefundPages
from hall_desk.hq.console.search import SearchPages
from hall_desk.hq.console.transferred import TransferredPages, transferred_query
from hall_desk.hq.escrow_keeper import EscrowKeeper, EscrowKeyError
from hall_desk.hq.json_body import BodyError, parse_json_body
from hall_desk.hq.secrets_keeper import SecretsKeeper
from hall_desk.hq.store import (
    DB_BUSY,
    DB_UNAVAILABLE,
    LATEST_VERSION,
    RELEASE_REQUIRED_MESSAGE,
    RETRY_AFTER,
    DeskClock,
    DeskIdentity,
    HQStore,
    HQStoreBusy,
    HQStoreError,
    HQStoreUnavailable,
    OperatorIdentity,
)
from hall_desk.hq.store.console_search import (
    NOT_PERMITTED,
    REASON_REQUIRED,
    may_see_full_values,
)
from hall_desk.sync import escrow
from hall_desk.sync.protocol import (
    DESK_PATH,
    ERROR_BAD_REQUEST,
    ERROR_PROTOCOL,
    ERROR_REVOKED,
    ERROR_TOO_LARGE,
    ERROR_UNAUTHORISED,
    FILE_EMPTY,
    FILE_HASH_MISMATCH,
    FILE_MEDIA_TYPE,
    FILE_MEDIA_TYPES,
    FILE_TOO_LARGE,
    FILE_TYPE_MISMATCH,
    FILE_UNKNOWN,
    FILES_PATH,
    HEALTH_PATH,
    MAX_BATCH,
    MAX_BODY_BYTES,
    MAX_FILE_BYTES,
    NOT_YOUR_DESK,
    OPERATOR_TOKEN_PREFIX,
    OWN_EVENTS_PATH,
    PROTOCOL,
    PULL_PATH,
    SHA256_HEX,
    UPLOAD_PATH,
    Outcome,
    ProtocolError,
    error_body,
    is_of_media_type,
    parse_clock_report,
    parse_upload_request,
)

log = logging.getLogger(__name__)

OPENAPI_PATH = "/v1/openapi.json"
WORKER_HEADER = "X-HQ-Worker"  # the process that stored an upload (serve --workers, issue 18)
FAULT_ENV = "HALL_DESK_HQ_FAULT"
FAULTS = ("kill-mid-batch", "kill-once-mid-batch")
# kill-once-mid-batch (several workers, issue 18): only the first worker to create this file dies
FAULT_MARK_ENV = "HALL_DESK_HQ_FAULT_MARK"
ERROR_NOT_FOUND = "request.not_found"
ERROR_METHOD = "request.method"
ERROR_SERVER = "server.error"
ERROR_FORBIDDEN = "auth.wrong_kind"  # 403: a desk's token on the operators' API, or the reverse
OPS_PREFIX = "/v1/ops"

# Store error codes → HTTP status (anything else a store refuses is a 400).
_STATUS_OF = {
    "complaint.unknown": 404,
    "staff.unknown": 404,
    "hall.missing": 404,
    "policy.version": 409,
    DB_UNAVAILABLE: 503,
    DB_BUSY: 503,
}


def openapi_document() -> dict[str, Any]:
    text = resources.files("hall_desk.hq").joinpath("openapi.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


class _Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _now() -> str:
    return utc_iso(SystemClock().now())


def _page(query: dict[str, Any], total: int, key: str, rows: Sequence[Any]) -> JSONResponse:
    """A page of an operators' list as JSON: ``rows`` (each with ``to_json``) under ``key``,
    with the page asked for and how many there are in all."""
    return JSONResponse(
        {
            "protocol": PROTOCOL, "server_time": _now(), "page": query["page"],
            "per_page": query["per_page"], "total": total, key: [row.to_json() for row in rows],
        }
    )  # fmt: skip


@dataclass(frozen=True)
class _WithClock:
    """营业厅与台席's JSON row with the desk's clock offset (issue 17, console17b)."""

    row: Any
    clock: DeskClock | None

    def to_json(self) -> dict[str, Any]:
        return {**self.row.to_json(), "clock": self.clock.to_json() if self.clock else None}


def _error(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({**error_body(code, message), "server_time": _now()}, status, headers)


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 16 or not low <= int(raw) <= high:
        raise _Refusal(400, ERROR_BAD_REQUEST, f"{name} must be a whole number {low}…{high}")
    return int(raw)


def _file_name(request: Request) -> str:
    sha256 = str(request.path_params["sha256"])
    if not SHA256_HEX.match(sha256):
        raise _Refusal(
            400, ERROR_BAD_REQUEST, "a file is named by its SHA-256: 64 lowercase hex digits"
        )
    return sha256


def _media_type(request: Request) -> str:
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in FILE_MEDIA_TYPES:
        raise _Refusal(415, FILE_MEDIA_TYPE, f"a file must be one of {', '.join(FILE_MEDIA_TYPES)}")
    return media_type


def _text_field(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str):
        raise HQStoreError("request.invalid", f"{key} must be text")
    return value


def _fault_fires(fault: str) -> bool:
    if fault == "kill-mid-batch":
        return True
    if fault != "kill-once-mid-batch":
        return False
    try:
        os.close(os.open(os.environ[FAULT_MARK_ENV], os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def create_app(
    store: HQStore,
    *,
    fault: str = "",
    escrow_keeper: EscrowKeeper | None = None,
    secrets_keeper: SecretsKeeper | None = None,
) -> Starlette:
    if fault and fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r} (known: {', '.join(FAULTS)})")
    document = openapi_document()
    keeper = escrow_keeper or EscrowKeeper(None)
    console = Console(store, secrets_keeper or SecretsKeeper(None))

    async def authenticate(request: Request) -> DeskIdentity:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _Refusal(
                401, ERROR_UNAUTHORISED, "a desk token is needed (Authorization: Bearer)"
            )
        desk = await run_in_threadpool(store.desk_for_token, token.strip())
        if desk is None:
            if token.strip().startswith(OPERATOR_TOKEN_PREFIX):
                raise _Refusal(
                    403, ERROR_FORBIDDEN, "an operator's token is not a desk's: use a desk token"
                )
            raise _Refusal(401, ERROR_UNAUTHORISED, "head office does not know this token")
        if desk.revoked:
            log.warning("refused a request from revoked desk %s", desk.code)
            raise _Refusal(403, ERROR_REVOKED, f"the token of desk {desk.code} was revoked")
        await note_contact(desk.code, request.url.scheme == "https")
        return desk

    # -- exec17: 营业厅与台席's last contact and TLS (issue 17) --------------------------------
    contact_noted: dict[tuple[str, bool], float] = {}

    async def note_contact(desk: str, tls: bool) -> None:
        """The desk's contact, written at most once a minute per desk and worker (the store
        checks the same again, across workers)."""
        now = time.monotonic()
        if now - contact_noted.get((desk, tls), -1e9) < 60:
            return
        contact_noted[(desk, tls)] = now
        await run_in_threadpool(store.note_desk_contact, desk, tls)

    clock_noted: dict[str, float] = {}

    async def note_clock(desk: str, offset_ms: int, bound_ms: int | None) -> None:
        """A desk's clock offset (issue 17, console17b), written at most once a minute per desk
        and worker."""
        now = time.monotonic()
        if now - clock_noted.get(desk, -1e9) < 60:
            return
        clock_noted[desk] = now
        await run_in_threadpool(store.note_desk_clock, desk, offset_ms, bound_ms)

    async def authenticate_operator(request: Request) -> OperatorIdentity:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise _Refusal(
                401, ERROR_UNAUTHORISED, "an operator token is needed (Authorization: Bearer)"
            )
        operator = await run_in_threadpool(store.operator_for_token, token)
        if operator is None:
            if await run_in_threadpool(store.desk_for_token, token) is not None:
                raise _Refusal(403, ERROR_FORBIDDEN, "a desk's token cannot act for head office")
            raise _Refusal(401, ERROR_UNAUTHORISED, "head office does not know this token")
        if operator.revoked:
            log.warning("refused a request from revoked operator %s", operator.name)
            raise _Refusal(403, ERROR_REVOKED, f"the operator {operator.name} was revoked")
        return operator

    async def read_json(request: Request, *, empty: object = None) -> object:
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                raise _Refusal(400, ERROR_BAD_REQUEST, "Content-Length is not a number")
            if int(declared) > MAX_BODY_BYTES:
                raise _Refusal(413, ERROR_TOO_LARGE, f"the body is over {MAX_BODY_BYTES} bytes")
        body = bytearray()
        try:
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_BODY_BYTES:
                    raise _Refusal(413, ERROR_TOO_LARGE, f"the body is over {MAX_BODY_BYTES} bytes")
        except ClientDisconnect:
            raise _Refusal(400, ERROR_BAD_REQUEST, "the client went away mid-body") from None
        if not body.strip() and empty is not None:
            return empty
        try:
            return await run_in_threadpool(parse_json_body, bytes(body))
        except BodyError as error:
            raise _Refusal(400, error.code, error.message) from None

    async def read_file(request: Request, sha256: str) -> bytes:
        """The raw body, at most MAX_FILE_BYTES, hashed as it arrives; it must be ``sha256``."""
        too_large = _Refusal(413, FILE_TOO_LARGE, f"a file may be at most {MAX_FILE_BYTES} bytes")
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isascii() or not declared.isdigit():
                raise _Refusal(400, ERROR_BAD_REQUEST, "Content-Length is not a number")
            if int(declared) > MAX_FILE_BYTES:
                raise too_large
        body = bytearray()
        digest = hashlib.sha256()
        try:
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_FILE_BYTES:
                    raise too_large
                digest.update(chunk)
        except ClientDisconnect:
            raise _Refusal(400, ERROR_BAD_REQUEST, "the body was cut short") from None
        if not body:
            raise _Refusal(400, FILE_EMPTY, "the file is empty")
        if digest.hexdigest() != sha256:
            raise _Refusal(
                422, FILE_HASH_MISMATCH, "the SHA-256 of the body is not the one in the path"
            )
        return bytes(body)

    async def health(request: Request) -> Response:
        """Up, and whether the database answers (503 when it does not: the service is of no use);
        the database's answer (its schema version) and this worker's version and process."""
        schema = await run_in_threadpool(store.database_schema)
        state = "ok" if schema is not None else "unavailable"
        pool = store.pool_figures()  # this worker's pool (PostgreSQL): waits, timeouts
        body = {
            "protocol": PROTOCOL,
            "server_time": _now(),
            "status": state,
            "database": state,
            "schema": schema,  # what the database answered (None: no answer in time)
            "latest_schema": LATEST_VERSION,  # the newest this worker knows
            "version": __version__,
            "worker": os.getpid(),
            "escrow": keeper.mode,  # private: opens escrows; public: stores them only (issue 18)
            "pool": pool,
        }
        response = JSONResponse(body, 200 if schema is not None else 503)
        if schema is None:
            response.headers["Retry-After"] = str(RETRY_AFTER)
        return response

    async def desk_info(request: Request) -> Response:
        try:
            desk = await authenticate(request)
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        summary = await run_in_threadpool(store.chain_of, desk.code)
        held = await run_in_threadpool(store.escrow_of, desk.code)
        return JSONResponse(
            {
                "protocol": PROTOCOL,
                "server_time": _now(),
                "hall": desk.hall,
                "desk": desk.code,
                "highest_seq": summary.highest_seq,
                "chain": summary.chain.to_json(),
                "escrow_version": held[0] if held else None,
            }
        )

    async def upload(request: Request) -> Response:
        received_at = datetime.now(UTC)
        try:
            desk = await authenticate(request)
            body = await read_json(request)
            if isinstance(body, dict) and body.get("protocol") != PROTOCOL:
                raise _Refusal(400, ERROR_PROTOCOL, f"head office speaks protocol {PROTOCOL}")
            try:
                claimed, events = parse_upload_request(body)
            except ProtocolError as error:
                raise _Refusal(400, ERROR_BAD_REQUEST, str(error)) from None
            if claimed != desk.code:
                raise _Refusal(
                    403, NOT_YOUR_DESK, f"the token is desk {desk.code}'s, not {claimed}"
                )
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        try:  # issue 17 (console17b): older desks send no clock; a bad one never blocks a batch
            clock = parse_clock_report(body)
        except ProtocolError as error:
            log.warning("desk %s sent a clock head office cannot read: %s", desk.code, error)
            clock = None
        if clock is not None:
            await note_clock(desk.code, *clock.offset(received_at))
        if events and _fault_fires(fault):
            # Commit the first half (all of a one-event batch), then die before replying.
            half = (len(events) + 1) // 2
            await run_in_threadpool(store.upload, desk, events[:half])
            log.warning("fault kill-mid-batch: first %d events committed, killing", half)
            os.kill(os.getpid(), signal.SIGKILL)
        reply = await run_in_threadpool(store.upload, desk, events)
        return JSONResponse(reply.to_json(), headers={WORKER_HEADER: str(os.getpid())})

    async def page_of(request: Request, read: Callable[[DeskIdentity, int, int], Any]) -> Response:
        """A page of events after ``after`` (at most ``limit``) for the authenticated desk."""
        try:
            desk = await authenticate(request)
            after = _int_param(request, "after", 0, 0, 2**53)
            limit = _int_param(request, "limit", MAX_BATCH, 1, MAX_BATCH)
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        reply = await run_in_threadpool(read, desk, after, limit)
        return JSONResponse(reply.to_json())

    async def pull(request: Request) -> Response:
        return await page_of(request, store.pull)

    async def own_events(request: Request) -> Response:
        return await page_of(request, store.own_events)

    async def put_file(request: Request) -> Response:
        try:
            desk = await authenticate(request)
            try:
                sha256 = _file_name(request)
                media_type = _media_type(request)
                content = await read_file(request, sha256)
                if not is_of_media_type(content, media_type):
                    raise _Refusal(
                        415, FILE_TYPE_MISMATCH, f"the bytes do not begin as {media_type} does"
                    )
            except _Refusal as refusal:
                log.warning("refused a file from desk %s: %s", desk.code, refusal.code)
                raise
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        reply = await run_in_threadpool(store.put_file, desk, sha256, media_type, content)
        status = 201 if reply.outcome is Outcome.STORED else 200
        return JSONResponse(reply.to_json(), status)

    async def get_file(request: Request) -> Response:
        """A held file's bytes for an operator who may open files (issue 17, hdr17: operators,
        directors and above), with a reason (``?reason=`` or the ``X-Reason`` header,
        percent-encoded UTF-8), recorded as head office's ``document.viewed`` on the hall."""
        try:
            operator = await authenticate_operator(request)
            sha256 = _file_name(request)
            reason = (
                request.query_params.get("reason", "").strip()
                or unquote(request.headers.get("x-reason", "")).strip()
            )
            if not reason:
                raise _Refusal(
                    400, REASON_REQUIRED,
                    "opening a file needs a reason (?reason=… or the X-Reason header,"
                    " percent-encoded UTF-8): it is recorded as document.viewed",
                )  # fmt: skip
            if not may_see_full_values(operator):
                raise _Refusal(
                    403, NOT_PERMITTED,
                    f"operator {operator.name} ({operator.role}) may not open files: operators,"
                    " directors, department heads and leadership do",
                )  # fmt: skip
            held = await run_in_threadpool(store.file_content, sha256)
            if held is None:
                raise _Refusal(404, FILE_UNKNOWN, "head office holds no such file")
            try:
                await run_in_threadpool(store.record_document_viewed, sha256, reason, operator)
            except HQStoreError as refusal:
                raise _Refusal(400, refusal.code, refusal.message) from None
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        media_type, content = held
        return Response(content, media_type=media_type, headers={"X-Server-Time": _now()})

    async def get_own_hall_file(request: Request) -> Response:
        """A file sent by a desk of the asking desk's hall (recovery on a new PC); another hall's
        file answers as if head office did not hold it."""
        try:
            desk = await authenticate(request)
            sha256 = _file_name(request)
            info = await run_in_threadpool(store.file_info, sha256)
            held = None
            if info is not None and info["hall"] == desk.hall:
                held = await run_in_threadpool(store.file_content, sha256)
            if held is None:
                raise _Refusal(404, FILE_UNKNOWN, "head office holds no such file of this hall")
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        media_type, content = held
        return Response(content, media_type=media_type, headers={"X-Server-Time": _now()})

    # --- key escrow (issue 9; hall_desk.sync.escrow) -------------------------------------------

    async def escrow_private_key() -> Any:
        if not keeper.available:
            raise _Refusal(503, escrow.ESCROW_UNAVAILABLE, "head office keeps no escrow key")
        if not keeper.can_open:  # issue 18: a worker with the public key only
            raise _Refusal(
                503,
                escrow.ESCROW_UNAVAILABLE,
                f"this head-office worker holds only the escrow public key: route POST"
                f" {escrow.ESCROW_OPEN_PATH} to a worker started with --escrow-key (README:"
                " deployment)",
            )
        try:
            return await run_in_threadpool(keeper.private_key)
        except EscrowKeyError as error:
            log.error("escrow key: %s", error.message)
            raise _Refusal(
                503, escrow.ESCROW_UNAVAILABLE, "head office's escrow key is unusable"
            ) from None

    async def escrow_public_key() -> str:
        """What desks seal to: needs no private key (issue 18: any worker serves it)."""
        if not keeper.available:
            raise _Refusal(503, escrow.ESCROW_UNAVAILABLE, "head office keeps no escrow key")
        try:
            return str(await run_in_threadpool(keeper.public_key))
        except EscrowKeyError as error:
            log.error("escrow key: %s", error.message)
            raise _Refusal(
                503, escrow.ESCROW_UNAVAILABLE, "head office's escrow key is unusable"
            ) from None

    async def escrow_key(request: Request) -> Response:
        try:
            await authenticate(request)
            public = await escrow_public_key()
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        return JSONResponse({"protocol": PROTOCOL, "server_time": _now(), "public_key": public})

    async def escrow_body(request: Request) -> dict[str, Any]:
        body = await read_json(request)
        if not isinstance(body, dict):
            raise _Refusal(400, ERROR_BAD_REQUEST, "the body is not a JSON object")
        if body.get("protocol") != PROTOCOL:
            raise _Refusal(400, ERROR_PROTOCOL, f"head office speaks protocol {PROTOCOL}")
        return body

    async def put_escrow(request: Request) -> Response:
        try:
            desk = await authenticate(request)
            await escrow_public_key()  # no escrow kept where it could never be opened
            body = await escrow_body(request)
            try:
                sealed = escrow.check_sealed(body.get("sealed"))
            except escrow.EscrowError as error:
                raise _Refusal(400, error.code, error.detail) from None
            text = json.dumps(sealed, sort_keys=True, separators=(",", ":"))
            if len(text) > escrow.MAX_SEALED_BYTES:
                raise _Refusal(
                    413,
                    escrow.ESCROW_TOO_LARGE,
                    f"a sealed bundle is at most {escrow.MAX_SEALED_BYTES} bytes",
                )
            try:  # only what head office can open, as this desk's bundle, is kept (issue 15) —
                # checked where the private key is; a public-key-only worker (issue 18) checks the
                # shape, and opening falls back from a version that does not open
                if keeper.can_open:
                    key = await escrow_private_key()
                    escrow.decode_bundle(
                        escrow.open_sealed(sealed, key, escrow.stored_context(desk.code)),
                        desk.code,
                    )
            except escrow.EscrowError as error:
                log.warning(
                    "refused an escrow of desk %s head office cannot open: %s",
                    desk.code,
                    error.detail or error.code,
                )
                raise _Refusal(
                    422,
                    escrow.ESCROW_UNOPENABLE,
                    "head office cannot open this blob as this desk's escrow (sealed to another"
                    " key, for another desk, or altered); the escrow held is unchanged",
                ) from None
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        version, sha256 = await run_in_threadpool(store.put_escrow, desk, text)
        return JSONResponse(
            {"protocol": PROTOCOL, "server_time": _now(), "version": version, "sha256": sha256}
        )

    async def open_escrow(request: Request) -> Response:
        """A replaced PC's keys: only with the desk's one-time recovery code (issue 15); the newest
        version that opens is re-sealed to the desk's ephemeral key, and the reply says which."""
        try:
            desk = await authenticate(request)
            key = await escrow_private_key()
            body = await escrow_body(request)
            try:
                ephemeral = escrow.parse_public_key(body.get("public_key"))
            except (escrow.EscrowError, ValueError):
                raise _Refusal(
                    400, escrow.ESCROW_INVALID, "public_key must be an X25519 key (base64)"
                ) from None
            release = escrow.normalise_recovery_code(body.get("recovery_code"))
            if release is None or not await run_in_threadpool(
                store.check_escrow_release, desk, release
            ):
                log.warning("desk %s asked to open its escrow without a good release", desk.code)
                raise _Refusal(403, escrow.ESCROW_RELEASE_REQUIRED, RELEASE_REQUIRED_MESSAGE)
            held = await run_in_threadpool(store.escrow_versions, desk.code)
            if not held:
                raise _Refusal(
                    404, escrow.ESCROW_NONE, f"head office holds no escrow of {desk.code}"
                )
            opened: tuple[int, bytes] | None = None
            for version, text in held:  # newest first
                try:
                    bundle = escrow.open_sealed(
                        json.loads(text), key, escrow.stored_context(desk.code)
                    )
                    escrow.decode_bundle(bundle, desk.code)
                except (escrow.EscrowError, ValueError) as error:
                    log.error(
                        "desk %s escrow version %d does not open: %s",
                        desk.code,
                        version,
                        getattr(error, "code", type(error).__name__),
                    )
                    continue
                opened = version, bundle
                break
            if opened is None:
                raise _Refusal(409, escrow.ESCROW_UNOPENABLE, "no escrow held for this desk opens")
            version, bundle = opened
            try:
                resealed = escrow.seal(bundle, ephemeral, escrow.opened_context(desk.code))
            except escrow.EscrowError as error:
                raise _Refusal(400, error.code, "public_key is not a usable X25519 key") from None
            try:  # the code is consumed with the audit event, or nothing is sent
                await run_in_threadpool(
                    partial(store.record_escrow_opened, recovery_code=release), desk, version
                )
            except HQStoreUnavailable:
                raise  # 503 with Retry-After (store_unavailable)
            except HQStoreError as error:
                raise _Refusal(403, error.code, error.message) from None
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        return JSONResponse(
            {
                "protocol": PROTOCOL,
                "server_time": _now(),
                "version": version,
                "newest": held[0][0],
                "sealed": resealed,
            }
        )

    async def operate(request: Request, action: Any) -> Response:
        """Authenticate an operator, read the JSON body, run ``action(operator, body)`` in the
        thread pool; its events (or a store refusal) become the reply."""
        try:
            operator = await authenticate_operator(request)
            body = await read_json(request, empty={})
            if not isinstance(body, dict):
                raise _Refusal(400, ERROR_BAD_REQUEST, "the body is not a JSON object")
            try:
                events = await run_in_threadpool(action, operator, body)
            except HQStoreUnavailable:
                raise  # 503 with Retry-After (store_unavailable)
            except HQStoreError as error:
                raise _Refusal(_STATUS_OF.get(error.code, 400), error.code, error.message) from None
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        return JSONResponse({"protocol": PROTOCOL, "server_time": _now(), "events": events})

    async def reply_complaint(request: Request) -> Response:
        complaint = request.path_params["complaint"]

        def action(operator: OperatorIdentity, body: dict[str, Any]) -> list[dict[str, Any]]:
            return [store.reply_complaint(complaint, _text_field(body, "text"), operator)]

        return await operate(request, action)

    async def decide_refund(request: Request) -> Response:
        refund = request.path_params["refund"]

        def action(operator: OperatorIdentity, body: dict[str, Any]) -> list[dict[str, Any]]:
            approve = body.get("approve")
            if not isinstance(approve, bool):
                raise HQStoreError("request.invalid", "approve must be true or false")
            hall = body.get("hall")
            if hall is not None and not isinstance(hall, str):
                raise HQStoreError("request.invalid", "hall must be text")
            reason = _text_field(body, "reason")
            return [store.decide_refund(refund, approve, reason, operator, hall=hall)]

        return await operate(request, action)

    async def set_hall_policy(request: Request) -> Response:
        hall = request.path_params["hall"]

        def action(operator: OperatorIdentity, body: dict[str, Any]) -> list[dict[str, Any]]:
            return store.set_policy(body, operator, hall=hall)

        return await operate(request, action)

    async def set_policy_everywhere(request: Request) -> Response:
        def action(operator: OperatorIdentity, body: dict[str, Any]) -> list[dict[str, Any]]:
            return store.set_policy(body, operator)

        return await operate(request, action)

    async def disable_staff(request: Request) -> Response:
        hall, staff_no = request.path_params["hall"], request.path_params["staff_no"]

        def action(operator: OperatorIdentity, body: dict[str, Any]) -> list[dict[str, Any]]:
            return [store.disable_staff(hall, staff_no, operator)]

        return await operate(request, action)

    # -- issue 17: the console's queues as JSON (待总部审批, 转总部投诉, 待执行退费, 营业厅与台席),
    # read with a token or the session --

    async def ops_reader(request: Request) -> None:
        """A read of the operators' API: an operator's token, or the console's session cookie."""
        if request.cookies.get(CONSOLE_COOKIE) and "authorization" not in request.headers:
            if await console.session_of(request) is None:
                raise _Refusal(401, ERROR_UNAUTHORISED, "the console session has ended")
        else:
            await authenticate_operator(request)

    async def awaiting_refunds(request: Request) -> Response:
        """待总部审批 as JSON (issue 17): an operator's token, or the console's session cookie (a
        read: no CSRF token needed; every state-changing /v1/ops/ call takes the token only)."""
        try:
            await ops_reader(request)
            try:
                query = queue_query(dict(request.query_params))
            except QueryError as error:
                raise _Refusal(400, ERROR_BAD_REQUEST, str(error)) from None
            rows, total = await run_in_threadpool(lambda: store.awaiting_refunds(**query))
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        return _page(query, total, "refunds", rows)

    async def transferred_complaints(request: Request) -> Response:
        try:
            await ops_reader(request)
            try:
                query = transferred_query(dict(request.query_params))
            except QueryError as error:
                raise _Refusal(400, ERROR_BAD_REQUEST, str(error)) from None
            rows, total = await run_in_threadpool(lambda: store.transferred_complaints(**query))
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        return _page(query, total, "complaints", rows)

    async def transferred_complaint(request: Request) -> Response:
        try:
            await ops_reader(request)
            complaint = str(request.path_params["complaint"])[:100]
            try:
                shown = await run_in_threadpool(store.transferred_complaint, complaint)
            except HQStoreError as error:
                raise _Refusal(404, ERROR_NOT_FOUND, error.message) from None
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        body = {"protocol": PROTOCOL, "server_time": _now(), "complaint": shown.to_json()}
        return JSONResponse(body)

    # -- end of issue 17 (transfer17) --

    async def execution_queue(request: Request) -> Response:
        """待执行退费: refunds head office executes and has not, oldest first."""
        try:
            await ops_reader(request)
            params = dict(request.query_params)
            try:
                query = queue_query(params)
            except QueryError as error:
                raise _Refusal(400, ERROR_BAD_REQUEST, str(error)) from None
            shown = params.get("execution", "")
            if shown not in ("", *EXECUTION_STATES):
                raise _Refusal(400, ERROR_BAD_REQUEST, "execution must be awaiting or failed")
            state = EXECUTION_STATES.get(shown)
            rows, total = await run_in_threadpool(
                lambda: store.execution_page(**query, execution=state)
            )
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        return _page(query, total, "refunds", rows)

    async def desks_overview(request: Request) -> Response:
        """营业厅与台席: every desk of every hall, by hall and code."""
        try:
            await ops_reader(request)
            try:
                query = queue_query(dict(request.query_params))
            except QueryError as error:
                raise _Refusal(400, ERROR_BAD_REQUEST, str(error)) from None
            paged = {k: query[k] for k in ("page", "per_page", "hall", "desk")}
            rows, total = await run_in_threadpool(lambda: store.desks_page(**paged))
            clocks = await run_in_threadpool(store.desk_clocks, [r.desk for r in rows])
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        return _page(query, total, "desks", [_WithClock(r, clocks.get(r.desk)) for r in rows])

    async def openapi(request: Request) -> Response:
        return JSONResponse(document)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: ERROR_NOT_FOUND, 405: ERROR_METHOD}.get(exc.status_code, ERROR_BAD_REQUEST)
        response = _error(exc.status_code, code, str(exc.detail))
        if exc.status_code == 405:
            # every route of this path (GET and PUT of a file are two routes), not only the first
            response.headers["Allow"] = ", ".join(allowed_methods(request))
        return response

    def allowed_methods(request: Request) -> list[str]:
        methods: set[str] = set()
        for route in routes:
            if route.matches(request.scope)[0] is not Match.NONE and route.methods:
                methods |= route.methods
        return sorted(methods)

    async def store_unavailable(request: Request, exc: Exception) -> Response:
        """503 with ``Retry-After``: the pool had no connection in time, or the database answered
        too slowly (issue 18 item 5). Desks wait at least that long before they try again."""
        assert isinstance(exc, HQStoreUnavailable)
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
        busy = isinstance(exc, HQStoreBusy)
        response = _error(
            503,
            DB_BUSY if busy else DB_UNAVAILABLE,
            "head office's database is "
            + ("busy" if busy else "not answering")
            + f"; try again in {exc.retry_after} s",
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error(500, ERROR_SERVER, "head office failed on this request; send it again")

    routes = [
        Route(HEALTH_PATH, health, methods=["GET"]),
        Route(DESK_PATH, desk_info, methods=["GET"]),
        Route(UPLOAD_PATH, upload, methods=["POST"]),
        Route(PULL_PATH, pull, methods=["GET"]),
        Route(OWN_EVENTS_PATH, own_events, methods=["GET"]),
        Route(f"{FILES_PATH}/{{sha256}}", put_file, methods=["PUT"]),
        Route(f"{FILES_PATH}/{{sha256}}", get_own_hall_file, methods=["GET"]),
        Route(escrow.ESCROW_KEY_PATH, escrow_key, methods=["GET"]),
        Route(escrow.ESCROW_PATH, put_escrow, methods=["PUT"]),
        Route(escrow.ESCROW_OPEN_PATH, open_escrow, methods=["POST"]),
        Route(f"{OPS_PREFIX}/files/{{sha256}}", get_file, methods=["GET"]),
        Route(f"{OPS_PREFIX}/refunds/awaiting", awaiting_refunds, methods=["GET"]),
        Route(f"{OPS_PREFIX}/transferred-complaints", transferred_complaints, methods=["GET"]),
        Route(
            f"{OPS_PREFIX}/transferred-complaints/{{complaint}}",
            transferred_complaint,
            methods=["GET"],
        ),
        Route(f"{OPS_PREFIX}/refunds/executions", execution_queue, methods=["GET"]),
        Route(f"{OPS_PREFIX}/desks", desks_overview, methods=["GET"]),
        Route(OPENAPI_PATH, openapi, methods=["GET"]),
        Route(f"{OPS_PREFIX}/complaints/{{complaint}}/reply", reply_complaint, methods=["POST"]),
        Route(f"{OPS_PREFIX}/refunds/{{refund}}/decision", decide_refund, methods=["POST"]),
        Route(f"{OPS_PREFIX}/halls/{{hall}}/policy", set_hall_policy, methods=["POST"]),
        Route(f"{OPS_PREFIX}/policy", set_policy_everywhere, methods=["POST"]),
        Route(
            f"{OPS_PREFIX}/halls/{{hall}}/staff/{{staff_no}}/disable",
            disable_staff,
            methods=["POST"],
        ),
        *console.routes(),
        *HeldPages(console).routes(),  # issue 17: 隔离与冲突 and GET /v1/ops/held
        *AdminPages(console).routes(),  # issue 17: accounts, audit, policy, staff
        *TransferredPages(console).routes(),  # issue 17: 转总部投诉
        *ExecutionPages(console).routes(),
        *MetricsPages(console).routes(),  # issue 17: 全省指标 and GET /v1/ops/figures
        *RefundPages(console).routes(),  # issue 17 (console17b): a refund's page, drill-downs
        *SearchPages(console).routes(),  # issue 17 (hdr17): header counts, search, full values
    ]
    return Starlette(
        routes=routes,
        exception_handlers={
            HTTPException: http_error,
            HQStoreUnavailable: store_unavailable,
            Exception: server_error,
        },
    )
