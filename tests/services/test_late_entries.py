"""Issue 20, item 2: a reply recorded after its deadline with an earlier stated time (补录) needs a
reason, is marked 补录, and counts by the time it was recorded in every timeliness figure — the
dashboard, the report, the 超时 filter, 我的跟进 — until head office accepts a store manager's
confirmation of the stated time. Callbacks recorded on a later day are 补录 too."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from hall_desk.domain.clock import FixedClock, utc_iso
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.errors import PermissionDenied, ValidationErrors
from hall_desk.domain.reporting import Timeliness, date_range
from hall_desk.services import (
    complaints,
    dashboard,
    exports,
    followup,
    lifecycle,
    reports,
    timeline,
)
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.search import ComplaintSearch, search_complaints
from hall_desk.storage.models import CallbackRecord, Complaint, CustomerReplyRecord, Event
from hall_desk.sync import downlink
from tests.conftest import T0
from tests.documents.pdftools import pdf_text, squeeze
from tests.hq.envelopes import DeskChain

NOV22 = date_range(date(2026, 11, 22), date(2026, 11, 22))


def vip_complaint(ctx: DeskContext, clerk: StaffSession) -> str:
    """A VIP complaint accepted Sunday 22 November 10:00 (Shanghai): due 18:00 the same day."""
    draft = ComplaintDraft(
        phone="13800138000",
        customer_name="陈先生",
        tier="VIP",
        main_class="电信资费",
        sub_class="资费争议/乱收费",
        description="话费多扣",
        customer_request="退费",
    )
    complaint_id = complaints.record_complaint(ctx, clerk, draft).id
    lifecycle.verify(ctx, clerk, complaint_id, verification="成立", responsibility="我方")
    return complaint_id


@pytest.fixture
def late(hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock) -> str:
    """The reply recorded the next morning, stated at 17:00 on the day (before the deadline)."""
    complaint_id = vip_complaint(ctx, hall["clerk"])
    clock.set(T0 + timedelta(days=1))
    lifecycle.reply_to_customer(
        ctx,
        hall["clerk"],
        complaint_id,
        content="已退还多扣话费",
        method="短信",
        replied_at=T0 + timedelta(hours=7),
        late_reason="当晚系统故障，次日补录",
    )
    return complaint_id


def test_a_late_entry_needs_a_reason(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    complaint_id = vip_complaint(ctx, hall["clerk"])
    clock.set(T0 + timedelta(days=1))
    with pytest.raises(ValidationErrors) as refused:
        lifecycle.reply_to_customer(
            ctx,
            hall["clerk"],
            complaint_id,
            content="已退还多扣话费",
            method="短信",
            replied_at=T0 + timedelta(hours=7),
        )
    assert "late_reason" in {e.field for e in refused.value.errors}
    assert Complaint.get_by_id(complaint_id).state == "处理中"
    # recorded before the deadline, the same stated time is an ordinary reply
    clock.set(T0 + timedelta(hours=7, minutes=30))
    lifecycle.reply_to_customer(
        ctx,
        hall["clerk"],
        complaint_id,
        content="已退还多扣话费",
        method="短信",
        replied_at=T0 + timedelta(hours=7),
    )
    row = Complaint.get_by_id(complaint_id)
    assert row.late_reply == ""
    assert row.reply_counted_at == T0 + timedelta(hours=7)


def test_a_late_entry_is_marked_and_counted_by_the_time_recorded(
    hall: dict[str, StaffSession], ctx: DeskContext, late: str
) -> None:
    row = Complaint.get_by_id(late)
    assert row.replied_at == T0 + timedelta(hours=7)  # the stated time, shown
    assert row.reply_counted_at == T0 + timedelta(days=1)  # the time it was recorded, counted
    assert row.late_reply == "补录"
    record = CustomerReplyRecord.get(CustomerReplyRecord.complaint_id == late)
    assert record.late_entry and record.late_reason == "当晚系统故障，次日补录"
    payload = json.loads(Event.select().order_by(Event.seq.desc()).first().payload)
    assert payload["late_reply"] == "补录"
    assert payload["record"]["late_entry"] is True
    assert payload["reply_counted_at"].startswith("2026-11-23T02:00:00")
    # the timeline: the reply's record says 补录, and the mark is a change of the complaint
    (entry,) = [e for e in timeline.timeline(hall["manager"], late)
                if e.action == "complaint.replied_to_customer"]  # fmt: skip
    assert entry.detail["late_entry"] is True
    assert ("late_reply", "", "补录") in [(c.field, c.before, c.after) for c in entry.changes]
    # lists: the summary carries the mark
    manager = hall["manager"]
    (summary,) = search_complaints(ctx, manager, ComplaintSearch(overdue=True))
    assert summary.id == late and summary.late_reply == "补录"


def test_the_dashboard_and_the_report_count_a_late_entry_late(
    hall: dict[str, StaffSession], ctx: DeskContext, late: str
) -> None:
    figures = dashboard.dashboard_figures(ctx, hall["manager"], NOV22)
    assert figures.total.timeliness == Timeliness(on_time=0, late=1, pending=0)
    text = squeeze(pdf_text(reports.report_pdf(ctx, hall["manager"], NOV22), layout=False))
    assert "按时/超时/未到期0/1/0" in text
    assert "回复及时率0.0%" in text


def test_the_report_lists_a_reopened_late_entry_marked(
    hall: dict[str, StaffSession], ctx: DeskContext, late: str
) -> None:
    """The report's lists mark a 补录 reply (reopened by a 不满意 callback, it is listed among the
    open complaints past their deadline)."""
    lifecycle.call_back(ctx, hall["clerk"], late, satisfaction="不满意", reason="仍未到账")
    text = squeeze(pdf_text(reports.report_pdf(ctx, hall["manager"], NOV22), layout=False))
    number = Complaint.get_by_id(late).number
    listed = text[text.index("已超时未办结（1件）") : text.index("今日剩余及明日到期")]
    assert number in listed
    assert "补录" in listed  # the state column reads 处理中·补录 (wrapped over two lines)


def test_the_overdue_filter_keeps_a_late_entry(
    hall: dict[str, StaffSession], ctx: DeskContext, late: str
) -> None:
    overdue = search_complaints(ctx, hall["manager"], ComplaintSearch(overdue=True))
    assert [s.id for s in overdue] == [late]
    assert search_complaints(ctx, hall["manager"], ComplaintSearch(overdue=False)) == []


def test_the_export_marks_and_counts_a_late_entry(
    hall: dict[str, StaffSession], ctx: DeskContext, late: str
) -> None:
    (line,) = list(exports._rows_of([late]))
    columns = {c.key: c for c in exports.complaint_columns(ctx.clock.now())}
    assert columns["overdue"].value(line) == "超时"
    assert "补录" in columns["flags"].value(line)


def test_my_follow_ups_show_a_reopened_late_entry_overdue_and_marked(
    hall: dict[str, StaffSession], ctx: DeskContext, late: str
) -> None:
    clerk = hall["clerk"]
    lifecycle.call_back(ctx, clerk, late, satisfaction="不满意", reason="仍未到账")
    (item,) = followup.follow_ups(ctx, clerk, followup.Scope.MINE)
    assert item.complaint.id == late
    assert item.complaint.late_reply == "补录"
    assert item.urgency.value == "overdue"
    assert followup.follow_up_counts(ctx, clerk, followup.Scope.MINE).overdue == 1


def test_a_store_manager_confirms_a_late_entry_but_only_head_office_makes_it_count(
    hall: dict[str, StaffSession], ctx: DeskContext, late: str
) -> None:
    with pytest.raises(PermissionDenied):
        lifecycle.confirm_late_reply(ctx, hall["leader"], late, note="我看到了短信记录")
    lifecycle.confirm_late_reply(ctx, hall["manager"], late, note="短信平台发送记录 17:00")
    row = Complaint.get_by_id(late)
    assert row.late_reply == "店长已确认"
    assert row.reply_counted_at == T0 + timedelta(days=1)  # still counted late
    event = Event.select().order_by(Event.seq.desc()).first()
    assert event.type == "complaint.late_reply_confirmed"
    assert event.actor == "1001"
    record = json.loads(event.payload)["record"]
    assert record["reply_staff_no"] == "3001" and record["note"] == "短信平台发送记录 17:00"
    figures = dashboard.dashboard_figures(ctx, hall["manager"], NOV22)
    assert figures.total.timeliness.late == 1


def test_a_store_manager_may_not_confirm_their_own_late_entry(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    manager = hall["manager"]
    complaint_id = vip_complaint(ctx, manager)
    clock.set(T0 + timedelta(days=1))
    lifecycle.reply_to_customer(
        ctx,
        manager,
        complaint_id,
        content="已退费",
        method="短信",
        replied_at=T0 + timedelta(hours=7),
        late_reason="次日补录",
    )
    with pytest.raises(PermissionDenied):
        lifecycle.confirm_late_reply(ctx, manager, complaint_id, note="确认")


def test_a_callback_recorded_on_a_later_day_is_a_late_entry(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, late: str
) -> None:
    clock.set(T0 + timedelta(days=2))
    with pytest.raises(ValidationErrors) as refused:
        lifecycle.call_back(
            ctx, hall["clerk"], late, satisfaction="满意", called_at=T0 + timedelta(days=1)
        )
    assert "late_reason" in {e.field for e in refused.value.errors}
    lifecycle.call_back(
        ctx,
        hall["clerk"],
        late,
        satisfaction="满意",
        called_at=T0 + timedelta(days=1),
        late_reason="回访记录遗漏",
    )
    record = CallbackRecord.get(CallbackRecord.complaint_id == late)
    assert record.late_entry and record.late_reason == "回访记录遗漏"


def test_head_offices_acceptance_makes_a_confirmed_late_entry_count_as_stated(
    hall: dict[str, StaffSession], ctx: DeskContext, late: str
) -> None:
    lifecycle.confirm_late_reply(ctx, hall["manager"], late, note="短信平台发送记录 17:00")
    row = Complaint.get_by_id(late)
    accepted = DeskChain("HA01-00").next(
        "complaint.late_reply_accepted",
        {"id": late, "number": row.number, "hq_accepted_at": "2026-11-23T03:00:00.000000Z",
         "operator": "li.wei", "note": "核对无误", "stated_at": utc_iso(row.replied_at)},
        actor="op:li.wei",
    )  # fmt: skip
    result = downlink.apply_page(
        [accepted], hall="HA01", desk="HA01-02", after=0, cursor=1, at=ctx.clock.now()
    )
    assert result.applied == 1, result
    row = Complaint.get_by_id(late)
    assert row.late_reply == "总部已认可"
    assert row.reply_counted_at == T0 + timedelta(hours=7)
    figures = dashboard.dashboard_figures(ctx, hall["manager"], NOV22)
    assert figures.total.timeliness == Timeliness(on_time=1, late=0, pending=0)
    assert search_complaints(ctx, hall["manager"], ComplaintSearch(overdue=True)) == []
