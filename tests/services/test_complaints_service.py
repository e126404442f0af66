"""Services without UI: numbers, first responder, repeat marking, visibility, history."""

from datetime import UTC, datetime, timedelta

import pytest

from benchmarks.instructions import vm_instructions
from hall_desk.domain.clock import FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.errors import AuthenticationError, PermissionDenied, ValidationErrors
from hall_desk.domain.policy import Role
from hall_desk.services import complaints, staff
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import database
from hall_desk.storage.models import Complaint, ComplaintLink, Staff
from tests.conftest import PASSWORDS
from tests.services.older_rows import older_copies


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


def test_saving_twice_for_the_same_number_and_sub_class_marks_the_repeat(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    first = complaints.record_complaint(ctx, hall["clerk"], draft())
    assert not first.repeat.is_repeat
    clock.advance(days=10)
    second = complaints.record_complaint(ctx, hall["clerk2"], draft(phone="138-0013-8000"))
    assert second.repeat.is_repeat
    assert [e.number for e in second.repeat.earlier] == [first.number]
    assert Complaint.get_by_id(second.id).repeat
    assert [s.number for s in complaints.repeat_links(second.id)] == [first.number]
    assert ComplaintLink.select().count() == 1


def test_a_different_sub_class_or_an_old_one_is_not_a_repeat(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    complaints.record_complaint(ctx, hall["clerk"], draft())
    other = complaints.record_complaint(ctx, hall["clerk"], draft(sub_class="代收信息费"))
    assert not other.repeat.is_repeat
    clock.advance(days=31)
    late = complaints.record_complaint(ctx, hall["clerk"], draft())
    assert not late.repeat.is_repeat


def test_preview_tells_the_form_what_saving_will_decide(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    complaints.record_complaint(ctx, hall["clerk"], draft())
    preview = complaints.preview_repeat(ctx, "13800138000", "电信资费", "资费争议/乱收费")
    assert preview.is_repeat


def test_numbers_embed_desk_and_local_day_and_run_per_day(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    a = complaints.record_complaint(ctx, hall["clerk"], draft())
    b = complaints.record_complaint(ctx, hall["clerk"], draft())
    assert (a.number, b.number) == ("HA01-02-261122-0001", "HA01-02-261122-0002")
    clock.advance(hours=14)  # 00:00 on the 23rd in Shanghai
    c = complaints.record_complaint(ctx, hall["clerk"], draft())
    assert c.number == "HA01-02-261123-0001"


def test_first_responder_is_the_signed_in_staff_member(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    saved = complaints.record_complaint(ctx, hall["clerk2"], draft())
    row = Complaint.get_by_id(saved.id)
    assert (row.first_responder_no, row.first_responder_name) == ("3002", "赵四")


def test_deadline_is_fixed_at_acceptance(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    saved = complaints.record_complaint(ctx, hall["clerk"], draft(tier="VIP"))
    assert saved.deadlines.reply_due == clock.now() + timedelta(hours=8)
    assert Complaint.get_by_id(saved.id).reply_due == clock.now() + timedelta(hours=8)
    assert Complaint.get_by_id(saved.id).regulator_due == clock.now() + timedelta(days=15)


def test_invalid_drafts_save_nothing(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    with pytest.raises(ValidationErrors):
        complaints.record_complaint(ctx, hall["clerk"], draft(phone="123"))
    assert Complaint.select().count() == 0


def test_a_clerk_sees_their_own_the_leader_sees_the_hall(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    mine = complaints.record_complaint(ctx, hall["clerk"], draft())
    theirs = complaints.record_complaint(ctx, hall["clerk2"], draft(phone="13900139000"))
    assert [c.id for c in complaints.list_complaints(hall["clerk"])] == [mine.id]
    assert {c.id for c in complaints.list_complaints(hall["leader"])} == {mine.id, theirs.id}
    with pytest.raises(PermissionDenied):
        complaints.get_complaint(hall["clerk"], theirs.id)
    assert complaints.get_complaint(hall["manager"], theirs.id).number == theirs.number


def test_list_filters_by_number_phone_and_name(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    a = complaints.record_complaint(ctx, hall["clerk"], draft())
    b = complaints.record_complaint(
        ctx, hall["clerk"], draft(phone="13900139000", customer_name="刘女士")
    )
    session = hall["leader"]
    assert [c.id for c in complaints.list_complaints(session, "0139000")] == [b.id]
    assert [c.id for c in complaints.list_complaints(session, "刘女士")] == [b.id]
    assert [c.id for c in complaints.list_complaints(session, a.number)] == [a.id]
    # A complete number, however it is typed, matches exactly that number.
    assert [c.id for c in complaints.list_complaints(session, "139 0013 9000")] == [b.id]
    assert [c.id for c in complaints.list_complaints(session, "+86 138-0013-8000")] == [a.id]


def test_customer_history_newest_first(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    first = complaints.record_complaint(ctx, hall["clerk"], draft())
    clock.advance(days=1)
    second = complaints.record_complaint(ctx, hall["clerk"], draft(sub_class="代收信息费"))
    complaints.record_complaint(ctx, hall["clerk"], draft(phone="13900139000"))
    history = complaints.customer_history("+86 138 0013 8000")
    assert [h.id for h in history] == [second.id, first.id]


def test_sign_in_wrong_password_and_lockout(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    for attempt in range(4):
        with pytest.raises(AuthenticationError) as caught:
            staff.sign_in(ctx, "3001", "wrong-password")
        assert caught.value.code == "auth.wrong_credentials"
        assert caught.value.params["attempts_left"] == 4 - attempt
    with pytest.raises(AuthenticationError) as locked:
        staff.sign_in(ctx, "3001", "wrong-password")
    assert locked.value.code == "auth.locked"
    # Even the right password is refused while locked …
    with pytest.raises(AuthenticationError) as still:
        staff.sign_in(ctx, "3001", PASSWORDS["3001"])
    assert still.value.code == "auth.locked"
    # … and accepted after five minutes; the counter is reset.
    clock.advance(minutes=5)
    assert staff.sign_in(ctx, "3001", PASSWORDS["3001"]).staff_no == "3001"
    assert Staff.get(Staff.staff_no == "3001").failed_attempts == 0


def test_unknown_staff_number_looks_like_a_wrong_password(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    with pytest.raises(AuthenticationError) as caught:
        staff.sign_in(ctx, "9999", "whatever1")
    assert caught.value.code == "auth.wrong_credentials"


def test_only_a_store_manager_manages_staff(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    with pytest.raises(PermissionDenied):
        staff.create_staff(
            ctx, hall["leader"], staff_no="3003", name="新人", role=Role.CLERK, password="secret1"
        )
    made = staff.create_staff(
        ctx, hall["manager"], staff_no="3003", name="新人", role=Role.CLERK, password="secret1"
    )
    assert made.role is Role.CLERK
    with pytest.raises(ValidationErrors) as taken:
        staff.create_staff(
            ctx,
            hall["manager"],
            staff_no="3003",
            name="又一个",
            role=Role.CLERK,
            password="secret1",
        )
    assert taken.value.errors[0].code == "staff_no.taken"


def test_passwords_are_stored_only_as_hashes(hall: dict[str, StaffSession]) -> None:
    for row in Staff.select():
        assert PASSWORDS[row.staff_no] not in row.password_hash
        assert row.password_hash.startswith("scrypt$")


def test_a_network_complaint_needing_another_province_gets_four_working_days(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    # Accepted Sunday 2026-11-22 10:00 Shanghai: the 4th working day after is Thursday the 26th.
    recorded = complaints.record_complaint(
        ctx,
        hall["clerk"],
        draft(
            main_class="网络质量", sub_class="信号覆盖", network_urgency="特急", coordination="跨省"
        ),
    )
    row = complaints.get_complaint(hall["clerk"], recorded.id)
    assert row.deadline_basis == "other_province"
    assert row.reply_due == datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    assert complaints.complaint_state(row)["deadline_basis"] == "other_province"


def test_a_working_day_deadline_beyond_the_calendar_is_kept_as_estimated(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 12, 28, 2, 0, tzinfo=UTC))  # 7 working days reach into 2027
    recorded = complaints.record_complaint(
        ctx,
        hall["clerk"],
        draft(
            main_class="网络质量",
            sub_class="信号覆盖",
            network_urgency="一般",
            coordination="跨企业",
        ),
    )
    assert recorded.deadlines.estimated
    row = complaints.get_complaint(hall["clerk"], recorded.id)
    assert row.reply_due_estimated and row.deadline_basis == "other_company"
    assert complaints.complaint_state(row)["reply_due_estimated"] is True
    summary = next(s for s in complaints.list_complaints(hall["clerk"]) if s.id == recorded.id)
    assert summary.deadline_estimated
    plain = complaints.record_complaint(ctx, hall["clerk"], draft(phone="13900139000"))
    assert not complaints.get_complaint(hall["clerk"], plain.id).reply_due_estimated


def test_a_clerk_s_own_list_holds_those_they_took_and_those_transferred_to_them_newest_first(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    """Issue 22: the clerk's own list is read as two index-ordered parts merged (taken by them,
    transferred to them); the merge keeps the one order and the limit of the whole list."""
    from hall_desk.services import lifecycle

    taken, handled = [], []
    for n in range(7):
        clock.advance(minutes=5)
        taken.append(complaints.record_complaint(ctx, hall["clerk"], draft(phone=f"1390013900{n}")))
        clock.advance(minutes=5)
        other = complaints.record_complaint(ctx, hall["clerk2"], draft(phone=f"1370013700{n}"))
        if n % 2 == 0:
            lifecycle.transfer(
                ctx, hall["clerk2"], other.id, to_kind="staff", to="3001", note="请协助"
            )
            handled.append(other)
    # two taken in the same microsecond: the one stored last comes first, as for the hall's list
    same = [
        complaints.record_complaint(ctx, hall["clerk"], draft(phone=f"1360013600{n}"))
        for n in range(2)
    ]
    expected = [c.id for c in reversed(same)] + [
        c.id
        for c in sorted(
            taken + handled, key=lambda c: Complaint.get_by_id(c.id).accepted_at, reverse=True
        )
    ]
    assert [c.id for c in complaints.list_complaints(hall["clerk"])] == expected
    assert [c.id for c in complaints.list_complaints(hall["clerk"], limit=5)] == expected[:5]
    leader_view = [
        c.id for c in complaints.list_complaints(hall["leader"]) if c.id in set(expected)
    ]
    assert leader_view == expected  # the same order as the hall's list


# The clerk's own list as it was read before list22 (ids, rows then looked up by id): the reference
# the rowid-returning statement must agree with, order included.
_OWN_NEWEST_BEFORE = """
SELECT id FROM (
    SELECT * FROM (
        SELECT id, accepted_at, rowid AS r FROM complaint
        WHERE first_responder_no = ? ORDER BY accepted_at DESC, rowid DESC LIMIT ?)
    UNION
    SELECT * FROM (
        SELECT id, accepted_at, rowid AS r FROM complaint INDEXED BY complaint_handler_accepted
        WHERE handler_no = ? AND handler_no != '' ORDER BY accepted_at DESC, rowid DESC LIMIT ?)
) ORDER BY accepted_at DESC, r DESC LIMIT ?"""


def test_a_clerk_s_own_list_is_the_same_as_before_with_ties_and_does_not_grow_with_the_store(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """Issue 22 (list22): the own list read as rowids then rows by rowid gives what the former
    statement (ids, rows by id) and the plain definition give, in the same order, for every
    length, with ties in acceptance time among complaints taken by the clerk, transferred to them
    and both; and its SQLite instructions do not grow with 600 older complaints of the clerk."""
    first = complaints.record_complaint(ctx, hall["clerk"], draft()).id
    for n in range(4):  # the clock does not move: five in the same microsecond
        complaints.record_complaint(ctx, hall["clerk2"] if n % 2 else hall["clerk"], draft())
    for days in (3, 3, 5, 5, 5, 9):
        for first_no, handler in (("3001", ""), ("3002", "3001"), ("3001", "3001"), ("3002", "")):
            older_copies(
                first, 1, days_before=days, first_responder_no=first_no, handler_no=handler
            )
    plain = (
        "SELECT id FROM complaint WHERE first_responder_no = ? OR handler_no = ?"
        " ORDER BY accepted_at DESC, rowid DESC LIMIT ?"
    )
    mine = [r[0] for r in database.execute_sql(plain, ("3001", "3001", 1000))]
    assert len(mine) == 3 + 6 * 3
    for limit in range(1, len(mine) + 2):
        before = [
            r[0] for r in database.execute_sql(_OWN_NEWEST_BEFORE, ("3001", limit) * 2 + (limit,))
        ]
        listed = [c.id for c in complaints.list_complaints(hall["clerk"], limit=limit)]
        assert listed == before == mine[:limit]

    def own_list() -> object:  # both parts already hold more than these 5
        return complaints.list_complaints(hall["clerk"], limit=5)

    steps = vm_instructions(own_list)
    older_copies(first, 300, days_before=20, first_responder_no="3001")
    older_copies(first, 300, days_before=20, first_responder_no="3002", handler_no="3001")
    assert vm_instructions(own_list) <= steps * 1.1 + 200  # 600 more read and sorted: many more
    assert [c.id for c in complaints.list_complaints(hall["clerk"], limit=5)] == mine[:5]
