"""A full disk while saving (issue 9): a typed error, nothing half-saved, the next save works."""

from __future__ import annotations

import pytest

from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services import complaints
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import StorageFull, database
from hall_desk.storage.events import verify_desk_chain
from hall_desk.storage.models import Complaint, DayCounter, Event


def fill_the_disk() -> int:
    """The store may not grow by a single page (SQLite's page limit stands in for a full disk)."""
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    if database.execute_sql("PRAGMA freelist_count").fetchone()[0]:
        # a page freed by an earlier write (an FTS segment merged): a full disk still lets
        # SQLite reuse it, so the store is rewritten without free pages first
        database.execute_sql("VACUUM")
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    free = database.execute_sql("PRAGMA freelist_count").fetchone()[0]
    assert free == 0
    database.execute_sql(f"PRAGMA max_page_count = {pages}")
    return int(pages)


def draft() -> ComplaintDraft:
    return ComplaintDraft(
        phone="13812345678",
        customer_name="陈先生",
        main_class="电信资费",
        sub_class="资费争议/乱收费",
        description="话费多扣了五元。" * 200,
        customer_request="退费",
    )


def test_a_full_disk_saves_nothing_and_says_so(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    complaints.record_complaint(ctx, hall["clerk"], draft())
    before = (Complaint.select().count(), Event.select().count(), list(DayCounter.select().dicts()))
    pages = fill_the_disk()
    with pytest.raises(StorageFull) as caught:
        complaints.record_complaint(ctx, hall["clerk"], draft())
    assert caught.value.code == "storage.full"
    assert not database.in_transaction()
    # Nothing half-saved: no complaint row, no event, no number used up.
    assert (
        Complaint.select().count(),
        Event.select().count(),
        list(DayCounter.select().dicts()),
    ) == before
    assert verify_desk_chain("HA01-02").intact

    # Space again (the clerk deleted files): the same save works, numbered and chained as usual.
    database.execute_sql(f"PRAGMA max_page_count = {pages * 100}")
    saved = complaints.record_complaint(ctx, hall["clerk"], draft())
    assert saved.number.endswith("-0002")
    assert Complaint.select().count() == before[0] + 1
    assert verify_desk_chain("HA01-02").intact
