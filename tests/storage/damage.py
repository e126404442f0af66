"""Damaging a store file on purpose: garbage written over one page of an index."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def damage_an_index_page(path: Path, table: str = "complaint") -> int:
    """Write garbage over the root page of one of ``table``'s indexes (the store must be closed or
    checkpointed); returns the page number. ``integrity_check`` and ``quick_check`` both see it."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        page = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND rootpage > 1 ORDER BY name LIMIT 1",
            (table,),
        ).fetchone()[0]
    finally:
        conn.close()
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(b"\xde\xad\xbe\xef" * (page_size // 8))
    return int(page)
