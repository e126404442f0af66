"""``hall-desk register`` / ``sync-now`` / ``sync-status`` as real processes."""

from __future__ import annotations

import json
from pathlib import Path

import keyring

from hall_desk import credentials
from hall_desk.services.context import DeskContext, StaffSession
from tests.hq.live import LiveHQ
from tests.sync.cli_helpers import hall_desk
from tests.sync.fixtures import DESK, add_events, own_seqs
from tests.sync.stored_files import file_bytes, keep_file


def test_register_sync_now_and_status(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    hq: LiveHQ,
    data_dir: Path,
    keyring_file: Path,
) -> None:
    token = hq.add_desk(DESK)
    result = hall_desk(
        data_dir, keyring_file, "register", "--hq", hq.url, "--desk", DESK, stdin=f"{token}\n"
    )
    assert result.returncode == 0, result.stderr
    assert "registered desk HA01-02" in result.stdout and "token checked" in result.stdout
    assert token in keyring_file.read_text()

    add_events(ctx, 42)
    keep_file(file_bytes(1), ctx.clock.now())  # a transfer's evidence, for head office
    # sealed under the desk's field key (made in this process's keyring): the desk process's too
    kept = json.loads(keyring_file.read_text())
    kept[f"{credentials.FIELD_SERVICE}|{DESK}"] = keyring.get_password(
        credentials.FIELD_SERVICE, DESK
    )
    keyring_file.write_text(json.dumps(kept))
    result = hall_desk(data_dir, keyring_file, "sync-now")
    assert result.returncode == 0, result.stderr
    total = len(own_seqs())
    assert f"sent {total}, stored {total}, duplicate 0, quarantined 0, refused 0" in result.stdout
    assert f"files sent 1 ({len(file_bytes(1))} bytes), refused 0" in result.stdout

    result = hall_desk(data_dir, keyring_file, "sync-status")
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert lines["waiting"].strip() == "0"
    assert lines["delivered"].strip() == str(total)
    assert lines["dead letters"].strip() == "0 (upload 0, pull 0)"
    assert lines["files"].strip() == "0 waiting, 0 refused by head office"
    assert lines["online"].strip() == "yes"
    assert lines["last success"].strip() != "never"
    assert lines["last error"].strip() == "none"
    assert "head office" in lines["clock offset"] and "WARNING" not in lines["clock offset"]

    # Head office down: a one-line reason and a non-zero exit; the status says so.
    hq.stop()
    add_events(ctx, 3)
    result = hall_desk(data_dir, keyring_file, "sync-now")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "sync failed: head office cannot be reached" in result.stderr
    assert "sync.offline" in result.stderr
    result = hall_desk(data_dir, keyring_file, "sync-status")
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert lines["waiting"].strip() == "3" and lines["online"].strip() == "no"
    assert "sync.offline" in lines["last error"]

    # The token is in no file of the data directory (store, WAL, logs) and was never printed.
    files = [p for p in data_dir.rglob("*") if p.is_file() and "hq" not in p.parts]
    assert any(p.name == "hall_desk.log" for p in files)
    for path in files:
        assert token.encode() not in path.read_bytes(), path


def test_register_reads_the_token_from_stdin_only(
    hall: dict[str, StaffSession], hq: LiveHQ, data_dir: Path, keyring_file: Path
) -> None:
    hq.add_desk(DESK)
    result = hall_desk(
        data_dir, keyring_file, "register", "--hq", hq.url, "--desk", DESK, "--token", "hd1_x"
    )
    assert result.returncode == 2  # no such option
    result = hall_desk(data_dir, keyring_file, "register", "--hq", hq.url, "--desk", DESK, stdin="")
    assert result.returncode == 2 and "no token on standard input" in result.stderr
    result = hall_desk(
        data_dir, keyring_file, "register", "--hq", hq.url, "--desk", DESK, stdin="hd1_" + "w" * 43
    )
    assert result.returncode == 1 and "sync.auth_invalid" in result.stderr
    assert not keyring_file.exists()


def test_the_demo_desk_is_refused(store: Path, ctx: DeskContext, keyring_file: Path) -> None:
    from hall_desk.services.demo import create_demo_hall

    create_demo_hall(ctx)
    result = hall_desk(
        store.parent,
        keyring_file,
        "register",
        "--hq",
        "http://127.0.0.1:9",
        "--desk",
        "DEMO-01",
        stdin="hd1_" + "d" * 43,
    )
    assert result.returncode == 1
    assert "demo desk can never be registered" in result.stderr
    assert not keyring_file.exists()


def test_sync_status_flags_a_clock_more_than_five_minutes_off(
    registered: str, ctx: DeskContext, hq: LiveHQ, data_dir: Path, keyring_file: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    from hall_desk.domain.clock import FixedClock
    from hall_desk.services import sync

    ctx.clock = FixedClock(datetime.now(UTC) + timedelta(days=3))
    assert sync.sync_now(ctx).ok
    result = hall_desk(data_dir, keyring_file, "sync-status")
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert "3 d" in lines["clock offset"] and "ahead of head office" in lines["clock offset"]
    assert "WARNING" in lines["clock offset"]


def test_a_data_dir_without_a_desk_is_an_error(tmp_path: Path, keyring_file: Path) -> None:
    result = hall_desk(tmp_path / "empty", keyring_file, "sync-status")
    assert result.returncode == 1 and "no desk data" in result.stderr


def test_a_recovery_code_file_that_cannot_be_read_stops_recover_before_head_office(
    tmp_path: Path, keyring_file: Path
) -> None:
    """``hall-desk recover --recovery-code-file`` (issue 15): an unreadable file is one line on
    stderr, nothing asked of head office (a port nobody listens on) and nothing written."""
    missing = tmp_path / "no-such-code.txt"
    directory = tmp_path / "new-pc"
    result = hall_desk(
        directory, keyring_file, "recover", "--head-office", "http://127.0.0.1:9", "--desk",
        DESK, "--recovery-code-file", str(missing), stdin="hd1_" + "a" * 40,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"cannot read the recovery code from {missing}" in result.stderr
    assert not (directory / "desk.sqlite3").exists()
    # without --head-office it is a usage error, as for the other new-PC options
    result = hall_desk(directory, keyring_file, "recover", "--recovery-code-file", str(missing))
    assert result.returncode != 0 and "--head-office URL and --desk CODE" in result.stderr
