"""The console's header counts, search box and full values (issue 17 items 4 and 5, hdr17).

- ``GET /console/counts.json`` (the session cookie): each queue's count and the highlighted ones;
  the served ``console.js`` fetches it when a page loads and every ``data-refresh-seconds`` (30)
  without reloading (no inline script: the CSP stays as it is).
- ``POST /console/search`` (the header's search box on every page, with the session's CSRF token,
  so a phone number typed never lands in a URL or an access log): a complaint or a refund by its
  number, a desk by its code; complaints by a customer's full phone number only for operators,
  directors, department heads and leadership, with a reason typed (``identity.viewed``).
- ``POST /console/reveal/{item}`` (显示完整号码 on a complaint's page and a 待执行退费 row): with
  the CSRF token and a reason, the full number shown once (``Cache-Control: no-store``) and
  ``identity.viewed`` written; auditors and supervisors get a 403 page saying they see masked
  values only.
- ``GET /console/files/{sha256}?reason=…``: a held file opened from the console, recorded as
  ``document.viewed`` with the reason (refused without one).
The store: :mod:`hall_desk.hq.store.console_search`.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hall_desk.hq.console import (
    CSRF_FIELD,
    PREFIX,
    Console,
    CsrfRefused,
    client_of,
    form_of,
    security_headers,
)
from hall_desk.hq.console.calendars import silent_cutoffs
from hall_desk.hq.store import ConsoleSession, HQStoreError
from hall_desk.hq.store.console_search import (
    NOT_PERMITTED,
    OUTSIDE_QUEUE,
    REASON_REQUIRED,
    full_phone,
    may_see_full_values,
)

REFRESH_SECONDS = 30
SHA256 = re.compile(r"[0-9a-f]{64}")
MASKED_ONLY = (
    "您的角色（审计、主管）只能看到打码后的号码：显示完整号码、按完整号码查询和打开文件"
    "须由坐席或投诉中心主任及以上办理，并填写原因。"
)

OUTSIDE_QUEUE_TEXT = (
    "坐席按完整号码只能查找本人所办队列中的投诉（转总部投诉、待总部审批退费、待执行退费）；"
    "这个号码的投诉都不在这些队列中。如确需查询，请投诉中心主任或以上办理。本次查询已记入审计。"
)
OUTSIDE_QUEUE_ITEM_TEXT = (
    "坐席只能对总部队列中的投诉和退费（转总部投诉、待总部审批退费、待执行退费）显示完整号码；"
    "这一件不在这些队列中。如确需查看，请投诉中心主任或以上办理。本次操作已记入审计。"
)


class SearchPages:
    """The header counts, the search box and full values on ``console``."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.store = console.store
        self._sections: tuple[str, dict[str, dict[str, Any]]] | None = None

    async def _signed_form(
        self, request: Request
    ) -> tuple[ConsoleSession | None, dict[str, str], Response | None]:
        console = self.console
        session = await console.session_of(request)
        if session is None:
            return None, {}, console.to_sign_in(request)
        data = await form_of(request)
        try:
            console.check_csrf(session.csrf, data.get(CSRF_FIELD, ""))
        except CsrfRefused:
            return session, data, console.message(
                403, "表单已失效", "表单缺少或带有错误的校验码（CSRF），请重新打开页面。",
                session=session,
            )  # fmt: skip
        return session, data, None

    # -- header counts -----------------------------------------------------------------------

    async def _calendars(self) -> dict[str, dict[str, Any]]:
        """The halls' published calendars (issue 17, console17b: silent desks by each hall's
        own calendar), read again when a policy was published since."""
        stamp = await run_in_threadpool(self.store.policy_stamp)
        if self._sections is None or self._sections[0] != stamp:
            self._sections = (stamp, await run_in_threadpool(self.store.published_calendars))
        return self._sections[1]

    async def counts(self, request: Request) -> Response:
        session = await self.console.session_of(request)
        if session is None:
            return security_headers(
                JSONResponse({"error": "the console session has ended"}, status_code=401)
            )
        now = self.console.clock.now()
        sections = await self._calendars()
        cutoff, by_hall = await run_in_threadpool(silent_cutoffs, now, sections)
        counts = await run_in_threadpool(
            lambda: self.store.header_counts(silent_before=cutoff, silent_by_hall=by_hall)
        )
        return security_headers(JSONResponse({**counts.to_json(), "refresh": REFRESH_SECONDS}))

    # -- search ------------------------------------------------------------------------------

    async def search(self, request: Request) -> Response:
        session, data, refused = await self._signed_form(request)
        if refused is not None or session is None:
            assert refused is not None
            return refused
        text = data.get("q", "").strip()[:60]
        reason = data.get("reason", "").strip()
        if not text:
            return self.console.page(
                "search.html", 400, session=session, result=None, q="", error="请输入要查找的内容。"
            )
        if not text.isprintable():
            return self.console.page(
                "search.html", 400, session=session, result=None, q="",
                error="查找内容不能含控制字符。",
            )  # fmt: skip
        phone = full_phone(text)
        if phone is None:
            result = await run_in_threadpool(self.store.search, text)
            return self.console.page("search.html", session=session, result=result, q=text)
        if not may_see_full_values(session.operator):
            return self.console.message(403, "只能看到打码后的号码", MASKED_ONLY, session=session)
        if not reason:
            return self.console.page(
                "search.html", 200 if "reason" not in data else 400, session=session,
                result=None, q=text, ask_reason=True,
                error="" if "reason" not in data else "请填写查询原因。",
            )  # fmt: skip
        try:
            result = await run_in_threadpool(
                lambda: self.store.search_phone(
                    text, reason, session.operator, client=client_of(request)
                )
            )
        except HQStoreError as refusal:
            return self._refused(session, refusal, searched=True)
        return self.console.page("search.html", session=session, result=result, q="")

    def _refused(
        self, session: ConsoleSession, refusal: HQStoreError, *, searched: bool = False
    ) -> Response:
        if refusal.code == NOT_PERMITTED:
            return self.console.message(403, "只能看到打码后的号码", MASKED_ONLY, session=session)
        if refusal.code == OUTSIDE_QUEUE:  # issue 17 (console17b)
            text = OUTSIDE_QUEUE_TEXT if searched else OUTSIDE_QUEUE_ITEM_TEXT
            return self.console.message(403, "不在您的队列中", text, session=session)
        plain = {
            REASON_REQUIRED: "请填写原因。",
            "text.too_long": "原因最多 500 个字符。",
            "item.unknown": "总部没有这件投诉或这笔退费。",
            "phone.invalid": "这不是一个完整的电话号码。",
        }.get(refusal.code, "总部未能办理。")
        status = 404 if refusal.code == "item.unknown" else 400
        return self.console.message(
            status, "未能显示", plain, session=session, detail=refusal.message, code=refusal.code
        )

    # -- 显示完整号码 ------------------------------------------------------------------------------

    async def reveal(self, request: Request) -> Response:
        session, data, refused = await self._signed_form(request)
        if refused is not None or session is None:
            assert refused is not None
            return refused
        item = str(request.path_params["item"])[:100]
        if not may_see_full_values(session.operator):
            return self.console.message(403, "只能看到打码后的号码", MASKED_ONLY, session=session)
        try:
            complaint_number, refund_number, phone = await run_in_threadpool(
                self.store.reveal_phone, item, data.get("reason", ""), session.operator
            )
        except HQStoreError as refusal:
            return self._refused(session, refusal)
        back = data.get("back", "")
        if not back.startswith(f"{PREFIX}/") or "//" in back:
            back = f"{PREFIX}/transferred"
        return self.console.page(
            "revealed.html", session=session, complaint_number=complaint_number,
            refund_number=refund_number, phone=phone, back=back,
        )  # fmt: skip  # no-store (security_headers): shown once

    # -- a file opened from the console --------------------------------------------------------

    async def open_file(self, request: Request) -> Response:
        session = await self.console.session_of(request)
        if session is None:
            return self.console.to_sign_in(request)
        sha256 = str(request.path_params["sha256"])
        if not SHA256.fullmatch(sha256):
            return self.console.message(404, "没有这个文件", "文件名须为 64 位小写十六进制。")
        if not may_see_full_values(session.operator):
            return self.console.message(403, "只能看到打码后的号码", MASKED_ONLY, session=session)
        reason = request.query_params.get("reason", "").strip()
        if not reason:
            return self.console.message(
                400, "请填写原因", "打开文件须填写原因（记录为“查看协议文件”）。", session=session
            )
        try:
            recorded = await run_in_threadpool(
                self.store.record_document_viewed, sha256, reason, session.operator
            )
        except HQStoreError as refusal:
            return self._refused(session, refusal)
        held = await run_in_threadpool(self.store.file_content, sha256)
        if recorded is None or held is None:
            return self.console.message(404, "没有这个文件", "总部没有这个文件。", session=session)
        media_type, content = held
        response = Response(content, media_type=media_type)
        response.headers["Content-Disposition"] = "attachment"
        return security_headers(response)

    def routes(self) -> list[Route]:
        return [
            Route(f"{PREFIX}/counts.json", self.counts, methods=["GET"]),
            Route(f"{PREFIX}/search", self.search, methods=["POST"]),
            Route(f"{PREFIX}/reveal/{{item}}", self.reveal, methods=["POST"]),
            Route(f"{PREFIX}/files/{{sha256}}", self.open_file, methods=["GET"]),
        ]
