"""投诉退费 rules without a store: the proposal, the limits, the states, delegations."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from hall_desk.domain.errors import ValidationError, ValidationErrors
from hall_desk.domain.policy import DEFAULT_POLICY, Role
from hall_desk.domain.refunds import (
    PNG_MAGIC,
    ApprovalOutcome,
    RefundMethod,
    RefundRefused,
    RefundState,
    check_pending,
    check_signable,
    check_signature_png,
    counted_total,
    decide_approval,
    delegation_in_force,
    validate_delegation,
    validate_proposal,
)

D = Decimal
NOW = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)


def proposal(**changes: str) -> dict[str, str]:
    fields = {
        "item": "2026年11月 彩铃功能费",
        "checked": "查详单：客户未订购，系统误开通",
        "amount": "15.00",
        "account_type": "预付费",
        "method": "话费账户返还",
        "reason": "误收费",
    }
    fields.update(changes)
    return fields


def codes(error: ValidationErrors) -> dict[str, str]:
    return {e.field or "": e.code for e in error.errors}


def test_a_complete_proposal_is_clean() -> None:
    result = validate_proposal(**proposal(amount=" 1,234.5 ", method_reason="ignored"))
    assert result.amount == D("1234.50")
    assert result.method is RefundMethod.ACCOUNT and result.method_reason == ""


def test_confirm_first_then_refund_and_every_bad_field_at_once() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_proposal(
            **proposal(item=" ", checked="  ", amount="0", account_type="", reason="")
        )
    assert codes(caught.value) == {
        "item": "refund.item_required",
        "checked": "refund.checked_required",
        "amount": "refund.amount_positive",
        "account_type": "choice.required",
        "reason": "refund.reason_required",
    }


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("", "refund.amount_positive"),
        ("0.00", "refund.amount_positive"),
        ("-5", "refund.amount_positive"),
        ("1.005", "amount.too_many_decimals"),
        ("abc", "amount.not_a_number"),
    ],
)
def test_the_amount_is_exact_yuan_above_zero(amount: str, code: str) -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_proposal(**proposal(amount=amount))
    assert codes(caught.value) == {"amount": code}


def test_never_cash_and_a_top_up_card_needs_a_reason() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_proposal(**proposal(method="现金"))
    assert codes(caught.value) == {"method": "refund.cash_forbidden"}
    with pytest.raises(ValidationErrors) as caught:
        validate_proposal(**proposal(method="充值卡返还"))
    assert codes(caught.value) == {"method_reason": "refund.method_reason_required"}
    ok = validate_proposal(**proposal(method="充值卡返还", method_reason="客户号码已停机"))
    assert ok.method is RefundMethod.TOP_UP_CARD and ok.method_reason == "客户号码已停机"
    with pytest.raises(ValidationErrors) as caught:
        validate_proposal(**proposal(account_type="储值卡"))
    assert codes(caught.value) == {"account_type": "choice.invalid"}


def decide(total: str, role: Role, *, own: bool = False, delegated: bool = False, policy=None):
    return decide_approval(
        D(total), role, own_request=own, policy=policy or DEFAULT_POLICY, delegated=delegated
    )


def test_a_clerk_approves_100_00_but_not_100_01() -> None:
    ok = decide("100.00", Role.CLERK, own=True)
    assert (ok.outcome, ok.limit, ok.delegated) == (ApprovalOutcome.APPROVE, D("100"), False)
    with pytest.raises(RefundRefused) as caught:
        decide("100.01", Role.CLERK, own=True)
    assert caught.value.code == "refund.needs_second_person"
    assert caught.value.params == {"limit": "100", "total": "100.01"}
    with pytest.raises(RefundRefused) as caught:
        decide("100.01", Role.CLERK)  # a second clerk: their limit is too low
    assert caught.value.code == "refund.over_limit"


def test_a_store_manager_approves_300_00_and_300_01_goes_to_head_office() -> None:
    assert decide("300.00", Role.STORE_MANAGER).outcome is ApprovalOutcome.APPROVE
    above = decide("300.01", Role.STORE_MANAGER)
    assert (above.outcome, above.limit) == (ApprovalOutcome.TO_HEAD_OFFICE, D("300"))
    # Above every limit at the hall, whoever asks: nobody here could approve it.
    assert decide("300.01", Role.CLERK, own=True).outcome is ApprovalOutcome.TO_HEAD_OFFICE
    with pytest.raises(RefundRefused):
        decide("150", Role.SHIFT_LEADER)  # the store manager could: not sent up


def test_a_delegation_lends_the_store_managers_limit_to_a_shift_leader_only() -> None:
    lent = decide("250", Role.SHIFT_LEADER, delegated=True)
    assert (lent.outcome, lent.limit, lent.delegated) == (ApprovalOutcome.APPROVE, D("300"), True)
    within_own = decide("80", Role.SHIFT_LEADER, delegated=True)
    assert (within_own.limit, within_own.delegated) == (D("100"), False)  # not needed: not shown
    with pytest.raises(RefundRefused):
        decide("250", Role.CLERK, delegated=True)


def test_limits_come_from_the_policy() -> None:
    policy = replace(
        DEFAULT_POLICY,
        version=2,
        refund_limits={
            Role.CLERK: D("50"),
            Role.SHIFT_LEADER: D("100"),
            Role.STORE_MANAGER: D("500"),
        },
    )
    with pytest.raises(RefundRefused):
        decide("60", Role.CLERK, own=True, policy=policy)
    assert decide("450", Role.STORE_MANAGER, policy=policy).outcome is ApprovalOutcome.APPROVE


def test_the_total_counts_everything_not_refused_or_cancelled() -> None:
    S = RefundState
    refunds = [
        (D("60"), S.PENDING),
        (D("60"), S.APPROVED),
        (D("10"), S.AWAITING_HEAD_OFFICE),
        (D("5"), S.HEAD_OFFICE_APPROVED),
        (D("1000"), S.REFUSED),
        (D("1000"), S.CANCELLED),
        (D("1000"), S.HEAD_OFFICE_REFUSED),
    ]
    assert counted_total(refunds) == D("135")


def test_states_allow_what_they_should() -> None:
    check_pending(RefundState.PENDING)
    with pytest.raises(RefundRefused) as caught:
        check_pending(RefundState.APPROVED)
    assert (caught.value.code, caught.value.params) == ("refund.not_pending", {"state": "已批准"})
    check_signable(RefundState.AWAITING_HEAD_OFFICE)  # a provisional slip
    with pytest.raises(RefundRefused):
        check_signable(RefundState.PENDING)


def test_a_signature_is_a_png_that_is_not_empty() -> None:
    for empty in (b"", None):
        with pytest.raises(ValidationError) as caught:
            check_signature_png(empty)
        assert caught.value.code == "refund.signature_empty"
    with pytest.raises(ValidationError) as caught:
        check_signature_png(b"GIF89a....")
    assert caught.value.code == "refund.signature_invalid"
    assert check_signature_png(PNG_MAGIC + b"data") == PNG_MAGIC + b"data"


def test_a_delegation_goes_to_a_shift_leader_for_a_period_not_over() -> None:
    period = validate_delegation(Role.SHIFT_LEADER, NOW, NOW + timedelta(days=2), " 休假 ", now=NOW)
    assert period.note == "休假"
    with pytest.raises(ValidationErrors) as caught:
        validate_delegation(Role.CLERK, NOW, NOW - timedelta(hours=1), "", now=NOW)
    assert codes(caught.value) == {
        "to_staff_no": "delegation.not_leader",
        "ends_at": "delegation.period_invalid",
    }
    with pytest.raises(ValidationErrors):  # already over
        validate_delegation(
            Role.SHIFT_LEADER, NOW - timedelta(days=2), NOW - timedelta(days=1), "", now=NOW
        )
    ends = NOW + timedelta(days=1)
    assert delegation_in_force(NOW, ends, None, NOW)
    assert not delegation_in_force(NOW, ends, None, ends)
    assert not delegation_in_force(NOW, ends, None, NOW - timedelta(seconds=1))
    assert not delegation_in_force(NOW, ends, NOW, NOW + timedelta(hours=1))
