"""Backup and restore of a large store (issues 9 and 22): each step's time, the backup's size, and
issue 22 goal 6's comparison with today's format, in the same run.

Usage (from the repository root)::

    python benchmarks/bench_backup.py                   # 1,000,000 complaints
    python benchmarks/bench_backup.py --rows 200000     # issue 22's figure
    python benchmarks/bench_backup.py --any-schema      # an older cached store will do (no seeding)
    python benchmarks/bench_backup.py --rows 20000 --repeat 3   # runs interleaved, medians

Goal 6 compares the new backup with "today's format": what a hall has before issue 22, its store
with the events in the text form (before desk step 19) backed up in backup format 1. So each run
times, interleaved (``--repeat``):

- **today**: format 1 backup and restore of the text-form store: the cached seed copied into the
  temporary directory and turned back into what schema 18 wrote (``as_old_store`` from
  ``tests/storage/old_store.py``, the helper the conversion test and ``bench_convert.py`` use),
  then ``VACUUM INTO`` a file of its own (its pages full, as an append-only log grows: the
  smallest the text-form store can be, so neither the size nor the time is flattering);
- **new**: the newest format (3) of the compact store, the cached seed itself;
- format 1 of the compact store too (``--formats``, default 1 and the newest), printed without
  a target: it tells what the backup format alone buys.

The targets (medians with ``--repeat``): the new backup ≤ 40 % of the text-form store's size;
its backup and its restore each ≤ 50 % of today's time.

The compact store is opened read-only (``immutable=1``: the cache is never touched) and each
store is backed up with the very code the app runs (:func:`hall_desk.storage.backup.create_backup`)
in its format, each written the way that format was: format 1 (and 2) the online-backup copy,
``quick_check`` of it, AES-256-GCM encryption in 4 MiB chunks into the "USB" folder (here a
temporary directory on the same disk), and the verification after writing (decrypt into a second
copy, ``integrity_check``, event head); format 3 the copy, zstd + AES-256-GCM while
``integrity_check`` runs on the copy beside it, and the read-back decrypted and decompressed in
memory. Then :func:`~hall_desk.storage.backup.restore_file` into an empty data directory. Also
timed: the ``quick_check`` the app runs in the background after its window shows. Pending writes
are flushed (``os.sync``) before each timed backup and restore, so that one run's writes are not
charged to the next; the CPU time of the process (all threads) is printed beside the wall time
(the cores are shared: under load the wall time follows the CPU time).

Disk: checked first (after the seed), counting the text-form store: about three times the compact
store for it, and three times that at format 1's peak (store copy, backup, verification copy),
all in the temporary directory and removed at the end. Peak memory is printed to show the
streaming.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
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
from tests.storage.old_store import as_old_store  # noqa: E402


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

# The text-form store against the compact one (bench_convert.py: "about three times larger")
TEXT_FORM_GROWTH = 3


@dataclass(frozen=True)
class Case:
    """One backup and restore timed in each round: which store, in which format."""

    key: str
    label: str
    store: Path
    file_format: int


def text_form_store(source_path: Path, work: Path) -> tuple[Path, list[tuple[str, float]]]:
    """The same seed's store as a hall has it before issue 22 (events in the text form), made in
    ``work`` from the cached compact store; with what making it took (rows of the table)."""
    with contextlib.closing(
        sqlite3.connect(f"{source_path.resolve().as_uri()}?immutable=1", uri=True)
    ) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != LATEST_VERSION:  # as_old_store undoes this schema's steps, no other's
        raise SystemExit(
            f"{source_path.name} is schema {version}: the text-form store is made from a store"
            f" of schema {LATEST_VERSION}; seed one (without --any-schema)"
        )
    made = work / "text-form"
    made.mkdir()
    converted = made / "converted.sqlite3"
    started = time.perf_counter()
    shutil.copyfile(source_path, converted)
    as_old_store(converted)
    turned = time.perf_counter()
    store = made / "desk.sqlite3"
    conn = sqlite3.connect(converted)
    try:
        # the bulk UPDATE left half-filled pages; a store grown by appends has full ones
        conn.execute("VACUUM INTO ?", (str(store),))
    finally:
        conn.close()
    converted.unlink()
    ended = time.perf_counter()
    return store, [
        (
            "text-form store made: copy + payloads and hashes as text (as_old_store)",
            turned - started,
        ),
        ("text-form store made: VACUUM INTO", ended - turned),
    ]


def one_run(
    case: Case, work: Path, key: bytes
) -> tuple[list[tuple[str, float]], files.BackupFile, float, float, int]:
    """(rows of the table, the backup, backup seconds, restore seconds, restored size)."""
    source = sqlite3.connect(f"{case.store.resolve().as_uri()}?immutable=1", uri=True)
    usb = work / f"usb-{case.key}"
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
            file_format=case.file_format,
        )
    finally:
        source.close()
    ended, backup_cpu = time.perf_counter(), cpu_seconds() - cpu
    fast = case.file_format >= 3  # the check beside the encryption, the read-back in memory
    names = {
        "copy": "online-backup copy",
        "check": "quick_check of the copy",
        "encrypt": "compress + encrypt to the folder (fsync), integrity_check of the copy beside it"
        if fast
        else "compress + encrypt to the folder (fsync)"
        if case.file_format == 2
        else "encrypt to the folder (fsync)",
        "verify": "verify: read back, decrypt + decompress in memory, wait for integrity_check"
        if fast
        else "verify: decrypt into a copy + integrity_check + head",
    }
    marks = [*steps, ("end", ended)]
    for (step, at), (_next, then) in pairwise(marks):
        rows.append((f"{case.label}: backup: {names[step]}", then - at))
    backup_s = ended - started
    rows.append((f"**{case.label}: backup, total**", backup_s))
    rows.append((f"{case.label}: backup, CPU time (all threads)", backup_cpu))
    target = work / f"restored-{case.key}" / "desk.sqlite3"
    os.sync()  # the writes of what ran before are not charged to what is timed next
    started, cpu = time.perf_counter(), cpu_seconds()
    files.restore_file(
        made.path, key, target, now=datetime.now(UTC), expected_desk=None, force=False
    )
    restore_s, restore_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    how = "decrypt + head + move in place" if fast else "decrypt + integrity_check + move in place"
    rows.append((f"**{case.label}: restore** ({how})", restore_s))
    rows.append((f"{case.label}: restore, CPU time (all threads)", restore_cpu))
    started = time.perf_counter()
    problems = integrity_problems(target)
    rows.append(
        (
            f"{case.label}: quick_check of the restored store (the app's start-up check)",
            time.perf_counter() - started,
        )
    )
    assert problems == [], problems
    restored = target.stat().st_size
    for volume in files.volumes(made.path):
        volume.unlink()  # room for the next run
    for leftover in target.parent.iterdir():
        leftover.unlink()
    return rows, made, backup_s, restore_s, restored


def judged(
    new: tuple[files.BackupFile, float, float],
    today: tuple[files.BackupFile, float, float],
    text_size: int,
    newest: int,
) -> list[tuple[str, str, float, float, str]]:
    """Goal 6's targets: (label, target, value, limit, how shown), each passed if value ≤ limit."""
    return [
        (
            f"new backup (format {newest}, compact store) ÷ the text-form store",
            "≤ 40 %",
            new[0].size / text_size,
            0.40,
            "{:.1%}",
        ),
        ("new backup time ÷ today's", "≤ 50 %", new[1] / today[1], 0.5, "{:.0%}"),
        ("new restore time ÷ today's", "≤ 50 %", new[2] / today[2], 0.5, "{:.0%}"),
    ]


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
        help="the backup formats of the compact store to time, in this run (1: before issue 22,"
        " 2: zlib, 3: zstd); today's (format 1 of the text-form store) is always timed",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds, each running today's and every format once, interleaved; the table shows"
        " each step's median",
    )
    outcome.add_strict(parser)
    args = parser.parse_args()
    formats = [int(f) for f in args.formats.split(",")]
    newest = max(formats)
    source_path = source_store(args.rows, args.any_schema)
    size = source_path.stat().st_size
    key = os.urandom(32)
    table: list[tuple[str, float]] = []
    results: dict[str, tuple[files.BackupFile, float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-backup-", dir=args.dir) as folder:
        work = Path(folder)
        # the text-form store, then format 1's copy, backup and verification copy of it
        text_estimate = TEXT_FORM_GROWTH * size
        require_room(
            work,
            text_estimate + 3 * text_estimate,
            f"a text-form store of a {size / 1e9:.1f} GB store and backing it up",
        )
        text_path, making = text_form_store(source_path, work)
        table.extend(making)
        text_size = text_path.stat().st_size
        cases = [Case("today", "today: format 1, text-form store", text_path, 1)]
        cases += [
            Case(
                "new" if file_format == newest else f"compact-{file_format}",
                f"{'new: ' if file_format == newest else ''}{FORMATS[file_format]}, compact store",
                source_path,
                file_format,
            )
            for file_format in formats
        ]
        runs: dict[str, list[tuple[list[tuple[str, float]], files.BackupFile, float, float]]]
        runs = {case.key: [] for case in cases}
        for _round in range(max(1, args.repeat)):  # interleaved: a busy spell hits them all
            for case in cases:
                rows, made, backup_s, restore_s, _restored = one_run(case, work, key)
                runs[case.key].append((rows, made, backup_s, restore_s))
    for case in cases:
        done = runs[case.key]
        for index, (label, _seconds) in enumerate(done[0][0]):
            table.append((label, statistics.median(run[0][index][1] for run in done)))
        results[case.key] = (
            done[-1][1],
            statistics.median(run[2] for run in done),
            statistics.median(run[3] for run in done),
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        f"compact store: {source_path.name}, {size / 1e9:.3f} GB; text-form store of the same"
        f" seed: {text_size / 1e9:.3f} GB; peak RSS {peak / 1e6:.0f} MB"
    )
    print()
    each = f"median of {args.repeat} runs" if args.repeat > 1 else "s"
    print(f"| backup / restore ({args.rows:,} complaints) | {each} |")
    print("|---|---:|")
    for label, seconds in table:
        print(f"| {label} | {seconds:.1f} |")
    if args.repeat > 1:
        print()
        for case in cases:
            backups = ", ".join(f"{run[2]:.1f}" for run in runs[case.key])
            restores = ", ".join(f"{run[3]:.1f}" for run in runs[case.key])
            print(f"- {case.label}: backups {backups} s; restores {restores} s")
    print()
    print("| figure | target | result | pass |")
    print("|---|---|---:|:---:|")
    for case in cases:
        made = results[case.key][0]
        print(
            f"| {case.label}: backup size | | {made.size / 1e6:,.1f} MB"
            f" ({made.size / text_size:.1%} of the text-form store,"
            f" {made.size / size:.1%} of the compact one) | |"
        )
    extra = [case for case in cases if case.key.startswith("compact-")]
    for case in extra:  # what the format alone buys: no target
        _made, backup_s, restore_s = results[case.key]
        print(
            f"| {case.label}: backup / restore time ÷ today's | | "
            f"{backup_s / results['today'][1]:.0%} / {restore_s / results['today'][2]:.0%} | |"
        )
    missed = []
    if "new" in results and newest > 1:
        for label, target, value, limit, shown in judged(
            results["new"], results["today"], text_size, newest
        ):
            ok = value <= limit
            if not ok:
                missed.append(label)
            print(f"| {label} | {target} | {shown.format(value)} | {'✅' if ok else '❌'} |")
    return outcome.exit_code(strict=args.strict, missed=missed, failed=[])


if __name__ == "__main__":
    outcome.run(main)
