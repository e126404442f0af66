"""The console's administration pages (issue 17): operator accounts (supervisors), head office's
audit log (auditors and supervisors), the policy in force per hall with a new version shown as a
diff before it is published, and a hall's staff with 停用 / 恢复启用 (supervisors act).

Every write is the operation the CLI runs (``add_operator``, ``revoke_operator``,
``start_enrolment``, ``set_operator_role``, ``set_policy``, ``disable_staff``, ``enable_staff``),
so the console and the CLI leave the same audit entries and hall-chain events. Every form carries
the session's CSRF token. A deciding role (director, department head, leadership) given by one
supervisor waits, shown to the other supervisors, until a second supervisor confirms it; nobody
changes their own role, disables or resets their own account. Disabling, resetting or a role
change ends that account's sessions at once (the store deletes them in the same transaction).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from hall_desk.domain.errors import DomainError
from hall_desk.domain.hq_refunds import DECIDING_ROLES, HQRole
from hall_desk.domain.policy_document import parse_policy_document, policy_document
from hall_desk.hq.console import (
    CSRF_FIELD,
    PREFIX,
    ROLE_NAMES,
    Console,
    CsrfRefused,
    client_of,
    form_of,
    security_headers,
)
from hall_desk.hq.store import ConsoleSession, HQStoreError
from hall_desk.hq.store.audit import AUDIT_KINDS, MAX_AUDIT_PAGE
from hall_desk.hq.store.desks import OPERATOR_NAME

SUPERVISOR = HQRole.SUPERVISOR.value
AUDITOR = HQRole.AUDITOR.value
DECIDING = frozenset(r.value for r in DECIDING_ROLES)
AUDIT_PER_PAGE = 50
MAX_POLICY_CHARS = 60_000  # a policy document typed or pasted (templates and calendar included)
POLICY_FORM_BYTES = 600_000  # its form urlencoded: a CJK character takes 9 bytes
KIND_NAMES = {
    "sign_in": "登录",
    "sign_in.failed": "登录失败",
    "enrolment.issued": "发出开户链接",
    "enrolment.completed": "完成开户",
    "account.added": "新增账户",
    "account.reissued": "重发命令行令牌",
    "account.disabled": "停用账户",
    "account.enable_proposed": "提议恢复启用（待第二位主管确认）",  # issue 17 (console17b)
    "account.enabled": "恢复启用账户",
    "role.proposed": "提议角色（待第二位主管确认）",
    "role.changed": "角色变更",
    "export": "导出",
    "identity.viewed": "按完整号码查询（未找到投诉）",  # issue 17 (hdr17)
}
ADD_ROLES = (HQRole.OPERATOR.value, HQRole.AUDITOR.value, HQRole.SUPERVISOR.value)


@dataclass(frozen=True)
class DiffLine:
    mark: str  # "+", "-" or " " (shown as text too: never colour alone)
    text: str
    css: str


def policy_diff(current: dict[str, Any], new: dict[str, Any]) -> list[DiffLine]:
    """The new policy against the one in force, line by line (pretty JSON, keys sorted)."""

    def lines(document: dict[str, Any]) -> list[str]:
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).splitlines()

    shown = []
    for line in difflib.unified_diff(lines(current), lines(new), lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            shown.append(DiffLine("…", line, "hunk"))
        else:
            mark = line[:1] or " "
            css = {"+": "added", "-": "removed"}.get(mark, "same")
            shown.append(DiffLine(mark, line[1:], css))
    return shown


def validation_messages(error: DomainError) -> list[str]:
    """policy_document's validation errors as lines: the field, the code and its figures."""
    problems = getattr(error, "errors", None) or [error]
    shown = []
    for problem in problems:
        figures = ", ".join(f"{k}={v}" for k, v in sorted(problem.params.items()))
        shown.append(
            f"{problem.field or 'policy'}: {problem.code}" + (f"（{figures}）" if figures else "")
        )
    return shown


class AdminPages:
    """The accounts, audit, policy and staff pages on a :class:`Console`."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.store = console.store

    # -- access -------------------------------------------------------------------------------

    async def _signed_in(self, request: Request, roles: set[str]) -> ConsoleSession | Response:
        session = await self.console.session_of(request)
        if session is None:
            return self.console.to_sign_in(request)
        if session.operator.role not in roles:
            wanted = "、".join(ROLE_NAMES[r] for r in sorted(roles))
            return self.console.message(
                403, "无权访问",
                f"这一页只对{wanted}开放；您的角色是{ROLE_NAMES.get(session.operator.role, '')}。",
                session=session,
            )  # fmt: skip
        return session

    async def _form(
        self, request: Request, roles: set[str], *, limit: int | None = None
    ) -> tuple[ConsoleSession, dict[str, str]] | Response:
        signed = await self._signed_in(request, roles)
        if isinstance(signed, Response):
            return signed
        data = await (form_of(request) if limit is None else form_of(request, limit))
        try:
            self.console.check_csrf(signed.csrf, data.get(CSRF_FIELD, ""))
        except CsrfRefused:
            return self.console.message(
                403, "表单已失效", "表单缺少或带有错误的校验码（CSRF）。", session=signed
            )
        return signed, data

    @staticmethod
    def _back(path: str, **query: str) -> Response:
        return security_headers(RedirectResponse(f"{PREFIX}{path}?{urlencode(query)}", 303))

    # -- accounts -----------------------------------------------------------------------------

    async def accounts(
        self, request: Request, *, status: int = 200, session: ConsoleSession | None = None,
        **shown: Any,
    ) -> Response:  # fmt: skip
        if session is None:
            signed = await self._signed_in(request, {SUPERVISOR})
            if isinstance(signed, Response):
                return signed
            session = signed
        rows = await run_in_threadpool(self.store.console_accounts)
        pending = [r for r in rows if r.role_pending]
        enable_pending = await run_in_threadpool(self.store.enable_pending)
        return self.console.page(
            "accounts.html", status, session=session, rows=rows, pending=pending,
            roles=ROLE_NAMES, add_roles=ADD_ROLES, deciding=DECIDING,
            enable_pending=enable_pending,
            notice=shown.pop("notice", request.query_params.get("done", "")), **shown,
        )  # fmt: skip

    async def add_account(self, request: Request) -> Response:
        form = await self._form(request, {SUPERVISOR})
        if isinstance(form, Response):
            return form
        session, data = form
        login = data.get("login", "").strip()
        name = data.get("display_name", "").strip()
        role = data.get("role", HQRole.OPERATOR.value)
        if not OPERATOR_NAME.match(login):
            error = (
                "登录名须以英文字母开头，只含英文字母、数字和 . _ -，最多 40 个字符（如 li.wei）。"
            )
        elif role not in ADD_ROLES:
            error = "新账户只能是坐席、审计或主管；审批角色请在开户后变更（须第二位主管确认）。"
        else:
            error = ""
        if error:
            return await self.accounts(request, status=400, session=session, error=error)
        by, client = session.operator.name, client_of(request)

        def add() -> str:
            self.store.add_operator(login, display_name=name or None, role=role, by=by,
                                    client=client)  # fmt: skip
            return self.store.start_enrolment(login, by=by, client=client)

        try:
            token = await run_in_threadpool(add)
        except HQStoreError as refusal:
            return await self.accounts(request, status=409, session=session, error=refusal.message)
        return await self.accounts(
            request, session=session, link=self._enrol_link(request, token), link_for=login,
            notice=f"已新增账户 {login}",
        )  # fmt: skip

    @staticmethod
    def _enrol_link(request: Request, token: str) -> str:
        return f"{str(request.base_url).rstrip('/')}{PREFIX}/enrol/{token}"

    async def account_action(self, request: Request) -> Response:
        form = await self._form(request, {SUPERVISOR})
        if isinstance(form, Response):
            return form
        session, data = form
        login, action = str(request.path_params["login"]), str(request.path_params["action"])
        by, client = session.operator.name, client_of(request)
        if action not in ("disable", "reset", "role", "enable"):
            return self.console.message(404, "没有这个操作", "没有这个操作。", session=session)
        if login == by:
            text = {
                "role": "不能变更自己的角色：请另一位主管办理。",
                "disable": "不能停用自己的账户：请另一位主管办理。",
                "reset": "不能重置自己的账户：请另一位主管办理。",
                "enable": "不能恢复启用自己的账户：请另一位主管办理。",
            }.get(action, "")
            return await self.accounts(request, status=403, session=session, error=text)
        try:
            if action == "disable":
                await run_in_threadpool(
                    lambda: self.store.revoke_operator(login, by=by, client=client)
                )
                return self._back("/accounts", done=f"已停用 {login}，其会话已结束")
            if action == "enable":  # issue 17 (console17b)
                enabled = await run_in_threadpool(
                    lambda: self.store.enable_operator(login, session.operator, client=client)
                )
                if enabled == "pending":
                    return self._back("/accounts", done=f"恢复启用 {login}：等待另一位主管确认")
                return self._back(
                    "/accounts", done=f"已恢复启用 {login}：登录失败记录已清除，原会话仍已结束"
                )
            if action == "reset":
                account = await run_in_threadpool(self.store.console_account, login)
                if account is not None and account.operator.revoked:
                    raise HQStoreError("operator.revoked", f"operator {login} is disabled")
                token = await run_in_threadpool(
                    lambda: self.store.start_enrolment(login, by=by, client=client)
                )
                return await self.accounts(
                    request, session=session, link=self._enrol_link(request, token),
                    link_for=login, notice=f"已重置 {login}：密码和动态验证码已清除，其会话已结束",
                )  # fmt: skip
            role = data.get("role", "")
            outcome = await run_in_threadpool(
                lambda: self.store.set_operator_role(login, role, session.operator, client=client)
            )
        except HQStoreError as refusal:
            plain = {
                "operator.second_supervisor": "这项变更须由另一位主管确认，提议人不能自己确认。",
                "operator.own_role": "不能变更自己的角色。",
                "operator.role": "没有这个角色。",
                "operator.unknown": "没有这个账户。",
                "operator.revoked": "这个账户已停用。",
                "operator.enabled": "这个账户没有停用，无需恢复。",
                "operator.own_account": "不能恢复启用自己的账户。",
            }.get(refusal.code, "未能办理。")
            return await self.accounts(
                request, status=409, session=session, error=plain, detail=refusal.message
            )
        if outcome == "pending":
            done = f"{login} 改为{ROLE_NAMES.get(role, role)}：等待另一位主管确认"
        else:
            done = f"{login} 已改为{ROLE_NAMES.get(role, role)}，其会话已结束"
        return self._back("/accounts", done=done)

    # -- audit --------------------------------------------------------------------------------

    async def audit(self, request: Request) -> Response:
        signed = await self._signed_in(request, {SUPERVISOR, AUDITOR})
        if isinstance(signed, Response):
            return signed
        params = request.query_params
        raw_page, who = params.get("page", "1") or "1", params.get("operator", "").strip()
        kind, hall = params.get("kind", ""), params.get("hall", "").strip()
        error = ""
        if not (raw_page.isascii() and raw_page.isdigit() and len(raw_page) <= 6) or not (
            1 <= int(raw_page) <= MAX_AUDIT_PAGE
        ):
            error = f"页码须为 1 到 {MAX_AUDIT_PAGE} 之间的整数。"
        elif len(who) > 64 or not who.isprintable():
            error = "操作人最多 64 个字符，且不能含控制字符。"
        elif kind and kind not in AUDIT_KINDS:
            error = "没有这种记录类别。"
        halls = await run_in_threadpool(self.store.halls)
        if hall and hall not in {code for code, _ in halls}:
            error = error or "没有这个营业厅。"
        query = {"operator": who, "kind": kind, "hall": hall}
        if error:
            return self.console.page(
                "audit.html", 400, session=signed, error=error, entries=[], total=0, page=1,
                pages=1, query=query, kinds=KIND_NAMES, halls=halls, actions=[],
            )  # fmt: skip
        page = int(raw_page)
        entries, total = await run_in_threadpool(
            lambda: self.store.audit_page(
                page=page, per_page=AUDIT_PER_PAGE, operator=who or None, kind=kind or None
            )
        )
        pages = max(1, -(-total // AUDIT_PER_PAGE))
        if page > pages:
            error = f"没有第 {page} 页：共 {pages} 页。"
        actions = (
            await run_in_threadpool(lambda: self.store.head_office_actions(hall)) if hall else []
        )
        filters = {k: v for k, v in query.items() if v}
        return self.console.page(
            "audit.html", 400 if error else 200, session=signed, error=error, entries=entries,
            total=total, page=page, pages=pages, query=query, kinds=KIND_NAMES, halls=halls,
            actions=actions,
            prev_link=f"?{urlencode({**filters, 'page': page - 1})}",
            next_link=f"?{urlencode({**filters, 'page': page + 1})}",
        )  # fmt: skip

    # -- policy -------------------------------------------------------------------------------

    def _in_force(self, hall: str) -> dict[str, Any]:
        published = self.store.policy(hall)
        if published is not None:
            return published
        return policy_document(parse_policy_document({"version": self.store.policy_version(hall)}))

    async def policy(
        self, request: Request, *, status: int = 200, session: ConsoleSession | None = None,
        **shown: Any,
    ) -> Response:  # fmt: skip
        if session is None:
            signed = await self._signed_in(request, set(ROLE_NAMES))
            if isinstance(signed, Response):
                return signed
            session = signed
        halls = await run_in_threadpool(self.store.halls)
        codes = [code for code, _ in halls]
        hall = (
            shown.pop("hall", None)
            or request.query_params.get("hall", "")
            or (codes[0] if codes else "")
        )
        if hall and hall not in codes:
            return self.console.message(404, "没有这个营业厅", "没有这个营业厅。", session=session)
        current = await run_in_threadpool(self._in_force, hall) if hall else None
        published = await run_in_threadpool(self.store.policy, hall) if hall else None
        text = shown.pop("text", None)
        if text is None and current is not None:
            text = json.dumps({**current, "version": current["version"] + 1}, ensure_ascii=False,
                              indent=2)  # fmt: skip
        return self.console.page(
            "policy.html", status, session=session, halls=halls, hall=hall, current=current,
            published=published is not None,
            current_text=json.dumps(current, ensure_ascii=False, indent=2) if current else "",
            text=text or "", supervisor=session.operator.role == SUPERVISOR,
            notice=shown.pop("notice", request.query_params.get("done", "")), **shown,
        )  # fmt: skip

    async def policy_preview(self, request: Request) -> Response:
        form = await self._form(request, {SUPERVISOR}, limit=POLICY_FORM_BYTES)
        if isinstance(form, Response):
            return form
        session, data = form
        hall, text, scope = data.get("hall", ""), data.get("document", ""), data.get("scope", "")
        checked = self._checked(text)
        if isinstance(checked, list):
            return await self.policy(
                request, status=400, session=session, hall=hall, text=text, problems=checked,
                scope=scope,
            )  # fmt: skip
        targets = (
            [hall] if scope != "all" else [c for c, _ in await run_in_threadpool(self.store.halls)]
        )
        diffs = []
        for code in targets:
            current = await run_in_threadpool(self._in_force, code)
            stale = checked["version"] <= current["version"]
            diffs.append((code, current["version"], stale, policy_diff(current, checked)))
        return await self.policy(
            request, session=session, hall=hall, text=text, diffs=diffs, scope=scope,
            new_version=checked["version"], stale=any(d[2] for d in diffs),
        )  # fmt: skip

    @staticmethod
    def _checked(text: str) -> dict[str, Any] | list[str]:
        """The normalised document, or the problems with it."""
        if len(text) > MAX_POLICY_CHARS:
            return [f"文件太长：最多 {MAX_POLICY_CHARS} 个字符。"]
        try:
            raw = json.loads(text)
        except ValueError as error:
            return [f"不是有效的 JSON：{error}"]
        try:
            return policy_document(parse_policy_document(raw))
        except DomainError as error:
            return validation_messages(error)

    async def policy_publish(self, request: Request) -> Response:
        form = await self._form(request, {SUPERVISOR}, limit=POLICY_FORM_BYTES)
        if isinstance(form, Response):
            return form
        session, data = form
        hall, text, scope = data.get("hall", ""), data.get("document", ""), data.get("scope", "")
        checked = self._checked(text)
        if isinstance(checked, list):
            return await self.policy(
                request, status=400, session=session, hall=hall, text=text, problems=checked
            )
        try:
            events = await run_in_threadpool(
                lambda: self.store.set_policy(
                    json.loads(text), session.operator, hall=None if scope == "all" else hall
                )
            )
        except HQStoreError as refusal:
            return await self.policy(
                request, status=409, session=session, hall=hall, text=text,
                problems=[refusal.message],
            )  # fmt: skip
        done = f"已发布第 {checked['version']} 版（{len(events)} 个营业厅）"
        return self._back("/policy", hall=hall, done=done)

    # -- staff --------------------------------------------------------------------------------

    async def staff(self, request: Request) -> Response:
        signed = await self._signed_in(request, {SUPERVISOR, AUDITOR})
        if isinstance(signed, Response):
            return signed
        halls = await run_in_threadpool(self.store.halls)
        codes = [code for code, _ in halls]
        hall = request.query_params.get("hall", "") or (codes[0] if codes else "")
        if hall and hall not in codes:
            return self.console.message(404, "没有这个营业厅", "没有这个营业厅。", session=signed)
        rows = await run_in_threadpool(self.store.hall_staff, hall) if hall else []
        return self.console.page(
            "staff.html", session=signed, halls=halls, hall=hall, rows=rows,
            supervisor=signed.operator.role == SUPERVISOR,
            notice=request.query_params.get("done", ""),
        )  # fmt: skip

    async def staff_action(self, request: Request) -> Response:
        form = await self._form(request, {SUPERVISOR})
        if isinstance(form, Response):
            return form
        session, _data = form
        hall, staff_no = str(request.path_params["hall"]), str(request.path_params["staff_no"])
        action = str(request.path_params["action"])
        if action not in ("disable", "enable"):
            return self.console.message(404, "没有这个操作", "没有这个操作。", session=session)
        operate: Callable[[], Any] = (
            (lambda: self.store.disable_staff(hall, staff_no, session.operator))
            if action == "disable"
            else (lambda: self.store.enable_staff(hall, staff_no, session.operator))
        )
        try:
            await run_in_threadpool(operate)
        except HQStoreError as refusal:
            plain = {
                "staff.unknown": "总部没有这个营业员账户。",
                "staff.active": "这个账户正在使用中，无需恢复。",
                "hall.missing": "没有这个营业厅。",
            }.get(refusal.code, "未能办理。")
            return self.console.message(
                409, "未能办理", plain, session=session, detail=refusal.message,
                code=refusal.code,
            )  # fmt: skip
        done = "已停用" if action == "disable" else "已恢复启用"
        return self._back("/staff", hall=hall, done=f"{staff_no} {done}")

    def routes(self) -> list[Route]:
        handlers: list[tuple[str, Callable[[Request], Awaitable[Response]], str]] = [
            ("/accounts", self.accounts, "GET"),
            ("/accounts/add", self.add_account, "POST"),
            ("/accounts/{login}/{action}", self.account_action, "POST"),
            ("/audit", self.audit, "GET"),
            ("/policy", self.policy, "GET"),
            ("/policy/preview", self.policy_preview, "POST"),
            ("/policy/publish", self.policy_publish, "POST"),
            ("/staff", self.staff, "GET"),
            ("/staff/{hall}/{staff_no}/{action}", self.staff_action, "POST"),
        ]
        routes = [Route(f"{PREFIX}{path}", handler, methods=[method])
                  for path, handler, method in handlers]  # fmt: skip
        return routes
