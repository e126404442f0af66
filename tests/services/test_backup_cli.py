"""``hall-desk backup`` and ``hall-desk restore`` as real processes, with a file keyring."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import close_store
from hall_desk.storage.lock import StoreLock
from tests.conftest import PASSWORDS
from tests.hq.live import LiveHQ
from tests.services.closed import recorded
from tests.sync.cli_helpers import hall_desk
from tests.sync.fixtures import DESK

MANAGER_BACKUP = ("backup", "--staff", "1001")  # 立即备份 is the store manager's (issue 20)
MANAGER_PASSWORD = PASSWORDS["1001"] + "\n"


def complaints(store: Path) -> int:
    conn = sqlite3.connect(store)
    try:
        return int(conn.execute("SELECT count(*) FROM complaint").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def keyring_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keyring") / "keyring.json"


def test_backup_then_restore_with_confirmation(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    tmp_path: Path,
    keyring_file: Path,
) -> None:
    recorded(ctx, hall["clerk"])
    data_dir = store.parent
    usb = tmp_path / "usb"
    result = hall_desk(data_dir, keyring_file, *MANAGER_BACKUP, stdin=MANAGER_PASSWORD)
    assert result.returncode == 1 and "no backup folder is chosen" in result.stderr
    usb.mkdir()
    result = hall_desk(
        data_dir, keyring_file, *MANAGER_BACKUP, "--to", str(usb), stdin=MANAGER_PASSWORD
    )
    assert result.returncode == 0, result.stderr
    assert "backup written and verified" in result.stdout
    [made] = list(usb.iterdir())
    assert made.suffix == ".hdbak" and str(made) in result.stdout
    assert "hall_desk backup key|HA01-02" in json.loads(keyring_file.read_text())

    recorded(ctx, hall["clerk"], phone="13912345678")  # after the backup
    close_store()
    assert complaints(store) == 2

    # Not confirmed: nothing changes.
    result = hall_desk(data_dir, keyring_file, "restore", str(made), stdin="no\n")
    assert result.returncode == 1 and "not restored" in result.stderr
    assert "backup of desk HA01-02" in result.stdout and "event seq" in result.stdout
    assert complaints(store) == 2 and not list(data_dir.glob("*.replaced-*"))

    # The app is running (it holds the data directory's lock): refused.
    lock = StoreLock(data_dir)
    assert lock.acquire()
    try:
        result = hall_desk(data_dir, keyring_file, "restore", str(made), "--yes")
        assert result.returncode == 1 and "the app is running" in result.stderr
        # ... and a second app is refused too.
        started = hall_desk(
            data_dir,
            keyring_file,
            HALL_DESK_QUIT_AFTER_SHOWN="1",
            HALL_DESK_NONINTERACTIVE="1",
            QT_QPA_PLATFORM="offscreen",
        )
        assert started.returncode == 2 and "程序已在运行" in started.stderr
    finally:
        lock.release()
    assert complaints(store) == 2

    # A damaged backup: refused before anything is replaced.
    broken = tmp_path / made.name
    data = bytearray(made.read_bytes())
    data[-30] ^= 0xFF
    broken.write_bytes(bytes(data))
    result = hall_desk(data_dir, keyring_file, "restore", str(broken), "--yes")
    assert result.returncode == 1 and "backup.corrupt" in result.stderr
    assert "nothing was replaced" in result.stderr
    assert complaints(store) == 2 and not list(data_dir.glob("*.replaced-*"))

    result = hall_desk(data_dir, keyring_file, "restore", str(made), stdin="yes\n")
    assert result.returncode == 0, result.stderr
    [kept] = list(data_dir.glob("desk.sqlite3.replaced-*Z"))
    assert str(kept) in result.stdout and "verified and restored" in result.stdout
    assert complaints(store) == 1 and complaints(kept) == 2
    # The restored store is a working one.
    result = hall_desk(data_dir, keyring_file, "sync-status")
    assert result.returncode == 0, result.stderr


def test_a_manual_backup_needs_the_store_managers_password(
    hall: dict[str, StaffSession], store: Path, tmp_path: Path, keyring_file: Path
) -> None:
    """Issue 20 item 7: 立即备份 from the command line signs in as the app does: a clerk, a wrong
    password or no password writes nothing; the store manager's backup is written."""
    usb = tmp_path / "usb"
    usb.mkdir()
    missing = hall_desk(store.parent, keyring_file, "backup", "--to", str(usb))
    assert missing.returncode == 2 and "--staff" in missing.stderr
    clerk = hall_desk(
        store.parent, keyring_file, "backup", "--staff", "3001", "--to", str(usb),
        stdin=PASSWORDS["3001"] + "\n",
    )  # fmt: skip
    assert clerk.returncode == 1 and "role may not do this" in clerk.stderr, clerk.stderr
    wrong = hall_desk(
        store.parent, keyring_file, *MANAGER_BACKUP, "--to", str(usb), stdin="not-it\n"
    )
    assert wrong.returncode == 1 and "wrong staff number or password" in wrong.stderr
    assert "not-it" not in wrong.stderr + wrong.stdout
    assert list(usb.iterdir()) == []
    done = hall_desk(
        store.parent, keyring_file, *MANAGER_BACKUP, "--to", str(usb), stdin=MANAGER_PASSWORD
    )
    assert done.returncode == 0, done.stderr
    assert len(list(usb.iterdir())) == 1


def test_restore_on_a_new_pc_needs_the_backup_key(
    hall: dict[str, StaffSession],
    store: Path,
    tmp_path: Path,
    keyring_file: Path,
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    assert (
        hall_desk(
            store.parent, keyring_file, *MANAGER_BACKUP, "--to", str(usb), stdin=MANAGER_PASSWORD
        ).returncode
        == 0
    )
    [made] = list(usb.iterdir())
    new_pc = tmp_path / "new-pc"
    empty_keyring = tmp_path / "new-keyring.json"
    result = hall_desk(new_pc, empty_keyring, "restore", str(made), "--yes")
    assert result.returncode == 1
    assert (
        "backup key is not in the system keyring" in result.stderr
        and "head office" in result.stderr
    )
    assert not (new_pc / "desk.sqlite3").exists()
    # With the key put back (head office's escrow), the restore works on the new PC.
    empty_keyring.write_text(keyring_file.read_text())
    result = hall_desk(new_pc, empty_keyring, "restore", str(made), "--yes")
    assert result.returncode == 0, result.stderr
    assert complaints(new_pc / "desk.sqlite3") == complaints(store)


def test_a_new_pc_gets_the_backup_key_from_head_office_escrow_then_restores(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    tmp_path: Path,
    keyring_file: Path,
    cli_registered: str,
    hq: LiveHQ,
) -> None:
    """The story of a replaced PC with a backup on the USB drive: the backup key was escrowed by a
    sync round; on the new PC ``hall-desk recover --keys-only`` (with the token head office
    re-issued, and the recovery code issued with it in a file) puts it back, the backup restores, and the desk syncs on."""
    recorded(ctx, hall["clerk"])
    usb = tmp_path / "usb"
    usb.mkdir()
    assert (
        hall_desk(
            store.parent, keyring_file, *MANAGER_BACKUP, "--to", str(usb), stdin=MANAGER_PASSWORD
        ).returncode
        == 0
    )
    synced = hall_desk(store.parent, keyring_file, "sync-now")  # the new backup key is escrowed
    assert synced.returncode == 0, synced.stderr
    [made] = list(usb.iterdir())

    new_pc, new_keyring = tmp_path / "new-pc", tmp_path / "new-keyring.json"
    assert hall_desk(new_pc, new_keyring, "restore", str(made), "--yes").returncode == 1
    token, recovery_code = hq.reissue(DESK)  # hall-desk-hq add-desk --new-token
    code_file = tmp_path / "recovery-code.txt"
    code_file.write_text(recovery_code.lower() + "\n")  # as a person might have typed it
    keys = hall_desk(
        new_pc,
        new_keyring,
        "recover",
        "--keys-only",
        "--head-office",
        hq.url,
        "--desk",
        DESK,
        "--recovery-code-file",
        str(code_file),
        stdin=token,
    )
    assert keys.returncode == 0, keys.stderr
    assert "keys and the token put back" in keys.stdout and token not in keys.stdout
    assert recovery_code not in keys.stdout + keys.stderr
    restored = hall_desk(new_pc, new_keyring, "restore", str(made), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert complaints(new_pc / "desk.sqlite3") == complaints(store)
    after = hall_desk(new_pc, new_keyring, "sync-now")  # the re-issued token, head office's URL
    assert after.returncode == 0, after.stderr
    # the old PC's token is revoked
    assert hall_desk(store.parent, keyring_file, "sync-now").returncode == 1
