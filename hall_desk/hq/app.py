"""The HTTP face of head office: protocol v1 (:mod:`hall_desk.sync.protocol`) on Starlette.

- ``GET /v1/health`` (no token), ``GET /v1/desk`` and ``POST /v1/events`` (``Authorization: Bearer``),
  ``GET /v1/openapi.json`` (the document describing all of it).
- Every reply is JSON and carries ``server_time`` (UTC, ``…Z``) so a desk can measure its clock offset,
  errors included. Hostile input gets a 4xx with an error code, never a traceback.
- Database work is blocking: it runs in the thread pool, and the store serialises it (one writer).
- Fault injection for kill tests: ``HALL_DESK_HQ_FAULT=kill-mid-batch`` (read by ``cli serve``) makes
  the server commit the first half of the first upload batch it gets (rounded up: all of a one-event
  batch) in its own transaction, and then SIGKILL itself before replying. Restart without it.
"""

from __future__ import annotations

import json
import logging
import os
import signal
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hall_desk.domain.clock import SystemClock, utc_iso
from hall_desk.hq.store import DeskIdentity, HQStore
from hall_desk.sync.protocol import (
    DESK_PATH,
    ERROR_BAD_REQUEST,
    ERROR_PROTOCOL,
    ERROR_REVOKED,
    ERROR_TOO_LARGE,
    ERROR_UNAUTHORISED,
    HEALTH_PATH,
    MAX_BODY_BYTES,
    NOT_YOUR_DESK,
    PROTOCOL,
    UPLOAD_PATH,
    ProtocolError,
    error_body,
    parse_upload_request,
)

log = logging.getLogger(__name__)

OPENAPI_PATH = "/v1/openapi.json"
FAULT_ENV = "HALL_DESK_HQ_FAULT"
FAULTS = ("kill-mid-batch",)
ERROR_NOT_FOUND = "request.not_found"
ERROR_METHOD = "request.method"
ERROR_SERVER = "server.error"


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


def _error(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({**error_body(code, message), "server_time": _now()}, status, headers)


def create_app(store: HQStore, *, fault: str = "") -> Starlette:
    if fault and fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r} (known: {', '.join(FAULTS)})")
    document = openapi_document()

    async def authenticate(request: Request) -> DeskIdentity:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _Refusal(
                401, ERROR_UNAUTHORISED, "a desk token is needed (Authorization: Bearer)"
            )
        desk = await run_in_threadpool(store.desk_for_token, token.strip())
        if desk is None:
            raise _Refusal(401, ERROR_UNAUTHORISED, "head office does not know this token")
        if desk.revoked:
            log.warning("refused a request from revoked desk %s", desk.code)
            raise _Refusal(403, ERROR_REVOKED, f"the token of desk {desk.code} was revoked")
        return desk

    async def read_json(request: Request) -> object:
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
        try:
            return json.loads(body)
        except (ValueError, RecursionError):
            raise _Refusal(400, ERROR_BAD_REQUEST, "the body is not JSON") from None

    async def health(request: Request) -> Response:
        return JSONResponse({"protocol": PROTOCOL, "server_time": _now()})

    async def desk_info(request: Request) -> Response:
        try:
            desk = await authenticate(request)
        except _Refusal as refusal:
            return _error(refusal.status, refusal.code, refusal.message)
        summary = await run_in_threadpool(store.chain_of, desk.code)
        return JSONResponse(
            {
                "protocol": PROTOCOL,
                "server_time": _now(),
                "hall": desk.hall,
                "desk": desk.code,
                "highest_seq": summary.highest_seq,
                "chain": summary.chain.to_json(),
            }
        )

    async def upload(request: Request) -> Response:
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
        if fault == "kill-mid-batch" and events:
            # Commit the first half (all of a one-event batch), then die before replying.
            half = (len(events) + 1) // 2
            await run_in_threadpool(store.upload, desk, events[:half])
            log.warning("fault kill-mid-batch: first %d events committed, killing", half)
            os.kill(os.getpid(), signal.SIGKILL)
        reply = await run_in_threadpool(store.upload, desk, events)
        return JSONResponse(reply.to_json())

    async def openapi(request: Request) -> Response:
        return JSONResponse(document)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: ERROR_NOT_FOUND, 405: ERROR_METHOD}.get(exc.status_code, ERROR_BAD_REQUEST)
        return _error(exc.status_code, code, str(exc.detail))

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error(500, ERROR_SERVER, "head office failed on this request; send it again")

    routes = [
        Route(HEALTH_PATH, health, methods=["GET"]),
        Route(DESK_PATH, desk_info, methods=["GET"]),
        Route(UPLOAD_PATH, upload, methods=["POST"]),
        Route(OPENAPI_PATH, openapi, methods=["GET"]),
    ]
    return Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
