"""``hall-desk-hq serve --workers N`` on one PostgreSQL database (issue 18 item 2), as real
processes: the same retried batch sent to two workers at the same moment is stored once; desks of
one hall uploading at once keep their chains and the hall's receipt numbers whole; a worker killed
mid-batch loses and doubles nothing once the desk retries; reads never wait for a hall's write
lock; SQLite refuses more than one worker."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from hall_desk.hq import cli
from hall_desk.hq.store import LATEST_VERSION, RETRY_AFTER
from hall_desk.sync.protocol import upload_request
from tests.hq.databases import fresh_postgres
from tests.hq.envelopes import DeskChain
from tests.hq.live import LiveHQ

HALL = "HA01"
DESKS = ("HA01-02", "HA01-03", "HA01-04")
PATIENCE = 60.0  # seconds the workers may take to come up on a shared machine


@pytest.fixture
def pg_url() -> Iterator[str]:
    with fresh_postgres() as url:
        yield url


def start_workers(
    directory: Path, url: str, *extra: str, env: dict[str, str] | None = None
) -> LiveHQ:
    hq = LiveHQ(directory, database=url, args=["--workers", "2", *extra], env=env)
    hq.start()
    hq.add_hall(HALL, "人民路营业厅")
    hq.seed_staff()
    return hq


@pytest.fixture
def workers(tmp_path: Path, pg_url: str) -> Iterator[LiveHQ]:
    hq = start_workers(tmp_path / "hq", pg_url)
    try:
        wait_for_workers(hq, 2)
        yield hq
    finally:
        hq.stop()


def wait_for_workers(hq: LiveHQ, count: int) -> set[int]:
    """The workers' process ids, once ``count`` distinct ones have answered /v1/health (each
    request on a new connection, so the kernel hands them to whichever worker accepts)."""
    seen: set[int] = set()
    deadline = time.monotonic() + PATIENCE
    while len(seen) < count:
        assert time.monotonic() < deadline, f"only workers {seen} answered"
        try:
            reply = httpx.get(hq.url + "/v1/health", timeout=10.0)
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        if reply.status_code == 200:
            seen.add(int(reply.json()["worker"]))
    return seen


def send_at_once(
    hq: LiveHQ, batches: list[tuple[str, list[dict[str, Any]]]], *, answered: bool = True
) -> list[httpx.Response]:
    """Each (token, events) batch from its own thread and connection, released together; with
    ``answered=False`` a reply may be the transport error of a connection that dropped."""
    start = threading.Barrier(len(batches))
    replies: list[httpx.Response | BaseException | None] = [None] * len(batches)

    def send(i: int, token: str, events: list[dict[str, Any]]) -> None:
        desk = events[0]["desk"]
        with httpx.Client(timeout=60.0) as client:
            start.wait()
            try:
                replies[i] = client.post(
                    hq.url + "/v1/events",
                    headers=hq.auth(token),
                    json=upload_request(desk, events),
                )
            except BaseException as error:  # reported by the caller
                replies[i] = error

    threads = [
        threading.Thread(target=send, args=(i, token, events))
        for i, (token, events) in enumerate(batches)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out: list[httpx.Response] = []
    for reply in replies:
        assert isinstance(reply, httpx.Response) or not answered, reply
        out.append(reply)  # type: ignore[arg-type]
    return out


def held(url: str) -> dict[str, list[tuple[int, str]]]:
    """Per desk its stored (seq, id), in seq order."""
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT desk, seq, id FROM event ORDER BY desk, seq").fetchall()
    out: dict[str, list[tuple[int, str]]] = {}
    for desk, seq, event_id in rows:
        out.setdefault(desk, []).append((int(seq), event_id))
    return out


SEEDED = 1  # the staff record seed_staff put on the hall's head-office chain HA01-00


def receipts(url: str) -> int:
    """How many events the hall holds, after checking their receipt numbers run 1..n without a
    gap or a number twice and the hall's counter stands at n."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT receipt_no FROM event WHERE hall = %s ORDER BY receipt_no", (HALL,)
        ).fetchall()
        last = conn.execute("SELECT last_receipt FROM hall WHERE code = %s", (HALL,)).fetchone()
    numbers = [int(r[0]) for r in rows]
    assert numbers == list(range(1, len(numbers) + 1))
    assert last is not None and int(last[0]) == len(numbers)
    return len(numbers)


def test_sqlite_refuses_more_than_one_worker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    code = cli.main(["serve", "--database", database, "--port", "0", "--workers", "2"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_ERROR
    assert "SQLite serves from one process only" in err and "PostgreSQL" in err
    assert not (tmp_path / "hq.sqlite3").exists()  # refused before anything was opened


def test_the_same_retried_batch_at_once_on_two_workers_is_stored_once(
    workers: LiveHQ, pg_url: str
) -> None:
    token = workers.add_desk(DESKS[0])
    chain = DeskChain(DESKS[0])
    pids: set[str] = set()
    stored_ids: list[str] = []
    # Rounds until the two copies of one round were answered by two different workers (the
    # kernel picks the worker; it nearly always spreads two simultaneous connections).
    for _ in range(10):
        batch = chain.complaints(20)
        replies = send_at_once(workers, [(token, batch), (token, batch)])
        assert [r.status_code for r in replies] == [200, 200]
        outcomes = [[e["outcome"] for e in r.json()["results"]] for r in replies]
        # each event: one copy stored it, the other was told it is a duplicate
        for a, b in zip(*outcomes, strict=True):
            assert sorted([a, b]) == ["duplicate", "stored"]
        stored_ids += [e["id"] for e in batch]
        round_pids = {r.headers["X-HQ-Worker"] for r in replies}
        pids |= round_pids
        if len(round_pids) == 2:
            break
    assert len(pids) == 2, "the two copies never reached two different workers"
    events = held(pg_url)[DESKS[0]]
    assert [seq for seq, _ in events] == list(range(1, len(stored_ids) + 1))
    assert [event_id for _, event_id in events] == stored_ids
    assert workers.status()[DESKS[0]]["chain"] == "intact"
    assert receipts(pg_url) == SEEDED + len(stored_ids)


def test_desks_of_one_hall_uploading_at_once_keep_chains_and_receipts(
    workers: LiveHQ, pg_url: str
) -> None:
    tokens = {desk: workers.add_desk(desk) for desk in DESKS}
    chains = {desk: DeskChain(desk) for desk in DESKS}
    sent: dict[str, list[str]] = {desk: [] for desk in DESKS}
    for _ in range(3):
        batches = []
        for desk in DESKS:
            events = chains[desk].complaints(30)
            sent[desk] += [e["id"] for e in events]
            batches.append((tokens[desk], events))
        replies = send_at_once(workers, batches)
        for reply in replies:
            assert reply.status_code == 200
            assert {e["outcome"] for e in reply.json()["results"]} == {"stored"}
    stored = held(pg_url)
    status = workers.status()
    for desk in DESKS:
        assert [event_id for _, event_id in stored[desk]] == sent[desk]
        assert status[desk]["chain"] == "intact" and status[desk]["highest_seq"] == 90
    assert receipts(pg_url) == SEEDED + 3 * 90


def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(tmp_path: Path, pg_url: str) -> None:
    mark = tmp_path / "fault-fired"
    hq = start_workers(
        tmp_path / "hq",
        pg_url,
        env={"HALL_DESK_HQ_FAULT": "kill-once-mid-batch", "HALL_DESK_HQ_FAULT_MARK": str(mark)},
    )
    try:
        before = wait_for_workers(hq, 2)
        tokens = {desk: hq.add_desk(desk) for desk in DESKS[:2]}
        victim, other = DESKS[:2]
        batches = {desk: DeskChain(desk).complaints(200) for desk in DESKS[:2]}
        first = send_at_once(
            hq,
            [(tokens[victim], batches[victim]), (tokens[other], batches[other])],
            answered=False,
        )
        # Whichever batch a worker took first made that worker commit half of it and die.
        assert mark.exists()
        assert any(not isinstance(reply, httpx.Response) for reply in first)
        # The desks retry until head office answers (the dead worker's connection dropped).
        answers: dict[str, list[str]] = {}
        for desk in DESKS[:2]:
            for _ in range(5):
                try:
                    reply = httpx.post(
                        hq.url + "/v1/events",
                        headers=hq.auth(tokens[desk]),
                        json=upload_request(desk, batches[desk]),
                        timeout=60.0,
                    )
                except httpx.TransportError:
                    continue
                if reply.status_code == 200:
                    answers[desk] = [e["outcome"] for e in reply.json()["results"]]
                    break
        assert set(answers) == set(DESKS[:2])
        # What the retry found held is a prefix of its batch (the killed worker's half, committed
        # in one transaction); the rest is stored now. A batch whose first send was answered is
        # all duplicates; the one the fault hit had exactly its first half committed.
        halves = []
        for i, desk in enumerate(DESKS[:2]):
            outcomes = answers[desk]
            committed = outcomes.count("duplicate")
            assert outcomes == ["duplicate"] * committed + ["stored"] * (200 - committed)
            if isinstance(first[i], httpx.Response):
                assert first[i].status_code == 200 and committed == 200
            halves.append(committed)
        assert 100 in halves
        stored = held(pg_url)
        for desk in DESKS[:2]:
            assert [event_id for _, event_id in stored[desk]] == [e["id"] for e in batches[desk]]
        assert receipts(pg_url) == SEEDED + 400
        # the supervisor replaced the dead worker: two answer again, one of them new
        after = wait_for_workers(hq, 2)
        assert after != before
    finally:
        hq.stop()


def test_reads_never_wait_for_a_halls_write_lock(tmp_path: Path, pg_url: str) -> None:
    hq = start_workers(tmp_path / "hq", pg_url, "--db-timeout", "2")
    try:
        wait_for_workers(hq, 2)
        token = hq.add_desk(DESKS[0])
        events = DeskChain(DESKS[0]).complaints(5)
        first = httpx.post(
            hq.url + "/v1/events", headers=hq.auth(token), json=upload_request(DESKS[0], events)
        )
        assert first.status_code == 200
        more = DeskChain(DESKS[0], start_seq=6, prev=events[-1]["hash"]).complaints(3)
        with psycopg.connect(pg_url) as writer:  # another worker's batch, holding the hall
            writer.execute("SELECT 1 FROM hall WHERE code = %s FOR UPDATE", (HALL,))
            # The downlink, the desk's own events (recovery) and its status answer meanwhile.
            for path in ("/v1/events?after=0", "/v1/desks/me/events?after=0", "/v1/desk"):
                reply = httpx.get(hq.url + path, headers=hq.auth(token), timeout=30.0)
                assert reply.status_code == 200, (path, reply.text)
            assert (
                len(
                    httpx.get(
                        hq.url + "/v1/desks/me/events?after=0", headers=hq.auth(token)
                    ).json()["events"]
                )
                == 5
            )
            # A write to that hall waits for the lock, past --db-timeout: 503 with Retry-After.
            blocked = httpx.post(
                hq.url + "/v1/events",
                headers=hq.auth(token),
                json=upload_request(DESKS[0], more),
                timeout=30.0,
            )
            assert blocked.status_code == 503
            assert blocked.json()["error"] == "db.busy"
            assert blocked.headers["Retry-After"] == str(RETRY_AFTER)
            writer.rollback()
        again = httpx.post(
            hq.url + "/v1/events", headers=hq.auth(token), json=upload_request(DESKS[0], more)
        )
        assert [e["outcome"] for e in again.json()["results"]] == ["stored"] * 3
    finally:
        hq.stop()


def test_health_reports_the_databases_answer_and_the_workers_version(workers: LiveHQ) -> None:
    from hall_desk import __version__

    body = httpx.get(workers.url + "/v1/health").json()
    assert body["database"] == "ok" and body["schema"] == LATEST_VERSION
    assert body["latest_schema"] == LATEST_VERSION and body["version"] == __version__
    assert isinstance(body["worker"], int)


def test_workers_of_an_older_version_refuse_a_newer_schema(tmp_path: Path, pg_url: str) -> None:
    hq = start_workers(tmp_path / "hq", pg_url)
    hq.stop()
    with psycopg.connect(pg_url) as conn:
        conn.execute("UPDATE schema_version SET version = %s", (LATEST_VERSION + 1,))
    with pytest.raises(RuntimeError) as refused:
        hq.start()
    log = hq.log_text()
    assert f"the database has schema {LATEST_VERSION + 1}" in log
    assert f"knows schema {LATEST_VERSION} at most" in log
    assert "did not start" in str(refused.value)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrate_brings_the_schema_up_and_refuses_a_newer_one(
    backend: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README upgrade steps: stop every worker, ``hall-desk-hq migrate``, start."""
    with contextlib.ExitStack() as stack:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
            assert cli.main(["add-hall", HALL, "--name", "人民路营业厅", "--database", url]) == 0
        else:
            url = stack.enter_context(fresh_postgres())
        capsys.readouterr()
        assert cli.main(["migrate", "--database", url]) == 0
        assert f"schema {LATEST_VERSION} (hall-desk-hq " in capsys.readouterr().out
        if backend == "sqlite":
            with sqlite3.connect(tmp_path / "hq.sqlite3") as conn:
                conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
        else:
            with psycopg.connect(url) as conn:
                conn.execute("UPDATE schema_version SET version = %s", (LATEST_VERSION + 1,))
        assert cli.main(["migrate", "--database", url]) == cli.EXIT_ERROR
        err = capsys.readouterr().err
        assert f"the database has schema {LATEST_VERSION + 1}" in err
        assert f"knows schema {LATEST_VERSION} at most" in err


def test_an_exhausted_pool_answers_503_with_retry_after(tmp_path: Path, pg_url: str) -> None:
    """The only pooled connection is held by an upload waiting for its hall (another writer
    holds it): a read gets no connection within the checkout time-out and is answered 503
    db.unavailable with Retry-After; once the hall is free the upload is stored."""
    hq = LiveHQ(tmp_path / "hq", database=pg_url, args=["--pool-size", "1", "--db-timeout", "60"])
    hq.start()
    try:
        hq.add_hall(HALL, "人民路营业厅")
        hq.seed_staff()
        token = hq.add_desk(DESKS[0])
        events = DeskChain(DESKS[0]).complaints(3)
        with psycopg.connect(pg_url) as writer:
            writer.execute("SELECT 1 FROM hall WHERE code = %s FOR UPDATE", (HALL,))
            replies: list[httpx.Response] = []
            upload = threading.Thread(
                target=lambda: replies.append(
                    httpx.post(
                        hq.url + "/v1/events",
                        headers=hq.auth(token),
                        json=upload_request(DESKS[0], events),
                        timeout=120.0,
                    )
                )
            )
            upload.start()
            with psycopg.connect(pg_url, autocommit=True) as watcher:  # the upload now waits
                deadline = time.monotonic() + PATIENCE
                while not watcher.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'"
                ).fetchone():
                    assert time.monotonic() < deadline, "the upload never waited for the hall"
                    time.sleep(0.1)
            starved = httpx.get(hq.url + "/v1/desk", headers=hq.auth(token), timeout=60.0)
            assert starved.status_code == 503
            assert starved.json()["error"] == "db.unavailable"
            assert starved.headers["Retry-After"] == str(RETRY_AFTER)
            writer.rollback()
        upload.join(120)
        assert [e["outcome"] for e in replies[0].json()["results"]] == ["stored"] * 3
    finally:
        hq.stop()
