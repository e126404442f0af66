"""导出诊断包 (issue 10, and issue 9's scan of the support bundle): each member is what it claims,
and nothing of the database, no secret, no password and no full phone/ID number is in it."""

from __future__ import annotations

import errno
import json
import logging
import platform
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import PySide6
import pytest
import reportlab

import hall_desk
from hall_desk import credentials, logfiles
from hall_desk.domain.identity import mask_phone
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.support import (
    DISK_FULL,
    FOLDER_NOT_WRITABLE,
    SupportBundleError,
    bundle_name,
    export_support_bundle,
    write_support_bundle,
)
from hall_desk.services.transfers import open_transfer
from hall_desk.storage.db import close_store
from hall_desk.storage.schema import LATEST_VERSION
from hall_desk.sync import outbox
from hall_desk.sync.protocol import EventResult, Outcome, UploadReply
from tests.conftest import PASSWORDS, T0
from tests.logscan import leaks_in
from tests.services.closed import recorded
from tests.services.test_transfers_service import NEW_OWNER, OWNER, normal_form
from tests.sync.fixtures import DESK, add_events, own_seqs

TOKEN = "hd1_" + "S3cr3tT0kenAb" * 3
HQ_PASSWORD = "hq-basic-auth-pw"
PHONES = ("13912345678", "13812345678", "13800138000")  # two complaints, the transfer's line
LEAKED_PHONE = "13700001111"  # in a deliberate log line


@pytest.fixture
def logs() -> Iterator[Path]:
    """The desk's log, outside the run's temp dir (a line written here on purpose holds a full
    number, masked and marked, which the end-of-run scan of the temp dir would report)."""
    with tempfile.TemporaryDirectory() as name:
        try:
            yield logfiles.setup_logging(Path(name) / "logs")
        finally:
            logfiles.close_logging()


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def as_json(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"))


def busy_desk(ctx: DeskContext, clerk: StaffSession) -> None:
    """Complaints with full phone numbers, a transfer with ID numbers, a token in the keyring, a
    head-office address with a password in it, queued events and an answered batch."""
    credentials.save_token(DESK, TOKEN)
    outbox.set_hq_url(f"https://ops:{HQ_PASSWORD}@hq.example:8443/")
    recorded(ctx, clerk, phone=PHONES[0])
    recorded(ctx, clerk)
    open_transfer(ctx, clerk, normal_form())
    add_events(ctx, 7)
    batch = outbox.next_batch(DESK, 5)
    outcomes = [
        Outcome.STORED,
        Outcome.STORED,
        Outcome.STORED,
        Outcome.QUARANTINED,
        Outcome.REFUSED,
    ]
    reply = UploadReply(
        server_time=ctx.clock.now().isoformat(),
        results=[
            EventResult(e["id"], o, "unknown_type" if o != Outcome.STORED else "")
            for e, o in zip(batch, outcomes, strict=True)
        ],
        highest_seq=5,
    )
    outbox.record_reply(batch, reply, at=ctx.clock.now(), clock_offset=timedelta(seconds=2))


def test_the_bundle_holds_what_it_claims_and_nothing_personal_or_secret(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path, logs: Path, tmp_path: Path
) -> None:
    clerk = hall["clerk"]
    busy_desk(ctx, clerk)
    handler = logfiles.log_handler()
    assert handler is not None
    # A careless logging call, straight to the file (the suite's record scanner would flag it).
    handler.handle(
        logging.LogRecord(
            "hall_desk.tests",
            logging.WARNING,
            __file__,
            1,
            "callback to %s for %s",
            (LEAKED_PHONE, NEW_OWNER["id_number"]),
            None,
        )
    )
    target = tmp_path / bundle_name(DESK, ctx.clock.now())
    done = export_support_bundle(ctx, target, logs, qt_version="6.9.9", actor=clerk.staff_no)

    assert done.path == target and target.stat().st_size == done.size
    assert target.name == "hall_desk-diagnostics-HA01-02-20261122-1000.zip"  # T0 in Shanghai
    content = members(target)
    assert sorted(content) == sorted(
        ["manifest.json", "versions.json", "sync_status.json", "store.json", "logs/hall_desk.log"]
    )
    manifest = as_json(content["manifest.json"])
    assert manifest["members"] == list(done.members) == list(content)
    assert (manifest["hall"], manifest["desk"], manifest["demo"]) == ("HA01", DESK, False)
    assert manifest["created"] == ctx.clock.now().isoformat()

    versions = as_json(content["versions.json"])
    assert versions["hall_desk"] == hall_desk.__version__
    assert versions["python"] == platform.python_version()
    assert versions["sqlite"] == sqlite3.sqlite_version
    assert versions["reportlab"] == reportlab.Version
    assert versions["qt"] == "6.9.9" and versions["pyside6"] == PySide6.__version__
    assert versions["os"] == platform.system() and versions["platform"] == platform.platform()
    assert versions["frozen"] is False

    sync = as_json(content["sync_status.json"])
    total = len(own_seqs())
    assert total > 5
    assert sync["waiting"] == total - 5
    assert sync["delivered"] == 4  # stored and quarantined; the refused one is a dead letter
    assert (sync["upload_quarantined"], sync["upload_refused"], sync["dead_letters"]) == (1, 1, 2)
    assert sync["last_success"] == sync["last_heard"] == ctx.clock.now().isoformat()
    assert sync["clock_offset_seconds"] == 2.0
    assert (sync["online"], sync["reachability"]) == (True, "online")
    assert sync["hq_url"] == "https://hq.example:8443/"  # the address, without the password
    assert (sync["plain_http"], sync["private_ca"], sync["hq_cert_not_after"]) == (
        False,
        False,
        None,
    )

    report = as_json(content["store.json"])
    assert report["schema_version"] == report["app_schema_version"] == LATEST_VERSION
    assert report["opened"] is True and report["quick_check"] == {"ok": True, "problems": []}
    assert report["size_bytes"] == store.stat().st_size > 0

    log_text = content["logs/hall_desk.log"].decode("utf-8")
    assert "recorded by 3001" in log_text and "transfer " in log_text  # the actions' own lines
    assert f"callback to {mask_phone(LEAKED_PHONE)}" in log_text  # masked by the formatter

    # Nothing that must not be there, in any member nor in the zip's bytes.
    raw = target.read_bytes()
    secrets = [
        TOKEN,
        HQ_PASSWORD,
        *PASSWORDS.values(),
        *PHONES,
        LEAKED_PHONE,
        NEW_OWNER["id_number"],
        OWNER["id_number"],
        NEW_OWNER["name"],
        OWNER["name"],
    ]
    for name, data in content.items():
        assert b"SQLite format 3" not in data, name
        text = data.decode("utf-8")
        assert leaks_in(text, tuple(PASSWORDS.values())) == [], name
        for secret in secrets:
            assert secret not in text, (name, secret)
    assert TOKEN.encode() not in raw and b"SQLite format 3" not in raw


def test_old_log_lines_with_full_numbers_are_masked_in_the_bundle(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path, tmp_path: Path
) -> None:
    """A log written before masking existed (or by hand) still leaves the desk masked."""
    with tempfile.TemporaryDirectory() as name:
        old = Path(name)
        (old / "hall_desk.log.1").write_text(
            f"2026-01-01 INFO x: caller {PHONES[0]} id {OWNER['id_number']} token {TOKEN}\n",
            "utf-8",
        )
        done = export_support_bundle(ctx, tmp_path / "b.zip", old)
    text = members(done.path)["logs/hall_desk.log.1"].decode("utf-8")
    assert f"caller {mask_phone(PHONES[0])}" in text
    assert leaks_in(text, ()) == [] and TOKEN not in text


def test_the_bundle_says_why_the_store_could_not_be_opened(tmp_path: Path, logs: Path) -> None:
    store = tmp_path / "desk.sqlite3"
    store.write_bytes(b"not a database at all" * 100)
    done = write_support_bundle(
        tmp_path / "b.zip",
        now=T0,
        logs=logs,
        store=store,
        store_open=False,
        store_problem="db.damaged file is not a database",
    )
    content = members(done.path)
    sync = as_json(content["sync_status.json"])
    assert sync == {"available": False, "reason": "db.damaged file is not a database"}
    report = as_json(content["store.json"])
    assert report["opened"] is False and report["open_problem"].startswith("db.damaged")
    assert report["size_bytes"] == store.stat().st_size
    assert report["quick_check"]["ok"] is False and report["schema_version"] is None
    assert as_json(content["manifest.json"])["desk"] is None


def test_a_folder_that_cannot_be_written_or_a_full_disk_leave_nothing(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    logs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(SupportBundleError) as caught:
        export_support_bundle(ctx, tmp_path / "missing" / "b.zip", logs)
    assert caught.value.code == FOLDER_NOT_WRITABLE
    assert caught.value.params["path"] == str(tmp_path / "missing" / "b.zip")

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    folder = tmp_path / "usb"
    folder.mkdir()
    with pytest.raises(SupportBundleError) as caught:
        export_support_bundle(ctx, folder / "b.zip", logs)
    assert caught.value.code == DISK_FULL
    assert list(folder.iterdir()) == []  # no half-written file, no temporary left


def test_no_hall_yet_still_makes_a_bundle(
    ctx: DeskContext, store: Path, logs: Path, tmp_path: Path
) -> None:
    done = export_support_bundle(ctx, tmp_path / "b.zip", logs)
    content = members(done.path)
    assert as_json(content["sync_status.json"]) == {
        "available": False,
        "reason": "no hall set up yet",
    }
    assert as_json(content["store.json"])["schema_version"] == LATEST_VERSION
    close_store()
