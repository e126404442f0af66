"""Every desk benchmark in one run, and the README's desk tables rewritten from it (issue 22).

Usage (from the repository root)::

    python benchmarks/run_all.py --rows 1000000        # what issue 22 asks for
    python benchmarks/run_all.py --rows 20000          # a small run (minutes)
    python benchmarks/run_all.py --rows 20000 --plan   # only the disk and time it would need

First prints the disk it needs (the seeded store if it is not cached yet, and the largest working
set of one benchmark: the backup benchmark's copy, backup and verification copy) and its expected
running time (from rates measured on the 2-core reference machine), and stops if the disk has not
the room. Then runs every desk benchmark (head office's have their own: ``bench_hq_store.py``,
``bench_hq_http.py``) one after the other, each in its own process on the same seeded store, and
replaces the block between ``<!-- run_all:start -->`` and ``<!-- run_all:end -->`` in README.md
with their tables, headed by the commit, the date and the machine of this run: every figure and
every floor it is compared with (the bare Qt window, the bare ReportLab page, format 1 backups)
come from the same run. Exit code: the worst of the benchmarks' (``outcome.py``).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from benchmarks.seed import BYTES_PER_COMPLAINT, CACHE_DIR, cache_path  # noqa: E402

START, END = "<!-- run_all:start -->", "<!-- run_all:end -->"
# The realistic seed (s4): the CPU time of the writer and its two workers together per complaint,
# 0.00103 s at 20,000, 0.00108 s at 50,000, 0.00105 s at 200,000 (commits c4e855a / 7878538 /
# 6bc2586, 2026-12-07, 2-core machine shared with other runs, load 9-15; benchmarks/README.md's
# table); on a quiet 2-core machine the wall time is about half of
# that (the two workers and the writer share the cores), so this overestimates rather than under.
SEED_SECONDS_PER_ROW = 0.0011


@dataclass(frozen=True)
class Bench:
    script: str
    title: str
    args: tuple[str, ...]
    rows: bool  # takes --rows
    seconds: float  # expected: fixed part
    seconds_per_row: float  # expected: part growing with the store


BENCHES = (
    Bench("bench_store_size", "Store size per complaint (issue 22, goal 5)", (), True, 5, 0.000005),
    Bench(
        "bench_convert", "Converting an old store to compact events (issue 22)", (), True, 10, 0.002
    ),
    Bench("bench_lists", "A clerk's lists and searches (issue 22, goal 3)", (), True, 60, 0.0003),
    Bench("bench_intake", "Intake (issue 2)", (), True, 120, 0.0003),
    Bench("bench_followup", "Follow-up and search (issue 5)", (), True, 60, 0.0003),  # 330 s at 1M
    Bench("bench_dashboard", "Dashboard and reports (issue 8)", (), True, 60, 0.0002),
    Bench("bench_export", "Export (issue 8)", (), True, 30, 0.0008),  # 850 s at 1M, 2026-12-08
    Bench(
        "bench_backup", "Backup and restore (issues 9 and 22)", (), True, 20, 0.0018
    ),  # 1,834 s at 1M
    Bench("bench_keystrokes", "Keystrokes per walk-in complaint (issue 23)", (), True, 60, 0.0001),
    Bench("bench_documents", "Documents (issue 22, goal 2)", (), False, 120, 0),
    Bench("bench_sealing", "Sealing a 过户 save", (), False, 60, 0),
    Bench("bench_sync", "Upload to head office (issue 3)", (), False, 120, 0),
    Bench("bench_pull", "Pull from head office (issue 4)", (), False, 120, 0),
)


def plan(rows: int) -> tuple[int, float]:
    """(bytes of disk needed, expected seconds) for a run at ``rows``."""
    cached = cache_path(rows).exists()
    store = cache_path(rows).stat().st_size if cached else rows * BYTES_PER_COMPLAINT
    # + the largest working set, one benchmark at a time: bench_convert's (about eight times the
    # seeded store: its text-form copy, the upgrade copy, the log) and bench_backup's (the
    # text-form store, 2.8 times the seeded one, its format-1 backup and restored copy): at a
    # million complaints 45 GB at the peak of bench_backup (2026-12-08), where 3 × the store said 17
    disk = (0 if cached else store) + 8 * store
    seconds = (0 if cached else rows * SEED_SECONDS_PER_ROW) + sum(
        b.seconds + (b.seconds_per_row * rows if b.rows else 0) for b in BENCHES
    )
    return disk, seconds


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short=12", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{head}{' (with uncommitted changes)' if dirty else ''}"


def readme_block(rows: int, results: list[tuple[Bench, int, str, float]], started: str) -> str:
    lines = [
        START,
        "### Desk benchmarks (`benchmarks/run_all.py`)",
        "",
        f"Measured by `python benchmarks/run_all.py --rows {rows}` at commit {commit()}, started "
        f"{started} UTC, on {platform.machine()} with {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}: every table below and every floor in it (the bare Qt window, "
        "the bare ReportLab page, format 1 backups) come from this one run, at "
        f"{rows:,} complaints of the realistic seed (`seed.py`, every lifecycle event).",
        "",
    ]
    for bench, code, stdout, seconds in results:
        state = {outcome.RAN: "ran", outcome.MISSED: "ran, a target missed"}.get(code, "ERROR")
        lines += [f"#### {bench.title} — `{bench.script}.py` ({state}, {seconds:.0f} s)", ""]
        table = stdout.strip() or "(no output)"
        lines += [table, ""]
    lines.append(END)
    return "\n".join(lines)


def rewrite_readme(readme: Path, block: str) -> None:
    text = readme.read_text(encoding="utf-8")
    if START in text and END in text:
        pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
        text = pattern.sub(lambda _m: block, text, count=1)
    else:
        heading = "## Benchmarks\n"
        at = text.find(heading)
        if at < 0:
            text = text.rstrip("\n") + "\n\n" + heading + "\n" + block + "\n"
        else:
            after = text.find("\n### ", at)  # before the first older table
            after = len(text) if after < 0 else after + 1
            text = text[:after] + block + "\n\n" + text[after:]
    readme.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Every desk benchmark; README's tables.")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--plan", action="store_true", help="print disk and time, run nothing")
    parser.add_argument("--readme", type=Path, default=REPO / "README.md")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite the README")
    parser.add_argument("--only", default="", help="comma-separated scripts (default: all)")
    outcome.add_strict(parser)
    args = parser.parse_args(argv)
    benches = [b for b in BENCHES if not args.only or b.script in args.only.split(",")]
    disk, seconds = plan(args.rows)
    print(
        f"run_all: {len(benches)} desk benchmarks at {args.rows:,} complaints; disk needed about "
        f"{disk / 1e9:.1f} GB under {CACHE_DIR} and the temporary directory; expected time about "
        f"{seconds / 60:.0f} min (reference machine; longer on a busy one)",
        flush=True,
    )
    free = shutil.disk_usage(CACHE_DIR if CACHE_DIR.exists() else Path.home()).free
    if free < disk:
        print(f"run_all: only {free / 1e9:.1f} GB free: stopping", file=sys.stderr)
        return outcome.ERROR
    if args.plan:
        return outcome.RAN
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    results: list[tuple[Bench, int, str, float]] = []
    for bench in benches:
        command = [sys.executable, str(REPO / "benchmarks" / f"{bench.script}.py"), *bench.args]
        if bench.rows:
            command += ["--rows", str(args.rows)]
        if args.strict:
            command.append("--strict")
        print(f"run_all: {bench.script} …", flush=True)
        began = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, stdout=subprocess.PIPE, text=True, check=False)
        took = time.perf_counter() - began
        print(f"run_all: {bench.script} exit {done.returncode} in {took:.0f} s", flush=True)
        results.append((bench, done.returncode, done.stdout, took))
    if not args.no_readme:
        rewrite_readme(args.readme, readme_block(args.rows, results, started))
        print(f"run_all: {args.readme} rewritten", flush=True)
    codes = [code for _, code, _, _ in results]
    if any(code not in (outcome.RAN, outcome.MISSED) for code in codes):
        return outcome.ERROR
    return outcome.MISSED if outcome.MISSED in codes else outcome.RAN


if __name__ == "__main__":
    outcome.run(main)
