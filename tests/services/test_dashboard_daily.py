"""Issue 22: the dashboard over a long range reads the daily figures (``complaint_day_figure``,
kept by triggers on the complaint table, built once by the schema step) plus the open complaints'
rows; its figures equal the direct computation from the complaints' rows — on a mix of replies on
time and late, a 补录 reply, a corrected deadline, several classes and staff, complaints either side
of midnight in Shanghai — and stay equal after a reply, a callback (a state change), a correction
of deadlines and a change by any writer; a store migrated from the step before gets the same figures."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from hall_desk.domain.clock import SHANGHAI, FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.reporting import date_range
from hall_desk.services import complaints, dashboard, lifecycle
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.deadline_corrections import correct_estimated_deadlines
from hall_desk.storage import schema
from hall_desk.storage.db import close_store, database, open_store
from hall_desk.storage.models import Complaint
from tests.services.reporting_data import seed_known
from tests.services.test_deadline_corrections import CALENDAR_2027, network, publish

# a year's range holding every complaint below, and windows with part days at either end
YEAR = date_range(date(2026, 3, 1), date(2027, 2, 28))
LONG = date_range(date(2026, 10, 1), date(2027, 1, 31))
WINDOWS = [
    (datetime(2026, 10, 31, 13, 30, tzinfo=SHANGHAI), datetime(2027, 1, 10, 9, 15, tzinfo=SHANGHAI)),
    (datetime(2026, 9, 30, 23, 59, 59, tzinfo=SHANGHAI), datetime(2026, 12, 1, 0, 0, 1, tzinfo=SHANGHAI)),
    (YEAR.start, YEAR.end),
    (LONG.start, LONG.end),
]  # fmt: skip
SHORT = date_range(date(2026, 11, 19), date(2026, 11, 21))


def local(y: int, m: int, d: int, h: int, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, s, tzinfo=SHANGHAI)


def draft(phone: str, main: str, sub: str, tier: str = "普通") -> ComplaintDraft:
    return ComplaintDraft(
        phone=phone, customer_name="李女士", tier=tier, main_class=main, sub_class=sub,
        description="客户反映问题", customer_request="尽快处理",
        network_urgency="一般" if main == "网络质量" else "",
    )  # fmt: skip


def seed_mix(hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock) -> dict[str, str]:
    """The dashboard tests' known set plus: complaints either side of midnight at the month's
    turn, other classes, replies on time, late and 补录, callbacks, and an estimated deadline
    answered before 2027's calendar comes."""
    seed_known(hall, ctx)
    clerk, clerk2 = hall["clerk"], hall["clerk2"]
    ids: dict[str, str] = {}
    for name, when, who, main, sub in [
        ("oct_last_second", local(2026, 10, 31, 23, 59, 59), clerk, "电信服务", "服务态度"),
        ("nov_first_second", local(2026, 11, 1, 0, 0, 0), clerk2, "电信服务", "服务态度"),
        ("sep_last_second", local(2026, 9, 30, 23, 59, 59), clerk, "业务种类", "宽带业务"),
        ("oct_midday", local(2026, 10, 12, 12, 0), clerk2, "电信资费", "资费争议/乱收费"),
        ("dec_evening", local(2026, 12, 3, 19, 30), clerk, "网络质量", "信号覆盖"),
    ]:
        clock.set(when)
        phone = f"1390000{len(ids):04d}"
        ids[name] = complaints.record_complaint(ctx, who, draft(phone, main, sub)).id
    # answered on time and called back (已回访, then 满意)
    for name, who, when in (
        ("oct_midday", clerk2, local(2026, 10, 12, 14, 0)),
        ("oct_last_second", clerk, local(2026, 11, 1, 10, 0)),
    ):
        clock.set(when)
        lifecycle.verify(ctx, who, ids[name], verification="成立", responsibility="我方")
        lifecycle.reply_to_customer(ctx, who, ids[name], content="已处理", method="电话")
        lifecycle.call_back(ctx, who, ids[name], satisfaction="满意")
    # answered late (after the deadline), left 已答复
    clock.set(Complaint.get_by_id(ids["sep_last_second"]).reply_due + timedelta(hours=5))
    lifecycle.verify(ctx, clerk, ids["sep_last_second"], verification="成立", responsibility="我方")
    lifecycle.reply_to_customer(ctx, clerk, ids["sep_last_second"], content="已处理", method="短信")
    # 补录: recorded after the deadline, stated before it: counted late by the time recorded
    due = Complaint.get_by_id(ids["nov_first_second"]).reply_due
    lifecycle.verify(
        ctx, clerk2, ids["nov_first_second"], verification="成立", responsibility="我方"
    )
    clock.set(due + timedelta(days=1))
    lifecycle.reply_to_customer(
        ctx, clerk2, ids["nov_first_second"], content="已处理", method="短信",
        replied_at=due - timedelta(hours=1), late_reason="当晚系统故障，次日补录",
    )  # fmt: skip
    # estimated deadlines (2027 not in the calendar yet): one answered, one open
    clock.set(local(2026, 12, 31, 10, 0))
    ids["estimated_open"] = complaints.record_complaint(ctx, clerk, network("13700000001")).id
    ids["estimated_answered"] = complaints.record_complaint(ctx, clerk, network("13700000002")).id
    lifecycle.verify(
        ctx, clerk, ids["estimated_answered"], verification="成立", responsibility="我方"
    )
    clock.set(local(2027, 1, 5, 12, 0))
    lifecycle.reply_to_customer(
        ctx, clerk, ids["estimated_answered"], content="已修复", method="短信"
    )
    clock.set(local(2027, 1, 20, 10, 0))
    return ids


Key = tuple[str, object, object]


def rows(start: datetime, end: datetime, now: datetime, *, daily: bool) -> dict[Key, list[int]]:
    found = dashboard.period_rows(start, end, now, daily=daily)
    return {(name, key, second): values for name, key, second, values in found}


def assert_same_either_way(now: datetime) -> None:
    for start, end in WINDOWS:
        direct = rows(start, end, now, daily=False)
        assert direct, "the window holds complaints"
        assert rows(start, end, now, daily=True) == direct
        assert dashboard.class_counts(start, end, daily=True) == dashboard.class_counts(
            start, end, daily=False
        )


def day_figures() -> int:
    return database.execute_sql("SELECT sum(n) FROM complaint_day_figure").fetchone()[0] or 0


@pytest.fixture
def mix(hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock) -> dict[str, str]:
    return seed_mix(hall, ctx, clock)


def test_the_daily_figures_give_the_direct_figures(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, mix: dict[str, str]
) -> None:
    closed = Complaint.select().where(Complaint.state.not_in(dashboard.OPEN_STATE_VALUES)).count()
    assert closed >= 6
    # every closed complaint is in the daily figures once per breakdown (sub, tier, channel, staff)
    assert day_figures() == 4 * closed
    now = clock.now()
    assert_same_either_way(now)
    figures = dashboard.dashboard_figures(ctx, hall["manager"], YEAR)
    direct = rows(YEAR.start, YEAR.end, now, daily=False)
    total = figures.total
    assert [total.count, total.timeliness.on_time, total.timeliness.late] == direct[
        ("total", "", None)
    ][:3]
    assert total.timeliness.late >= 3  # second_late, overdue, sep_last_second, the 补录 one
    assert {b.key: b.count for b in figures.by_day if b.count} == {
        key: values[0] for (name, key, _), values in direct.items() if name == "day"
    }
    assert figures.by_day[0].key == "2026-03-01"
    # the same figures as a short range's (read from the rows) for the same days
    short = dashboard.dashboard_figures(ctx, hall["manager"], SHORT)
    for bar in short.by_day:
        assert next(b for b in figures.by_day if b.key == bar.key).tally == bar.tally


def test_the_daily_figures_follow_replies_callbacks_corrections_and_deletions(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, mix: dict[str, str]
) -> None:
    clerk, clerk2 = hall["clerk"], hall["clerk2"]
    before = day_figures()
    # a reply closes an open complaint: it enters the daily figures
    dec = mix["dec_evening"]
    lifecycle.verify(ctx, clerk, dec, verification="成立", responsibility="我方")
    lifecycle.reply_to_customer(ctx, clerk, dec, content="已处理", method="电话")
    assert day_figures() == before + 4
    assert_same_either_way(clock.now())
    # 不满意 reopens it (leaves the daily figures), a second reply answers it again
    lifecycle.call_back(ctx, clerk, dec, satisfaction="不满意", reason="仍无信号")
    assert day_figures() == before
    assert_same_either_way(clock.now())
    lifecycle.reply_to_customer(ctx, clerk, dec, content="已修复", method="电话")
    lifecycle.call_back(ctx, clerk, dec, satisfaction="基本满意")
    assert Complaint.get_by_id(dec).dissatisfied
    assert_same_either_way(clock.now())
    # a callback on the 补录 one; the earlier answered one archived
    lifecycle.call_back(ctx, clerk2, mix["nov_first_second"], satisfaction="满意")
    lifecycle.close(ctx, hall["manager"], mix["oct_midday"])
    assert_same_either_way(clock.now())
    # 2027's calendar corrects the estimated deadlines (issue 20)
    estimated = Complaint.get_by_id(mix["estimated_answered"]).reply_due
    publish(ctx, CALENDAR_2027)
    assert correct_estimated_deadlines(ctx)
    assert Complaint.get_by_id(mix["estimated_open"]).reply_due != estimated
    assert_same_either_way(clock.now())
    # a complaint moved to another day and class by any writer (SQL beside the services)
    Complaint.update(
        accepted_at=local(2026, 11, 30, 23, 59, 59), main_class="业务种类", sub_class="宽带业务"
    ).where(Complaint.id == mix["oct_last_second"]).execute()
    assert_same_either_way(clock.now())


def test_the_schema_step_builds_the_daily_figures_of_an_existing_store(
    hall: dict[str, StaffSession], clock: FixedClock, mix: dict[str, str], store: Path
) -> None:
    now = clock.now()
    expected = {start: rows(start, end, now, daily=False) for start, end in WINDOWS}
    built = database.execute_sql(
        "SELECT * FROM complaint_day_figure WHERE n > 0 ORDER BY 1, 2, 3, 4"
    ).fetchall()
    step = schema.MIGRATIONS.index(schema._day_figures)
    close_store()
    conn = sqlite3.connect(store)
    for trigger in ("insert", "update"):
        conn.execute(f"DROP TRIGGER complaint_day_figure_{trigger}")
    conn.execute("DROP TABLE complaint_day_figure")
    # the later steps run again after it
    for trigger in ("key", "text", "delete"):
        conn.execute(f"DROP TRIGGER complaint_owner_bigram_{trigger}")
    conn.execute("DROP TABLE complaint_owner_bigram")
    conn.execute(f"PRAGMA user_version = {step}")
    conn.commit()
    conn.close()
    open_store(store)
    rebuilt = database.execute_sql(
        "SELECT * FROM complaint_day_figure WHERE n > 0 ORDER BY 1, 2, 3, 4"
    ).fetchall()
    assert rebuilt == built
    for start, end in WINDOWS:
        assert rows(start, end, now, daily=True) == expected[start]


def test_the_open_ones_are_read_through_an_index(
    hall: dict[str, StaffSession], clock: FixedClock
) -> None:
    sql, params = dashboard.dashboard_sql(YEAR.start, YEAR.end, clock.now(), open_only=True)
    plan = [row[-1] for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert any(
        line.startswith("SEARCH c USING INDEX complaint_state_accepted (state=?") for line in plan
    ), plan
