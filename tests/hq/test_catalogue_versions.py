"""Head office takes every payload version of the event catalogue (issue 21), on SQLite and
PostgreSQL: the next versions a desk writes now (a creating event without ``changes``) and the
version 1 events older desks still send (with ``changes``), side by side in one hall."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from hall_desk.domain.payloads import CHANGES, LATEST, build_payload
from hall_desk.hq.store import HQStore
from hall_desk.sync.protocol import upload_request
from tests.hq.envelopes import DeskChain, complaint_state, refund_state, seed_staff
from tests.hq.live import LiveHQ

NEW, OLD = "HA01-02", "HA01-03"


@pytest.fixture
def hq(live_hq: LiveHQ) -> LiveHQ:
    live_hq.add_hall("HA01", "人民路营业厅")
    store = live_hq.store()
    try:
        seed_staff(store)  # 3001, store manager of HA01
    finally:
        store.close()
    return live_hq


def state_of(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k != CHANGES}


def written(chain: DeskChain, event_type: str, state: dict[str, Any], before: Any = None) -> Any:
    """The envelope a desk of today writes: payload and version from the catalogue."""
    schema, payload = build_payload(event_type, state_of(state), before)
    return chain.next(event_type, payload, schema=schema)


def send(hq: LiveHQ, desk: str, events: list[dict[str, Any]]) -> list[str]:
    token = hq.add_desk(desk)
    response = httpx.post(
        hq.url + "/v1/events", json=upload_request(desk, events), headers=hq.auth(token), timeout=30
    )
    assert response.status_code == 200, response.text
    return [r["outcome"] for r in response.json()["results"]]


def test_head_office_applies_the_new_versions_and_the_old_ones(hq: LiveHQ) -> None:
    new, old = DeskChain(NEW), DeskChain(OLD)
    complaint = complaint_state(NEW, 1)
    refund_id = str(uuid.uuid4())
    proposed = refund_state(complaint, refund_id, "待审批")
    approved = {**proposed, "state": "已批准", "decided_by_no": "3001"}
    events = [
        written(new, "complaint.created", complaint),
        written(new, "refund.proposed", proposed),
        written(new, "refund.approved", approved, state_of(proposed)),
    ]
    assert [(e["schema"], CHANGES in e["payload"]) for e in events] == [
        (LATEST["complaint"], False), (LATEST["refund"], False), (LATEST["refund"], True),
    ]  # fmt: skip
    assert LATEST["complaint"] == 3 and LATEST["refund"] == 2
    older = [old.next("complaint.created", complaint_state(OLD, 1))]  # schema 1, with changes
    assert older[0]["schema"] == 1 and CHANGES in older[0]["payload"]
    assert send(hq, NEW, events) == ["stored"] * 3
    assert send(hq, OLD, older) == ["stored"]
    store: HQStore = hq.store()
    try:
        assert store.quarantined() == [] and store.waiting() == []
        held = store.complaint(complaint["id"])
        assert held is not None and held["number"] == complaint["number"]
        assert CHANGES not in held
        refund = store.refund(refund_id)
        assert refund is not None and refund["state"] == "已批准"
        assert store.complaint(older[0]["payload"]["id"]) is not None
        assert store.looser_rules() == []  # nothing any version's rules missed
    finally:
        store.close()
