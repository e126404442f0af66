"""转总部投诉 in the console (issue 17): the queue of complaints transferred to head office (media
first, then overdue first; filters: hall, desk, number, overdue only), a complaint's whole timeline
across its desk and head office, and the actions on it — a reply (the CLI's ``reply`` rules, quiet
hours included), a progress note (``complaint.progress``), a hand-back to the hall
(``complaint.returned``) and the acceptance of a store manager's confirmation of a 补录 reply (the
CLI's ``accept-late-reply``). Every action is a POST with the session's CSRF token and the
complaint's version as the page showed it: a complaint changed since is refused, naming who
changed it. The store: :mod:`hall_desk.hq.store.transferred`."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.lifecycle import QuietHoursReason, ReplyMethod
from hall_desk.hq.console import (
    CSRF_FIELD,
    PREFIX,
    SHANGHAI,
    Console,
    CsrfRefused,
    QueryError,
    form_of,
    queue_query,
    security_headers,
    shanghai_time,
)
from hall_desk.hq.store import ConsoleSession, HQStoreError

PAGE = f"{PREFIX}/transferred"
REFUSALS = {
    "complaint.changed": "这件投诉在您打开之后有了变化，请重新打开后再办理。",
    "operator.not_working": "您的角色只能查看转总部投诉，不能答复、说明进展或退回。",
    "operator.read_only": "审计角色只能查看。",
    "reply.quiet_hours": "电话答复的通话时间在夜间（22:00–08:00）：请选择原因（客户要求或客户来电）并填写说明。",
    "complaint.not_with_head_office": "这件投诉已不在总部处理，无需退回。",
    "late_reply.not_confirmed": "这件投诉没有待总部认可的店长确认。",
    "complaint.unknown": "总部没有这件投诉。",
}


def overdue_flag(params: dict[str, str]) -> bool:
    raw = params.get("overdue", "").strip().lower()
    if raw in ("", "0", "false"):
        return False
    if raw in ("1", "true", "on"):
        return True
    raise QueryError("overdue must be true or false", "“只看超时”须为是或否。")


def transferred_query(params: dict[str, str]) -> dict[str, Any]:
    """The queue's page and filters (QueryError in English and Chinese when out of range)."""
    return {**queue_query(params), "overdue": overdue_flag(params)}


def shanghai_input(value: str) -> str | None:
    """A ``datetime-local`` value (Asia/Shanghai) as UTC ISO; None when empty; ValueError when
    it is not a time."""
    value = value.strip()
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return utc_iso(moment)


_UTC_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z")


def local_times(text: str) -> str:
    """Every UTC time in ``text`` as Asia/Shanghai with the date (a timeline's values)."""
    return _UTC_TIME.sub(lambda m: shanghai_time(m.group(0)), text)


class TransferredPages:
    """The pages of 转总部投诉 on ``console``'s sessions, CSRF and templates."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.store = console.store
        console.templates.filters["local_times"] = local_times

    async def _session(self, request: Request) -> ConsoleSession | None:
        return await self.console.session_of(request)

    async def queue(self, request: Request) -> Response:
        session = await self._session(request)
        if session is None:
            return self.console.to_sign_in(request)
        try:
            query = transferred_query(dict(request.query_params))
        except QueryError as refused:
            return self.console.page(
                "transferred.html", 400, session=session, rows=[], total=0, query={},
                error=refused.chinese, pages=0, notice="",
            )  # fmt: skip
        rows, total = await run_in_threadpool(lambda: self.store.transferred_complaints(**query))
        pages = max(1, -(-total // query["per_page"]))
        error = f"没有第 {query['page']} 页：共 {pages} 页。" if query["page"] > pages else ""
        filters = {k: v for k, v in query.items() if k in ("hall", "desk", "number") and v}
        if query["overdue"]:
            filters["overdue"] = "1"
        return self.console.page(
            "transferred.html", 400 if error else 200, session=session,
            rows=[r.to_json() for r in rows], total=total, query=query, pages=pages, error=error,
            clocks=await self.console.clock_words([r.desk for r in rows]),
            notice=request.query_params.get("done", "")[:40],
            prev_link=f"?{urlencode({**filters, 'page': query['page'] - 1})}",
            next_link=f"?{urlencode({**filters, 'page': query['page'] + 1})}",
        )  # fmt: skip

    async def detail(self, request: Request) -> Response:
        session = await self._session(request)
        if session is None:
            return self.console.to_sign_in(request)
        complaint = str(request.path_params["complaint"])[:100]
        try:
            shown = await run_in_threadpool(self.store.transferred_complaint, complaint)
        except HQStoreError as refusal:
            return self.console.message(
                404, "没有这件投诉", REFUSALS.get(refusal.code, "总部没有这件投诉。"),
                session=session, detail=refusal.message,
            )  # fmt: skip
        # issue 17 (hdr17): who else opened it within 15 minutes; this opening noted
        opened_by = await run_in_threadpool(
            self.store.opened_by_others, shown.line.id, session.operator
        )
        await run_in_threadpool(self.store.note_opened, shown.line.id, session.operator)
        clocks = await self.console.clock_words(  # issue 17 (console17b): beside desks' times
            [s.desk for s in shown.steps if not s.head_office]
        )
        return self.console.page(
            "transferred_detail.html", session=session, c=shown, line=shown.line.to_json(),
            clocks=clocks,
            opened_by=[{"name": name, "at": at} for name, at in opened_by],
            methods=[m.value for m in ReplyMethod],
            reasons=[r.value for r in QuietHoursReason],
            notice=request.query_params.get("done", "")[:40],
        )  # fmt: skip

    async def act(self, request: Request) -> Response:
        session = await self._session(request)
        if session is None:
            return self.console.to_sign_in(request)
        data = await form_of(request)
        try:
            self.console.check_csrf(session.csrf, data.get(CSRF_FIELD, ""))
        except CsrfRefused:
            return self.console.message(
                403, "表单已失效", "表单缺少或带有错误的校验码（CSRF）。", session=session
            )
        complaint = str(request.path_params["complaint"])[:100]
        action = str(request.path_params["action"])
        raw_version = data.get("version", "")
        if not raw_version.isascii() or not raw_version.isdigit() or len(raw_version) > 18:
            return self.console.message(
                400, "无法办理", "表单缺少投诉的版本：请重新打开这件投诉。", session=session
            )
        version = int(raw_version)
        operator = session.operator
        try:
            if action == "reply":
                called_at = shanghai_input(data.get("called_at", ""))
                method = data.get("method", "").strip()
                done = "已答复"
                await run_in_threadpool(
                    lambda: self.store.reply_transferred(
                        complaint, data.get("text", ""), operator, version=version,
                        method=method, called_at=called_at,
                        quiet_reason=data.get("quiet_reason", "").strip(),
                        quiet_note=data.get("quiet_note", "").strip(),
                    )
                )  # fmt: skip
            elif action == "progress":
                promised = shanghai_input(data.get("promised_at", ""))
                done = "已记录进展"
                await run_in_threadpool(
                    lambda: self.store.note_progress(
                        complaint, data.get("text", ""), operator, promised_at=promised,
                        version=version,
                    )
                )  # fmt: skip
            elif action == "return":
                done = "已退回营业厅"
                await run_in_threadpool(
                    lambda: self.store.return_complaint(
                        complaint, data.get("note", ""), operator, version=version
                    )
                )
            elif action == "accept-late":
                done = "已认可补录时间"
                await run_in_threadpool(
                    lambda: self.store.accept_late_transferred(
                        complaint, data.get("note", ""), operator, version=version
                    )
                )
            else:
                return self.console.message(404, "无法办理", "没有这项操作。", session=session)
        except ValueError:
            return self.console.message(
                400, "无法办理", "时间格式不对：请用日期时间选择框填写。", session=session
            )
        except HQStoreError as refusal:
            plain = REFUSALS.get(refusal.code, "总部未能办理这件投诉。")
            if refusal.code.endswith(".empty"):
                plain = "请填写内容。"
            return self.console.message(
                409, "未能办理", plain, session=session, detail=refusal.message,
                code=refusal.code,
            )  # fmt: skip
        target = PAGE if action in ("reply", "return") else f"{PAGE}/{quote(complaint)}"
        return security_headers(RedirectResponse(f"{target}?{urlencode({'done': done})}", 303))

    def routes(self) -> list[Route]:
        return [
            Route(PAGE, self.queue, methods=["GET"]),
            Route(f"{PAGE}/{{complaint}}", self.detail, methods=["GET"]),
            Route(f"{PAGE}/{{complaint}}/{{action}}", self.act, methods=["POST"]),
        ]
