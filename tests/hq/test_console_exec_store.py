"""The store's reads behind the console's 待执行退费 and 营业厅与台席 (issue 17), on SQLite and
PostgreSQL: the execution queue oldest first, filtered and paged in SQL, numbers masked, leaving
it when executed or cancelled; schema step 12 (refund.method filled from the full state; a desk's
token time); a desk's last contact noted at most once a minute; files named but not held; and the
first page of each queue read without a sequential scan of ``refund`` or ``event``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hall_desk.domain.workdays import CHINESE_CALENDAR
from hall_desk.hq.console.executions import local_time, working_days_since
from hall_desk.hq.store import HQStore, HQStoreError
from tests.hq.envelopes import transfer_state
from tests.hq.test_refund_loop_hq import CARD, OPERATORS, PAID_AT, Hall


@pytest.fixture
def hq(database_url: str) -> Iterator[HQStore]:
    from tests.hq.envelopes import seed_staff

    store = HQStore.open(database_url)
    store.add_hall("HA01", "人民路营业厅")
    store.add_desk("HA01-02")
    seed_staff(store)
    for login, (name, role) in OPERATORS.items():
        store.add_operator(login, display_name=name, role=role)
    yield store
    store.close()


def numbers(page: tuple[list[Any], int]) -> list[str]:
    return [row.number for row in page[0]]


def test_the_execution_queue_oldest_first_filtered_paged_and_masked(hq: HQStore) -> None:
    hall = Hall(hq)
    first = hall.refund(hall.complaint(), "120.00", to="已批准")
    card = hall.refund(hall.complaint(), "30.00", to="已批准", method=CARD)
    sent = hall.refund(hall.complaint(), "450.00")  # 待总部审批: not yet
    third = hall.refund(hall.complaint(), "80.00", to="已批准")
    assert numbers(hq.execution_page()) == [first["number"], third["number"]]
    assert card["number"] not in numbers(hq.execution_page())
    # approved at head office: joins the queue, its decider named
    hq.decide_refund(sent["number"], True, "核实无误", hq.operator("zhou.min"))
    rows, total = hq.execution_page()
    assert total == 3 and [r.number for r in rows] == [
        first["number"], third["number"], sent["number"],
    ]  # fmt: skip
    decided = rows[2]
    assert decided.state == "总部已批准" and "周敏" in decided.decided_by
    assert "zhou.min" in decided.decided_by and decided.execution == "待执行"
    # masked everywhere: the customer and the destination
    phone = first["complaint"]["phone"]
    assert rows[0].customer == phone[:3] + "****" + phone[-4:]
    assert phone not in str([r.to_json() for r in rows])
    assert rows[0].destination.startswith("话费账户返还") and phone[-4:] in rows[0].destination
    assert rows[0].complaint_number == first["complaint"]["number"]
    # paging and filters in SQL
    assert numbers(hq.execution_page(per_page=2, page=2)) == [sent["number"]]
    assert hq.execution_page(per_page=2, page=3) == ([], 3)
    assert numbers(hq.execution_page(number=third["number"])) == [third["number"]]
    by_complaint = hq.execution_page(number=first["complaint"]["number"])
    assert numbers(by_complaint) == [first["number"]]
    assert hq.execution_page(hall="HB02") == ([], 0)
    assert hq.execution_page(desk="HA01-02")[1] == 3
    with pytest.raises(HQStoreError):
        hq.execution_page(page=0)
    with pytest.raises(HQStoreError):
        hq.execution_page(execution="已到账")

    # failed: still in the queue, with why; the 执行失败 filter finds it, 待执行 does not
    hq.record_failure(third["number"], "账户已销户", hq.operator("wang.wu"))
    failed = hq.execution_page(execution="执行失败")[0]
    assert [(r.number, r.execution, r.failure, r.failures) for r in failed] == [
        (third["number"], "执行失败", "账户已销户", 1)
    ]
    assert third["number"] not in numbers(hq.execution_page(execution="待执行"))
    # executed or cancelled: out of the queue
    hq.record_execution(first["number"], "BILL-1", "120.00", PAID_AT, hq.operator("wang.wu"))
    hq.cancel_execution(third["number"], "客户改为现金退还", hq.operator("li.na"))
    assert numbers(hq.execution_page()) == [sent["number"]]


def waiting_marks(store: HQStore) -> dict[str, str | None]:
    """Each refund's ``execution_waiting`` as stored (by number)."""
    with store._lock:
        rows = store._db.execute("SELECT number, execution_waiting FROM refund").fetchall()
    return {str(r[0]): r[1] for r in rows}


def test_the_waiting_marker_follows_every_writer(hq: HQStore) -> None:
    """Schema step 19: ``refund.execution_waiting`` is 待执行 / 执行失败 on exactly the refunds
    the queue lists, whoever wrote the change (intake, a decision, an execution row)."""
    hall = Hall(hq)
    first = hall.refund(hall.complaint(), "120.00", to="已批准")  # intake: approved at the hall
    card = hall.refund(hall.complaint(), "30.00", to="已批准", method=CARD)
    sent = hall.refund(hall.complaint(), "450.00")  # 待总部审批
    third = hall.refund(hall.complaint(), "80.00", to="已批准")
    assert waiting_marks(hq) == {
        first["number"]: "待执行", card["number"]: None, sent["number"]: None,
        third["number"]: "待执行",
    }  # fmt: skip
    hq.decide_refund(sent["number"], True, "核实无误", hq.operator("zhou.min"))  # a decision
    assert waiting_marks(hq)[sent["number"]] == "待执行"
    hq.record_failure(third["number"], "账户已销户", hq.operator("wang.wu"))  # execution rows
    assert waiting_marks(hq)[third["number"]] == "执行失败"
    hq.record_execution(first["number"], "BILL-1", "120.00", PAID_AT, hq.operator("wang.wu"))
    hq.cancel_execution(third["number"], "客户改为现金退还", hq.operator("li.na"))
    marks = waiting_marks(hq)
    assert marks[first["number"]] is None and marks[third["number"]] is None
    assert marks[sent["number"]] == "待执行"
    listed = {r.number: r.execution for r in hq.execution_page()[0]}
    assert listed == {n: m for n, m in marks.items() if m is not None}


def test_schema_step_19_marks_the_waiting_refunds_held_before_it(database_url: str) -> None:
    from tests.hq.test_files_hq import make_store_at

    def refund(n: int, state: str, method: str = "话费账户返还") -> str:
        full = f'{{"id": "r{n}", "method": "{method}", "state": "{state}"}}'
        return (
            "INSERT INTO refund (id, number, hall, desk, complaint_id, amount, state, full_state,"
            " source_event, source_desk, source_seq, updated_at, method) VALUES"
            f" ('r{n}', 'HA01-02-R{n}', 'HA01', 'HA01-02', 'c{n}', '10.00', '{state}', '{full}',"
            f" 'e1', 'HA01-02', {n}, '2026-11-22T02:00:0{n}Z', '{method}')"
        )

    def execution(n: int, state: str) -> str:
        return (
            "INSERT INTO refund_execution (refund_id, hall, state, at, recorded_by, recorded_at,"
            f" event_id) VALUES ('r{n}', 'HA01', '{state}', '2026-11-23T02:00:00Z', 'wang.wu',"
            " '2026-11-23T02:00:00Z', 'e1')"
        )

    make_store_at(
        database_url,
        18,
        "INSERT INTO hall (code, name, created_at) VALUES ('HA01', 'x', '2026-11-01T00:00:00Z')",
        "INSERT INTO desk (code, hall, token_hash, created_at) VALUES ('HA01-02', 'HA01', 'h',"
        " '2026-11-02T00:00:00Z')",
        "INSERT INTO event (id, hall, desk, seq, type, schema, at, actor, payload, prev, hash,"
        " received_at, receipt_no) VALUES ('e1', 'HA01', 'HA01-02', 1, 'refund.approved', 1,"
        " '2026-11-22T02:00:00Z', 'staff:3001', '{}', '', 'h1', '2026-11-22T02:00:01Z', 1)",
        refund(1, "已批准"),
        refund(2, "总部已批准"),
        refund(3, "已批准"),
        refund(4, "已批准"),
        refund(5, "待总部审批"),
        refund(6, "已批准", method="银行卡"),
        execution(2, "执行失败"),
        execution(3, "已到账"),
        execution(4, "已取消执行"),
    )
    store = HQStore.open(database_url)
    try:
        assert store.schema_version() >= 19
        assert waiting_marks(store) == {
            "HA01-02-R1": "待执行", "HA01-02-R2": "执行失败", "HA01-02-R3": None,
            "HA01-02-R4": None, "HA01-02-R5": None, "HA01-02-R6": None,
        }  # fmt: skip
        assert numbers(store.execution_page()) == ["HA01-02-R1", "HA01-02-R2"]
    finally:
        store.close()


def test_schema_step_12_fills_the_method_and_the_token_time(database_url: str) -> None:
    from tests.hq.test_files_hq import make_store_at

    full = '{"id": "r1", "method": "话费账户返还", "state": "已批准"}'
    make_store_at(
        database_url,
        11,
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
        assert store.schema_version() >= 12
        rows, total = store.execution_page()
        assert total == 1 and rows[0].number == "HA01-02-R1" and rows[0].customer == ""
        desks, _ = store.desks_page()
        assert desks[0].token_issued_at == "2026-11-02T00:00:00Z"
    finally:
        store.close()


def test_the_desks_page_contact_files_escrow_and_paging(hq: HQStore) -> None:
    hq.add_hall("HB02", "解放路营业厅")
    for code in ("HB02-01", "HB02-02", "HA01-03"):
        hq.add_desk(code)
    rows, total = hq.desks_page()
    assert total == 4 and [r.desk for r in rows] == ["HA01-02", "HA01-03", "HB02-01", "HB02-02"]
    assert all(r.last_contact == "" and r.last_contact_tls is None for r in rows)
    assert all(r.token_issued_at for r in rows)
    assert [r.desk for r in hq.desks_page(hall="HB02", per_page=1, page=2)[0]] == ["HB02-02"]
    assert hq.desks_page(desk="HA01-03")[1] == 1

    # contact: noted once a minute (a change of transport is noted at once)
    assert hq.note_desk_contact("HA01-02", tls=True) is True
    assert hq.note_desk_contact("HA01-02", tls=True) is False
    assert hq.note_desk_contact("HA01-02", tls=False) is True
    desk = hq.desks_page(desk="HA01-02")[0][0]
    assert desk.last_contact and desk.last_contact_tls is False

    # an upload: the last upload, the highest seq, the chain intact
    hall = Hall(hq)
    complaint = hall.complaint()
    desk = hq.desks_page(desk="HA01-02")[0][0]
    assert desk.highest_seq == 1 and desk.stored_seq == 1 and desk.chain == "intact"
    assert desk.last_upload

    # a transfer naming a file head office does not hold: counted missing
    from tests.hq.envelopes import file_entry

    transfer_id = "00000000-0000-4000-8000-0000000000aa"
    opened = transfer_state("HA01-02", transfer_id)
    attached = transfer_state("HA01-02", transfer_id, files=[file_entry("ab" * 32)])
    outcomes = hall.upload([
        hall.chain.next("transfer.opened", opened),
        hall.chain.next("transfer.evidence_attached", attached),
    ])  # fmt: skip
    assert outcomes == [("stored", "")] * 2
    assert hq.desks_page(desk="HA01-02")[0][0].files_missing == 1
    assert complaint["hall"] == "HA01"

    # a reissue: a release code outstanding, the token's time renewed
    before = hq.desks_page(desk="HB02-01")[0][0].token_issued_at
    hq.reissue_desk("HB02-01")
    after = hq.desks_page(desk="HB02-01")[0][0]
    assert after.token_issued_at >= before and after.release_pending_until
    with pytest.raises(HQStoreError):
        hq.desks_page(per_page=101)


def _plan(store: HQStore, sql: str, params: list[Any]) -> str:
    """The query plan of ``sql``: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN (with
    sequential scans discouraged, as a large table's statistics would)."""
    with store._lock:
        if store.dialect == "sqlite":
            rows = store._db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
            return "\n".join(str(r[-1]) for r in rows)
        store._db.execute("BEGIN")
        try:
            store._db.execute("SET LOCAL enable_seqscan = off")
            rows = store._db.execute("EXPLAIN " + sql, params).fetchall()
        finally:
            store._db.execute("ROLLBACK")
        return "\n".join(str(r[0]) for r in rows)


def test_the_first_pages_scan_no_refund_or_event_sequentially(hq: HQStore) -> None:
    hall = Hall(hq)
    for amount in ("10.00", "20.00", "30.00"):
        hall.refund(hall.complaint(), amount, to="已批准")
    plans = []
    for filters in ({}, {"hall": "HA01"}, {"desk": "HA01-02"}, {"number": "X"}):
        count_sql, page_sql, params = hq._execution_query(**filters)
        plans.append(_plan(hq, count_sql, params))
        plans.append(_plan(hq, page_sql, [*params, 20, 0]))
    for filters in ({}, {"hall": "HA01"}):
        count_sql, page_sql, params = hq._desks_query(filters.get("hall"), None)
        plans.append(_plan(hq, page_sql, [*params, 20, 0]))
    # the first page of 待执行 reads the index of exactly the waiting refunds (schema step 19)
    for filters in ({}, {"execution": "执行失败"}, {"hall": "HA01"}):
        _count, page_sql, params = hq._execution_query(**filters)
        assert "refund_execution_waiting" in _plan(hq, page_sql, [*params, 20, 0]), filters
    for plan in plans:
        lines = plan.lower().splitlines()
        if hq.dialect == "sqlite":  # "SCAN r" alone reads the table; "SCAN r USING INDEX" not
            table_scans = [
                ln for ln in lines
                if ln.split()[:2] in (["scan", "r"], ["scan", "e"], ["scan", "refund"],
                                      ["scan", "event"]) and "using" not in ln
            ]  # fmt: skip
        else:
            table_scans = [
                ln for ln in lines if "seq scan on refund" in ln or "seq scan on event" in ln
            ]
        assert not table_scans, plan


def test_working_days_and_local_times() -> None:
    friday = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)  # 17:00 in Shanghai, a Friday
    assert (
        working_days_since(
            friday.isoformat(), friday + timedelta(days=3, hours=-1), CHINESE_CALENDAR
        )
        == 0
    )
    assert (
        working_days_since(
            friday.isoformat(), friday + timedelta(days=3, hours=1), CHINESE_CALENDAR
        )
        == 1
    )
    assert working_days_since("not a time", friday, CHINESE_CALENDAR) == 0
    assert local_time("2026-12-07T10:30") == "2026-12-07T10:30+08:00"
    assert local_time("2026-12-07T10:30:00Z") == "2026-12-07T10:30:00Z"


def test_silence_and_waiting_count_the_halls_published_calendar(hq: HQStore) -> None:
    """A day the hall's policy publishes as a holiday is no working day for 营业厅与台席's silence
    nor for 待执行退费's wait; a hall without a published calendar uses the holiday data."""
    import datetime as dt

    from hall_desk.hq.console import Console
    from hall_desk.hq.console.executions import ExecutionPages
    from hall_desk.hq.secrets_keeper import SecretsKeeper

    published = {"years": [2030], "holidays": ["2030-01-02"], "workdays": []}
    hq.set_policy({"version": 2, "calendar": published}, hq.operator("wang.wu"), hall="HA01")
    pages = ExecutionPages(Console(hq, SecretsKeeper(None)))
    cache: dict[str, Any] = {}
    wednesday = dt.date(2030, 1, 2)
    assert pages.calendar_of("HA01", cache).is_working_day(wednesday) is False
    assert pages.calendar_of("HB02", cache) is CHINESE_CALENDAR
    tuesday = datetime(2030, 1, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    thursday = datetime(2030, 1, 3, 3, 0, tzinfo=UTC)
    assert working_days_since(tuesday.isoformat(), thursday, cache["HA01"]) == 1
