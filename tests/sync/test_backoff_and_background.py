"""Backoff (exponential, capped, full jitter) and the background uploader thread — no real waits."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hall_desk.hq.store import RETRY_AFTER
from hall_desk.services import sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.sync.errors import HQUnreachable
from hall_desk.sync.outbox import QueueStatus
from hall_desk.sync.runner import BackgroundSync, Backoff, RoundReport
from tests.hq.databases import fresh_postgres
from tests.hq.live import LiveHQ
from tests.sync.fixtures import DESK, add_events, own_seqs


def test_backoff_grows_is_capped_and_jittered() -> None:
    backoff = Backoff(base=1.0, cap=300.0, rng=random.Random(7))
    ceilings, delays = [], []
    for _ in range(14):
        delays.append(backoff.next_delay())
        ceilings.append(backoff.ceiling())
    assert ceilings[:10] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert ceilings[10:] == [300] * 4
    assert all(0 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert len({round(d, 6) for d in delays}) == len(delays)  # jitter: no two alike
    # The same seed gives the same delays (tests are deterministic).
    again = Backoff(rng=random.Random(7))
    assert [again.next_delay() for _ in range(14)] == delays
    backoff.reset()
    assert backoff.next_delay() <= 1.0


def test_backoff_is_configurable() -> None:
    backoff = Backoff(base=0.5, cap=2.0, rng=random.Random(1))
    for _ in range(10):
        assert backoff.next_delay() <= 2.0
    with pytest.raises(ValueError):
        Backoff(base=10, cap=1)


class Waits:
    """An injected wait: records each requested delay and returns at once (the event's state)."""

    def __init__(self, stop_after: int) -> None:
        self.delays: list[float] = []
        self.stop_after = stop_after
        self.done = threading.Event()

    def __call__(self, event: threading.Event, seconds: float) -> bool:
        self.delays.append(seconds)
        if len(self.delays) >= self.stop_after:
            self.done.set()
            return event.wait(5)
        return event.is_set()


def test_the_thread_backs_off_while_failing_and_idles_after_success() -> None:
    outcomes = [False, False, False, True, True]
    statuses: list[object] = []

    def round_fn() -> RoundReport:
        ok = outcomes.pop(0) if outcomes else True
        return RoundReport(error=None if ok else HQUnreachable("down"), status=None)

    waits = Waits(stop_after=5)
    runner = BackgroundSync(
        round_fn,
        on_report=statuses.append,
        idle_interval=60.0,
        backoff=Backoff(rng=random.Random(3)),
        wait=waits,
    )
    runner.start()
    assert waits.done.wait(5)
    assert runner.stop(5)
    assert waits.delays[0] <= 1 and waits.delays[1] <= 2 and waits.delays[2] <= 4
    assert waits.delays[3:5] == [60.0, 60.0]
    assert len(statuses) == 5


def test_an_unexpected_error_never_leaves_the_thread() -> None:
    calls = []

    def round_fn() -> RoundReport:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("bug")
        return RoundReport()

    waits = Waits(stop_after=2)
    runner = BackgroundSync(round_fn, wait=waits, backoff=Backoff(rng=random.Random(0)))
    runner.start()
    assert waits.done.wait(5)
    assert runner.running
    assert runner.stop(5)
    assert len(calls) == 2


def test_sync_now_and_network_back_wake_it_and_reset_the_backoff(
    registered: str, ctx: DeskContext, hq: LiveHQ
) -> None:
    statuses: list[QueueStatus] = []
    rounds = threading.Semaphore(0)

    def on_status(status: QueueStatus) -> None:
        statuses.append(status)
        rounds.release()

    runner = sync.make_background_sync(ctx, on_status, idle_interval=3600)
    runner.start()
    try:
        assert rounds.acquire(timeout=10)  # the sync at start
        assert statuses[-1].online and statuses[-1].waiting == 0
        add_events(ctx, 700)
        runner.sync_now()
        assert rounds.acquire(timeout=20)
        assert statuses[-1].waiting == 0 and statuses[-1].delivered == len(own_seqs())
        hq.stop()
        add_events(ctx, 5)
        runner.sync_now()
        assert rounds.acquire(timeout=20)
        assert statuses[-1].waiting == 5 and not statuses[-1].online
        assert statuses[-1].last_error.code == "sync.offline"
        assert runner.backoff.failures == 1
        hq.start()
        runner.network_back()
        # A backoff retry may have fired while head office was starting (and failed again):
        # what counts is that the wake-up brings a successful round.
        deadline = time.monotonic() + 20
        while not statuses[-1].online:
            assert rounds.acquire(timeout=max(0.1, deadline - time.monotonic()))
        assert statuses[-1].waiting == 0
        assert runner.backoff.failures == 0
    finally:
        assert runner.stop(10)
    assert hq.status()[DESK]["stored"] == len(own_seqs())


def test_the_thread_says_when_the_desk_is_not_registered(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    statuses: list[QueueStatus] = []
    waits = Waits(stop_after=1)
    runner = sync.make_background_sync(ctx, statuses.append, wait=waits)
    runner.start()
    assert waits.done.wait(5)
    assert runner.stop(5)
    assert statuses[0].last_error.code == "sync.not_registered"
    assert statuses[0].waiting == len(own_seqs())


@pytest.fixture
def slow_pg_hq(tmp_path: Path) -> Iterator[tuple[LiveHQ, str]]:
    """A head office on PostgreSQL that answers 503 once a statement waits over 1 s."""
    with fresh_postgres() as url:
        hq = LiveHQ(tmp_path / "hq", database=url, args=["--db-timeout", "1"]).start()
        try:
            hq.add_hall("HA01", "人民路营业厅")
            yield hq, url
        finally:
            hq.stop()


def test_the_uploader_waits_at_least_the_retry_after_of_a_503(
    hall: dict[str, StaffSession], ctx: DeskContext, slow_pg_hq: tuple[LiveHQ, str]
) -> None:
    """Issue 18 item 5: head office busy (another writer holds the hall past --db-timeout) answers
    503 with Retry-After; the uploader's next wait is at least that, however short its own
    backoff would be; once the hall is free, everything arrives."""
    import psycopg

    hq, url = slow_pg_hq
    token = hq.add_desk(DESK)
    assert sync.register_desk(ctx, hq.url, DESK, token).verified
    add_events(ctx, 3)
    statuses: list[QueueStatus] = []
    waits = Waits(stop_after=1)
    with psycopg.connect(url) as writer:
        writer.execute("SELECT 1 FROM hall WHERE code = 'HA01' FOR UPDATE")
        runner = sync.make_background_sync(
            ctx, statuses.append, backoff=Backoff(base=0.001, cap=0.001), wait=waits
        )
        runner.start()
        try:
            assert waits.done.wait(60)
        finally:
            assert runner.stop(10)
        writer.rollback()
    assert statuses[0].last_error is not None
    assert "HTTP 503 db.busy" in statuses[0].last_error.detail
    assert runner.backoff.ceiling() <= 0.001  # its own backoff would have waited a millisecond
    assert waits.delays[0] >= RETRY_AFTER
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert hq.status()[DESK]["stored"] == len(own_seqs())
