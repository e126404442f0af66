"""The complaint centre's console in the browser (issue 17), served by ``hall-desk-hq serve``
under ``/console/``: server-rendered pages (Jinja2, every value escaped), every asset served by the
app (no CDN, no build step), a Content-Security-Policy without inline script and with
``frame-ancestors 'none'`` on every page.

Accounts: a password (the desks' scrypt, :mod:`hall_desk.domain.passwords`) and TOTP (RFC 6238,
30 s, ±1 step; the secret sealed under head office's secrets key, :mod:`hall_desk.hq.secrets_keeper`;
a code accepted once, :meth:`~hall_desk.hq.store.ConsoleOps.accept_totp_step`). Five failures of
an account from one client address within 15 minutes lock that pair for 15 minutes; the holder is
told at the next sign-in. Sessions are database rows (cookie ``__Host-hq_session``: HttpOnly,
SameSite=Strict, Secure), ended after 15 minutes idle or 10 hours in all. Every form carries a
CSRF token (the session's; before sign-in a double-submit cookie); a form without it is 403.
Password sign-in over plain http to a non-loopback address is refused.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo

import pyotp
import segno
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from hall_desk.domain.clock import SystemClock
from hall_desk.domain.console_limits import DEFAULT_CONSOLE_LIMITS, ConsoleLimits
from hall_desk.domain.passwords import hash_password, verify_password
from hall_desk.hq.secrets_keeper import SecretsKeeper, SecretsKeyError
from hall_desk.hq.store import ConsoleSession, HQStore, HQStoreError, OperatorIdentity
from hall_desk.hq.store.console import since_now
from hall_desk.hq.store.console_search import may_see_full_values
from hall_desk.hq.store.paged import MAX_PAGE, MAX_PER_PAGE

log = logging.getLogger(__name__)

PREFIX = "/console"
SESSION_COOKIE = "__Host-hq_session"
PRE_COOKIE = "__Host-hq_pre"  # the CSRF token of the sign-in and enrolment forms (double submit)
CSRF_FIELD = "csrf"
FORM_TYPE = "application/x-www-form-urlencoded"
CSRF_HEADER = "x-csrf-token"
# The defaults; the policy's ``console`` section (issue 17) sets them (Console.limits).
FAILURES_ALLOWED = DEFAULT_CONSOLE_LIMITS.failures_allowed  # wrong passwords or codes per account
FAILURE_WINDOW_MINUTES = DEFAULT_CONSOLE_LIMITS.failure_window_minutes  # and address, in a window
IDLE_MINUTES = DEFAULT_CONSOLE_LIMITS.idle_minutes
TOTAL_HOURS = DEFAULT_CONSOLE_LIMITS.total_hours
LIMITS_SECONDS = 30  # how long the console keeps the policy's limits before reading them again
MIN_PASSWORD = 10
TOTP_ISSUER = "hall-desk 投诉处理中心"
SHANGHAI = ZoneInfo("Asia/Shanghai")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none';"
    " base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
STATIC_FILES = {"console.css": "text/css; charset=utf-8", "console.js": "text/javascript"}
ROLE_NAMES = {
    "operator": "坐席",
    "director": "投诉中心主任",
    "department_head": "部门负责人",
    "leadership": "公司领导",
    "supervisor": "主管",
    "auditor": "审计",
}


# The refund loop's refusals (hall_desk.domain.hq_refunds) in plain Chinese; the store's English
# message (with the figures: total, level, who is needed) is shown beneath.
REFUSALS = {
    "refund.over_level": "超出您的审批权限：本投诉累计退费金额高于您的审批额度，需由更高一级审批"
    "（投诉中心主任可改为“建议批准/建议拒绝”）。",
    "refund.not_decider": "您的角色不审批退费（由投诉中心主任、部门负责人或公司领导审批）。",
    "refund.not_recommender": "只有投诉中心主任提出建议。",
    "refund.within_level": "这笔退费在投诉中心主任的额度内：由主任直接审批，无需建议。",
    "refund.recommender_decides": "您已对这笔退费提出建议：须由另一位审批人决定。",
}


class CsrfRefused(Exception):
    """A state-changing request without its CSRF token (403)."""


MAX_FORM_BYTES = 16_384


async def form_of(request: Request, limit: int = MAX_FORM_BYTES) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (the console's forms), at most ``limit``
    bytes; anything else, or too long, reads as an empty form (refused by its CSRF check). Parsed
    here: Starlette's form parser needs python-multipart, which nothing else uses."""
    if request.headers.get("content-type", "").split(";")[0].strip() != FORM_TYPE:
        return {}
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return {}
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        return {}
    return dict(parse_qsl(text, keep_blank_values=True, max_num_fields=50))


AnyResponse = TypeVar("AnyResponse", bound=Response)


def security_headers(response: AnyResponse) -> AnyResponse:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def qr_svg(text: str) -> str:
    """``text`` as a QR code in SVG, drawn by the app (segno's encoder, as the receipt's)."""
    matrix = segno.make_qr(text, error="m", boost_error=False).matrix
    count = len(matrix)
    cells = "".join(
        f'<rect x="{c + 4}" y="{r + 4}" width="1" height="1"/>'
        for r in range(count)
        for c in range(count)
        if matrix[r][c]
    )
    size = count + 8
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="232"'
        f' height="232" role="img" aria-label="二维码" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><g fill="#000">{cells}</g></svg>'
    )


def shanghai_time(at: str) -> str:
    """A UTC ISO time as Asia/Shanghai with the date (2026-11-22 10:30 +08:00)."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M +08:00")


@dataclass(frozen=True)
class TotpCheck:
    ok: bool
    step: int = 0


def check_code(secret: str, code: str, now: datetime) -> TotpCheck:
    """Whether ``code`` is the TOTP of ``secret`` at ``now`` ±1 step, and which step it is."""
    code = code.strip().replace(" ", "")
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return TotpCheck(False)
    totp = pyotp.TOTP(secret)
    timestamp = int(now.timestamp())
    for offset in (-1, 0, 1):
        at = timestamp + offset * totp.interval
        if hmac.compare_digest(totp.at(at), code):
            return TotpCheck(True, at // totp.interval)
    return TotpCheck(False)


class Console:
    """The console's routes on ``store`` with head office's secrets key."""

    def __init__(self, store: HQStore, keeper: SecretsKeeper) -> None:
        self.store = store
        self.keeper = keeper
        self.clock = SystemClock()
        self.templates = Environment(
            loader=PackageLoader("hall_desk.hq.console", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )
        self.templates.filters["shanghai"] = shanghai_time
        self.templates.globals["may_see_full"] = may_see_full_values  # issue 17 (hdr17)
        self._limits: tuple[float, ConsoleLimits] | None = None

    # -- rendering ----------------------------------------------------------------------------

    async def clock_words(self, desks: list[str]) -> dict[str, str]:
        """Each desk's clock offset in words, as its uploads report it (issue 17 item 4: a
        desk's clock offset beside its times; desks that never reported one are left out)."""
        clocks = await run_in_threadpool(self.store.desk_clocks, desks)
        return {desk: clock.words() for desk, clock in clocks.items()}

    def page(
        self, name: str, status: int = 200, *, session: ConsoleSession | None = None, **values: Any
    ) -> HTMLResponse:
        template = self.templates.get_template(name)
        operator = session.operator if session else None
        html = template.render(
            prefix=PREFIX,
            operator=operator,
            role_name=ROLE_NAMES.get(operator.role, operator.role) if operator else "",
            csrf=session.csrf if session else values.pop("pre_csrf", ""),
            **values,
        )
        return security_headers(HTMLResponse(html, status))

    def message(self, status: int, title: str, text: str, **values: Any) -> HTMLResponse:
        return self.page("message.html", status, title=title, text=text, **values)

    # -- the policy's limits (issue 17: its ``console`` section) --------------------------------

    async def limits(self) -> ConsoleLimits:
        """Lockout and session limits from the policy, read again every LIMITS_SECONDS."""
        now = time.monotonic()
        if self._limits is None or now - self._limits[0] > LIMITS_SECONDS:
            self._limits = (now, await run_in_threadpool(self.store.console_limits))
        return self._limits[1]

    # -- sessions and CSRF ---------------------------------------------------------------------

    async def session_of(self, request: Request) -> ConsoleSession | None:
        sid = request.cookies.get(SESSION_COOKIE, "")
        if not sid:
            return None
        limits = await self.limits()
        return await run_in_threadpool(
            lambda: self.store.session(
                sid, idle_minutes=limits.idle_minutes, total_hours=limits.total_hours
            )
        )

    @staticmethod
    def check_csrf(expected: str, given: str) -> None:
        if not expected or not given or not hmac.compare_digest(expected, given):
            raise CsrfRefused()

    def pre_form(self, request: Request, name: str, status: int = 200, **values: Any) -> Response:
        """A form shown before sign-in, with a fresh double-submit CSRF cookie."""
        token = request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(32)
        response = self.page(name, status, pre_csrf=token, **values)
        response.set_cookie(
            PRE_COOKIE, token, path="/", secure=True, httponly=True, samesite="strict"
        )
        return response

    async def pre_form_data(self, request: Request) -> dict[str, str]:
        data = await form_of(request)
        self.check_csrf(request.cookies.get(PRE_COOKIE, ""), data.get(CSRF_FIELD, ""))
        return data

    def signed_in(self, response: Response, sid: str) -> Response:
        response.set_cookie(
            SESSION_COOKIE, sid, path="/", secure=True, httponly=True, samesite="strict"
        )
        response.delete_cookie(PRE_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
        return response

    def to_sign_in(self, request: Request) -> Response:
        response = security_headers(RedirectResponse(f"{PREFIX}/login", 303))
        if request.cookies.get(SESSION_COOKIE):
            response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True)
        return response

    # -- TOTP --------------------------------------------------------------------------------

    async def code_accepted(self, name: str, sealed: str | None, code: str) -> bool:
        """The code is right for the account's secret and its step was never accepted before."""
        if not sealed:
            return False
        try:
            secret = await run_in_threadpool(self.keeper.open, sealed, "totp:" + name)
        except SecretsKeyError as error:
            log.error("operator %s: the TOTP secret does not open: %s", name, error.message)
            return False
        checked = check_code(secret, code, self.clock.now())
        if not checked.ok:
            return False
        return await run_in_threadpool(self.store.accept_totp_step, name, checked.step)

    # -- pages -------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        session = await self.session_of(request)
        if session is None:
            return self.to_sign_in(request)
        return security_headers(RedirectResponse(f"{PREFIX}/refunds", 303))

    async def static(self, request: Request) -> Response:
        name = str(request.path_params["name"])
        media_type = STATIC_FILES.get(name)
        if media_type is None:
            return self.message(404, "没有这个文件", "控制台没有这个文件。")
        content = resources.files("hall_desk.hq.console").joinpath("static", name).read_bytes()
        response = Response(content, media_type=media_type)
        response.headers["Cache-Control"] = "private, max-age=300"
        return security_headers(response)

    def transport_refused(self, request: Request) -> bool:
        return request.url.scheme != "https" and not is_loopback(client_of(request))

    async def login(self, request: Request) -> Response:
        if request.method == "GET":
            return self.pre_form(request, "login.html", plain_http=self.transport_refused(request))
        if self.transport_refused(request):
            return self.message(
                403,
                "请使用 https",
                "控制台不接受经未加密的 http 提交的密码：请用 https:// 地址打开。",
            )
        try:
            data = await self.pre_form_data(request)
        except CsrfRefused:
            return self.message(
                403, "表单已失效", "表单缺少或带有错误的校验码（CSRF），请重新打开登录页。"
            )
        login = data.get("login", "").strip()[:40]
        password, code = data.get("password", ""), data.get("code", "")
        client = client_of(request)
        limits = await self.limits()
        failures = await run_in_threadpool(
            self.store.recent_failures, login, client, limits.failure_window_minutes
        )
        if failures >= limits.failures_allowed:
            log.warning("console sign-in of %r from %s refused: locked", login, client)
            return self.pre_form(
                request, "login.html", 429, login=login,
                error=f"此账户从本机地址连续 {limits.failures_allowed} 次登录失败，请 {limits.failure_window_minutes} 分钟后再试。",
            )  # fmt: skip
        account = await run_in_threadpool(self.store.console_account, login)
        ok = (
            account is not None
            and not account.operator.revoked
            and account.password_hash is not None
            and await run_in_threadpool(verify_password, password, account.password_hash)
        )
        if ok and account is not None:
            ok = await self.code_accepted(login, account.totp_sealed, code)
        if not ok or account is None:
            await run_in_threadpool(self.store.record_sign_in_failure, login, client, "sign_in")
            log.warning("console sign-in of %r from %s failed", login, client)
            return self.pre_form(
                request, "login.html", 401, login=login,
                error="账户、密码或动态验证码不对（一个验证码只能用一次）。",
            )  # fmt: skip
        told = await run_in_threadpool(self.store.take_untold_failures, login)
        sid, _csrf = await run_in_threadpool(self.store.create_session, login, client)
        log.info("operator %s signed in to the console from %s", login, client)
        if told:
            session = ConsoleSession(account.operator, _csrf, "")
            response: Response = self.page(
                "welcome.html", session=session, failures=told, next=f"{PREFIX}/refunds"
            )
        else:
            response = security_headers(RedirectResponse(f"{PREFIX}/refunds", 303))
        return self.signed_in(response, sid)

    async def logout(self, request: Request) -> Response:
        session = await self.session_of(request)
        if session is None:
            return self.to_sign_in(request)
        form = await form_of(request)
        try:
            self.check_csrf(session.csrf, form.get(CSRF_FIELD, ""))
        except CsrfRefused:
            return self.message(403, "表单已失效", "表单缺少校验码（CSRF）。")
        await run_in_threadpool(self.store.end_session, request.cookies.get(SESSION_COOKIE, ""))
        return self.to_sign_in(request)

    async def enrol(self, request: Request) -> Response:
        token = str(request.path_params["token"])
        operator = await run_in_threadpool(self.store.enrolment_for, token)
        if operator is None:
            return self.message(
                404,
                "链接已失效",
                "这个开户链接已用过或已过期：请主管用 add-operator --new-token 重新发一个。",
            )
        if self.transport_refused(request):
            return self.message(403, "请使用 https", "开户页面只能经 https 打开。")
        if request.method == "GET":
            secret = pyotp.random_base32()
            return self.enrol_form(request, operator, token, secret)
        try:
            data = await self.pre_form_data(request)
        except CsrfRefused:
            return self.message(
                403, "表单已失效", "表单缺少或带有错误的校验码（CSRF），请重新打开开户链接。"
            )
        try:
            secret = await run_in_threadpool(
                self.keeper.open, data.get("sealed", ""), "enrol:" + operator.name
            )
        except SecretsKeyError:
            return self.message(400, "表单已失效", "请重新打开开户链接。")
        password, again = data.get("password", ""), data.get("password_again", "")
        error = ""
        if len(password) < MIN_PASSWORD:
            error = f"密码至少 {MIN_PASSWORD} 个字符。"
        elif password != again:
            error = "两次输入的密码不一致。"
        checked = check_code(secret, data.get("code", ""), self.clock.now())
        if not error and not checked.ok:
            error = "动态验证码不对：请用验证器应用扫描二维码后输入它显示的 6 位数字。"
        if error:
            return self.enrol_form(request, operator, token, secret, error=error, status=400)
        sealed = await run_in_threadpool(self.keeper.seal, secret, "totp:" + operator.name)
        hashed = await run_in_threadpool(hash_password, password)
        try:
            await run_in_threadpool(
                self.store.finish_enrolment, token, hashed, sealed, checked.step
            )
        except HQStoreError as refusal:
            return self.message(409, "链接已失效", refusal.message)
        log.info("operator %s enrolled in the console", operator.name)
        return self.message(200, "开户完成", "密码和动态验证码已设置。", link=f"{PREFIX}/login")

    def enrol_form(
        self, request: Request, operator: OperatorIdentity, token: str, secret: str,
        *, error: str = "", status: int = 200,
    ) -> Response:  # fmt: skip
        uri = pyotp.TOTP(secret).provisioning_uri(name=operator.name, issuer_name=TOTP_ISSUER)
        sealed = self.keeper.seal(secret, "enrol:" + operator.name)
        grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        return self.pre_form(
            request, "enrol.html", status, who=operator, token=token, secret=grouped,
            sealed=sealed, qr=qr_svg(uri), error=error,
        )  # fmt: skip

    # -- 待总部审批 -----------------------------------------------------------------------------

    async def refunds(self, request: Request) -> Response:
        session = await self.session_of(request)
        if session is None:
            return self.to_sign_in(request)
        try:
            query = queue_query(dict(request.query_params))
        except QueryError as refused:
            return self.page(
                "refunds.html", 400, session=session, rows=[], total=0, query={},
                error=refused.chinese, pages=0, notice="",
            )  # fmt: skip
        rows, total = await run_in_threadpool(lambda: self.store.awaiting_refunds(**query))
        pages = max(1, -(-total // query["per_page"]))
        error = ""
        if query["page"] > pages:
            error = f"没有第 {query['page']} 页：共 {pages} 页。"
        now = self.clock.now()
        shown = [{**r.to_json(), "age": since_now(r.since, now)} for r in rows]
        filters = {k: v for k, v in query.items() if k in ("hall", "desk", "number") and v}
        clocks = await self.clock_words([r.desk for r in rows])
        return self.page(
            "refunds.html", 400 if error else 200, session=session, rows=shown, total=total,
            clocks=clocks,
            query=query, pages=pages, error=error, notice=request.query_params.get("done", ""),
            prev_link=f"?{urlencode({**filters, 'page': query['page'] - 1})}",
            next_link=f"?{urlencode({**filters, 'page': query['page'] + 1})}",
        )  # fmt: skip

    async def decide(self, request: Request) -> Response:
        session = await self.session_of(request)
        if session is None:
            return self.to_sign_in(request)
        data = await form_of(request)
        try:
            self.check_csrf(session.csrf, data.get(CSRF_FIELD, ""))
        except CsrfRefused:
            return self.message(
                403, "表单已失效", "表单缺少或带有错误的校验码（CSRF）。", session=session
            )
        refund = str(request.path_params["refund"])
        action = data.get("action", "")
        reason = data.get("reason", "").strip()
        name, client = session.operator.name, client_of(request)
        if action not in ("approve", "refuse", "recommend_approve", "recommend_refuse"):
            return self.message(400, "无法办理", "请选择批准、拒绝或建议。", session=session)
        if not reason:
            return self.message(400, "无法办理", "请填写理由。", session=session)
        limits = await self.limits()
        locked = await run_in_threadpool(
            self.store.recent_failures, name, client, limits.failure_window_minutes
        )
        account = await run_in_threadpool(self.store.console_account, name)
        if locked >= limits.failures_allowed or account is None:
            return self.message(
                429, "请稍后再试",
                f"动态验证码连续错误，请 {limits.failure_window_minutes} 分钟后再试。",
                session=session,
            )  # fmt: skip
        if not await self.code_accepted(name, account.totp_sealed, data.get("code", "")):
            await run_in_threadpool(
                self.store.record_sign_in_failure, name, client, "decision_code"
            )
            return self.message(
                403, "动态验证码不对",
                "审批需要再次输入动态验证码证明是您本人；这个验证码不对或已经用过，请等下一个。",
                session=session,
            )  # fmt: skip
        try:
            if action.startswith("recommend_"):
                await run_in_threadpool(
                    self.store.recommend_refund, refund, action == "recommend_approve", reason,
                    session.operator,
                )  # fmt: skip
            else:
                await run_in_threadpool(
                    lambda: self.store.decide_refund(
                        refund, action == "approve", reason, session.operator
                    )
                )
        except HQStoreError as refusal:
            plain = REFUSALS.get(refusal.code, "总部未能办理这笔退费。")
            return self.message(
                409, "未能办理", plain, session=session, detail=refusal.message, code=refusal.code
            )
        done = {"approve": "已批准", "refuse": "已拒绝"}.get(action, "已提交建议")
        return security_headers(
            RedirectResponse(f"{PREFIX}/refunds?{urlencode({'done': done})}", 303)
        )

    def routes(self) -> list[Route]:
        return [
            Route(f"{PREFIX}/", self.home, methods=["GET"]),
            Route(f"{PREFIX}/login", self.login, methods=["GET", "POST"]),
            Route(f"{PREFIX}/logout", self.logout, methods=["POST"]),
            Route(f"{PREFIX}/enrol/{{token}}", self.enrol, methods=["GET", "POST"]),
            Route(f"{PREFIX}/refunds", self.refunds, methods=["GET"]),
            Route(f"{PREFIX}/refunds/{{refund}}/decide", self.decide, methods=["POST"]),
            Route(f"{PREFIX}/static/{{name}}", self.static, methods=["GET"]),
        ]


class QueryError(ValueError):
    """A filter or page out of range, said plainly: in English (the JSON API) and in Chinese
    (the page)."""

    def __init__(self, english: str, chinese: str) -> None:
        super().__init__(english)
        self.chinese = chinese


FIELD_NAMES = {
    "page": "页码",
    "per_page": "每页条数",
    "hall": "营业厅",
    "desk": "台席",
    "number": "单号",
}


def queue_query(params: dict[str, str]) -> dict[str, Any]:
    """A queue's page and filters from the query string, checked (QueryError names what is
    wrong in English for the JSON API, and in Chinese for the page)."""
    query: dict[str, Any] = {"page": 1, "per_page": 20, "hall": None, "desk": None, "number": None}
    for key, low, high in (("page", 1, MAX_PAGE), ("per_page", 1, MAX_PER_PAGE)):
        raw = params.get(key, "")
        if raw == "":
            continue
        if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or not low <= int(raw) <= high:
            raise QueryError(
                f"{key} must be a whole number {low}…{high}",
                f"{FIELD_NAMES[key]}须为 {low} 到 {high} 之间的整数（收到 {raw[:20]}）。",
            )
        query[key] = int(raw)
    for key, limit in (("hall", 10), ("desk", 14), ("number", 40)):
        raw = params.get(key, "").strip()
        if not raw:
            continue
        if len(raw) > limit or not raw.isprintable():
            raise QueryError(
                f"{key} must be at most {limit} printable characters",
                f"{FIELD_NAMES[key]}最多 {limit} 个字符，且不能含控制字符。",
            )
        query[key] = raw
    return query
