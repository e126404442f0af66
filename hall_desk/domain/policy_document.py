"""A versioned policy as head office publishes it (``hall-desk-hq set-policy FILE``) and desks
apply it: plain JSON, checked here, so head office refuses a bad file before any desk sees it.

Document (every key but ``version`` optional; what is left out keeps the default of DOMAIN.md)::

    {"version": 2,
     "tier_reply_hours": {"VIP": 8, "全球通": 24, "普通": 48},
     "urgency_reply_hours": {"特急": 8, "紧急": 24, "一般": 48},
     "regulator_days": 15, "quiet_start_hour": 22, "quiet_end_hour": 8,
     "repeat_window_days": 30,
     "refund_limits": {"营业员": "100", "值班经理": "100", "店长": "300"},
     "password_min_length": 6, "max_failed_signins": 5, "lockout_minutes": 5,
     "idle_lock_minutes": 5, "typical_case_monthly_quota": 2, "best_cases_per_quarter": 5,
     "transfer_prepaid_min_days": 30, "transfer_postpaid_min_days": 90,
     "transfer_min_proofs": 2, "transfer_invoice_min_months": 3,
     "transfer_invoice_window_months": 6,
     "execution_wait_working_days": 3,
     "paper_retention_years": {"基础业务": 25, "高端业务": 8, "普通业务": 5},
     "catalogue": {"电信资费": {"资费争议/乱收费": "收费争议", …}, …},
     "hq_levels": {"director": "500.00", "department_head": "1000.00"},
     "calendar": {"years": [2027], "holidays": ["2027-01-01", …], "workdays": ["2027-02-07", …]},
     "general_office_phone": "0755-12345678",
     "format": 5,
     "console": {"failures_allowed": 5, "failure_window_minutes": 15, "idle_minutes": 15,
                 "total_hours": 10},
     "templates": [{"id": "hq-dkhf", "version": 1, "name": "多扣话费", "main_class": "电信资费",
                    "sub_class": "资费争议/乱收费", "description": "客户反映【日期】多扣话费【金额】元…",
                    "customer_request": "退还多收费用"}, …]}

``format`` is the document's format version (:data:`POLICY_FORMAT`; a document without it is
format 1): issue 16 raised it to 2 with the ``hq_levels`` section (head office's decision levels,
:func:`hall_desk.domain.hq_refunds.parse_hq_levels`, validated on its own); issue 23 to 3 with
``templates``, head office's default 常用投诉模板, checked on their own against the document's
catalogue (:func:`hall_desk.domain.templates.parse_templates_section`); issue 20 to 4 with
``calendar`` and ``general_office_phone``; issue 17 to 5 with ``console``, head office's console
limits (:mod:`hall_desk.domain.console_limits`, validated on its own; published only when given).

``calendar`` (issue 20): the years head office publishes the State Council's holidays for, each
year's holidays and make-up working days (调休), checked on its own (:func:`parse_calendar`): every
day a real date inside ``years``, none listed twice, none both a holiday and a working day, a make-up
working day only on a Saturday or Sunday. Desks count working days by it before the
``chinese-calendar`` package's data. ``general_office_phone`` (issue 20): the city company's
综合部, whom a media complaint is reported to at once.

A policy applies to what is accepted after it arrives: a complaint keeps the deadlines of the
policy version it was accepted under.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE_DATA, Catalogue, RegulatorClass
from hall_desk.domain.console_limits import ConsoleLimits, parse_console_limits
from hall_desk.domain.errors import (
    DomainError,
    ErrorCollector,
    ValidationError,
    ValidationErrors,
)
from hall_desk.domain.hq_refunds import DEFAULT_HQ_LEVELS, HQLevels, parse_hq_levels
from hall_desk.domain.policy import (
    DEFAULT_POLICY,
    NetworkUrgency,
    Policy,
    RetentionClass,
    Role,
    Tier,
)
from hall_desk.domain.templates import (
    ComplaintTemplate,
    parse_templates_section,
    templates_section,
)
from hall_desk.domain.workdays import PublishedCalendar

E = TypeVar("E", bound=StrEnum)

_INTS: dict[str, tuple[int, int]] = {  # key → (lowest, highest) accepted
    "regulator_days": (1, 60),
    "quiet_start_hour": (0, 23),
    "quiet_end_hour": (0, 23),
    "repeat_window_days": (1, 365),
    "password_min_length": (6, 64),
    "max_failed_signins": (1, 100),
    "lockout_minutes": (1, 24 * 60),
    "idle_lock_minutes": (1, 240),
    "transfer_prepaid_min_days": (1, 3650),
    "transfer_postpaid_min_days": (1, 3650),
    "transfer_min_proofs": (1, 3),
    "transfer_invoice_min_months": (1, 12),
    "transfer_invoice_window_months": (1, 24),
    "typical_case_monthly_quota": (1, 20),
    "best_cases_per_quarter": (1, 50),
    "execution_wait_working_days": (1, 60),  # issue 16: a refund head office holds unexecuted
}
_KNOWN = {
    "version",
    "tier_reply_hours",
    "urgency_reply_hours",
    "refund_limits",
    "catalogue",
    "paper_retention_years",
    "templates",  # issue 23
    "calendar",  # issue 20
    "general_office_phone",  # issue 20: 综合部's number for media complaints
    *_INTS,
    # issue 16: head office's decision levels, and the document's format version
    "hq_levels",
    "format",
    "console",  # issue 17: head office's console limits (lockout, sessions)
}
# Issue 20 added ``calendar``: a desk of an older release refuses a document with a key it does not
# know (policy.unknown_key), so a calendar goes only to halls that have upgraded.
# The document's format version: 2 since issue 16 (``hq_levels``), 3 since issue 23
# (``templates``), 4 since issue 20 (``calendar``, ``general_office_phone``), 5 since issue 17
# (``console``). A document of a newer format than this desk or head office reads is refused.
POLICY_FORMAT = 5


@dataclass(frozen=True)
class PolicyDocument:
    """A checked policy: the numbers and the complaint catalogue it carries."""

    policy: Policy
    catalogue: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_CATALOGUE_DATA.items()}
    )
    calendar: PublishedCalendar | None = None  # issue 20: next year's holidays
    hq_levels: HQLevels = DEFAULT_HQ_LEVELS  # issue 16: head office's decision levels
    templates: tuple[ComplaintTemplate, ...] = ()  # issue 23: head office's 常用投诉模板
    console: ConsoleLimits | None = None  # issue 17: head office's console limits, when given


_YEARS = (2000, 2100)
_OFFICE_PHONE = re.compile(r"[0-9][0-9\-]{2,19}")  # 综合部's number as staff dial it


def _days(errors: ErrorCollector, raw: object, key: str, years: set[int]) -> set[date]:
    if not isinstance(raw, list):
        errors.add("calendar.not_list", f"calendar.{key}")
        return set()
    days: set[date] = set()
    for index, text in enumerate(raw):
        where = f"calendar.{key}.{index}"
        try:
            day = date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
        except ValueError:
            day = None
        if day is None:
            errors.add("calendar.date", where, value=str(text)[:20])
        elif day.year not in years:
            errors.add("calendar.outside_years", where, value=text)
        elif day in days:
            errors.add("calendar.duplicate", where, value=text)
        else:
            days.add(day)
    return days


def parse_calendar(raw: object) -> PublishedCalendar:
    """The ``calendar`` section on its own; raises ``ValidationErrors`` naming every bad day."""
    errors = ErrorCollector()
    if not isinstance(raw, Mapping):
        raise ValidationError("policy.not_object", "calendar")
    for key in raw:
        if key not in ("years", "holidays", "workdays"):
            errors.add("policy.unknown_key", f"calendar.{key}")
    listed = raw.get("years")
    years: set[int] = set()
    if not isinstance(listed, list) or not listed:
        errors.add("calendar.years", "calendar.years")
    else:
        for index, value in enumerate(listed):
            year = _int(value)
            if year is None or not _YEARS[0] <= year <= _YEARS[1] or year in years:
                errors.add(
                    "calendar.years", f"calendar.years.{index}", min=_YEARS[0], max=_YEARS[1]
                )
            else:
                years.add(year)
    holidays = _days(errors, raw.get("holidays", []), "holidays", years)
    workdays = _days(errors, raw.get("workdays", []), "workdays", years)
    for day in sorted(holidays & workdays):
        errors.add("calendar.overlap", "calendar.workdays", value=day.isoformat())
    for day in sorted(workdays - holidays):
        if day.weekday() < 5:  # a make-up working day is a weekend day worked
            errors.add("calendar.workday_not_weekend", "calendar.workdays", value=day.isoformat())
    errors.raise_if_any()
    return PublishedCalendar(frozenset(years), frozenset(holidays), frozenset(workdays))


def calendar_section(calendar: PublishedCalendar) -> dict[str, Any]:
    """The JSON form of a checked calendar."""
    return {
        "years": sorted(calendar.years),
        "holidays": [d.isoformat() for d in sorted(calendar.holidays)],
        "workdays": [d.isoformat() for d in sorted(calendar.workdays)],
    }


# A version is a whole number from 1 that JSON carries exactly everywhere (and a 64-bit column
# holds): at most 2**53 - 1.
MAX_VERSION = 2**53 - 1


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _finer_than_cents(amount: Decimal) -> bool:
    """More than two decimal places (a finite amount's exponent is an int, never 'n'/'N'/'F')."""
    exponent = amount.as_tuple().exponent
    return not isinstance(exponent, int) or exponent < -2


def _hours(
    errors: ErrorCollector, key: str, raw: object, enum: type[E], high: int = 24 * 30
) -> dict[E, int] | None:
    """A table of whole numbers by enum member (hours by tier, years by retention class …)."""
    if not isinstance(raw, Mapping):
        errors.add("policy.not_object", key)
        return None
    result: dict[E, int] = {}
    for name, value in raw.items():
        try:
            member = enum(name)
        except ValueError:
            errors.add("policy.unknown_key", f"{key}.{name}")
            continue
        hours = _int(value)
        if hours is None or not 1 <= hours <= high:
            errors.add("policy.out_of_range", f"{key}.{name}", min=1, max=high)
            continue
        result[member] = hours
    return result


def _catalogue(errors: ErrorCollector, raw: object) -> dict[str, dict[str, str]] | None:
    if not isinstance(raw, Mapping) or not raw:
        errors.add("policy.not_object", "catalogue")
        return None
    catalogue: dict[str, dict[str, str]] = {}
    for main, subs in raw.items():
        if (
            not isinstance(main, str)
            or not main.strip()
            or not isinstance(subs, Mapping)
            or not subs
        ):
            errors.add("policy.catalogue_class", f"catalogue.{main}")
            continue
        catalogue[main] = {}
        for sub, regulator in subs.items():
            if not isinstance(sub, str) or not sub.strip():
                errors.add("policy.catalogue_class", f"catalogue.{main}")
                continue
            try:
                catalogue[main][sub] = RegulatorClass(regulator).value
            except ValueError:
                errors.add("policy.unknown_key", f"catalogue.{main}.{sub}")
    return catalogue


def parse_policy_document(raw: object) -> PolicyDocument:
    """Check a policy document; raises ``ValidationErrors`` naming every bad key."""
    errors = ErrorCollector()
    if not isinstance(raw, Mapping):
        raise ValidationError("policy.not_object", "policy")
    version = _int(raw.get("version"))
    if version is None or not 1 <= version <= MAX_VERSION:
        errors.add("policy.version", "version")
    for key in raw:
        if key not in _KNOWN:
            errors.add("policy.unknown_key", str(key))
    changes: dict[str, Any] = {"version": version or 1}
    for key, (low, high) in _INTS.items():
        if key in raw:
            value = _int(raw[key])
            if value is None or not low <= value <= high:
                errors.add("policy.out_of_range", key, min=low, max=high)
            else:
                changes[key] = value
    if "tier_reply_hours" in raw:
        tiers = _hours(errors, "tier_reply_hours", raw["tier_reply_hours"], Tier)
        if tiers is not None:
            changes["tier_reply_hours"] = {**DEFAULT_POLICY.tier_reply_hours, **tiers}
    if "urgency_reply_hours" in raw:
        urgencies = _hours(
            errors, "urgency_reply_hours", raw["urgency_reply_hours"], NetworkUrgency
        )
        if urgencies is not None:
            changes["urgency_reply_hours"] = {**DEFAULT_POLICY.urgency_reply_hours, **urgencies}
    if "refund_limits" in raw:
        limits = raw["refund_limits"]
        if not isinstance(limits, Mapping):
            errors.add("policy.not_object", "refund_limits")
        else:
            parsed: dict[Role, Decimal] = {}
            for name, value in limits.items():
                try:
                    role = Role(name)
                    amount = Decimal(value) if isinstance(value, str) else None
                except (ValueError, InvalidOperation):
                    errors.add("policy.unknown_key", f"refund_limits.{name}")
                    continue
                if (
                    amount is None
                    or not amount.is_finite()
                    or amount < 0
                    or _finer_than_cents(amount)
                ):
                    errors.add("policy.amount", f"refund_limits.{name}")
                    continue
                parsed[role] = amount
            changes["refund_limits"] = {**DEFAULT_POLICY.refund_limits, **parsed}
    if "paper_retention_years" in raw:
        years = _hours(
            errors, "paper_retention_years", raw["paper_retention_years"], RetentionClass, high=100
        )
        if years is not None:
            changes["paper_retention_years"] = {**DEFAULT_POLICY.paper_retention_years, **years}
    if "general_office_phone" in raw:  # issue 20
        phone = raw["general_office_phone"]
        if not isinstance(phone, str) or not _OFFICE_PHONE.fullmatch(phone):
            errors.add("policy.phone", "general_office_phone")
        else:
            changes["general_office_phone"] = phone
    catalogue = _catalogue(errors, raw["catalogue"]) if "catalogue" in raw else None
    calendar = None
    if "calendar" in raw:  # issue 20: validated on its own, its errors named calendar.…
        try:
            calendar = parse_calendar(raw["calendar"])
        except ValidationErrors as bad:
            for error in bad.errors:
                errors.add(error.code, error.field or "calendar", **error.params)
        except ValidationError as bad:
            errors.add(bad.code, bad.field or "calendar", **bad.params)
    if "format" in raw:
        shape = _int(raw["format"])
        if shape is None or not 1 <= shape <= POLICY_FORMAT:
            errors.add("policy.out_of_range", "format", min=1, max=POLICY_FORMAT)
    levels = DEFAULT_HQ_LEVELS
    if "hq_levels" in raw:  # its own section, checked on its own
        try:
            levels = parse_hq_levels(raw["hq_levels"])
        except DomainError as error:
            errors.errors.extend(getattr(error, "errors", None) or [error])
    console = None
    if "console" in raw:  # issue 17: its own section, checked on its own
        try:
            console = parse_console_limits(raw["console"])
        except DomainError as error:
            errors.errors.extend(getattr(error, "errors", None) or [error])
    templates = (  # issue 23: its own section, checked against the document's catalogue
        parse_templates_section(
            errors,
            raw["templates"],
            Catalogue(catalogue if catalogue is not None else DEFAULT_CATALOGUE_DATA),
        )
        if "templates" in raw
        else None
    )
    errors.raise_if_any()
    policy = replace(DEFAULT_POLICY, **changes)
    document = (
        PolicyDocument(policy, catalogue, hq_levels=levels)
        if catalogue is not None
        else PolicyDocument(policy, hq_levels=levels)
    )
    if templates:
        document = replace(document, templates=tuple(templates))
    if console is not None:
        document = replace(document, console=console)
    return replace(document, calendar=calendar) if calendar is not None else document


def policy_document(document: PolicyDocument) -> dict[str, Any]:
    """The JSON form of a checked policy (what travels in a ``policy.set`` event)."""
    policy = document.policy
    return {
        "version": policy.version,
        "tier_reply_hours": {k.value: v for k, v in policy.tier_reply_hours.items()},
        "urgency_reply_hours": {k.value: v for k, v in policy.urgency_reply_hours.items()},
        "refund_limits": {k.value: str(v) for k, v in policy.refund_limits.items()},
        "paper_retention_years": {k.value: v for k, v in policy.paper_retention_years.items()},
        **{key: getattr(policy, key) for key in _INTS},
        **(
            {"general_office_phone": policy.general_office_phone}
            if policy.general_office_phone
            else {}
        ),  # issue 20
        "catalogue": document.catalogue,
        **({"calendar": calendar_section(document.calendar)} if document.calendar else {}),
        "hq_levels": document.hq_levels.to_json(),
        "format": POLICY_FORMAT,
        "templates": templates_section(document.templates),  # issue 23
        **({"console": document.console.to_json()} if document.console else {}),  # issue 17
    }
