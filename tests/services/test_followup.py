"""我的跟进: first responder or current handler, nearest deadline first, urgency and counts with exact
boundaries, the hall's list for shift leaders and store managers, the notification query."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.complaints import ComplaintDraft, ComplaintState
from hall_desk.domain.deadlines import DUE_SOON, Urgency
from hall_desk.domain.errors import PermissionDenied
from hall_desk.services import complaints, followup
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.followup import FollowUpCounts, Scope
from hall_desk.storage.db import database
from hall_desk.storage.models import Complaint


def draft(tier: str = "普通", description: str = "话费多扣") -> ComplaintDraft:
    return ComplaintDraft(
        phone="13800138000", customer_name="陈先生", tier=tier, main_class="电信资费",
        sub_class="资费争议/乱收费", description=description, customer_request="退费",
    )  # fmt: skip


def record(ctx: DeskContext, session: StaffSession, tier: str = "普通") -> Complaint:
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.advance(minutes=1)  # deadlines never tie
    return Complaint.get_by_id(complaints.record_complaint(ctx, session, draft(tier)).id)


def hand_to(complaint_id: str, staff: StaffSession) -> None:
    """What a 转派 to a colleague leaves on the row (the lifecycle service does it for real)."""
    Complaint.update(
        handler_kind="staff", handler_no=staff.staff_no, handler_name=staff.name,
        state=ComplaintState.TRANSFERRED.value,
    ).where(Complaint.id == complaint_id).execute()  # fmt: skip


def test_mine_are_first_responder_or_current_handler_nearest_deadline_first(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clerk, clerk2 = hall["clerk"], hall["clerk2"]
    ordinary = record(ctx, clerk)  # 48 h
    vip = record(ctx, clerk, "VIP")  # 8 h
    theirs = record(ctx, clerk2, "全球通")  # 24 h, handed to me below
    other = record(ctx, clerk2)  # not mine at all
    hand_to(theirs.id, clerk)
    items = followup.follow_ups(ctx, clerk)
    assert [i.complaint.id for i in items] == [vip.id, theirs.id, ordinary.id]
    assert [i.mine_as for i in items] == ["first_responder", "handler", "first_responder"]
    # The first responder keeps the transferred one on their list too.
    hand_to(ordinary.id, clerk2)
    assert [i.complaint.id for i in followup.follow_ups(ctx, clerk2)] == [
        theirs.id, ordinary.id, other.id,
    ]  # fmt: skip
    assert [i.complaint.id for i in followup.follow_ups(ctx, clerk)] == [
        vip.id, theirs.id, ordinary.id,
    ]  # fmt: skip


def test_closed_and_answered_complaints_leave_the_list(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    done = record(ctx, clerk)
    still = record(ctx, clerk)
    for state in (ComplaintState.REPLIED, ComplaintState.CALLED_BACK, ComplaintState.CLOSED):
        Complaint.update(state=state.value).where(Complaint.id == done.id).execute()
        assert [i.complaint.id for i in followup.follow_ups(ctx, clerk)] == [still.id]
    for state in (ComplaintState.VERIFYING, ComplaintState.HANDLING):
        Complaint.update(state=state.value).where(Complaint.id == done.id).execute()
        assert len(followup.follow_ups(ctx, clerk)) == 2


def test_urgency_and_counts_at_the_exact_boundaries(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clerk = hall["clerk"]
    vip = record(ctx, clerk, "VIP")
    due = vip.reply_due
    record(ctx, clerk)  # 48 h: later throughout

    def state() -> tuple[Urgency, FollowUpCounts]:
        return followup.follow_ups(ctx, clerk)[0].urgency, followup.follow_up_counts(ctx, clerk)

    clock.set(due - DUE_SOON - timedelta(microseconds=1))
    assert state() == (Urgency.LATER, FollowUpCounts(open=2, overdue=0, due_soon=0))
    clock.set(due - DUE_SOON)
    assert state() == (Urgency.DUE_SOON, FollowUpCounts(open=2, overdue=0, due_soon=1))
    clock.set(due)
    assert state() == (Urgency.DUE_SOON, FollowUpCounts(open=2, overdue=0, due_soon=1))
    clock.set(due + timedelta(microseconds=1))
    assert state() == (Urgency.OVERDUE, FollowUpCounts(open=2, overdue=1, due_soon=0))


def test_becoming_overdue_names_mine_before_they_turn_red(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clerk, clerk2 = hall["clerk"], hall["clerk2"]
    vip = record(ctx, clerk, "VIP")
    handed = record(ctx, clerk2, "VIP")
    hand_to(handed.id, clerk)
    record(ctx, clerk2, "VIP")  # not mine
    clock.set(vip.reply_due - timedelta(minutes=30))
    assert [i.complaint.id for i in followup.becoming_overdue(ctx, clerk, 29)] == []
    assert [i.complaint.id for i in followup.becoming_overdue(ctx, clerk, 30)] == [vip.id]
    # handed was recorded a minute later: its deadline is 31 minutes away.
    assert [i.complaint.id for i in followup.becoming_overdue(ctx, clerk, 31)] == [
        vip.id, handed.id,
    ]  # fmt: skip
    clock.set(vip.reply_due + timedelta(microseconds=1))  # vip now overdue: no longer "becoming"
    assert [i.complaint.id for i in followup.becoming_overdue(ctx, clerk, 60)] == [handed.id]


def test_the_hall_list_is_for_shift_leaders_and_store_managers(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    a = record(ctx, hall["clerk"])
    b = record(ctx, hall["clerk2"], "VIP")
    for role in ("leader", "manager"):
        assert followup.default_scope(hall[role]) is Scope.HALL
        items = followup.follow_ups(ctx, hall[role])
        assert [i.complaint.id for i in items] == [b.id, a.id]
        assert [i.mine_as for i in items] == ["", ""]
        assert followup.follow_up_counts(ctx, hall[role]).open == 2
        assert followup.follow_ups(ctx, hall[role], Scope.MINE) == []
    assert followup.default_scope(hall["clerk"]) is Scope.MINE
    with pytest.raises(PermissionDenied):
        followup.follow_ups(ctx, hall["clerk"], Scope.HALL)
    with pytest.raises(PermissionDenied):
        followup.follow_up_counts(ctx, hall["clerk"], Scope.HALL)


@pytest.mark.parametrize(
    ("scope", "index"),
    [(Scope.MINE, "complaint_open_first_responder_due"), (Scope.HALL, "complaint_open_due")],
)
def test_the_list_walks_a_partial_index_in_deadline_order(
    hall: dict[str, StaffSession], ctx: DeskContext, scope: Scope, index: str
) -> None:
    record(ctx, hall["clerk"])
    sql, params = followup.follow_up_sql(hall["manager"], scope, 200)
    plan = [r[3] for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]
    assert any(index in line for line in plan), plan
    # The index gives the deadline order (a tie is ordered by id: "RIGHT PART"); only the handler's
    # arm of "mine" (complaints handed to me: a few) may be sorted whole.
    first = next(i for i, line in enumerate(plan) if index in line)
    assert "TEMP B-TREE FOR ORDER BY" not in " ".join(plan[first + 1 : first + 2]), plan
    assert not any(line.startswith("SCAN c") and "INDEX" not in line for line in plan), plan
