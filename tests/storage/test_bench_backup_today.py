"""bench_backup.py judges issue 22 goal 6 against "today's format": format 1 of the same seed's
store in the text form (before desk step 19), not format 1 of the compact store."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from benchmarks import bench_backup
from hall_desk.services.complaints import record_complaint
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage import compact, schema
from hall_desk.storage.db import close_store
from tests.storage.old_store import OLD_VERSION
from tests.storage.test_store import draft
from tests.sync.fixtures import add_events


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_today_is_format_1_of_the_text_form_store_and_the_targets_are_judged_on_it(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(compact, "TRAIN_MIN_PAYLOADS", 100)  # compact events with a dictionary
    monkeypatch.setattr(schema, "COMPACT_BATCH", 40)
    for _ in range(30):
        record_complaint(ctx, hall["clerk"], draft())
    add_events(ctx, 300)
    close_store()
    before = digest(store)
    work = tmp_path / "work"
    work.mkdir()

    text_path, making = bench_backup.text_form_store(store, work)

    assert digest(store) == before  # the cached seed is never touched
    assert [label for label, _s in making][-1] == "text-form store made: VACUUM INTO"
    assert sorted(path.name for path in (work / "text-form").iterdir()) == ["desk.sqlite3"]
    conn = sqlite3.connect(text_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == OLD_VERSION
        assert conn.execute("SELECT DISTINCT typeof(payload) FROM event").fetchall() == [("text",)]
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed
    finally:
        conn.close()
    text_size = text_path.stat().st_size
    assert text_size > store.stat().st_size

    key = os.urandom(32)
    today = bench_backup.Case("today", "today", text_path, 1)
    new = bench_backup.Case("new", "new", store, 3)
    _rows, today_file, today_b, today_r, today_restored = bench_backup.one_run(today, work, key)
    _rows, new_file, new_b, new_r, new_restored = bench_backup.one_run(new, work, key)
    assert today_restored == text_size  # today's backup restores the text-form store
    assert new_restored == store.stat().st_size

    checks = bench_backup.judged(
        (new_file, new_b, new_r), (today_file, today_b, today_r), text_size, 3
    )
    values = {label: value for label, _target, value, _limit, _shown in checks}
    assert values == {
        "new backup (format 3, compact store) ÷ the text-form store": new_file.size / text_size,
        "new backup time ÷ today's": new_b / today_b,
        "new restore time ÷ today's": new_r / today_r,
    }
    assert [limit for _l, _t, _v, limit, _s in checks] == [0.40, 0.5, 0.5]


def test_a_store_of_another_schema_is_refused_rather_than_half_undone(tmp_path: Path) -> None:
    older = tmp_path / "older.sqlite3"
    conn = sqlite3.connect(older)
    conn.execute(f"PRAGMA user_version = {schema.LATEST_VERSION - 1}")
    conn.close()
    with pytest.raises(SystemExit, match="seed one"):
        bench_backup.text_form_store(older, tmp_path)
