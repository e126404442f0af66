"""Issue 20, item 5: a complaint marked 媒体记者 (at intake or later) is 重要投诉, flagged in every
list and transferred to head office (转总部, the first responder stays) by the same save; the desk
shows the instruction with 综合部's number from the policy and records who reported it and when; if
the upload has not reached head office within 5 minutes, 我的跟进 and the status bar say so until
it has (against a real head office)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.complaints import MEDIA_NOT_DELIVERED, ComplaintDraft, media_instruction
from hall_desk.domain.lifecycle import StepRefused
from hall_desk.domain.policy_document import parse_policy_document
from hall_desk.services import complaints, exports, followup, lifecycle, sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.search import ComplaintSearch, search_complaints
from hall_desk.storage.models import Complaint, Event, TransferRecord
from tests.conftest import T0
from tests.hq.live import LiveHQ


def draft(*, media: bool = False, phone: str = "13800138000") -> ComplaintDraft:
    return ComplaintDraft(
        phone=phone,
        customer_name="记者刘某",
        main_class="电信服务",
        sub_class="服务态度",
        description="营业员态度恶劣",
        customer_request="道歉",
        media=media,
    )


def test_the_instruction_names_the_general_office_number_from_the_policy() -> None:
    document = parse_policy_document({"version": 2, "general_office_phone": "0571-87654321"})
    text = media_instruction(document.policy.general_office_phone)
    assert "综合部" in text and "0571-87654321" in text
    assert "不得接受采访" in text and "书面说明" in text
    assert MEDIA_NOT_DELIVERED == "媒体投诉未送达总部，请电话报告"


def test_a_media_complaint_goes_to_head_office_in_the_same_save(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    before = Event.select().count()
    recorded = complaints.record_complaint(ctx, hall["clerk"], draft(media=True))
    row = Complaint.get_by_id(recorded.id)
    assert (row.media, row.important, row.state) == (True, True, "已转派")
    assert (row.handler_kind, row.handler_name) == ("head_office", "总部")
    assert row.first_responder_no == "3001"
    events = list(Event.select().where(Event.seq > before).order_by(Event.seq))
    assert [e.type for e in events] == ["complaint.created", "complaint.transferred"]
    transferred = json.loads(events[1].payload)
    assert transferred["report_to_hq_now"] is True
    assert transferred["record"]["to_kind"] == "head_office"
    assert TransferRecord.get(TransferRecord.complaint_id == recorded.id).to_name == "总部"
    (listed,) = search_complaints(ctx, hall["manager"], ComplaintSearch())
    assert listed.media and listed.important
    (line,) = list(exports._rows_of([recorded.id]))
    flags = {c.key: c for c in exports.complaint_columns(ctx.clock.now())}["flags"]
    assert "媒体" in flags.value(line)


def test_marking_it_later_transfers_it_too(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    clerk = hall["clerk"]
    complaint_id = complaints.record_complaint(ctx, clerk, draft()).id
    with pytest.raises(StepRefused):
        lifecycle.record_media_report(ctx, clerk, complaint_id)
    lifecycle.upgrade(ctx, clerk, complaint_id, source="媒体", tendency="有曝光倾向")
    row = Complaint.get_by_id(complaint_id)
    assert (row.media, row.important, row.state, row.handler_name) == (True, True, "已转派", "总部")
    types = [e.type for e in Event.select().order_by(Event.seq.desc()).limit(2)]
    assert types == ["complaint.transferred", "complaint.upgraded"]
    reported = lifecycle.record_media_report(ctx, clerk, complaint_id)
    assert reported.media_reported_by == "张三（3001）"
    assert reported.media_reported_at == ctx.clock.now()


def test_undelivered_for_five_minutes_says_so_until_head_office_has_it(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
    registered: str,
    hq: LiveHQ,
) -> None:
    clerk = hall["clerk"]
    recorded = complaints.record_complaint(ctx, clerk, draft(media=True))
    complaints.record_complaint(ctx, clerk, draft(phone="13800138001"))  # not media
    clock.set(T0 + timedelta(minutes=4, seconds=59))
    assert followup.undelivered_media_complaints(ctx, clerk) == []
    clock.set(T0 + timedelta(minutes=5))
    (late,) = followup.undelivered_media_complaints(ctx, clerk)
    assert (late.complaint_id, late.number, late.since) == (recorded.id, recorded.number, T0)
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert (report.quarantined, report.refused) == (0, 0)  # head office applied 已转派 too
    assert followup.undelivered_media_complaints(ctx, clerk) == []
