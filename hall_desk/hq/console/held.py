"""隔离与冲突 (issue 17): the console's page of the events head office holds without applying
(quarantined, waiting, refused as conflicts) and of the applied events it flagged
(``actor.disabled``), with re-apply and close with a note (one, the ticked ones, or all a filter
lists), and its JSON read API ``GET /v1/ops/held``.

Who acts: operators (坐席) and supervisors (主管) re-apply and close — the technical follow-up of a
desk's events, as they record refunds' executions; directors and above, and auditors, read. The
store refuses the others (:meth:`hall_desk.hq.store.HQStore.reapply_held`).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from hall_desk.domain.clock import SystemClock, utc_iso
from hall_desk.hq.console import (
    CSRF_FIELD,
    PREFIX,
    Console,
    CsrfRefused,
    QueryError,
    form_of,
    queue_query,
    security_headers,
)
from hall_desk.hq.store import HQStoreError
from hall_desk.hq.store.held import ACTING_ROLES, CLOSED, KINDS, MAX_NOTE, OPEN, QUARANTINE
from hall_desk.sync.protocol import ERROR_BAD_REQUEST, ERROR_UNAUTHORISED, PROTOCOL, error_body

OPS_PATH = "/v1/ops/held"
PAGE_PER_PAGE = 40  # the page's tick boxes stay within a form's field limit
KIND_NAMES = {
    "quarantine": "已隔离",
    "waiting": "等待中",
    "conflict": "冲突（拒收）",
    "flag": "停用账户标记",
}
STATE_NAMES = {OPEN: "未处理", CLOSED: "已关闭"}
# The intake rules' reasons (hall_desk.hq.intake_rules, hall_desk.hq.apply, the catalogue) in plain
# Chinese; the rule code is shown beside it.
REASON_TEXTS = {
    "type.unknown": "总部不认识这个事件类型（台席版本较新？）",
    "schema.unknown": "总部不认识这个内容版本（台席版本较新？）",
    "payload.invalid": "内容不符合规则（某个字段的值不被接受）",
    "payload.rejected": "总部数据库拒收了这条内容",
    "text.nul": "文字里含有无法保存的空字符",
    "at.future": "事件时间晚于总部时钟一天以上（台席时钟不对？）",
    "origin.head_office": "这是只有总部才能写的事件，却由台席发来",
    "entity.other_hall": "这条记录属于其他营业厅",
    "entity.not_owner": "这条记录属于其他台席，只有其台席可以修改",
    "entity.fixed": "创建后不可更改的字段被改动了",
    "state.transition": "状态变化不被允许（不能从原状态直接变为新状态）",
    "refund.not_decided": "退费显示为总部已审批，但总部并未作此决定",
    "refund.already_executed": "总部已记录这笔退费到账，台席不能再取消",
    "actor.unknown": "办理人工号在总部记录中不存在",
    "actor.role": "办理人的岗位不能办理这一步",
    "actor.disabled": "办理人的账户已被总部停用",
    "staff.disabled_by_head_office": "该账户由总部停用，营业厅不能自行恢复启用",
    "waiting": "等待这条记录的创建事件到达（到达后自动应用）",
    "late_reply.own": "店长不能确认自己的补录答复",
    "late_entry.unmarked": "补录的答复未标明为补录",
    "call.quiet_hours": "22:00–08:00 的电话未说明客户要求或客户来电",
    "conflict": "同一编号或序号已有不同内容的事件（冲突，已拒收）",
    "chain.link": "与台席事件链前后不相接（已拒收）",
}


def reason_text(code: str) -> str:
    return REASON_TEXTS.get(code, "其他原因（见规则代码与说明）")


class HeldPages:
    """The 隔离与冲突 page, its actions and its JSON API, on a :class:`Console`."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.store = console.store

    @staticmethod
    def query(params: dict[str, str], per_page_limit: int) -> dict[str, Any]:
        """The page, filters, kind and state from a query string (QueryError when out of range)."""
        common = queue_query({k: v for k, v in params.items() if k in ("page", "per_page")})
        filters = queue_query({k: v for k, v in params.items() if k in ("hall", "desk")})
        if "per_page" not in params:
            common["per_page"] = min(common["per_page"], per_page_limit)
        if common["per_page"] > per_page_limit:
            raise QueryError(
                f"per_page must be a whole number 1…{per_page_limit}",
                f"每页条数须为 1 到 {per_page_limit} 之间的整数。",
            )
        kind = params.get("kind", "") or QUARANTINE
        state = params.get("state", "") or OPEN
        reason = params.get("reason", "").strip()
        if kind not in KINDS:
            raise QueryError(f"kind must be one of {', '.join(KINDS)}", "请选择列表：已隔离、等待中、冲突或停用账户标记。")  # fmt: skip
        if state not in (OPEN, CLOSED):
            raise QueryError("state must be open or closed", "状态须为未处理或已关闭。")
        if len(reason) > 60 or not reason.isprintable() or not reason.isascii():
            raise QueryError(
                "reason must be a rule code (at most 60 ASCII characters)",
                "原因须为规则代码（最多 60 个英文字符）。",
            )
        return {
            "page": common["page"], "per_page": common["per_page"], "kind": kind,
            "state": state, "hall": filters["hall"], "desk": filters["desk"],
            "reason": reason or None,
        }  # fmt: skip

    @staticmethod
    def filters_of(query: dict[str, Any]) -> dict[str, str]:
        return {
            k: str(query[k]) for k in ("kind", "state", "hall", "desk", "reason") if query.get(k)
        }

    # -- the page ------------------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        console = self.console
        session = await console.session_of(request)
        if session is None:
            return console.to_sign_in(request)
        empty = {"rows": [], "total": 0, "pages": 0, "filters": {}, "notice": ""}
        try:
            query = self.query(dict(request.query_params), PAGE_PER_PAGE)
        except QueryError as refused:
            return console.page(
                "held.html", 400, session=session, query={"kind": QUARANTINE, "state": OPEN},
                error=refused.chinese, **empty, **self.names(),
            )  # fmt: skip
        rows, total = await run_in_threadpool(lambda: self.store.held_events(**query))
        pages = max(1, -(-total // query["per_page"]))
        error = f"没有第 {query['page']} 页：共 {pages} 页。" if query["page"] > pages else ""
        filters = self.filters_of(query)
        shown = [
            {
                **r.to_json(),
                "reason_text": reason_text(r.reason),
                "envelope_text": json.dumps(r.envelope, ensure_ascii=False, indent=2),
            }
            for r in rows
        ]
        return console.page(
            "held.html", 400 if error else 200, session=session, rows=shown, total=total,
            clocks=await console.clock_words([r["desk"] for r in shown]),
            query=query, pages=pages, error=error, filters=filters,
            notice=request.query_params.get("done", "")[:200],
            acting=session.operator.role in {r.value for r in ACTING_ROLES},
            prev_link=f"?{urlencode({**filters, 'page': query['page'] - 1})}",
            next_link=f"?{urlencode({**filters, 'page': query['page'] + 1})}",
            back=f"{PREFIX}/held?{urlencode(filters)}", **self.names(),
        )  # fmt: skip

    @staticmethod
    def names() -> dict[str, Any]:
        return {"kind_names": KIND_NAMES, "state_names": STATE_NAMES, "max_note": MAX_NOTE}

    async def act(self, request: Request) -> Response:
        """One form, three buttons: re-apply one (``reapply``), close the ticked ones
        (``close``), close all the filter lists (``close_filtered``)."""
        console = self.console
        session = await console.session_of(request)
        if session is None:
            return console.to_sign_in(request)
        data = await form_of(request)
        try:
            console.check_csrf(session.csrf, data.get(CSRF_FIELD, ""))
        except CsrfRefused:
            return console.message(
                403, "表单已失效", "表单缺少或带有错误的校验码（CSRF）。", session=session
            )
        action = data.get("action", "")
        back = {k: data[k] for k in ("kind", "state", "hall", "desk", "reason") if data.get(k, "")}
        try:
            if action.startswith("reapply:"):
                results = await run_in_threadpool(
                    self.store.reapply_held, action.removeprefix("reapply:"), session.operator
                )
                first = results[0]
                if first.outcome != "stored":
                    return console.message(
                        409, "重新受理未通过",
                        f"第 {first.seq} 号事件仍未通过总部的检查，已按新的原因保留在列表中："
                        f"{reason_text(first.reason)}",
                        session=session, code=first.reason, detail=first.detail,
                    )  # fmt: skip
                applied = sum(1 for r in results if r.outcome == "stored")
                held = len(results) - applied
                done = f"已重新受理并应用 {applied} 条" + (f"，{held} 条仍未通过" if held else "")
            elif action in ("close", "close_filtered"):
                note = data.get("note", "")
                if action == "close":
                    refs = [v for k, v in data.items() if k.startswith("sel") and v]
                    if not refs:
                        return console.message(400, "未选择", "请先勾选要关闭的事件。", session=session)  # fmt: skip
                    count = await run_in_threadpool(
                        self.store.close_held, refs, note, session.operator
                    )
                else:
                    try:
                        query = self.query(back, PAGE_PER_PAGE)
                    except QueryError as refused:
                        return console.message(400, "筛选条件不对", refused.chinese, session=session)  # fmt: skip
                    count = await run_in_threadpool(
                        lambda: self.store.close_held_filtered(
                            query["kind"], note, session.operator, hall=query["hall"],
                            desk=query["desk"], reason=query["reason"],
                        )
                    )  # fmt: skip
                done = f"已关闭 {count} 条"
            else:
                return console.message(400, "无法办理", "请选择重新受理或关闭。", session=session)
        except HQStoreError as refusal:
            plain = {
                "held.note": f"请填写说明（1 到 {MAX_NOTE} 个字符），它会显示在台席的未送达事件里。",
                "operator.not_acting": "您的角色只能查看：重新受理和关闭由坐席或主管办理。",
                "held.changed": "这条事件已不在隔离或等待中（可能已被他人处理）。",
                "held.unknown": "没有这条事件。",
                "held.not_reapplicable": "冲突事件从未被接收、停用账户标记的事件已应用：只能关闭。",
                "held.too_many": "一次最多关闭 500 条。",
            }.get(refusal.code, "总部未能办理。")
            return console.message(
                409, "未能办理", plain, session=session, detail=refusal.message, code=refusal.code
            )
        return security_headers(
            RedirectResponse(f"{PREFIX}/held?{urlencode({**back, 'done': done})}", 303)
        )

    # -- the JSON read API -----------------------------------------------------------------------

    async def api(self, request: Request) -> Response:
        """``GET /v1/ops/held``: an operator's token, or the console's session cookie."""
        header = request.headers.get("authorization", "")
        if "authorization" not in request.headers and request.cookies:
            if await self.console.session_of(request) is None:
                return _error(401, ERROR_UNAUTHORISED, "the console session has ended")
        else:
            scheme, _, token = header.partition(" ")
            operator = (
                await run_in_threadpool(self.store.operator_for_token, token.strip())
                if scheme.lower() == "bearer" and token.strip()
                else None
            )
            if operator is None or operator.revoked:
                return _error(401, ERROR_UNAUTHORISED, "an operator token is needed")
        try:
            query = self.query(dict(request.query_params), 100)
        except QueryError as error:
            return _error(400, ERROR_BAD_REQUEST, str(error))
        rows, total = await run_in_threadpool(lambda: self.store.held_events(**query))
        return JSONResponse(
            {
                "protocol": PROTOCOL, "server_time": utc_iso(SystemClock().now()),
                "page": query["page"], "per_page": query["per_page"], "kind": query["kind"],
                "state": query["state"], "total": total, "held": [r.to_json() for r in rows],
            }
        )  # fmt: skip

    def routes(self) -> list[Route]:
        return [
            Route(f"{PREFIX}/held", self.page, methods=["GET"]),
            Route(f"{PREFIX}/held", self.act, methods=["POST"]),
            Route(OPS_PATH, self.api, methods=["GET"]),
        ]


def _error(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body = {**error_body(code, message), "server_time": utc_iso(SystemClock().now())}
    return JSONResponse(body, status, headers)
