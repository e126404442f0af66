"""Compact stored events (issue 22 goal 5, hall_desk.storage.compact): only the stored form changes.

An old store (schema 18: payloads as JSON text, the ``json_extract`` entity index) is converted by
the schema step "compact events" in batches, interrupted half-way and resumed; afterwards every
event reads back equal, its hash and its upload body are byte-identical, verify-audit passes.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
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
from tests.storage.old_store import OLD_VERSION, as_old_store
from tests.storage.test_store import draft
from tests.sync.cli_helpers import hall_desk
from tests.sync.fixtures import DESK, add_events


@pytest.fixture
def keyring_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keyring") / "keyring.json"


@pytest.fixture
def few_to_train(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dictionary from 100 payloads (a desk waits for 1,000), batches of 40 rows."""
    monkeypatch.setattr(compact, "TRAIN_MIN_PAYLOADS", 100)
    monkeypatch.setattr(schema, "COMPACT_BATCH", 40)


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
        # every row's entity is its payload's id (read by SQLite's JSON parser in the batches)
        entities = dict(database.execute_sql("SELECT id, entity FROM event").fetchall())
        assert entities == {e["id"]: compact.entity_key(e["payload"].get("id")) for e in after}
        # the batches ran without an fsync each; the store is back to its own setting (FULL)
        assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
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


def test_the_conversion_keeps_the_write_ahead_log_small(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    few_to_train: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every batch rewrites pages of the event table and its entity index; with the store's
    automatic checkpoints off, the log grew with every batch (past 14 GB beside a million-complaint
    store). The step folds it back every COMPACT_CHECKPOINT_EVENTS events and after the VACUUM."""
    import shutil

    for _ in range(20):
        record_complaint(ctx, hall["clerk"], draft())
    add_events(ctx, 600)
    close_store()
    as_old_store(store)
    monkeypatch.setattr(schema, "COMPACT_BATCH_MAX", 40)  # batches of 40, however fast
    wal = store.with_name(store.name + "-wal")

    def largest_log(path: Path, every: int) -> tuple[int, int]:
        monkeypatch.setattr(schema, "COMPACT_CHECKPOINT_EVENTS", every)
        sizes: list[int] = []

        def heard(progress: MigrationProgress) -> None:
            if progress.rows_total and path.with_name(path.name + "-wal").exists():
                sizes.append(path.with_name(path.name + "-wal").stat().st_size)

        open_store(path, progress=heard)
        close_store()
        left = path.with_name(path.name + "-wal")
        return max(sizes), left.stat().st_size if left.exists() else 0

    assert not wal.exists() or wal.stat().st_size == 0
    never = store.with_name("never.sqlite3")
    shutil.copy(store, never)
    without, _ = largest_log(never, 10**9)
    with_checkpoints, left = largest_log(store, 80)
    assert with_checkpoints < without / 3, (with_checkpoints, without)
    assert left < without / 3  # the VACUUM's copy of the file folded back too
    open_store(store)
    try:
        assert verify_desk_chain(DESK).intact
    finally:
        close_store()


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


def test_a_new_dictionary_is_trained_on_recent_payloads_once_enough_were_stored_since(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    few_to_train: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Payloads drift over ten years: RETRAIN_EVENTS events after the newest dictionary a new one
    is trained at start (compact_stored_events) on the recent log; new payloads use it, older rows
    keep theirs and read back the same; nothing is rewritten."""
    monkeypatch.setattr(compact, "RETRAIN_EVENTS", 150)
    add_events(ctx, 120)
    compact_stored_events()
    conn = database.connection()
    assert compact.newest_dictionary(conn) == 1
    through = int(
        conn.execute(
            "SELECT value FROM setting WHERE key = ?", (compact.TRAINED_THROUGH,)
        ).fetchone()[0]
    )
    assert through == conn.execute("SELECT max(rowid) FROM event").fetchone()[0]
    add_events(ctx, 100)
    assert not compact.dictionary_due(conn)  # 100 since: not yet
    assert compact_stored_events() == 0
    add_events(ctx, 60)
    assert compact.dictionary_due(conn)
    events, body = snapshot()
    assert compact_stored_events() == 0  # trained, nothing rewritten
    assert compact.newest_dictionary(conn) == 2
    assert not compact.dictionary_due(conn)
    assert snapshot() == (events, body)
    record_complaint(ctx, hall["clerk"], draft())
    stored = [row[0] for row in conn.execute("SELECT payload FROM event ORDER BY rowid")]
    assert compact.dictionary_of(stored[0]) == 1 and compact.dictionary_of(stored[-1]) == 2
    assert all(v[0] == compact.TAG for v in stored if isinstance(v, bytes))  # magicless frames

    # a dictionary trained before the setting existed: from the first row it compressed
    database.execute_sql("DELETE FROM setting WHERE key = ?", (compact.TRAINED_THROUGH,))
    first = conn.execute(
        "SELECT min(rowid) FROM event WHERE substr(payload, 1, 2) = ?",
        (bytes([compact.TAG, 2]),),
    ).fetchone()[0]
    assert compact.trained_through(conn, 2) == first - 1
    assert verify_desk_chain(DESK).intact


def test_payloads_stored_as_whole_zstd_frames_still_read_back() -> None:
    """Payloads stored before the magicless form (TAG_FRAME and a whole frame) decode as before."""
    import zstandard

    text = json.dumps({"id": str(uuid.uuid4()), "问题": "话费 扣费有误"}, ensure_ascii=False)
    frame = zstandard.ZstdCompressor(level=9, write_checksum=False).compress(text.encode())
    old = bytes([compact.TAG_FRAME, 0]) + frame
    compact.forget()
    assert compact.decode(old) == text
    assert compact.dictionary_of(old) == 0
    new = compact.encode(text, _no_dictionary())
    assert new[0] == compact.TAG and len(new) == len(old) - 4  # no magic number
    assert compact.decode(new) == text


def test_compressed_payloads_are_smaller_and_identity_payloads_stay_sealed_text() -> None:
    assert compact.KEPT_AS_TEXT == sealed.SEALED_FAMILIES
    assert compact.entity_key("3409669e-ee04-4fbe-bd7f-5fef86ca2e7b") == bytes.fromhex(
        "3409669eee044fbebd7f5fef86ca2e7b"
    )
    assert compact.entity_key("HA01") == "HA01" and compact.entity_key(None) is None
    for made in (uuid.uuid4() for _ in range(200)):  # what uuid.UUID says, and nothing else
        assert compact.entity_key(str(made)) == made.bytes
    for not_canonical in (
        "3409669E-EE04-4FBE-BD7F-5FEF86CA2E7B",  # upper case
        "3409669e-ee04-4fbe-bd7f-5fef86ca2e7",  # short
        "3409669e-ee04-4fbe-bd7f-5fef86ca2e 7b",  # a space bytes.fromhex would skip
        "3409669e-ee04-4fbe-bd7f-5fef86ca2e7g",
        "3409669eee044fbebd7f5fef86ca2e7b----",
    ):
        assert compact.entity_key(not_canonical) == not_canonical
    with pytest.raises(compact.PayloadUndecodable):
        compact.decode(b"\x00garbage")


def test_a_batch_compresses_to_the_very_bytes_one_payload_at_a_time_gives() -> None:
    """The conversion compresses a batch in one call on two threads (compact.encode_many): the
    same stored bytes as compact.encode, without a dictionary and with one."""
    conn = sqlite3.connect(":memory:")
    _dictionary_tables(conn)
    compact.forget()
    try:
        texts = [
            json.dumps({"id": str(uuid.uuid4()), "n": n, "问题": "话费 扣费有误 " * (n % 40)})
            for n in range(2_000)
        ]
        assert compact.encode_many(texts, conn) == [compact.encode(t, conn) for t in texts]
        compact.train(conn, [t.encode("utf-8") for t in texts], "2026-12-07T00:00:00Z")
        many = compact.encode_many(texts, conn)
        assert many == [compact.encode(t, conn) for t in texts]
        assert {compact.dictionary_of(v) for v in many} == {1}
        assert [compact.decode(v, conn) for v in many] == texts
    finally:
        compact.forget()
        conn.close()


def test_an_encoder_given_the_dictionary_writes_what_encode_writes(tmp_path: Path) -> None:
    """compact.encoder (a bulk writer's workers: the dictionary's bytes, no store) gives the very
    bytes compact.encode gives with the store's newest dictionary, and they decode back."""
    conn = sqlite3.connect(tmp_path / "plain.sqlite3", isolation_level=None)
    try:
        _dictionary_tables(conn)
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


def _dictionary_tables(conn: sqlite3.Connection) -> None:
    """What compact.train needs of a store: its dictionaries, its log's rowids, its settings."""
    conn.execute(
        "CREATE TABLE payload_dictionary (id INTEGER PRIMARY KEY, data BLOB NOT NULL,"
        " trained_at TEXT NOT NULL, samples INTEGER NOT NULL)"
    )
    conn.execute("CREATE TABLE event (payload BLOB)")
    conn.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)")


def _no_dictionary() -> sqlite3.Connection:
    compact.forget()
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE payload_dictionary (id INTEGER PRIMARY KEY, data BLOB)")
    return conn
