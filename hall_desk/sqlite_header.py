"""Reading an SQLite file's identity without touching it: shared by the desk's store and head
office's (standard library only, so either may use it across the layer contracts)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of an existing file, opened read-only so it is never altered.

    Raises ``sqlite3.DatabaseError`` when the file is not a readable database.
    """
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()
    return app_id, version
