"""Chinese working days (工作日) for the 4- and 7-working-day limits of DOMAIN.md "Deadlines".

"N working days" means the same clock time (Asia/Shanghai) on the Nth working day after the day of
acceptance, counting the public holidays and the make-up working days (调休, e.g. a Saturday worked
before National Day) that the State Council publishes each year. The calendar comes from the
``chinese-calendar`` package (pure Python, data kept up to date with each year's notice); for a day
beyond its data (the notice for the next year comes out in November or December) Monday to Friday
count as working days and the result is marked **estimated** (估), so the UI can say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

import chinese_calendar

from hall_desk.domain.clock import SHANGHAI


class WorkingCalendar(Protocol):
    def is_working_day(self, day: dt.date) -> bool | None:
        """True/False from published data; None when the day is beyond the calendar's data."""
        ...


class ChineseCalendar:
    """The mainland calendar of ``chinese-calendar``: holidays and 调休 make-up working days."""

    def is_working_day(self, day: dt.date) -> bool | None:
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:  # "no available data for year …"
            return None

    @staticmethod
    def last_known_year() -> int:
        return int(max(day.year for day in chinese_calendar.holidays))


CHINESE_CALENDAR = ChineseCalendar()


def is_working_day(day: dt.date, calendar: WorkingCalendar = CHINESE_CALENDAR) -> tuple[bool, bool]:
    """(working day?, estimated?): beyond the calendar's data Monday–Friday count, estimated."""
    known = calendar.is_working_day(day)
    if known is None:
        return day.weekday() < 5, True
    return known, False


@dataclass(frozen=True)
class WorkingDayDeadline:
    due: dt.datetime  # UTC
    estimated: bool  # some day counted lies beyond the calendar's data (shown as 估)


def add_working_days(
    start: dt.datetime, days: int, calendar: WorkingCalendar = CHINESE_CALENDAR
) -> WorkingDayDeadline:
    """The same local clock time on the ``days``-th working day after ``start``'s local day.

    The day of acceptance itself never counts (even when it is a working day), whatever its hour.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if days < 1:
        raise ValueError("days must be at least 1")
    local = start.astimezone(SHANGHAI)
    day = local.date()
    counted = 0
    estimated = False
    while counted < days:
        day += dt.timedelta(days=1)
        working, guessed = is_working_day(day, calendar)
        estimated = estimated or guessed
        if working:
            counted += 1
    due_local = dt.datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=SHANGHAI)
    return WorkingDayDeadline(due_local.astimezone(dt.UTC), estimated)


# -- issue 20: next year's holidays, published by head office ------------------------------------
#
# The State Council publishes next year's holidays in November or December, often before the
# package's data is updated and before halls upgrade. Head office publishes them in the policy
# document's ``calendar`` section (:func:`hall_desk.domain.policy_document.parse_calendar`); desks
# use it before the package's data (:class:`LayeredCalendar`).


@dataclass(frozen=True)
class PublishedCalendar:
    """The years head office published: their holidays and make-up working days (调休); any other
    day of those years is a working day when Monday to Friday."""

    years: frozenset[int]
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def is_working_day(self, day: dt.date) -> bool | None:
        if day.year not in self.years:
            return None
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        return day.weekday() < 5

    def merged(self, older: PublishedCalendar) -> PublishedCalendar:
        """This calendar, with the years only ``older`` has (a year's newest publication wins)."""
        kept = older.years - self.years
        return PublishedCalendar(
            self.years | kept,
            self.holidays | {d for d in older.holidays if d.year in kept},
            self.workdays | {d for d in older.workdays if d.year in kept},
        )


EMPTY_CALENDAR = PublishedCalendar(frozenset(), frozenset(), frozenset())


@dataclass(frozen=True)
class LayeredCalendar:
    """The published calendar first, then the package's data (then 估: Monday to Friday)."""

    published: PublishedCalendar
    fallback: WorkingCalendar = CHINESE_CALENDAR

    def is_working_day(self, day: dt.date) -> bool | None:
        known = self.published.is_working_day(day)
        return known if known is not None else self.fallback.is_working_day(day)
