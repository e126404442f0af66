"""A refund's own page and 全省指标's refund drill-downs in the console (issue 17, console17b).

- ``GET /console/metrics/refunds?period=…&hall=&level=&state=&page=``: the refunds behind one of
  全省指标's refund figures (count and sum by level and state), oldest first, paged in SQL; each
  links to its page. Customers' numbers masked.
- ``GET /console/refunds/{id or number}``: amount, level (as 全省指标 counts it: the hall's
  policy when it was proposed), state, hall, desk, its complaint (linked), what was checked, who
  proposed it, the hall's decision, head office's recommendation and decision, its execution,
  and its events as head office holds them. The customer's number masked; 显示完整号码 follows
  the complaints' rules (``POST /console/reveal/{id}`` with a reason, ``identity.viewed``).
The store: :mod:`hall_desk.hq.store.refund_pages`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hall_desk.domain.refunds import RefundState
from hall_desk.hq.console import PREFIX, Console, QueryError, queue_query
from hall_desk.hq.console.metrics import PAGE, MetricsPages, figure_query
from hall_desk.hq.store import HQStoreError
from hall_desk.hq.store.figures import LEVEL_NAMES, LEVEL_ORDER

STATES = frozenset(s.value for s in RefundState)


class RefundPages:
    """The refund page and the refund drill-downs on ``console``."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.store = console.store

    async def listing(self, request: Request) -> Response:
        console = self.console
        session = await console.session_of(request)
        if session is None:
            return console.to_sign_in(request)
        params = dict(request.query_params)
        level, state = params.get("level", "").strip(), params.get("state", "").strip()
        try:
            period, hall = figure_query(params, MetricsPages.today())
            paged = queue_query({k: params.get(k, "") for k in ("page", "per_page")})
            if level and level not in LEVEL_ORDER:
                raise QueryError("level is not known", "没有这个审批层级。")
            if state and state not in STATES:
                raise QueryError("state is not known", "没有这个退费状态。")
        except QueryError as refused:
            return console.message(400, "无法列出", refused.chinese, session=session)
        rows, total = await run_in_threadpool(
            lambda: self.store.figure_refunds(
                period.start.isoformat(), period.end.isoformat(), hall, level=level or None,
                state=state or None, page=paged["page"], per_page=paged["per_page"],
            )
        )  # fmt: skip
        pages = max(1, -(-total // paged["per_page"]))
        if paged["page"] > pages:
            return console.message(
                400, "无法列出", f"没有第 {paged['page']} 页：共 {pages} 页。", session=session
            )
        base = {
            **period.params(), **({"hall": hall} if hall else {}),
            **({"level": level} if level else {}), **({"state": state} if state else {}),
        }  # fmt: skip
        back = {k: v for k, v in base.items() if k not in ("level", "state")}
        return console.page(
            "metrics_refunds.html", session=session, rows=rows, total=total, period=period,
            hall=hall or "", level_name=LEVEL_NAMES.get(level, "") if level else "",
            state=state, level_names=LEVEL_NAMES, page=paged["page"], pages=pages,
            prev_link=f"?{urlencode({**base, 'page': paged['page'] - 1})}",
            next_link=f"?{urlencode({**base, 'page': paged['page'] + 1})}",
            back=f"{PAGE}?{urlencode(back)}",
        )  # fmt: skip

    async def detail(self, request: Request) -> Response:
        console = self.console
        session = await console.session_of(request)
        if session is None:
            return console.to_sign_in(request)
        refund = str(request.path_params["refund"])[:100]
        try:
            shown = await run_in_threadpool(self.store.refund_page, refund)
        except HQStoreError as refusal:
            return console.message(
                404, "没有这笔退费", "总部没有这笔退费。", session=session, detail=refusal.message
            )
        opened_by = await run_in_threadpool(self.store.opened_by_others, shown.id, session.operator)
        clocks = await console.clock_words([s.desk for s in shown.steps if not s.head_office])
        await run_in_threadpool(self.store.note_opened, shown.id, session.operator)
        return console.page(
            "refund_detail.html", session=session, r=shown,
            level_name=LEVEL_NAMES.get(shown.level, shown.level),
            clocks=clocks,
            opened_by=[{"name": name, "at": at} for name, at in opened_by],
        )  # fmt: skip

    def routes(self) -> list[Route]:
        return [
            Route(f"{PAGE}/refunds", self.listing, methods=["GET"]),
            Route(f"{PREFIX}/refunds/{{refund}}", self.detail, methods=["GET"]),
        ]
