"""The console's 待执行退费 and 营业厅与台席 pages (issue 17).

- **待执行退费** (``/console/executions``): head office's execution queue, oldest first, with the
  same three actions as the command line — 已执行 (billing reference, amount credited, time),
  执行失败 (reason), 撤销执行 (a failed execution given up, reason) — and the billing system's
  result file pasted into a form (``python-multipart`` is not installed: the console parses its
  url-encoded forms itself), imported as ``import-executions`` does, its report line by line.
  Whoever may record executions on the command line may here (operators and supervisors; never
  whoever decided the refund); the store's refusal is shown in plain Chinese with its English
  detail, which names who recorded it meanwhile.
- **营业厅与台席** (``/console/desks``): every desk with its hall's figures; a desk silent for more
  than a working day (the hall's published calendar, then the holiday package's data, then Monday
  to Friday) is marked in words. A supervisor issues a desk's escrow release code here (as
  ``add-desk --new-token`` does: a new token and the recovery code, shown once), proving their
  second factor again.

Every form carries the session's CSRF token; the pages and their JSON twins under ``/v1/ops/``
(:mod:`hall_desk.hq.app`) page and filter in SQL (:mod:`hall_desk.hq.store.console_exec`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from hall_desk.domain.errors import DomainError
from hall_desk.domain.hq_refunds import (
    ALREADY_EXECUTED,
    DECIDER_EXECUTES,
    EXECUTING_ROLES,
    EXECUTION_CANCELLED,
    NOT_EXECUTABLE,
    NOT_EXECUTOR,
    NOT_FAILED,
    REFERENCE_INVALID,
    REFERENCE_REQUIRED,
    REFERENCE_TAKEN,
    HQRole,
)
from hall_desk.domain.policy_document import parse_calendar
from hall_desk.domain.refunds import ExecutionState
from hall_desk.domain.workdays import (
    CHINESE_CALENDAR,
    EMPTY_CALENDAR,
    LayeredCalendar,
    WorkingCalendar,
    add_working_days,
)
from hall_desk.hq.console import (
    CSRF_FIELD,
    FAILURE_WINDOW_MINUTES,
    FAILURES_ALLOWED,
    PREFIX,
    Console,
    CsrfRefused,
    QueryError,
    client_of,
    form_of,
    queue_query,
    security_headers,
)
from hall_desk.hq.store import ConsoleSession, HQStoreError
from hall_desk.hq.store.executions import AMOUNT_INVALID, LINE_INVALID, TIME_INVALID

log = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 2_000_000  # a pasted result file (10,000 lines of ~60 characters, encoded)
EXECUTION_NAMES = {"": "全部", "awaiting": "待执行", "failed": "执行失败"}
EXECUTION_STATES = {
    "awaiting": ExecutionState.AWAITING.value,
    "failed": ExecutionState.FAILED.value,
}
MAX_WORKING_DAYS_SHOWN = 60

# The execution loop's refusals (hall_desk.domain.hq_refunds, the store) in plain Chinese; the
# store's English message (who recorded it, when, which refund took a reference) is shown beneath.
EXEC_REFUSALS = {
    NOT_EXECUTOR: "您的角色不登记退费执行（由坐席或主管登记）。",
    DECIDER_EXECUTES: "这笔退费由您审批：执行须由另一位同事登记。",
    ALREADY_EXECUTED: "这笔退费已被登记为已到账（登记人见下方说明），不能再次登记。",
    EXECUTION_CANCELLED: "这笔退费的执行已被撤销（登记人见下方说明）。",
    NOT_EXECUTABLE: "这笔退费不在待执行状态：总部只执行已批准、返还到话费账户的退费。",
    NOT_FAILED: "只有执行失败的退费才能撤销执行。",
    REFERENCE_TAKEN: "这个计费流水号已经用于另一笔退费：一个流水号只能登记一次。",
    REFERENCE_REQUIRED: "请填写计费流水号。",
    REFERENCE_INVALID: "计费流水号只能是不含空格的英文字母、数字和符号，最多 64 个字符。",
    AMOUNT_INVALID: "到账金额须为大于 0、最多两位小数的元数。",
    TIME_INVALID: "到账时间须为有效的日期和时间，且不能晚于现在。",
    LINE_INVALID: "这一行不是 4 列（单号,流水号,金额,时间）。",
    "refund.unknown": "总部没有这笔退费。",
    "refund.reason_required": "请填写原因。",
    "text.too_long": "原因最多 500 个字符。",
    "import.too_long": "一次最多导入 10,000 行。",
}
IMPORT_OUTCOMES = {
    "executed": "已登记到账",
    "failed": "金额不符，已登记为执行失败",
    "refused": "未登记",
}


def working_days_since(since: str, now: datetime, calendar: WorkingCalendar) -> int:
    """How many working days have passed since ``since`` (UTC ISO): the same clock time on the
    n-th working day after it has come (at most MAX_WORKING_DAYS_SHOWN)."""
    try:
        start = datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError:
        return 0
    days = 0
    while days < MAX_WORKING_DAYS_SHOWN:
        if add_working_days(start, days + 1, calendar).due > now:
            break
        days += 1
    return days


def local_time(text: str) -> str:
    """A time typed in the page's ``datetime-local`` field (Asia/Shanghai, no offset) as ISO 8601
    with +08:00; anything with an offset is passed on as typed (the store checks it)."""
    text = text.strip()
    if len(text) in (16, 19) and "T" in text and "+" not in text and not text.endswith("Z"):
        return text + "+08:00"
    return text


class ExecutionPages:
    """待执行退费 and 营业厅与台席 on the console ``console`` (its store, templates, sessions)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.store = console.store

    # -- shared -------------------------------------------------------------------------------

    def calendar_of(self, hall: str, cache: dict[str, WorkingCalendar]) -> WorkingCalendar:
        """The hall's working calendar: its published policy's ``calendar`` section first."""
        if hall not in cache:
            published = EMPTY_CALENDAR
            try:
                document = self.store.policy(hall)
                if document and "calendar" in document:
                    published = parse_calendar(document["calendar"])
            except DomainError:  # a policy without a usable calendar: the package's data
                log.warning("hall %s: its policy's calendar is not usable here", hall)
            cache[hall] = (
                LayeredCalendar(published, CHINESE_CALENDAR)
                if published.years
                else CHINESE_CALENDAR
            )
        return cache[hall]

    async def signed_form(self, request: Request, *, limit: int | None = None) -> tuple[
        ConsoleSession | None, dict[str, str], Response | None
    ]:  # fmt: skip
        """The session and the posted form, or the response that ends the request (sign-in, or
        403 without the CSRF token)."""
        console = self.console
        session = await console.session_of(request)
        if session is None:
            return None, {}, console.to_sign_in(request)
        data = await (form_of(request, limit=limit) if limit else form_of(request))
        try:
            console.check_csrf(session.csrf, data.get(CSRF_FIELD, ""))
        except CsrfRefused:
            return session, data, console.message(
                403, "表单已失效", "表单缺少或带有错误的校验码（CSRF），请重新打开页面。",
                session=session,
            )  # fmt: skip
        return session, data, None

    def refused(self, session: ConsoleSession, refusal: HQStoreError) -> Response:
        plain = EXEC_REFUSALS.get(refusal.code, "总部未能登记这笔退费的执行。")
        return self.console.message(
            409, "未能办理", plain, session=session, detail=refusal.message, code=refusal.code,
            back=f"{PREFIX}/executions", back_text="回到待执行退费",
        )  # fmt: skip

    # -- 待执行退费 -----------------------------------------------------------------------------

    async def executions(self, request: Request) -> Response:
        console = self.console
        session = await console.session_of(request)
        if session is None:
            return console.to_sign_in(request)
        params = dict(request.query_params)
        shown = params.get("execution", "")
        try:
            query = queue_query(params)
            if shown not in EXECUTION_NAMES:
                raise QueryError(
                    "execution must be awaiting or failed", "执行状态只能选全部、待执行或执行失败。"
                )
        except QueryError as refused:
            return console.page(
                "executions.html", 400, session=session, query={}, error=refused.chinese,
                filters=EXECUTION_NAMES, rows=[], total=0, pages=0, notice="",
            )  # fmt: skip
        state = EXECUTION_STATES.get(shown)
        rows, total = await run_in_threadpool(
            lambda: self.store.execution_page(**query, execution=state)
        )
        pages = max(1, -(-total // query["per_page"]))
        error = f"没有第 {query['page']} 页：共 {pages} 页。" if query["page"] > pages else ""
        now = console.clock.now()
        calendars: dict[str, WorkingCalendar] = {}

        def dressed() -> list[dict[str, Any]]:
            return [
                {**r.to_json(), "days": working_days_since(r.since, now, self.calendar_of(r.hall, calendars))}
                for r in rows
            ]  # fmt: skip

        listed = await run_in_threadpool(dressed)
        filters = {k: v for k, v in query.items() if k in ("hall", "desk", "number") and v}
        if shown:
            filters["execution"] = shown
        role = session.operator.role
        return console.page(
            "executions.html", 400 if error else 200, session=session, rows=listed, total=total,
            clocks=await console.clock_words([r["desk"] for r in listed]),
            query={**query, "execution": shown}, pages=pages, error=error,
            notice=request.query_params.get("done", "")[:200], filters=EXECUTION_NAMES,
            may_execute=role in {r.value for r in EXECUTING_ROLES},
            prev_link=f"?{urlencode({**filters, 'page': query['page'] - 1})}",
            next_link=f"?{urlencode({**filters, 'page': query['page'] + 1})}",
        )  # fmt: skip

    async def record(self, request: Request) -> Response:
        """已执行 / 执行失败 / 撤销执行 of one refund, by the signed-in operator."""
        session, data, ended = await self.signed_form(request)
        if ended is not None or session is None:
            return ended or self.console.to_sign_in(request)
        refund = str(request.path_params["refund"])
        action = data.get("action", "")
        operator = session.operator
        try:
            if action == "executed":
                event = await run_in_threadpool(
                    self.store.record_execution, refund, data.get("reference", ""),
                    data.get("amount", ""), local_time(data.get("at", "")), operator,
                )  # fmt: skip
                if event["type"] != "refund.executed":
                    return self.console.message(
                        409, "金额不符：已登记为执行失败",
                        "到账金额与批准金额不一致，这次执行已登记为执行失败；请核对后重试或撤销执行。",
                        session=session, detail=str(event["payload"].get("reason", "")),
                        back=f"{PREFIX}/executions", back_text="回到待执行退费",
                    )  # fmt: skip
                done = f"{event['payload']['number']} 已登记到账"
            elif action == "failed":
                event = await run_in_threadpool(
                    self.store.record_failure, refund, data.get("reason", ""), operator
                )
                done = f"{event['payload']['number']} 已登记执行失败"
            elif action == "cancel":
                event = await run_in_threadpool(
                    self.store.cancel_execution, refund, data.get("reason", ""), operator
                )
                done = f"{event['payload']['number']} 已撤销执行"
            else:
                return self.console.message(
                    400, "无法办理", "请选择已执行、执行失败或撤销执行。", session=session
                )
        except HQStoreError as refusal:
            log.info("console: %s on refund %s refused: %s", operator.name, refund, refusal.code)
            return self.refused(session, refusal)
        log.info("console: %s recorded %s on refund %s", operator.name, action, refund)
        return security_headers(
            RedirectResponse(f"{PREFIX}/executions?{urlencode({'done': done})}", 303)
        )

    async def import_file(self, request: Request) -> Response:
        """The billing system's result file, pasted: each line recorded as ``import-executions``
        records it, and the report shown line by line."""
        session, data, ended = await self.signed_form(request, limit=MAX_IMPORT_BYTES)
        if ended is not None or session is None:
            return ended or self.console.to_sign_in(request)
        if session.operator.role not in {r.value for r in EXECUTING_ROLES}:
            return self.console.message(
                403, "未能导入", EXEC_REFUSALS[NOT_EXECUTOR], session=session,
                detail=f"{session.operator.name} ({session.operator.role}) does not record"
                " executions (an operator or supervisor does)", code=NOT_EXECUTOR,
            )  # fmt: skip
        text = data.get("csv", "").lstrip("\ufeff")
        if not text.strip():
            return self.console.message(
                400, "未能导入", "请把计费系统的结果文件内容粘贴到文本框中。", session=session
            )
        try:
            report = await run_in_threadpool(self.store.import_executions, text, session.operator)
        except HQStoreError as refusal:
            return self.refused(session, refusal)
        executed = sum(1 for line in report if line.outcome == "executed")
        log.info(
            "console: %s imported a result file: %d of %d lines executed",
            session.operator.name, executed, len(report),
        )  # fmt: skip
        lines = [
            {
                "line": r.line, "number": r.number, "outcome": r.outcome,
                "outcome_name": IMPORT_OUTCOMES.get(r.outcome, r.outcome), "code": r.code,
                "plain": EXEC_REFUSALS.get(r.code, "") if r.outcome == "refused" else "",
                "detail": r.message,
            }
            for r in report
        ]  # fmt: skip
        return self.console.page(
            "execution_import.html", 200, session=session, lines=lines, executed=executed
        )

    # -- 营业厅与台席 ---------------------------------------------------------------------------

    async def desks(self, request: Request) -> Response:
        console = self.console
        session = await console.session_of(request)
        if session is None:
            return console.to_sign_in(request)
        try:
            query = queue_query(dict(request.query_params))
        except QueryError as refused:
            return console.page(
                "desks.html", 400, session=session, rows=[], total=0, query={}, pages=0,
                error=refused.chinese,
            )  # fmt: skip
        paged = {k: query[k] for k in ("page", "per_page", "hall", "desk")}
        rows, total = await run_in_threadpool(lambda: self.store.desks_page(**paged))
        # issue 17 (console17b): each desk's clock offset as its uploads report it
        clocks = await run_in_threadpool(self.store.desk_clocks, [r.desk for r in rows])
        pages = max(1, -(-total // query["per_page"]))
        error = f"没有第 {query['page']} 页：共 {pages} 页。" if query["page"] > pages else ""
        now = console.clock.now()
        calendars: dict[str, WorkingCalendar] = {}

        def dressed() -> list[dict[str, Any]]:
            shown = []
            for r in rows:
                last = max(r.last_contact, r.last_upload)
                silent = bool(last) and not r.revoked and (
                    add_working_days(
                        datetime.fromisoformat(last.replace("Z", "+00:00")), 1,
                        self.calendar_of(r.hall, calendars),
                    ).due < now
                )  # fmt: skip
                clock = clocks.get(r.desk)
                shown.append({
                    **r.to_json(), "last": last, "silent": silent,
                    "clock": clock.words() if clock else "", "clock_at": clock.at if clock else "",
                    "never": not last, "token_days": _days_since(r.token_issued_at, now),
                })  # fmt: skip
            return shown

        listed = await run_in_threadpool(dressed)
        filters = {k: v for k, v in query.items() if k in ("hall", "desk") and v}
        return console.page(
            "desks.html", 400 if error else 200, session=session, rows=listed, total=total,
            query=query, pages=pages, error=error,
            may_release=session.operator.role == HQRole.SUPERVISOR.value,
            prev_link=f"?{urlencode({**filters, 'page': query['page'] - 1})}",
            next_link=f"?{urlencode({**filters, 'page': query['page'] + 1})}",
        )  # fmt: skip

    async def release(self, request: Request) -> Response:
        """A supervisor issues a desk's escrow release code (``add-desk --new-token``): a new
        token and the recovery code, shown once on a page no cache keeps; their code asked again."""
        console = self.console
        session, data, ended = await self.signed_form(request)
        if ended is not None or session is None:
            return ended or console.to_sign_in(request)
        desk = str(request.path_params["desk"])
        operator = session.operator
        if operator.role != HQRole.SUPERVISOR.value:
            return console.message(
                403, "无权办理", "只有主管可以签发台席的密钥托管释放码。", session=session
            )
        name, client = operator.name, client_of(request)
        locked = await run_in_threadpool(
            self.store.recent_failures, name, client, FAILURE_WINDOW_MINUTES
        )
        account = await run_in_threadpool(self.store.console_account, name)
        if locked >= FAILURES_ALLOWED or account is None:
            return console.message(
                429, "请稍后再试", f"动态验证码连续错误，请 {FAILURE_WINDOW_MINUTES} 分钟后再试。",
                session=session,
            )  # fmt: skip
        if not await console.code_accepted(name, account.totp_sealed, data.get("code", "")):
            await run_in_threadpool(self.store.record_sign_in_failure, name, client, "release_code")
            return console.message(
                403, "动态验证码不对",
                "签发释放码需要再次输入动态验证码；这个验证码不对或已经用过，请等下一个。",
                session=session,
            )  # fmt: skip
        known = await run_in_threadpool(lambda: self.store.desks_page(desk=desk))
        if not known[0]:
            return console.message(404, "没有这个台席", "总部没有这个台席。", session=session)
        try:
            issued = await run_in_threadpool(
                lambda: self.store.reissue_desk(desk, actor=operator.actor)
            )
        except HQStoreError as refusal:
            return console.message(
                409, "未能签发", "总部未能签发释放码。", session=session, detail=refusal.message,
                code=refusal.code,
            )  # fmt: skip
        log.warning(
            "console: supervisor %s issued desk %s a new token and escrow release code", name, desk
        )
        return console.page("desk_release.html", 200, session=session, issued=issued)

    def routes(self) -> list[Route]:
        return [
            Route(f"{PREFIX}/executions", self.executions, methods=["GET"]),
            Route(f"{PREFIX}/executions/import", self.import_file, methods=["POST"]),
            Route(f"{PREFIX}/executions/{{refund}}/record", self.record, methods=["POST"]),
            Route(f"{PREFIX}/desks", self.desks, methods=["GET"]),
            Route(f"{PREFIX}/desks/{{desk}}/release", self.release, methods=["POST"]),
        ]


def _days_since(at: str, now: datetime) -> int | None:
    try:
        then = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return None
    return max(0, (now - then) // timedelta(days=1))
