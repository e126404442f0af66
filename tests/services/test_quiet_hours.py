"""Issue 20, item 4: no calls to customers 22:00–08:00 (Asia/Shanghai). A planned callback time
(约定回访时间) or a promised time inside the quiet hours moves to the next 08:00; a phone reply or
callback whose stated call time falls in them needs a reason (客户要求 / 客户来电) and a note. SMS,
letter and e-mail are not calls."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from hall_desk.domain.clock import SHANGHAI, FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.errors import ValidationErrors
from hall_desk.domain.lifecycle import planned_call_time, validate_progress
from hall_desk.services import complaints, lifecycle
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import CallbackRecord, Complaint, CustomerReplyRecord, Event

# The complaint is accepted Sunday 22 November 2026 10:00 (tests.conftest.T0) and answered late
# that evening; "now" is the next morning.
EVENING = datetime(2026, 11, 22, 23, 30, tzinfo=SHANGHAI)
NEXT_MORNING = datetime(2026, 11, 23, 8, 0, tzinfo=SHANGHAI)


def shanghai(at: datetime) -> datetime:
    return at.astimezone(SHANGHAI)


@pytest.fixture
def handled(hall: dict[str, StaffSession], ctx: DeskContext) -> str:
    draft = ComplaintDraft(
        phone="13800138000",
        customer_name="陈先生",
        main_class="电信资费",
        sub_class="资费争议/乱收费",
        description="话费多扣",
        customer_request="退费",
    )
    complaint_id = complaints.record_complaint(ctx, hall["clerk"], draft).id
    lifecycle.verify(ctx, hall["clerk"], complaint_id, verification="成立", responsibility="我方")
    return complaint_id


def test_the_moved_time_is_what_the_form_shows() -> None:
    assert planned_call_time(EVENING) == NEXT_MORNING
    early = datetime(2026, 11, 23, 6, 15, tzinfo=SHANGHAI)
    assert planned_call_time(early) == NEXT_MORNING
    day = datetime(2026, 11, 23, 14, 0, tzinfo=SHANGHAI)
    assert planned_call_time(day) == day
    evening = datetime(2026, 11, 22, 21, 59, tzinfo=SHANGHAI)
    assert planned_call_time(evening) == evening


def test_a_planned_callback_at_23_30_moves_to_08_00(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, handled: str
) -> None:
    clock.set(datetime(2026, 11, 22, 15, 0, tzinfo=SHANGHAI))
    lifecycle.reply_to_customer(
        ctx,
        hall["clerk"],
        handled,
        content="已退还多扣话费",
        method="短信",
        planned_callback_at=EVENING,
    )
    row = Complaint.get_by_id(handled)
    assert shanghai(row.planned_callback_at) == NEXT_MORNING
    record = CustomerReplyRecord.get(CustomerReplyRecord.complaint_id == handled)
    assert shanghai(record.planned_callback_at) == NEXT_MORNING
    payload = json.loads(Event.select().order_by(Event.seq.desc()).first().payload)
    assert payload["planned_callback_at"] == "2026-11-23T00:00:00.000000Z"


def test_a_promised_time_in_a_progress_note_moves_to_08_00(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, handled: str
) -> None:
    clock.set(datetime(2026, 11, 22, 15, 0, tzinfo=SHANGHAI))
    now = clock.now()
    assert validate_progress("正在核查", EVENING, now=now).promised_at == NEXT_MORNING
    lifecycle.note_progress(
        ctx, hall["clerk"], handled, told_customer="正在核查", promised_at=EVENING
    )
    assert shanghai(Complaint.get_by_id(handled).promised_at) == NEXT_MORNING


def test_a_phone_callback_stated_at_23_30_needs_a_reason_and_a_note(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, handled: str
) -> None:
    clerk = hall["clerk"]
    clock.set(datetime(2026, 11, 22, 15, 0, tzinfo=SHANGHAI))
    lifecycle.reply_to_customer(ctx, clerk, handled, content="已退还多扣话费", method="短信")
    clock.set(datetime(2026, 11, 22, 23, 40, tzinfo=SHANGHAI))  # recorded the same evening
    with pytest.raises(ValidationErrors) as refused:
        lifecycle.call_back(ctx, clerk, handled, satisfaction="满意", called_at=EVENING)
    assert {"quiet_reason", "quiet_note"} <= set(refused.value.fields())
    with pytest.raises(ValidationErrors) as refused:
        lifecycle.call_back(
            ctx, clerk, handled, satisfaction="满意", called_at=EVENING, quiet_reason="客户来电"
        )
    assert refused.value.fields() == ["quiet_note"]
    assert CallbackRecord.select().count() == 0
    lifecycle.call_back(
        ctx,
        clerk,
        handled,
        satisfaction="满意",
        called_at=EVENING,
        quiet_reason="客户来电",
        quiet_note="客户晚上主动来电询问退费",
    )
    record = CallbackRecord.get(CallbackRecord.complaint_id == handled)
    assert (record.quiet_reason, record.quiet_note) == ("客户来电", "客户晚上主动来电询问退费")


def test_the_stated_call_time_counts_not_the_time_of_entry(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, handled: str
) -> None:
    clerk = hall["clerk"]
    # entered at 23:40 for a call made at 21:00: no reason needed
    clock.set(datetime(2026, 11, 22, 23, 40, tzinfo=SHANGHAI))
    lifecycle.reply_to_customer(
        ctx,
        clerk,
        handled,
        content="已退还多扣话费",
        method="电话",
        replied_at=datetime(2026, 11, 22, 21, 0, tzinfo=SHANGHAI),
    )
    # a phone reply stated at 23:30 needs one
    with pytest.raises(ValidationErrors) as refused:
        lifecycle.reply_to_customer(
            ctx, clerk, handled, content="补充说明", method="电话", replied_at=EVENING
        )
    assert "quiet_reason" in refused.value.fields()


@pytest.mark.parametrize("method", ["短信", "信函", "电子邮件"])
def test_sms_letter_and_email_are_not_calls(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
    handled: str,
    method: str,
) -> None:
    clock.set(datetime(2026, 11, 22, 23, 40, tzinfo=SHANGHAI))
    lifecycle.reply_to_customer(
        ctx, hall["clerk"], handled, content="已退费", method=method, replied_at=EVENING
    )
    lifecycle.call_back(
        ctx, hall["clerk"], handled, satisfaction="满意", called_at=EVENING, method=method
    )
    assert CallbackRecord.get(CallbackRecord.complaint_id == handled).quiet_reason == ""
