"""Working days with 调休 (4 / 7 working-day limits), the estimated flag beyond the calendar's data,
quiet hours, and the overdue / due-soon boundaries."""

from datetime import UTC, date, datetime, timedelta

import pytest

from hall_desk.domain.clock import SHANGHAI
from hall_desk.domain.deadlines import (
    DUE_SOON,
    Coordination,
    Urgency,
    in_quiet_hours,
    reply_deadline,
    urgency_of,
    working_day_deadline,
)
from hall_desk.domain.policy import DEFAULT_POLICY, NetworkUrgency, Tier
from hall_desk.domain.workdays import CHINESE_CALENDAR, add_working_days, is_working_day


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_the_calendar_knows_holidays_and_make_up_saturdays() -> None:
    assert is_working_day(date(2025, 10, 1)) == (False, False)  # 国庆节
    assert is_working_day(date(2025, 10, 11)) == (True, False)  # a Saturday worked (调休)
    assert is_working_day(date(2026, 2, 14)) == (True, False)  # Saturday before 春节
    assert is_working_day(date(2026, 2, 17)) == (False, False)  # 春节 (a Tuesday)


def test_across_national_day_with_its_make_up_saturday() -> None:
    # Accepted Tue 2025-09-30 10:00; 10-01..10-08 off; Sat 10-11 worked.
    accepted = local(2025, 9, 30, 10, 0)
    four = add_working_days(accepted, 4)
    assert four.due == local(2025, 10, 13, 10, 0)  # 10-09, 10-10, 10-11 (Sat), 10-13
    assert not four.estimated
    seven = add_working_days(accepted, 7)
    assert seven.due == local(2025, 10, 16, 10, 0)


def test_across_spring_festival_with_make_up_saturdays() -> None:
    # Accepted Fri 2026-02-13 15:00; Sat 02-14 worked; 02-15..02-23 off; Sat 02-28 worked.
    accepted = local(2026, 2, 13, 15, 0)
    due = working_day_deadline(accepted, Coordination.OTHER_PROVINCE, DEFAULT_POLICY)
    assert due.reply_due == local(2026, 2, 26, 15, 0)  # 02-14, 02-24, 02-25, 02-26
    assert due.basis == "other_province" and not due.estimated
    due = working_day_deadline(accepted, Coordination.OTHER_COMPANY, DEFAULT_POLICY)
    assert due.reply_due == local(2026, 3, 2, 15, 0)  # … 02-27, 02-28 (Sat), 03-02
    assert due.basis == "other_company"


def test_the_day_of_acceptance_never_counts() -> None:
    # A working Monday morning: the first working day is Tuesday.
    assert add_working_days(local(2026, 11, 23, 8, 30), 1).due == local(2026, 11, 24, 8, 30)
    # Accepted on a Sunday: Monday is the first.
    assert add_working_days(local(2026, 11, 22, 10, 0), 1).due == local(2026, 11, 23, 10, 0)


def test_beyond_the_calendars_data_monday_to_friday_count_and_the_deadline_is_estimated() -> None:
    last = CHINESE_CALENDAR.last_known_year()
    assert is_working_day(date(last + 1, 1, 4)) == (True, True)  # a Monday, guessed
    assert is_working_day(date(last + 1, 1, 9)) == (False, True)  # a Saturday, guessed
    # Mon 2026-12-28 + 4: 12-29, 12-30, 12-31, then 2027-01-01 (a Friday: counted, but a guess).
    due = reply_deadline(
        local(2026, 12, 28, 10, 0), Tier.ORDINARY, NetworkUrgency.NORMAL, DEFAULT_POLICY,
        coordination=Coordination.OTHER_PROVINCE,
    )  # fmt: skip
    assert due.reply_due == local(2027, 1, 1, 10, 0)
    assert due.estimated
    # Within the data: not estimated.
    assert not add_working_days(local(2026, 12, 24, 10, 0), 4).estimated


def test_a_calendar_can_be_injected() -> None:
    class EveryDayOff:
        def is_working_day(self, day: date) -> bool | None:
            return None if day.year > 2026 else False

    result = add_working_days(local(2026, 12, 30, 9, 0), 1, EveryDayOff())
    assert result.due == local(2027, 1, 1, 9, 0) and result.estimated


@pytest.mark.parametrize(
    ("hour", "minute", "quiet"), [(21, 59, False), (22, 0, True), (7, 59, True), (8, 0, False)]
)
def test_quiet_hours_boundaries(hour: int, minute: int, quiet: bool) -> None:
    assert in_quiet_hours(local(2026, 11, 23, hour, minute), DEFAULT_POLICY) is quiet


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [
        # Same clock time on the 4th working day, unless that falls in 22:00–08:00.
        (local(2026, 11, 23, 21, 59), local(2026, 11, 27, 21, 59)),
        (local(2026, 11, 23, 22, 0), local(2026, 11, 28, 8, 0)),  # → 08:00 next morning
        (local(2026, 11, 23, 7, 59), local(2026, 11, 27, 8, 0)),  # → 08:00 that morning
        (local(2026, 11, 23, 8, 0), local(2026, 11, 27, 8, 0)),
    ],
)
def test_working_day_deadline_moves_out_of_quiet_hours(
    accepted: datetime, expected: datetime
) -> None:
    due = working_day_deadline(accepted, Coordination.OTHER_PROVINCE, DEFAULT_POLICY)
    assert due.reply_due == expected
    assert due.moved_out_of_quiet_hours is (expected.time() != accepted.time())


def test_hours_deadlines_are_unchanged_without_coordination() -> None:
    due = reply_deadline(local(2026, 11, 23, 10, 0), Tier.VIP, None, DEFAULT_POLICY)
    assert due.reply_due == local(2026, 11, 23, 18, 0)
    assert not due.estimated


def test_working_day_deadline_is_returned_in_the_callers_timezone() -> None:
    accepted = local(2026, 11, 23, 10, 0).astimezone(UTC)
    due = working_day_deadline(accepted, Coordination.OTHER_PROVINCE, DEFAULT_POLICY)
    assert due.reply_due.tzinfo == UTC
    assert due.reply_due == local(2026, 11, 27, 10, 0)


@pytest.mark.parametrize(
    ("offset", "urgency"),
    [
        (-(DUE_SOON + timedelta(microseconds=1)), Urgency.LATER),
        (-DUE_SOON, Urgency.DUE_SOON),  # exactly 2 hours before: due soon
        (-timedelta(microseconds=1), Urgency.DUE_SOON),
        (timedelta(0), Urgency.DUE_SOON),  # at the deadline: not overdue yet
        (timedelta(microseconds=1), Urgency.OVERDUE),
        (timedelta(days=3), Urgency.OVERDUE),
    ],
)
def test_overdue_and_due_soon_boundaries(offset: timedelta, urgency: Urgency) -> None:
    due = local(2026, 11, 23, 18, 0)
    assert urgency_of(due, due + offset) is urgency


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(datetime(2026, 11, 23, 10, 0), 4)
    with pytest.raises(ValueError):
        add_working_days(local(2026, 11, 23, 10, 0), 0)
