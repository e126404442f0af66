"""Reporting periods (Asia/Shanghai days as UTC instants), 回复及时率 and the hot-spot rule."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from hall_desk.domain import reporting
from hall_desk.domain.errors import ValidationError
from hall_desk.domain.reporting import (
    HotSpotRule,
    PeriodKind,
    ReplyStatus,
    SatisfactionTally,
    Timeliness,
    baseline_windows,
    date_range,
    find_hot_spots,
    period_of,
    reply_status,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_today_runs_from_local_midnight_to_the_next() -> None:
    # 2026-11-22 10:00 Shanghai
    period = period_of(PeriodKind.TODAY, utc(2026, 11, 22, 2, 0))
    assert (period.first_day, period.last_day) == (date(2026, 11, 22), date(2026, 11, 22))
    assert period.start == utc(2026, 11, 21, 16, 0)
    assert period.end == utc(2026, 11, 22, 16, 0)


def test_the_local_day_changes_at_shanghai_midnight_not_utc_midnight() -> None:
    # 23:59:59 local on the 22nd is 15:59:59 UTC; one second later it is the 23rd in Shanghai.
    assert period_of(PeriodKind.TODAY, utc(2026, 11, 22, 15, 59, 59)).first_day == date(
        2026, 11, 22
    )
    assert period_of(PeriodKind.TODAY, utc(2026, 11, 22, 16, 0)).first_day == date(2026, 11, 23)
    # 00:30 UTC on the 23rd is 08:30 local the same day; 23:00 UTC on the 22nd is already the 23rd
    assert period_of(PeriodKind.TODAY, utc(2026, 11, 22, 23, 0)).first_day == date(2026, 11, 23)


def test_a_week_starts_on_monday() -> None:
    sunday = period_of(PeriodKind.WEEK, utc(2026, 11, 22, 2, 0))  # Sunday 22nd
    assert (sunday.first_day, sunday.last_day) == (date(2026, 11, 16), date(2026, 11, 22))
    monday = period_of(PeriodKind.WEEK, utc(2026, 11, 22, 16, 0))  # Monday 23rd, 00:00 local
    assert (monday.first_day, monday.last_day) == (date(2026, 11, 23), date(2026, 11, 29))
    assert monday.start == utc(2026, 11, 22, 16, 0)
    assert monday.day_count == 7


@pytest.mark.parametrize(
    ("now", "first", "last"),
    [
        (utc(2026, 11, 22, 2, 0), date(2026, 11, 1), date(2026, 11, 30)),
        (utc(2026, 12, 31, 15, 59, 59), date(2026, 12, 1), date(2026, 12, 31)),
        (utc(2026, 12, 31, 16, 0), date(2027, 1, 1), date(2027, 1, 31)),  # new year in Shanghai
        (utc(2028, 2, 10, 4, 0), date(2028, 2, 1), date(2028, 2, 29)),  # leap year
    ],
)
def test_a_month_is_the_local_calendar_month(now: datetime, first: date, last: date) -> None:
    period = period_of(PeriodKind.MONTH, now)
    assert (period.first_day, period.last_day) == (first, last)


def test_a_chosen_range_includes_both_ends() -> None:
    period = date_range(date(2026, 11, 20), date(2026, 11, 21))
    assert period.start == utc(2026, 11, 19, 16, 0)
    assert period.end == utc(2026, 11, 21, 16, 0)
    assert period.contains(utc(2026, 11, 21, 15, 59, 59))  # 23:59:59 local on the last day
    assert not period.contains(utc(2026, 11, 21, 16, 0))  # 00:00 the next day
    assert period.contains(utc(2026, 11, 19, 16, 0))
    assert not period.contains(utc(2026, 11, 19, 15, 59, 59))
    assert period.days() == [date(2026, 11, 20), date(2026, 11, 21)]
    assert date_range(date(2026, 11, 20), date(2026, 11, 20)).day_count == 1


def test_a_range_upside_down_or_too_long_is_refused() -> None:
    with pytest.raises(ValidationError) as upside_down:
        date_range(date(2026, 11, 21), date(2026, 11, 20))
    assert upside_down.value.code == "report.range_invalid"
    with pytest.raises(ValidationError) as too_long:
        date_range(date(2025, 1, 1), date(2026, 1, 2))
    assert too_long.value.code == "report.range_too_long"
    assert date_range(date(2025, 1, 1), date(2025, 12, 31)).day_count == 365


def test_previous_periods_step_by_kind() -> None:
    now = utc(2027, 1, 15, 4, 0)
    assert period_of(PeriodKind.MONTH, now).shifted_back(1).first_day == date(2026, 12, 1)
    assert period_of(PeriodKind.MONTH, now).shifted_back(13).last_day == date(2025, 12, 31)
    assert period_of(PeriodKind.WEEK, now).shifted_back(2).first_day == date(2026, 12, 28)
    assert period_of(PeriodKind.TODAY, now).shifted_back(15).first_day == date(2026, 12, 31)
    chosen = date_range(date(2027, 1, 5), date(2027, 1, 7))
    back = chosen.shifted_back(1)
    assert (back.first_day, back.last_day, back.kind) == (
        date(2027, 1, 2),
        date(2027, 1, 4),
        PeriodKind.RANGE,
    )


# ---------------------------------------------------------------------------- 回复及时率

DUE = utc(2026, 11, 22, 2, 0)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("replied", "is_open", "now", "expected"),
    [
        (DUE, False, DUE + timedelta(days=3), ReplyStatus.ON_TIME),  # exactly at the deadline
        (DUE + SECOND, False, DUE + timedelta(days=3), ReplyStatus.LATE),  # one second after
        (DUE - timedelta(hours=5), False, DUE + SECOND, ReplyStatus.ON_TIME),
        (None, True, DUE, ReplyStatus.PENDING),  # open, now exactly at the deadline: not late yet
        (None, True, DUE + timedelta(microseconds=1), ReplyStatus.LATE),  # open past it
        (None, True, DUE - timedelta(hours=1), ReplyStatus.PENDING),
        # answered in time, reopened by a 不满意 callback: late once open past the deadline
        (DUE - SECOND, True, DUE - SECOND, ReplyStatus.ON_TIME),
        (DUE - SECOND, True, DUE + SECOND, ReplyStatus.LATE),
        (None, False, DUE + SECOND, None),  # closed without an answer: nowhere
    ],
)
def test_reply_status(
    replied: datetime | None, is_open: bool, now: datetime, expected: ReplyStatus | None
) -> None:
    assert reply_status(DUE, replied, is_open, now) is expected


def test_the_rate_leaves_pending_complaints_out() -> None:
    tally = Timeliness(on_time=19, late=1, pending=30)
    assert tally.decided == 20
    assert tally.rate == pytest.approx(0.95)
    assert tally.meets(0.95) is True
    assert Timeliness(on_time=18, late=1).meets(0.95) is False  # 94.7 %
    assert Timeliness(pending=4).rate is None
    assert Timeliness(pending=4).meets(0.95) is None
    assert Timeliness(1, 2, 3) + Timeliness(10, 20, 30) == Timeliness(11, 22, 33)


def test_satisfaction_rate_counts_fairly_satisfied_as_satisfied() -> None:
    tally = SatisfactionTally(satisfied=7, fairly_satisfied=2, dissatisfied=1)
    assert tally.called_back == 10
    assert tally.rate == pytest.approx(0.9)
    assert SatisfactionTally().rate is None


# ------------------------------------------------------------------------------ hot spots


def test_baseline_windows_of_a_month_under_way_cover_the_same_part_of_each_month() -> None:
    now = utc(2026, 11, 10, 7, 0)  # 10th, 15:00 local
    period = period_of(PeriodKind.MONTH, now)
    windows = baseline_windows(period, now, 3)
    local = reporting.local_midnight
    elapsed = now - period.start
    assert windows == [
        (local(date(2026, 10, 1)), local(date(2026, 10, 1)) + elapsed),
        (local(date(2026, 9, 1)), local(date(2026, 9, 1)) + elapsed),
        (local(date(2026, 8, 1)), local(date(2026, 8, 1)) + elapsed),
    ]


def test_baseline_windows_of_a_whole_period_never_overlap_the_next() -> None:
    # A month seen after its end: the whole 31 days of October against September (30 days)
    # and August (31): September's window stops where October starts.
    period = reporting.month(date(2026, 10, 1))
    windows = baseline_windows(period, utc(2026, 12, 1), 2)
    local = reporting.local_midnight
    assert windows == [
        (local(date(2026, 9, 1)), local(date(2026, 10, 1))),
        (local(date(2026, 8, 1)), local(date(2026, 9, 1))),
    ]
    future = reporting.today(date(2027, 1, 1))
    assert baseline_windows(future, utc(2026, 12, 1), 6) == []


@pytest.mark.parametrize(
    ("mean", "threshold"),
    [
        (0.0, 5.0),  # never seen: 5 make a hot spot
        (1.0, 5.0),  # 1 + 3 = 4 < 5
        (4.0, 10.0),  # 4 + 3 × 2
        (10.0, 10.0 + 3 * math.sqrt(10)),  # chance variation dominates small counts
        (100.0, 150.0),  # the ratio dominates large ones
    ],
)
def test_hot_spot_threshold(mean: float, threshold: float) -> None:
    assert HotSpotRule().threshold(mean) == pytest.approx(threshold)


def test_find_hot_spots_flags_well_above_usual_only() -> None:
    current = {
        ("网络质量", None): 60,
        ("网络质量", "信号覆盖"): 40,  # usual 10: hot
        ("网络质量", "网络故障"): 20,  # usual 17: normal variation
        ("电信资费", None): 100,  # usual 90
        ("电信资费", "代收信息费"): 4,  # usual 0 but only four
        ("业务种类", "携号转网"): 6,  # never seen before: six is enough
    }
    baseline = {
        ("网络质量", None): 6 * 27,
        ("网络质量", "信号覆盖"): 60,
        ("网络质量", "网络故障"): 6 * 17,
        ("电信资费", None): 6 * 90,
    }
    spots = find_hot_spots(current, baseline, 6)
    assert [(s.main_class, s.sub_class) for s in spots] == [
        ("网络质量", None),  # 60 vs 27: +33
        ("网络质量", "信号覆盖"),  # 40 vs 10: +30
        ("业务种类", "携号转网"),  # 6 vs 0
    ]
    assert spots[1].mean == pytest.approx(10.0)
    assert spots[1].ratio == pytest.approx(4.0)
    assert spots[2].ratio is None
    assert find_hot_spots(current, baseline, 0) == []
