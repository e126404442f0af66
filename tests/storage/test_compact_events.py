"""Compact stored events (issue 22 goal 5, hall_desk.storage.compact): only the stored form changes.

An old store (schema 18: payloads as JSON text, the ``json_extract`` entity index) is converted by
the schema step "compact events" in batches, interrupted half-way and resumed; afterwards every
event reads back equal, its hash and its upload body are byte-identical, verify-audit passes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hall_desk.domain.envelope import envelope_hash
from hall_desk.services.complaints import record_complaint
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage import compact, schema, sealed
from hall_desk.storage.db import (
    MigrationInterrupted,
    MigrationProgress,
    close_store,
    database,
    open_store,
)
from hall_desk.storage.events import compact_stored_events, events_of_desk, verify_desk_chain
from hall_desk.sync import outbox
from hall_desk.sync.transport import encode_upload
from tests.storage.test_store import draft
from tests.sync.cli_helpers import hall_desk
from tests.sync.fixtures import DESK, add_events

OLD_VERSION = schema.MIGRATIONS.index(schema._compact_events)  # the schema before the step

# The append-only trigger as schema 12 (retention) made it, before ``entity`` existed.
_V18_TRIGGER = """
CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event
WHEN NOT (
    NEW.redacted_by <> '' AND NEW.redacted_by IS NOT OLD.redacted_by
    AND NEW.id IS OLD.id AND NEW.hall IS OLD.hall AND NEW.desk IS OLD.desk
    AND NEW.seq IS OLD.seq AND NEW.type IS OLD.type AND NEW.schema IS OLD.schema
    AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor AND NEW.prev IS OLD.prev
    AND NEW.hash IS OLD.hash
)
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END
"""


@pytest.fixture
def keyring_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keyring") / "keyring.json"


@pytest.fixture
def few_to_train(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dictionary from 100 payloads (a desk waits for 1,000), batches of 40 rows."""
    monkeypatch.setattr(compact, "TRAIN_MIN_PAYLOADS", 100)
    monkeypatch.setattr(schema, "COMPACT_BATCH", 40)


def as_old_store(path: Path) -> None:
    """Turn the closed store at ``path`` into what schema 18 wrote: payloads as their JSON text,
    no ``entity`` column, no dictionary, the ``json_extract`` entity index, none of the later
    steps' tables."""
    conn = sqlite3.connect(path)
    compact.register_functions(conn)
    conn.create_function("hex_digest", 1, compact.digest_text)
    conn.executescript(
        "DROP TRIGGER event_append_only_update;"
        "UPDATE event SET payload = event_payload(payload), prev = hex_digest(prev),"
        " hash = hex_digest(hash);"
        "DROP INDEX event_entity_key;"
        "ALTER TABLE event DROP COLUMN entity;"
        "DROP TABLE payload_dictionary;"
        "CREATE INDEX event_entity ON event (json_extract(payload, '$.id'));"
        f"{_V18_TRIGGER};"
        # the steps after it (dash22's daily figures and owner bigrams) run again too
        "DROP TRIGGER complaint_day_figure_insert;"
        "DROP TRIGGER complaint_day_figure_update;"
        "DROP TABLE complaint_day_figure;"
        "DROP TRIGGER complaint_owner_bigram_key;"
        "DROP TRIGGER complaint_owner_bigram_text;"
        "DROP TRIGGER complaint_owner_bigram_delete;"
        "DROP TABLE complaint_owner_bigram;"
        f"PRAGMA user_version = {OLD_VERSION};"
    )
    conn.close()


def stored_forms(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT typeof(payload), count(*) FROM event GROUP BY 1"))
    finally:
        conn.close()


def snapshot() -> tuple[list[dict[str, object]], bytes]:
    """Every event of the desk as read (payload decoded) and the upload body of its first batch."""
    events = list(events_of_desk(DESK))
    return events, encode_upload(DESK, outbox.next_batch(DESK))


def test_an_old_store_is_converted_interrupted_and_resumed(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    keyring_file: Path,
    few_to_train: None,
) -> None:
    for _ in range(30):
        record_complaint(ctx, hall["clerk"], draft())
    add_events(ctx, 150)
    events, body = snapshot()
    close_store()
    as_old_store(store)
    assert set(stored_forms(store)) == {"text"}
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT DISTINCT typeof(hash), length(hash) FROM event").fetchall() == [
        ("text", 64)
    ]
    conn.close()

    heard: list[MigrationProgress] = []

    def stop_half_way(progress: MigrationProgress) -> None:
        heard.append(progress)
        if progress.rows_total and progress.rows_done >= progress.rows_total // 2:
            raise MigrationInterrupted()

    with pytest.raises(MigrationInterrupted):
        open_store(store, progress=stop_half_way)
    forms = stored_forms(store)
    assert forms["blob"] > 0 and forms["text"] > 0  # batches before the stop stayed
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == OLD_VERSION
    assert conn.execute("SELECT count(*) FROM payload_dictionary").fetchone()[0] == 1
    assert conn.execute(
        "SELECT count(*) FROM setting WHERE key = ?", (schema.COMPACT_VACUUM_DUE,)
    ).fetchone()[0] == 1  # fmt: skip
    conn.close()
    assert any(p.rows_total and 0 < p.rows_done < p.rows_total for p in heard)

    open_store(store)  # resumed from the first row not converted
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
        assert database.execute_sql(
            "SELECT count(*) FROM event WHERE typeof(payload) = 'text'"
            " AND type NOT LIKE 'transfer.%'"
        ).fetchone()[0] == 0  # fmt: skip
        assert database.execute_sql("SELECT count(*) FROM payload_dictionary").fetchone()[0] == 1
        assert database.execute_sql(
            "SELECT count(*) FROM event WHERE typeof(hash) != 'blob' OR length(hash) != 32"
            " OR (seq > 1 AND (typeof(prev) != 'blob' OR length(prev) != 32))"
        ).fetchone()[0] == 0  # fmt: skip
        after, body_after = snapshot()
        assert after == events  # every event reads back equal, its hash the same
        assert all(envelope_hash(e) == e["hash"] for e in after)
        assert body_after == body  # the upload body byte for byte
        assert verify_desk_chain(DESK).intact
        # the file rewritten compact: no page of the event table left mostly empty
        unused, size, due = database.execute_sql(
            "SELECT sum(unused), sum(pgsize), (SELECT count(*) FROM setting WHERE key = ?)"
            " FROM dbstat WHERE name = 'event'",
            (schema.COMPACT_VACUUM_DUE,),
        ).fetchone()
        assert unused / size < 0.3 and due == 0
        # the entity index finds a complaint's events through the new column
        complaint = events[-151]["payload"]
        found = database.execute_sql(
            "SELECT count(*) FROM event WHERE entity = event_entity_key(?)", (complaint["id"],)
        ).fetchone()[0]
        assert found == sum(1 for e in events if e["payload"].get("id") == complaint["id"]) >= 1
    finally:
        close_store()
    result = hall_desk(store.parent, keyring_file, "verify-audit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "event chain whole" in result.stdout


def test_a_new_store_trains_its_dictionary_once_it_holds_enough_events(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path, few_to_train: None
) -> None:
    for _ in range(10):
        record_complaint(ctx, hall["clerk"], draft())
    assert compact_stored_events() == 0  # too few to train on
    add_events(ctx, 120)
    conn = database.connection()
    stored = [row[0] for row in conn.execute("SELECT payload FROM event")]
    assert {compact.dictionary_of(v) for v in stored} == {0}  # compressed, without a dictionary
    events, body = snapshot()

    rewritten = compact_stored_events()
    assert rewritten == len(stored)
    stored = [row[0] for row in conn.execute("SELECT payload FROM event")]
    assert {compact.dictionary_of(v) for v in stored} == {1}
    assert snapshot() == (events, body)
    assert compact_stored_events() == 0  # once
    record_complaint(ctx, hall["clerk"], draft())  # new events: the newest dictionary
    newest = conn.execute("SELECT payload FROM event ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    assert compact.dictionary_of(newest) == 1
    assert verify_desk_chain(DESK).intact

    # a dictionary is never changed or deleted; the log stays append-only
    for sql in ("UPDATE payload_dictionary SET data = x'00'", "DELETE FROM payload_dictionary"):
        with pytest.raises(Exception, match="payload dictionary is never"):
            database.execute_sql(sql)
    with pytest.raises(Exception, match="append-only"):
        database.execute_sql("UPDATE event SET payload = x'00' WHERE seq = 1")


def test_compressed_payloads_are_smaller_and_identity_payloads_stay_sealed_text() -> None:
    assert compact.KEPT_AS_TEXT == sealed.SEALED_FAMILIES
    assert compact.entity_key("3409669e-ee04-4fbe-bd7f-5fef86ca2e7b") == bytes.fromhex(
        "3409669eee044fbebd7f5fef86ca2e7b"
    )
    assert compact.entity_key("HA01") == "HA01" and compact.entity_key(None) is None
    with pytest.raises(compact.PayloadUndecodable):
        compact.decode(b"\x00garbage")


def test_an_encoder_given_the_dictionary_writes_what_encode_writes(tmp_path: Path) -> None:
    """compact.encoder (a bulk writer's workers: the dictionary's bytes, no store) gives the very
    bytes compact.encode gives with the store's newest dictionary, and they decode back."""
    conn = sqlite3.connect(tmp_path / "plain.sqlite3", isolation_level=None)
    try:
        conn.execute(
            "CREATE TABLE payload_dictionary (id INTEGER PRIMARY KEY, data BLOB NOT NULL,"
            " trained_at TEXT NOT NULL, samples INTEGER NOT NULL)"
        )
        samples = [
            f'{{"id":"{n:08d}","state":"已受理","phone":"138{n:08d}","text":"话费多扣{n % 97}元"}}'
            for n in range(2_000)
        ]
        compact.forget()
        dictionary_id = compact.train(conn, [s.encode() for s in samples], "2026-12-07T00:00:00Z")
        data = conn.execute("SELECT data FROM payload_dictionary").fetchone()[0]
        made = compact.encoder(dictionary_id, bytes(data))
        for text in samples[:50]:
            assert made(text) == compact.encode(text, conn)
            assert compact.decode(made(text), conn) == text
        assert compact.encoder(0, None)(samples[0]) == compact.encode(samples[0], _no_dictionary())
        with pytest.raises(ValueError):
            compact.encoder(1, None)
    finally:
        conn.close()
        compact.forget()


def _no_dictionary() -> sqlite3.Connection:
    compact.forget()
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE payload_dictionary (id INTEGER PRIMARY KEY, data BLOB)")
    return conn
