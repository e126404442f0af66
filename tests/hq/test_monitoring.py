"""What to watch (issue 18 item 6), on both stores: ``hall-desk-hq status --json`` gives per hall
the events received and quarantined in the last hour, the queue depths, the oldest unexecuted
refund and the silent desks; ``/v1/health`` gives the worker's pool figures (PostgreSQL) and its
escrow mode."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.hq.cli import main
from hall_desk.hq.store import HQStore
from tests.hq.envelopes import T0, DeskChain, seed_staff
from tests.hq.live import LiveHQ


def test_status_json_gives_each_halls_figures(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FixedClock(T0 + timedelta(hours=1))
    store = HQStore.open(database_url, clock=clock)
    try:
        store.add_hall("HA01", "人民路营业厅")
        store.add_hall("HB02", "解放路营业厅")
        seed_staff(store)
        desk = store.desk_for_token(store.add_desk("HA01-02"))
        store.add_desk("HA01-03")  # sends nothing
        store.add_desk("HB02-02")
        assert desk is not None
        clock.advance(hours=30)  # every desk registered more than 24 h ago
        chain = DeskChain("HA01-02")
        events = chain.complaints(3)
        events.append(chain.next("no.such.type", {"x": 1}))  # kept, quarantined
        results = store.upload(desk, events).results
        assert [r.outcome.value for r in results] == ["stored"] * 3 + ["quarantined"]
    finally:
        store.close()
    assert main(["status", "--json", "--database", database_url]) == 0
    figures = json.loads(capsys.readouterr().out)
    halls = {h["hall"]: h for h in figures["halls"]}
    assert set(halls) == {"HA01", "HB02"}
    # the figures were taken by the system clock, a long time after T0: nothing in the last hour,
    # and every desk silent
    assert halls["HA01"]["received_last_hour"] == 0
    assert halls["HA01"]["silent_desks"] == ["HA01-02", "HA01-03"]
    assert halls["HB02"]["silent_desks"] == ["HB02-02"]
    assert (halls["HA01"]["desks"], halls["HB02"]["desks"]) == (2, 1)
    assert halls["HA01"]["awaiting_execution"] == 0
    assert halls["HA01"]["oldest_unexecuted_since"] is None
    # by the store's own clock, just after the upload: 4 received, 1 quarantined in the last hour;
    # the desk that sent is not silent, the other is
    store = HQStore.open(database_url, clock=clock)
    try:
        now = {h.hall: h for h in store.hall_figures()}
        replicas = store.replica_lag()
    finally:
        store.close()
    assert (now["HA01"].received_last_hour, now["HA01"].quarantined_last_hour) == (4, 1)
    assert now["HA01"].silent_desks == ["HA01-03"]
    assert now["HB02"].received_last_hour == 0
    assert replicas == ([] if database_url.startswith("postgresql") else None)


def test_health_gives_the_pool_figures_and_the_escrow_mode(
    tmp_path: Path, database_url: str
) -> None:
    hq = LiveHQ(tmp_path / "hq", database=database_url).start()
    try:
        health = httpx.get(hq.url + "/v1/health", timeout=30).json()
    finally:
        hq.stop()
    assert health["escrow"] == "private"
    if database_url.startswith("postgresql"):
        pool = health["pool"]
        assert set(pool) == {"size", "available", "waiting", "waited", "wait_ms", "timeouts"}
        assert pool["size"] >= 1 and pool["timeouts"] == 0
    else:
        assert health["pool"] is None
