"""Backup and restore of a large store (issues 9 and 22): each step's time, the backup's size, and
the newest format against format 1 (before issue 22) in the same run.

Usage (from the repository root)::

    python benchmarks/bench_backup.py                   # 1,000,000 complaints
    python benchmarks/bench_backup.py --rows 200000     # issue 22's figure
    python benchmarks/bench_backup.py --any-schema      # an older cached store will do (no seeding)
    python benchmarks/bench_backup.py --rows 20000 --repeat 3   # formats interleaved, medians

The source is the cached seeded store (``seed.py``), opened read-only (``immutable=1``: the cache is
never touched, nothing is copied first) and backed up with the very code the app runs
(:func:`hall_desk.storage.backup.create_backup`) in each format asked for (``--formats``, default
1 and the newest), each written the way that format was: format 1 (and 2) the online-backup copy,
``quick_check`` of it, AES-256-GCM encryption in 4 MiB chunks into the "USB" folder (here a
temporary directory on the same disk), and the verification after writing (decrypt into a second
copy, ``integrity_check``, event head); format 3 the copy, zstd + AES-256-GCM while
``integrity_check`` runs on the copy beside it, and the read-back decrypted and decompressed in
memory. Then :func:`~hall_desk.storage.backup.restore_file` into an empty data directory. Also
timed: the ``quick_check`` the app runs in the background after its window shows. Pending writes
are flushed (``os.sync``) before each timed backup and restore, so that one format's writes are not
charged to the other; the CPU time of the process (all threads) is printed beside the wall time
(the cores are shared: under load the wall time follows the CPU time).

Disk: checked first (after the seed): about three times the store's size at the peak (format 1:
store copy, backup, verification copy), all in the temporary directory and removed at the end. Peak
memory is printed to show the streaming.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from benchmarks.seed import (  # noqa: E402
    CACHE_DIR,
    SEED_FORMAT,
    cache_path,
    ensure_cached,
    require_room,
)
from hall_desk.storage import backup as files  # noqa: E402
from hall_desk.storage.db import integrity_problems  # noqa: E402
from hall_desk.storage.schema import LATEST_VERSION  # noqa: E402


def source_store(rows: int, any_schema: bool) -> Path:
    wanted = cache_path(rows)
    if wanted.exists() or not any_schema:
        return ensure_cached(rows)[0]
    older = sorted(
        (  # not a newer schema's (another branch's): its backup would not restore here
            path
            for path in CACHE_DIR.glob(f"*-{rows}-{SEED_FORMAT}.sqlite3")
            if int(path.name.split("-", 1)[0]) <= LATEST_VERSION
        ),
        key=lambda p: int(p.name.split("-", 1)[0]),
        reverse=True,
    )
    if not older:
        return ensure_cached(rows)[0]
    print(f"(using {older[0].name}: no cached store of the current schema)", file=sys.stderr)
    return older[0]


def cpu_seconds() -> float:
    """User and system CPU time of this process so far, all its threads: beside the wall time,
    what the work itself costs on a machine whose cores other jobs share."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


FORMATS = {
    1: "format 1 (uncompressed, one file)",
    2: "format 2 (zlib, volumes)",
    3: "format 3 (zstd, volumes)",
}


def one_format(
    source_path: Path, work: Path, key: bytes, file_format: int
) -> tuple[list[tuple[str, float]], files.BackupFile, float, float, int]:
    """(rows of the table, the backup, backup seconds, restore seconds, restored size)."""
    source = sqlite3.connect(f"{source_path.resolve().as_uri()}?immutable=1", uri=True)
    usb = work / f"usb-{file_format}"
    usb.mkdir(exist_ok=True)
    steps: list[tuple[str, float]] = []
    rows: list[tuple[str, float]] = []

    def progress(step: str) -> None:
        steps.append((step, time.perf_counter()))

    os.sync()  # the writes of what ran before are not charged to what is timed next
    started, cpu = time.perf_counter(), cpu_seconds()
    try:
        made = files.create_backup(
            source,
            usb,
            key,
            now=datetime.now(UTC),
            work_dir=work,
            progress=progress,
            file_format=file_format,
        )
    finally:
        source.close()
    ended, backup_cpu = time.perf_counter(), cpu_seconds() - cpu
    fast = file_format >= 3  # the check beside the encryption, the read-back in memory
    names = {
        "copy": "online-backup copy",
        "check": "quick_check of the copy",
        "encrypt": "compress + encrypt to the folder (fsync), integrity_check of the copy beside it"
        if fast
        else "compress + encrypt to the folder (fsync)"
        if file_format == 2
        else "encrypt to the folder (fsync)",
        "verify": "verify: read back, decrypt + decompress in memory, wait for integrity_check"
        if fast
        else "verify: decrypt into a copy + integrity_check + head",
    }
    marks = [*steps, ("end", ended)]
    for (step, at), (_next, then) in pairwise(marks):
        rows.append((f"{FORMATS[file_format]}: backup: {names[step]}", then - at))
    backup_s = ended - started
    rows.append((f"**{FORMATS[file_format]}: backup, total**", backup_s))
    rows.append((f"{FORMATS[file_format]}: backup, CPU time (all threads)", backup_cpu))
    target = work / f"restored-{file_format}" / "desk.sqlite3"
    os.sync()  # the writes of what ran before are not charged to what is timed next
    started, cpu = time.perf_counter(), cpu_seconds()
    files.restore_file(
        made.path, key, target, now=datetime.now(UTC), expected_desk=None, force=False
    )
    restore_s, restore_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    how = "decrypt + head + move in place" if fast else "decrypt + integrity_check + move in place"
    rows.append((f"**{FORMATS[file_format]}: restore** ({how})", restore_s))
    rows.append((f"{FORMATS[file_format]}: restore, CPU time (all threads)", restore_cpu))
    started = time.perf_counter()
    problems = integrity_problems(target)
    rows.append(
        (
            "quick_check of the restored store (the app's start-up check)",
            time.perf_counter() - started,
        )
    )
    assert problems == [], problems
    restored = target.stat().st_size
    for volume in files.volumes(made.path):
        volume.unlink()  # room for the next format's run
    for leftover in target.parent.iterdir():
        leftover.unlink()
    return rows, made, backup_s, restore_s, restored


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
    parser.add_argument(
        "--formats",
        default=f"1,{files.FORMAT}",
        help="the backup formats to time, in this run (1: before issue 22, 2: zlib, 3: zstd)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of each format, interleaved (1, 3, 1, 3 …); the table shows each step's median",
    )
    outcome.add_strict(parser)
    args = parser.parse_args()
    formats = [int(f) for f in args.formats.split(",")]
    source_path = source_store(args.rows, args.any_schema)
    size = source_path.stat().st_size
    key = os.urandom(32)
    table: list[tuple[str, float]] = []
    results: dict[int, tuple[files.BackupFile, float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-backup-", dir=args.dir) as folder:
        work = Path(folder)
        # the copy, the backup (format 1: as large as the store) and the verification copy
        require_room(work, 3 * size, f"backing up a store of {size / 1e9:.1f} GB")
        runs: dict[int, list[tuple[list[tuple[str, float]], files.BackupFile, float, float]]]
        runs = {file_format: [] for file_format in formats}
        for _round in range(max(1, args.repeat)):  # interleaved: a busy spell hits both formats
            for file_format in formats:
                rows, made, backup_s, restore_s, _restored = one_format(
                    source_path, work, key, file_format
                )
                runs[file_format].append((rows, made, backup_s, restore_s))
    for file_format, done in runs.items():
        for index, (label, _seconds) in enumerate(done[0][0]):
            table.append((label, statistics.median(run[0][index][1] for run in done)))
        results[file_format] = (
            done[-1][1],
            statistics.median(run[2] for run in done),
            statistics.median(run[3] for run in done),
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"store: {source_path.name}, {size / 1e9:.2f} GB; peak RSS {peak / 1e6:.0f} MB")
    print()
    each = f"median of {args.repeat} runs" if args.repeat > 1 else "s"
    print(f"| backup / restore ({args.rows:,} complaints) | {each} |")
    print("|---|---:|")
    for label, seconds in table:
        print(f"| {label} | {seconds:.1f} |")
    if args.repeat > 1:
        print()
        for file_format, done in runs.items():
            backups = ", ".join(f"{run[2]:.1f}" for run in done)
            restores = ", ".join(f"{run[3]:.1f}" for run in done)
            print(f"- {FORMATS[file_format]}: backups {backups} s; restores {restores} s")
    print()
    print("| figure | target | result | pass |")
    print("|---|---|---:|:---:|")
    missed = []
    for file_format, (made, _b, _r) in results.items():
        print(
            f"| {FORMATS[file_format]}: backup size | | {made.size / 1e6:,.1f} MB ({made.size / size:.1%} of the store) | |"
        )
    newest = max(results)
    if 1 in results and newest > 1:
        new, old = results[newest], results[1]
        checks = [
            (
                f"format {newest} backup ÷ store (format 1's size)",
                "≤ 40 %",
                new[0].size / size,
                0.40,
                "{:.1%}",
            ),
            (f"format {newest} backup time ÷ format 1's", "≤ 50 %", new[1] / old[1], 0.5, "{:.0%}"),
            (
                f"format {newest} restore time ÷ format 1's",
                "≤ 50 %",
                new[2] / old[2],
                0.5,
                "{:.0%}",
            ),
        ]
        for label, target, value, limit, shown in checks:
            ok = value <= limit
            if not ok:
                missed.append(label)
            print(f"| {label} | {target} | {shown.format(value)} | {'✅' if ok else '❌'} |")
    return outcome.exit_code(strict=args.strict, missed=missed, failed=[])


if __name__ == "__main__":
    outcome.run(main)
