"""Every benchmark script still runs (tiny sizes; figures are not checked — benchmarks/README.md).

They are not timed tests: they import most of the app, and twice a script broke silently when the
code under it changed. Each runs as a person would run it, in a subprocess, on a throw-away cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

RUNS = {
    "bench_intake": ["--rows", "1500", "--skip-startup", "--saves", "10", "--lookups", "10"],
    "bench_followup": ["--rows", "1500", "--repeat", "2"],
    "bench_dashboard": ["--rows", "1500", "--repeat", "2"],
    "bench_hq_store": ["--batches", "1", "--backend", "sqlite"],
    "bench_backup": ["--rows", "1500"],
    "bench_documents": ["--runs", "2"],
    "bench_export": ["--rows", "1500"],
    "bench_pull": ["--events", "200", "--runs", "1"],
    "bench_sync": ["--events", "200", "--runs", "1"],
    "bench_sealing": ["--saves", "5"],
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
    # Exit code 1 means "a figure missed its target", which a loaded CI machine may well do.
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert any(ch.isdigit() for ch in done.stdout), done.stdout[-2000:]  # figures were printed


def test_every_benchmark_script_is_smoke_tested() -> None:
    scripts = {path.stem for path in (REPO / "benchmarks").glob("bench_*.py")}
    assert scripts == set(RUNS), "add the new benchmark to RUNS with tiny arguments"
