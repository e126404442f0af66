"""Batches as set operations (issue 18 item 3): the set path answers every event as the per-event
path does and leaves the same store, on SQLite and PostgreSQL; a batch's round trips to the
database do not grow with its size."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.hq.store import DeskIdentity, HQStore
from tests.hq.databases import database
from tests.hq.envelopes import DeskChain, complaint_state, refund_state, rehash, seed_staff

D2 = DeskIdentity("HA01-02", "HA01", revoked=False)
D3 = DeskIdentity("HA01-03", "HA01", revoked=False)
NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
SEEDED_ID = str(uuid.uuid4())


def open_store(url: str, *, set_based: bool) -> HQStore:
    store = HQStore.open(url, clock=FixedClock(NOW))
    store.set_based = set_based  # the instance's choice; the class's default is the set path
    store.add_hall("HA01", "人民路营业厅")
    store.add_desk(D2.code)
    store.add_desk(D3.code)
    # the same account in both stores (seed_staff makes a new id and hash each time)
    seed_staff(store, id=SEEDED_ID, password_hash="pbkdf2$seeded")
    return store


@pytest.fixture
def both(backend: str, tmp_path: Path) -> Iterator[tuple[HQStore, HQStore]]:
    """(per-event store, set store), each on a fresh database of ``backend``."""
    with (
        database(backend, tmp_path / "each") as each_url,
        database(backend, tmp_path / "set") as set_url,
    ):
        each = open_store(each_url, set_based=False)
        whole = open_store(set_url, set_based=True)
        try:
            yield each, whole
        finally:
            each.close()
            whole.close()


TABLES = {
    "event": "SELECT id, hall, desk, seq, type, schema, hash, prev, receipt_no, payload FROM event",
    "quarantine": "SELECT event_id, reason, detail FROM quarantine",
    "conflict": "SELECT desk, event_id, hash, seq, detail, times FROM conflict",
    "complaint": "SELECT id, full_state, source_event, source_desk, source_seq FROM complaint",
    "refund": "SELECT id, state, full_state, source_event, source_seq FROM refund",
    "entity_state": "SELECT kind, entity_id, full_state, source_event, source_seq FROM entity_state",
    "intake_entity": "SELECT kind, entity_id, hall, desk, state, fixed, source_desk, source_seq"
    " FROM intake_entity",
    "intake_flag": "SELECT event_id, flag, hall, detail FROM intake_flag",
    "intake_waiting": "SELECT event_id, hall, kind, entity_id FROM intake_waiting",
    "intake_looser": "SELECT family, schema, rule, events, last_event FROM intake_looser",
    "chain": "SELECT desk, contiguous_seq, contiguous_hash, break_seq, break_detail FROM chain",
    "hall": "SELECT code, last_receipt FROM hall",
    "hall_staff": "SELECT hall, staff_no, full_state FROM hall_staff",
}


def dump(store: HQStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every table an upload writes, sorted (ids and receipt numbers included)."""
    out = {}
    for name, sql in TABLES.items():
        with store._lock:
            rows = [tuple(str(v) for v in row) for row in store._db.execute(sql).fetchall()]
        # head office's own events (HA01-00) have ids, so hashes, of their own in each store
        if name == "event":
            rows = [(*row[1:6], row[8]) if row[2].endswith("-00") else row for row in rows]
        if name == "chain":
            rows = [(row[0], row[1], *row[3:]) if row[0].endswith("-00") else row for row in rows]
        out[name] = sorted(rows, key=repr)
    return out


def mixed_batches() -> list[tuple[DeskIdentity, list[dict[str, Any]]]]:
    """Batches of every kind of answer: new, duplicate (resent, and twice in one batch),
    quarantined (unknown type, invalid value, unknown actor, a forbidden change, a refund step
    head office has not decided), out of order (a gap, filled later; an older event of a
    complaint after its newer one), forged links, conflicts, an event waiting for another desk's
    creation and released by it, a staff change (re-published on head office's chain)."""
    two, three = DeskChain(D2.code), DeskChain(D3.code)
    complaint = complaint_state(D2.code, 1)
    refund_id = str(uuid.uuid4())
    created = two.next(payload=complaint)
    new = two.complaints(3)
    proposed = two.next("refund.proposed", refund_state(complaint, refund_id, "待审批"))
    unknown = two.next("teleport.started", {"id": str(uuid.uuid4())})
    invalid = two.next(payload={**complaint_state(D2.code, 7), "phone": "not a phone"})
    nobody = two.next(payload=complaint_state(D2.code, 8), actor="9999")
    hijack = two.next("complaint.reassigned", {**complaint, "first_responder_no": "3002"})
    first = [created, *new, proposed, unknown, invalid, nobody, hijack]
    batch1 = [*first, first[2]]  # the same event twice in one batch
    sent = two.next("refund.sent_to_head_office", refund_state(complaint, refund_id, "待总部审批"))
    early = two.next("refund.signed", refund_state(complaint, refund_id, "总部已批准"))
    gap_fill = two.complaints(2)  # seq 12, 13: sent after 14, 15
    after_gap = two.complaints(2)
    batch2 = [*first, sent, early, *after_gap]  # resent: duplicates and quarantined again
    # an older event of the complaint (the reply, seq 16) arrives after its newer one (seq 17)
    replied = DeskChain(D2.code, start_seq=16, prev=after_gap[-1]["hash"])
    replied.next("complaint.replied_to_customer", {**complaint, "state": "已答复"})
    closed = replied.next("complaint.replied_to_customer", {**complaint, "state": "已答复"})
    forged = DeskChain(D2.code, start_seq=18, prev="1" * 64).complaints(1)
    other_content = rehash({**new[0], "payload": complaint_state(D2.code, 99)})
    seq_taken = DeskChain(D2.code, start_seq=3, prev=new[0]["hash"]).complaints(1)
    batch3 = [*gap_fill, closed, replied.events[0], *forged, other_content, *seq_taken]
    # desk 03 marks desk 02's typical case before desk 02 uploads it: it waits, then is released
    case = {"id": str(uuid.uuid4()), "complaint_id": complaint["id"], "title": "话费争议",
            "desk": D2.code, "best_quarter": None, "changes": {}}  # fmt: skip
    marked = three.next("typical_case.marked_best", {**case, "best_quarter": "2026Q4"})
    batch4 = [*three.complaints(2), marked, *three.complaints(1)]
    more = DeskChain(D2.code, start_seq=18, prev=closed["hash"])
    written = more.next("typical_case.written", case)
    batch5 = [written, *more.complaints(2)]
    clerk = {"id": str(uuid.uuid4()), "staff_no": "3009", "name": "新员工", "role": "营业员",
             "active": True, "password_hash": "pbkdf2$x", "changes": {}}  # fmt: skip
    batch6 = [*three.complaints(1), three.next("staff.changed", clerk), *three.complaints(1)]
    # two complaints created and changed in turns in one batch: each table's writes run grouped
    # (one executemany per statement) and must keep their order within the table
    a, b = complaint_state(D2.code, 30), complaint_state(D2.code, 31)
    batch7 = [
        more.next(payload=a),
        more.next(payload=b),
        more.next("complaint.replied_to_customer", {**a, "state": "已答复"}),
        more.next(payload=complaint_state(D2.code, 32)),
        more.next("complaint.replied_to_customer", {**b, "state": "已答复"}),
        more.next("complaint.closed", {**a, "state": "已关闭"}),
        more.next("complaint.replied_to_customer", {**b, "state": "已答复", "tier": "VIP"}),
    ]
    return [
        (D2, batch1),
        (D2, batch2),
        (D2, batch3),
        (D3, batch4),
        (D3, [marked]),
        (D2, batch5),
        (D3, [marked, *batch4[:2]]),
        (D3, batch6),
        (D3, batch6),
        (D2, batch7),
    ]


def test_the_set_path_answers_and_stores_as_the_per_event_path(
    both: tuple[HQStore, HQStore], caplog: pytest.LogCaptureFixture
) -> None:
    each, whole = both
    caplog.set_level(logging.INFO, logger="hall_desk.hq.store")
    seen: set[str] = set()
    for desk, batch in mixed_batches():
        expected = each.upload(desk, batch)
        got = whole.upload(desk, batch)
        answers = [(r.id, r.outcome.value, r.reason, r.detail) for r in expected.results]
        assert [(r.id, r.outcome.value, r.reason, r.detail) for r in got.results] == answers
        assert (got.highest_seq, got.chain) == (expected.highest_seq, expected.chain)
        seen |= {f"{outcome}:{reason}" for _, outcome, reason, _ in answers}
        assert dump(whole) == dump(each)
    # the set path took every batch but two, which the per-event path took: the creation that
    # released a waiting event, and the staff change re-published on head office's chain
    fallbacks = [r.getMessage() for r in caplog.records if "event by event" in r.getMessage()]
    assert len(fallbacks) == 2, fallbacks
    assert "releases the events waiting" in fallbacks[0] and "staff change" in fallbacks[1]
    # the batches did hold every kind of answer
    assert {
        "stored:",
        "duplicate:",
        "quarantined:type.unknown",
        "quarantined:payload.invalid",
        "quarantined:actor.unknown",
        "quarantined:entity.fixed",
        "quarantined:refund.not_decided",
        "quarantined:waiting",
        "refused:chain.link",
        "refused:conflict",
    } <= seen


def new_batch_cost(store: HQStore, chain: DeskChain, size: int, desk: DeskIdentity = D2) -> int:
    before = store.round_trips
    reply = store.upload(desk, chain.complaints(size))
    assert {r.outcome.value for r in reply.results} == {"stored"}
    return store.round_trips - before


def resent_batch_cost(store: HQStore, events: list[dict[str, Any]]) -> int:
    before = store.round_trips
    reply = store.upload(D2, events)
    assert {r.outcome.value for r in reply.results} == {"duplicate"}
    return store.round_trips - before


def test_a_batchs_round_trips_do_not_grow_with_its_size(database_url: str) -> None:
    store = open_store(database_url, set_based=True)
    try:
        chain = DeskChain(D2.code)
        small = new_batch_cost(store, chain, 5)
        large = new_batch_cost(store, chain, 500)
        # Every kind of query once (duplicates, neighbours, complaints, actors, entities,
        # waiting), the events' multi-row insert and the applied rows in one pipeline, the
        # chain: the same count for 5 events as for 500.
        assert large == small
        assert large <= 20
        resent = resent_batch_cost(store, chain.events[-500:])
        assert resent <= large
        # the reference path pays several round trips per event
        store.set_based = False
        assert new_batch_cost(store, DeskChain(D3.code), 50, D3) > 50 * 3
    finally:
        store.close()


def test_a_batchs_writes_run_grouped_in_each_tables_order() -> None:
    """The deferred writes become one group (one executemany) per run of the same statement in
    its table: a table's writes keep their order, and nothing crosses a write to a table that is
    not known to commute with the others."""
    from hall_desk.hq.store.intake import _runs

    insert_c = "INSERT INTO complaint (id) VALUES (?)"
    update_c = "UPDATE complaint SET x = ? WHERE id = ?"
    entity = "INSERT INTO intake_entity (entity_id) VALUES (?) ON CONFLICT DO NOTHING"
    other = "UPDATE hall SET last_receipt = ?"
    writes: list[tuple[str, tuple[Any, ...] | list[Any]]] = [
        (insert_c, ("a",)),
        (entity, ("a",)),
        (insert_c, ("b",)),
        (entity, ("b",)),
        (update_c, (1, "a")),
        (insert_c, ("c",)),  # after an update of its table: a group of its own
        (update_c, (2, "b")),
        (other, (9,)),  # a barrier
        (entity, ("c",)),
    ]
    assert _runs(writes) == [
        (insert_c, [("a",), ("b",)]),
        (entity, [("a",), ("b",)]),
        (update_c, [(1, "a")]),
        (insert_c, [("c",)]),
        (update_c, [(2, "b")]),
        (other, [(9,)]),
        (entity, [("c",)]),
    ]
