"""Another desk of the hall holds a copy of a transfer (pulled): when the ``retention.purged`` of the
transfer's desk arrives, it purges its own copy the same way — the row, the events redacted to the
very content (and hash) the purging desk recorded — and pulling it all again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.envelope import envelope_hash
from hall_desk.domain.retention import PURGED, Part
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.retention import purge_records
from hall_desk.services.setup import set_up_hall
from hall_desk.storage import sealed
from hall_desk.storage.db import close_store, open_store
from hall_desk.storage.events import events_of_desk
from hall_desk.storage.models import Event, PullDeadLetter, RetentionPurge, Transfer
from hall_desk.sync import downlink
from tests.conftest import PASSWORDS
from tests.hq.envelopes import DeskChain
from tests.services.test_retention_service import (
    FIRST_DUE_2Y,
    completed_transfer,
    file_bytes,
    head_office_holds_everything,
)
from tests.services.test_transfers_service import NEW_OWNER, OWNER
from tests.sync.fixtures import DESK, HALL

OTHER = "HA01-03"


def dead_letter_text() -> str:
    """The kept envelope of the one dead letter, opened (identity data: sealed at rest)."""
    row = PullDeadLetter.get()
    return sealed.open_value(row.envelope, sealed.DEAD_LETTER_PLACE, row.fingerprint)


def test_another_desk_purges_its_copy_when_the_purge_arrives(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, tmp_path: Path
) -> None:
    transfer_id = completed_transfer(ctx, hall["clerk"])
    before = list(events_of_desk(DESK))  # as head office holds them: never redacted there
    clock.set(FIRST_DUE_2Y)
    head_office_holds_everything(clock.now())
    result = purge_records(ctx, hall["manager"], [(transfer_id, Part.REGISTERED_OWNER)])
    purge = next(e for e in events_of_desk(DESK) if e["id"] == result.event_id)
    redacted_here = {
        row.id: json.loads(row.plain_payload)  # opened: sealed at rest under each desk's own key
        for row in Event.select().where(Event.redacted_by == result.event_id)
    }
    close_store()

    other = tmp_path / "other" / "desk.sqlite3"
    open_store(other)
    set_up_hall(
        ctx,
        hall_code=HALL,
        hall_name="人民路营业厅",
        district="城东区",
        service_phone="10086",
        desk_no=3,
        manager_no="1001",
        manager_name="王店长",
        manager_password=PASSWORDS["1001"],
    )

    def pull(events: list[dict[str, Any]], cursor: int) -> downlink.PageResult:
        return downlink.apply_page(
            events, hall=HALL, desk=OTHER, after=0, cursor=cursor, at=clock.now()
        )

    first = pull(before, len(before))
    assert first.dead == 0
    # A third desk's event about the same transfer is not applied: kept as a dead letter, whole.
    opened = next(e for e in before if e["type"] == "transfer.opened")
    stray = DeskChain("HA01-04").next("transfer.updated", opened["payload"])
    assert pull([stray], len(before)).dead == 1
    assert OWNER["id_number"] in dead_letter_text()
    assert OWNER["id_number"] in Transfer.get_by_id(transfer_id).parties
    applied = pull([purge], len(before) + 2)
    assert (applied.applied, applied.dead) == (1, 0)

    parties = json.loads(Transfer.get_by_id(transfer_id).parties)
    assert parties["registered_owner"]["address"] == PURGED
    assert parties["registered_owner"]["id_number"] == "310104********0047"
    assert parties["new_owner"] == NEW_OWNER
    copies = {row.id: row for row in Event.select().where(Event.redacted_by == result.event_id)}
    # the stray event is held too (quarantined events stay in the log): redacted as well
    assert set(copies) == set(redacted_here) | {stray["id"]}
    assert OWNER["id_number"] not in copies.pop(stray["id"]).plain_payload
    recorded = purge["payload"]["redacted"]
    for event_id, row in copies.items():
        payload = json.loads(row.plain_payload)
        assert payload == redacted_here[event_id]  # redacted exactly as the purging desk did
        envelope = {
            k: getattr(row, k)
            for k in ("id", "hall", "desk", "seq", "type", "schema", "at", "actor", "prev", "hash")
        }
        assert envelope_hash({**envelope, "payload": payload}) == recorded[event_id]
    assert RetentionPurge.get_by_id((transfer_id, "registered_owner")).event_id == result.event_id

    # Pulled again (a cursor reset, a recovery): duplicates, nothing restored, no dead letter.
    again = pull([*before, purge], len(before) + 2)
    assert (again.duplicate, again.dead) == (len(before) + 1, 0)
    assert PullDeadLetter.select().count() == 1
    # the dead letter's copy of the transfer's state was redacted by the purge too
    assert OWNER["id_number"] not in dead_letter_text()
    assert NEW_OWNER["id_number"] in dead_letter_text()
    assert sealed.is_sealed(PullDeadLetter.get().envelope)  # redacted and sealed again
    assert (
        json.loads(Transfer.get_by_id(transfer_id).parties)["registered_owner"]["address"] == PURGED
    )
    # Gone from the file and its WAL while the store is open (secure_delete, the WAL folded).
    raw = file_bytes(other)
    assert (
        OWNER["id_number"].encode() not in raw and OWNER["address"].encode() not in raw
    )  # (sealed at rest, and purged)


def test_a_purge_of_a_transfer_by_a_desk_that_does_not_own_it_is_quarantined(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    transfer_id = completed_transfer(ctx, hall["clerk"])  # this desk's (HA01-02)
    intruder = DeskChain(OTHER).next(
        "retention.purged",
        {
            "id": "p1",
            "records": [
                {
                    "type": "transfer",
                    "id": transfer_id,
                    "number": "x",
                    "desk_code": OTHER,
                    "parts": ["registered_owner"],
                    "kept_until": {},
                    "files": [],
                }
            ],
            "redacted": {},
        },
    )
    result = downlink.apply_page(
        [intruder], hall=HALL, desk=DESK, after=0, cursor=1, at=clock.now()
    )
    assert result.reasons == {"transfer.not_owner": 1}
    assert OWNER["id_number"] in Transfer.get_by_id(transfer_id).parties
    assert RetentionPurge.select().count() == 0
