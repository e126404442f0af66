"""Issue 20, item 6: next year's holidays. Head office publishes them in the policy document's
``calendar`` section; desks count by it before chinese-calendar's data; a 估 deadline is replaced
once by ``complaint.deadline_corrected`` (已更正, the estimate kept beside it); fixed deadlines are
left alone; a complaint answered before the calendar arrived never turns late by it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from hall_desk.domain.clock import SHANGHAI, FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.errors import ValidationError, ValidationErrors
from hall_desk.domain.policy_document import parse_calendar, parse_policy_document
from hall_desk.domain.reporting import date_range
from hall_desk.domain.workdays import CHINESE_CALENDAR
from hall_desk.services import complaints, dashboard, lifecycle
from hall_desk.services.complaints import complaint_summary
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.deadline_corrections import correct_estimated_deadlines
from hall_desk.storage.models import Complaint, Event
from hall_desk.sync import downlink
from tests.hq.envelopes import DeskChain

# chinese-calendar's data ends with 2026 in this environment (the tests say so first).
CALENDAR_2027 = {
    "years": [2027],
    # 元旦 Friday 1 January; 春节 …
    "holidays": ["2027-01-01", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09",
                 "2027-02-10", "2027-02-11", "2027-02-12"],
    # made-up for the test: the first weekend of 2027 worked (调休)
    "workdays": ["2027-01-02", "2027-01-03"],
}  # fmt: skip
ACCEPTED = datetime(2026, 12, 31, 10, 0, tzinfo=SHANGHAI)  # Thursday
ESTIMATE = datetime(2027, 1, 6, 10, 0, tzinfo=SHANGHAI)  # 01-01, 01-04, 01-05, 01-06 (Mon–Fri)
CORRECTED = datetime(2027, 1, 5, 10, 0, tzinfo=SHANGHAI)  # 01-02, 01-03 (worked), 01-04, 01-05


def network(phone: str, coordination: str = "跨省") -> ComplaintDraft:
    return ComplaintDraft(
        phone=phone,
        customer_name="陈先生",
        main_class="网络质量",
        sub_class="边界漫游",
        description="跨省漫游无信号",
        customer_request="尽快修复",
        network_urgency="一般",
        coordination=coordination,
    )


def publish(ctx: DeskContext, calendar: dict[str, Any], version: int = 2) -> None:
    policy = {"version": version, "calendar": calendar}
    event = DeskChain("HA01-00").next(
        "policy.set", {"version": version, "policy": policy}, actor="op:ops"
    )
    result = downlink.apply_page(
        [event], hall="HA01", desk="HA01-02", after=0, cursor=1, at=ctx.clock.now()
    )
    assert result.policy_changed


def test_the_package_has_no_2027_data_here() -> None:
    assert CHINESE_CALENDAR.last_known_year() == 2026


def test_the_calendar_section_is_validated_on_its_own() -> None:
    assert parse_calendar(CALENDAR_2027).is_working_day(datetime(2027, 1, 2).date()) is True
    bad = {
        "years": [2027],
        "holidays": ["2027-01-01", "2027-02-30", "2028-01-01", "2027-01-01"],
        "workdays": ["2027-01-01", "2027-01-05"],
    }
    with pytest.raises(ValidationErrors) as refused:
        parse_calendar(bad)
    codes = sorted(e.code for e in refused.value.errors)
    assert codes == [
        "calendar.date",  # 30 February
        "calendar.duplicate",
        "calendar.outside_years",
        "calendar.overlap",  # both a holiday and a working day
        "calendar.workday_not_weekend",  # a make-up working day on a Tuesday
    ]
    with pytest.raises(ValidationError):
        parse_calendar(["2027-01-01"])
    with pytest.raises(ValidationErrors) as refused:
        parse_policy_document({"version": 2, "calendar": {"years": ["2027"]}})
    assert refused.value.fields() == ["calendar.years.0"]


def test_a_published_calendar_counts_before_the_package(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clock.set(ACCEPTED)
    estimated = complaints.record_complaint(ctx, hall["clerk"], network("13800000001"))
    assert estimated.deadlines.estimated
    assert estimated.deadlines.reply_due == ESTIMATE
    publish(ctx, CALENDAR_2027)
    counted = complaints.record_complaint(ctx, hall["clerk"], network("13800000002"))
    assert not counted.deadlines.estimated
    assert counted.deadlines.reply_due == CORRECTED


def test_a_2027_calendar_corrects_estimates_once_leaves_fixed_ones_and_never_turns_answered_late(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clerk = hall["clerk"]
    clock.set(datetime(2026, 12, 21, 10, 0, tzinfo=SHANGHAI))  # Monday: + 4 stays in 2026
    fixed = complaints.record_complaint(ctx, clerk, network("13800000009")).id
    clock.set(ACCEPTED)
    ordinary = complaints.record_complaint(
        ctx, clerk, ComplaintDraft(phone="13800000003", customer_name="李女士",
                                   main_class="电信资费", sub_class="资费争议/乱收费",
                                   description="多扣", customer_request="退费")
    ).id  # fmt: skip
    open_one = complaints.record_complaint(ctx, clerk, network("13800000001")).id
    answered = complaints.record_complaint(ctx, clerk, network("13800000002")).id
    # answered 5 January 12:00: after the corrected deadline, before the estimate
    lifecycle.verify(ctx, clerk, answered, verification="成立", responsibility="我方")
    clock.set(datetime(2027, 1, 5, 12, 0, tzinfo=SHANGHAI))
    lifecycle.reply_to_customer(ctx, clerk, answered, content="已修复", method="短信")
    untouched = {
        c: (Complaint.get_by_id(c).reply_due, Complaint.get_by_id(c).reply_due_estimated)
        for c in (fixed, ordinary)
    }
    assert Complaint.get_by_id(open_one).reply_due == ESTIMATE

    publish(ctx, CALENDAR_2027)
    before = Event.select().count()
    corrected = correct_estimated_deadlines(ctx)
    assert sorted(corrected) == sorted(Complaint.get_by_id(c).number for c in (open_one, answered))
    assert Event.select().count() == before + 2
    events = list(Event.select().where(Event.seq > before).order_by(Event.seq))
    assert {e.type for e in events} == {"complaint.deadline_corrected"}
    assert {e.actor for e in events} == {"desk:HA01-02"}

    row = Complaint.get_by_id(open_one)
    assert row.reply_due == CORRECTED and row.reply_due_estimate == ESTIMATE
    assert not row.reply_due_estimated
    summary = complaint_summary(row)
    assert summary.deadline_corrected and not summary.deadline_estimated
    payload = json.loads(events[0].payload)
    assert payload["reply_due_estimate"] == "2027-01-06T02:00:00.000000Z"
    assert payload["changes"]["reply_due"] == [
        "2027-01-06T02:00:00.000000Z",
        "2027-01-05T02:00:00.000000Z",
    ]

    # answered before the calendar arrived: the later of the two applies, so it stays on time
    row = Complaint.get_by_id(answered)
    assert row.reply_due == ESTIMATE and row.reply_due_estimate == ESTIMATE
    figures = dashboard.dashboard_figures(
        ctx, hall["manager"], date_range(ACCEPTED.date(), ACCEPTED.date())
    )
    # late: open_one (open past its corrected deadline) and ordinary (open past 48 h); on time:
    # answered, although answered after the corrected deadline
    assert (figures.total.timeliness.on_time, figures.total.timeliness.late) == (1, 2)

    for complaint_id, held in untouched.items():
        row = Complaint.get_by_id(complaint_id)
        assert (row.reply_due, row.reply_due_estimated) == held
        assert row.reply_due_estimate is None
    # once only
    assert correct_estimated_deadlines(ctx) == []
    assert Event.select().count() == before + 2
