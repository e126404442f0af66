"""The store manager's dashboard and reports on a seeded store (issue 8): targets ≤ 1 s each.

Usage (from the repository root)::

    python benchmarks/bench_dashboard.py --rows 1000000
    python benchmarks/bench_dashboard.py --rows 1000000 --json

Works on a copy of the cached seeded store (``seed.py``; seeded first if missing), opened through
``open_store`` (so a cache of an older schema is migrated as a desk's store would be). The clock
stands one minute after the newest seeded complaint (the day the seeder ran), so "this month" is
a month under way, as a manager sees it.

Figures (p50 and max of ``--repeat`` runs after one untimed warm-up, as a desk that has been open a
while), as a store manager:

- the dashboard of this month: :func:`dashboard_figures` (every breakdown, 回复及时率, the counts)
  and :func:`hot_spots` (this month against the same part of the six months before), i.e. what
  the dashboard window runs when 本月 is chosen — target ≤ 1 s;
- the month report: :func:`report_pdf` for this month (the same figures and hot spots, the
  overdue / due / escalated lists, ReportLab's layout) — target ≤ 1 s;
- also measured: the last whole month, the daily handover report, and a whole year as a chosen
  range (the longest range the dashboard accepts: the worst case; issue 22: a range of more than a
  month reads the daily figures, ``complaint_day_figure``, plus the open complaints' rows).

Checks: the figures' statement reads the period once, as a range of the ``complaint_accepted``
index (acceptance times), never a scan of the complaint table.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome, seeded_desk  # noqa: E402
from benchmarks.bench_intake import Figure, Report, query_plan, time_cases  # noqa: E402
from hall_desk.domain.reporting import (  # noqa: E402
    PeriodKind,
    date_range,
    local_day,
    period_of,
)
from hall_desk.services import dashboard, reports  # noqa: E402

TARGET_MS = 1000.0


def measure(report: Report, store: Path, repeat: int) -> None:
    with seeded_desk.opened(report, store) as desk:
        ctx, manager = desk.ctx, desk.manager
        now = ctx.clock.now()
        month = period_of(PeriodKind.MONTH, now)
        last_month = month.shifted_back(1)
        today = local_day(now)
        year = date_range(today - timedelta(days=365), today)

        def board(period: object) -> Callable[[], object]:
            def run() -> object:
                return (
                    dashboard.dashboard_figures(ctx, manager, period),  # type: ignore[arg-type]
                    dashboard.hot_spots(ctx, manager, period),  # type: ignore[arg-type]
                )

            return run

        cases: list[tuple[str, str, Callable[[], object], bool]] = [
            ("month_dashboard", f"dashboard of this month ({month.first_day:%Y-%m}, under way): figures + hot spots", board(month), True),
            ("month_report", "month report PDF (figures, hot spots, lists)", lambda: reports.report_pdf(ctx, manager, month), True),
            ("month_figures", "… of which the figures alone", lambda: dashboard.dashboard_figures(ctx, manager, month), False),
            ("month_hot_spots", "… of which the hot spots alone", lambda: dashboard.hot_spots(ctx, manager, month), False),
            ("last_month_dashboard", f"dashboard of last month ({last_month.first_day:%Y-%m}, whole)", board(last_month), False),
            ("handover_report", "daily handover report PDF (today)", lambda: reports.report_pdf(ctx, manager), False),
            ("year_dashboard", "dashboard of a chosen range of a year (366 days)", board(year), False),
        ]  # fmt: skip
        time_cases(report, cases, repeat, ("p50", "max"), TARGET_MS)
        figures = dashboard.dashboard_figures(ctx, manager, month)
        report.add(Figure("month_count", "complaints accepted this month", figures.total.count, ""))
        year_figures = dashboard.dashboard_figures(ctx, manager, year)
        report.add(Figure("year_count", "… in the year's range", year_figures.total.count, ""))
        rate = figures.total.timeliness.rate
        report.add(Figure("month_rate", "回复及时率 this month, %", (rate or 0) * 100, "%"))
        spots = dashboard.hot_spots(ctx, manager, month)
        report.add(Figure("month_hot_spots", "hot spots this month", len(spots.spots), ""))
        pdf = reports.report_pdf(ctx, manager, month)
        report.add(Figure("month_report_kb", "month report size", len(pdf) / 1024, "KB"))

        sql, params = dashboard.dashboard_sql(month.start, month.end, now)
        plan = query_plan(sql, tuple(params))
        report.plans["dashboard figures (every breakdown)"] = [sql, *plan]
        report.checks[
            "the figures read the month once, through complaint_accepted, no table scan"
        ] = sum("complaint_accepted" in line for line in plan) == 1 and not any(
            line.startswith("SCAN c") for line in plan
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Dashboard and report benchmarks.")
    seeded_desk.add_arguments(parser, "--repeat", 10)
    outcome.add_strict(parser)
    args = parser.parse_args(argv)
    return seeded_desk.on_seeded_copy(args, measure, args.repeat)


if __name__ == "__main__":
    outcome.run(main)
