"""The store manager's figures (DOMAIN.md "Reporting and improvement" and "Deadlines"): the periods
a dashboard shows, 回复及时率 and the hot-spot rule. Pure: "now" and "today" are passed in.

Periods are local days in Asia/Shanghai, turned into UTC instants ``[start, end)`` for the stored
UTC text (``accepted_at >= start AND accepted_at < end``):

- 今天: the local day; 本周: Monday to Sunday; 本月: the calendar month; 自定义: two local days, both
  inclusive (at most :data:`MAX_RANGE_DAYS`). A complaint belongs to the period it was *accepted*
  in (23:59:59 local on the last day is in, 00:00 the next day is not).

回复及时率 (the share answered within the deadline; target 95 %, ``Policy.reply_on_time_target``),
over the complaints accepted in the period:

- on time: answered (``replied_at``) at or before ``reply_due`` — exactly at the deadline counts;
- late: answered after the deadline, or open past it ("an overdue complaint stays counted as
  overdue": it does not wait for its late answer to count against the hall). That includes one
  answered in time, reopened by a 不满意 callback and still open past its deadline: 我的跟进 shows it
  overdue, so it counts late here too;
- pending: still open, never answered, and not yet due: not in the denominator (it may still be
  answered in time).

The rate is on time ÷ (on time + late), ``None`` while nothing is decided. The same "late" is the
complaint list's 超时 filter (open past the deadline, or answered after it), so a click on the late
figure lists exactly those.

Hot spots ("what are customers complaining about more than usual"): a class or sub-class whose
count this period stands well above its own recent level. The level is the mean count over the
:attr:`HotSpotRule.baseline_periods` previous periods of the same kind, each cut to the part of
the period that has passed (本月 on the 10th at 15:00 is compared with the 1st–10th 15:00 of the
previous months), so a period under way is compared like with like. Flagged when the count
reaches ``max(min_count, ratio × mean, mean + z × √mean)``: well above the mean (ratio) and beyond
chance variation of a Poisson count (z standard deviations), and never for a handful
(min_count).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from hall_desk.domain.clock import SHANGHAI
from hall_desk.domain.errors import ValidationError

MAX_RANGE_DAYS = 366


class PeriodKind(StrEnum):
    TODAY = "today"  # 今天
    WEEK = "week"  # 本周 (Monday first)
    MONTH = "month"  # 本月
    RANGE = "range"  # 自定义 (two local days, inclusive)


def local_day(at: datetime) -> date:
    """The Asia/Shanghai calendar day of an aware instant."""
    if at.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return at.astimezone(SHANGHAI).date()


def local_midnight(day: date) -> datetime:
    """00:00 Asia/Shanghai of ``day`` as an aware instant (UTC: 16:00 the day before)."""
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


def _months_back(day: date, months: int) -> date:
    """The first day of the month ``months`` before ``day``'s month."""
    index = day.year * 12 + (day.month - 1) - months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Local days ``first_day`` … ``last_day`` (both inclusive) of one kind."""

    kind: PeriodKind
    first_day: date
    last_day: date

    @property
    def start(self) -> datetime:
        """The first instant in the period (local midnight of the first day)."""
        return local_midnight(self.first_day)

    @property
    def end(self) -> datetime:
        """The first instant after the period (local midnight after the last day): exclusive."""
        return local_midnight(self.last_day + timedelta(days=1))

    @property
    def day_count(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=n) for n in range(self.day_count)]

    def contains(self, at: datetime) -> bool:
        return self.start <= at < self.end

    def shifted_back(self, periods: int) -> Period:
        """The period ``periods`` before this one, of the same kind: days, weeks or calendar
        months back; a chosen range steps back by its own length."""
        if periods < 0:
            raise ValueError("periods must not be negative")
        if self.kind is PeriodKind.MONTH:
            first = _months_back(self.first_day, periods)
            return month(first)
        step = {PeriodKind.TODAY: 1, PeriodKind.WEEK: 7}.get(self.kind, self.day_count)
        shift = timedelta(days=step * periods)
        return Period(self.kind, self.first_day - shift, self.last_day - shift)


def today(day: date) -> Period:
    return Period(PeriodKind.TODAY, day, day)


def week(day: date) -> Period:
    """The Monday-to-Sunday week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return Period(PeriodKind.WEEK, monday, monday + timedelta(days=6))


def month(day: date) -> Period:
    """The calendar month holding ``day``."""
    first = day.replace(day=1)
    following = _months_back(first, -1)
    return Period(PeriodKind.MONTH, first, following - timedelta(days=1))


def date_range(first_day: date, last_day: date) -> Period:
    """A chosen range, both days inclusive; refused when upside down or over a year long."""
    if first_day > last_day:
        raise ValidationError("report.range_invalid", "last_day")
    if (last_day - first_day).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError("report.range_too_long", "last_day", max=MAX_RANGE_DAYS)
    return Period(PeriodKind.RANGE, first_day, last_day)


def period_of(kind: PeriodKind, now: datetime) -> Period:
    """今天 / 本周 / 本月 as of ``now`` (a chosen range: :func:`date_range`)."""
    day = local_day(now)
    if kind is PeriodKind.TODAY:
        return today(day)
    if kind is PeriodKind.WEEK:
        return week(day)
    if kind is PeriodKind.MONTH:
        return month(day)
    raise ValueError("a chosen range needs its days: use date_range")


# --------------------------------------------------------------------------------- 回复及时率


class ReplyStatus(StrEnum):
    ON_TIME = "on_time"  # answered at or before the deadline
    LATE = "late"  # answered after it, or open past it
    PENDING = "pending"  # open, not yet due: outside the denominator


def reply_status(
    reply_due: datetime, replied_at: datetime | None, is_open: bool, now: datetime
) -> ReplyStatus | None:
    """How one complaint counts for 回复及时率 (see the module docstring). ``None``: a closed
    complaint without a recorded answer (cannot happen through the app) counts nowhere.
    Open and ``now`` exactly at the deadline is still pending, as in 我的跟进."""
    if replied_at is not None and replied_at > reply_due:
        return ReplyStatus.LATE
    if is_open and now > reply_due:
        return ReplyStatus.LATE
    if replied_at is not None:
        return ReplyStatus.ON_TIME
    return ReplyStatus.PENDING if is_open else None


@dataclass(frozen=True)
class Timeliness:
    on_time: int = 0
    late: int = 0
    pending: int = 0

    @property
    def decided(self) -> int:
        """The denominator of 回复及时率."""
        return self.on_time + self.late

    @property
    def rate(self) -> float | None:
        """回复及时率 in 0…1, ``None`` while nothing is decided."""
        return self.on_time / self.decided if self.decided else None

    def meets(self, target: float) -> bool | None:
        rate = self.rate
        return None if rate is None else rate >= target

    def __add__(self, other: Timeliness) -> Timeliness:
        return Timeliness(
            self.on_time + other.on_time, self.late + other.late, self.pending + other.pending
        )


@dataclass(frozen=True)
class SatisfactionTally:
    """Callback results (the last callback of each complaint): 满意 / 基本满意 / 不满意."""

    satisfied: int = 0
    fairly_satisfied: int = 0
    dissatisfied: int = 0
    ever_dissatisfied: int = 0  # a callback said 不满意 at some point (reopened; flag stays)

    @property
    def called_back(self) -> int:
        return self.satisfied + self.fairly_satisfied + self.dissatisfied

    @property
    def rate(self) -> float | None:
        """满意度: (满意 + 基本满意) ÷ called back; ``None`` before any callback."""
        called = self.called_back
        return (self.satisfied + self.fairly_satisfied) / called if called else None


def format_rate(rate: float | None, digits: int = 1) -> str:
    """A share as a percentage (``0.9523`` → ``95.2%``); ``—`` when there is none."""
    return "—" if rate is None else f"{rate * 100:.{digits}f}%"


# ------------------------------------------------------------------------------------ hot spots


def baseline_windows(period: Period, now: datetime, count: int) -> list[tuple[datetime, datetime]]:
    """The ``count`` windows the period is compared with: each previous period of the same kind
    from its start for as long as this period has run (to ``now``, at most its whole length),
    never reaching into the period after it. Nearest first. Empty before the period starts."""
    elapsed = min(period.end, now) - period.start
    if elapsed <= timedelta(0):
        return []
    windows = []
    later_start = period.start
    for back in range(1, count + 1):
        start = period.shifted_back(back).start
        windows.append((start, min(start + elapsed, later_start)))
        later_start = start
    return windows


@dataclass(frozen=True)
class HotSpotRule:
    """The hot-spot numbers (module defaults; see the module docstring)."""

    baseline_periods: int = 6
    min_count: int = 5
    ratio: float = 1.5
    z: float = 3.0

    def threshold(self, mean: float) -> float:
        return max(float(self.min_count), self.ratio * mean, mean + self.z * math.sqrt(mean))

    def is_hot(self, count: int, mean: float) -> bool:
        return count >= self.threshold(mean)


DEFAULT_HOT_SPOT_RULE = HotSpotRule()

ClassKey = tuple[str, str | None]
"""(class, sub-class); sub-class ``None``: the whole class."""


@dataclass(frozen=True)
class HotSpot:
    main_class: str
    sub_class: str | None  # None: the class as a whole
    count: int  # this period
    mean: float  # the usual level: mean over the baseline windows
    threshold: float

    @property
    def ratio(self) -> float | None:
        """count ÷ mean (``None`` when the class was never seen before)."""
        return self.count / self.mean if self.mean else None


def find_hot_spots(
    current: Mapping[ClassKey, int],
    baseline_totals: Mapping[ClassKey, int],
    windows: int,
    rule: HotSpotRule = DEFAULT_HOT_SPOT_RULE,
) -> list[HotSpot]:
    """The keys of ``current`` that are hot given their totals over ``windows`` baseline windows
    (no window: no comparison, nothing is hot). Most above their level first (count − mean), then
    by name; a class before its sub-classes when equal."""
    if windows <= 0:
        return []
    spots = []
    for key, count in current.items():
        mean = baseline_totals.get(key, 0) / windows
        if rule.is_hot(count, mean):
            spots.append(HotSpot(key[0], key[1], count, mean, rule.threshold(mean)))
    spots.sort(key=lambda s: (-(s.count - s.mean), s.main_class, s.sub_class or ""))
    return spots
