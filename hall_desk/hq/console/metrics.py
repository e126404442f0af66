"""全省指标 in the console (issue 17 item 3): per hall and period (a month, a year or custom dates,
Asia/Shanghai days) the complaints accepted, 回复及时率 against the 95 % target (said in words, not
colour only), overdue now, regulator-limit breaches, repeat complaints, media complaints,
callbacks and satisfied ones, refunds by level and state (count, sum); the province's total; each
figure links to the list behind it; a bar chart of 回复及时率 per hall drawn by the server (SVG,
no script); CSV and xlsx exports (times ISO 8601 with +08:00; no personal numbers in the
figures). Everyone signed in reads; exports are for directors and above, and auditors, and each
writes a head-office audit entry (kind ``export``). JSON twins: ``GET /v1/ops/figures`` and
``GET /v1/ops/figures/list``. The store: :mod:`hall_desk.hq.store.figures`."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hall_desk.domain.clock import SystemClock, utc_iso
from hall_desk.hq.console import (
    PREFIX,
    SHANGHAI,
    Console,
    QueryError,
    client_of,
    queue_query,
    security_headers,
)
from hall_desk.hq.store.figures import (
    COMPLAINT_LISTS,
    FIGURE_NAMES,
    LEVEL_NAMES,
    LEVEL_ORDER,
    TARGET,
    Figures,
    PeriodFigures,
)
from hall_desk.sync.protocol import ERROR_BAD_REQUEST, ERROR_UNAUTHORISED, PROTOCOL, error_body

PAGE = f"{PREFIX}/metrics"
OPS_PATH = "/v1/ops/figures"
EXPORTERS = frozenset({"director", "department_head", "leadership", "auditor"})
MAX_DAYS = 3661  # a custom period: at most ten years
_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
PERIOD_NAMES = {"month": "月", "year": "年", "custom": "自定义"}


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # included

    def params(self) -> dict[str, str]:
        if self.kind == "month":
            return {"period": "month", "month": self.start.strftime("%Y-%m")}
        if self.kind == "year":
            return {"period": "year", "year": str(self.start.year)}
        return {"period": "custom", "from": self.start.isoformat(), "to": self.end.isoformat()}

    def starts_at(self) -> str:
        """ISO 8601 with +08:00: the first moment of the period."""
        return datetime.combine(self.start, time(), SHANGHAI).isoformat()

    def ends_at(self) -> str:
        """ISO 8601 with +08:00: the moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time(), SHANGHAI).isoformat()


def _refused(english: str, chinese: str) -> QueryError:
    return QueryError(english, chinese)


def period_of(params: dict[str, str], today: date) -> Period:
    """The period asked for (this month when none): QueryError in English and Chinese."""
    kind = params.get("period", "").strip() or "month"
    if kind == "month":
        raw = params.get("month", "").strip() or today.strftime("%Y-%m")
        if not _MONTH.fullmatch(raw) or not 1 <= int(raw[5:]) <= 12 or int(raw[:4]) < 2000:
            raise _refused(
                "month must be YYYY-MM (from 2000)",
                f"月份须为“年-月”，如 2026-11（收到 {raw[:20]}）。",
            )
        start = date(int(raw[:4]), int(raw[5:]), 1)
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return Period(kind, start, end)
    if kind == "year":
        raw = params.get("year", "").strip() or str(today.year)
        if not _YEAR.fullmatch(raw) or not 2000 <= int(raw) <= 2100:
            raise _refused(
                "year must be 2000…2100", f"年份须为 2000 到 2100 之间（收到 {raw[:20]}）。"
            )
        return Period(kind, date(int(raw), 1, 1), date(int(raw), 12, 31))
    if kind == "custom":
        days = []
        for key, name in (("from", "开始日期"), ("to", "结束日期")):
            raw = params.get(key, "").strip()
            try:
                if not _DAY.fullmatch(raw):
                    raise ValueError
                days.append(date.fromisoformat(raw))
            except ValueError:
                raise _refused(
                    f"{key} must be a date YYYY-MM-DD",
                    f"{name}须为日期，如 2026-11-01（收到 {raw[:20]}）。",
                ) from None
        start, end = days
        if start > end:
            raise _refused("from must not be after to", "开始日期不能晚于结束日期。")
        if (end - start).days >= MAX_DAYS or start.year < 2000:
            raise _refused(
                "a custom period spans at most ten years from 2000",
                "自定义时段最长十年（2000 年起）。",
            )
        return Period(kind, start, end)
    raise _refused("period must be month, year or custom", "时段须为月、年或自定义。")


def figure_query(params: dict[str, str], today: date) -> tuple[Period, str | None]:
    """The period and the hall filter (checked like the queues' filters)."""
    hall = queue_query({"hall": params.get("hall", "")})["hall"]
    return period_of(params, today), hall


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def target_words(figures: PeriodFigures) -> str:
    meets = figures.meets
    if meets is None:
        return "无已到期投诉"
    return "达标" if meets else "未达标（低于95%）"


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    width: int
    rate: str
    meets: bool | None


CHART_WIDTH = 420  # the bars' full width (100 %)
BAR_HEIGHT = 18
BAR_GAP = 8
LABEL_WIDTH = 150


def chart_bars(figures: Figures) -> list[Bar]:
    bars = []
    for n, hall in enumerate(figures.halls):
        rate = hall.rate
        bars.append(
            Bar(
                label=f"{hall.hall} {hall.name}"[:24],
                y=n * (BAR_HEIGHT + BAR_GAP),
                width=0 if rate is None else round(rate * CHART_WIDTH),
                rate=percent(rate) + ("" if rate is None else f" {target_words(hall)}"),
                meets=hall.meets,
            )
        )
    return bars


COLUMNS = (  # (key, heading) of the figures table and its exports
    ("accepted", "受理投诉"), ("due", "应答复"), ("on_time", "按时答复"), ("late", "超时答复"),
    ("pending", "未到期"), ("overdue", "当前超时"), ("regulator_breach", "超管局15天"),
    ("repeat", "重复投诉"), ("media", "媒体投诉"), ("called_back", "已回访"),
    ("satisfied", "回访满意"),
)  # fmt: skip


def _refund_key(key: tuple[str, str]) -> tuple[int, str]:
    level, state = key
    return (LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER), state)


def refund_rows(figures: PeriodFigures) -> list[tuple[tuple[str, str], list[int]]]:
    """A hall's refunds by level (smallest first), then state."""
    return sorted(figures.refunds.items(), key=lambda item: _refund_key(item[0]))


def export_rows(figures: Figures, period: Period, generated: str) -> list[list[Any]]:
    """The figures as rows: a heading, one row per hall, the province's total; refunds by
    level and state as columns (count and sum in yuan)."""
    keys = sorted(
        {key for hall in [*figures.halls, figures.total] for key in hall.refunds}, key=_refund_key
    )
    heading = [
        "营业厅", "名称", "时段开始", "时段结束", *[name for _, name in COLUMNS],
        "回复及时率", "目标", "是否达标", "重复投诉率", "回访满意率",
        *[f"退费 {LEVEL_NAMES.get(level, level)} {state} 笔数" for level, state in keys],
        *[f"退费 {LEVEL_NAMES.get(level, level)} {state} 金额（元）" for level, state in keys],
        "生成时间",
    ]  # fmt: skip
    rows: list[list[Any]] = [heading]
    for hall in [*figures.halls, figures.total]:
        rows.append(
            [
                hall.hall or "全省", hall.name, period.starts_at(), period.ends_at(),
                *[getattr(hall, key) for key, _ in COLUMNS],
                percent(hall.rate), "95%", target_words(hall), percent(hall.repeat_rate),
                percent(hall.satisfaction),
                *[hall.refunds.get(key, [0, 0])[0] for key in keys],
                *[yuan(hall.refunds.get(key, [0, 0])[1]) for key in keys],
                generated,
            ]
        )  # fmt: skip
    return rows


def _cell(value: Any) -> Any:
    """A cell a spreadsheet never reads as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class MetricsPages:
    """全省指标's page, list, chart and exports on ``console``'s sessions and templates."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.store = console.store

    @staticmethod
    def today() -> date:
        return SystemClock().now().astimezone(SHANGHAI).date()

    async def page(self, request: Request) -> Response:
        session = await self.console.session_of(request)
        if session is None:
            return self.console.to_sign_in(request)
        params = dict(request.query_params)
        try:
            period, hall = figure_query(params, self.today())
        except QueryError as refused:
            return self.console.page(
                "metrics.html", 400, session=session, error=refused.chinese, figures=None,
                params=params,
            )  # fmt: skip
        figures = await run_in_threadpool(
            lambda: self.store.province_figures(
                period.start.isoformat(), period.end.isoformat(), hall
            )
        )
        link = {**period.params(), **({"hall": hall} if hall else {})}
        return self.console.page(
            "metrics.html", session=session, error="", figures=figures, period=period,
            params={**params, **link}, columns=COLUMNS, bars=chart_bars(figures),
            chart_width=CHART_WIDTH + LABEL_WIDTH + 150, label_width=LABEL_WIDTH,
            bar_height=BAR_HEIGHT, chart_height=max(1, len(figures.halls)) * (BAR_HEIGHT + BAR_GAP),
            target_x=LABEL_WIDTH + round(TARGET * CHART_WIDTH), percent=percent,
            target_words=target_words, yuan=yuan, level_names=LEVEL_NAMES, refund_rows=refund_rows,
            refund_link=lambda key, code: f"{PAGE}/refunds?"  # issue 17 (console17b)
            + urlencode({**period.params(), "level": key[0], "state": key[1],
                         **({"hall": code} if code else {})}),
            list_link=lambda figure, code: f"{PAGE}/list?"
            + urlencode({**period.params(), "figure": figure, **({"hall": code} if code else {})}),
            query_string=urlencode(link), may_export=session.operator.role in EXPORTERS,
            lists=COMPLAINT_LISTS,
        )  # fmt: skip

    async def listing(self, request: Request) -> Response:
        session = await self.console.session_of(request)
        if session is None:
            return self.console.to_sign_in(request)
        params = dict(request.query_params)
        try:
            period, hall, figure, paging = self.list_query(params)
        except QueryError as refused:
            return self.console.message(400, "无法列出", refused.chinese, session=session)
        rows, total = await run_in_threadpool(
            lambda: self.store.figure_complaints(
                figure,
                period.start.isoformat(),
                period.end.isoformat(),
                hall,
                page=paging["page"],
                per_page=paging["per_page"],
            )
        )
        pages = max(1, -(-total // paging["per_page"]))
        if paging["page"] > pages:
            return self.console.message(
                400, "无法列出", f"没有第 {paging['page']} 页：共 {pages} 页。", session=session
            )
        base = {**period.params(), "figure": figure, **({"hall": hall} if hall else {})}
        return self.console.page(
            "metrics_list.html", session=session, rows=rows, total=total, figure=figure,
            figure_name=FIGURE_NAMES[figure], period=period, hall=hall or "", page=paging["page"],
            pages=pages, prev_link=f"?{urlencode({**base, 'page': paging['page'] - 1})}",
            next_link=f"?{urlencode({**base, 'page': paging['page'] + 1})}",
            back=f"{PAGE}?{urlencode({k: v for k, v in base.items() if k != 'figure'})}",
        )  # fmt: skip

    def list_query(self, params: dict[str, str]) -> tuple[Period, str | None, str, dict[str, int]]:
        period, hall = figure_query(params, self.today())
        figure = params.get("figure", "").strip()
        if figure not in COMPLAINT_LISTS:
            raise QueryError(
                f"figure must be one of {', '.join(COMPLAINT_LISTS)}", "没有这项指标的清单。"
            )
        paged = queue_query({k: params.get(k, "") for k in ("page", "per_page")})
        return period, hall, figure, {"page": paged["page"], "per_page": paged["per_page"]}

    async def export(self, request: Request) -> Response:
        session = await self.console.session_of(request)
        if session is None:
            return self.console.to_sign_in(request)
        kind = str(request.path_params["kind"])
        if kind not in ("csv", "xlsx"):
            return self.console.message(404, "无法导出", "只能导出 CSV 或 xlsx。", session=session)
        operator = session.operator
        if operator.role not in EXPORTERS:
            return self.console.message(
                403, "无法导出", "导出全省指标须为投诉中心主任及以上或审计角色。", session=session
            )
        try:
            period, hall = figure_query(dict(request.query_params), self.today())
        except QueryError as refused:
            return self.console.message(400, "无法导出", refused.chinese, session=session)
        generated = SystemClock().now().astimezone(SHANGHAI).isoformat(timespec="seconds")

        def made() -> tuple[bytes, int]:
            figures = self.store.province_figures(
                period.start.isoformat(), period.end.isoformat(), hall
            )
            rows = export_rows(figures, period, generated)
            self.store.audit(
                operator.name, "export", subject="全省指标", client=client_of(request),
                detail={"format": kind, "start": period.starts_at(), "end": period.ends_at(),
                        "hall": hall or "", "rows": len(rows) - 1, "full_values": False},
            )  # fmt: skip
            return (_csv(rows) if kind == "csv" else _xlsx(rows)), len(rows) - 1

        body, _ = await run_in_threadpool(made)
        name = f"figures-{period.start.isoformat()}-{period.end.isoformat()}.{kind}"
        media = (
            "text/csv; charset=utf-8"
            if kind == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = Response(body, 200, media_type=media)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        response.headers["Cache-Control"] = "no-store"
        return security_headers(response)

    async def _api_refusal(self, request: Request) -> JSONResponse | None:
        """An operator's token, or the console's session cookie (as the other read APIs)."""
        header = request.headers.get("authorization", "")
        if "authorization" not in request.headers and request.cookies:
            if await self.console.session_of(request) is None:
                return _error(401, ERROR_UNAUTHORISED, "the console session has ended")
            return None
        scheme, _, token = header.partition(" ")
        operator = (
            await run_in_threadpool(self.store.operator_for_token, token.strip())
            if scheme.lower() == "bearer" and token.strip()
            else None
        )
        if operator is None or operator.revoked:
            return _error(401, ERROR_UNAUTHORISED, "an operator token is needed")
        return None

    async def api(self, request: Request) -> Response:
        """``GET /v1/ops/figures``."""
        refusal = await self._api_refusal(request)
        if refusal is not None:
            return refusal
        try:
            period, hall = figure_query(dict(request.query_params), self.today())
        except QueryError as error:
            return _error(400, ERROR_BAD_REQUEST, str(error))
        figures = await run_in_threadpool(
            lambda: self.store.province_figures(
                period.start.isoformat(), period.end.isoformat(), hall
            )
        )
        return JSONResponse(
            {
                "protocol": PROTOCOL, "server_time": utc_iso(SystemClock().now()),
                "period": {"kind": period.kind, "start": period.starts_at(),
                           "end": period.ends_at()},
                "target": TARGET, "halls": [h.to_json() for h in figures.halls],
                "total": figures.total.to_json(),
            }
        )  # fmt: skip

    async def api_list(self, request: Request) -> Response:
        """``GET /v1/ops/figures/list``: the complaints behind one figure (numbers masked)."""
        refusal = await self._api_refusal(request)
        if refusal is not None:
            return refusal
        try:
            period, hall, figure, paging = self.list_query(dict(request.query_params))
        except QueryError as error:
            return _error(400, ERROR_BAD_REQUEST, str(error))
        rows, total = await run_in_threadpool(
            lambda: self.store.figure_complaints(
                figure,
                period.start.isoformat(),
                period.end.isoformat(),
                hall,
                page=paging["page"],
                per_page=paging["per_page"],
            )
        )
        return JSONResponse(
            {
                "protocol": PROTOCOL, "server_time": utc_iso(SystemClock().now()),
                "figure": figure, "page": paging["page"], "per_page": paging["per_page"],
                "total": total, "complaints": rows,
            }
        )  # fmt: skip

    def routes(self) -> list[Route]:
        return [
            Route(PAGE, self.page, methods=["GET"]),
            Route(f"{PAGE}/list", self.listing, methods=["GET"]),
            Route(f"{PAGE}/export.{{kind}}", self.export, methods=["GET"]),
            Route(OPS_PATH, self.api, methods=["GET"]),
            Route(f"{OPS_PATH}/list", self.api_list, methods=["GET"]),
        ]


def _csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # a BOM: Excel reads it as UTF-8


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook  # loaded by the first xlsx export, as the desks' exports do

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "全省指标"
    for row in rows:
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _error(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body = {**error_body(code, message), "server_time": utc_iso(SystemClock().now())}
    return JSONResponse(body, status, headers)
