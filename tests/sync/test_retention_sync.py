"""Against a live head office: a record is purgeable only once head office has answered for its events
and received its files; the ``retention.purged`` event reaches head office and is applied (not
quarantined), and head office keeps its own copy of what the desk purged."""

from __future__ import annotations

import json
from pathlib import Path

from hall_desk.domain.clock import FixedClock
from hall_desk.services import sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.retention import due_records, purge_records
from hall_desk.storage.events import verify_desk_chain
from hall_desk.storage.models import Event, Transfer
from tests.hq.live import LiveHQ
from tests.services.test_retention_service import FIRST_DUE_2Y, completed_transfer
from tests.services.test_transfers_service import OWNER
from tests.sync.fixtures import DESK
from tests.sync.test_recover import _copy_store, _put_back


def test_the_purge_waits_for_head_office_then_reaches_it_and_head_office_keeps_its_copy(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
    registered: str,
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
        purge = db.execute(
            "SELECT desk, type, payload FROM event WHERE id = ?", (result.event_id,)
        ).fetchone()
        kept = db.execute(
            "SELECT full_state FROM entity_state WHERE kind = 'transfer' AND entity_id = ?",
            (transfer_id,),
        ).fetchone()
        transfer_events = [
            row[0]
            for row in db.execute(
                "SELECT payload FROM event WHERE desk = ? AND type LIKE 'transfer.%'", (DESK,)
            )
        ]
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


def test_a_desk_restored_from_before_a_purge_purges_again_when_it_recovers(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
    registered: str,
    hq: LiveHQ,
    store: Path,
    tmp_path: Path,
) -> None:
    manager = hall["manager"]
    transfer_id = completed_transfer(ctx, hall["clerk"])
    clock.set(FIRST_DUE_2Y)
    assert sync.sync_now(ctx).ok
    _copy_store(store, tmp_path / "old.sqlite3")  # a backup made before the purge
    [item] = due_records(ctx, manager)
    result = purge_records(ctx, manager, [item.key])
    assert sync.sync_now(ctx).ok
    _put_back(store, tmp_path / "old.sqlite3")
    assert OWNER["id_number"] in Transfer.get_by_id(transfer_id).parties

    report = sync.sync_now(ctx)  # takes back the purge event from head office, and applies it
    assert report.ok and report.recovered == 1, report.error
    assert OWNER["id_number"] not in Transfer.get_by_id(transfer_id).parties
    assert Event.select().where(Event.redacted_by == result.event_id).count() > 0
    chain = verify_desk_chain(DESK)
    assert chain.intact, chain.reason
    assert {by for _, _, by in chain.redacted} == {result.event_id}
    assert due_records(ctx, manager) == []
