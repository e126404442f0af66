"""The store manager's dashboard and report (issue 16): refunds of the period by state (pending,
approved, executed, failed) and the amount head office credited in the period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hall_desk.domain.reporting import PeriodKind, date_range, period_of
from hall_desk.services import dashboard, reports
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.sync import downlink
from tests.documents.pdftools import pdf_text, squeeze
from tests.services.test_refund_slip_service import approve, propose, record
from tests.sync.downlink_events import head_office
from tests.sync.fixtures import DESK, HALL


def test_refunds_by_state_and_the_amount_executed_in_the_period(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    record_id = record(ctx, clerk)
    pending = propose(ctx, clerk, record_id, "10")  # 待审批
    del pending
    waiting = propose(ctx, clerk, record(ctx, clerk), "20")
    approve(ctx, clerk, waiting, "3001")  # 已批准, not executed yet
    done = approve(ctx, clerk, propose(ctx, clerk, record(ctx, clerk), "30.50"), "3001")
    broken = approve(ctx, clerk, propose(ctx, clerk, record(ctx, clerk), "40"), "3001")
    head = head_office()
    events = [
        head.next("refund.executed", {
            "id": done.id, "number": done.number, "billing_reference": "BOSS-1",
            "amount": "30.50", "executed_at": "2026-11-22T03:00:00.000000Z",
            "recorded_by": "sun.li", "recorded_by_name": "孙丽",
        }, actor="op:sun.li"),
        head.next("refund.execution_failed", {
            "id": broken.id, "number": broken.number, "reason": "账户已停机",
            "failed_at": "2026-11-22T03:10:00.000000Z", "recorded_by": "sun.li",
            "recorded_by_name": "孙丽",
        }, actor="op:sun.li"),
    ]  # fmt: skip
    assert (
        downlink.apply_page(
            events, hall=HALL, desk=DESK, after=0, cursor=2, at=ctx.clock.now()
        ).applied
        == 2
    )
    period = period_of(PeriodKind.TODAY, ctx.clock.now())
    figures = dashboard.dashboard_figures(ctx, hall["manager"], period).refunds
    assert (figures.pending, figures.approved, figures.executed, figures.failed) == (1, 1, 1, 1)
    assert figures.executed_amount == Decimal("30.50")
    # Another period: none proposed in it, nothing credited in it.
    earlier = date_range(date(2026, 11, 1), date(2026, 11, 21))
    assert dashboard.dashboard_figures(ctx, hall["manager"], earlier).refunds.executed_amount == 0
    text = squeeze(pdf_text(reports.report_pdf(ctx, hall["manager"]), layout=False))
    assert "待审批1/已批准待执行1/已到账1/执行失败1；本期到账金额30.50元" in text
