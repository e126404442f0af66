"""``auth.failed`` (issue 20) at a real head office, on SQLite and PostgreSQL: a desk's record of
wrong passwords typed into someone's approval box is stored and applied (a catalogue family), and
served to the hall's other desks by the downlink."""

from __future__ import annotations

import uuid

import httpx

from hall_desk.domain.clock import utc_iso
from hall_desk.sync.protocol import upload_request
from tests.hq.envelopes import T0, DeskChain, seed_staff
from tests.hq.live import LiveHQ


def test_auth_failed_is_stored_applied_and_pulled_by_the_other_desks(live_hq: LiveHQ) -> None:
    live_hq.add_hall("HA01", "人民路营业厅")
    store = live_hq.store()
    try:
        seed_staff(store)  # 3001, store manager
        seed_staff(store, "HA01", "3002", "营业员")
    finally:
        store.close()
    token, other = live_hq.add_desk("HA01-02"), live_hq.add_desk("HA01-03")
    payload = {"id": str(uuid.uuid4()), "staff_no": "3001", "desk": "HA01-02",
               "failed_at": utc_iso(T0), "count": 1, "box": "approval"}  # fmt: skip
    event = DeskChain("HA01-02").next("auth.failed", payload, actor="3002")
    response = httpx.post(
        live_hq.url + "/v1/events",
        json=upload_request("HA01-02", [event]),
        headers=live_hq.auth(token),
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert [(r["outcome"], r["reason"]) for r in response.json()["results"]] == [("stored", "")]
    store = live_hq.store()
    try:
        assert store.quarantined("HA01-02") == []
    finally:
        store.close()
    pulled = httpx.get(
        live_hq.url + "/v1/events", params={"after": 0}, headers=live_hq.auth(other), timeout=30
    )
    assert pulled.status_code == 200, pulled.text
    assert event["id"] in [e["id"] for e in pulled.json()["events"]]


def test_only_the_person_acknowledges_their_notice(database_url: str) -> None:
    """``auth_notice.shown`` (the notice told once per hall) is the person's own: written by
    someone else it is quarantined (auth_notice.not_own), so nobody hides attempts from them."""
    from hall_desk.hq.store import DeskIdentity, HQStore

    hq = HQStore.open(database_url)
    try:
        hq.add_hall("HA01", "人民路营业厅")
        hq.add_desk("HA01-02")
        seed_staff(hq)  # 3001, store manager
        seed_staff(hq, "HA01", "3002", "营业员")
        chain = DeskChain("HA01-02")
        failed = {"id": str(uuid.uuid4()), "staff_no": "3001", "desk": "HA01-02",
                  "failed_at": utc_iso(T0), "count": 1, "box": "approval"}  # fmt: skip

        def notice() -> dict[str, object]:
            return {"id": str(uuid.uuid4()), "staff_no": "3001", "desk": "HA01-02",
                    "shown_at": utc_iso(T0), "failed_ids": [failed["id"]]}  # fmt: skip

        events = [
            chain.next("auth.failed", failed, actor="3002"),
            chain.next("auth_notice.shown", notice(), actor="3002"),
            chain.next("auth_notice.shown", notice(), actor="3001"),
        ]
        results = hq.upload(DeskIdentity("HA01-02", "HA01", revoked=False), events).results
        assert [(r.outcome.value, r.reason) for r in results] == [
            ("stored", ""),
            ("quarantined", "auth_notice.not_own"),
            ("stored", ""),
        ]
    finally:
        hq.close()
