"""处理时限: when the customer must have their answer.

- By tier: VIP 8 h, 全球通 24 h, 普通 48 h; network complaints by urgency: 特急 8 h, 紧急 24 h, 一般 48 h.
  With both, the earlier applies. Hours are calendar hours from acceptance.
- A reply deadline inside the quiet hours (22:00–08:00 Asia/Shanghai) moves to the following 08:00.
- Every complaint also carries the regulator's 15-day outer limit.
- The deadline is fixed at acceptance with the policy in force then; it never moves afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from hall_desk.domain.clock import SHANGHAI
from hall_desk.domain.policy import NetworkUrgency, Policy, Tier


@dataclass(frozen=True)
class Deadlines:
    reply_due: datetime  # UTC; the internal deadline the KPI 回复及时率 is measured against
    regulator_due: datetime  # UTC; 15-day outer limit (通信管理局)
    basis: str  # "tier" or "urgency": which rule gave the reply deadline
    moved_out_of_quiet_hours: bool


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
) -> Deadlines:
    if accepted_at.tzinfo is None:
        raise ValueError("accepted_at must be timezone-aware")
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
