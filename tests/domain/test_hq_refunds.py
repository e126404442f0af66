"""Head office's refund rules (issue 16): each level's boundary, the whole complaint counted,
recommendation and decision chain, separation of duties, and the execution's checks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hall_desk.domain.errors import ValidationError, ValidationErrors
from hall_desk.domain.hq_refunds import (
    ALREADY_EXECUTED,
    DECIDER_EXECUTES,
    DEFAULT_HQ_LEVELS,
    EXECUTION_CANCELLED,
    NOT_DECIDER,
    NOT_EXECUTABLE,
    NOT_EXECUTOR,
    NOT_FAILED,
    NOT_RECOMMENDER,
    OVER_LEVEL,
    RECOMMENDER_DECIDES,
    WITHIN_LEVEL,
    ExecutionRecord,
    HQLevels,
    HQRole,
    check_cancellable_execution,
    check_decision,
    check_recommendation,
    check_recordable,
    complaint_total,
    counts,
    credited_matches,
    needed_role,
    needs_execution,
    parse_hq_levels,
    validate_reference,
)
from hall_desk.domain.policy_document import (
    POLICY_FORMAT,
    parse_policy_document,
    policy_document,
)
from hall_desk.domain.refunds import ExecutionState, RefundRefused, RefundState

D = Decimal
LEVELS = DEFAULT_HQ_LEVELS


def refused(call: object, *args: object, **kwargs: object) -> RefundRefused:
    with pytest.raises(RefundRefused) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value


# -- levels -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "needed"),
    [
        ("300.00", HQRole.DIRECTOR),  # the store manager's limit: above it comes to head office
        ("300.01", HQRole.DIRECTOR),
        ("500.00", HQRole.DIRECTOR),
        ("500.01", HQRole.DEPARTMENT_HEAD),
        ("1000.00", HQRole.DEPARTMENT_HEAD),
        ("1000.01", HQRole.LEADERSHIP),
    ],
)
def test_each_levels_boundary(total: str, needed: HQRole) -> None:
    amount = D(total)
    assert needed_role(amount, LEVELS) is needed
    deciders = [HQRole.DIRECTOR, HQRole.DEPARTMENT_HEAD, HQRole.LEADERSHIP]
    for role in deciders:
        allowed = deciders.index(role) >= deciders.index(needed)
        if allowed:
            check_decision(role, amount, LEVELS, decider="x")
        else:
            error = refused(check_decision, role, amount, LEVELS, decider="x")
            assert error.code == OVER_LEVEL
            assert error.params["total"] == total and error.params["needed"] == needed.value
            assert error.params["role"] == role.value


def test_roles_that_decide_nothing_are_refused() -> None:
    for role in (HQRole.OPERATOR, HQRole.SUPERVISOR, HQRole.AUDITOR):
        assert refused(check_decision, role, D("1"), LEVELS, decider="x").code == NOT_DECIDER


def test_the_whole_complaint_is_counted_a_second_refund_crossing_a_level_goes_higher() -> None:
    first = (D("400.00"), RefundState.HEAD_OFFICE_APPROVED, ExecutionState.EXECUTED)
    second = (D("200.00"), RefundState.AWAITING_HEAD_OFFICE, None)
    total = complaint_total([first, second])
    assert total == D("600.00")
    assert needed_role(total, LEVELS) is HQRole.DEPARTMENT_HEAD
    assert refused(check_decision, HQRole.DIRECTOR, total, LEVELS, decider="d").code == OVER_LEVEL
    check_decision(HQRole.DEPARTMENT_HEAD, total, LEVELS, decider="h")
    # alone, the second refund would be the director's
    assert needed_role(D("200.00"), LEVELS) is HQRole.DIRECTOR


def test_what_counts_executed_and_failed_count_cancelled_execution_does_not() -> None:
    approved = RefundState.HEAD_OFFICE_APPROVED
    assert counts(approved, None) and counts(approved, ExecutionState.AWAITING)
    assert counts(approved, ExecutionState.EXECUTED) and counts(approved, ExecutionState.FAILED)
    assert not counts(approved, ExecutionState.CANCELLED)
    assert not counts(RefundState.REFUSED, None) and not counts(RefundState.CANCELLED, None)
    assert counts(RefundState.PENDING, None)  # pending included (DOMAIN.md)
    rows = [
        (D("100"), RefundState.APPROVED, ExecutionState.EXECUTED),
        (D("50"), RefundState.APPROVED, ExecutionState.FAILED),
        (D("70"), RefundState.APPROVED, ExecutionState.CANCELLED),
        (D("30"), RefundState.HEAD_OFFICE_REFUSED, None),
    ]
    assert complaint_total(rows) == D("150")


def test_a_director_recommends_above_their_level_and_does_not_decide_it() -> None:
    check_recommendation(HQRole.DIRECTOR, D("500.01"), LEVELS)
    assert refused(check_recommendation, HQRole.DIRECTOR, D("500.00"), LEVELS).code == (
        WITHIN_LEVEL
    )
    for role in (HQRole.DEPARTMENT_HEAD, HQRole.LEADERSHIP, HQRole.OPERATOR):
        assert refused(check_recommendation, role, D("800"), LEVELS).code == NOT_RECOMMENDER
    # the chain: recommended by zhou.min (director), decided by another
    check_decision(
        HQRole.DEPARTMENT_HEAD, D("800"), LEVELS, decider="wu.bo", recommended_by="zhou.min"
    )
    # the recommender, even promoted to a deciding level, does not decide what they recommended
    error = refused(
        check_decision,
        HQRole.LEADERSHIP,
        D("800"),
        LEVELS,
        decider="zhou.min",
        recommended_by="zhou.min",
    )
    assert error.code == RECOMMENDER_DECIDES


def test_levels_come_from_the_policy_section_checked_on_its_own() -> None:
    levels = parse_hq_levels({"director": "600", "department_head": "2000.50"})
    assert levels == HQLevels(D("600.00"), D("2000.50"))
    assert needed_role(D("600.00"), levels) is HQRole.DIRECTOR
    assert parse_hq_levels({}) == DEFAULT_HQ_LEVELS
    for bad, field in (
        ({"director": 500}, "hq_levels.director"),
        ({"director": "0"}, "hq_levels.director"),
        ({"director": "1.005"}, "hq_levels.director"),
        ({"leadership": "9"}, "hq_levels.leadership"),
    ):
        with pytest.raises(ValidationErrors) as caught:
            parse_hq_levels(bad)
        assert [e.field for e in caught.value.errors] == [field]
    with pytest.raises(ValidationError) as order:
        parse_hq_levels({"director": "1200"})
    assert order.value.code == "policy.hq_levels_order"
    # In the document: one bad section, the rest still named; the format version is 4 (issue 23
    # made it 3, issue 20 4).
    with pytest.raises(ValidationErrors) as both:
        parse_policy_document({"version": 2, "hq_levels": {"director": "x"}, "regulator_days": 0})
    assert {e.field for e in both.value.errors} == {"hq_levels.director", "regulator_days"}
    document = parse_policy_document({"version": 3, "hq_levels": {"director": "450"}})
    written = policy_document(document)
    assert written["hq_levels"] == {"director": "450.00", "department_head": "1000.00"}
    assert written["format"] == POLICY_FORMAT == 5
    assert parse_policy_document(written).hq_levels.director == D("450.00")
    assert parse_policy_document({"version": 2}).hq_levels == DEFAULT_HQ_LEVELS
    with pytest.raises(ValidationErrors):
        parse_policy_document({"version": 2, "format": POLICY_FORMAT + 1})


# -- execution ----------------------------------------------------------------------------------


def test_what_head_office_executes() -> None:
    account, card = "话费账户返还", "充值卡返还"
    assert needs_execution(RefundState.APPROVED, account)
    assert needs_execution(RefundState.HEAD_OFFICE_APPROVED, account)
    assert not needs_execution(RefundState.APPROVED, card)  # handed over at the hall
    for state in (
        RefundState.PENDING,
        RefundState.AWAITING_HEAD_OFFICE,
        RefundState.HEAD_OFFICE_REFUSED,
        RefundState.CANCELLED,
    ):
        assert not needs_execution(state, account)


def test_recording_an_execution_checks_role_state_and_separation_of_duties() -> None:
    ok = {"role": HQRole.OPERATOR, "operator": "wang.wu", "decided_by": "zhou.min"}
    check_recordable(RefundState.HEAD_OFFICE_APPROVED, "话费账户返还", None, **ok)  # type: ignore[arg-type]
    failed = ExecutionRecord(ExecutionState.FAILED, "li.wei", "李伟", "t")
    check_recordable(RefundState.APPROVED, "话费账户返还", failed, **ok)  # type: ignore[arg-type]  # a retry
    done = ExecutionRecord(ExecutionState.EXECUTED, "li.wei", "李伟", "2026-12-07T02:00:00Z")
    error = refused(check_recordable, RefundState.APPROVED, "话费账户返还", done, **ok)
    assert error.code == ALREADY_EXECUTED and error.params["by_name"] == "李伟"
    gone = ExecutionRecord(ExecutionState.CANCELLED, "li.wei", "李伟", "t")
    error = refused(check_recordable, RefundState.APPROVED, "话费账户返还", gone, **ok)
    assert error.code == EXECUTION_CANCELLED
    error = refused(check_recordable, RefundState.APPROVED, "充值卡返还", None, **ok)
    assert error.code == NOT_EXECUTABLE
    error = refused(check_recordable, RefundState.CANCELLED, "话费账户返还", None, **ok)
    assert error.code == NOT_EXECUTABLE
    decider = {**ok, "operator": "zhou.min"}
    error = refused(
        check_recordable, RefundState.HEAD_OFFICE_APPROVED, "话费账户返还", None, **decider
    )
    assert error.code == DECIDER_EXECUTES
    for role in (HQRole.DIRECTOR, HQRole.LEADERSHIP, HQRole.AUDITOR):
        wrong = {**ok, "role": role}
        error = refused(check_recordable, RefundState.APPROVED, "话费账户返还", None, **wrong)
        assert error.code == NOT_EXECUTOR
    check_recordable(
        RefundState.APPROVED,
        "话费账户返还",
        None,
        role=HQRole.SUPERVISOR,
        operator="s",
        decided_by=None,
    )


def test_only_a_failed_execution_is_cancelled() -> None:
    kw = {"role": HQRole.OPERATOR, "operator": "wang.wu", "decided_by": None}
    failed = ExecutionRecord(ExecutionState.FAILED, "li.wei", "李伟", "t")
    check_cancellable_execution(failed, **kw)  # type: ignore[arg-type]
    assert refused(check_cancellable_execution, None, **kw).code == NOT_FAILED
    done = ExecutionRecord(ExecutionState.EXECUTED, "li.wei", "李伟", "t")
    assert refused(check_cancellable_execution, done, **kw).code == ALREADY_EXECUTED


def test_amount_and_reference() -> None:
    assert credited_matches(D("450.00"), D("450"))
    assert not credited_matches(D("449.99"), D("450.00"))
    assert validate_reference(" BILL-0001 ") == "BILL-0001"
    for bad in ("", "   ", "有中文", "a b", "x" * 65):
        with pytest.raises(ValidationError):
            validate_reference(bad)
