"""全省指标's background refresher (issue 17 item 6), at a real head office on SQLite and
PostgreSQL: ``serve --figures-every 1`` brings the daily figures up to date after an upload with
nobody reading them (the test reads the tables themselves, never through the store's reads,
which refresh); ``--figures-every 0`` leaves them to the first read; the refresher stops with the
server, and a busy turn is skipped rather than queued."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from hall_desk.hq.figures_refresher import FiguresRefresher
from hall_desk.hq.store import HQStore
from hall_desk.sync.protocol import upload_request
from tests.hq.envelopes import DeskChain, seed_staff
from tests.hq.live import LiveHQ


def figure_tables(store: HQStore) -> tuple[int, int]:
    """(complaints waiting for a refresh, complaints counted in figure_day), read directly."""
    with store._lock:
        dirty = store._db.execute(
            "SELECT count(*) FROM figure_dirty WHERE kind = 'complaint'"
        ).fetchone()[0]
        counted = store._db.execute("SELECT coalesce(sum(accepted), 0) FROM figure_day").fetchone()
    return int(dirty), int(counted[0])


def upload_complaints(hq: LiveHQ, count: int) -> None:
    hq.add_hall("HA01", "人民路营业厅")
    store = hq.store()
    try:
        seed_staff(store)
    finally:
        store.close()
    token = hq.add_desk("HA01-02")
    events = DeskChain("HA01-02").complaints(count)
    response = httpx.post(
        hq.url + "/v1/events",
        json=upload_request("HA01-02", events),
        headers=hq.auth(token),
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert {r["outcome"] for r in response.json()["results"]} == {"stored"}


def test_a_live_server_refreshes_the_figures_without_a_read(
    tmp_path: Path, database_url: str
) -> None:
    hq = LiveHQ(tmp_path / "hq", database=database_url, args=["--figures-every", "1"]).start()
    try:
        upload_complaints(hq, 3)
        store = hq.store()
        try:
            deadline = time.monotonic() + 30
            while figure_tables(store) != (0, 3) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert figure_tables(store) == (0, 3)
        finally:
            store.close()
    finally:
        hq.stop()
    log = hq.log_text()
    assert "figures refresher: 3 rows brought up to date" in log
    # stopped with the server (its lifespan's shutdown), after uvicorn's own shutdown began
    assert "figures refresher stopped" in log
    assert log.index("Shutting down") < log.index("figures refresher stopped")


def test_without_the_refresher_the_figures_wait_for_their_first_read(
    tmp_path: Path, database_url: str
) -> None:
    hq = LiveHQ(tmp_path / "hq", database=database_url, args=["--figures-every", "0"]).start()
    try:
        upload_complaints(hq, 2)
        store = hq.store()
        try:
            time.sleep(1.5)
            assert figure_tables(store) == (2, 0)
            assert store.province_figures("2026-01-01", "2026-12-31").total.accepted == 2
            assert figure_tables(store) == (0, 2)
        finally:
            store.close()
    finally:
        hq.stop()
    assert "figures refresher" not in hq.log_text()


def test_a_busy_turn_is_skipped_and_the_refresher_stops(database_url: str) -> None:
    store, other = HQStore.open(database_url), HQStore.open(database_url)
    try:
        assert store.refresh_figures_unless_busy() == 0
        if store.dialect == "postgresql":  # another worker's refresh holds the lock: skipped
            with other._figures_transaction():
                assert store.refresh_figures_unless_busy() is None
        refresher = FiguresRefresher(store, 0.05).start()
        deadline = time.monotonic() + 30
        while refresher.refreshes < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        refresher.stop()
        assert refresher.refreshes >= 2
        done = refresher.refreshes
        time.sleep(0.2)
        assert refresher.refreshes == done  # stopped: no more turns
        with pytest.raises(ValueError):
            FiguresRefresher(store, 0)
    finally:
        other.close()
        store.close()


def test_two_workers_refresh_the_figures_one_at_a_time(tmp_path: Path) -> None:
    """``serve --workers 2 --figures-every 1`` (PostgreSQL): each worker runs a refresher, the
    figures' lock lets one refresh at a time, and both stop with the server."""
    from tests.hq.databases import fresh_postgres
    from tests.hq.test_workers import wait_for_workers

    with fresh_postgres() as url:
        hq = LiveHQ(tmp_path / "hq", database=url, args=["--workers", "2", "--figures-every", "1"])
        hq.start()
        try:
            wait_for_workers(hq, 2)
            upload_complaints(hq, 4)
            store = hq.store()
            try:
                deadline = time.monotonic() + 60
                while figure_tables(store) != (0, 4) and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert figure_tables(store) == (0, 4)
            finally:
                store.close()
        finally:
            hq.stop()
    log = hq.log_text()
    assert log.count("figures refresher: every 1 s") == 2  # one a worker
    assert log.count("figures refresher: 4 rows brought up to date") == 1  # moved once
    assert log.count("figures refresher stopped") == 2
