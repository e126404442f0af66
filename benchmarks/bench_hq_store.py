"""Head office storing a desk's upload: 500-event batches on SQLite and on PostgreSQL.

    python benchmarks/bench_hq_store.py [--batches 5] [--backend sqlite|postgresql|both]

Each batch is one ``HQStore.upload`` of 500 new, chained complaint events (the protocol's batch
size): envelope checks, the chain, storing each event once and applying its payload. PostgreSQL
pays a loopback round trip per statement, so its figures are several times SQLite's. Targets:
SQLite p50 ≤ 0.5 s, PostgreSQL p50 ≤ 1.5 s per batch. PostgreSQL needs the local cluster
(``pg_ctlcluster 15 main start``); without it that backend is reported as unavailable.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hall_desk.hq.store import DeskIdentity, HQStore  # noqa: E402
from tests.hq.databases import database  # noqa: E402
from tests.hq.envelopes import DeskChain, seed_staff  # noqa: E402

BATCH = 500


def run(backend: str, batches: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp, database(backend, Path(tmp)) as url:
        store = HQStore.open(url)
        try:
            store.add_hall("HA01", "人民路营业厅")
            store.add_desk("HA01-02")
            seed_staff(store)  # the complaints' actor, as head office's intake rules need it
            desk = DeskIdentity("HA01-02", "HA01", revoked=False)
            chain = DeskChain()
            timings = []
            for _ in range(batches):
                batch = chain.complaints(BATCH)
                started = time.perf_counter()
                reply = store.upload(desk, batch)
                assert {r.outcome.value for r in reply.results} == {"stored"}
                timings.append(time.perf_counter() - started)
            return timings
        finally:
            store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    print(f"| backend | batches of {BATCH} | p50 s | max s | events/s (p50) |")
    print("|---|---|---|---|---|")
    for backend in backends:
        try:
            timings = run(backend, args.batches)
        except (Exception, pytest.skip.Exception) as error:  # a missing cluster: reported
            print(f"| {backend} | unavailable: {type(error).__name__}: {error} | | | |")
            continue
        p50 = statistics.median(timings)
        print(
            f"| {backend} | {len(timings)} | {p50:.3f} | {max(timings):.3f} | {BATCH / p50:,.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
