"""The store manager's dashboard (issue 8): the hall's complaints of a period by class, sub-class,
tier, channel, first responder and day; 回复及时率 against the target; open / overdue / due-soon,
repeat, escalated and mass-incident counts; callback satisfaction; and the hot spots.

Hall-wide (every desk's records this desk holds: its own and those pulled from head office), for
shift leaders and store managers only (``Permission.SEE_HALL_COMPLAINTS``); a clerk is refused.
What counts where is :mod:`hall_desk.domain.reporting`'s: a complaint belongs to the period it was
accepted in; on time / late / pending as defined there, "late" being the complaint list's 超时
filter (:data:`hall_desk.services.search.LATE_SQL`).

The figures are one statement (:func:`dashboard_sql`): the complaints accepted in the period, a
range of the ``complaint_accepted`` index, materialised once with their 0/1 flags (on time, late,
open …), then summed per breakdown (``GROUP BY``), so each row is read once whatever the number of
breakdowns. A period longer than a month (up to a year) reads the daily figures instead
(``complaint_day_figure``, kept by triggers; issue 22): the closed complaints' sums per day, whose
figures no longer depend on now, plus the period's open complaints counted from their rows as
above (:func:`period_rows`; the same numbers either way). The current open / overdue / due-soon counts are 我的跟进's hall counts (:func:`hall_desk.services.followup.follow_up_counts`), as of now
whatever the period. A bar's complaints are a :class:`ComplaintSearch` (:func:`matching`), so the
complaint list shows exactly what the bar counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.complaints import OPEN_STATES, ComplaintState
from hall_desk.domain.lifecycle import Satisfaction
from hall_desk.domain.policy import Tier
from hall_desk.domain.reporting import (
    DEFAULT_HOT_SPOT_RULE,
    ClassKey,
    HotSpot,
    HotSpotRule,
    Period,
    SatisfactionTally,
    Timeliness,
    baseline_windows,
    find_hot_spots,
    local_day,
    local_midnight,
)
from hall_desk.domain.staff import Permission, require
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.followup import FollowUpCounts, Scope, follow_up_counts
from hall_desk.services.refund_loop import RefundFigures, refund_figures
from hall_desk.services.search import LATE_SQL, ComplaintSearch
from hall_desk.storage.db import database
from hall_desk.storage.search_index import OPEN_STATES_SQL

# The local day of a stored instant: Asia/Shanghai has kept UTC+8 all year since 1991. The
# fraction is cut first: SQLite rounds it to milliseconds (…59.9999995 would become the next day).
LOCAL_DAY_SQL = "date(substr(c.accepted_at, 1, 19), '+8 hours')"
_OPEN = f"c.state IN {OPEN_STATES_SQL}"
OPEN_STATE_VALUES = tuple(s.value for s in ComplaintState if s in OPEN_STATES)


@dataclass(frozen=True)
class Tally:
    """The figures of one group of complaints (a bar, a day, the whole period)."""

    count: int = 0
    timeliness: Timeliness = field(default_factory=Timeliness)
    open: int = 0  # not closed yet (已受理 / 核实中 / 已转派 / 处理中)
    overdue: int = 0  # open past the deadline, now
    repeat: int = 0  # 重复投诉
    escalated: int = 0  # 升级投诉
    incident: int = 0  # part of a 重大批量投诉
    satisfaction: SatisfactionTally = field(default_factory=SatisfactionTally)


def _flags(now: str) -> list[tuple[str, list[object]]]:
    """Per complaint, the 0/1 flags a :class:`Tally` sums, with their parameters (``now``)."""
    return [
        ("1", []),
        # issue 20: the answer counts by reply_counted_at (a 补录 reply: the time it was recorded)
        (f"c.reply_counted_at IS NOT NULL AND c.reply_counted_at <= c.reply_due"
         f" AND NOT ({_OPEN} AND c.reply_due < ?)", [now]),
        (LATE_SQL, [now]),
        (f"{_OPEN} AND c.reply_counted_at IS NULL AND c.reply_due >= ?", [now]),
        (_OPEN, []),
        (f"{_OPEN} AND c.reply_due < ?", [now]),
        ("c.repeat", []),
        ("c.escalated", []),
        ("c.incident_id IS NOT NULL", []),
        *((f"c.satisfaction = '{s.value}'", []) for s in Satisfaction),
        ("c.dissatisfied", []),
    ]  # fmt: skip


def _tally(values: Sequence[object]) -> Tally:
    n = [int(v or 0) for v in values]  # type: ignore[call-overload]
    satisfaction = dict(zip(Satisfaction, n[9:12], strict=True))
    return Tally(
        count=n[0], timeliness=Timeliness(on_time=n[1], late=n[2], pending=n[3]), open=n[4],
        overdue=n[5], repeat=n[6], escalated=n[7], incident=n[8],
        satisfaction=SatisfactionTally(
            satisfied=satisfaction[Satisfaction.SATISFIED],
            fairly_satisfied=satisfaction[Satisfaction.FAIRLY_SATISFIED],
            dissatisfied=satisfaction[Satisfaction.DISSATISFIED],
            ever_dissatisfied=n[12],
        ),
    )  # fmt: skip


# The breakdowns: (name, key columns of the period's rows ``p``). Every one is a GROUP BY over
# the same materialised rows, so each complaint is read and its flags worked out once.
BREAKDOWNS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("class", ("main_class", "''")),
    ("sub", ("main_class", "sub_class")),
    ("tier", ("tier", "''")),
    ("channel", ("channel", "''")),
    ("staff", ("staff_no", "max(staff_name)")),
    ("day", ("day", "''")),
    ("total", ("''", "''")),
)


def dashboard_sql(
    start: datetime, end: datetime, now: datetime, *, open_only: bool = False
) -> tuple[str, list[object]]:
    """The one statement of the figures (for the query-plan test and the benchmark): the
    complaints accepted in ``[start, end)`` with their flags, materialised once (a range of
    ``complaint_accepted``), then summed per breakdown: rows of (breakdown, key, second key or
    name, the tally's sums). ``open_only``: only the open ones (``complaint_open_accepted``)."""
    flags = _flags(utc_iso(now))
    columns = ", ".join(f"{expr} AS f{n}" for n, (expr, _) in enumerate(flags))
    sums = ", ".join(f"sum(f{n})" for n in range(len(flags)))
    selects = []
    for name, (key, second) in BREAKDOWNS:
        grouped = [k for k in (key, second) if k != "''" and not k.startswith("max(")]
        selects.append(
            f"SELECT '{name}', {key}, {second}, {sums} FROM p"
            + (f" GROUP BY {', '.join(grouped)}" if grouped else "")
        )
    sql = (
        "WITH p AS MATERIALIZED (SELECT c.main_class AS main_class, c.sub_class AS sub_class,"
        " c.tier AS tier, c.channel AS channel, c.first_responder_no AS staff_no,"
        f" c.first_responder_name AS staff_name, {LOCAL_DAY_SQL} AS day, {columns}"
        " FROM complaint AS c WHERE c.accepted_at >= ? AND c.accepted_at < ?"
        + (f" AND {_OPEN}) " if open_only else ") ")
        + " UNION ALL ".join(selects)
    )
    return sql, [*(p for _, ps in flags for p in ps), utc_iso(start), utc_iso(end)]


# A period of more than this many whole days reads the daily figures (a month or less: its rows).
DAILY_FIGURES_FROM_DAYS = 32

# The daily figures' columns in the order of the flags (:func:`_flags`): pending, open and
# overdue are 0 for a closed complaint.
_DAY_SUMS = (
    "sum(n), sum(on_time), sum(late), 0, 0, 0, sum(repeat), sum(escalated), sum(incident),"
    " sum(satisfied), sum(fairly_satisfied), sum(dissatisfied), sum(ever_dissatisfied)"
)
# (name, breakdown read, key, second, GROUP BY): classes, days and the total from the sub-classes
_DAY_BREAKDOWNS: tuple[tuple[str, str, str, str, str], ...] = (
    ("class", "sub", "key", "''", "key"),
    ("sub", "sub", "key", "second", "key, second"),
    ("tier", "tier", "key", "''", "key"),
    ("channel", "channel", "key", "''", "key"),
    ("staff", "staff", "key", "max(second)", "key"),
    ("day", "sub", "day", "''", "day"),
    ("total", "sub", "''", "''", ""),
)


def daily_sql(first_day: date, last_day: date) -> tuple[str, list[object]]:
    """The figures of the closed complaints accepted on local days ``first_day`` … ``last_day``
    from ``complaint_day_figure``, in :func:`dashboard_sql`'s row shape."""
    selects = [
        f"SELECT '{name}', {key}, {second}, {_DAY_SUMS} FROM f WHERE breakdown = '{read}'"
        + (f" GROUP BY {group}" if group else "")
        for name, read, key, second, group in _DAY_BREAKDOWNS
    ]
    sql = (
        "WITH f AS MATERIALIZED (SELECT * FROM complaint_day_figure"
        " WHERE day >= ? AND day <= ? AND n > 0) " + " UNION ALL ".join(selects)
    )
    return sql, [first_day.isoformat(), last_day.isoformat()]


def _whole_days(start: datetime, end: datetime) -> tuple[date, date] | None:
    """The first and last whole local days inside ``[start, end)`` when there are more than
    :data:`DAILY_FIGURES_FROM_DAYS` of them (then the daily figures are worth reading)."""
    first = local_day(start)
    if local_midnight(first) < start:
        first += timedelta(days=1)
    last = local_day(end) - timedelta(days=1)
    if (last - first).days + 1 <= DAILY_FIGURES_FROM_DAYS:
        return None
    return first, last


Row = tuple[str, object, object, list[int]]


def period_rows(start: datetime, end: datetime, now: datetime, *, daily: bool) -> list[Row]:
    """The figures of the complaints accepted in ``[start, end)`` as (breakdown, key, second,
    sums): from their rows, or with ``daily`` from the daily figures of the whole days (closed
    ones) plus the rows of the open ones and of any part day at either end — the same sums."""
    whole = _whole_days(start, end) if daily else None
    if whole is None:
        parts = [dashboard_sql(start, end, now)]
    else:
        first, last = whole
        inner_start, inner_end = local_midnight(first), local_midnight(last + timedelta(days=1))
        parts = [daily_sql(first, last), dashboard_sql(inner_start, inner_end, now, open_only=True)]
        if start < inner_start:
            parts.append(dashboard_sql(start, inner_start, now))
        if inner_end < end:
            parts.append(dashboard_sql(inner_end, end, now))
    sums: dict[tuple[str, object, object], list[int]] = {}
    names: dict[object, str] = {}
    for sql, params in parts:
        for name, key, second, *values in database.execute_sql(sql, params):
            numbers = [int(v or 0) for v in values]
            if name == "total" and not numbers[0]:
                continue
            if name == "staff":
                names[key] = max(names.get(key, second), second)
                second = None
            elif name != "sub":
                second = None
            found = sums.setdefault((name, key, second), [0] * len(numbers))
            for n, value in enumerate(numbers):
                found[n] += value
    return [
        (name, key, names[key] if name == "staff" else second, values)
        for (name, key, second), values in sums.items()
        if values[0] or name != "total"
    ]


@dataclass(frozen=True)
class Bar:
    """One bar of a breakdown: ``key`` is the value filtered on (class, tier, channel, staff
    number, ISO day), ``label`` what is shown; ``parent`` the class of a sub-class."""

    key: str
    label: str
    tally: Tally
    parent: str = ""

    @property
    def count(self) -> int:
        return self.tally.count


@dataclass(frozen=True)
class DashboardFigures:
    period: Period
    as_of: datetime  # now, when the figures were taken
    target: float  # 回复及时率 target (Policy.reply_on_time_target)
    total: Tally
    by_class: list[Bar]  # every class of the catalogue in its order (zeros too), then others seen
    by_sub_class: list[Bar]  # most first
    by_tier: list[Bar]  # every tier (zeros too)
    by_channel: list[Bar]  # most first
    by_staff: list[Bar]  # first responder, most first
    by_day: list[Bar]  # every day of the period up to today (zeros included)
    current: FollowUpCounts  # the hall's open / overdue / due within 2 h, now
    # issue 16: refunds by state (pending / approved / executed / failed), amount executed
    refunds: RefundFigures = field(default_factory=RefundFigures)


def _bars(rows: Sequence[tuple[tuple[str, ...], Tally]]) -> list[Bar]:
    bars = [Bar(keys[0], keys[-1], tally) for keys, tally in rows]
    return sorted(bars, key=lambda b: (-b.count, b.key))


def _breakdowns(
    period: Period, now: datetime
) -> tuple[dict[str, dict[object, Tally]], dict[str, str]]:
    """Each breakdown's tallies by key ("sub": (class, sub-class); "total": ``None``), and each
    first responder's name by staff number."""
    result: dict[str, dict[object, Tally]] = {name: {} for name, _ in BREAKDOWNS}
    names: dict[str, str] = {}
    for name, key, second, values in period_rows(period.start, period.end, now, daily=True):
        if name == "total":
            result[name][None] = _tally(values)
            continue
        if name == "sub":
            result[name][(key, second)] = _tally(values)
            continue
        if name == "staff":
            names[str(key)] = str(second)
        result[name][key] = _tally(values)
    return result, names


@signed_in
def dashboard_figures(ctx: DeskContext, session: StaffSession, period: Period) -> DashboardFigures:
    """The dashboard of ``period`` (see the module docstring)."""
    require(session.role, Permission.SEE_HALL_COMPLAINTS)
    now = ctx.clock.now()
    tallies, names = _breakdowns(period, now)

    def in_order(found: dict[object, Tally], order: Sequence[str]) -> list[Bar]:
        """Every value of ``order`` (zeros too), then any other value found, by name."""
        rest = {str(k): v for k, v in found.items() if k not in order}
        return [Bar(k, k, found.get(k, Tally())) for k in order] + [
            Bar(k, k, rest[k]) for k in sorted(rest)
        ]

    sub_classes = [
        Bar(str(key[1]), str(key[1]), tally, parent=str(key[0]))  # type: ignore[index]
        for key, tally in tallies["sub"].items()
    ]
    sub_classes.sort(key=lambda b: (-b.count, b.parent, b.key))
    staff = [((str(no), names[str(no)]), tally) for no, tally in tallies["staff"].items()]
    last_day = min(period.last_day, max(period.first_day, local_day(now)))
    days = [d for d in period.days() if d <= last_day]
    return DashboardFigures(
        period=period,
        as_of=now,
        target=ctx.policy.reply_on_time_target,
        total=tallies["total"].get(None, Tally()),
        by_class=in_order(tallies["class"], ctx.catalogue.classes()),
        by_sub_class=sub_classes,
        by_tier=in_order(tallies["tier"], [t.value for t in Tier]),
        by_channel=_bars([((str(k),), v) for k, v in tallies["channel"].items()]),
        by_staff=_bars(staff),
        by_day=[
            Bar(d.isoformat(), f"{d.month}-{d.day}", tallies["day"].get(d.isoformat(), Tally()))
            for d in days
        ],
        current=follow_up_counts(ctx, session, Scope.HALL),
        refunds=refund_figures(period),
    )


# ------------------------------------------------------------------------------------ hot spots


@dataclass(frozen=True)
class HotSpotReport:
    period: Period
    rule: HotSpotRule
    windows: list[tuple[datetime, datetime]]  # what "usual" was measured over, nearest first
    spots: list[HotSpot]  # classes and sub-classes above their usual level, most above first


_CLASS_COUNTS_SQL = (
    "SELECT c.main_class, c.sub_class, count(*) FROM complaint AS c"
    " WHERE c.accepted_at >= ? AND c.accepted_at < ?{} GROUP BY c.main_class, c.sub_class"
)


def class_counts(start: datetime, end: datetime, *, daily: bool = True) -> dict[ClassKey, int]:
    """Complaints accepted in ``[start, end)`` per class and per (class, sub-class): from their
    rows, or (``daily``, over more than a month) the daily figures of the whole days (closed
    ones) plus the rows of the open ones and of any part day at either end."""
    whole = _whole_days(start, end) if daily else None
    if whole is None:
        parts = [(_CLASS_COUNTS_SQL.format(""), [utc_iso(start), utc_iso(end)])]
    else:
        first, last = whole
        inner_start, inner_end = local_midnight(first), local_midnight(last + timedelta(days=1))
        parts = [
            (
                "SELECT key, second, sum(n) FROM complaint_day_figure WHERE breakdown = 'sub'"
                " AND day >= ? AND day <= ? AND n > 0 GROUP BY key, second",
                [first.isoformat(), last.isoformat()],
            ),
            (_CLASS_COUNTS_SQL.format(f" AND {_OPEN}"), [utc_iso(inner_start), utc_iso(inner_end)]),
        ]
        if start < inner_start:
            parts.append((_CLASS_COUNTS_SQL.format(""), [utc_iso(start), utc_iso(inner_start)]))
        if inner_end < end:
            parts.append((_CLASS_COUNTS_SQL.format(""), [utc_iso(inner_end), utc_iso(end)]))
    counts: dict[ClassKey, int] = {}
    for sql, params in parts:
        for main, sub, count in database.execute_sql(sql, params):
            counts[(main, sub)] = counts.get((main, sub), 0) + int(count)
            counts[(main, None)] = counts.get((main, None), 0) + int(count)
    return counts


@signed_in
def hot_spots(
    ctx: DeskContext,
    session: StaffSession,
    period: Period,
    rule: HotSpotRule = DEFAULT_HOT_SPOT_RULE,
) -> HotSpotReport:
    """The classes and sub-classes of ``period`` well above their own recent level
    (:mod:`hall_desk.domain.reporting`: the rule, and what "recent" is for a period under way)."""
    require(session.role, Permission.SEE_HALL_COMPLAINTS)
    now = ctx.clock.now()
    windows = baseline_windows(period, now, rule.baseline_periods)
    current = class_counts(period.start, period.end)
    baseline: dict[ClassKey, int] = {}
    for start, end in windows:
        for key, count in class_counts(start, end).items():
            baseline[key] = baseline.get(key, 0) + count
    return HotSpotReport(
        period, rule, windows, find_hot_spots(current, baseline, len(windows), rule)
    )


# --------------------------------------------------------------------------- a bar's complaints


def matching(
    period: Period,
    *,
    main_class: str | None = None,
    sub_class: str | None = None,
    tier: str | None = None,
    channel: str | None = None,
    first_responder: str | None = None,
    day: date | None = None,
    late: bool = False,
    open_only: bool = False,
    repeat: bool = False,
    escalated: bool = False,
    incident: bool = False,
) -> ComplaintSearch:
    """The complaint-list search that lists exactly the complaints a figure counted: accepted in
    the period (or on ``day``), with the bar's value."""
    first = day or period.first_day
    last = day or period.last_day
    return ComplaintSearch(
        main_classes=(main_class,) if main_class else (),
        sub_classes=(sub_class,) if sub_class else (),
        tiers=(tier,) if tier else (),
        channels=(channel,) if channel else (),
        first_responders=(first_responder,) if first_responder else (),
        states=OPEN_STATE_VALUES if open_only else (),
        overdue=True if late else None,
        repeat=True if repeat else None,
        escalated=True if escalated else None,
        in_incident=True if incident else None,
        accepted_from=first,
        accepted_to=last,
    )
