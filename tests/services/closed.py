"""Complaints taken through to 已归档, and written up as typical cases (for the typical-case and
export tests)."""

from __future__ import annotations

from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services import complaints, lifecycle
from hall_desk.services import typical_cases as cases
from hall_desk.services.context import DeskContext, StaffSession


def recorded(ctx: DeskContext, clerk: StaffSession, **changes: object) -> str:
    draft = ComplaintDraft(
        phone="13812345678", customer_name="陈先生", main_class="电信资费",
        sub_class="资费争议/乱收费", description="话费多扣了五元", customer_request="退费",
    )  # fmt: skip
    for key, value in changes.items():
        setattr(draft, key, value)
    return complaints.record_complaint(ctx, clerk, draft).id


def close(ctx: DeskContext, session: StaffSession, complaint_id: str) -> None:
    lifecycle.verify(ctx, session, complaint_id, verification="成立", responsibility="我方")
    # by SMS: some tests close complaints late at night, when a phone call needs a reason (issue 20)
    lifecycle.reply_to_customer(ctx, session, complaint_id, content="已退还 5 元", method="短信")
    lifecycle.close(ctx, session, complaint_id)


def closed(ctx: DeskContext, clerk: StaffSession, **changes: object) -> str:
    complaint_id = recorded(ctx, clerk, **changes)
    close(ctx, clerk, complaint_id)
    return complaint_id


def write(
    ctx: DeskContext, session: StaffSession, complaint_id: str, **changes: str
) -> cases.CaseView:
    draft = cases.draft_for(ctx, session, complaint_id)
    draft.title = changes.pop("title", "多扣话费的核实")
    draft.background = changes.pop("background", "客户反映话费被多扣五元")
    draft.handling = changes.pop("handling", "调取详单，确认计费错误后退费")
    draft.lessons = changes.pop("lessons", "先核实、后退费，答复要具体")
    for key, value in changes.items():
        setattr(draft, key, value)
    return cases.write_up(ctx, session, complaint_id, draft)
