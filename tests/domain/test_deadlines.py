"""处理时限: tier and network-urgency deadlines, both together, quiet hours, the 15-day limit."""

from datetime import datetime, timedelta

import pytest

from hall_desk.domain.clock import SHANGHAI
from hall_desk.domain.deadlines import in_quiet_hours, out_of_quiet_hours, reply_deadline
from hall_desk.domain.policy import DEFAULT_POLICY, NetworkUrgency, Policy, Tier


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


MONDAY_10 = local(2026, 11, 23, 10, 0)


@pytest.mark.parametrize(("tier", "hours"), [(Tier.VIP, 8), (Tier.GOTONE, 24), (Tier.ORDINARY, 48)])
def test_tier_deadline(tier: Tier, hours: int) -> None:
    due = reply_deadline(MONDAY_10, tier, None, DEFAULT_POLICY)
    assert due.reply_due == MONDAY_10 + timedelta(hours=hours)
    assert due.basis == "tier"
    assert not due.moved_out_of_quiet_hours


@pytest.mark.parametrize(
    ("urgency", "hours"),
    [(NetworkUrgency.CRITICAL, 8), (NetworkUrgency.URGENT, 24), (NetworkUrgency.NORMAL, 48)],
)
def test_network_urgency_deadline(urgency: NetworkUrgency, hours: int) -> None:
    due = reply_deadline(MONDAY_10, Tier.ORDINARY, urgency, DEFAULT_POLICY)
    assert due.reply_due == MONDAY_10 + timedelta(hours=hours)


def test_the_earlier_of_tier_and_urgency_applies() -> None:
    # 全球通 24 h vs 特急 8 h → 8 h from urgency
    due = reply_deadline(MONDAY_10, Tier.GOTONE, NetworkUrgency.CRITICAL, DEFAULT_POLICY)
    assert due.reply_due == MONDAY_10 + timedelta(hours=8)
    assert due.basis == "urgency"
    # VIP 8 h vs 一般 48 h → 8 h from tier
    due = reply_deadline(MONDAY_10, Tier.VIP, NetworkUrgency.NORMAL, DEFAULT_POLICY)
    assert due.reply_due == MONDAY_10 + timedelta(hours=8)
    assert due.basis == "tier"


def test_deadline_in_the_evening_quiet_hours_moves_to_next_morning() -> None:
    # VIP accepted 15:00 → 23:00, inside 22:00–08:00 → next day 08:00
    due = reply_deadline(local(2026, 11, 23, 15, 0), Tier.VIP, None, DEFAULT_POLICY)
    assert due.reply_due == local(2026, 11, 24, 8, 0)
    assert due.moved_out_of_quiet_hours


def test_deadline_in_the_early_morning_moves_to_that_morning() -> None:
    # VIP accepted 21:30 → 05:30 next day → 08:00 that same morning
    due = reply_deadline(local(2026, 11, 23, 21, 30), Tier.VIP, None, DEFAULT_POLICY)
    assert due.reply_due == local(2026, 11, 24, 8, 0)


@pytest.mark.parametrize(
    ("hour", "minute", "quiet"),
    [(21, 59, False), (22, 0, True), (7, 59, True), (8, 0, False), (0, 0, True), (12, 0, False)],
)
def test_quiet_hour_boundaries(hour: int, minute: int, quiet: bool) -> None:
    assert in_quiet_hours(local(2026, 11, 23, hour, minute), DEFAULT_POLICY) is quiet


def test_boundary_values_of_the_move() -> None:
    assert out_of_quiet_hours(local(2026, 11, 23, 21, 59), DEFAULT_POLICY) == local(
        2026, 11, 23, 21, 59
    )
    assert out_of_quiet_hours(local(2026, 11, 23, 22, 0), DEFAULT_POLICY) == local(
        2026, 11, 24, 8, 0
    )
    assert out_of_quiet_hours(local(2026, 11, 24, 7, 59), DEFAULT_POLICY) == local(
        2026, 11, 24, 8, 0
    )
    assert out_of_quiet_hours(local(2026, 11, 24, 8, 0), DEFAULT_POLICY) == local(
        2026, 11, 24, 8, 0
    )


def test_regulator_limit_is_fifteen_days_beside_the_internal_one() -> None:
    due = reply_deadline(MONDAY_10, Tier.ORDINARY, None, DEFAULT_POLICY)
    assert due.regulator_due == MONDAY_10 + timedelta(days=15)
    assert due.reply_due < due.regulator_due


def test_policy_numbers_come_from_the_policy() -> None:
    policy = Policy(tier_reply_hours={Tier.VIP: 4, Tier.GOTONE: 12, Tier.ORDINARY: 24})
    due = reply_deadline(MONDAY_10, Tier.VIP, None, policy)
    assert due.reply_due == MONDAY_10 + timedelta(hours=4)


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError):
        reply_deadline(datetime(2026, 11, 23, 10), Tier.VIP, None, DEFAULT_POLICY)
