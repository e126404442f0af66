"""典型案例库 rules: only a closed complaint, only by its handler, the fields, the monthly count in
Shanghai months and the quarter's best."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE
from hall_desk.domain.complaints import ComplaintState
from hall_desk.domain.errors import PermissionDenied, ValidationError, ValidationErrors
from hall_desk.domain.typical_cases import (
    ALREADY_BEST,
    BEST_FULL,
    MAX_LEN,
    NOT_BEST,
    NOT_CLOSED,
    NOT_HANDLER,
    CaseRefused,
    QuotaStatus,
    TypicalCaseDraft,
    check_may_mark_best,
    check_may_unmark,
    check_may_write_up,
    count_in_month,
    month_bounds,
    month_of,
    quarter_bounds,
    quarter_of,
    validate_case,
)


def good_draft(**changes: str) -> TypicalCaseDraft:
    draft = TypicalCaseDraft(
        title="国际漫游费误收", main_class="电信资费", sub_class="资费争议/乱收费",
        background="客户未出境却被收取漫游费", handling="查基站记录后退费", lessons="先核实后退费",
    )  # fmt: skip
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def test_a_complete_write_up_is_accepted_trimmed() -> None:
    text = validate_case(good_draft(title="  国际漫游费误收 "), DEFAULT_CATALOGUE)
    assert text.title == "国际漫游费误收"
    assert (text.main_class, text.sub_class) == ("电信资费", "资费争议/乱收费")


def test_every_missing_or_too_long_field_is_named_at_once() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_case(
            good_draft(
                title="", background=" ", lessons="长" * (MAX_LEN["lessons"] + 1), main_class=""
            ),
            DEFAULT_CATALOGUE,
        )
    found = {(e.field, e.code) for e in caught.value.errors}
    assert found == {
        ("title", "text.required"), ("background", "text.required"),
        ("lessons", "text.too_long"), ("main_class", "choice.required"),
    }  # fmt: skip


def test_the_class_must_be_of_the_catalogue() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_case(good_draft(sub_class="信号差"), DEFAULT_CATALOGUE)
    assert [(e.field, e.code) for e in caught.value.errors] == [("sub_class", "choice.invalid")]


@pytest.mark.parametrize("state", [s for s in ComplaintState if s is not ComplaintState.CLOSED])
def test_only_a_closed_complaint_is_written_up(state: ComplaintState) -> None:
    with pytest.raises(CaseRefused) as caught:
        check_may_write_up(
            state=state.value,
            number="N1",
            staff_no="3001",
            first_responder_no="3001",
            handler_no="",
        )
    assert caught.value.code == NOT_CLOSED and caught.value.params["state"] == state.value


@pytest.mark.parametrize(
    ("staff_no", "allowed"), [("3001", True), ("3002", True), ("2001", False), ("1001", False)]
)
def test_only_by_its_handler(staff_no: str, allowed: bool) -> None:
    """The first responder (3001) or the colleague it was transferred to (3002); not even a
    leader or the store manager writes up someone else's case."""

    def check() -> None:
        check_may_write_up(
            state="已归档",
            number="N1",
            staff_no=staff_no,
            first_responder_no="3001",
            handler_no="3002",
        )

    if allowed:
        check()
    else:
        with pytest.raises(PermissionDenied) as caught:
            check()
        assert caught.value.code == NOT_HANDLER


def test_an_empty_handler_is_nobody() -> None:
    with pytest.raises(PermissionDenied):
        check_may_write_up(
            state="已归档", number="N1", staff_no="", first_responder_no="3001", handler_no=""
        )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_months_are_shanghai_calendar_months() -> None:
    # 31 October 23:30 in Shanghai is 15:30 UTC; 1 November 00:10 in Shanghai is 31 Oct 16:10 UTC.
    last_of_october = utc(2026, 10, 31, 15, 30)
    first_of_november = utc(2026, 10, 31, 16, 10)
    assert month_of(last_of_october) == (2026, 10)
    assert month_of(first_of_november) == (2026, 11)
    start, end = month_bounds(2026, 11)
    assert (start, end) == (utc(2026, 10, 31, 16), utc(2026, 11, 30, 16))
    times = [last_of_october, first_of_november, utc(2026, 11, 30, 15, 59), utc(2026, 11, 30, 16)]
    assert count_in_month(times, 2026, 11) == 2
    assert count_in_month(times, 2026, 10) == 1
    assert count_in_month(times, 2026, 12) == 1


def test_december_ends_at_the_new_year_in_shanghai() -> None:
    assert month_bounds(2026, 12) == (utc(2026, 11, 30, 16), utc(2026, 12, 31, 16))


def test_quota_status() -> None:
    assert QuotaStatus("3001", "张三", 1, 2).missing == 1
    assert not QuotaStatus("3001", "张三", 1, 2).met
    assert QuotaStatus("3001", "张三", 3, 2).met and QuotaStatus("3001", "张三", 3, 2).missing == 0


@pytest.mark.parametrize(
    ("at", "quarter"),
    [
        (utc(2026, 9, 30, 15, 59), "2026Q3"),
        (utc(2026, 9, 30, 16, 0), "2026Q4"),  # 1 October 00:00 in Shanghai
        (utc(2026, 12, 31, 15, 59), "2026Q4"),
        (utc(2026, 12, 31, 16, 0), "2027Q1"),
    ],
)
def test_quarters_are_shanghai_quarters(at: datetime, quarter: str) -> None:
    assert quarter_of(at) == quarter
    start, end = quarter_bounds(quarter)
    assert start <= at < end


@pytest.mark.parametrize("bad", ["2026Q5", "2026Q0", "2026-4", "26Q4", ""])
def test_a_bad_quarter_is_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        quarter_bounds(bad)


def test_at_most_the_limit_of_best_cases_a_quarter() -> None:
    for marked in range(5):
        check_may_mark_best(already_best=None, quarter="2026Q4", marked_in_quarter=marked, limit=5)
    with pytest.raises(CaseRefused) as caught:
        check_may_mark_best(already_best=None, quarter="2026Q4", marked_in_quarter=5, limit=5)
    assert caught.value.code == BEST_FULL and caught.value.params == {
        "quarter": "2026Q4",
        "limit": 5,
    }


def test_a_case_is_marked_once_and_unmarked_only_when_marked() -> None:
    with pytest.raises(CaseRefused) as caught:
        check_may_mark_best(already_best="2026Q4", quarter="2026Q4", marked_in_quarter=1, limit=5)
    assert caught.value.code == ALREADY_BEST
    check_may_unmark("2026Q4")
    with pytest.raises(CaseRefused) as unmarked:
        check_may_unmark(None)
    assert unmarked.value.code == NOT_BEST
