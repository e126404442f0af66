"""Backups (issue 9): encrypted, verified, generations kept, restore; refused when they must be."""

from __future__ import annotations

import base64
import os
import sqlite3
import threading
import time
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.errors import PermissionDenied, ValidationError
from hall_desk.hq.apply import plan
from hall_desk.services import backup
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage import backup as files
from hall_desk.storage.backup import BackupError
from hall_desk.storage.db import close_store, integrity_problems, open_store
from hall_desk.storage.events import events_of_desk, verify_desk_chain
from hall_desk.storage.lock import StoreLock
from hall_desk.storage.models import Complaint, Event, Setting
from tests.services.closed import recorded
from tests.storage.damage import damage_an_index_page
from tests.sync.keyrings import MemoryKeyring

DESK = "HA01-02"


def table_rows(path: Path, table: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        conn.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    return path


@pytest.fixture
def with_data(
    hall: dict[str, StaffSession], ctx: DeskContext, folder: Path
) -> dict[str, StaffSession]:
    for phone in ("13812345678", "13912345678", "13712345678"):
        recorded(ctx, hall["clerk"], phone=phone)
    backup.set_backup_folder(ctx, hall["manager"], folder, 3)
    return hall


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_only_the_store_manager_chooses_the_folder_and_it_is_an_event(
    hall: dict[str, StaffSession], ctx: DeskContext, folder: Path
) -> None:
    with pytest.raises(PermissionDenied):
        backup.set_backup_folder(ctx, hall["leader"], folder, 7)
    with pytest.raises(ValidationError) as missing:
        backup.set_backup_folder(ctx, hall["manager"], folder / "not-plugged-in", 7)
    assert missing.value.code == "backup.folder_missing" and missing.value.field == "backup_folder"
    with pytest.raises(ValidationError) as bad_count:
        backup.set_backup_folder(ctx, hall["manager"], folder, 0)
    assert bad_count.value.code == "backup.generations_invalid"
    assert backup.backup_settings().folder is None

    settings = backup.set_backup_folder(ctx, hall["manager"], folder, 5)
    assert settings == backup.BackupSettings(folder, 5)
    event = Event.select().order_by(Event.seq.desc()).first()
    assert event.type == "backup.folder_set" and event.actor == "1001"
    assert str(folder) in event.payload and '"generations":5' in event.payload
    assert verify_desk_chain(DESK).intact
    # Head office knows the family (it would quarantine an unknown one).
    [envelope] = list(events_of_desk(DESK, after_seq=event.seq - 1))
    assert plan(envelope).kind == "backup"


def test_backup_is_encrypted_verified_and_restores_the_same_rows_and_events(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    folder: Path,
    store: Path,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    assert backup.backup_due(ctx)
    done = backup.run_backup(ctx)
    assert done.backup.path.parent == folder and done.backup.path.name.endswith(".hdbak")
    assert not backup.backup_due(ctx)
    # Encrypted: no table name, phone or Chinese text of the store is readable in the file.
    raw = done.backup.path.read_bytes()
    for clear in (b"SQLite format 3", b"13812345678", "话费多扣".encode(), b"complaint"):
        assert clear not in raw
    assert ("hall_desk backup key", DESK) in memory_keyring.secrets
    # Only the backup itself in the folder: no plain copy, no .part; no temp file beside the store.
    assert [p.name for p in folder.iterdir()] == [done.backup.path.name]
    assert sorted(p.name for p in store.parent.iterdir() if p.name.startswith(".")) == []
    header = done.backup.header
    last = Event.select().where(Event.desk == DESK).order_by(Event.seq.desc()).first()
    assert (header.desk, header.seq, header.head) == (DESK, last.seq, last.hash)
    status = backup.backup_status()
    assert status.last is not None and status.last.ok and status.last_success == status.last
    assert status.last.file == str(done.backup.path)

    complaints = table_rows(store, "complaint")
    events = table_rows(store, "event")
    assert len(complaints) == 3
    close_store()
    target = tmp_path / "new-pc" / "desk.sqlite3"
    restored, kept = backup.restore_backup(target, done.backup.path, now=ctx.clock.now())
    assert kept is None and restored.seq == last.seq
    assert table_rows(target, "complaint") == complaints
    assert table_rows(target, "event") == events
    open_store(target)
    assert Complaint.select().count() == 3
    assert verify_desk_chain(DESK).intact


def test_restore_keeps_the_replaced_store_and_refuses_while_the_app_runs(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    clock: FixedClock,
) -> None:
    done = backup.run_backup(ctx)
    recorded(ctx, with_data["clerk"], phone="13612345678")  # after the backup
    assert Complaint.select().count() == 4
    close_store()
    lock = StoreLock(store.parent)
    assert lock.acquire()  # the app is running
    with pytest.raises(BackupError) as running:
        backup.restore_backup(store, done.backup.path, now=clock.now())
    assert running.value.code == "backup.app_running"
    lock.release()

    clock.advance(hours=1)
    _, kept = backup.restore_backup(store, done.backup.path, now=clock.now())
    assert kept == store.with_name("desk.sqlite3.replaced-20261122T030000Z")
    assert len(table_rows(kept, "complaint")) == 4
    assert len(table_rows(store, "complaint")) == 3
    open_store(store)  # the restored store opens (and is migrated/WAL'd as usual)
    assert Complaint.select().count() == 3


def test_a_flipped_byte_is_refused_at_verify_and_at_restore(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    tmp_path: Path,
) -> None:
    done = backup.run_backup(ctx)
    path = done.backup.path
    assert backup.verify_backup(path, tmp_path).seq == done.backup.header.seq
    before = table_rows(store, "complaint")
    for offset in (path.stat().st_size - 40, path.stat().st_size // 2, 40):  # data, data, header
        broken = tmp_path / f"broken-{offset}.hdbak"
        broken.write_bytes(path.read_bytes())
        flip_byte(broken, offset)
        with pytest.raises(BackupError) as caught:
            backup.verify_backup(broken, tmp_path)
        assert caught.value.code in ("backup.corrupt", "backup.not_a_backup"), offset
        close_store()
        with pytest.raises(BackupError):
            backup.restore_backup(store, broken, now=ctx.clock.now())
        assert table_rows(store, "complaint") == before  # untouched
        assert not list(store.parent.glob("*.replaced-*"))
        open_store(store)
    # A file cut short is refused too.
    short = tmp_path / "short.hdbak"
    short.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(BackupError) as cut:
        backup.verify_backup(short, tmp_path)
    assert cut.value.code == "backup.corrupt"


def test_generations_beyond_the_number_kept_are_removed(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
    folder: Path,
) -> None:
    other = folder / "hall_desk-HB07-01-20200101T000000Z.hdbak"  # another desk's: never pruned
    other.write_bytes(b"x")
    made = []
    for _day in range(5):
        made.append(backup.run_backup(ctx).backup.path)
        clock.advance(days=1)
    kept = [path for path, _ in backup.list_backups()]
    assert kept == list(reversed(made[-3:]))
    assert other.exists()
    assert backup.latest_backup() == made[-1]
    assert not any(path.exists() for path in made[:2])


def test_a_backup_of_another_desk_or_key_is_refused(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    done = backup.run_backup(ctx)
    # Another desk's store at the target: refused unless forced.
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other_store = other_dir / "desk.sqlite3"
    conn = sqlite3.connect(store)
    conn.execute("VACUUM INTO ?", (str(other_store),))
    conn.close()
    conn = sqlite3.connect(other_store)
    conn.execute("UPDATE desk SET code = 'HA01-05'")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError) as other_desk:
        backup.restore_backup(other_store, done.backup.path, now=ctx.clock.now())
    assert other_desk.value.code == "backup.other_desk"
    assert files.store_desk(other_store) == "HA01-05"
    backup.restore_backup(other_store, done.backup.path, now=ctx.clock.now(), force=True)
    assert files.store_desk(other_store) == DESK

    # A different key (another PC made a new one): refused as the wrong key, not "damaged".
    memory_keyring.secrets[("hall_desk backup key", DESK)] = base64.b64encode(b"A" * 32).decode()
    with pytest.raises(BackupError) as wrong:
        backup.verify_backup(done.backup.path, tmp_path)
    assert wrong.value.code == "backup.wrong_key"
    # No key at all (a new PC before head office's escrowed key is put back).
    del memory_keyring.secrets[("hall_desk backup key", DESK)]
    close_store()
    with pytest.raises(BackupError) as no_key:
        backup.restore_backup(
            tmp_path / "fresh" / "desk.sqlite3", done.backup.path, now=ctx.clock.now()
        )
    assert no_key.value.code == "backup.no_key" and no_key.value.params["desk"] == DESK


def test_without_a_keyring_no_backup_is_written(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    folder: Path,
) -> None:
    keyring.set_keyring(FailKeyring())
    with pytest.raises(Exception) as caught:
        backup.run_backup(ctx)
    assert getattr(caught.value, "code", "") == "backup.keyring_unavailable"
    assert list(folder.iterdir()) == []
    status = backup.backup_status()
    assert status.last is not None and not status.last.ok
    assert status.last.code == "backup.keyring_unavailable" and status.last_success is None
    assert backup.backup_due(ctx)


def test_an_unplugged_usb_stick_is_a_plain_failure_and_keeps_older_backups(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    folder: Path,
    clock: FixedClock,
) -> None:
    first = backup.run_backup(ctx)
    clock.advance(days=1)
    moved = folder.with_name("usb-unplugged")
    folder.rename(moved)
    with pytest.raises(BackupError) as caught:
        backup.run_backup(ctx)
    assert caught.value.code == "backup.folder_missing"
    status = backup.backup_status()
    assert status.last is not None and status.last.code == "backup.folder_missing"
    assert status.last_success is not None and status.last_success.file == str(first.backup.path)
    assert backup.backup_due(ctx)
    assert Setting.get_by_id(backup.FOLDER_SETTING).value == str(folder)
    assert (moved / first.backup.path.name).exists()


def test_a_damaged_store_is_not_backed_up(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    folder: Path,
    store: Path,
) -> None:
    close_store()
    damage_an_index_page(store)
    open_store(store)
    with pytest.raises(BackupError) as caught:
        backup.run_backup(ctx)
    assert caught.value.code == "backup.corrupt"
    assert list(folder.iterdir()) == []
    assert backup.backup_status().last.code == "backup.corrupt"
    assert not [p for p in store.parent.iterdir() if p.name.startswith(".")]
    assert not checks_running()


def test_a_store_that_only_integrity_check_finds_wrong_is_not_backed_up(
    with_data: dict[str, StaffSession], ctx: DeskContext, folder: Path, store: Path
) -> None:
    """An index out of step with its table passes ``quick_check``: the backup's check is the full
    ``integrity_check`` (format 3 runs it on the copy beside the encryption)."""
    close_store()
    conn = sqlite3.connect(store)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        changed = conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, '(accepted_at DESC)', '(phone DESC)') "
            "WHERE name = 'complaint_accepted'"
        ).rowcount
        conn.commit()
    finally:
        conn.close()
    assert changed == 1
    assert integrity_problems(store) == []  # quick_check: nothing wrong
    open_store(store)
    with pytest.raises(BackupError) as caught:
        backup.run_backup(ctx)
    assert caught.value.code == "backup.corrupt" and "complaint_accepted" in caught.value.detail
    assert list(folder.iterdir()) == []
    assert not [p for p in store.parent.iterdir() if p.name.startswith(".")]
    assert not checks_running()


def checks_running() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "backup-integrity-check"]


def test_what_an_interrupted_backup_left_is_cleared_by_the_next(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    folder: Path,
    store: Path,
) -> None:
    part = folder / "hall_desk-HA01-02-20261121T020000Z.hdbak.part"
    plain = store.parent / ".backup-abc123.sqlite3"
    fresh = store.parent / ".backup-running.sqlite3"  # another backup's, right now: kept
    for path in (part, plain, fresh):
        path.write_bytes(b"half")
    old = time.time() - 7 * 3600
    for path in (part, plain):
        os.utime(path, (old, old))
    done = backup.run_backup(ctx)
    assert not part.exists() and not plain.exists() and fresh.exists()
    assert [p.name for p in folder.iterdir()] == [done.backup.path.name]


def test_a_usb_stick_filling_up_leaves_no_half_backup_and_keeps_the_older_ones(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    folder: Path,
    clock: FixedClock,
    store: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = backup.run_backup(ctx).backup.path
    clock.advance(days=1)
    real = files.encrypt_file

    def stick_full(plain: Path, target: Path, header: files.BackupHeader, key: bytes) -> str:
        target.write_bytes(b"half a backup")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "encrypt_file", stick_full)
    with pytest.raises(BackupError) as caught:
        backup.run_backup(ctx)
    assert caught.value.code == "backup.write_failed" and "No space" in caught.value.detail
    assert [p.name for p in folder.iterdir()] == [first.name]  # no .part, the older one kept
    assert not [p for p in store.parent.iterdir() if p.name.startswith(".")]
    assert not checks_running()  # the integrity_check beside the encryption was stopped
    assert backup.backup_status().last.code == "backup.write_failed"

    # This PC's own disk full: the plain copy cannot be made.
    monkeypatch.setattr(files, "encrypt_file", real)

    def disk_full(source: sqlite3.Connection, target: Path, **_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(files, "snapshot", disk_full)
    with pytest.raises(BackupError) as copy:
        backup.run_backup(ctx)
    assert copy.value.code == "backup.copy_failed"
    assert backup.backup_status().last.code == "backup.copy_failed"
    assert [p.name for p in folder.iterdir()] == [first.name]


def test_a_manual_backup_needs_a_signed_in_store_manager(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    folder: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    """立即备份 (issue 20): a clerk or shift leader cannot start one, nor a session of no one, nor a
    store manager's session after the account was disabled; the daily backup runs as before."""
    from hall_desk.services.staff import change_staff

    for who in ("clerk", "leader"):
        with pytest.raises(PermissionDenied):
            backup.backup_now(ctx, with_data[who])
    with pytest.raises(PermissionDenied) as nobody:
        backup.backup_now(ctx, None)  # type: ignore[arg-type]
    assert nobody.value.code == "auth.not_signed_in"
    assert list(folder.iterdir()) == []
    done = backup.backup_now(ctx, with_data["manager"])
    assert done.backup.path.parent == folder
    # A store manager's session outlives the account: refused once it is disabled.
    change_staff(ctx, with_data["manager"], "3002", role="店长")
    promoted = StaffSession("3002", "x", with_data["manager"].role, "HA01", DESK)
    assert backup.backup_now(ctx, promoted).backup.path.parent == folder
    change_staff(ctx, with_data["manager"], "3002", active=False)
    with pytest.raises(PermissionDenied):
        backup.backup_now(ctx, promoted)
    no_account = StaffSession("1002", "李店长", with_data["manager"].role, "HA01", DESK)
    with pytest.raises(PermissionDenied):
        backup.backup_now(ctx, no_account)  # no such account at this desk
    assert backup.run_backup(ctx).backup.path.parent == folder  # the daily one: no one needed


# -- issue 22: compressed before encrypting, in volumes, format 3; formats 1 and 2 still restore --


def _open_source(store: Path) -> sqlite3.Connection:
    return sqlite3.connect(store)


def test_a_backup_is_compressed_before_it_is_encrypted(
    with_data: dict[str, StaffSession], ctx: DeskContext, store: Path
) -> None:
    for n in range(40):  # events compress well: the backup is far smaller than the store
        recorded(ctx, with_data["clerk"], phone=f"1381234{n:04d}")
    done = backup.run_backup(ctx)
    assert done.backup.header.format == files.FORMAT == 3
    assert done.backup.header.volume == files.VOLUME <= int(3.9 * 2**30)
    assert done.backup.size < done.backup.header.size * 0.5


def test_a_backup_in_volumes_restores_and_a_missing_volume_is_refused(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    folder: Path,
    store: Path,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(files, "CHUNK", 4096)  # many small records: a tiny store in volumes
    key = files_key(memory_keyring)
    source = _open_source(store)
    try:
        made = files.create_backup(
            source, folder, key, now=ctx.clock.now(), work_dir=store.parent, volume=8192
        )
    finally:
        source.close()
    parts = files.volumes(made.path)
    assert len(parts) > 2 and all(p.stat().st_size <= 8192 for p in parts)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in parts)  # no .part
    assert made.size == sum(p.stat().st_size for p in parts)
    complaints = table_rows(store, "complaint")
    close_store()
    target = tmp_path / "new-pc" / "desk.sqlite3"
    files.restore_file(made.path, key, target, now=ctx.clock.now(), expected_desk=None, force=False)
    assert table_rows(target, "complaint") == complaints

    last = parts[-1]
    kept = last.read_bytes()
    last.unlink()  # the last volume was not copied
    with pytest.raises(BackupError) as cut:
        files.verify_backup(made.path, key, work_dir=tmp_path)
    assert cut.value.code == "backup.corrupt"
    last.write_bytes(kept)
    files.volume_path(made.path, len(parts) + 1).write_bytes(b"x")  # a stray volume after it
    with pytest.raises(BackupError):
        files.verify_backup(made.path, key, work_dir=tmp_path)
    files.volume_path(made.path, len(parts) + 1).unlink()
    files.verify_backup(made.path, key, work_dir=tmp_path)
    assert files.prune(folder, DESK, 1) == [] and len(files.volumes(made.path)) == len(parts)


def test_a_tampered_volume_is_refused_and_the_store_kept(
    with_data: dict[str, StaffSession], ctx: DeskContext, folder: Path, store: Path,
    tmp_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A byte changed in a later volume, or two volumes swapped: verify and restore refuse it,
    and the store being replaced stays as it was."""
    monkeypatch.setattr(files, "CHUNK", 4096)
    key = files_key(memory_keyring)
    source = _open_source(store)
    try:
        made = files.create_backup(
            source, folder, key, now=ctx.clock.now(), work_dir=store.parent, volume=8192
        )
    finally:
        source.close()
    assert made.header.format == 3
    parts = files.volumes(made.path)
    assert len(parts) >= 3
    close_store()
    before = store.read_bytes()
    second, third = parts[1].read_bytes(), parts[2].read_bytes()
    flip_byte(parts[1], len(second) // 2)
    parts[2].write_bytes(second)  # and, next, swapped with the third
    for damage in ("flipped", "swapped"):
        if damage == "swapped":
            parts[1].write_bytes(third)
        with pytest.raises(BackupError) as caught:
            files.verify_backup(made.path, key, work_dir=tmp_path)
        assert caught.value.code == "backup.corrupt", damage
        with pytest.raises(BackupError) as restored:
            files.restore_file(
                made.path, key, store, now=ctx.clock.now(), expected_desk=DESK, force=False
            )
        assert restored.value.code == "backup.corrupt", damage
        assert store.read_bytes() == before
        assert not list(store.parent.glob("*.replaced-*"))
        assert not list(store.parent.glob(".restore-*"))


def test_pruning_removes_every_volume_of_an_old_backup(
    with_data: dict[str, StaffSession], ctx: DeskContext, folder: Path, store: Path,
    clock: FixedClock, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(files, "CHUNK", 4096)
    key = files_key(memory_keyring)
    source = _open_source(store)
    try:
        old = files.create_backup(
            source, folder, key, now=clock.now(), work_dir=store.parent, volume=8192
        )
        clock.advance(days=1)
        files.create_backup(source, folder, key, now=clock.now(), work_dir=store.parent)
    finally:
        source.close()
    assert len(files.volumes(old.path)) > 1
    assert files.prune(folder, DESK, 1) == [old.path]
    assert not any(p.name.startswith(old.path.name) for p in folder.iterdir())


def test_a_backup_written_in_format_1_still_restores(
    with_data: dict[str, StaffSession],
    ctx: DeskContext,
    folder: Path,
    store: Path,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    """The old code path: format 1's header (no ``volume``), plain chunks, one file."""
    key = files_key(memory_keyring)
    source = _open_source(store)
    plain = tmp_path / "copy.sqlite3"
    try:
        files.snapshot(source, plain)
    finally:
        source.close()
    facts = files.check_copy(plain)
    header = files.BackupHeader(
        format=1, desk=facts.desk, hall=facts.hall, created="2026-01-01T00:00:00.000000Z",
        schema=facts.schema, seq=facts.seq, head=facts.head, size=plain.stat().st_size,
        chunk=files.CHUNK, key_id=files.key_id(key),
    )  # fmt: skip
    old = folder / files.backup_name(DESK, ctx.clock.now())
    files.encrypt_file(plain, old, header, key)
    assert b'"volume"' not in old.read_bytes()[:2000] and b"SQLite format 3" not in old.read_bytes()
    assert old.stat().st_size > plain.stat().st_size  # not compressed
    complaints = table_rows(store, "complaint")
    close_store()
    target = tmp_path / "new-pc" / "desk.sqlite3"
    restored, _ = files.restore_file(
        old, key, target, now=ctx.clock.now(), expected_desk=DESK, force=False
    )
    assert restored.format == 1 and table_rows(target, "complaint") == complaints


def files_key(memory_keyring: MemoryKeyring) -> bytes:
    """The desk's backup key as the keyring holds it (made by a first backup if missing)."""
    from hall_desk import credentials

    key = credentials.backup_key(DESK, create=True)
    assert key is not None and memory_keyring.secrets
    return key
