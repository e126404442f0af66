"""Every benchmark script still runs (tiny sizes; figures are not checked — benchmarks/README.md).

They are not timed tests: they import most of the app, and twice a script broke silently when the
code under it changed. Each runs as a person would run it, in a subprocess, on a throw-away cache,
and must exit 0: a figure that missed its target does not change the exit code without
``--strict`` (benchmarks/outcome.py), so only an error or a failed check fails here, never time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks import outcome

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

RUNS = {
    "bench_intake": ["--rows", "1500", "--skip-startup", "--saves", "10", "--lookups", "10"],
    "bench_followup": ["--rows", "1500", "--repeat", "2"],
    "bench_dashboard": ["--rows", "1500", "--repeat", "2"],
    "bench_hq_store": ["--batches", "1", "--pull-events", "1000", "--backend", "sqlite"],
    "bench_hq_http": ["--requests", "15"],
    "bench_backup": ["--rows", "1500"],
    "bench_documents": ["--runs", "2"],
    "bench_export": ["--rows", "1500"],
    "bench_pull": ["--events", "200", "--runs", "1"],
    "bench_sync": ["--events", "200", "--runs", "1"],
    "bench_sealing": ["--saves", "5"],
    "bench_keystrokes": ["--rows", "1500"],  # issue 23
    # issue 17: 全省指标 at 10,000 complaints (PostgreSQL)
    "bench_console": ["--halls", "10", "--complaints", "10000", "--years", "1", "--runs", "3"],
    # issue 17 item 6: the queues' first pages at 10,000 complaints (PostgreSQL)
    "bench_console_queues": [
        "--halls",
        "10",
        "--complaints",
        "10000",
        "--years",
        "1",
        "--runs",
        "3",
    ],
    "bench_hq_load": [
        "--desks",
        "4",
        "--halls",
        "2",
        "--events",
        "10",
        "--workers",
        "1",
        "--steady",
        "0",
    ],
    "bench_lists": ["--rows", "1500", "--runs", "3"],  # issue 22
    "bench_store_size": ["--rows", "1500"],  # issue 22
    "bench_convert": ["--rows", "1500"],  # issue 22: desk step 19 on an old store
}


@pytest.mark.parametrize("script", sorted(RUNS))
def test_the_benchmark_script_runs_and_prints_its_table(script: str, tmp_path: Path) -> None:
    env = {**os.environ, "HALL_DESK_BENCH_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / f"{script}.py"), *RUNS[script]],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == outcome.RAN, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert any(ch.isdigit() for ch in done.stdout), done.stdout[-2000:]  # figures were printed


def test_every_benchmark_script_is_smoke_tested() -> None:
    scripts = {path.stem for path in (REPO / "benchmarks").glob("bench_*.py")}
    assert scripts == set(RUNS), "add the new benchmark to RUNS with tiny arguments"


def test_a_missed_target_exits_0_and_3_only_with_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert outcome.exit_code(strict=False) == 0
    assert outcome.exit_code(strict=True) == 0
    assert outcome.exit_code(strict=False, missed=["save p99"]) == 0
    assert outcome.exit_code(strict=True, missed=["save p99"]) == 3
    assert "missed target: save p99" in capsys.readouterr().err


def test_a_failed_check_is_an_error_strict_or_not(capsys: pytest.CaptureFixture[str]) -> None:
    for strict in (False, True):
        assert outcome.exit_code(strict=strict, failed=["plan uses the index"]) == 1
        assert outcome.exit_code(strict=strict, missed=["x"], failed=["plan uses the index"]) == 1
    assert "failed check: plan uses the index" in capsys.readouterr().err


def _exit_of(main: Callable[[], int | None]) -> object:
    with pytest.raises(SystemExit) as stopped:
        outcome.run(main)
    return stopped.value.code


def test_run_exits_with_main_s_code_and_1_on_any_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert _exit_of(lambda: None) == 0  # a script without targets returns nothing
    assert _exit_of(lambda: outcome.MISSED) == 3

    def crashes() -> int:
        raise RuntimeError("the store is gone")

    def refuses_an_argument() -> int:
        argparse.ArgumentParser().parse_args(["--bogus"])  # argparse exits 2
        return 0

    def gives_up() -> int:
        raise SystemExit("head office did not start")

    def asks_for_help() -> int:
        argparse.ArgumentParser().parse_args(["--help"])
        return 0

    assert _exit_of(crashes) == 1
    assert "RuntimeError: the store is gone" in capsys.readouterr().err
    assert _exit_of(refuses_an_argument) == 1
    assert _exit_of(gives_up) == 1
    assert "head office did not start" in capsys.readouterr().err
    assert _exit_of(asks_for_help) == 0


def test_every_benchmark_script_takes_strict_and_exits_through_outcome() -> None:
    for path in sorted((REPO / "benchmarks").glob("bench_*.py")):
        text = path.read_text(encoding="utf-8")
        assert "outcome.add_strict(parser)" in text, path.name
        assert text.rstrip().endswith("outcome.run(main)"), path.name


def test_run_all_prints_its_needs_first_and_rewrites_only_its_readme_block(tmp_path: Path) -> None:
    """Issue 22: one command runs the desk benchmarks and rewrites the README's desk tables (here
    one small benchmark, into a copy of a README); a second run replaces its block, no more."""
    readme = tmp_path / "README.md"
    readme.write_text(
        "# x\n\n## Benchmarks\n\nintro\n\n### Older table\n\n| a |\n", encoding="utf-8"
    )
    env = {**os.environ, "HALL_DESK_BENCH_CACHE": str(tmp_path / "cache")}
    command = [
        sys.executable, str(REPO / "benchmarks" / "run_all.py"), "--rows", "1500",
        "--only", "bench_store_size", "--readme", str(readme),
    ]  # fmt: skip
    for _ in range(2):
        done = subprocess.run(
            command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode in (outcome.RAN, outcome.MISSED), done.stderr[-3000:]
        first = done.stdout.splitlines()[0]
        assert "disk needed about" in first and "expected time about" in first
    text = readme.read_text(encoding="utf-8")
    assert text.count("<!-- run_all:start -->") == 1 and text.count("<!-- run_all:end -->") == 1
    assert "at commit " in text and "bytes per complaint" in text and "1,500 complaints" in text
    assert text.index("<!-- run_all:end -->") < text.index("### Older table")  # the rest kept
