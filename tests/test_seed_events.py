"""The benchmarks' seeder writes every lifecycle step as the services would (issue 22, goal 4).

A seeded store whose event log held only ``complaint.created`` made every figure about the event
table (its size, sync, recovery) a fifth of the real one. Here a small seed (built in this process,
no workers) must hold, per complaint, a chained and valid event for each step its row went through,
ending in the row's state, with payloads the catalogue reads at their declared versions.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import seed
from hall_desk.domain.payloads import CHANGES, LATEST, read_payload
from hall_desk.storage.db import close_store, database, open_store
from hall_desk.storage.events import verify_desk_chain

pytestmark = pytest.mark.slow

SEED_ROWS = 600


def test_every_complaint_has_its_lifecycle_events_ending_in_its_state(seeded: Path) -> None:
    open_store(seeded)
    try:
        rows = dict(database.execute_sql("SELECT id, state FROM complaint").fetchall())
        events = database.execute_sql(
            "SELECT type, schema, event_payload(payload) FROM event WHERE type LIKE 'complaint.%'"
            " ORDER BY seq"
        ).fetchall()
        assert verify_desk_chain(seed.DESK).intact
    finally:
        close_store()
    last_state: dict[str, str] = {}
    created: Counter[str] = Counter()
    for kind, schema, text in events:
        payload = json.loads(text)
        assert schema == LATEST["complaint"]
        state = read_payload(kind, schema, payload)  # raises when the catalogue refuses it
        if kind == seed.CREATED:
            created[state["id"]] += 1
            assert CHANGES not in payload  # the current catalogue: a creation has no changes map
            assert state["state"] == "已受理"
        else:
            assert payload[CHANGES]  # a step says what it changed
            assert state["id"] in created  # never before its creation
        last_state[state["id"]] = state["state"]
    assert set(created.values()) == {1}
    assert last_state == rows  # the events end where the rows are
    kinds = Counter(kind for kind, _, _ in events)
    for step in (seed.VERIFIED, seed.TRANSFERRED, seed.REPLIED, seed.CALLED_BACK, seed.CLOSED):
        assert kinds[step] > 0, step
    assert len(events) > 4 * len(rows)  # about five events per complaint


def test_the_rows_records_agree_with_the_events_records(seeded: Path) -> None:
    open_store(seeded)
    try:
        replies = {
            r[0] for r in database.execute_sql("SELECT id FROM complaint_customer_reply").fetchall()
        }
        callbacks = {
            r[0] for r in database.execute_sql("SELECT id FROM complaint_callback").fetchall()
        }
        payloads = [
            (kind, json.loads(text))
            for kind, text in database.execute_sql(
                "SELECT type, event_payload(payload) FROM event WHERE type IN (?, ?)",
                (seed.REPLIED, seed.CALLED_BACK),
            ).fetchall()
        ]
    finally:
        close_store()
    assert {p["record"]["id"] for k, p in payloads if k == seed.REPLIED} == replies
    assert {p["record"]["id"] for k, p in payloads if k == seed.CALLED_BACK} == callbacks


def test_a_benchmark_says_how_much_room_it_needs_and_stops_before_writing(tmp_path: Path) -> None:
    with pytest.raises(seed.NoRoom) as stop:
        seed.require_room(tmp_path, 10**18, "seeding everything")
    assert "seeding everything needs 1000000000.0 GB" in str(stop.value.code)
    assert list(tmp_path.iterdir()) == []
    seed.require_room(tmp_path, 1, "a little")  # room enough: nothing said


def test_the_seed_stores_events_in_the_compact_form(seeded: Path) -> None:
    """As a desk stores them (issue 22 goal 5): compressed with the store's own dictionary, the
    entity key beside each payload (the 过户's sealed, as the app stores ``transfer.*``)."""
    from hall_desk.storage import compact, sealed

    open_store(seeded)
    try:
        stored = database.execute_sql(
            "SELECT payload, entity = event_entity_key(json_extract(event_payload(payload), '$.id'))"
            " FROM event WHERE json_extract(event_payload(payload), '$.id') IS NOT NULL"
        ).fetchall()
        dictionaries = database.execute_sql("SELECT count(*) FROM payload_dictionary").fetchone()
    finally:
        close_store()
    assert dictionaries[0] == 1
    # every payload compressed with it, but the 过户's (transfer.*): sealed whole, as text
    assert {compact.dictionary_of(p) for p, _ in stored if not isinstance(p, str)} == {1}
    assert all(sealed.payload_is_sealed(p) for p, _ in stored if isinstance(p, str))
    assert len(stored) > 3000 and all(same for _, same in stored)  # every payload's id


def test_the_indexes_built_in_bulk_equal_what_the_triggers_make(
    seeded: Path, tmp_path: Path
) -> None:
    """The seeder sets the complaint table's triggers aside and builds the search keys, the three
    search indexes and the daily figures in one statement each: the same as the triggers give when
    the same complaints are inserted one by one into a new store."""
    import random
    import sqlite3

    fresh = tmp_path / "fresh.sqlite3"
    open_store(fresh)  # a new store of the latest schema, its triggers in place
    close_store()
    conn = sqlite3.connect(fresh, isolation_level=None)
    try:
        conn.execute("ATTACH ? AS s", (str(seeded),))
        columns = ", ".join(
            r[1] for r in conn.execute("PRAGMA s.table_info(complaint)") if r[1] != "search_key"
        )
        conn.execute(
            f"INSERT INTO main.complaint ({columns}) SELECT {columns} FROM s.complaint"
            " ORDER BY rowid"
        )

        def both(sql: str, *args: object) -> tuple[set[tuple], set[tuple]]:
            return (
                set(conn.execute(sql.format(db="main"), args).fetchall()),
                set(conn.execute(sql.format(db="s"), args).fetchall()),
            )

        keys, bulk_keys = both("SELECT id, search_key FROM {db}.complaint")
        assert keys == bulk_keys and len(keys) == 600
        figures, bulk_figures = both("SELECT * FROM {db}.complaint_day_figure")
        assert figures == bulk_figures and len(figures) > 100
        texts = [
            name + " " + text
            for name, text in conn.execute("SELECT customer_name, description FROM s.complaint")
        ]
        phones = [r[0] for r in conn.execute("SELECT phone FROM s.complaint")]
        pick = random.Random(7)
        compared = 0
        for _ in range(40):
            text = pick.choice(texts)
            at = pick.randrange(len(text) - 2)
            trigram, bigram = text[at : at + 3], text[at : at + 2]
            if '"' in trigram or " " in trigram or not bigram.isalnum():
                continue
            found = both(
                "SELECT rowid FROM {db}.complaint_text WHERE complaint_text MATCH ?",
                f'"{trigram}"',
            )
            assert found[0] == found[1] and found[0]
            found = both(
                "SELECT rowid FROM {db}.complaint_bigram WHERE complaint_bigram MATCH ?",
                f'"{bigram}"',
            )
            assert found[0] == found[1] and found[0]
            for staff in seed.STAFF:
                found = both(
                    "SELECT rowid FROM {db}.complaint_owner_bigram"
                    " WHERE complaint_owner_bigram MATCH ?",
                    f'"{staff.staff_no}\ue000{bigram}"',
                )
                assert found[0] == found[1]
            compared += 1
        assert compared >= 20
        phone = pick.choice(phones)
        found = both(
            "SELECT rowid FROM {db}.complaint_text WHERE complaint_text MATCH ?", f'"{phone[-4:]}"'
        )
        assert found[0] == found[1] and found[0]
        triggers, bulk_triggers = both(
            "SELECT name, sql FROM {db}.sqlite_master WHERE type = 'trigger'"
        )
        assert triggers == bulk_triggers  # every trigger back, as the schema made it
        for db in ("main", "s"):
            conn.execute(
                f"INSERT INTO {db}.complaint_text (complaint_text, rank) VALUES ('integrity-check', 1)"
            )
    finally:
        conn.close()


def test_answered_complaints_count_from_their_first_answer_as_the_events_say(seeded: Path) -> None:
    """record_reply keeps the earliest answer and counts timeliness from it (reply_counted_at,
    issue 20): the rows, and the last event of each complaint, say so (a seed without it showed
    every answer as neither on time nor late on the dashboard)."""
    open_store(seeded)
    try:
        held = {
            r[0]: (r[1], r[2])
            for r in database.execute_sql(
                "SELECT id, replied_at, reply_counted_at FROM complaint"
            ).fetchall()
        }
        events = database.execute_sql(
            "SELECT event_payload(payload) FROM event WHERE type LIKE 'complaint.%' ORDER BY seq"
        ).fetchall()
        on_time = database.execute_sql("SELECT sum(on_time) FROM complaint_day_figure").fetchone()
    finally:
        close_store()
    last = {}
    for (text,) in events:
        payload = json.loads(text)
        last[payload["id"]] = (payload["replied_at"], payload["reply_counted_at"])
    assert last == held
    answered = [r for r in held.values() if r[0] is not None]
    assert answered and all(replied == counted for replied, counted in answered)
    assert on_time[0] > 0


def test_a_long_seed_trains_a_new_dictionary_as_its_payloads_age_as_a_desk_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: object
) -> None:
    """Ten years of payloads drift from a dictionary trained on the first ones: the seeder trains
    a new one about every compact.RETRAIN_EVENTS events (here 6,000, in chunks of 500 rows), each
    era's events compressed with its own, the last one's start recorded as compact.train records
    it, so that the seeded store's first start trains none (the cold start benchmark times it);
    every payload reads back and the chain holds."""
    from hall_desk.storage import compact
    from tests.sync.keyrings import MemoryKeyring

    monkeypatch.setattr(compact, "RETRAIN_EVENTS", 6_000)
    monkeypatch.setattr(seed, "CHUNK", 500)
    path = tmp_path / seed.STORE_FILE
    backend = MemoryKeyring()
    seed.build(3_000, path, workers=0, quiet=True, keys=backend)
    import keyring

    keyring.set_keyring(backend)
    open_store(path)
    try:
        conn = database.connection()
        dictionaries = [r[0] for r in conn.execute("SELECT id FROM payload_dictionary")]
        by_row = conn.execute(
            "SELECT rowid, payload FROM event WHERE typeof(payload) = 'blob'"
            " AND type LIKE 'complaint.%' ORDER BY rowid"  # (the set-up's: the newest, at the end)
        ).fetchall()
        texts = conn.execute("SELECT count(event_payload(payload)) FROM event").fetchone()[0]
        assert verify_desk_chain(seed.DESK).intact
        newest = dictionaries[-1]
        first_newest = min(r for r, p in by_row if compact.dictionary_of(p) == newest)
        assert compact.trained_through(conn, newest) == first_newest - 1
        assert not compact.dictionary_due(conn)
    finally:
        close_store()
    assert len(dictionaries) >= 3, dictionaries
    used = [compact.dictionary_of(p) for _, p in by_row]
    # in the order of the log: each dictionary's events after the one before's
    assert used == sorted(used) and set(used) == set(dictionaries)
    assert all(p[0] == compact.TAG for _, p in by_row)
    assert texts >= len(by_row)  # every payload decodes (event_payload raises otherwise)
