"""The load and faults harness (issue 18, "Load and faults"; ``benchmarks/bench_hq_load.py``) at the
size the issue gives its test: 20 simulated desks in 4 halls, 50 queued events each, 2 workers on
PostgreSQL, speaking the real protocol (real tokens, envelopes and hash chains); afterwards every
desk's events are held exactly once, in seq order, chains intact, nothing valid quarantined, and
each hall's receipt numbers have no gap. Then the same with a worker killed (SIGKILL) mid-batch
while the other runs, with PostgreSQL (a server of the test's own) restarted mid-burst, and through the packaged nginx in
front of two serve processes. (Two workers receiving the same retried batch at once:
tests/hq/test_workers.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_hq_load import run
from tests.hq.databases import fresh_postgres

pytestmark = pytest.mark.slow


def test_twenty_desks_in_four_halls_burst_through_two_workers_exactly_once(
    tmp_path: Path,
) -> None:
    with fresh_postgres() as url:
        figures = run(
            url, 2, desks=20, halls=4, events=50, steady_s=12.0, directory=tmp_path, seed=18
        )
    assert figures["problems"] == []
    assert figures["burst_events"] == 20 * 50
    assert figures["steady_events"] > 0  # every desk uploaded during the steady part
    # nothing refused: at most head office's back-pressure (503, waited out as the desk does)
    assert set(figures["errors"]) <= {"503"}, figures["errors"]
    assert figures["upload_p50_s"] is not None and figures["pull_p50_s"] is not None
    assert figures["cpu"]["workers_s"] > 0 and figures["cpu"]["simulator_s"] > 0


def test_a_worker_killed_mid_batch_under_load_loses_and_doubles_nothing(tmp_path: Path) -> None:
    with fresh_postgres() as url:
        figures = run(
            url, 2, desks=8, halls=2, events=40, steady_s=0.0, directory=tmp_path,
            fault="kill-worker", seed=9,
        )  # fmt: skip
    assert figures["killed_mid_batch"]  # a worker did die holding a batch
    assert figures["errors"], "the desks holding a connection to it saw it go"
    assert figures["problems"] == []


def test_postgresql_restarted_mid_burst_loses_and_doubles_nothing(tmp_path: Path) -> None:
    """On a server of the test's own (initdb into a temporary folder, its own port), restarted
    (fast: every session cut) while 8 desks' batches are in two workers' hands."""
    from tests.hq.private_postgres import private_postgres

    with private_postgres() as server:
        figures = run(
            server.url, 2, desks=8, halls=2, events=60, steady_s=0.0, directory=tmp_path,
            fault="restart-postgres", disturb=server.restart, seed=7,
        )  # fmt: skip
    assert figures["problems"] == []
    assert figures["burst_events"] == 8 * 60
    # a batch whose connection the restart cut is answered 503 with Retry-After (never 500)
    assert set(figures["errors"]) <= {"503"}, figures["errors"]


def test_two_serve_processes_behind_the_packaged_nginx_store_exactly_once(
    tmp_path: Path,
) -> None:
    """Two ``serve`` processes on their own loopback ports behind packaging/nginx's site, run by
    an nginx of the test's own (TLS from a test CA)."""
    with fresh_postgres() as url:
        figures = run(
            url, 1, desks=8, halls=2, events=40, steady_s=3.0, directory=tmp_path,
            behind_nginx=True, seed=5,
        )  # fmt: skip
    assert figures["behind_nginx"] and figures["problems"] == []
    assert set(figures["errors"]) <= {"503"}, figures["errors"]
