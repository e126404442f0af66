"""全省指标's daily figures (issue 17 item 3) on both stores: a mixed history — on time, late, a
补录 reply accepted and one not, a corrected deadline, media, repeat, callbacks, refunds at each
level — gives the hand-computed figures and head office's ``complaint_timeliness``; the figures
kept by intake equal those ``rebuild-figures`` computes; a year's province figures read the daily
tables, never ``complaint`` or ``event``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.reporting import Timeliness
from hall_desk.hq.cli import main
from hall_desk.hq.store import DeskIdentity, HQStore
from tests.hq.envelopes import T0, DeskChain, complaint_state, refund_state, seed_staff

D2 = DeskIdentity("HA01-02", "HA01", revoked=False)
D3 = DeskIdentity("HA02-01", "HA02", revoked=False)
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # three days after T0
# Shanghai days: T0 is 2026-11-22 10:00 in Shanghai
DAY = "2026-11-22"
WINDOW = ("2026-11-21T16:00:00.000000Z", "2026-11-22T16:00:00.000000Z")  # that Shanghai day


CONFIRMATION = {
    "reply_id": "r-1", "reply_staff_no": "3002", "stated_at": utc_iso(T0 + timedelta(hours=11)),
    "recorded_at": utc_iso(T0 + timedelta(hours=31)), "note": "短信平台记录",
    "staff_no": "3001", "staff_name": "张三",
}  # fmt: skip


def at(hours: float) -> str:
    return utc_iso(T0 + timedelta(hours=hours))


@pytest.fixture
def hq(database_url: str) -> Iterator[HQStore]:
    store = HQStore.open(database_url)
    prepare(store)
    yield store
    store.close()


HOSTILE_HALL = '<script>alert(1)</script>"厅'


def prepare(store: HQStore) -> None:
    """Halls HA01 and HA02 (its name hostile HTML), a desk each, their staff, operator li.wei."""
    store.add_hall("HA01", "人民路营业厅")
    store.add_hall("HA02", HOSTILE_HALL)
    store.add_desk("HA01-02")
    store.add_desk("HA02-01")
    store.add_operator("li.wei")
    seed_staff(store)
    seed_staff(store, staff_no="3002", role="营业员")
    seed_staff(store, hall="HA02")


def stored(hq: HQStore, desk: DeskIdentity, events: list[dict[str, Any]]) -> None:
    results = hq.upload(desk, events).results
    assert [(r.outcome.value, r.reason) for r in results] == [("stored", "")] * len(events)


def replied(
    state: dict[str, Any], replied_at: str, counted: str | None = None, **more: Any
) -> dict:
    return {
        **state, "state": "已答复", "replied_at": replied_at,
        "reply_counted_at": counted or replied_at, **more,
    }  # fmt: skip


def seed_history(hq: HQStore) -> tuple[dict[str, dict[str, Any]], DeskChain]:
    """HA01: eight complaints and five refunds; HA02: one complaint answered on time."""
    chain = DeskChain()
    c = {f"c{n}": complaint_state("HA01-02", n) for n in range(1, 9)}
    # c1 answered on time and archived with a 满意 callback
    # c2 answered late (after its 24 h)
    # c3 补录: stated before the deadline, recorded after it, not accepted → late
    # c4 补录 accepted by head office → on time
    # c5 估 deadline corrected to an earlier one, open and unanswered → late, overdue at NOW
    # c6 media, open, deadline after NOW → pending
    # c7 repeat, answered after the regulator's 15 days → late and a breach; callback 不满意
    # c8 open, unanswered, deadline 2 days ahead → pending
    c["c6"] = {**c["c6"], "media": True, "important": True, "reply_due": at(96)}
    c["c7"] = {**c["c7"], "repeat": True}
    c["c8"] = {**c["c8"], "reply_due": at(120)}
    c["c5"] = {**c["c5"], "reply_due": at(200), "reply_due_estimated": True}
    events = [chain.next(payload=state) for state in c.values()]
    late3 = {**replied(c["c3"], at(10), at(30)), "late_reply": "补录"}
    late4 = {**replied(c["c4"], at(11), at(31)), "late_reply": "补录"}
    events += [
        chain.next("complaint.replied_to_customer", replied(c["c1"], at(2))),
        chain.next("complaint.replied_to_customer", replied(c["c2"], at(30))),
        chain.next("complaint.replied_to_customer", late3, at=at(30)),
        chain.next("complaint.replied_to_customer", late4, at=at(31)),
        chain.next(
            "complaint.late_reply_confirmed",
            {**late4, "late_reply": "店长已确认", "record": CONFIRMATION}, at=at(32),
        ),
        chain.next(
            "complaint.called_back",
            {**replied(c["c1"], at(2)), "state": "已回访", "satisfaction": "满意"},
        ),
        chain.next(
            "complaint.closed",
            {**replied(c["c1"], at(2)), "state": "已归档", "satisfaction": "满意",
             "closed_at": at(3)},
        ),
        chain.next(
            "complaint.replied_to_customer", replied(c["c7"], at(24 * 16)), at=at(24 * 16)
        ),
        chain.next(
            "complaint.called_back",
            {**replied(c["c7"], at(24 * 16)), "state": "已回访", "satisfaction": "不满意"},
        ),
        chain.next(
            "complaint.deadline_corrected",
            {**c["c5"], "reply_due": at(40), "reply_due_estimated": False,
             "reply_due_estimate": at(200)},
        ),
    ]  # fmt: skip
    refunds = [  # amount, the state it ends in (by that event), the counted total sent
        ("80.00", "已批准", "refund.approved", None),
        ("250.00", "已拒绝", "refund.refused", None),
        ("450.00", "待总部审批", "refund.sent_to_head_office", "450.00"),
        ("800.00", "待总部审批", "refund.sent_to_head_office", "800.00"),
        ("1500.00", "待审批", "", None),
    ]
    for n, (amount, state, event_type, total) in enumerate(refunds):
        refund_id, number = str(uuid.uuid4()), f"HA01-02-R261122-{n:04d}"
        proposed = refund_state(c["c2"], refund_id, "待审批", amount=amount, number=number)
        events.append(chain.next("refund.proposed", proposed))
        if event_type:
            events.append(
                chain.next(event_type, {**proposed, "state": state, "counted_total": total})
            )
    stored(hq, D2, events)
    hq.accept_late_reply(c["c4"]["number"], "核对短信平台记录无误", hq.operator("li.wei"))
    other = DeskChain("HA02-01")
    c9 = complaint_state("HA02-01", 1)
    stored(
        hq, D3,
        [other.next(payload=c9),
         other.next("complaint.replied_to_customer", replied(c9, at(1)))],
    )  # fmt: skip
    return c, chain


def test_the_figures_of_a_mixed_history_are_the_hand_computed_ones(hq: HQStore) -> None:
    seed_history(hq)
    figures = hq.province_figures(DAY, DAY, now=NOW)
    ha01, ha02 = figures.halls
    assert (ha01.hall, ha02.hall) == ("HA01", "HA02")
    # on time: c1, c4 (accepted); late: c2, c3 (补录 not accepted), c5 (corrected), c7
    assert (ha01.accepted, ha01.on_time, ha01.late, ha01.pending) == (8, 2, 4, 2)
    assert ha01.overdue == 1  # c5: past its corrected deadline, unanswered
    assert ha01.regulator_breach == 1  # c7
    assert (ha01.repeat, ha01.media) == (1, 1)
    assert (ha01.called_back, ha01.satisfied) == (2, 1)
    assert ha01.rate == pytest.approx(2 / 6) and ha01.meets is False
    assert hq.complaint_timeliness("HA01", *WINDOW, NOW) == Timeliness(
        ha01.on_time, ha01.late, ha01.pending
    )
    assert hq.complaint_timeliness("HA02", *WINDOW, NOW) == Timeliness(1, 0, 0)
    assert ha01.refunds == {
        ("clerk", "已批准"): [1, 8000],
        ("store_manager", "已拒绝"): [1, 25000],
        ("director", "待总部审批"): [1, 45000],
        ("department_head", "待总部审批"): [1, 80000],
        ("leadership", "待审批"): [1, 150000],
    }
    total = figures.total
    assert (total.accepted, total.on_time, total.late, total.pending) == (9, 3, 4, 2)
    assert total.to_json()["meets_target"] is False and total.to_json()["timeliness"] == 0.4286
    # before the corrected deadline passed: c5 pending, nothing overdue
    early = hq.province_figures(DAY, DAY, "HA01", now=T0 + timedelta(hours=39))
    [only] = early.halls
    assert (only.overdue, only.pending) == (0, 3)
    assert hq.complaint_timeliness("HA01", *WINDOW, T0 + timedelta(hours=39)) == Timeliness(
        only.on_time, only.late, only.pending
    )
    # a period without complaints: every hall listed with zeros
    empty = hq.province_figures("2026-10-01", "2026-10-31", now=NOW)
    assert [h.accepted for h in empty.halls] == [0, 0] and empty.total.rate is None


def test_each_figure_lists_its_complaints(hq: HQStore) -> None:
    c, _ = seed_history(hq)
    late, total = hq.figure_complaints("late", DAY, DAY, "HA01", now=NOW)
    assert total == 4
    assert {r["number"] for r in late} == {c[k]["number"] for k in ("c2", "c3", "c5", "c7")}
    assert all("****" in r["customer"] for r in late)
    overdue, _ = hq.figure_complaints("overdue", DAY, DAY, now=NOW)
    assert [r["number"] for r in overdue] == [c["c5"]["number"]]
    breach, _ = hq.figure_complaints("regulator_breach", DAY, DAY, now=NOW)
    assert [r["number"] for r in breach] == [c["c7"]["number"]]
    page2, total = hq.figure_complaints("accepted", DAY, DAY, page=2, per_page=5, now=NOW)
    assert (len(page2), total) == (4, 9)


def test_kept_by_intake_equals_rebuilt(hq: HQStore) -> None:
    c, chain = seed_history(hq)
    kept = hq.figure_table()
    assert kept  # something to compare
    assert hq.rebuild_figures() == (9, 5)
    assert hq.figure_table() == kept
    # later events change contributions: c6 (pending) answered on time, c8 reopened as repeat
    stored(
        hq, D2,
        [chain.next("complaint.replied_to_customer", replied(c["c6"], at(5))),
         chain.next("complaint.updated", {**c["c8"], "repeat": True})],
    )  # fmt: skip
    after = hq.province_figures(DAY, DAY, "HA01", now=NOW).halls[0]
    assert (after.on_time, after.late, after.pending, after.repeat) == (3, 4, 1, 2)
    kept = hq.figure_table()
    hq.rebuild_figures()
    assert hq.figure_table() == kept


def test_a_years_province_figures_read_the_daily_tables(hq: HQStore) -> None:
    seed_history(hq)
    plans = hq.explain_figures("2026-01-01", "2026-12-31", utc_iso(NOW))
    text = "\n".join(plans).lower()
    assert "figure_day" in text and "figure_refund_day" in text
    for table in ("complaint ", "complaint\n", "event"):
        assert f"on {table}" not in text and f"scan {table}" not in text
    assert " complaint" not in text.replace("figure_complaint", "")


def test_rebuild_figures_command(
    hq: HQStore, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_history(hq)
    kept = hq.figure_table()
    assert main(["rebuild-figures", "--database", database_url]) == 0
    assert "from 9 complaints and 5 refunds" in capsys.readouterr().out
    assert hq.figure_table() == kept


def test_the_upgrade_to_schema_17_builds_the_figures_of_rows_held_before_it_once(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database that held refunds (or complaints) before the daily figures existed is marked by
    the schema step, and ``migrate`` builds their figures once (the figures would otherwise count
    only what intake touches after the upgrade)."""
    from tests.hq.test_files_hq import make_store_at

    full = (
        '{"id": "r1", "method": "话费账户返还", "state": "已批准", "amount": "10.00",'
        ' "proposed_at": "2026-11-22T01:00:00Z"}'
    )
    make_store_at(
        database_url,
        16,
        "INSERT INTO hall (code, name, created_at) VALUES ('HA01', 'x', '2026-11-01T00:00:00Z')",
        "INSERT INTO desk (code, hall, token_hash, created_at) VALUES ('HA01-02', 'HA01', 'h',"
        " '2026-11-02T00:00:00Z')",
        "INSERT INTO event (id, hall, desk, seq, type, schema, at, actor, payload, prev, hash,"
        " received_at, receipt_no) VALUES ('e1', 'HA01', 'HA01-02', 1, 'refund.approved', 1,"
        " '2026-11-22T02:00:00Z', 'staff:3001', '{}', '', 'h1', '2026-11-22T02:00:01Z', 1)",
        "INSERT INTO refund (id, number, hall, desk, complaint_id, amount, state, full_state,"
        " source_event, source_desk, source_seq, updated_at) VALUES ('r1', 'HA01-02-R1', 'HA01',"
        f" 'HA01-02', 'c1', '10.00', '已批准', '{full}', 'e1', 'HA01-02', 1,"
        " '2026-11-22T02:00:01Z')",
    )
    store = HQStore.open(database_url)
    try:
        assert store.schema_version() >= 17
        with store._lock:
            assert store._db.execute("SELECT count(*) FROM figure_pending").fetchone()[0] == 1
            assert store._db.execute("SELECT count(*) FROM figure_refund").fetchone()[0] == 0
        assert main(["migrate", "--database", database_url]) == 0
        assert "daily figures built for 0 complaints and 1 refunds" in capsys.readouterr().err
        with store._lock:
            assert store._db.execute("SELECT count(*) FROM figure_pending").fetchone()[0] == 0
            assert store._db.execute("SELECT count(*) FROM figure_refund").fetchone()[0] == 1
        assert store.rebuild_figures_if_pending() is None  # once
    finally:
        store.close()


def test_an_empty_database_needs_no_rebuild_after_the_upgrade(database_url: str) -> None:
    from tests.hq.test_files_hq import make_store_at

    make_store_at(database_url, 16)
    store = HQStore.open(database_url)
    try:
        assert store.rebuild_figures_if_pending() is None
    finally:
        store.close()


def test_whole_months_and_the_days_around_them_give_the_days_figures(hq: HQStore) -> None:
    """Schema step 19: a period's whole months are read from the monthly roll-up, the days
    before and after them from the daily table; either way the figures are the days'."""
    from hall_desk.hq.store.figures import whole_months

    assert whole_months("2026-01-01", "2026-12-31") == ("2026-01", "2026-12")
    assert whole_months("2025-12-01", "2026-11-30") == ("2025-12", "2026-11")
    assert whole_months("2026-10-20", "2026-12-31") == ("2026-11", "2026-12")
    assert whole_months("2026-11-02", "2026-11-30") is None
    assert whole_months("2026-11-15", "2026-12-10") is None
    assert whole_months("2024-02-01", "2024-02-29") == ("2024-02", "2024-02")
    seed_history(hq)
    days = hq.province_figures(DAY, DAY, now=NOW)
    for start, end in (
        ("2026-11-01", "2026-11-30"),  # the month alone
        ("2026-10-20", "2026-12-31"),  # days before, then whole months
        ("2026-11-22", "2026-12-31"),  # the day before December
        ("2026-11-15", "2026-12-10"),  # days only
    ):
        figures = hq.province_figures(start, end, now=NOW)
        assert [h.to_json() for h in figures.halls] == [h.to_json() for h in days.halls]
    with hq._lock:
        months = hq._db.execute(
            "SELECT hall, month, accepted FROM figure_month ORDER BY hall"
        ).fetchall()
    assert [tuple(m) for m in months] == [("HA01", "2026-11", 8), ("HA02", "2026-11", 1)]


def test_refund_levels_are_the_halls_policy_in_force_when_proposed(hq: HQStore) -> None:
    """Issue 17 item 3 (console17b): a refund counts at the level of its hall's policy in force
    when it was proposed (the hall's 营业员 / 店长 limits, head office's levels), not the
    defaults; a policy published afterwards changes nothing; kept and rebuilt agree."""
    levels = {
        "version": 2, "format": 5,
        "refund_limits": {"营业员": "50", "值班经理": "50", "店长": "200"},
        "hq_levels": {"director": "300.00", "department_head": "600.00"},
    }  # fmt: skip
    hq.set_policy(levels, hq.operator("li.wei"), hall="HA01")
    with hq._transaction() as db:  # published before the refunds were proposed (T0)
        db.execute("UPDATE policy_version SET set_at = ? WHERE hall = 'HA01'", (at(-24),))
    seed_history(hq)
    expected = {
        ("store_manager", "已批准"): [1, 8000],  # 80 > the hall's 50
        ("director", "已拒绝"): [1, 25000],  # 250 > 200
        ("department_head", "待总部审批"): [1, 45000],  # 450 > 300
        ("leadership", "待总部审批"): [1, 80000],  # 800 > 600
        ("leadership", "待审批"): [1, 150000],
    }
    assert hq.province_figures(DAY, DAY, "HA01", now=NOW).halls[0].refunds == expected
    # a later version (published now, after the proposals) does not apply to them
    hq.set_policy({**levels, "version": 3, "hq_levels": {}}, hq.operator("li.wei"), hall="HA01")
    kept = hq.figure_table()
    hq.rebuild_figures()
    assert hq.figure_table() == kept
    assert hq.province_figures(DAY, DAY, "HA01", now=NOW).halls[0].refunds == expected
    # HA02 publishes nothing: the defaults
    assert hq.province_figures(DAY, DAY, "HA02", now=NOW).halls[0].refunds == {}


def test_the_upgrade_to_schema_20_recounts_refund_levels_by_the_halls_policy_once(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17 (console17b): figures counted before step 20 used the default levels; a database
    that had refund figures and published policies is marked, and ``migrate`` recounts them by
    the hall's policy in force when each refund was proposed."""
    from tests.hq.test_files_hq import make_store_at

    full = (
        '{"id": "r1", "method": "话费账户返还", "state": "已批准", "amount": "250.00",'
        ' "proposed_at": "2026-11-22T01:00:00Z"}'
    )
    policy = '{"version": 2, "format": 5, "refund_limits": {"店长": "200"}}'
    make_store_at(
        database_url,
        18,
        "INSERT INTO hall (code, name, created_at) VALUES ('HA01', 'x', '2026-11-01T00:00:00Z')",
        "INSERT INTO desk (code, hall, token_hash, created_at) VALUES ('HA01-02', 'HA01', 'h',"
        " '2026-11-02T00:00:00Z')",
        "INSERT INTO event (id, hall, desk, seq, type, schema, at, actor, payload, prev, hash,"
        " received_at, receipt_no) VALUES ('e1', 'HA01', 'HA01-02', 1, 'refund.approved', 1,"
        " '2026-11-22T02:00:00Z', 'staff:3001', '{}', '', 'h1', '2026-11-22T02:00:01Z', 1)",
        "INSERT INTO refund (id, number, hall, desk, complaint_id, amount, state, full_state,"
        " source_event, source_desk, source_seq, updated_at) VALUES ('r1', 'HA01-02-R1', 'HA01',"
        f" 'HA01-02', 'c1', '250.00', '已批准', '{full}', 'e1', 'HA01-02', 1,"
        " '2026-11-22T02:00:01Z')",
        "INSERT INTO policy_version (hall, version, document, operator, set_at, event_id) VALUES"
        f" ('HA01', 2, '{policy}', 'li.wei', '2026-11-01T00:00:00Z', 'e1')",
        "DELETE FROM figure_dirty",
        "INSERT INTO figure_refund (id, hall, day, level, state, fen) VALUES ('r1', 'HA01',"
        " '2026-11-22', 'store_manager', '已批准', 25000)",
        "INSERT INTO figure_refund_day (hall, day, level, state, count, fen) VALUES ('HA01',"
        " '2026-11-22', 'store_manager', '已批准', 1, 25000)",
    )
    store = HQStore.open(database_url)
    try:
        assert main(["migrate", "--database", database_url]) == 0
        assert "daily figures built for 0 complaints and 1 refunds" in capsys.readouterr().err
        figures = store.province_figures("2026-11-22", "2026-11-22", "HA01", now=NOW)
        assert figures.halls[0].refunds == {("director", "已批准"): [1, 25000]}  # 250 > 200
        assert store.rebuild_figures_if_pending() is None  # once
    finally:
        store.close()
