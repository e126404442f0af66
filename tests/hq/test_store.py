"""Head office's store, in process: opening, tokens, and the upload rules event by event."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hall_desk.domain.envelope import verify_chain
from hall_desk.domain.payloads import LATEST
from hall_desk.hq.store import (
    APPLICATION_ID,
    LATEST_VERSION,
    DeskIdentity,
    HQStore,
    HQStoreError,
    dialect_of,
    redact_url,
    sqlite_path,
    token_hash,
)
from hall_desk.sync.protocol import TOKEN_PREFIX, ChainState, Outcome
from tests.hq.envelopes import DeskChain, complaint_state, rehash, seed_staff

DESK = DeskIdentity("HA01-02", "HA01", revoked=False)


@pytest.fixture
def hq(database_url: str) -> Iterator[HQStore]:
    store = HQStore.open(database_url)
    store.add_hall("HA01", "人民路营业厅")
    store.add_desk("HA01-02")
    store.add_desk("HA01-03")
    seed_staff(store)
    yield store
    store.close()


def stored_bytes(hq: HQStore) -> bytes:
    """Everything the store keeps on disk (SQLite) or in its token tables (PostgreSQL)."""
    if hq.path is not None:
        return hq.path.read_bytes() + hq.path.with_name("hq.sqlite3-wal").read_bytes()
    rows = hq._conn.execute(
        "SELECT code || ' ' || token_hash FROM desk UNION ALL"
        " SELECT name || ' ' || token_hash FROM operator"
    ).fetchall()
    return "\n".join(r[0] for r in rows).encode()


def outcomes(reply: object) -> list[str]:
    return [r.outcome.value for r in reply.results]  # type: ignore[attr-defined]


# --- opening -------------------------------------------------------------------------------------


def test_database_urls() -> None:
    assert sqlite_path("sqlite:///hq.sqlite3") == Path("hq.sqlite3")
    assert sqlite_path("sqlite:////srv/hq/hq.sqlite3") == Path("/srv/hq/hq.sqlite3")
    for bad in ("hq.sqlite3", "sqlite://hq", "sqlite:///", "mysql://x/y"):
        with pytest.raises(HQStoreError) as error:
            dialect_of(bad)
        assert error.value.code == "db.url"
    assert dialect_of("postgresql://hq@db/hq") == dialect_of("postgres://db/hq") == "postgresql"
    assert dialect_of("sqlite:///hq.sqlite3") == "sqlite"
    assert redact_url("postgresql://hq:s3cret@db:5432/hq") == "postgresql://hq:***@db:5432/hq"


def test_an_unreachable_postgres_is_a_clear_error() -> None:
    with pytest.raises(HQStoreError) as error:
        HQStore.open("postgresql://nobody:s3cret@127.0.0.1:1/none")
    assert error.value.code == "db.unopenable"
    assert "s3cret" not in error.value.message and "127.0.0.1" in error.value.message


def test_postgres_store_has_the_latest_schema_and_refuses_newer_or_foreign(
    tmp_path: Path,
) -> None:
    from tests.hq.databases import fresh_postgres

    with fresh_postgres() as url:
        store = HQStore.open(url)
        assert store.schema_version() == LATEST_VERSION
        store._conn.execute("UPDATE schema_version SET version = version + 1")
        store.close()
        with pytest.raises(HQStoreError) as error:
            HQStore.open(url)
        assert error.value.code == "db.newer_schema"
    with fresh_postgres() as url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE TABLE something_else (x int)")
        with pytest.raises(HQStoreError) as error:
            HQStore.open(url)
        assert error.value.code == "db.foreign"


def test_new_store_has_the_latest_schema_and_its_mark(tmp_path: Path) -> None:
    store = HQStore.open(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    assert store.schema_version() == LATEST_VERSION
    store.close()
    conn = sqlite3.connect(tmp_path / "hq.sqlite3")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "hq.sqlite3"
    HQStore.open(f"sqlite:///{path}").close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(HQStoreError) as error:
        HQStore.open(f"sqlite:///{path}")
    assert error.value.code == "db.newer_schema"
    assert path.read_bytes() == before


def test_a_desk_file_or_garbage_is_not_taken_for_a_head_office_store(tmp_path: Path) -> None:
    desk = tmp_path / "desk.sqlite3"
    conn = sqlite3.connect(desk)
    conn.execute("PRAGMA application_id = 1212435249")  # the desk's "HDK1"
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with pytest.raises(HQStoreError) as error:
        HQStore.open(f"sqlite:///{desk}")
    assert error.value.code == "db.foreign"
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(HQStoreError) as error:
        HQStore.open(f"sqlite:///{junk}")
    assert error.value.code == "db.damaged"


# --- halls, desks, tokens ------------------------------------------------------------------------


def test_only_the_token_hash_is_kept(hq: HQStore) -> None:
    token = hq.add_desk("HA01-04")
    assert token.startswith(TOKEN_PREFIX) and len(token) >= len(TOKEN_PREFIX) + 43
    raw = stored_bytes(hq)
    assert token.encode() not in raw
    assert token_hash(token).encode() in raw
    assert hq.desk_for_token(token) == DeskIdentity("HA01-04", "HA01", revoked=False)
    assert hq.desk_for_token(token + "x") is None
    assert hq.desk_for_token("not-a-token") is None
    hq.revoke_desk("HA01-04")
    assert hq.desk_for_token(token) == DeskIdentity("HA01-04", "HA01", revoked=True)
    fresh = hq.add_desk("HA01-04", new_token_for_existing=True)
    assert hq.desk_for_token(token) is None
    assert hq.desk_for_token(fresh) == DeskIdentity("HA01-04", "HA01", revoked=False)


@pytest.mark.parametrize(
    ("code", "error"),
    [("HA09-01", "hall.missing"), ("HA01", "desk.code"), ("ha01-02", "desk.code"),
     ("HA01-02", "desk.exists")],
)  # fmt: skip
def test_desk_codes(hq: HQStore, code: str, error: str) -> None:
    with pytest.raises(HQStoreError) as raised:
        hq.add_desk(code)
    assert raised.value.code == error


def test_revoking_an_unknown_desk_is_an_error(hq: HQStore) -> None:
    with pytest.raises(HQStoreError) as raised:
        hq.revoke_desk("HA01-77")
    assert raised.value.code == "desk.unknown"


# --- uploads -------------------------------------------------------------------------------------


def test_store_then_duplicate(hq: HQStore) -> None:
    events = DeskChain().complaints(3)
    reply = hq.upload(DESK, list(events))
    assert outcomes(reply) == ["stored"] * 3
    assert reply.highest_seq == 3 and reply.chain.state is ChainState.INTACT
    again = hq.upload(DESK, list(events))
    assert outcomes(again) == ["duplicate"] * 3
    assert hq.events_of("HA01-02") == events
    assert verify_chain(hq.events_of("HA01-02")).intact  # kept byte for byte: hashes still hold
    assert hq.count_applied() == {"complaint": 3}
    assert hq.complaint(events[0]["payload"]["id"])["number"] == "HA01-02-261122-0001"


def test_the_same_event_twice_in_one_batch_is_stored_once(hq: HQStore) -> None:
    (event,) = DeskChain().complaints(1)
    assert outcomes(hq.upload(DESK, [event, event])) == ["stored", "duplicate"]


def test_same_id_other_content_is_a_recorded_conflict(hq: HQStore) -> None:
    chain = DeskChain()
    first = chain.next()
    hq.upload(DESK, [first])
    forged = rehash({**first, "actor": "9999"})
    reply = hq.upload(DESK, [forged, forged])
    assert outcomes(reply) == ["refused", "refused"]
    assert {r.reason for r in reply.results} == {"conflict"}
    assert hq.conflicts("HA01-02") == [(first["id"], 1, "this id is held with other content", 2)]
    assert hq.events_of("HA01-02") == [first]
    # Another id for a seq already held is a conflict too.
    other = DeskChain()
    other_first = other.next()
    assert hq.upload(DESK, [other_first]).results[0].reason == "conflict"
    (status,) = [s for s in hq.status() if s.desk == "HA01-02"]
    assert status.conflicts == 2 and status.stored == 1


def test_malformed_and_foreign_events_are_refused_the_rest_kept(hq: HQStore) -> None:
    chain = DeskChain()
    good = chain.complaints(2)
    tampered = {**chain.next(), "actor": "0000"}  # hash no longer matches
    foreign = DeskChain("HA01-03").next()
    other_hall = DeskChain("HB02-02").next()
    reply = hq.upload(DESK, [good[0], "junk", {"id": 5}, tampered, foreign, other_hall, good[1]])
    assert [(r.outcome.value, r.reason) for r in reply.results] == [
        ("stored", ""),
        ("refused", "envelope.not_object"),
        ("refused", "envelope.fields"),
        ("refused", "envelope.hash_mismatch"),
        ("refused", "desk.not_yours"),
        ("refused", "desk.not_yours"),
        ("stored", ""),
    ]
    assert [e["seq"] for e in hq.events_of("HA01-02")] == [1, 2]
    assert hq.events_of("HA01-03") == []


def test_one_bad_payload_in_a_hundred_is_quarantined_the_chain_intact(hq: HQStore) -> None:
    chain = DeskChain()
    events = []
    for n in range(1, 101):
        payload = complaint_state("HA01-02", n)
        if n == 37:
            del payload["phone"]
        events.append(chain.next(payload=payload))
    reply = hq.upload(DESK, events)
    assert outcomes(reply).count("stored") == 99
    assert reply.results[36].outcome is Outcome.QUARANTINED
    missing = "phone: field.missing (phone is missing)"
    assert (reply.results[36].reason, reply.results[36].detail) == ("payload.invalid", missing)
    assert reply.highest_seq == 100 and reply.chain.state is ChainState.INTACT
    assert hq.count_applied() == {"complaint": 99}
    assert hq.quarantined("HA01-02") == [(events[36]["id"], "payload.invalid", missing)]
    # Sent again, the quarantined one is answered "quarantined" again (the desk lists it).
    again = hq.upload(DESK, events)
    assert outcomes(again).count("duplicate") == 99
    assert again.results[36].outcome is Outcome.QUARANTINED


@pytest.mark.parametrize(
    ("event_type", "schema", "payload", "reason"),
    [
        ("parcel.posted", 1, {"id": "x"}, "type.unknown"),
        ("complaint.created", LATEST["complaint"] + 1, None, "schema.unknown"),  # a newer desk
        ("complaint.created", 1, {"id": "x"}, "payload.invalid"),
        ("staff.changed", 1, {"name": "无编号"}, "payload.invalid"),
    ],
)
def test_what_cannot_be_applied_is_kept_and_quarantined(
    hq: HQStore, event_type: str, schema: int, payload: dict | None, reason: str
) -> None:
    chain = DeskChain()
    event = chain.next(event_type, payload, schema=schema)
    follower = chain.next()
    reply = hq.upload(DESK, [event, follower])
    assert [(r.outcome.value, r.reason) for r in reply.results] == [
        ("quarantined", reason),
        ("stored", ""),
    ]
    assert len(hq.events_of("HA01-02")) == 2
    assert reply.chain.state is ChainState.INTACT


def test_other_known_families_go_to_the_generic_table(hq: HQStore) -> None:
    chain = DeskChain()
    staff = {"id": "s1", "staff_no": "3001", "name": "张三", "role": "店长", "changes": {}}
    hq.upload(
        DESK,
        [
            chain.next("hall.configured", {"code": "HA01", "name": "人民路营业厅", "changes": {}}),
            chain.next("staff.changed", staff),
            chain.next("document.printed", {"id": "d1", "kind": "receipt", "changes": {}}),
            chain.next("incident.opened", {"id": "i1", "cause": "基站故障", "changes": {}}),
        ],
    )
    assert hq.count_applied() == {
        "complaint": 0,
        "hall": 1,
        "staff": 1,
        "document": 1,
        "incident": 1,
    }


def test_a_desks_link_registration_is_applied_once_per_desk(hq: HQStore) -> None:
    """``hq_link.registered`` (issue 15): how a desk is linked, kept per desk (the latest wins);
    one without its url or plain_http flag is quarantined."""
    chain = DeskChain()
    link = {"url": "http://10.0.0.5:8400", "plain_http": True, "ca_file": False, "changes": {}}
    again = {"url": "https://hq.example", "plain_http": False, "ca_file": True, "changes": {}}
    reply = hq.upload(
        DESK,
        [
            chain.next("hq_link.registered", link),
            chain.next("hq_link.registered", again),
            chain.next("hq_link.registered", {"url": "https://hq.example", "changes": {}}),
        ],
    )
    assert [(r.outcome.value, r.reason) for r in reply.results] == [
        ("stored", ""),
        ("stored", ""),
        ("quarantined", "payload.invalid"),
    ]
    assert hq.count_applied()["hq_link"] == 1  # one state per desk: the latest


def test_a_later_complaint_event_upserts_but_never_changes_the_first_responder(
    hq: HQStore,
) -> None:
    chain = DeskChain()
    state = complaint_state("HA01-02", 1)
    created = chain.next(payload=state)
    replied = chain.next("complaint.replied_to_customer", {**state, "state": "已答复"})
    hijack = chain.next("complaint.reassigned", {**state, "first_responder_no": "3002"})
    reply = hq.upload(DESK, [created, replied, hijack])
    assert [(r.outcome.value, r.reason) for r in reply.results] == [
        ("stored", ""),
        ("stored", ""),
        ("quarantined", "entity.fixed"),  # the catalogue fixes 首问责任人 (so does the trigger)
    ]
    held = hq.complaint(state["id"])
    assert held is not None
    assert (held["state"], held["first_responder_no"]) == ("已答复", "3001")


def test_an_older_event_arriving_late_does_not_overwrite_a_newer_state(hq: HQStore) -> None:
    chain = DeskChain()
    state = complaint_state("HA01-02", 1)
    created = chain.next(payload=state)
    replied = chain.next("complaint.replied_to_customer", {**state, "state": "已答复"})
    hq.upload(DESK, [replied])  # seq 2 first: a gap (it waits for its complaint)
    hq.upload(DESK, [created])
    assert hq.complaint(state["id"])["state"] == "已答复"


def test_gap_then_filled(hq: HQStore) -> None:
    events = DeskChain().complaints(10)
    reply = hq.upload(DESK, events[:4] + events[6:])
    assert reply.highest_seq == 4
    assert (reply.chain.state, reply.chain.seq) == (ChainState.GAP, 5)
    (status,) = [s for s in hq.status() if s.desk == "HA01-02"]
    assert (status.stored, status.describe_chain()) == (8, "gap at 5")
    reply = hq.upload(DESK, events[4:6])
    assert reply.highest_seq == 10 and reply.chain.state is ChainState.INTACT


def test_a_prev_that_does_not_link_is_refused_and_not_stored(hq: HQStore) -> None:
    """Issue 15, finding 1: a forged link is refused (``chain.link``), not stored, so the chain
    is not broken for good and the genuine event for that seq is stored afterwards."""
    chain = DeskChain()
    events = chain.complaints(3)
    forged = DeskChain(start_seq=4, prev="0" * 64).complaints(1)
    reply = hq.upload(DESK, events + forged)
    assert [(r.outcome.value, r.reason) for r in reply.results] == [("stored", "")] * 3 + [
        ("refused", "chain.link")
    ]
    assert reply.highest_seq == 3 and reply.chain.state is ChainState.INTACT
    assert [e["seq"] for e in hq.events_of("HA01-02")] == [1, 2, 3]
    assert hq.complaint(forged[0]["payload"]["id"]) is None
    # The genuine seq 4 (and 5 after it) is taken, the chain whole.
    genuine = chain.complaints(2)
    again = hq.upload(DESK, genuine)
    assert outcomes(again) == ["stored", "stored"]
    assert again.highest_seq == 5 and again.chain.state is ChainState.INTACT
    assert hq.chain_of("HA01-02").describe() == "intact"
    # A forged seq 7 right behind the genuine 6 in one batch: refused too.
    late = DeskChain(start_seq=7, prev="1" * 64).complaints(1)
    assert outcomes(hq.upload(DESK, chain.complaints(1) + late)) == ["stored", "refused"]


def test_chain_check_is_incremental(hq: HQStore) -> None:
    """A batch walks only the events above the contiguous mark, not the whole history."""
    chain = DeskChain()
    for _ in range(4):
        assert hq.upload(DESK, chain.complaints(250)).highest_seq == chain.seq
    statements: list[tuple[str, tuple]] = []
    hq.set_trace(lambda sql, params: statements.append((sql, params)))
    hq.upload(DESK, chain.complaints(2))
    hq.set_trace(None)
    walks = [p for s, p in statements if "ORDER BY seq" in s and "seq > ?" in s]
    assert walks and all(p == ("HA01-02", 1000) for p in walks)


def test_a_batch_is_all_or_nothing(hq: HQStore, monkeypatch: pytest.MonkeyPatch) -> None:
    events = DeskChain().complaints(10)
    import hall_desk.hq.store.intake as intake_module  # where the upload plans each event

    calls = 0
    real = intake_module.plan

    def failing_plan(envelope: dict) -> object:
        nonlocal calls
        calls += 1
        if calls == 6:
            raise RuntimeError("power cut")
        return real(envelope)

    monkeypatch.setattr(intake_module, "plan", failing_plan)
    with pytest.raises(RuntimeError):
        hq.upload(DESK, events)
    assert hq.events_of("HA01-02") == []
    assert hq.chain_of("HA01-02").highest_seq == 0
    monkeypatch.setattr(intake_module, "plan", real)
    assert outcomes(hq.upload(DESK, events)) == ["stored"] * 10


def test_consecutive_500_event_batches_are_all_stored(hq: HQStore) -> None:
    """The protocol's largest batch, three times in a row (timing: benchmarks/bench_hq_store.py)."""
    chain = DeskChain()
    for _ in range(3):
        assert outcomes(hq.upload(DESK, chain.complaints(500))) == ["stored"] * 500
    assert hq.chain_of("HA01-02").highest_seq == 1500


def test_own_events_come_back_in_seq_order_exactly_as_uploaded_and_paged(hq: HQStore) -> None:
    """Recovery (issue 9): a desk's own events after a seq, never another desk's."""
    mine = DeskChain("HA01-02").complaints(5)
    hq.upload(DESK, mine[:2] + mine[3:])  # seq 3 missing: a gap, all four kept
    hq.upload(DESK, [mine[2]])
    other = DeskChain("HA01-03").complaints(2)
    hq.upload(DeskIdentity("HA01-03", "HA01", revoked=False), other)
    first = hq.own_events(DESK, 1, 2)
    assert first.events == mine[1:3] and first.more
    rest = hq.own_events(DESK, 3, 500)
    assert rest.events == mine[3:] and not rest.more
    assert hq.own_events(DESK, 5).events == [] and not hq.own_events(DESK, 5).more
    assert hq.own_events(DESK, 0).events == mine
