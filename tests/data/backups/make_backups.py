"""Makes the tiny backups of tests/services/test_backup_formats.py, one per backup format, with
the code that wrote that format (run it once per format; the files are kept in the repository).

    PYTHONPATH=<a checkout whose FORMAT is N> python tests/data/backups/make_backups.py N

Formats 1 and 2 were made with the code before format 3 (commit 8fbcef4), format 3 with the
code that introduced it. The store is a minimal one (512-byte pages: a few kilobytes) with what a
backup reads of it: the desk row, this desk's events and a few complaints' rows.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from hall_desk.storage import backup as files
from hall_desk.storage.schema import APPLICATION_ID

HERE = Path(__file__).resolve().parent
KEY = bytes(range(32))  # the fixtures' key (tests only)
DESK = "HA01-02"
CREATED = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
SCHEMA = 1  # an old schema: restoring it is allowed, opening it would migrate it


def make_store(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(
        f"""
        PRAGMA page_size = 512;
        PRAGMA application_id = {APPLICATION_ID};
        PRAGMA user_version = {SCHEMA};
        CREATE TABLE desk (id INTEGER PRIMARY KEY, code TEXT, hall_code TEXT);
        CREATE TABLE event (desk TEXT, seq INTEGER, hash TEXT, PRIMARY KEY (desk, seq));
        CREATE TABLE complaint (number TEXT PRIMARY KEY, phone TEXT, summary TEXT);
        INSERT INTO desk VALUES (1, '{DESK}', 'HA01');
        """
    )
    for n in range(1, 4):
        conn.execute(
            "INSERT INTO complaint VALUES (?, ?, ?)",
            (f"{DESK}-261207-{n:04d}", f"1381234567{n}", "话费 扣费有误 " * 20),
        )
        conn.execute("INSERT INTO event VALUES (?, ?, ?)", (DESK, n, f"{n:064x}"))
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


def main() -> None:
    wanted = int(sys.argv[1])
    store = HERE / f"store-{wanted}.sqlite3"
    store.unlink(missing_ok=True)
    make_store(store)
    target = HERE / f"format-{wanted}.hdbak"
    if wanted == 1:  # format 1 was written by encrypt_file with its header (no create_backup flag)
        facts = files.check_copy(store)
        header = files.BackupHeader(
            format=1, desk=facts.desk, hall=facts.hall, created="2026-12-07T02:00:00.000000Z",
            schema=facts.schema, seq=facts.seq, head=facts.head, size=store.stat().st_size,
            chunk=files.CHUNK, key_id=files.key_id(KEY),
        )  # fmt: skip
        files.encrypt_file(store, target, header, KEY)
    else:
        assert wanted == files.FORMAT, f"this code writes format {files.FORMAT}"
        usb = HERE / "usb"
        usb.mkdir(exist_ok=True)
        source = sqlite3.connect(store)
        try:
            made = files.create_backup(source, usb, KEY, now=CREATED, work_dir=HERE)
        finally:
            source.close()
        made.path.rename(target)
        usb.rmdir()
    store.unlink()
    print(target, target.stat().st_size)


if __name__ == "__main__":
    main()
