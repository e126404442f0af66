"""400/800 numbers at the desk (issue 20, item 3): stored as typed, corrected once in the table by
schema v13 (the events keep what they said), recognised by history, the repeat check and search,
masked 400****123; a pulled older desk's trunk-0 form is stored as typed too."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from hall_desk.services import complaints
from hall_desk.services.complaints import record_complaint
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.search import ComplaintSearch, search_complaints
from hall_desk.storage.db import close_store, database, open_store, schema_version
from hall_desk.storage.models import Complaint
from hall_desk.storage.schema import HQ_RETURNED, ISSUE20_RULES, MIGRATIONS
from tests.storage.test_store import DESK, draft
from tests.sync.downlink_events import OTHER_DESK, complaint, other_desk
from tests.sync.fixtures import HALL


def test_a_400_number_is_stored_as_typed_and_recognised(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    first = record_complaint(ctx, hall["clerk"], draft(phone="400-812-3123"))
    assert Complaint.get_by_id(first.id).phone == "4008123123"
    assert [c.id for c in complaints.customer_history("4008123123")] == [first.id]
    repeat = complaints.preview_repeat(ctx, "400 812 3123", "电信资费", "资费争议/乱收费")
    assert [e.id for e in repeat.earlier] == [first.id]


def test_numbers_stored_with_the_trunk_0_are_corrected_once_and_events_stay(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = record_complaint(ctx, hall["clerk"], draft(phone="4008123123"))
    mobile = record_complaint(ctx, hall["clerk"], draft(phone="13812345678"))
    fixed = record_complaint(ctx, hall["clerk"], draft(phone="010-12345678"))
    close_store()
    # The file as a desk before issue 20 left it: schema v12, the 400 number with a trunk 0.
    conn = sqlite3.connect(store)
    for trigger in ("complaint_never_deleted", "complaint_never_replaced"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("UPDATE complaint SET phone = '04008123123' WHERE id = ?", (saved.id,))
    conn.execute("UPDATE hall SET service_phone = '08008101234'")
    # … and without the later steps (issue 16's refund loop), which run again after it.
    conn.executescript(
        "ALTER TABLE refund DROP COLUMN closure; DROP TABLE refund_execution;"
        " DROP TABLE refund_recommendation;"
        # issue 22's daily figures (a later step): their triggers name issue 20's columns
        " DROP TRIGGER complaint_day_figure_insert; DROP TRIGGER complaint_day_figure_update;"
        " DROP TABLE complaint_day_figure; DROP TABLE complaint_owner_bigram;"
        " DROP TRIGGER complaint_owner_bigram_key; DROP TRIGGER complaint_owner_bigram_text;"
        " DROP TRIGGER complaint_owner_bigram_delete;"
    )
    for table, column in re.findall(
        r"ALTER TABLE (\w+) ADD COLUMN (\w+)", ISSUE20_RULES + HQ_RETURNED
    ):  # items 2/4/5/6's step (v16), issue 17's head-office hand-back (v17)
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("PRAGMA user_version = 12")
    conn.commit()
    events_before = conn.execute("SELECT * FROM event ORDER BY desk, seq").fetchall()
    conn.close()
    assert MIGRATIONS[12].__name__ == "_first_responder_rows_and_service_numbers"
    open_store(store)
    assert schema_version() == len(MIGRATIONS)
    phones = {c.id: c.phone for c in Complaint.select()}
    assert phones == {saved.id: "4008123123", mobile.id: "13812345678", fixed.id: "01012345678"}
    assert database.execute_sql("SELECT service_phone FROM hall").fetchone()[0] == "8008101234"
    assert database.execute_sql("SELECT * FROM event ORDER BY desk, seq").fetchall() == [
        tuple(r) for r in events_before
    ]
    found = search_complaints(ctx, hall["manager"], ComplaintSearch(text="400-812-3123"))
    assert [r.id for r in found] == [saved.id]


def test_a_pulled_complaint_in_the_older_form_is_stored_as_typed(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    from hall_desk.sync import downlink

    created = other_desk().next("complaint.created", complaint(OTHER_DESK, 1, phone="04008123123"))
    result = downlink.apply_page(
        [created], hall=HALL, desk=DESK, after=0, cursor=1, at=ctx.clock.now()
    )
    assert result.applied == 1
    assert Complaint.get_by_id(created["payload"]["id"]).phone == "4008123123"
    assert [c.id for c in complaints.customer_history("400-812-3123")] == [created["payload"]["id"]]
