"""Schema v3: delivery answers beside the append-only log; a v2 file migrates and keeps its rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from hall_desk.storage import db as storage_db
from hall_desk.storage.db import close_store, database, open_store, schema_version
from hall_desk.storage.schema import LATEST_VERSION
from hall_desk.sync import outbox


def test_a_version_2_file_migrates_to_v3_and_its_events_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v2.sqlite3"
    monkeypatch.setattr(storage_db, "MIGRATIONS", storage_db.MIGRATIONS[:2])
    open_store(path)
    assert schema_version() == 2
    for seq in (1, 2, 3):
        database.execute_sql(
            "INSERT INTO event (id, hall, desk, seq, type, schema, at, actor, payload, prev, hash) "
            "VALUES (?, 'HA01', 'HA01-02', ?, 'x.y', 1, 'at', '1', '{}', '', 'h')",
            (f"id-{seq}", seq),
        )
    close_store()
    monkeypatch.undo()
    open_store(path)
    try:
        assert schema_version() == LATEST_VERSION >= 3
        status = outbox.queue_status("HA01-02")
        assert (status.waiting, status.delivered, status.dead_letters) == (3, 0, 0)
        assert not status.registered and status.last_success is None
        assert [e["seq"] for e in outbox.next_batch("HA01-02")] == [1, 2, 3]
    finally:
        close_store()


def test_what_waits_is_an_index_range_not_a_scan(store: Path) -> None:
    def plan(sql: str, *params: object) -> str:
        rows = database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        return " ".join(str(r[-1]) for r in rows)

    batch = plan("SELECT * FROM event WHERE desk = ? AND seq > ? ORDER BY seq LIMIT 500", "D", 0)
    assert "USING INDEX" in batch and "TEMP B-TREE" not in batch
    highest = plan("SELECT seq FROM event WHERE desk = ? ORDER BY seq DESC LIMIT 1", "D")
    assert "USING" in highest and "TEMP B-TREE" not in highest
    dead = plan(
        "SELECT outcome, count(*) FROM sync_delivery WHERE outcome IN ('quarantined', "
        "'refused') GROUP BY outcome"
    )
    assert "sync_delivery_dead_letter" in dead


def test_delivery_rows_do_not_touch_the_append_only_log(store: Path) -> None:
    tables = {
        r[0] for r in database.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert {"sync_delivery", "sync_state"} <= tables
    assert database.execute_sql("SELECT count(*) FROM sync_state").fetchone()[0] == 1


def test_a_version_3_file_migrates_to_v4_with_an_empty_downlink(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v3.sqlite3"
    monkeypatch.setattr(storage_db, "MIGRATIONS", storage_db.MIGRATIONS[:3])
    open_store(path)
    database.execute_sql("UPDATE sync_state SET answered_through = 0, hq_url = 'http://hq'")
    close_store()
    monkeypatch.undo()
    open_store(path)
    try:
        assert schema_version() == LATEST_VERSION >= 4
        status = outbox.queue_status("HA01-02")
        assert status.registered and status.pull_cursor == 0 and status.last_heard is None
        assert status.pull_dead_letters == 0 and outbox.dead_letters("HA01-02") == []
        for table in ("policy", "complaint_reply", "hq_decision", "pull_dead_letter"):
            assert database.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    finally:
        close_store()
