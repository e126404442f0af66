"""销户退费 rules (issue 16, DOMAIN.md "Refunds for complaints"), by account type and balance kind:
each refusal is a ClosureRefused naming the rule and the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hall_desk.domain import account_closure as ac
from hall_desk.domain.account_closure import ClosureRefused, ClosureRoute, validate_closure
from hall_desk.domain.payloads import validate
from hall_desk.domain.refund_execution import (
    ExecutionShown,
    cancellation_clash,
    counts_toward_total,
    execution_shown,
    held_too_long,
)
from hall_desk.domain.refunds import COUNTED_STATES

POSTPAID, PREPAID = "后付费（全球通）", "预付费"
TRANSFER, REFUND = ClosureRoute.TRANSFER.value, ClosureRoute.REFUND.value


def closure(**changes: object) -> ac.AccountClosure:
    fields: dict[str, object] = {
        "account_type": POSTPAID, "closed_number": "13812345678", "cash_balance": "56.30",
        "card_balance": "0", "route": REFUND, "destination": "招商银行 6225 8801 2345 6789",
    }  # fmt: skip
    fields.update(changes)
    return validate_closure(**fields)  # type: ignore[arg-type]


def refused(**changes: object) -> ClosureRefused:
    with pytest.raises(ClosureRefused) as caught:
        closure(**changes)
    return caught.value


def test_a_postpaid_cash_balance_may_be_refunded_to_the_customers_account() -> None:
    done = closure()
    assert (done.balance, done.route) == (Decimal("56.30"), ClosureRoute.REFUND)
    assert done.masked_destination == "*" * (len(done.destination) - 4) + "6789"
    assert "招商" not in done.masked_destination and "6225" not in done.masked_destination


def test_a_postpaid_cash_balance_may_be_transferred_to_another_number() -> None:
    done = closure(route=TRANSFER, destination="139 1234 5678")
    assert done.destination == "13912345678" and done.masked_destination == "139****5678"


@pytest.mark.parametrize("route", [TRANSFER, REFUND])
def test_a_prepaid_balance_is_only_transferred(route: str) -> None:
    if route == TRANSFER:
        assert closure(account_type=PREPAID, route=route, destination="13912345678").balance
    else:
        error = refused(account_type=PREPAID, route=route)
        assert (error.code, error.field) == ("closure.prepaid_transfer_only", "route")


def test_a_top_up_card_balance_is_never_refunded_only_transferred() -> None:
    error = refused(card_balance="20.00")
    assert (error.code, error.field) == ("closure.card_transfer_only", "route")
    moved = closure(card_balance="20.00", route=TRANSFER, destination="13912345678")
    assert moved.balance == Decimal("76.30")


@pytest.mark.parametrize(
    ("route", "destination"),
    [(TRANSFER, "138-1234-5678"), (TRANSFER, "+86 13812345678"), (REFUND, "13812345678")],
)
def test_the_closed_number_is_never_credited(route: str, destination: str) -> None:
    error = refused(route=route, destination=destination)
    assert (error.code, error.field) == ("closure.closed_number_credited", "destination")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"cash_balance": "0", "card_balance": "0"}, "closure.balance_empty", "cash_balance"),
        ({"cash_balance": "-1"}, "closure.balance_invalid", "cash_balance"),
        ({"card_balance": "1.234"}, "closure.balance_invalid", "card_balance"),
        ({"cash_balance": "abc"}, "closure.balance_invalid", "cash_balance"),
        ({"destination": "  "}, "closure.destination_required", "destination"),
        ({"route": TRANSFER, "destination": "95555"}, "closure.destination_not_phone",
         "destination"),
        ({"closed_number": "12"}, "closure.closed_number_invalid", "closed_number"),
        ({"account_type": "现金户"}, "closure.account_type_invalid", "account_type"),
        ({"route": "现金退还"}, "closure.route_invalid", "route"),
        ({"amount": Decimal("50.00")}, "closure.amount_not_balance", "amount"),
        ({"hall_hand_over": True}, "closure.not_at_hall", "method"),
    ],
)  # fmt: skip
def test_each_broken_rule_is_named(changes: dict[str, object], code: str, field: str) -> None:
    error = refused(**changes)
    assert (error.code, error.field) == (code, field)


def test_the_catalogue_refuses_a_closure_refund_breaking_the_rules() -> None:
    good = closure().payload()
    payload = {
        "id": "5b0c6a52-2f4e-4d0e-9a53-7d9a3c1f0001", "number": "HA01-02-R261122-0001",
        "hall": "HA01", "desk": "HA01-02", "complaint_id": "c", "complaint_number": "n",
        "amount": "56.30", "state": "待审批", "method": "话费账户返还", "account_type": POSTPAID,
        "proposed_by_no": "3001", "proposed_at": "2026-11-22T02:00:00.000000Z",
        # refund v2 (issue 21): the whole state a desk writes
        **dict.fromkeys(
            [
                "item", "checked", "method_reason", "reason", "proposed_by_name",
                "decided_by_no", "decided_by_name", "decision_reason", "delegated_by_no",
                "delegated_by_name", "sent_by_no", "sent_by_name", "hq_operator",
                "signature_sha256", "signed_by_no",
            ],
            "",
        ),
        **dict.fromkeys(
            ("decided_at", "delegation_until", "sent_at", "hq_decided_at", "signed_at"), None
        ),
        "limit": "300.00", "counted_total": "56.30", "delegation_id": None, "policy_version": 1,
    }  # fmt: skip
    latest = 2  # the closure is declared on the refund family's newest version
    assert validate("refund.proposed", latest, {**payload, "closure": good}) == []
    assert validate("refund.proposed", latest, payload) == []  # not a closure refund
    bad = {**good, "account_type": PREPAID}
    (problem,) = validate("refund.proposed", latest, {**payload, "closure": bad})
    assert (problem.field, problem.rule) == ("closure", "closure.prepaid_transfer_only")


def test_what_the_hall_shows_of_execution() -> None:
    account, card = "话费账户返还", "充值卡返还"
    assert execution_shown(account, "已批准", None, closure=False, head_office_holds=False) == (
        ExecutionShown.NOT_UPLOADED
    )
    assert execution_shown(account, "已批准", None, closure=False, head_office_holds=True) == (
        ExecutionShown.AWAITING
    )
    assert execution_shown(card, "已批准", None, closure=False, head_office_holds=True) == (
        ExecutionShown.HANDED_OVER
    )
    assert execution_shown(account, "待审批", None, closure=False, head_office_holds=True) == (
        ExecutionShown.NONE
    )
    assert execution_shown(account, "已取消", "已到账", closure=False, head_office_holds=True) == (
        ExecutionShown.EXECUTED
    )
    assert cancellation_clash("已取消", "已到账") and not cancellation_clash("已批准", "已到账")
    assert counts_toward_total("已批准", "执行失败", COUNTED_STATES)
    assert counts_toward_total("总部已批准", "已到账", COUNTED_STATES)
    assert not counts_toward_total("已批准", "已取消执行", COUNTED_STATES)


def test_held_too_long_counts_working_days_of_the_holiday_calendar() -> None:
    from datetime import UTC, datetime

    received = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # Friday 10:00
    # Mon 23, Tue 24, Wed 25: three working days → due Wednesday 10:00.
    assert not held_too_long(received, datetime(2026, 11, 25, 2, 0, tzinfo=UTC), 3)
    assert held_too_long(received, datetime(2026, 11, 25, 2, 1, tzinfo=UTC), 3)
    assert not held_too_long(received, datetime(2026, 11, 25, 2, 1, tzinfo=UTC), 4)
    # Over the National Day holiday (2026-10-01 to 10-07 off; the calendar's data): received
    # Wednesday 09-30 10:00, three working days end on 10-09 (10-08 and 10-09 work) or later.
    before_holiday = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)
    assert not held_too_long(before_holiday, datetime(2026, 10, 8, 2, 1, tzinfo=UTC), 3)
