"""Head office over HTTP: how soon replies come on a reused (keep-alive) connection.

    python benchmarks/bench_hq_http.py [--requests 200] [--strict]

A real ``hall-desk-hq serve`` (a subprocess on loopback, a new SQLite database). The desk's
uploader keeps one connection open for a whole round, so every reply after the first travels on a
reused connection: when the server's accepted sockets lack ``TCP_NODELAY``, each such reply waits
about 40 ms for the client's delayed ACK (Nagle). Timed, one after another on one ``httpx.Client``
after one untimed request:

- ``GET /v1/health`` (no token, no store): target median ≤ 25 ms (this was a timed test in
  tests/hq/test_server.py);
- ``GET /v1/desk`` with a desk's token (the token checked, the desk's chain read from the store);
- the same health request on a new connection each time, for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from benchmarks.headoffice import HeadOffice  # noqa: E402

DESK = "HA01-02"
TARGET_MS = 25.0  # a delayed ACK alone is about 40 ms


def timed_ms(request: Callable[[], httpx.Response], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = request()
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests of each kind")
    outcome.add_strict(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hall_desk-bench-http-") as tmp:
        hq = HeadOffice(Path(tmp))
        try:
            token = hq.add_desk(DESK)
            headers = {"Authorization": f"Bearer {token}"}
            with httpx.Client(base_url=hq.url, timeout=10) as client:
                client.get("/v1/health").raise_for_status()  # the connection is opened here
                health = timed_ms(lambda: client.get("/v1/health"), args.requests)
                desk = timed_ms(lambda: client.get("/v1/desk", headers=headers), args.requests)
            no_reuse = httpx.Limits(max_keepalive_connections=0)  # one client, a connection each
            with httpx.Client(base_url=hq.url, timeout=10, limits=no_reuse) as client:
                client.get("/v1/health").raise_for_status()
                fresh = timed_ms(lambda: client.get("/v1/health"), args.requests)
        finally:
            hq.stop()
    median = statistics.median(health)
    ok = median <= TARGET_MS
    n = args.requests
    print("| figure | target | median | max | pass |")
    print("|---|---:|---:|---:|:---:|")
    print(
        f"| GET /v1/health on a reused connection, {n} | ≤ {TARGET_MS:.0f} ms | {median:.1f} ms "
        f"| {max(health):.1f} ms | {'✅' if ok else '❌'} |"
    )
    print(
        f"| GET /v1/desk (token, store read) on a reused connection, {n} | | "
        f"{statistics.median(desk):.1f} ms | {max(desk):.1f} ms | |"
    )
    print(
        f"| GET /v1/health on a new connection each, {n} | | {statistics.median(fresh):.1f} ms "
        f"| {max(fresh):.1f} ms | |"
    )
    return outcome.exit_code(strict=args.strict, missed=[] if ok else ["reused-connection reply"])


if __name__ == "__main__":
    outcome.run(main)
