"""Which files recovery fetches back from head office (a restored desk, a new PC): every file of
this desk's transfers the store lacks, evidence included (read from sealed events), never those a
retention purge removed."""

from __future__ import annotations

from hall_desk.domain.retention import Part
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import database, unit_of_work
from hall_desk.storage.models import StoredFile, TransferFile
from hall_desk.storage.retention import purge_transfer
from hall_desk.sync.recover import wanted_own_files
from tests.sync.desk_history import transfer

DESK = "HA01-02"


def test_the_evidence_named_in_sealed_transfer_events_is_wanted_back(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    transfer_id = transfer(ctx, hall["clerk"])
    evidence = TransferFile.get(
        (TransferFile.transfer_id == transfer_id) & (TransferFile.role == "evidence")
    )
    assert wanted_own_files(DESK) == []  # everything held
    database.execute_sql("PRAGMA foreign_keys = OFF")  # as a store restored from before it
    TransferFile.delete().where(TransferFile.sha256 == evidence.sha256).execute()
    StoredFile.delete().where(StoredFile.sha256 == evidence.sha256).execute()
    assert evidence.sha256 in wanted_own_files(DESK)


def test_files_a_retention_purge_removed_are_not_fetched_back(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    transfer_id = transfer(ctx, hall["clerk"])
    with unit_of_work():
        purge_transfer(transfer_id, [Part.FILES], [], event_id="purge-1", at=ctx.clock.now())
    assert not TransferFile.select().where(TransferFile.transfer_id == transfer_id).exists()
    assert wanted_own_files(DESK) == []  # head office still holds them: not undone
