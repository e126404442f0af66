"""Backups written in every format still restore (issue 22): tiny backups kept in the repository,
each made by the code that wrote its format (tests/data/backups/make_backups.py), not by today's
code pretending to be older."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hall_desk.storage import backup as files
from hall_desk.storage.backup import BackupError

HERE = Path(__file__).resolve().parents[1] / "data" / "backups"
KEY = bytes(range(32))  # make_backups.py's
DESK = "HA01-02"
NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
COMPLAINTS = [
    (f"{DESK}-261207-{n:04d}", f"1381234567{n}", "话费 扣费有误 " * 20) for n in range(1, 4)
]


def complaints(store: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(store)
    try:
        return conn.execute("SELECT * FROM complaint ORDER BY number").fetchall()
    finally:
        conn.close()


def kept(file_format: int, tmp_path: Path) -> Path:
    """A copy of the repository's backup of that format (the tests may damage it)."""
    path = tmp_path / "usb" / files.backup_name(DESK, NOW)
    path.parent.mkdir()
    shutil.copyfile(HERE / f"format-{file_format}.hdbak", path)
    return path


def test_the_kept_backups_are_one_of_each_format() -> None:
    assert {1, 2, 3} == files.READABLE_FORMATS and files.FORMAT == 3
    for file_format in files.READABLE_FORMATS:
        header = files.read_header(HERE / f"format-{file_format}.hdbak")
        assert (header.format, header.desk, header.seq) == (file_format, DESK, 3)
        assert header.volume == (0 if file_format == 1 else files.VOLUME)


@pytest.mark.parametrize("file_format", [1, 2, 3])
def test_a_backup_of_every_format_restores(file_format: int, tmp_path: Path) -> None:
    backup = kept(file_format, tmp_path)
    store = tmp_path / "data" / "desk.sqlite3"
    assert files.verify_backup(backup, KEY, work_dir=tmp_path).format == file_format
    header, replaced = files.restore_file(
        backup, KEY, store, now=NOW, expected_desk=None, force=False
    )
    assert header.format == file_format and replaced is None
    assert complaints(store) == COMPLAINTS
    assert files.check_copy(store) == header.facts
    assert sorted(p.name for p in store.parent.iterdir()) == ["desk.sqlite3"]  # no temp left


@pytest.mark.parametrize("file_format", [1, 2, 3])
def test_a_damaged_or_foreign_backup_of_every_format_is_refused(
    file_format: int, tmp_path: Path
) -> None:
    backup = kept(file_format, tmp_path)
    store = tmp_path / "data" / "desk.sqlite3"
    store.parent.mkdir()
    store.write_bytes(b"the store as it is")
    data = bytearray(backup.read_bytes())
    good = bytes(data)
    for offset in (len(data) - 20, len(data) // 2 + 40):  # a tag, inside a chunk's ciphertext
        data[offset] ^= 0x01
        backup.write_bytes(bytes(data))
        with pytest.raises(BackupError) as caught:
            files.restore_file(backup, KEY, store, now=NOW, expected_desk=None, force=False)
        assert caught.value.code == "backup.corrupt", offset
        data[offset] ^= 0x01
    backup.write_bytes(good[:-1])  # cut short
    with pytest.raises(BackupError) as short:
        files.restore_file(backup, KEY, store, now=NOW, expected_desk=None, force=False)
    assert short.value.code == "backup.corrupt"
    backup.write_bytes(good)
    with pytest.raises(BackupError) as other:
        files.restore_file(backup, bytes(32), store, now=NOW, expected_desk=None, force=False)
    assert other.value.code == "backup.wrong_key"
    assert store.read_bytes() == b"the store as it is"  # untouched each time
    assert sorted(p.name for p in store.parent.iterdir()) == ["desk.sqlite3"]


def test_a_format_3_chunk_must_unpack_to_at_most_a_chunk(tmp_path: Path) -> None:
    """A frame claiming more than a chunk (only the key's holder could seal one) is refused
    before it is decompressed: no chunk takes more memory than the header allows."""
    import zstandard
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    backup = kept(3, tmp_path)
    header = files.read_header(backup)
    head = files._header_bytes(header)
    digest = hashlib.sha256(files.MAGIC + head).digest()
    big = zstandard.ZstdCompressor().compress(bytes(header.chunk + 1))
    nonce = bytes(files.NONCE)
    sealed = AESGCM(KEY).encrypt(nonce, files._ZSTD + big, files._aad(digest, 0, True))
    backup.write_bytes(
        files.MAGIC + files._LENGTH.pack(len(head)) + head
        + nonce + files._LENGTH.pack(len(sealed)) + sealed
    )  # fmt: skip
    with pytest.raises(BackupError) as caught:
        files.verify_backup(backup, KEY, work_dir=tmp_path)
    assert caught.value.code == "backup.corrupt" and "frame of" in caught.value.detail


def test_a_format_3_restore_syncs_while_it_writes_and_reports_a_failed_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Format 3 writes (backup volumes, a restored store) start an fsync every SYNC_EVERY bytes on
    a thread beside the writing; an fsync that fails there still fails the restore."""
    backup = kept(3, tmp_path)
    store = tmp_path / "data" / "desk.sqlite3"
    synced: list[int] = []
    real_fsync = files.os.fsync

    def counting(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(files, "SYNC_EVERY", 4096)  # the kept store is a few pages
    monkeypatch.setattr(files.os, "fsync", counting)
    files.restore_file(backup, KEY, store, now=NOW, expected_desk=None, force=False)
    assert complaints(store) == COMPLAINTS
    assert len(synced) >= 3  # early ones beside the writing, then the last one (and the folder)

    failures = 0

    def failing_early(fd: int) -> None:
        nonlocal failures
        if files.threading.current_thread().name == "backup-fsync":
            failures += 1
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(files.os, "fsync", failing_early)
    again = tmp_path / "again" / "desk.sqlite3"
    with pytest.raises(BackupError) as raised:
        files.restore_file(backup, KEY, again, now=NOW, expected_desk=None, force=False)
    assert failures >= 1 and "Input/output error" in str(raised.value)
    assert not again.exists()
