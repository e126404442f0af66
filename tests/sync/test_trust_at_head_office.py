"""How a real desk takes head office's intake answers (issue 15): an event head office holds until
its entity's creation arrives is delivered and not a dead letter."""

from __future__ import annotations

import uuid

import httpx

from hall_desk.services import sync
from hall_desk.services.context import DeskContext
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.sync import outbox
from hall_desk.sync.protocol import upload_request
from tests.hq.envelopes import DeskChain
from tests.hq.live import LiveHQ
from tests.sync.fixtures import DESK, HALL


def test_an_event_waiting_at_head_office_is_delivered_not_a_dead_letter(
    ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    # The store manager marks a case another desk wrote (that desk has not uploaded it yet).
    case_id = str(uuid.uuid4())
    case = {"id": case_id, "title": "话费争议的处理", "desk": "HA01-03", "best_quarter": "2026Q4"}
    with unit_of_work():
        append_event(
            hall=HALL, desk=DESK, type="typical_case.marked_best", actor="1001",
            at=ctx.clock.now(), state=case,
        )  # fmt: skip
    report = sync.sync_now(ctx)
    assert report.error is None
    status = outbox.queue_status(DESK)
    assert (status.waiting, status.waiting_at_head_office, status.dead_letters) == (0, 1, 0)
    assert outbox.dead_letters(DESK) == []
    # The other desk's creation arrives: head office applies the waiting event.
    token = hq.add_desk("HA01-03")
    written = DeskChain("HA01-03").next(
        "typical_case.written", {**case, "best_quarter": None}, actor="1001"
    )
    reply = httpx.post(
        hq.url + "/v1/events", json=upload_request("HA01-03", [written]), headers=hq.auth(token)
    ).json()
    assert reply["results"][0]["outcome"] == "stored"
    store = hq.store()
    try:
        assert store.waiting() == [] and store.quarantined() == []
        assert store.count_applied()["typical_case"] == 1
    finally:
        store.close()
    assert sync.sync_now(ctx).error is None  # nothing re-sent, still no dead letter of ours
    assert outbox.dead_letters(DESK, outbox.UPLOAD) == []
    assert outbox.queue_status(DESK).waiting_at_head_office == 1  # the answer it had
