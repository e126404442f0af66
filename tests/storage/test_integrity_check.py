"""The store's start-up check (issue 9): SQLite's quick_check on a read-only connection of its own."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import database, integrity_problems
from tests.services.closed import recorded
from tests.storage.damage import damage_an_index_page


def test_a_page_of_garbage_in_a_copy_is_found_and_the_original_is_sound(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path, tmp_path: Path
) -> None:
    for phone in ("13812345678", "13912345678"):
        recorded(ctx, hall["clerk"], phone=phone)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(store, copy)
    page = damage_an_index_page(copy)
    assert page > 1
    found: list[list[str]] = []
    # From another thread, as the app runs it, while the store stays open here.
    worker = threading.Thread(target=lambda: found.append(integrity_problems(copy)))
    worker.start()
    worker.join()
    [problems] = found
    assert problems and any("page" in p.lower() or "tree" in p.lower() for p in problems), problems
    assert integrity_problems(copy, quick=False)
    assert integrity_problems(store) == []
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all " * 300)
    assert integrity_problems(garbage) != []
