"""The local store on a real SQLite file: migrations, refusals, pragmas, the event log's guarantees."""

import json
import sqlite3
from itertools import pairwise
from pathlib import Path

import peewee
import pytest

from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services.complaints import record_complaint
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage import db as storage_db
from hall_desk.storage.db import StoreError, close_store, database, open_store, schema_version
from hall_desk.storage.events import envelope_hash, events_of_desk, verify_chain, verify_desk_chain
from hall_desk.storage.models import Complaint, Event
from hall_desk.storage.schema import APPLICATION_ID, LATEST_VERSION

DESK = "HA01-02"


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


def test_migrates_an_empty_file_to_the_latest_schema(store: Path) -> None:
    assert schema_version() == LATEST_VERSION
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"hall", "desk", "staff", "complaint", "event"} <= tables


def test_opening_again_is_idempotent(store: Path) -> None:
    close_store()
    open_store(store)
    assert schema_version() == LATEST_VERSION


def test_every_connection_is_wal_full_sync_with_foreign_keys(store: Path) -> None:
    # The connection the app opened …
    def pragmas() -> tuple[str, int, int, int]:
        return (
            database.execute_sql("PRAGMA journal_mode").fetchone()[0],
            database.execute_sql("PRAGMA synchronous").fetchone()[0],
            database.execute_sql("PRAGMA foreign_keys").fetchone()[0],
            database.execute_sql("PRAGMA busy_timeout").fetchone()[0],
        )

    assert pragmas() == ("wal", 2, 1, 5000)
    # … and one opened by another thread (peewee keeps a connection per thread).
    import threading

    seen: list[tuple[str, int, int, int]] = []
    thread = threading.Thread(target=lambda: (seen.append(pragmas()), database.close()))
    thread.start()
    thread.join()
    assert seen == [("wal", 2, 1, 5000)]
    # … and after a reopen.
    close_store()
    open_store(store)
    assert pragmas() == ("wal", 2, 1, 5000)


def test_a_version_1_file_migrates_to_the_latest_and_keeps_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v1.sqlite3"
    monkeypatch.setattr(storage_db, "MIGRATIONS", storage_db.MIGRATIONS[:1])
    open_store(path)
    database.execute_sql("INSERT INTO setting (key, value) VALUES ('kept', 'yes')")
    close_store()
    monkeypatch.undo()

    open_store(path)
    assert schema_version() == LATEST_VERSION
    assert database.execute_sql("SELECT value FROM setting WHERE key='kept'").fetchone()[0] == "yes"
    # v2: a clerk's own list, newest first, is read through an index, not a scan of the hall's.
    plan = " ".join(
        str(row[-1])
        for row in database.execute_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM complaint WHERE first_responder_no = ? "
            "ORDER BY accepted_at DESC LIMIT 200",
            ("1001",),
        )
    )
    assert "complaint_first_responder_accepted" in plan
    assert "TEMP B-TREE" not in plan


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "db.newer_schema"
    assert caught.value.path == path
    assert path.read_bytes() == before
    assert not (tmp_path / "newer.sqlite3-wal").exists()


def test_a_damaged_file_is_reported_with_its_path_and_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "db.damaged"
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "db.foreign"


def test_a_failed_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration failed half-way")

    monkeypatch.setattr(storage_db, "MIGRATIONS", [broken])
    path = tmp_path / "m.sqlite3"
    with pytest.raises(RuntimeError):
        open_store(path)
    database.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert (
        conn.execute("SELECT count(*) FROM sqlite_master WHERE name='half_done'").fetchone()[0] == 0
    )


def test_change_and_event_commit_together_or_not_at_all(
    hall: dict[str, StaffSession], ctx: DeskContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    events_before = Event.select().count()
    import hall_desk.services.complaints as complaints

    def failing_append(**kwargs: object) -> None:
        raise OSError("disk went away while writing the event")

    monkeypatch.setattr(complaints, "append_event", failing_append)
    with pytest.raises(OSError):
        record_complaint(ctx, hall["clerk"], draft())
    assert Complaint.select().count() == 0
    assert Event.select().count() == events_before


def test_seq_has_no_gaps_and_the_chain_verifies(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    for _ in range(5):
        record_complaint(ctx, hall["clerk"], draft())
    seqs = [e["seq"] for e in events_of_desk(DESK)]
    assert seqs == list(range(1, len(seqs) + 1))
    report = verify_desk_chain(DESK)
    assert report.intact and report.count == len(seqs)
    envelopes = list(events_of_desk(DESK))
    assert envelopes[0]["prev"] == ""
    for before, after in pairwise(envelopes):
        assert after["prev"] == before["hash"]
    assert all(envelope_hash(e) == e["hash"] for e in envelopes)


def test_a_changed_byte_breaks_the_chain(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    for _ in range(3):
        record_complaint(ctx, hall["clerk"], draft())
    envelopes = list(events_of_desk(DESK))
    target = next(e for e in envelopes if e["type"] == "complaint.created")
    tampered = json.loads(json.dumps(envelopes))
    index = envelopes.index(target)
    tampered[index]["payload"]["description"] = "话费多扣了"  # one changed character
    report = verify_chain(tampered)
    assert not report.intact
    assert report.first_bad_seq == target["seq"]
    # Removing an event shows as a gap.
    gapped = envelopes[:index] + envelopes[index + 1 :]
    assert verify_chain(gapped).first_bad_seq == target["seq"] + 1


def test_the_event_log_is_append_only(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    record_complaint(ctx, hall["clerk"], draft())
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        database.execute_sql("UPDATE event SET actor = 'x' WHERE seq = 1")
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        database.execute_sql("DELETE FROM event")


def test_a_raw_update_of_the_first_responder_fails(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path
) -> None:
    saved = record_complaint(ctx, hall["clerk"], draft())
    with pytest.raises(peewee.IntegrityError, match="first responder"):
        database.execute_sql(
            "UPDATE complaint SET first_responder_no = '3002' WHERE id = ?", (saved.id,)
        )
    # Not even another program, with its own connection, can change it.
    conn = sqlite3.connect(store)
    with pytest.raises(sqlite3.IntegrityError, match="first responder"):
        conn.execute("UPDATE complaint SET first_responder_name = 'x' WHERE id = ?", (saved.id,))
    conn.close()
    # Other columns still update.
    database.execute_sql("UPDATE complaint SET place = '营业厅' WHERE id = ?", (saved.id,))
    assert Complaint.get_by_id(saved.id).first_responder_no == "3001"


def test_event_envelope_is_as_architecture_decides(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    saved = record_complaint(ctx, hall["clerk"], draft(amount="12.30"))
    event = list(events_of_desk(DESK))[-1]
    assert set(event) == {
        "id",
        "hall",
        "desk",
        "seq",
        "type",
        "schema",
        "at",
        "actor",
        "payload",
        "prev",
        "hash",
    }
    assert event["type"] == "complaint.created"
    assert event["hall"] == "HA01" and event["desk"] == DESK and event["actor"] == "3001"
    assert event["at"].endswith("Z")
    payload = event["payload"]
    assert payload["id"] == saved.id and payload["number"] == saved.number
    assert payload["amount"] == "12.30"  # money as a string, never a float
    # complaint v3 (issue 21): the creating event carries the state without a changes map
    assert event["schema"] == 3 and "changes" not in payload
    raw = Event.get(Event.seq == event["seq"]).payload
    assert "12.3," not in raw and '"12.30"' in raw
