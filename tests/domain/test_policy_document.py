"""A head-office policy document: checked field by field, defaults where keys are left out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hall_desk.domain.errors import ValidationErrors
from hall_desk.domain.policy import DEFAULT_POLICY, NetworkUrgency, RetentionClass, Role, Tier
from hall_desk.domain.policy_document import parse_policy_document, policy_document


def test_a_partial_document_keeps_the_defaults_for_the_rest() -> None:
    doc = parse_policy_document(
        {"version": 2, "tier_reply_hours": {"VIP": 4}, "refund_limits": {"店长": "500.00"}}
    )
    assert doc.policy.version == 2
    assert doc.policy.tier_reply_hours[Tier.VIP] == 4
    assert doc.policy.tier_reply_hours[Tier.ORDINARY] == 48
    assert doc.policy.urgency_reply_hours[NetworkUrgency.CRITICAL] == 8
    assert doc.policy.refund_limits[Role.STORE_MANAGER] == Decimal("500.00")
    assert doc.policy.refund_limits[Role.CLERK] == Decimal("100")
    assert doc.policy.repeat_window_days == DEFAULT_POLICY.repeat_window_days


def test_transfer_numbers_and_retention_travel_in_the_document() -> None:
    doc = parse_policy_document(
        {
            "version": 4,
            "transfer_prepaid_min_days": 45,
            "transfer_invoice_window_months": 4,
            "paper_retention_years": {"基础业务": 30},
        }
    )
    assert doc.policy.transfer_prepaid_min_days == 45
    assert doc.policy.transfer_postpaid_min_days == DEFAULT_POLICY.transfer_postpaid_min_days
    assert doc.policy.transfer_invoice_window_months == 4
    assert doc.policy.paper_retention_years[RetentionClass.BASIC] == 30
    assert doc.policy.paper_retention_years[RetentionClass.ORDINARY] == 5
    assert parse_policy_document(policy_document(doc)) == doc


def test_round_trip_through_json_form() -> None:
    doc = parse_policy_document(
        {
            "version": 3,
            "repeat_window_days": 20,
            "catalogue": {"电信服务": {"服务态度": "用户服务"}},
        }
    )
    again = parse_policy_document(policy_document(doc))
    assert again == doc
    assert again.catalogue == {"电信服务": {"服务态度": "用户服务"}}


@pytest.mark.parametrize(
    ("raw", "field", "code"),
    [
        ({}, "version", "policy.version"),
        ({"version": 0}, "version", "policy.version"),
        ({"version": 2, "regulator_days": 0}, "regulator_days", "policy.out_of_range"),
        ({"version": 2, "regulator_days": True}, "regulator_days", "policy.out_of_range"),
        (
            {"version": 2, "tier_reply_hours": {"金卡": 8}},
            "tier_reply_hours.金卡",
            "policy.unknown_key",
        ),
        (
            {"version": 2, "tier_reply_hours": {"VIP": 8.5}},
            "tier_reply_hours.VIP",
            "policy.out_of_range",
        ),
        ({"version": 2, "refund_limits": {"店长": 300}}, "refund_limits.店长", "policy.amount"),
        ({"version": 2, "refund_limits": {"店长": "-1"}}, "refund_limits.店长", "policy.amount"),
        ({"version": 2, "refund_limits": {"店长": "1.005"}}, "refund_limits.店长", "policy.amount"),
        (
            {"version": 2, "catalogue": {"电信服务": {"服务态度": "别的"}}},
            "catalogue.电信服务.服务态度",
            "policy.unknown_key",
        ),
        ({"version": 2, "catalogue": {}}, "catalogue", "policy.not_object"),
        ({"version": 2, "surprise": 1}, "surprise", "policy.unknown_key"),
        (
            {"version": 2, "transfer_prepaid_min_days": 0},
            "transfer_prepaid_min_days",
            "policy.out_of_range",
        ),
        ({"version": 2, "transfer_min_proofs": 4}, "transfer_min_proofs", "policy.out_of_range"),
        (
            {"version": 2, "paper_retention_years": {"基础业务": 101}},
            "paper_retention_years.基础业务",
            "policy.out_of_range",
        ),
        (
            {"version": 2, "paper_retention_years": {"永久": 1}},
            "paper_retention_years.永久",
            "policy.unknown_key",
        ),
    ],
)
def test_bad_values_are_named(raw: dict[str, object], field: str, code: str) -> None:
    with pytest.raises((ValidationErrors,)) as caught:
        parse_policy_document(raw)
    found = {(e.field, e.code) for e in caught.value.errors}
    assert (field, code) in found


def test_the_typical_case_numbers_travel_and_are_checked() -> None:
    doc = parse_policy_document(
        {"version": 4, "typical_case_monthly_quota": 3, "best_cases_per_quarter": 6}
    )
    assert (doc.policy.typical_case_monthly_quota, doc.policy.best_cases_per_quarter) == (3, 6)
    assert parse_policy_document(policy_document(doc)) == doc
    assert (
        DEFAULT_POLICY.typical_case_monthly_quota == 2
        and DEFAULT_POLICY.best_cases_per_quarter == 5
    )
    with pytest.raises(ValidationErrors) as caught:
        parse_policy_document({"version": 4, "best_cases_per_quarter": 0})
    assert caught.value.fields() == ["best_cases_per_quarter"]


def test_a_version_beyond_what_json_and_the_store_hold_is_refused() -> None:
    """Found by schemathesis: version 274710476382403395584 overflowed head office's column (a
    500); a version is at most 2**53 - 1, named like any bad version."""
    assert policy_document(parse_policy_document({"version": 2**53 - 1}))["version"] == 2**53 - 1
    for version in (2**53, 274710476382403395584):
        with pytest.raises(ValidationErrors) as raised:
            parse_policy_document({"version": version})
        assert [(e.field, e.code) for e in raised.value.errors] == [("version", "policy.version")]
