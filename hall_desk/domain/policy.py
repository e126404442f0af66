"""The operator's numbers, in one place (DOMAIN.md). Every value here is a default that head office
may later replace with a versioned policy; a deadline or limit is always computed with the policy in
force when the thing was accepted."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

# 申诉 (DOMAIN.md, "Deadlines"): the telecom administration does not accept an appeal about a fee
# dispute older than 5 months, nor one about any other dispute older than 2 years. The regulator's
# rule, not a hall default; the intake warns (never refuses) when the occurrence is past it.
APPEAL_WINDOW_FEE_DISPUTE_MONTHS = 5
APPEAL_WINDOW_OTHER_MONTHS = 24


class Tier(StrEnum):
    """Customer brand/tier (品牌/星级)."""

    VIP = "VIP"
    GOTONE = "全球通"
    ORDINARY = "普通"


class NetworkUrgency(StrEnum):
    """Urgency of a network-quality complaint (网络投诉紧急程度)."""

    CRITICAL = "特急"
    URGENT = "紧急"
    NORMAL = "一般"


class Role(StrEnum):
    """Staff roles; cumulative (a shift leader may do all a clerk may …)."""

    CLERK = "营业员"
    SHIFT_LEADER = "值班经理"
    STORE_MANAGER = "店长"


class RetentionClass(StrEnum):
    """Paper customer records by business class (客户资料管理: 纸质资料保管期限)."""

    BASIC = "基础业务"  # e.g. 过户协议, 完善客户资料协议
    HIGH_END = "高端业务"
    ORDINARY = "普通业务"


ROLE_RANK = {Role.CLERK: 1, Role.SHIFT_LEADER: 2, Role.STORE_MANAGER: 3}


@dataclass(frozen=True)
class Policy:
    version: int = 1
    # 处理时限: from acceptance to reply, calendar hours
    tier_reply_hours: dict[Tier, int] = field(
        default_factory=lambda: {Tier.VIP: 8, Tier.GOTONE: 24, Tier.ORDINARY: 48}
    )
    urgency_reply_hours: dict[NetworkUrgency, int] = field(
        default_factory=lambda: {
            NetworkUrgency.CRITICAL: 8,
            NetworkUrgency.URGENT: 24,
            NetworkUrgency.NORMAL: 48,
        }
    )
    # A network complaint that needs another province / another company (operator, bank): at most
    # this many Chinese working days (hall_desk.domain.workdays).
    other_province_working_days: int = 4
    other_company_working_days: int = 7
    # 通信管理局 appeal limit: the operator must have answered within 15 days.
    regulator_days: int = 15
    # No calls to customers between 22:00 and 08:00 (local time).
    quiet_start_hour: int = 22
    quiet_end_hour: int = 8
    # 重复投诉: same number, same sub-class (class when sub-class is 其他), within N days.
    repeat_window_days: int = 30
    # Issue 20: a media complainant is reported to the city company's 综合部 at once, by phone at
    # this number (head office sets it in the policy document; empty: not set yet).
    general_office_phone: str = ""
    # 回复及时率 target: at least this share of complaints answered within their deadline
    # (DOMAIN.md "Deadlines"; hall_desk.domain.reporting says what counts).
    reply_on_time_target: float = 0.95
    # Refund approval limits (yuan), used by the refunds issue.
    refund_limits: dict[Role, Decimal] = field(
        default_factory=lambda: {
            Role.CLERK: Decimal("100"),
            Role.SHIFT_LEADER: Decimal("100"),
            Role.STORE_MANAGER: Decimal("300"),
        }
    )
    # 过户: the account must have been open longer than this many days (prepaid / post-paid).
    transfer_prepaid_min_days: int = 30
    transfer_postpaid_min_days: int = 90
    # 特殊过户: at least this many of the three proofs (SIM card working, service password, invoices);
    # invoices count as a proof when they come from this many different months within the last
    # N calendar months (this month included), fixed-value invoices never.
    transfer_min_proofs: int = 2
    transfer_invoice_min_months: int = 3
    transfer_invoice_window_months: int = 6
    # 客户资料管理: paper records kept this many years by business class; electronic records long-term.
    paper_retention_years: dict[RetentionClass, int] = field(
        default_factory=lambda: {
            RetentionClass.BASIC: 25,
            RetentionClass.HIGH_END: 8,
            RetentionClass.ORDINARY: 5,
        }
    )
    # Identity data taken for a transfer: the whole service period plus this many years.
    identity_retention_years_after_service: int = 2
    # An abandoned transfer (已放弃): its identity data and files are kept this many years from the
    # day it was abandoned (the purpose ended then; hall_desk.domain.retention).
    abandoned_transfer_retention_years: int = 2
    # 典型案例库: each complaint handler writes up this many typical cases a month (a target shown
    # against their count, not a cap); a store manager chooses at most this many best a quarter.
    typical_case_monthly_quota: int = 2
    best_cases_per_quarter: int = 5
    # Issue 16: head office executes every refund (电子工单); one it has held longer than this many
    # working days without executing it is named on 我的跟进.
    execution_wait_working_days: int = 3
    # Sign-in
    password_min_length: int = 6
    max_failed_signins: int = 5
    lockout_minutes: int = 5
    idle_lock_minutes: int = 5


DEFAULT_POLICY = Policy()
