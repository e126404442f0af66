"""Issue 17 (转总部投诉), at the desk against a real head office on SQLite and PostgreSQL: a
complaint the clerk transferred to head office is in head office's queue; head office's progress
note (``complaint.progress``) is pulled into the desk's timeline, and its hand-back
(``complaint.returned``) puts the complaint back at the hall (处理中) on the first responder's
我的跟进 with the note; a desk cannot write either type itself."""

from __future__ import annotations

from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services import complaints, followup, lifecycle, sync, timeline
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.followup import Scope
from hall_desk.storage.models import Complaint, Event
from hall_desk.sync import downlink
from tests.hq.live import LiveHQ
from tests.sync.downlink_events import OTHER_DESK, other_desk


def test_progress_and_hand_back_from_head_office_reach_the_desk(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ, registered: str
) -> None:
    clerk = hall["clerk"]
    recorded = complaints.record_complaint(ctx, clerk, ComplaintDraft(
        phone="13800138000", customer_name="陈先生", main_class="电信资费",
        sub_class="资费争议/乱收费", description="国际漫游费误收", customer_request="退费",
    ))  # fmt: skip
    lifecycle.transfer(ctx, clerk, recorded.id, to_kind="head_office", note="需总部协调计费中心")
    assert sync.sync_now(ctx).ok
    hq.add_operator("wang.wu", display_name="王五")
    store = hq.store()
    try:
        queue, total = store.transferred_complaints()
        assert (total, [row.id for row in queue]) == (1, [recorded.id])
        operator = store.operator("wang.wu")
        store.note_progress(
            recorded.id, "已转计费中心核查", operator,
            promised_at="2026-11-22T15:30:00.000000Z",  # 23:30 in Shanghai
        )  # fmt: skip
        store.return_complaint(recorded.id, "请营业厅上门核实后答复", operator)
        assert store.transferred_complaints()[1] == 0
    finally:
        store.close()

    report = sync.sync_now(ctx)
    assert report.ok, report.error
    pulled = [e.type for e in Event.select().where(Event.desk == "HA01-00")]
    assert "complaint.progress" in pulled and "complaint.returned" in pulled
    # the progress note in the desk's timeline (promised time moved to 08:00)
    entries = timeline.timeline(clerk, recorded.id)
    progress = next(e for e in entries if e.action == "complaint.progress")
    assert progress.actor_no == "" and progress.detail["text"] == "已转计费中心核查"
    assert progress.detail["promised_at"] == "2026-11-23T00:00:00.000000Z"
    assert progress.detail["promised_typed"] == "2026-11-22T15:30:00.000000Z"
    returned = next(e for e in entries if e.action == "complaint.returned")
    assert returned.detail["note"] == "请营业厅上门核实后答复"
    # back at the hall: 处理中, on the first responder's 我的跟进 with the note
    row = Complaint.get_by_id(recorded.id)
    assert row.state == "处理中" and row.hq_returned_note == "请营业厅上门核实后答复"
    (mine,) = [f for f in followup.follow_ups(ctx, clerk, Scope.MINE) if f.complaint.id == row.id]
    assert mine.mine_as == "first_responder"
    assert mine.complaint.hq_returned_note == "请营业厅上门核实后答复"
    # the first responder answers it now (处理中 → 已答复): no 收回 needed
    answered = lifecycle.reply_to_customer(
        ctx, clerk, recorded.id, content="已上门核实并退费", method="短信"
    )
    assert answered.state == "已答复"


def test_a_desk_cannot_write_head_offices_types(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    desk = other_desk()
    forged = [
        desk.next("complaint.progress", {"id": "c-1", "number": "N", "text": "x",
                  "noted_at": "2026-11-22T02:00:00.000000Z", "operator": "x"}),
        desk.next("complaint.returned", {"id": "c-1", "number": "N", "note": "x",
                  "returned_at": "2026-11-22T02:00:00.000000Z", "operator": "x"}),
    ]  # fmt: skip
    result = downlink.apply_page(
        forged, hall="HA01", desk="HA01-02", after=0, cursor=2, at=ctx.clock.now()
    )
    assert result.quarantined == 2 and result.reasons == {"origin.not_head_office": 2}
    assert OTHER_DESK.startswith("HA01-")
