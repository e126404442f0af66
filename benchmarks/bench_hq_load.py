"""Load and faults at head office (issue 18, "Load and faults"): simulated desks speaking the real
protocol from one asyncio process against ``hall-desk-hq serve --workers N`` on PostgreSQL.

    python benchmarks/bench_hq_load.py --desks 20 --halls 4 --events 50 --workers 1,2 --steady 10
    python benchmarks/bench_hq_load.py --desks 1000 --halls 200 --events 200 --steady 300 \\
        --workers 1,2,4                                  # the issue's full size (a quiet machine)

Each desk is registered with a real token; its events are real envelopes on a real hash chain
(``tests/hq/envelopes.DeskChain``, built the way the desk builds them), and each hall's staff is
head office's record, as intake judges every actor. Per worker count, on a fresh database:

1. **steady**: for ``--steady`` seconds each desk uploads 1–5 events every 10 s and pulls every
   30 s (first moments spread at random);
2. **burst** ("the network is back"): every desk sends ``--events`` queued events at once, in
   batches of at most 500, backing off as the real desk does (:class:`hall_desk.sync.runner.Backoff`,
   never shorter than a 503's ``Retry-After``);
3. **check, exactly once**: every desk's events held once, in seq order, its chain intact, nothing
   quarantined, each hall's receipt numbers 1..n without a gap.

Reported: events/s of the burst, upload and pull latency p50/p99, errors (answers other than 200,
by status) and CPU seconds from ``/proc`` of the workers (the serve process and its children), of
PostgreSQL (every ``postgres`` process of the server, so other users of a shared server count too)
and of the simulator. ``--fault kill-worker`` kills one worker with SIGKILL mid-burst (uvicorn
starts another): the first worker taking a batch in the run commits half of it and dies by SIGKILL
before answering (``HALL_DESK_HQ_FAULT=kill-once-mid-batch``) while the others go on; the desk
retries, and the check must still hold. ``--fault restart-postgres`` runs on a PostgreSQL server of
its own (``initdb`` as the ``postgres`` user into a temporary folder, its own port and socket
folder: tests/hq/private_postgres.py) and restarts it when the burst's first batch is answered.
``--behind-nginx``: two ``serve`` processes on their own loopback ports behind
``packaging/nginx/hall-desk-hq.conf``, run by an nginx of the run's own (TLS from a test CA).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import outcome
from hall_desk.hq.store import HQStore
from hall_desk.sync.protocol import MAX_BATCH, PULL_PATH, UPLOAD_PATH, upload_request
from hall_desk.sync.runner import Backoff
from hall_desk.sync.transport import retry_after_of
from tests.hq.envelopes import DeskChain, seed_staff

REPO = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
BURST_TARGET_S = (
    180.0  # issue 18: the burst drained with nothing refused in at most 3 minutes (2 workers)
)


# --- CPU seconds from /proc -----------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on


def cpu_of(pid: int, *, children: bool = True) -> float:
    """utime + stime of ``pid`` (and of its reaped children), seconds."""
    fields = _stat(pid)
    if fields is None:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / CLOCK_TICKS


def tree(pid: int) -> list[int]:
    """``pid`` and its living descendants."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None:
                parents.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(parents.get(current, []))
    return out


def postgres_cpu() -> float:
    """Every ``postgres`` process's CPU seconds (the postmaster's reaped backends included)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if name == "postgres":
            total += cpu_of(int(entry.name))
    return total


def serve_cpu(pid: int) -> float:
    return sum(cpu_of(p) for p in tree(pid))


# --- head office ----------------------------------------------------------------------------


class Serve:
    """``hall-desk-hq serve --workers N`` as a subprocess on a free loopback port."""

    def __init__(
        self, database: str, workers: int, directory: Path, env: dict[str, str] | None = None
    ) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.log = open(directory / f"serve-{workers}.log", "a", encoding="utf-8")  # noqa: SIM115
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(REPO),
            "HALL_DESK_HQ_ESCROW_KEY": "",
            "HALL_DESK_HQ_SECRETS_KEY": "",
            **(env or {}),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hall_desk.hq.cli", "serve", "--host", "127.0.0.1",
             "--port", "0", "--database", database, "--workers", str(workers),
             "--log-level", "warning", "--pool-size", "4"],
            stdout=subprocess.PIPE, stderr=self.log, text=True, cwd=REPO, env=env,
        )  # fmt: skip
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on http://"):
            self.stop()
            raise SystemExit(f"head office did not start: {line!r} (log in {directory})")
        self.url = line.removeprefix("listening on ")

    def workers(self) -> list[int]:
        """uvicorn's worker processes (spawned children; not the resource tracker)."""
        out = []
        for pid in tree(self.process.pid):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if pid != self.process.pid and b"spawn_main" in command:
                out.append(pid)
        return out

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.log.close()


# --- simulated desks ------------------------------------------------------------------------


@dataclass
class Figures:
    upload_s: list[float] = field(default_factory=list)
    pull_s: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    sent: int = 0

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


CONNECTIONS = 200  # the simulator's connections to head office, and its requests in flight


@dataclass
class Wire:
    """The simulator's HTTP client and the gate in front of its connections: at most
    :data:`CONNECTIONS` requests are handed to httpx at once. httpcore's pool compares every
    waiting request with every connection at each step, so a thousand desks queued inside it
    cost the simulator its whole CPU share (quadratic) while head office saw almost no traffic
    (the first full-size run: 509 events stored in nine minutes). A request's latency is timed
    from when it has its connection: what head office and the network took to answer it."""

    client: httpx.AsyncClient
    gate: asyncio.Semaphore


@dataclass
class SimDesk:
    code: str
    token: str
    chain: DeskChain
    queued: list[dict[str, Any]] = field(default_factory=list)
    cursor: int = 0

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def upload(wire: Wire, desk: SimDesk, figures: Figures) -> None:
    """Send what the desk has queued, in batches, until head office holds all of it; back off as
    the desk does (never shorter than Retry-After)."""
    backoff = Backoff(base=0.5, cap=10.0)
    while desk.queued:
        batch = desk.queued[:MAX_BATCH]
        try:
            async with wire.gate:
                started = time.perf_counter()
                reply = await wire.client.post(
                    UPLOAD_PATH, json=upload_request(desk.code, batch), headers=desk.auth
                )
                took = time.perf_counter() - started
        except httpx.HTTPError as error:
            figures.error(type(error).__name__)
            await asyncio.sleep(backoff.next_delay())
            continue
        if reply.status_code != 200:
            figures.error(str(reply.status_code))
            await asyncio.sleep(max(backoff.next_delay(), retry_after_of(reply) or 0.0))
            continue
        figures.upload_s.append(took)
        results = reply.json()["results"]
        delivered = sum(
            1 for r in results if r["outcome"] in ("stored", "duplicate", "quarantined")
        )
        if delivered != len(batch):
            figures.error("not delivered")
        figures.sent += len(batch)
        desk.queued = desk.queued[len(batch) :]
        backoff.reset()


async def pull(wire: Wire, desk: SimDesk, figures: Figures) -> None:
    try:
        async with wire.gate:
            started = time.perf_counter()
            reply = await wire.client.get(
                PULL_PATH, params={"after": desk.cursor, "limit": MAX_BATCH}, headers=desk.auth
            )
            took = time.perf_counter() - started
    except httpx.HTTPError as error:
        figures.error(type(error).__name__)
        return
    if reply.status_code != 200:
        figures.error(f"pull {reply.status_code}")
        return
    figures.pull_s.append(took)
    desk.cursor = int(reply.json()["cursor"])


async def steady(
    wire: Wire, desk: SimDesk, seconds: float, figures: Figures, rng: random.Random
) -> None:
    end = time.monotonic() + seconds
    next_upload = time.monotonic() + rng.uniform(0, 10)
    next_pull = time.monotonic() + rng.uniform(0, 30)
    while True:
        now = time.monotonic()
        wake = min(next_upload, next_pull)
        if wake >= end:
            return
        await asyncio.sleep(max(0.0, wake - now))
        if next_upload <= next_pull:
            desk.queued += desk.chain.complaints(rng.randint(1, 5))
            await upload(wire, desk, figures)
            next_upload += 10
        else:
            await pull(wire, desk, figures)
            next_pull += 30


# --- one run --------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def prepare(database: str, desks: int, halls: int) -> list[SimDesk]:
    store = HQStore.open(database)
    try:
        out = []
        codes = [f"H{h:03d}" for h in range(halls)]
        for hall in codes:
            store.add_hall(hall, f"营业厅 {hall}")
            seed_staff(store, hall, "3001")
        for n in range(desks):
            hall = codes[n % halls]
            code = f"{hall}-{n // halls + 2:02d}"
            out.append(SimDesk(code, store.add_desk(code), DeskChain(code)))
        return out
    finally:
        store.close()


def check(database: str, desks: list[SimDesk]) -> list[str]:
    """Exactly once: what is wrong (empty when nothing is)."""
    problems: list[str] = []
    store = HQStore.open(database, create=False)
    try:
        for desk in desks:
            held = store.events_of(desk.code)
            seqs = [e["seq"] for e in held]
            if seqs != list(range(1, desk.chain.seq + 1)):
                problems.append(f"{desk.code}: held seqs {seqs[:5]}… not 1..{desk.chain.seq}")
            if [e["id"] for e in held] != [e["id"] for e in desk.chain.events]:
                problems.append(f"{desk.code}: held events are not the desk's, in order")
            summary = store.chain_of(desk.code)
            if summary.chain.state.value != "intact" or summary.highest_seq != desk.chain.seq:
                problems.append(f"{desk.code}: chain {summary.describe()}")
        with store._lock:
            quarantined = store._db.execute("SELECT count(*) FROM quarantine").fetchone()[0]
            rows = store._db.execute(
                "SELECT d.hall, e.receipt_no FROM event e JOIN desk d ON d.code = e.desk"
                " ORDER BY d.hall, e.receipt_no"
            ).fetchall()
    finally:
        store.close()
    if quarantined:
        problems.append(f"{quarantined} events quarantined (all were valid)")
    receipts: dict[str, list[int]] = {}
    for hall, number in rows:
        receipts.setdefault(str(hall), []).append(int(number))
    for hall, numbers in receipts.items():
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"hall {hall}: receipt numbers not 1..{len(numbers)} without gaps")
    return problems


async def simulate(
    url: str,
    desks: list[SimDesk],
    *,
    steady_s: float,
    events: int,
    seed: int,
    on_burst: Any = None,
    verify: ssl.SSLContext | bool = True,
) -> dict[str, Any]:
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits, verify=verify) as client:
        wire = Wire(client, asyncio.Semaphore(CONNECTIONS))
        steady_figures = Figures()
        if steady_s > 0:
            await asyncio.gather(*(steady(wire, d, steady_s, steady_figures, rng) for d in desks))
        burst_figures = Figures()
        for desk in desks:
            desk.queued += desk.chain.complaints(events)
        started = time.perf_counter()
        tasks = [asyncio.create_task(upload(wire, d, burst_figures)) for d in desks]
        if on_burst is not None:
            await on_burst(burst_figures)
        await asyncio.gather(*tasks)
        burst_s = time.perf_counter() - started
        await asyncio.gather(*(pull(wire, d, burst_figures) for d in desks))
    return {"steady": steady_figures, "burst": burst_figures, "burst_s": burst_s}


def run(
    database: str,
    workers: int,
    *,
    desks: int,
    halls: int,
    events: int,
    steady_s: float,
    directory: Path,
    fault: str = "",
    seed: int = 1,
    disturb: Callable[[], None] | None = None,
    behind_nginx: bool = False,
) -> dict[str, Any]:
    """One run on ``database`` (fresh) with ``workers`` workers; its figures and the check.
    ``disturb`` (e.g. restarting the PostgreSQL server) runs in a thread as soon as the burst's
    first batch is answered, the others being in the workers' hands."""
    simulated = prepare(database, desks, halls)
    mark = directory / f"killed-{workers}-{os.getpid()}-{time.monotonic_ns()}"
    # kill-worker: the first worker to take a batch commits its first half and dies by SIGKILL
    # before answering (head office's fault injection, once: the mark file says it fired), while
    # the other workers go on; the desk retries the batch (uvicorn starts another worker).
    env = (
        {"HALL_DESK_HQ_FAULT": "kill-once-mid-batch", "HALL_DESK_HQ_FAULT_MARK": str(mark)}
        if fault == "kill-worker"
        else {}
    )
    # behind_nginx: two serve processes (each with ``workers`` workers) on their own loopback
    # ports behind packaging/nginx/hall-desk-hq.conf run by an nginx of the run's own (TLS)
    serves = [Serve(database, workers, directory, env)]
    if behind_nginx:
        serves.append(Serve(database, workers, directory, env))

    async def on_burst(figures: Figures) -> None:
        if disturb is not None:
            while figures.sent == 0:  # the first batch answered: the others are in the works
                await asyncio.sleep(0.005)
            await asyncio.to_thread(disturb)

    def serves_cpu() -> float:
        return sum(serve_cpu(s.process.pid) for s in serves)

    with ExitStack() as stack:
        for serve in serves:
            stack.callback(serve.stop)
        url, verify = serves[0].url, True
        if behind_nginx:
            from tests.hq.certificates import TestCA
            from tests.hq.nginx import packaged_nginx

            ca = TestCA.make(directory / "ca")
            url = stack.enter_context(
                packaged_nginx(
                    directory / f"nginx-{time.monotonic_ns()}",
                    serving=[s.url.removeprefix("http://") for s in serves],
                    escrow=[serves[0].url.removeprefix("http://")],
                    cert=ca.issue(directory / "cert"),
                )
            )
            verify = ssl.create_default_context(cafile=str(ca.pem))
        pg_before, serve_before = postgres_cpu(), serves_cpu()
        own_before = time.process_time()
        result = asyncio.run(
            simulate(
                url, simulated, steady_s=steady_s, events=events, seed=seed,
                on_burst=on_burst, verify=verify,
            )
        )  # fmt: skip
        cpu = {
            "workers_s": round(serves_cpu() - serve_before, 2),
            "postgresql_s": round(postgres_cpu() - pg_before, 2),
            "simulator_s": round(time.process_time() - own_before, 2),
        }
    burst: Figures = result["burst"]
    steady_f: Figures = result["steady"]
    uploads = steady_f.upload_s + burst.upload_s
    pulls = steady_f.pull_s + burst.pull_s
    total_burst = desks * events
    return {
        "workers": workers,
        "desks": desks,
        "halls": halls,
        "events_per_desk": events,
        "steady_s": steady_s,
        "fault": fault or None,
        "behind_nginx": behind_nginx,
        "killed_mid_batch": mark.exists(),
        "steady_events": steady_f.sent,
        "burst_events": total_burst,
        "burst_s": round(result["burst_s"], 2),
        "events_per_s": round(total_burst / result["burst_s"], 1),
        "upload_p50_s": _round(percentile(uploads, 50)),
        "upload_p99_s": _round(percentile(uploads, 99)),
        "pull_p50_s": _round(percentile(pulls, 50)),
        "pull_p99_s": _round(percentile(pulls, 99)),
        "errors": {k: steady_f.errors.get(k, 0) + burst.errors.get(k, 0)
                   for k in {*steady_f.errors, *burst.errors}},
        "cpu": cpu,
        "problems": check(database, simulated),
    }  # fmt: skip


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--halls", type=int, default=4)
    parser.add_argument("--events", type=int, default=50, help="queued events per desk (burst)")
    parser.add_argument("--steady", type=float, default=10.0, help="seconds of steady traffic")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument(
        "--fault",
        choices=["", "kill-worker", "restart-postgres"],
        default="",
        help="restart-postgres: on a PostgreSQL server of the run's own (initdb, as root),"
        " restarted when the burst's first batch is answered",
    )
    parser.add_argument(
        "--behind-nginx",
        action="store_true",
        help="two serve processes (each --workers) behind packaging/nginx/hall-desk-hq.conf"
        " run by an nginx of the run's own",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per run")
    outcome.add_strict(parser)
    args = parser.parse_args(argv)
    import tempfile

    from tests.hq.databases import fresh_postgres

    print(
        f"# {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start",
        file=sys.stderr,
    )
    # the load each run met is printed with it: a shared machine's figures say what it cost there
    failed: list[str] = []
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as directory:
        for workers in [int(w) for w in args.workers.split(",")]:
            if args.fault == "restart-postgres":
                from tests.hq.private_postgres import private_postgres

                server_of_its_own = private_postgres()
            else:
                server_of_its_own = None
            with server_of_its_own or nullcontext() as server, fresh_postgres() as shared_url:
                url = server.url if server is not None else shared_url
                figures = run(
                    url, workers, desks=args.desks, halls=args.halls, events=args.events,
                    steady_s=args.steady, directory=Path(directory), fault=args.fault,
                    disturb=server.restart if server is not None else None,
                    behind_nginx=args.behind_nginx,
                )  # fmt: skip
            if figures["problems"]:
                failed.append(f"exactly once with {workers} worker(s)")
            if workers == 2 and float(figures["burst_s"]) > BURST_TARGET_S:
                missed.append(f"burst drained in {figures['burst_s']} s > {BURST_TARGET_S} s")
            if args.json:
                print(json.dumps(figures, ensure_ascii=False))
            else:
                print(
                    f"{workers} worker(s){' x 2 serve behind nginx' if args.behind_nginx else ''}:"
                    f" steady {figures['steady_events']} events in {args.steady:g} s;"
                    f" burst {figures['burst_events']} events in"
                    f" {figures['burst_s']} s = {figures['events_per_s']} events/s; upload p50"
                    f" {figures['upload_p50_s']} s p99 {figures['upload_p99_s']} s; pull p50"
                    f" {figures['pull_p50_s']} s p99 {figures['pull_p99_s']} s; errors"
                    f" {figures['errors'] or 0}; CPU s workers {figures['cpu']['workers_s']}"
                    f" PostgreSQL {figures['cpu']['postgresql_s']} simulator"
                    f" {figures['cpu']['simulator_s']}; exactly once:"
                    f" {'OK' if not figures['problems'] else figures['problems'][:3]};"
                    f" load average {os.getloadavg()[0]:.1f} at the end"
                )
    return outcome.exit_code(strict=args.strict, missed=missed, failed=failed)


if __name__ == "__main__":
    outcome.run(main)
