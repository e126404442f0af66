"""转总部投诉 in head office's store (issue 17), on SQLite and PostgreSQL: the queue (transferred
complaints only, media first then overdue first, filters, paging in SQL), a complaint's timeline
(masked, 补录 marked with the recorded time, a corrected deadline shown 已更正 with the estimate),
a progress note (a promised time in the quiet hours moved to 08:00), a hand-back (the complaint
leaves the queue), a reply refused when the complaint changed since it was opened (naming who), the
roles that act, and the queue's first page on an index (EXPLAIN, no sequential scan)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hall_desk.domain.clock import utc_iso
from hall_desk.hq.store import DeskIdentity, HQStore, HQStoreError
from tests.hq.envelopes import DeskChain, complaint_state, seed_staff

D2 = DeskIdentity("HA01-02", "HA01", revoked=False)
FAR = datetime.now(UTC) + timedelta(days=3)
PAST = datetime.now(UTC) - timedelta(hours=5)


def transferred(state: dict[str, Any], **over: Any) -> dict[str, Any]:
    record = {"id": "t-1", "to_kind": "head_office", "to_no": "", "to_name": "总部",
              "note": "请总部处理", "staff_no": "3001", "staff_name": "张三"}  # fmt: skip
    return {**state, "state": "已转派", "handler_kind": "head_office", "handler_no": "",
            "handler_name": "总部", "record": record, **over}  # fmt: skip


@pytest.fixture
def hq(database_url: str) -> Iterator[HQStore]:
    store = HQStore.open(database_url)
    store.add_hall("HA01", "人民路营业厅")
    store.add_desk("HA01-02")
    seed_staff(store)
    store.add_operator("wang.wu", display_name="王五", role="operator")
    store.add_operator("zhou.min", display_name="周敏", role="director")
    store.add_operator("shen.audit", display_name="沈审", role="auditor")
    yield store
    store.close()


def seed_queue(hq: HQStore) -> dict[str, dict[str, Any]]:
    """Four complaints: due later, overdue, a media one due later (all with head office), and
    one transferred to a colleague (not head office's)."""
    chain = DeskChain()
    made: dict[str, dict[str, Any]] = {}
    events = []
    for n, (name, due, media, kind) in enumerate(
        [
            ("later", FAR, False, "head_office"),
            ("overdue", PAST, False, "head_office"),
            ("media", FAR + timedelta(days=1), True, "head_office"),
            ("colleague", PAST, False, "staff"),
        ],
        start=1,
    ):
        state = {**complaint_state("HA01-02", n), "reply_due": utc_iso(due), "media": media,
                 "important": media, "phone": "13912345678"}  # fmt: skip
        moved = transferred(state)
        if kind == "staff":
            moved.update(handler_kind="staff", handler_no="3002", handler_name="李四")
        events += [chain.next(payload=state), chain.next("complaint.transferred", moved)]
        made[name] = state
    assert [r.outcome.value for r in hq.upload(D2, events).results] == ["stored"] * len(events)
    made["chain"] = {"chain": chain}
    return made


def test_the_queue_holds_transferred_complaints_media_then_overdue_first(hq: HQStore) -> None:
    made = seed_queue(hq)
    rows, total = hq.transferred_complaints()
    assert total == 3
    assert [r.number for r in rows] == [
        made["media"]["number"], made["overdue"]["number"], made["later"]["number"]
    ]  # fmt: skip
    assert rows[0].flags.startswith("媒体 重要") and rows[0].media
    assert "超时" in rows[1].flags and rows[1].overdue and "超时" not in rows[2].flags
    assert rows[1].customer == "139****5678"
    # filters and paging, in SQL
    only, count = hq.transferred_complaints(overdue=True)
    assert count == 1 and [r.number for r in only] == [made["overdue"]["number"]]
    assert hq.transferred_complaints(number=made["later"]["number"])[1] == 1
    assert hq.transferred_complaints(hall="HB09")[1] == 0
    assert hq.transferred_complaints(desk="HA01-02")[1] == 3
    second, count = hq.transferred_complaints(page=2, per_page=2)
    assert count == 3 and [r.number for r in second] == [made["later"]["number"]]
    with pytest.raises(HQStoreError):
        hq.transferred_complaints(page=0)


def test_progress_hand_back_and_a_reply_on_a_changed_complaint(hq: HQStore) -> None:
    made = seed_queue(hq)
    operator, director = hq.operator("wang.wu"), hq.operator("zhou.min")
    number = made["later"]["number"]
    opened = hq.transferred_complaint(number)
    assert [s.type for s in opened.steps] == ["complaint.created", "complaint.transferred"]
    assert opened.steps[1].what == "转派" and opened.steps[1].who == "张三（3001）"
    assert "13912345678" not in str(opened.to_json())
    # a promised time at 23:30 Shanghai moves to 08:00 the next morning
    promised = "2026-12-08T15:30:00.000000Z"
    note = hq.note_progress(number, "已联系计费中心核查", operator, promised_at=promised,
                            version=opened.version)  # fmt: skip
    assert note["type"] == "complaint.progress"
    assert note["payload"]["promised_at"] == "2026-12-09T00:00:00.000000Z"
    assert note["payload"]["promised_typed"] == promised
    # the reply carries the version it was opened at: refused, naming who changed it
    with pytest.raises(HQStoreError) as refused:
        hq.reply_transferred(number, "已退还", director, version=opened.version)
    assert refused.value.code == "complaint.changed"
    assert "王五" in refused.value.message and "总部进展说明" in refused.value.message
    again = hq.transferred_complaint(number)
    assert again.version > opened.version
    assert again.steps[-1].what == "总部进展说明" and again.steps[-1].who == "总部 王五"
    # a phone reply in the quiet hours needs the reason, as the CLI's
    with pytest.raises(HQStoreError) as quiet:
        hq.reply_transferred(number, "电话告知", director, version=again.version, method="电话",
                             called_at="2026-12-08T15:30:00.000000Z")  # fmt: skip
    assert quiet.value.code == "reply.quiet_hours"
    replied = hq.reply_transferred(number, "已退还", director, version=again.version)
    assert replied["type"] == "complaint.replied"
    assert number not in [r.number for r in hq.transferred_complaints()[0]]
    # hand back: it leaves the queue
    overdue = made["overdue"]["number"]
    returned = hq.return_complaint(overdue, "请营业厅上门核实", operator)
    assert returned["type"] == "complaint.returned"
    assert returned["payload"]["note"] == "请营业厅上门核实"
    assert [r.number for r in hq.transferred_complaints()[0]] == [made["media"]["number"]]
    with pytest.raises(HQStoreError) as twice:
        hq.return_complaint(overdue, "再退一次", operator)
    assert twice.value.code == "complaint.not_with_head_office"
    assert [e["type"] for e in hq.events_of("HA01-00") if e["type"].startswith("complaint.")] == [
        "complaint.progress", "complaint.replied", "complaint.returned"
    ]  # fmt: skip


def test_auditors_read_only(hq: HQStore) -> None:
    made = seed_queue(hq)
    auditor = hq.operator("shen.audit")
    for act in (
        lambda: hq.note_progress(made["later"]["number"], "看看", auditor),
        lambda: hq.return_complaint(made["later"]["number"], "退回", auditor),
        lambda: hq.reply_transferred(made["later"]["number"], "答复", auditor),
    ):
        with pytest.raises(HQStoreError) as refused:
            act()
        assert refused.value.code == "operator.not_working"
    assert [e for e in hq.events_of("HA01-00") if e["type"].startswith("complaint.")] == []


def test_late_reply_and_corrected_deadline_are_shown(hq: HQStore) -> None:
    made = seed_queue(hq)
    chain: DeskChain = made["chain"]["chain"]
    state = transferred(made["later"])
    record = {"id": "r-1", "content": "已短信告知", "method": "短信",
              "replied_at": "2026-11-22T09:00:00.000000Z", "late_entry": True,
              "late_reason": "系统故障", "staff_no": "3001", "staff_name": "张三"}  # fmt: skip
    corrected = {**state, "reply_due_estimate": "2026-11-23T02:00:00.000000Z",
                 "record": {"estimate": "2026-11-23T02:00:00.000000Z",
                            "corrected": "2026-11-24T02:00:00.000000Z",
                            "applied": "2026-11-24T02:00:00.000000Z",
                            "answered_before": False, "calendar_years": [2027]}}  # fmt: skip
    late = {**corrected, "late_reply": "补录", "record": record}
    events = [
        chain.next("complaint.deadline_corrected", corrected, actor="desk:HA01-02"),
        chain.next("complaint.replied_to_customer", late, at="2026-11-23T02:00:00.000000Z"),
    ]
    results = hq.upload(D2, events).results
    shown = hq.transferred_complaint(made["later"]["number"])
    types = [s.type for s in shown.steps]
    stored = [r.outcome.value for r in results]
    step = shown.steps[types.index("complaint.replied_to_customer")]
    assert step.late_entry and step.what.endswith("（补录）")
    assert ("录入时间", "2026-11-23T02:00:00.000000Z") in step.lines
    step = shown.steps[types.index("complaint.deadline_corrected")]
    assert any(label == "已更正" and "原估" in value for label, value in step.lines)
    assert "已更正" in shown.line.flags
    assert stored == ["stored", "stored"], [(r.outcome.value, r.reason) for r in results]


def test_the_queues_first_page_uses_an_index(hq: HQStore) -> None:
    """The first page and its count, unfiltered and overdue only, walk the partial index (no
    sequential scan of complaint or event)."""
    seed_queue(hq)
    now = utc_iso(datetime.now(UTC))
    statements = []
    for overdue in (False, True):
        count_sql, page_sql, params = hq._transferred_query(now=now, overdue=overdue)
        statements += [(count_sql, params), (page_sql, [*params, 20, 0])]
    with hq._lock:
        db = hq._db
        for sql, params in statements:
            if hq.dialect == "sqlite":
                plan = " ".join(str(r[-1]) for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))
                assert "complaint_head_office_queue" in plan, plan
                bare = re.findall(r"SCAN (\w+)(?! USING)", plan)  # a table walked without an index
                assert bare == [], plan
            else:
                db.execute("SET enable_seqscan = off")  # a small seed: what the planner can use
                plan = " ".join(str(r[0]) for r in db.execute(f"EXPLAIN {sql}", params).fetchall())
                db.execute("SET enable_seqscan = on")
                assert "complaint_head_office_queue" in plan, plan
                assert "Seq Scan on complaint" not in plan, plan
                assert "Seq Scan on event" not in plan, plan


def test_schema_step_12_fills_who_handles_each_complaint(database_url: str) -> None:
    """A head office of schema 11: each complaint's handler_kind is read from its full state,
    so the complaints already with head office are in the queue at once."""
    from tests.hq.test_files_hq import make_store_at

    at = "2026-11-22T02:00:00.000000Z"
    rows = []
    for n, kind in ((1, "head_office"), (2, "staff")):
        state = f'{{"handler_kind": "{kind}", "state": "已转派", "description": "第{n}件"}}'
        rows += [
            "INSERT INTO event (id, hall, desk, seq, type, schema, at, actor, payload, prev, hash,"
            f" received_at, receipt_no) VALUES ('e{n}', 'HA01', 'HA01-02', {n},"
            f" 'complaint.transferred', 1, '{at}', '3001', '{{}}', '', 'h{n}', '{at}', {n})",
            "INSERT INTO complaint (id, number, hall, desk, phone, customer_name, tier, channel,"
            " main_class, sub_class, state, first_responder_no, first_responder_name,"
            " accepted_at, reply_due, regulator_due, important, media, escalated, repeat,"
            " amount, full_state, source_event, source_desk, source_seq, updated_at) VALUES"
            f" ('c{n}', 'N{n}', 'HA01', 'HA01-02', '13800138000', '王女士', '普通', '营业厅现场',"
            f" '电信资费', '资费争议', '已转派', '3001', '张三', '{at}', '{at}', '{at}', 0, 0, 0,"
            f" 0, NULL, '{state}', 'e{n}', 'HA01-02', {n}, '{at}')",
        ]
    make_store_at(
        database_url,
        11,
        f"INSERT INTO hall (code, name, created_at, last_receipt) VALUES ('HA01', '人民路', '{at}', 2)",
        f"INSERT INTO desk (code, hall, token_hash, revoked_at, created_at)"
        f" VALUES ('HA01-02', 'HA01', 'a-hash', NULL, '{at}')",
        *rows,
    )
    store = HQStore.open(database_url)
    try:
        assert store.schema_version() >= 12
        queue, total = store.transferred_complaints()
        assert (total, [r.number for r in queue]) == (1, ["N1"])
    finally:
        store.close()


def test_a_confirmed_late_reply_is_accepted_from_the_complaints_page(hq: HQStore) -> None:
    """The console's accept-late: the CLI's accept-late-reply (refused until the store manager
    confirmed; an auditor acts on nothing), refused on a stale version."""
    from tests.hq.test_late_replies_hq import confirmation, late_state

    seed_staff(hq, staff_no="3002", role="营业员")
    made = seed_queue(hq)
    chain: DeskChain = made["chain"]["chain"]
    state = transferred(made["later"])
    replied = chain.next(
        "complaint.replied_to_customer", {**late_state(state, "补录"), "record": {}}, actor="3002"
    )
    assert [r.outcome.value for r in hq.upload(D2, [replied]).results] == ["stored"]
    number = state["number"]
    operator = hq.operator("wang.wu")
    with pytest.raises(HQStoreError) as early:
        hq.accept_late_transferred(number, "已核实", operator)
    assert early.value.code == "late_reply.not_confirmed"
    opened = hq.transferred_complaint(number)
    assert not opened.confirmation_pending
    confirmed = chain.next("complaint.late_reply_confirmed", confirmation(state, "3002"))
    assert [r.outcome.value for r in hq.upload(D2, [confirmed]).results] == ["stored"]
    with pytest.raises(HQStoreError) as stale:
        hq.accept_late_transferred(number, "已核实", operator, version=opened.version)
    assert stale.value.code == "complaint.changed" and "3001" in stale.value.message
    now = hq.transferred_complaint(number)
    assert now.confirmation_pending and now.late_reply == "店长已确认"
    with pytest.raises(HQStoreError) as auditor:
        hq.accept_late_transferred(number, "已核实", hq.operator("shen.audit"))
    assert auditor.value.code == "operator.read_only"
    accepted = hq.accept_late_transferred(
        number, "核对短信平台记录无误", operator, version=now.version
    )
    assert accepted["type"] == "complaint.late_reply_accepted"
    assert hq.transferred_complaint(number).late_reply == "总部已认可"
