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
     "paper_retention_years": {"基础业务": 25, "高端业务": 8, "普通业务": 5},
     "catalogue": {"电信资费": {"资费争议/乱收费": "收费争议", …}, …},
     "hq_levels": {"director": "500.00", "department_head": "1000.00"},
     "format": 3,
     "templates": [{"id": "hq-dkhf", "version": 1, "name": "多扣话费", "main_class": "电信资费",
                    "sub_class": "资费争议/乱收费", "description": "客户反映【日期】多扣话费【金额】元…",
                    "customer_request": "退还多收费用"}, …]}

``format`` is the document's format version (:data:`POLICY_FORMAT`; a document without it is
format 1): issue 16 raised it to 2 with the ``hq_levels`` section (head office's decision levels,
:func:`hall_desk.domain.hq_refunds.parse_hq_levels`, validated on its own); issue 23 to 3 with
``templates``, head office's default 常用投诉模板, checked on their own against the document's
catalogue (:func:`hall_desk.domain.templates.parse_templates_section`).

A policy applies to what is accepted after it arrives: a complaint keeps the deadlines of the
policy version it was accepted under.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE_DATA, Catalogue, RegulatorClass
from hall_desk.domain.errors import DomainError, ErrorCollector, ValidationError
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
}
_KNOWN = {
    "version",
    "tier_reply_hours",
    "urgency_reply_hours",
    "refund_limits",
    "catalogue",
    "paper_retention_years",
    "templates",  # issue 23
    *_INTS,
    # issue 16: head office's decision levels, and the document's format version
    "hq_levels",
    "format",
}
# The document's format version: 2 since issue 16 (``hq_levels``), 3 since issue 23
# (``templates``). A document of a newer format than this desk or head office reads is refused.
POLICY_FORMAT = 3


@dataclass(frozen=True)
class PolicyDocument:
    """A checked policy: the numbers and the complaint catalogue it carries."""

    policy: Policy
    catalogue: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_CATALOGUE_DATA.items()}
    )
    hq_levels: HQLevels = DEFAULT_HQ_LEVELS  # issue 16: head office's decision levels
    templates: tuple[ComplaintTemplate, ...] = ()  # issue 23: head office's 常用投诉模板


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


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
    if version is None or version < 1:
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
                    or amount.as_tuple().exponent < -2
                ):  # type: ignore[operator]
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
    catalogue = _catalogue(errors, raw["catalogue"]) if "catalogue" in raw else None
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
    return replace(document, templates=tuple(templates)) if templates else document


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
        "catalogue": document.catalogue,
        "hq_levels": document.hq_levels.to_json(),
        "format": POLICY_FORMAT,
        "templates": templates_section(document.templates),  # issue 23
    }
