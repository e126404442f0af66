"""What a complaint costs on disk (issue 22, goal 5): every table's and index's size per complaint.

Usage (from the repository root)::

    python benchmarks/bench_store_size.py --rows 200000

Reads the cached seeded store (``seed.py``, the realistic seed: about six events per complaint;
seeded first if missing) read-only and immutable (nothing is written beside it), and sums SQLite's
``dbstat`` (pages of every b-tree: tables, their indexes, the search indexes' shadow tables) per
table and index. Targets (issue 22): the ``event`` table and its indexes ≤ 3 KB per complaint,
the whole store ≤ 6 KB per complaint.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from benchmarks.bench_intake import Figure, Report, finish, machine_environment  # noqa: E402
from benchmarks.seed import DEFAULT_ROWS, ensure_cached  # noqa: E402

EVENT_TARGET_KB = 3.0
STORE_TARGET_KB = 6.0


def sizes(store: Path) -> tuple[list[tuple[str, str, str, int]], int, int]:
    """(name, kind, table it belongs to, bytes) of every b-tree, largest first; the complaint
    count; the file's size."""
    conn = sqlite3.connect(f"{store.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        owners = {
            name: (kind, table)
            for name, kind, table in conn.execute(
                "SELECT name, type, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')"
            )
        }
        rows = conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
        complaints = conn.execute("SELECT count(*) FROM complaint").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()
    result = []
    for name, size in rows:
        kind, table = owners.get(name, ("index" if name.startswith("sqlite_autoindex") else "", ""))
        if name.startswith("sqlite_autoindex_"):
            table = name.removeprefix("sqlite_autoindex_").rsplit("_", 1)[0]
        result.append((name, kind or "other", table or name, int(size)))
    return result, complaints, page_size * pages


def measure(report: Report, store: Path) -> list[str]:
    parts, complaints, file_bytes = sizes(store)
    per = max(1, complaints)
    lines = [
        "| b-tree | kind | of table | MB | bytes per complaint |",
        "|---|---|---|---:|---:|",
    ]
    lines += [
        f"| {name} | {kind} | {table} | {size / 1e6:,.1f} | {size / per:,.0f} |"
        for name, kind, table, size in parts
    ]
    event = sum(size for _, _, table, size in parts if table == "event")
    report.add(
        Figure(
            "event_kb_per_complaint",
            "event table and its indexes per complaint",
            event / per / 1024,
            "KB",
            f"≤ {EVENT_TARGET_KB:.0f} KB",
            event / per / 1024 <= EVENT_TARGET_KB,
            headline=True,
        )
    )
    report.add(
        Figure(
            "store_kb_per_complaint",
            "whole store per complaint",
            file_bytes / per / 1024,
            "KB",
            f"≤ {STORE_TARGET_KB:.0f} KB",
            file_bytes / per / 1024 <= STORE_TARGET_KB,
            headline=True,
        )
    )
    report.add(Figure("store_mb", "store file", file_bytes / 1e6, "MB"))
    report.add(Figure("complaints", "complaints", complaints, ""))
    with sqlite3.connect(f"{store.as_uri()}?mode=ro&immutable=1", uri=True) as conn:
        events = conn.execute("SELECT count(*) FROM event").fetchone()[0]
    report.add(Figure("events_per_complaint", "events per complaint", events / per, ""))
    report.checks["dbstat accounts for the whole file"] = (
        sum(size for *_, size in parts) <= file_bytes
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Every table's and index's size per complaint.")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--json", action="store_true")
    outcome.add_strict(parser)
    args = parser.parse_args(argv)
    store, _ = ensure_cached(args.rows)
    report = Report(args.rows, machine_environment(**{"from cache": store.name}))
    lines = measure(report, store)
    code = finish(report, args.json, args.strict)
    if not args.json:
        print("\nEvery b-tree (SQLite's dbstat):\n")
        print("\n".join(lines))
    return code


if __name__ == "__main__":
    outcome.run(main)
