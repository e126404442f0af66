"""Upgrading keeps the data: a store of an older schema is copied (verified) before it is migrated,
and the user is told; a current or new store is not copied; no copy, no migration."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hall_desk import cli
from hall_desk.sqlite_header import read_header
from hall_desk.storage import backup as storage_backup
from hall_desk.storage import db as storage_db
from hall_desk.storage.db import (
    UPGRADE_BACKUP_DIR,
    StoreError,
    close_store,
    database,
    last_upgrade_backup,
    open_store,
    schema_version,
)
from hall_desk.storage.schema import APPLICATION_ID, MIGRATIONS

OLD = len(MIGRATIONS) - 3


def old_store(path: Path, version: int = OLD) -> Path:
    """A store made by an older app: only the first ``version`` migrations, a row of its data."""
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    for target, migration in enumerate(MIGRATIONS[:version], start=1):
        conn.execute("BEGIN")
        migration(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    conn.execute("INSERT INTO setting (key, value) VALUES ('upgrade.probe', 'kept')")
    conn.close()
    return path


def backups(directory: Path) -> list[Path]:
    folder = directory / UPGRADE_BACKUP_DIR
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_an_older_store_is_backed_up_verified_before_it_is_migrated(tmp_path: Path) -> None:
    path = old_store(tmp_path / "desk.sqlite3")
    open_store(path)
    try:
        assert schema_version() == len(MIGRATIONS)
        upgrade = last_upgrade_backup()
    finally:
        close_store()
    assert upgrade is not None
    assert (upgrade.from_version, upgrade.to_version) == (OLD, len(MIGRATIONS))
    assert backups(tmp_path) == [upgrade.path]
    assert upgrade.path.name.endswith(f"-v{OLD}.sqlite3")
    # The copy is the old file, whole: its version, its data, integrity_check ok.
    assert read_header(upgrade.path) == (APPLICATION_ID, OLD)
    assert storage_db.integrity_problems(upgrade.path, quick=False) == []
    conn = sqlite3.connect(upgrade.path)
    try:
        assert conn.execute("SELECT value FROM setting WHERE key = 'upgrade.probe'").fetchone() == (
            "kept",
        )
    finally:
        conn.close()
    # Opening again (now current) takes no further copy.
    open_store(path)
    close_store()
    assert last_upgrade_backup() is None
    assert backups(tmp_path) == [upgrade.path]


def test_a_current_or_new_store_is_not_copied(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    open_store(path)  # new
    assert last_upgrade_backup() is None
    close_store()
    open_store(path)  # current
    assert last_upgrade_backup() is None
    close_store()
    assert backups(tmp_path) == []


def test_no_copy_no_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = old_store(tmp_path / "desk.sqlite3")

    def disk_full(source: sqlite3.Connection, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_backup, "snapshot", disk_full)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "db.upgrade_backup_failed"
    assert database.is_closed()
    assert read_header(path) == (APPLICATION_ID, OLD)  # untouched
    assert backups(tmp_path) == []  # no half-written copy


def test_only_the_newest_copies_are_kept(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    path = old_store(tmp_path / "desk.sqlite3")
    start = datetime(2026, 11, 1, tzinfo=UTC)
    made = [
        storage_db.take_upgrade_backup(path, OLD, start + timedelta(days=day)).path
        for day in range(storage_db.UPGRADE_BACKUPS_KEPT + 2)
    ]
    assert backups(tmp_path) == made[-storage_db.UPGRADE_BACKUPS_KEPT :]


def test_the_command_line_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_store(tmp_path / "desk.sqlite3")
    cli.main(["sync-status", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    (copy,) = backups(tmp_path)
    assert f"升级前已自动备份数据：{copy}" in err


def test_the_app_says_so_at_start(tmp_path: Path) -> None:
    old_store(tmp_path / "desk.sqlite3")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HALL_DESK_QUIT_AFTER_SHOWN="1",
        HALL_DESK_NONINTERACTIVE="1",
    )
    result = subprocess.run(
        [sys.executable, "-m", "hall_desk", "--data-dir", str(tmp_path), "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (copy,) = backups(tmp_path)
    assert f"升级前已自动备份数据：{copy}" in result.stderr
    assert read_header(tmp_path / "desk.sqlite3")[1] == len(MIGRATIONS)
    log = (tmp_path / "logs" / "hall_desk.log").read_text(encoding="utf-8")
    assert "backed up to" in log and copy.name in log


def test_a_migration_reports_progress_and_can_be_interrupted_and_resumed(tmp_path: Path) -> None:
    """Issue 22: the copy and every step are reported (and ticks while a step runs); raising
    MigrationInterrupted from the callback stops the step under way, rolled back whole; the steps
    before it stay, and the next open resumes there and finishes."""
    from hall_desk.storage.db import MigrationInterrupted, MigrationProgress

    path = old_store(tmp_path / "desk.sqlite3")
    conn = sqlite3.connect(path)  # enough rows that a step's statements tick
    conn.executemany(
        "INSERT INTO setting (key, value) VALUES (?, ?)",
        [(f"k{n}", "v" * 50) for n in range(30000)],
    )
    conn.commit()
    conn.close()
    heard: list[MigrationProgress] = []
    last = len(MIGRATIONS)

    def stop_in_the_last_step(where: MigrationProgress) -> None:
        heard.append(where)
        if where.stage == "step" and where.version == last:
            raise MigrationInterrupted

    with pytest.raises(MigrationInterrupted):
        open_store(path, progress=stop_in_the_last_step)
    assert heard[0] == MigrationProgress("copy", 0, 0, 4) and heard[1].done == 1
    assert [h.version for h in heard if h.stage == "step" and not h.ticking] == [
        OLD + 1,
        OLD + 2,
        OLD + 3,
    ]
    assert read_header(path) == (APPLICATION_ID, last - 1)  # the steps before it stayed

    ticks: list[MigrationProgress] = []

    def stop_while_running(where: MigrationProgress) -> None:
        ticks.append(where)
        if where.ticking:
            raise MigrationInterrupted

    import hall_desk.storage.db as db_module

    original = db_module.MIGRATIONS[last - 1]

    def slow_step(conn: sqlite3.Connection) -> None:  # a long step: a statement that ticks
        conn.execute("CREATE TABLE probe_copy AS SELECT * FROM setting")
        original(conn)

    db_module.MIGRATIONS[last - 1] = slow_step
    try:
        with pytest.raises(MigrationInterrupted):
            open_store(path, progress=stop_while_running)
    finally:
        db_module.MIGRATIONS[last - 1] = original
    assert any(t.ticking for t in ticks)
    assert read_header(path) == (APPLICATION_ID, last - 1)
    conn = sqlite3.connect(path)
    try:  # rolled back whole: nothing of the interrupted step
        assert (
            conn.execute("SELECT name FROM sqlite_schema WHERE name = 'probe_copy'").fetchall()
            == []
        )
    finally:
        conn.close()

    done: list[MigrationProgress] = []
    open_store(path, progress=done.append)  # resumed
    try:
        assert schema_version() == last
        assert done[-1].stage == "step" and done[-1].done == done[-1].total
    finally:
        close_store()
