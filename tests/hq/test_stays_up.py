"""Head office stays up when its database connection drops (issue 15, finding 8): a real server on
PostgreSQL whose connections are ended with ``pg_terminate_backend`` answers the next requests, and
``/v1/health`` says whether the database answers. On SQLite the health check answers too."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hall_desk.hq.store import HQStore
from hall_desk.sync.protocol import parse_pull_reply, upload_request
from tests.hq.databases import fresh_postgres, server_url
from tests.hq.envelopes import DeskChain
from tests.hq.live import LiveHQ

DESK = "HA01-02"


@pytest.fixture
def pg_url() -> Iterator[str]:
    with fresh_postgres() as url:
        yield url


@pytest.fixture
def pg_hq(tmp_path: Path, pg_url: str) -> Iterator[LiveHQ]:
    hq = LiveHQ(tmp_path / "hq", database=pg_url).start()
    try:
        hq.add_hall("HA01", "人民路营业厅")
        hq.seed_staff()  # head office knows the actor of the desk's complaints
        yield hq
    finally:
        hq.stop()


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1].split("?", 1)[0]


def terminate_backends(url: str) -> int:
    """End every client connection to head office's database (as a DBA or a failover would).
    Only client backends of our own role: an autovacuum worker that happens to be in the database
    is a superuser's process, which a non-superuser may not end."""
    import psycopg

    with psycopg.connect(server_url(), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend' AND usename = current_user",
            (database_name(url),),
        ).fetchall()
    return len(rows)


def allow_connections(url: str, allowed: bool) -> None:
    import psycopg

    with psycopg.connect(server_url(), autocommit=True) as admin:
        admin.execute(
            f'ALTER DATABASE "{database_name(url)}" ALLOW_CONNECTIONS {str(allowed).lower()}'
        )


def wait_for_health(hq: LiveHQ, patience: float = 60.0) -> dict[str, str]:
    """Ask /v1/health until it answers 200 (the pool reconnects in the background)."""
    deadline = time.monotonic() + patience
    while True:
        health = httpx.get(hq.url + "/v1/health", timeout=30)
        if health.status_code == 200 or time.monotonic() > deadline:
            return {k: health.json()[k] for k in ("status", "database")}
        time.sleep(0.5)


def test_health_says_the_database_answers(live_hq: LiveHQ) -> None:
    response = httpx.get(live_hq.url + "/v1/health", timeout=5)
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["protocol"]) == ("ok", "ok", 1)


def test_after_every_connection_is_killed_the_next_requests_succeed(pg_hq: LiveHQ) -> None:
    token = pg_hq.add_desk(DESK)
    operator = pg_hq.add_operator("li.wei")
    chain = DeskChain(DESK)
    with httpx.Client(base_url=pg_hq.url, headers=pg_hq.auth(token), timeout=30) as client:
        assert client.post("/v1/events", json=upload_request(DESK, chain.complaints(3))).is_success
        for round_no in range(3):
            assert terminate_backends(pg_hq.database) >= 1  # the server held at least one
            # each kind of request, straight after: no 500, no restart
            assert client.get("/v1/desk").json()["highest_seq"] == 3 * (round_no + 1)
            events = chain.complaints(3)
            reply = client.post("/v1/events", json=upload_request(DESK, events))
            assert reply.status_code == 200, reply.text
            assert [r["outcome"] for r in reply.json()["results"]] == ["stored"] * 3
            pulled = client.get("/v1/desks/me/events", params={"after": 0})
            assert pulled.status_code == 200 and len(pulled.json()["events"]) == 3 * (round_no + 2)
            pull = client.get("/v1/events", params={"after": 0})
            assert pull.status_code == 200
            parse_pull_reply(pull.json(), 0)
            health = httpx.get(pg_hq.url + "/v1/health", timeout=10)
            assert (health.status_code, health.json()["database"]) == (200, "ok")
        refused = httpx.post(
            pg_hq.url + "/v1/ops/policy", headers=pg_hq.auth(operator), json={}, timeout=30
        )
        assert refused.status_code == 400  # the store was reached and judged the (empty) policy
    assert "Traceback" not in pg_hq.log_text()
    assert pg_hq.status()[DESK]["stored"] == 12


@pytest.mark.slow
def test_while_the_database_refuses_connections_health_is_503_and_then_recovers(
    pg_hq: LiveHQ,
) -> None:
    token = pg_hq.add_desk(DESK)
    try:
        allow_connections(pg_hq.database, False)
        terminate_backends(pg_hq.database)
        health = httpx.get(pg_hq.url + "/v1/health", timeout=30)
        assert health.status_code == 503
        assert (health.json()["status"], health.json()["database"]) == ("unavailable",) * 2
        desk = httpx.get(pg_hq.url + "/v1/desk", headers=pg_hq.auth(token), timeout=30)
        assert (desk.status_code, desk.json()["error"]) == (503, "db.unavailable")
    finally:
        allow_connections(pg_hq.database, True)
    assert wait_for_health(pg_hq) == {"status": "ok", "database": "ok"}
    desk = httpx.get(pg_hq.url + "/v1/desk", headers=pg_hq.auth(token), timeout=30)
    assert desk.status_code == 200 and desk.json()["desk"] == DESK
    assert "Traceback" not in pg_hq.log_text()


def test_a_store_keeps_working_after_its_connections_are_killed(pg_url: str) -> None:
    """In process too (the CLI and tests use the store directly): the pool replaces the
    connection the server ended before handing it out again."""
    store = HQStore.open(pg_url, pool_size=2)
    try:
        store.add_hall("HA01", "人民路营业厅")
        terminate_backends(pg_url)
        store.add_desk(DESK)
        assert [s.desk for s in store.status()] == ["HA01-00", DESK]
        assert store.database_answers()
    finally:
        store.close()
