"""Against a live head office: a record is purgeable only once head office has answered for its events
and received its files; the ``retention.purged`` event reaches head office and is applied (not
quarantined), and head office keeps its own copy of what the desk purged."""

from __future__ import annotations

import json

from hall_desk.domain.clock import FixedClock
from hall_desk.services import sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.retention import due_records, purge_records
from hall_desk.storage.models import Transfer
from tests.hq.live import LiveHQ
from tests.services.test_retention_service import FIRST_DUE_2Y, completed_transfer
from tests.services.test_transfers_service import OWNER
from tests.sync.fixtures import DESK


def test_the_purge_waits_for_head_office_then_reaches_it_and_head_office_keeps_its_copy(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, registered: str,
    hq: LiveHQ,
) -> None:
    manager = hall["manager"]
    transfer_id = completed_transfer(ctx, hall["clerk"])
    clock.set(FIRST_DUE_2Y)
    [waiting] = due_records(ctx, manager)
    assert not waiting.confirmed  # nothing sent yet
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    [item] = due_records(ctx, manager)
    assert item.confirmed and item.held.events_total == item.held.events_acknowledged > 0

    result = purge_records(ctx, manager, [item.key])
    assert OWNER["id_number"] not in Transfer.get_by_id(transfer_id).parties
    report = sync.sync_now(ctx)
    assert report.ok, report.error

    store = hq.store()
    try:
        db = store._db
        purge = db.execute("SELECT desk, type, payload FROM event WHERE id = ?",
                           (result.event_id,)).fetchone()
        kept = db.execute(
            "SELECT full_state FROM entity_state WHERE kind = 'transfer' AND entity_id = ?",
            (transfer_id,),
        ).fetchone()
        transfer_events = [row[0] for row in db.execute(
            "SELECT payload FROM event WHERE desk = ? AND type LIKE 'transfer.%'", (DESK,))]
        quarantined = store.quarantined(DESK)
    finally:
        store.close()
    assert purge is not None and (purge[0], purge[1]) == (DESK, "retention.purged")
    assert OWNER["id_number"] not in purge[2]
    assert quarantined == []
    # Head office is the authoritative holder: its copy is not purged.
    assert json.loads(kept[0])["parties"]["registered_owner"]["id_number"] == OWNER["id_number"]
    assert transfer_events and all(OWNER["id_number"] in p for p in transfer_events)
    assert due_records(ctx, manager) == []
