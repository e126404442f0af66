"""首问责任制 holds whoever writes to the file (issue 20): no SQL statement replaces or removes a
complaint row, so none changes its first responder (3001 → 3002); the app's own writes still work."""

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from hall_desk.services.complaints import record_complaint
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import close_store, database, open_store
from tests.storage.test_store import draft


def _rewrites(row: dict[str, object]) -> dict[str, Callable[[sqlite3.Connection], object]]:
    """Every statement form that would replace or remove the row, each giving it responder 3002."""
    other = {**row, "first_responder_no": "3002", "first_responder_name": "李四"}
    columns = ", ".join(other)
    marks = ", ".join("?" * len(other))
    values = tuple(other.values())
    updates = "first_responder_no = excluded.first_responder_no"

    def delete_then_insert(conn: sqlite3.Connection) -> object:
        conn.execute("DELETE FROM complaint WHERE id = ?", (row["id"],))
        return conn.execute(f"INSERT INTO complaint ({columns}) VALUES ({marks})", values)

    return {
        "update": lambda c: c.execute(
            "UPDATE complaint SET first_responder_no = '3002' WHERE id = ?", (row["id"],)
        ),
        "insert or replace": lambda c: c.execute(
            f"INSERT OR REPLACE INTO complaint ({columns}) VALUES ({marks})", values
        ),
        "replace": lambda c: c.execute(
            f"REPLACE INTO complaint ({columns}) VALUES ({marks})", values
        ),
        "delete then insert": delete_then_insert,
        "delete": lambda c: c.execute("DELETE FROM complaint"),
        "upsert": lambda c: c.execute(
            f"INSERT INTO complaint ({columns}) VALUES ({marks})"
            f" ON CONFLICT (id) DO UPDATE SET {updates}",
            values,
        ),
        "insert or ignore": lambda c: c.execute(
            f"INSERT OR IGNORE INTO complaint ({columns}) VALUES ({marks})", values
        ),
    }


@pytest.mark.parametrize(
    "form",
    [
        "update",
        "insert or replace",
        "replace",
        "delete then insert",
        "delete",
        "upsert",
        "insert or ignore",
    ],
)
@pytest.mark.parametrize("recursive_triggers", [False, True])
def test_no_statement_replaces_or_removes_a_complaint(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    form: str,
    recursive_triggers: bool,
) -> None:
    saved = record_complaint(ctx, hall["clerk"], draft())
    close_store()
    # Another program, with its own connection and its own pragmas.
    conn = sqlite3.connect(store, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA recursive_triggers = {int(recursive_triggers)}")
    row = dict(conn.execute("SELECT * FROM complaint WHERE id = ?", (saved.id,)).fetchone())
    with pytest.raises(sqlite3.IntegrityError, match=r"first responder|never"):
        _rewrites(row)[form](conn)
    held = conn.execute(
        "SELECT count(*), first_responder_no, first_responder_name FROM complaint"
    ).fetchone()
    assert tuple(held) == (1, "3001", row["first_responder_name"])
    conn.close()
    open_store(store)


def test_the_apps_own_writes_still_update_a_complaint(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    saved = record_complaint(ctx, hall["clerk"], draft())
    database.execute_sql("UPDATE complaint SET place = '营业厅' WHERE id = ?", (saved.id,))
    assert database.execute_sql("SELECT place FROM complaint").fetchone()[0] == "营业厅"


def test_checking_every_first_responder_reads_each_creation_once(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """verify-audit's check of every complaint against its ``complaint.created`` grows with the
    store, not with its square (SQLite instructions: a count the machine's load does not move). As
    a plain CTE the creations were read, decompressed and parsed again for every complaint."""
    from benchmarks.instructions import vm_instructions
    from hall_desk.storage.events import first_responder_mismatches

    def cost_with(total: int) -> int:
        while database.execute_sql("SELECT count(*) FROM complaint").fetchone()[0] < total:
            record_complaint(ctx, hall["clerk"], draft())
        assert first_responder_mismatches() == []
        return vm_instructions(first_responder_mismatches)

    small, large = cost_with(20), cost_with(80)
    assert large < small * 4 * 1.5  # four times the complaints: linear ~4x, quadratic ~16x
