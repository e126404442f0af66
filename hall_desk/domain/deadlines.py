"""处理时限: when the customer must have their answer.

- By tier: VIP 8 h, 全球通 24 h, 普通 48 h; network complaints by urgency: 特急 8 h, 紧急 24 h, 一般 48 h.
  With both, the earlier applies. Hours are calendar hours from acceptance.
- A reply deadline inside the quiet hours (22:00–08:00 Asia/Shanghai) moves to the following 08:00.
- A network complaint that needs another province: at most 4 working days; another company (another
  operator, a bank): at most 7 working days — Chinese working days with 调休
  (:mod:`hall_desk.domain.workdays`); such a limit replaces the hours. Beyond the calendar's data the
  deadline is ``estimated`` (估).
- Every complaint also carries the regulator's 15-day outer limit.
- The deadline is fixed at acceptance with the policy in force then; it never moves afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from hall_desk.domain.clock import SHANGHAI
from hall_desk.domain.policy import NetworkUrgency, Policy, Tier
from hall_desk.domain.workdays import CHINESE_CALENDAR, WorkingCalendar, add_working_days


class Coordination(StrEnum):
    """A network complaint that cannot be solved inside the province's own network."""

    OTHER_PROVINCE = "跨省"  # at most 4 working days
    OTHER_COMPANY = "跨企业"  # another operator, a bank …: at most 7 working days


@dataclass(frozen=True)
class Deadlines:
    reply_due: datetime  # UTC; the internal deadline the KPI 回复及时率 is measured against
    regulator_due: datetime  # UTC; 15-day outer limit (通信管理局)
    basis: str  # "tier", "urgency", "other_province" or "other_company": which rule applied
    moved_out_of_quiet_hours: bool
    estimated: bool = False  # a working day counted lies beyond the calendar's data (估)


def in_quiet_hours(at: datetime, policy: Policy) -> bool:
    local = at.astimezone(SHANGHAI).time()
    start, end = time(policy.quiet_start_hour), time(policy.quiet_end_hour)
    return local >= start or local < end


def out_of_quiet_hours(at: datetime, policy: Policy) -> datetime:
    """The first moment at or after ``at`` that is outside the quiet hours (08:00 local)."""
    if not in_quiet_hours(at, policy):
        return at
    local = at.astimezone(SHANGHAI)
    morning = local.replace(hour=policy.quiet_end_hour, minute=0, second=0, microsecond=0)
    if local.time() >= time(policy.quiet_start_hour):
        morning += timedelta(days=1)
    return morning.astimezone(at.tzinfo)


def reply_deadline(
    accepted_at: datetime,
    tier: Tier,
    urgency: NetworkUrgency | None,
    policy: Policy,
    coordination: Coordination | None = None,
    calendar: WorkingCalendar = CHINESE_CALENDAR,
) -> Deadlines:
    """The deadlines of a complaint accepted at ``accepted_at``. With ``coordination`` (a network
    complaint that needs another province or company) the working-day limit applies instead of the
    hours."""
    if accepted_at.tzinfo is None:
        raise ValueError("accepted_at must be timezone-aware")
    if coordination is not None:
        return working_day_deadline(accepted_at, coordination, policy, calendar)
    by_tier = accepted_at + timedelta(hours=policy.tier_reply_hours[tier])
    due, basis = by_tier, "tier"
    if urgency is not None:
        by_urgency = accepted_at + timedelta(hours=policy.urgency_reply_hours[urgency])
        if by_urgency < by_tier:
            due, basis = by_urgency, "urgency"
    moved = out_of_quiet_hours(due, policy)
    return Deadlines(
        reply_due=moved,
        regulator_due=accepted_at + timedelta(days=policy.regulator_days),
        basis=basis,
        moved_out_of_quiet_hours=moved != due,
    )


def working_day_limit(coordination: Coordination, policy: Policy) -> int:
    if coordination is Coordination.OTHER_PROVINCE:
        return policy.other_province_working_days
    return policy.other_company_working_days


def working_day_deadline(
    accepted_at: datetime,
    coordination: Coordination,
    policy: Policy,
    calendar: WorkingCalendar = CHINESE_CALENDAR,
) -> Deadlines:
    """4 / 7 working days: the same clock time on the Nth working day after the day of acceptance,
    moved out of the quiet hours like every reply deadline."""
    if accepted_at.tzinfo is None:
        raise ValueError("accepted_at must be timezone-aware")
    limit = add_working_days(accepted_at, working_day_limit(coordination, policy), calendar)
    due = limit.due.astimezone(accepted_at.tzinfo)
    moved = out_of_quiet_hours(due, policy)
    basis = "other_province" if coordination is Coordination.OTHER_PROVINCE else "other_company"
    return Deadlines(
        reply_due=moved,
        regulator_due=accepted_at + timedelta(days=policy.regulator_days),
        basis=basis,
        moved_out_of_quiet_hours=moved != due,
        estimated=limit.estimated,
    )


class Urgency(StrEnum):
    """How near an open complaint's reply deadline is ("我的跟进": red, amber, plain)."""

    OVERDUE = "overdue"  # past its deadline (超时)
    DUE_SOON = "due_soon"  # due within DUE_SOON (即将超时)
    LATER = "later"


DUE_SOON = timedelta(hours=2)


def urgency_of(reply_due: datetime, now: datetime, soon: timedelta = DUE_SOON) -> Urgency:
    """Overdue once ``now`` is past the deadline (at the deadline itself it is still due soon);
    due soon when the deadline is at most ``soon`` away."""
    if now > reply_due:
        return Urgency.OVERDUE
    if reply_due - now <= soon:
        return Urgency.DUE_SOON
    return Urgency.LATER


def corrected_reply_due(estimate: datetime, corrected: datetime, *, answered: bool) -> datetime:
    """Issue 20: the deadline that applies once the year's calendar replaces a 估 estimate — the
    corrected one, except that a complaint answered before the calendar arrived never turns late
    by it: for those the later of the two applies."""
    return max(estimate, corrected) if answered else corrected


def coordination_of(basis: str) -> Coordination | None:
    """The working-day rule a complaint's deadline came from (its stored ``deadline_basis``)."""
    return {
        "other_province": Coordination.OTHER_PROVINCE,
        "other_company": Coordination.OTHER_COMPANY,
    }.get(basis)
