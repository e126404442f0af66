"""Applying pulled events (issue 4): by id and exactly once, each in its own savepoint, a hostile or
corrupt event refused or quarantined with a reason and nothing of it applied."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.deadlines import reply_deadline
from hall_desk.domain.errors import PermissionDenied, ValidationError
from hall_desk.domain.policy import Policy, Role, Tier
from hall_desk.services import complaints, sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.policy import policy_in_force
from hall_desk.services.staff import change_own_password, change_staff, sign_in
from hall_desk.storage.db import database
from hall_desk.storage.models import Complaint, Event, PolicyVersion, Staff
from hall_desk.sync import downlink, outbox
from hall_desk.sync.runner import run_round
from hall_desk.sync.transport import HQClient, Timeouts
from tests.hq.envelopes import rehash
from tests.sync.downlink_events import (
    FAST_HASH,
    HEAD_OFFICE,
    OTHER_DESK,
    complaint,
    head_office,
    other_desk,
    page,
    staff,
)
from tests.sync.fixtures import DESK, HALL
from tests.sync.misbehaving import misbehaving

TOKEN = "hd1_" + "t" * 43
FAST = Timeouts(connect=1, read=2, write=2, pool=1)
TABLES = (
    "event",
    "complaint",
    "complaint_link",
    "staff",
    "policy",
    "complaint_reply",
    "hq_decision",
    "pull_dead_letter",
)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    return {t: database.execute_sql(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def apply(
    events: list[Any], ctx: DeskContext, *, after: int = 0, cursor: int = 1
) -> downlink.PageResult:
    return downlink.apply_page(
        events, hall=HALL, desk=DESK, after=after, cursor=cursor, at=ctx.clock.now()
    )


def pull_round(ctx: DeskContext, pages: dict[int, dict[str, Any]]):
    with (
        misbehaving(["ok"]) as server,
        HQClient(server.url, TOKEN, clock=ctx.clock, timeouts=FAST) as client,
    ):
        server.pages = pages
        return run_round(DESK, client, clock=ctx.clock)


def test_other_desks_complaints_and_head_office_decisions_apply_once(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    desk1, hq = other_desk(), head_office()
    created = desk1.next("complaint.created", complaint(OTHER_DESK, 1))
    replied = hq.next(
        "complaint.replied",
        {
            "id": created["payload"]["id"],
            "number": created["payload"]["number"],
            "reply": "已退费",
            "replied_at": "2026-11-22T03:00:00.000000Z",
            "operator": "ops",
        },
        actor="op:ops",
    )
    decided = hq.next(
        "refund.decided",
        {
            "id": "refund-1",
            "approved": True,
            "reason": "核实无误",
            "decided_at": "2026-11-22T03:00:00Z",
            "operator": "ops",
        },
        actor="op:ops",
    )
    noted = desk1.next("document.printed", {"id": "doc-1"})
    events = [created, replied, decided, noted]

    report = pull_round(ctx, {0: page(events, 4)})
    assert report.ok, report.error
    assert (report.pulled, report.applied, report.pull_kept, report.pull_dead) == (4, 3, 1, 0)
    row = Complaint.get_by_id(created["payload"]["id"])
    assert (row.desk_code, row.state, row.first_responder_no) == (OTHER_DESK, "已答复", "3001")
    manager = hall["manager"]
    assert [r.reply for r in complaints.head_office_replies(manager, row.id)] == ["已退费"]
    assert row.number in [c.number for c in complaints.list_complaints(manager)]
    assert row.number not in [c.number for c in complaints.list_open_complaints(manager)]
    # A clerk's list stays their own.
    assert row.number not in [c.number for c in complaints.list_complaints(hall["clerk2"])]
    status = sync.queue_status()
    assert status.pull_cursor == 4 and status.last_heard == ctx.clock.now()
    assert status.waiting == 0  # pulled events are never queued for upload
    assert outbox.next_batch(DESK) == []

    # The same page again changes nothing.
    before = snapshot()
    again = apply(events, ctx, cursor=4)
    assert (again.duplicate, again.applied, again.dead) == (4, 0, 0)
    assert snapshot() == before


def test_a_repeat_across_counters_is_marked(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    desk1 = other_desk()
    earlier = desk1.next("complaint.created", complaint(OTHER_DESK, 1, phone="13912345678"))
    apply([earlier], ctx)
    history = complaints.customer_history("13912345678")
    assert [h.desk_code for h in history] == [OTHER_DESK]
    recorded = complaints.record_complaint(
        ctx,
        hall["clerk"],
        ComplaintDraft(
            phone="13912345678",
            customer_name="陈先生",
            main_class="电信资费",
            sub_class="资费争议/乱收费",
            description="又多扣了",
            customer_request="退还",
        ),
    )
    assert recorded.repeat.is_repeat
    assert [e.id for e in recorded.repeat.earlier] == [earlier["payload"]["id"]]


def _hostile(ctx: DeskContext) -> tuple[list[Any], dict[str, str]]:
    """A page of events that must not apply, each with the reason expected."""
    desk1, hq = other_desk(), head_office()
    good = desk1.next("complaint.created", complaint(OTHER_DESK, 1))
    bad_hash = {**desk1.next("complaint.created", complaint(OTHER_DESK, 2)), "hash": "0" * 64}
    missing = {k: v for k, v in rehash(complaint_event(OTHER_DESK, 3)).items() if k != "actor"}
    other_hall = rehash({**complaint_event("HB02-01", 1), "hall": "HB02"})
    own = rehash({**complaint_event(DESK, 1, hall=HALL), "desk": DESK})
    unknown = hq.next("bonus.granted", {"id": "x"}, actor="op:ops")
    no_fields = hq.next("complaint.replied", {"id": good["payload"]["id"]}, actor="op:ops")
    unknown_complaint = hq.next(
        "complaint.replied",
        {
            "id": "nope",
            "number": "n",
            "reply": "r",
            "replied_at": "2026-11-22T03:00:00Z",
            "operator": "ops",
        },
        actor="op:ops",
    )
    policy_from_desk = desk1.next("policy.set", {"version": 9, "policy": {"version": 9}})
    bad_staff = hq.next(
        "staff.changed", staff("3010", password_hash="scrypt$1048576$8$1$AAAA$AAAA"), actor="op:ops"
    )
    bad_policy = hq.next(
        "policy.set", {"version": 5, "policy": {"version": 5, "regulator_days": 0}}, actor="op:ops"
    )
    huge = desk1.next("complaint.created", complaint(OTHER_DESK, 9, amount="1e30"))
    bad_state = desk1.next("complaint.created", complaint(OTHER_DESK, 10, state="accepted"))
    conflict = rehash({**good, "actor": "9999"})
    expected = {
        "bad_hash": "envelope.hash_mismatch",
        "missing": "envelope.fields",
        "other_hall": "hall.not_ours",
        "own": "desk.own",
        "unknown": "type.unknown",
        "no_fields": "payload.invalid",
        "unknown_complaint": "complaint.unknown",
        "policy_from_desk": "origin.not_head_office",
        "bad_staff": "payload.invalid",
        "bad_policy": "payload.invalid",
        "huge": "payload.invalid",
        "bad_state": "payload.invalid",
        "conflict": "conflict",
        "garbage": "envelope.not_object",
    }
    events = [
        good,
        bad_hash,
        missing,
        other_hall,
        own,
        unknown,
        no_fields,
        unknown_complaint,
        policy_from_desk,
        bad_staff,
        bad_policy,
        huge,
        bad_state,
        conflict,
        "garbage",
    ]
    return events, expected


def complaint_event(desk: str, n: int, hall: str | None = None) -> dict[str, Any]:
    from tests.hq.envelopes import DeskChain

    chain = DeskChain(desk)
    chain.seq = n - 1
    return chain.next("complaint.created", complaint(desk, n) | ({"hall": hall} if hall else {}))


def test_hostile_or_corrupt_events_are_refused_with_a_reason_and_nothing_applied(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    events, expected = _hostile(ctx)
    staff_before = database.execute_sql("SELECT * FROM staff ORDER BY id").fetchall()
    report = pull_round(ctx, {0: page(events, 15)})
    assert report.ok, report.error
    assert (report.pulled, report.applied, report.pull_dead) == (15, 1, 14)
    letters = sync.dead_letters(sync.PULL)
    assert sorted(d.reason for d in letters) == sorted(expected.values())
    assert all(d.direction == "pull" and d.reason and d.detail for d in letters)
    outcomes = {d.reason: d.outcome.value for d in letters}
    assert (
        outcomes["envelope.hash_mismatch"] == "refused"
        and outcomes["type.unknown"] == "quarantined"
    )
    # Nothing of them applied: one complaint (the good one), no staff, no policy, no reply.
    assert Complaint.select().count() == 1
    assert database.execute_sql("SELECT * FROM staff ORDER BY id").fetchall() == staff_before
    assert PolicyVersion.select().count() == 0 and policy_in_force().version == 1
    assert database.execute_sql("SELECT count(*) FROM complaint_reply").fetchone()[0] == 0
    # Refused ones are not in the log; quarantined ones are (their desk's chain stays whole).
    held = {e.id for e in Event.select(Event.id).where(Event.desk != DESK)}
    good, bad_hash, *_ = events
    assert good["id"] in held and bad_hash["id"] not in held
    status = sync.queue_status()
    assert status.pull_dead_letters == 14 and status.dead_letters == 14
    assert status.upload_dead_letters == 0 and status.pull_cursor == 15

    # The same page once more: no new dead letter, nothing changes.
    before = snapshot()
    apply(events, ctx, cursor=15)
    assert snapshot() == before


def test_dead_letters_of_both_directions_are_exported(
    hall: dict[str, StaffSession], ctx: DeskContext, tmp_path
) -> None:
    events, _ = _hostile(ctx)
    apply(events[:3], ctx)
    path = tmp_path / "dead.jsonl"
    assert sync.export_dead_letters(path) == 2
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert {x["direction"] for x in lines} == {"pull"}
    assert {x["reason"] for x in lines} == {"envelope.hash_mismatch", "envelope.fields"}


def test_the_dead_letter_export_masks_fixed_lines_and_country_code_mobiles(
    hall: dict[str, StaffSession], ctx: DeskContext, tmp_path
) -> None:
    """Issue 20: the export masked bare mobiles and IDs only."""
    said = "客户留了 +8613812345678、86 13912345678 和座机 010-12345678"
    created = other_desk().next(
        "complaint.created", complaint(OTHER_DESK, 1, description=said, phone="075512345678")
    )
    tampered = {**created, "payload": {**created["payload"], "description": said + "。"}}
    assert apply([tampered], ctx).refused == 1
    path = tmp_path / "dead.jsonl"
    assert sync.export_dead_letters(path) == 1
    text = path.read_text(encoding="utf-8")
    for number in ("13812345678", "13912345678", "010-12345678", "075512345678"):
        assert number not in text
    assert "+86138****5678、86 139****5678 和座机 010****5678" in text
    assert "0755****5678" in text


def test_the_first_responder_of_a_pulled_complaint_never_changes(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    desk1 = other_desk()
    created = desk1.next("complaint.created", complaint(OTHER_DESK, 1))
    moved = desk1.next("complaint.updated", {**created["payload"], "first_responder_no": "3999"})
    result = apply([created, moved], ctx)
    assert (result.applied, result.quarantined) == (1, 1)
    assert Complaint.get_by_id(created["payload"]["id"]).first_responder_no == "3001"
    [letter] = sync.dead_letters()
    assert letter.reason == "payload.rejected" and "first responder" in letter.detail
    assert Event.get_or_none(Event.id == moved["id"]) is not None  # kept: the chain stays whole
    # A later, valid update of the same desk still applies.
    handled = desk1.next("complaint.updated", {**created["payload"], "state": "处理中"})
    assert apply([handled], ctx).applied == 1
    assert Complaint.get_by_id(created["payload"]["id"]).state == "处理中"


def test_a_complaint_is_changed_only_by_its_own_desk(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    recorded = complaints.record_complaint(
        ctx,
        hall["clerk"],
        ComplaintDraft(
            phone="13812345678",
            customer_name="陈先生",
            main_class="电信资费",
            sub_class="资费争议/乱收费",
            description="多扣",
            customer_request="退还",
        ),
    )
    row = Complaint.get_by_id(recorded.id)
    takeover = complaint(OTHER_DESK, 1, id=row.id, number=row.number, state="已归档")
    result = apply([other_desk().next("complaint.updated", takeover)], ctx)
    assert result.quarantined == 1
    assert sync.dead_letters()[0].reason == "complaint.not_owner"
    assert Complaint.get_by_id(recorded.id).state == "已受理"


def test_staff_state_comes_from_head_office_order_only(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    desk1, hq = other_desk(), head_office()
    # Another desk's own staff.changed is kept, never applied: head office's echo decides.
    result = apply([desk1.next("staff.changed", staff("3009"))], ctx)
    assert (result.kept, result.applied) == (1, 0)
    assert Staff.get_or_none(Staff.staff_no == "3009") is None
    result = apply([hq.next("staff.changed", staff("3009"), actor="1001")], ctx, cursor=2)
    assert result.applied == 1
    assert sign_in(ctx, "3009", "clerk-3009").role is Role.CLERK

    # This desk's own change shows at once, and head office's later order overrides it.
    manager = hall["manager"]
    change_staff(ctx, manager, "3009", name="钱玖")
    assert Staff.get(Staff.staff_no == "3009").name == "钱玖"
    account = Staff.get(Staff.staff_no == "3009")
    echo = hq.next(
        "staff.changed",
        staff("3009", name="钱玖", password_hash=account.password_hash),
        actor="1001",
    )
    later = hq.next(
        "staff.changed",
        staff("3009", name="钱久", active=False, password_hash=account.password_hash),
        actor="op:ops",
    )
    result = apply([echo, later], ctx, cursor=3)
    assert (result.kept, result.applied) == (1, 1)  # the echo confirms; the later one overrides
    assert (
        Staff.get(Staff.staff_no == "3009").name,
        Staff.get(Staff.staff_no == "3009").active,
    ) == ("钱久", False)


def test_an_account_made_at_two_desks_takes_head_offices_id(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    from hall_desk.services.staff import create_staff

    create_staff(
        ctx, hall["manager"], staff_no="3009", name="钱九", role=Role.CLERK, password="local-3009"
    )
    result = apply([head_office().next("staff.changed", staff("3009"), actor="1001")], ctx)
    assert result.applied == 1
    account = Staff.get(Staff.staff_no == "3009")
    assert account.id == staff("3009")["id"] and account.password_hash == FAST_HASH


def test_policy_versions_only_go_up_and_apply_to_what_is_accepted_after(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    before = complaints.record_complaint(
        ctx,
        hall["clerk"],
        ComplaintDraft(
            phone="13812345678",
            customer_name="陈先生",
            main_class="电信资费",
            sub_class="资费争议/乱收费",
            description="多扣",
            customer_request="退还",
        ),
    )
    hq = head_office()
    catalogue = {"电信资费": {"资费争议/乱收费": "收费争议", "新类": "收费争议"}}
    v3 = hq.next(
        "policy.set",
        {
            "version": 3,
            "policy": {"version": 3, "tier_reply_hours": {"普通": 12}, "catalogue": catalogue},
        },
        actor="op:ops",
    )
    v2 = hq.next("policy.set", {"version": 2, "policy": {"version": 2}}, actor="op:ops")
    result = apply([v3, v2], ctx)
    assert (result.applied, result.kept, result.policy_changed) == (1, 1, True)
    force = policy_in_force()
    assert force.version == 3 and force.actor == "op:ops" and force.from_head_office
    assert ctx.policy.tier_reply_hours[Tier.ORDINARY] == 12
    assert ctx.catalogue.sub_classes("电信资费") == ["资费争议/乱收费", "新类"]
    after = complaints.record_complaint(
        ctx,
        hall["clerk"],
        ComplaintDraft(
            phone="13812345679",
            customer_name="陈先生",
            main_class="电信资费",
            sub_class="新类",
            description="多扣",
            customer_request="退还",
        ),
    )
    rows = {r.id: r for r in Complaint.select()}
    assert rows[before.id].policy_version == 1 and rows[after.id].policy_version == 3
    assert rows[before.id].reply_due == before.deadlines.reply_due  # kept as accepted
    assert after.deadlines == reply_deadline(
        clock.now(), Tier.ORDINARY, None, policy_in_force().policy
    )
    assert (
        after.deadlines.reply_due
        != reply_deadline(clock.now(), Tier.ORDINARY, None, Policy()).reply_due
    )
    # A pinned context keeps its own policy (tests, the demo).
    pinned = DeskContext(clock=clock, policy=Policy(version=7))
    assert pinned.policy.version == 7


def test_a_failure_mid_page_applies_nothing_and_keeps_the_cursor(
    hall: dict[str, StaffSession], ctx: DeskContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk1 = other_desk()
    events = [desk1.next("complaint.created", complaint(OTHER_DESK, n)) for n in (1, 2, 3)]
    real = downlink._apply_one
    calls = []

    def dies_on_third(*args: Any, **kwargs: Any):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk gone")
        return real(*args, **kwargs)

    monkeypatch.setattr(downlink, "_apply_one", dies_on_third)
    before = snapshot()
    with pytest.raises(OSError):
        apply(events, ctx, cursor=3)
    assert snapshot() == before and downlink.pull_cursor() == 0
    monkeypatch.undo()
    assert apply(events, ctx, cursor=3).applied == 3 and downlink.pull_cursor() == 3


def test_a_store_manager_changes_accounts_with_the_full_state_in_the_event(
    hall: dict[str, StaffSession], ctx: DeskContext, caplog: pytest.LogCaptureFixture
) -> None:
    manager, clerk = hall["manager"], hall["clerk"]
    with pytest.raises(PermissionDenied):
        change_staff(ctx, clerk, "3002", name="x")
    caplog.set_level("DEBUG")
    change_staff(ctx, manager, "3001", new_password="new-pass-1", role=Role.SHIFT_LEADER)
    last = Event.select().where(Event.desk == DESK).order_by(Event.seq.desc()).first()
    payload = json.loads(last.payload)
    assert last.type == "staff.changed"
    assert set(payload) == {
        "id",
        "staff_no",
        "name",
        "role",
        "active",
        "password_hash",
        "must_change_password",
        "changes",
    }
    assert payload["must_change_password"] is True  # reset by the store manager
    assert payload["role"] == "值班经理" and payload["password_hash"].startswith("scrypt$")
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("hall_desk"))
    assert "staff 3001 changed" in ours
    assert "new-pass-1" not in ours and payload["password_hash"] not in ours
    # A password set by the store manager: its owner replaces it at the next sign-in.
    assert change_own_password(ctx, "3001", "new-pass-1", "own-pass-2").role is Role.SHIFT_LEADER
    # The hall always keeps an active store manager.
    with pytest.raises(ValidationError) as caught:
        change_staff(ctx, manager, "1001", active=False)
    assert caught.value.code == "staff.last_manager"
    change_staff(ctx, manager, "2001", role=Role.STORE_MANAGER)
    change_staff(ctx, manager, "1001", active=False)
    assert not Staff.get(Staff.staff_no == "1001").active
    seqs = Event.select().where(Event.desk == DESK).count()
    change_staff(ctx, manager, "2001", role=Role.STORE_MANAGER)  # no change: no event
    assert Event.select().where(Event.desk == DESK).count() == seqs


def test_freshness_of_hall_views(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    fresh = sync.hall_view_freshness(ctx)
    assert fresh.last_heard is None and fresh.last_pull is None and fresh.stale
    apply([], ctx)
    heard = sync.hall_view_freshness(ctx)
    assert heard.last_heard == clock.now() and heard.stale  # heard, but not everything pulled yet
    downlink.record_pull_done(clock.now())
    assert not sync.hall_view_freshness(ctx).stale
    clock.advance(minutes=11)
    assert sync.hall_view_freshness(ctx).stale


def test_head_office_chain_is_checked_against_what_the_desk_holds(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    hq = head_office()
    first = hq.next(
        "refund.decided",
        {
            "id": "r1",
            "approved": False,
            "reason": "不符",
            "decided_at": "2026-11-22T03:00:00Z",
            "operator": "ops",
        },
        actor="op:ops",
    )
    apply([first], ctx)
    forged = hq.next(
        "refund.decided",
        {
            "id": "r2",
            "approved": True,
            "reason": "ok",
            "decided_at": "2026-11-22T03:00:00Z",
            "operator": "ops",
        },
        actor="op:ops",
        prev="f" * 64,
    )
    result = apply([forged], ctx, cursor=2)
    assert result.refused == 1 and sync.dead_letters()[0].reason == "chain.break"
    assert HEAD_OFFICE.endswith("-00")


def test_a_pull_reply_of_the_wrong_shape_applies_nothing(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    good = other_desk().next("complaint.created", complaint(OTHER_DESK, 1))
    for reply in (
        {**page([good], 0)},
        {**page([good], 1), "events": {"0": good}},
        {**page([good], 1), "more": "yes"},
    ):
        report = pull_round(ctx, {0: reply})
        assert report.error is not None and report.error.code == "sync.server_error"
        assert Complaint.select().count() == 0 and downlink.pull_cursor() == 0
    assert not sync.queue_status().online


def test_pages_are_pulled_until_head_office_has_no_more(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    desk1 = other_desk()
    events = [desk1.next("complaint.created", complaint(OTHER_DESK, n)) for n in range(1, 6)]
    pages = {
        0: page(events[:2], 2, more=True),
        2: page(events[2:4], 4, more=True),
        4: page(events[4:], 5),
    }
    report = pull_round(ctx, pages)
    assert report.ok and (report.pages, report.pulled, report.applied) == (3, 5, 5)
    assert sync.queue_status().last_pull == ctx.clock.now()
