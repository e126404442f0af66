"""Lifecycle services: one event with the full state per action, who may act, transfers keep the
first responder, incidents and their quick intake, the timeline."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.envelope import plain_json
from hall_desk.domain.errors import PermissionDenied, ValidationError, ValidationErrors
from hall_desk.domain.incidents import IncidentDraft, IncidentRefused
from hall_desk.domain.lifecycle import StepRefused
from hall_desk.hq.apply import plan
from hall_desk.services import complaints, incidents, lifecycle, timeline
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Complaint, Event


def draft(**changes: str) -> ComplaintDraft:
    base = ComplaintDraft(
        phone="13800138000",
        customer_name="陈先生",
        main_class="电信资费",
        sub_class="资费争议/乱收费",
        description="话费多扣",
        customer_request="退费",
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def last_event() -> Event:
    return Event.select().order_by(Event.seq.desc()).first()


def events() -> int:
    return Event.select().count()


@pytest.fixture
def complaint(hall: dict[str, StaffSession], ctx: DeskContext) -> str:
    return complaints.record_complaint(ctx, hall["clerk"], draft()).id


def test_each_action_writes_one_event_with_the_full_state(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, complaint: str
) -> None:
    clerk = hall["clerk"]
    steps = [
        (
            "complaint.verification_started",
            lambda: lifecycle.start_verification(ctx, clerk, complaint),
        ),
        (
            "complaint.verified",
            lambda: lifecycle.verify(
                ctx, clerk, complaint, verification="成立", responsibility="我方"
            ),
        ),
        (
            "complaint.progress_noted",
            lambda: lifecycle.note_progress(
                ctx,
                clerk,
                complaint,
                told_customer="正在核查",
                promised_at=clock.now() + timedelta(days=1),
            ),
        ),
        (
            "complaint.transferred",
            lambda: lifecycle.transfer(
                ctx, clerk, complaint, to_kind="department", to="计费中心", note="请核查扣费"
            ),
        ),
        (
            "complaint.taken_back",
            lambda: lifecycle.take_back(ctx, clerk, complaint, note="确认多扣"),
        ),
        (
            "complaint.upgraded",
            lambda: lifecycle.upgrade(ctx, clerk, complaint, source="10086管理层"),
        ),
        (
            "complaint.replied_to_customer",
            lambda: lifecycle.reply_to_customer(
                ctx, clerk, complaint, content="已退还 5 元", method="电话"
            ),
        ),
        (
            "complaint.called_back",
            lambda: lifecycle.call_back(ctx, clerk, complaint, satisfaction="满意"),
        ),
        ("complaint.closed", lambda: lifecycle.close(ctx, clerk, complaint)),
    ]
    for kind, act in steps:
        clock.advance(minutes=10)
        before = events()
        row = act()
        assert events() == before + 1, kind
        event = last_event()
        payload = json.loads(event.payload)
        assert event.type == kind and event.actor == "3001"
        assert payload["state"] == row.state
        state = plain_json(complaints.complaint_state(Complaint.get_by_id(complaint)))
        assert {k: v for k, v in payload.items() if k not in ("changes", "record")} == state
        # head office's generic complaint upsert accepts it
        envelope = {
            "type": event.type,
            "schema": event.schema,
            "hall": event.hall,
            "desk": event.desk,
            "payload": payload,
        }
        assert plan(envelope).entity_id == complaint
    row = Complaint.get_by_id(complaint)
    assert row.state == "已归档" and row.escalated and row.closed_at == clock.now()
    assert (row.verification, row.responsibility) == ("成立", "我方")


def test_closing_without_a_reply_is_refused_and_writes_nothing(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    before = events()
    with pytest.raises(StepRefused) as refused:
        lifecycle.close(ctx, hall["clerk"], complaint)
    assert refused.value.code == "lifecycle.reply_first"
    assert events() == before and Complaint.get_by_id(complaint).state == "已受理"


def test_dissatisfied_callback_reopens_and_flags(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk = hall["clerk"]
    lifecycle.verify(ctx, clerk, complaint, verification="成立", responsibility="我方")
    lifecycle.reply_to_customer(ctx, clerk, complaint, content="已处理", method="短信")
    with pytest.raises(ValidationErrors):
        lifecycle.call_back(ctx, clerk, complaint, satisfaction="不满意")
    row = lifecycle.call_back(ctx, clerk, complaint, satisfaction="不满意", reason="未退费")
    assert (row.state, row.dissatisfied, row.satisfaction) == ("处理中", True, "不满意")
    assert [c.reason for c in lifecycle.callbacks(complaint)] == ["未退费"]
    with pytest.raises(StepRefused, match="reply_first"):
        lifecycle.close(ctx, clerk, complaint)


def test_who_may_act(hall: dict[str, StaffSession], ctx: DeskContext, complaint: str) -> None:
    with pytest.raises(PermissionDenied) as denied:
        lifecycle.start_verification(ctx, hall["clerk2"], complaint)
    assert denied.value.code == "complaint.not_yours"
    assert lifecycle.start_verification(ctx, hall["leader"], complaint).state == "核实中"
    assert (
        lifecycle.note_progress(
            ctx,
            hall["manager"],
            complaint,
            told_customer="处理中",
            promised_at=ctx.clock.now() + timedelta(hours=5),
        ).promised_at
        is not None
    )


def test_a_transfer_keeps_the_first_responder_and_the_list(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    clerk, clerk2 = hall["clerk"], hall["clerk2"]
    row = lifecycle.transfer(ctx, clerk, complaint, to_kind="staff", to="3002", note="请跟进")
    assert (row.first_responder_no, row.handler_no, row.handler_name, row.state) == (
        "3001",
        "3002",
        "赵四",
        "已转派",
    )
    # on both lists: the first responder's and the handler's
    assert [s.id for s in complaints.list_open_complaints(clerk)] == [complaint]
    assert [s.id for s in complaints.list_open_complaints(clerk2)] == [complaint]
    mine = Complaint.select().where(lifecycle.my_open_complaints_condition("3002"))
    assert [r.id for r in mine] == [complaint]
    # the handler may act on it now
    assert lifecycle.take_back(ctx, clerk2, complaint).state == "处理中"
    row = lifecycle.transfer(ctx, clerk2, complaint, to_kind="head_office", note="需总部处理")
    assert (row.handler_kind, row.handler_no, row.handler_name) == ("head_office", "", "总部")
    assert row.first_responder_no == "3001"
    assert [s.id for s in complaints.list_open_complaints(clerk)] == [complaint]
    assert [t.to_name for t in lifecycle.transfers(complaint)] == ["赵四", "总部"]
    with pytest.raises(ValidationError, match=r"transfer\.staff_unknown"):
        lifecycle.transfer(ctx, clerk, complaint, to_kind="staff", to="9999", note="x")


def test_another_desks_complaint_is_changed_only_there(
    hall: dict[str, StaffSession], ctx: DeskContext, complaint: str
) -> None:
    Complaint.update(desk_code="HA01-03").where(Complaint.id == complaint).execute()
    with pytest.raises(StepRefused) as refused:
        lifecycle.start_verification(ctx, hall["clerk"], complaint)
    assert (
        refused.value.code == "lifecycle.other_desk" and refused.value.params["desk"] == "HA01-03"
    )


def test_incident_quick_intake_prefills_links_and_follows_the_normal_path(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clerk = hall["clerk"]
    incident = incidents.open_incident(
        ctx,
        clerk,
        IncidentDraft(
            cause="人民路基站故障，通话中断",
            area="人民路一带",
            main_class="网络质量",
            sub_class="网络故障",
            network_urgency="紧急",
            started_at=clock.now() - timedelta(hours=1),
        ),
    )
    assert last_event().type == "incident.opened"
    before = events()
    saved = incidents.quick_intake(
        ctx, hall["clerk2"], incident.id, phone="13900139000", customer_name="刘女士"
    )
    assert events() == before + 1 and last_event().type == "complaint.created"
    row = Complaint.get_by_id(saved.id)
    assert (row.main_class, row.sub_class, row.network_urgency, row.place, row.description) == (
        "网络质量",
        "网络故障",
        "紧急",
        "人民路一带",
        "人民路基站故障，通话中断",
    )
    assert (row.incident_id, row.first_responder_no) == (incident.id, "3002")
    assert json.loads(last_event().payload)["incident_id"] == incident.id
    # the repeat rule applies as to any complaint
    again = incidents.quick_intake(
        ctx, hall["clerk2"], incident.id, phone="13900139000", customer_name="刘女士"
    )
    assert again.repeat.is_repeat
    # an existing complaint is linked
    other = complaints.record_complaint(ctx, clerk, draft(phone="13700137000"))
    linked = incidents.link_complaint(ctx, clerk, incident.id, other.id)
    assert linked.incident_id == incident.id
    assert last_event().type == "complaint.linked_to_incident"
    assert incidents.get_incident(incident.id).complaint_count == 3
    assert len(incidents.incident_complaints(hall["leader"], incident.id)) == 3
    # closed: no more quick intake
    incidents.close_incident(ctx, clerk, incident.id)
    assert last_event().type == "incident.closed" and incidents.list_incidents() == []
    with pytest.raises(IncidentRefused, match=r"incident\.closed"):
        incidents.quick_intake(ctx, clerk, incident.id, phone="13600136000", customer_name="王")


def test_timeline_reads_back_who_what_when_and_before_after(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, complaint: str
) -> None:
    clerk = hall["clerk"]
    clock.advance(minutes=5)
    lifecycle.verify(ctx, clerk, complaint, verification="不成立", responsibility="客户")
    clock.advance(minutes=5)
    lifecycle.transfer(ctx, hall["leader"], complaint, to_kind="department", to="网络部", note="查")
    entries = timeline.timeline(hall["leader"], complaint)
    assert [e.action for e in entries] == [
        "complaint.created",
        "complaint.verified",
        "complaint.transferred",
    ]
    created, verified, transferred = entries
    assert (created.actor_no, created.actor_name, created.changes) == ("3001", "张三", [])
    assert verified.at == transferred.at - timedelta(minutes=5)
    changed = {c.field: (c.before, c.after) for c in verified.changes}
    assert changed["state"] == ("已受理", "处理中")
    assert changed["verification"] == (None, "不成立")
    assert verified.detail["responsibility"] == "客户"
    assert (transferred.actor_no, transferred.actor_name) == ("2001", "李班长")
    moved = {c.field: (c.before, c.after) for c in transferred.changes}
    assert moved["handler_name"] == ("", "网络部") and "record" not in moved
    assert transferred.detail["note"] == "查"
    with pytest.raises(PermissionDenied):
        timeline.timeline(hall["clerk2"], complaint)
