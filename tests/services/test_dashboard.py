"""The dashboard's figures on a known set of complaints: the breakdowns, 回复及时率 with the
deadline's boundary (answered exactly at the deadline is on time, one second after is late), the
period's boundary (23:59:59 local on the last day is in, 00:00 the next day is not), the counts,
satisfaction, the hot spots, a bar's complaints through the list's search, and a clerk refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.complaints import ComplaintState
from hall_desk.domain.errors import PermissionDenied
from hall_desk.domain.reporting import HotSpotRule, PeriodKind, Timeliness, date_range, period_of
from hall_desk.services import dashboard, search
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Complaint
from tests.services.reporting_data import T0, Known, at_local, record, seed_known


@pytest.fixture
def known(hall: dict[str, StaffSession], ctx: DeskContext) -> Known:
    return seed_known(hall, ctx)


RANGE = date_range(date(2026, 11, 19), date(2026, 11, 21))


def test_the_figures_of_a_known_range(
    hall: dict[str, StaffSession], ctx: DeskContext, known: Known
) -> None:
    figures = dashboard.dashboard_figures(ctx, hall["manager"], RANGE)
    total = figures.total
    # in: at_deadline, second_late, overdue, last_second, repeat; out: next_midnight, before
    assert total.count == 5
    assert total.timeliness == Timeliness(on_time=2, late=2, pending=1)
    assert total.timeliness.rate == pytest.approx(0.5)
    assert figures.target == 0.95
    assert (total.open, total.overdue) == (2, 1)
    assert (total.repeat, total.escalated, total.incident) == (1, 1, 1)
    sat = total.satisfaction
    assert (sat.satisfied, sat.fairly_satisfied, sat.dissatisfied) == (1, 1, 1)
    assert sat.ever_dissatisfied == 1
    # every class of the catalogue, in its order, zeros included
    assert [(b.key, b.count) for b in figures.by_class] == [
        ("电信服务", 0),
        ("网络质量", 2),
        ("电信资费", 3),
        ("业务种类", 0),
    ]
    assert ctx.catalogue.classes()[:4] == [b.key for b in figures.by_class]
    fees = figures.by_class[2].tally
    assert fees.timeliness == Timeliness(on_time=2, late=1, pending=0)
    assert [(b.parent, b.key, b.count) for b in figures.by_sub_class] == [
        ("电信资费", "资费争议/乱收费", 3),
        ("网络质量", "信号覆盖", 2),
    ]
    assert {b.key: b.count for b in figures.by_tier} == {"VIP": 2, "全球通": 0, "普通": 3}
    assert [(b.key, b.count) for b in figures.by_channel] == [("营业厅现场", 3), ("电话", 2)]
    assert [(b.key, b.label, b.count) for b in figures.by_staff] == [
        ("3001", "张三", 3),
        ("3002", "赵四", 2),
    ]
    assert [(b.key, b.count) for b in figures.by_day] == [
        ("2026-11-19", 1),
        ("2026-11-20", 2),
        ("2026-11-21", 2),
    ]
    # now, hall-wide, whatever the period: overdue, last_second, next_midnight, before are open;
    # before (18th 23:59:59, due 21st 08:00) and overdue are past their deadline
    assert (figures.current.open, figures.current.overdue) == (4, 2)


def test_the_deadline_boundary_moves_with_now(
    hall: dict[str, StaffSession], ctx: DeskContext, known: Known
) -> None:
    assert isinstance(ctx.clock, FixedClock)
    last = Complaint.get_by_id(known.ids["last_second"]).reply_due
    ctx.clock.set(last)  # exactly at its deadline: still pending
    pending = dashboard.dashboard_figures(ctx, hall["leader"], RANGE).total.timeliness
    ctx.clock.set(last + timedelta(seconds=1))
    late = dashboard.dashboard_figures(ctx, hall["leader"], RANGE).total.timeliness
    assert (pending.late, pending.pending) == (2, 1)
    assert (late.late, late.pending) == (3, 0)


def test_today_and_the_month(hall: dict[str, StaffSession], ctx: DeskContext, known: Known) -> None:
    today = dashboard.dashboard_figures(ctx, hall["manager"], period_of(PeriodKind.TODAY, T0))
    assert today.total.count == 1  # next_midnight, 00:00 on the 22nd
    assert [(b.key, b.count) for b in today.by_day] == [("2026-11-22", 1)]
    month = dashboard.dashboard_figures(ctx, hall["manager"], period_of(PeriodKind.MONTH, T0))
    assert month.total.count == 7
    assert len(month.by_day) == 22  # 1st … today; the days to come are not drawn
    assert sum(b.count for b in month.by_day) == 7


def test_a_bars_complaints_are_what_it_counted(
    hall: dict[str, StaffSession], ctx: DeskContext, known: Known
) -> None:
    manager = hall["manager"]
    figures = dashboard.dashboard_figures(ctx, manager, RANGE)

    def listed(query: search.ComplaintSearch) -> set[str]:
        return {s.id for s in search.search_complaints(ctx, manager, query)}

    ids = known.ids
    assert listed(dashboard.matching(RANGE, main_class="网络质量")) == {
        ids["overdue"], ids["last_second"],
    }  # fmt: skip
    assert listed(dashboard.matching(RANGE, main_class="电信资费")) == {
        ids["at_deadline"], ids["second_late"], ids["repeat"],
    }  # fmt: skip
    for bars, key in (
        (figures.by_class, "main_class"), (figures.by_tier, "tier"),
        (figures.by_channel, "channel"), (figures.by_staff, "first_responder"),
    ):  # fmt: skip
        for bar in bars:
            query = dashboard.matching(RANGE, **{key: bar.key})  # type: ignore[arg-type]
            assert search.count_search_results(ctx, manager, query) == bar.count, (key, bar.key)
    for bar in figures.by_sub_class:
        query = dashboard.matching(RANGE, main_class=bar.parent, sub_class=bar.key)
        assert search.count_search_results(ctx, manager, query) == bar.count
    for bar in figures.by_day:
        query = dashboard.matching(RANGE, day=date.fromisoformat(bar.key))
        assert search.count_search_results(ctx, manager, query) == bar.count
    assert listed(dashboard.matching(RANGE, late=True)) == {ids["second_late"], ids["overdue"]}
    assert listed(dashboard.matching(RANGE, open_only=True)) == {
        ids["overdue"], ids["last_second"],
    }  # fmt: skip
    assert listed(dashboard.matching(RANGE, repeat=True)) == {ids["repeat"]}
    assert listed(dashboard.matching(RANGE, escalated=True)) == {ids["repeat"]}
    assert listed(dashboard.matching(RANGE, incident=True)) == {ids["overdue"]}


def test_a_clerk_is_refused(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    with pytest.raises(PermissionDenied):
        dashboard.dashboard_figures(ctx, hall["clerk"], RANGE)
    with pytest.raises(PermissionDenied):
        dashboard.hot_spots(ctx, hall["clerk"], RANGE)


def test_an_empty_period_has_zero_figures(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    figures = dashboard.dashboard_figures(ctx, hall["manager"], RANGE)
    assert figures.total.count == 0
    assert figures.total.timeliness.rate is None
    assert [b.count for b in figures.by_class] == [0, 0, 0, 0]
    assert [b.count for b in figures.by_day] == [0, 0, 0]


def test_hot_spots_compare_with_the_same_part_of_earlier_periods(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    # Each of the six weeks before: one 信号覆盖 complaint on Monday and one 资费 complaint on
    # Sunday (after this week's "now": outside the windows, which stop at Sunday 10:00).
    phone = 13900000000
    for back in range(1, 7):
        monday = at_local(16, 11) - timedelta(weeks=back)
        phone += 1
        record(ctx, clerk, monday, phone=str(phone), main="网络质量", sub="信号覆盖")
        phone += 1
        record(ctx, clerk, monday + timedelta(days=6, hours=8), phone=str(phone))
    # This week (16th–22nd, now Sunday 10:00): seven 信号覆盖, one 资费
    for n in range(7):
        phone += 1
        record(
            ctx, clerk, at_local(16 + n % 6, 12), phone=str(phone), main="网络质量", sub="信号覆盖"
        )
    phone += 1
    record(ctx, clerk, at_local(17, 12), phone=str(phone))
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.set(T0)
    report = dashboard.hot_spots(ctx, hall["manager"], period_of(PeriodKind.WEEK, T0))
    assert len(report.windows) == 6
    assert report.windows[0] == (at_local(9, 0), at_local(15, 10))
    spots = {(s.main_class, s.sub_class): s for s in report.spots}
    assert set(spots) == {("网络质量", None), ("网络质量", "信号覆盖")}
    assert spots[("网络质量", "信号覆盖")].count == 7
    assert spots[("网络质量", "信号覆盖")].mean == pytest.approx(1.0)
    # A stricter rule (at least 8) finds nothing
    strict = dashboard.hot_spots(
        ctx, hall["manager"], period_of(PeriodKind.WEEK, T0), HotSpotRule(min_count=8)
    )
    assert strict.spots == []


def test_states_of_the_known_set_are_what_the_app_would_hold(known: Known) -> None:
    """Guard for the fixture: the answered ones are closed states, the others open."""
    states = {k: Complaint.get_by_id(v).state for k, v in known.ids.items()}
    assert states["overdue"] == ComplaintState.ACCEPTED.value
    assert states["repeat"] == ComplaintState.CLOSED.value


def test_the_figures_read_the_period_through_the_acceptance_index(
    hall: dict[str, StaffSession],
) -> None:
    """A range of ``complaint_accepted``: the period's complaints only, never the whole table,
    read once for every breakdown."""
    from hall_desk.storage.db import database

    sql, params = dashboard.dashboard_sql(RANGE.start, RANGE.end, T0)
    plan = [row[3] for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert sum("USING INDEX complaint_accepted" in step for step in plan) == 1, plan
    assert not any(step.startswith("SCAN c") for step in plan), plan
