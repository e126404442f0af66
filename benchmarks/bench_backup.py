"""Backup and restore of a large store (issue 9): how long each step takes, how big the backup is.

Usage (from the repository root)::

    python benchmarks/bench_backup.py                   # 1,000,000 complaints
    python benchmarks/bench_backup.py --rows 100000
    python benchmarks/bench_backup.py --any-schema      # an older cached store will do (no seeding)

The source is the cached seeded store (``seed.py``), opened read-only (``immutable=1``: the cache is
never touched, nothing is copied first) and backed up with the very code the app runs
(:func:`hall_desk.storage.backup.create_backup`): the online-backup copy, ``quick_check`` of the
copy, AES-256-GCM encryption in 4 MiB chunks into the "USB" folder (here a temporary directory on the
same disk), and the verification after writing (decrypt, ``integrity_check``, event head). Then
:func:`~hall_desk.storage.backup.restore_file` into an empty data directory (decrypt, check, move in
place). Also timed: the ``quick_check`` the app runs in the background after its window shows.

Disk: about three times the store's size at the peak (store copy, backup, verification copy), all in
the temporary directory and removed at the end. Peak memory is printed to show the streaming.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from benchmarks.seed import CACHE_DIR, SEED_FORMAT, cache_path, ensure_cached  # noqa: E402
from hall_desk.storage import backup as files  # noqa: E402
from hall_desk.storage.db import integrity_problems  # noqa: E402


def source_store(rows: int, any_schema: bool) -> Path:
    wanted = cache_path(rows)
    if wanted.exists() or not any_schema:
        return ensure_cached(rows)[0]
    older = sorted(
        CACHE_DIR.glob(f"*-{rows}-{SEED_FORMAT}.sqlite3"),
        key=lambda p: int(p.name.split("-", 1)[0]),
        reverse=True,
    )
    if not older:
        return ensure_cached(rows)[0]
    print(f"(using {older[0].name}: no cached store of the current schema)", file=sys.stderr)
    return older[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--any-schema",
        action="store_true",
        help="use an older schema's cached store rather than seeding a new one",
    )
    parser.add_argument(
        "--dir", default=None, help="where the temporary files go (default: $TMPDIR)"
    )
    outcome.add_strict(parser)  # no target here: always 0 when it ran
    args = parser.parse_args()
    source_path = source_store(args.rows, args.any_schema)
    size = source_path.stat().st_size
    source = sqlite3.connect(f"{source_path.resolve().as_uri()}?immutable=1", uri=True)
    key = os.urandom(32)
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-backup-", dir=args.dir) as folder:
        work = Path(folder)
        usb = work / "usb"
        usb.mkdir()
        steps: list[tuple[str, float]] = []

        def progress(step: str) -> None:
            steps.append((step, time.perf_counter()))

        started = time.perf_counter()
        made = files.create_backup(
            source, usb, key, now=datetime.now(UTC), work_dir=work, progress=progress
        )
        ended = time.perf_counter()
        source.close()
        names = {
            "copy": "online-backup copy",
            "check": "quick_check of the copy",
            "encrypt": "encrypt to the folder (fsync)",
            "verify": "verify: decrypt + integrity_check + head",
        }
        marks = [*steps, ("end", ended)]
        for (step, at), (_next, then) in pairwise(marks):
            rows.append((f"backup: {names[step]}", then - at))
        rows.append(("**backup, total**", ended - started))

        target = work / "restored" / "desk.sqlite3"
        started = time.perf_counter()
        header, _kept = files.restore_file(
            made.path, key, target, now=datetime.now(UTC), expected_desk=None, force=False
        )
        rows.append(
            (
                "**restore** (decrypt + integrity_check + move in place)",
                time.perf_counter() - started,
            )
        )

        started = time.perf_counter()
        problems = integrity_problems(target)
        rows.append(
            (
                "quick_check (the app's start-up check, in the background)",
                time.perf_counter() - started,
            )
        )
        assert problems == [], problems
        restored_size = target.stat().st_size

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        f"store: {source_path.name}, {size / 1e9:.2f} GB, desk {header.desk}, "
        f"{header.seq:,} events; backup {made.size / 1e9:.2f} GB "
        f"({made.size / size:.1%} of the store), restored {restored_size / 1e9:.2f} GB; "
        f"peak RSS {peak / 1e6:.0f} MB"
    )
    print()
    print(f"| backup / restore ({args.rows:,} complaints) | s |")
    print("|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    outcome.run(main)
