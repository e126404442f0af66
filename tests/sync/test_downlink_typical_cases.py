"""典型案例库 across the hall's desks: another desk's cases arrive with the pull; their text only
from the desk that wrote them, the marking (the quarter's best) from any desk, neither undoing the
other; export audit records are kept, not applied."""

from __future__ import annotations

import json
from typing import Any

from hall_desk.domain.clock import utc_iso
from hall_desk.services import sync
from hall_desk.services import typical_cases as cases
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Event, TypicalCase
from hall_desk.sync import downlink
from tests.hq.envelopes import T0, DeskChain
from tests.services.closed import closed, write
from tests.sync.downlink_events import (
    OTHER_DESK,
    complaint,
    head_office,
    other_desk,
    typical_case,
)
from tests.sync.fixtures import DESK, HALL


def apply(events: list[Any], ctx: DeskContext, cursor: int = 1) -> downlink.PageResult:
    return downlink.apply_page(
        events, hall=HALL, desk=DESK, after=cursor - 1, cursor=cursor, at=ctx.clock.now()
    )


def test_the_payload_is_the_services_full_state(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    view = write(ctx, hall["clerk"], closed(ctx, hall["clerk"]))
    written = json.loads(Event.select().order_by(Event.seq.desc()).first().payload)
    # typical_case.written creates the case: its payload (v2, issue 21) carries no ``changes``
    assert set(written) == set(typical_case(DESK, complaint(DESK, 1))) - {"changes"}
    assert written["id"] == view.id


def test_another_desks_case_is_found_here_and_its_marking_follows(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    chain = other_desk()
    pulled = complaint(OTHER_DESK, 1, state="已归档")
    case = typical_case(OTHER_DESK, pulled)
    result = apply(
        [chain.next("complaint.closed", pulled), chain.next("typical_case.written", case)], ctx
    )
    assert result.applied == 2 and result.dead == 0
    (found,) = cases.search_cases(hall["clerk"], "话费")
    assert (found.id, found.desk_code, found.author_name) == (case["id"], OTHER_DESK, "钱九")
    # a store manager marks it at a third desk
    third = DeskChain("HA01-03")
    marked = typical_case(
        OTHER_DESK,
        pulled,
        best_quarter="2026Q4",
        best_marked_by_no="1001",
        best_marked_by_name="王店长",
        best_marked_at=utc_iso(T0),
    )
    assert apply([third.next("typical_case.marked_best", marked)], ctx, cursor=2).applied == 1
    assert cases.get_case(hall["clerk"], case["id"]).best_quarter == "2026Q4"
    assert cases.best_count("2026Q4") == 1
    # its author's later text change (written before it heard of the marking) keeps the marking
    edited = typical_case(OTHER_DESK, pulled, title="多扣话费：核实与退费")
    assert apply([chain.next("typical_case.updated", edited)], ctx, cursor=3).applied == 1
    row = TypicalCase.get_by_id(case["id"])
    assert (row.title, row.best_quarter, row.best_marked_by_name) == (
        "多扣话费：核实与退费",
        "2026Q4",
        "王店长",
    )
    # a marking event never changes the text
    unmarked = typical_case(
        OTHER_DESK,
        pulled,
        title="旧标题",
        best_marked_by_no="1001",
        best_marked_by_name="王店长",
        best_marked_at=utc_iso(T0),
    )
    assert apply([third.next("typical_case.unmarked", unmarked)], ctx, cursor=4).applied == 1
    row = TypicalCase.get_by_id(case["id"])
    assert (row.title, row.best_quarter) == ("多扣话费：核实与退费", None)


def test_a_cases_text_comes_only_from_the_desk_that_wrote_it(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    view = write(ctx, hall["clerk"], closed(ctx, hall["clerk"]))
    row = TypicalCase.get_by_id(view.id)
    takeover = typical_case(
        DESK, {"id": row.complaint_id, "number": row.complaint_number}, id=view.id, title="被改写"
    )
    result = apply([other_desk().next("typical_case.updated", takeover)], ctx)
    assert result.quarantined == 1
    assert sync.dead_letters()[0].reason == "payload.invalid"
    assert TypicalCase.get_by_id(view.id).title == view.title


def test_a_bad_quarter_is_quarantined(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    chain = other_desk()
    pulled = complaint(OTHER_DESK, 1, state="已归档")
    bad = typical_case(OTHER_DESK, pulled, best_quarter="2026Q9")
    result = apply([chain.next("typical_case.marked_best", bad)], ctx)
    assert result.quarantined == 1 and TypicalCase.select().count() == 0


def test_export_audit_records_are_kept_not_applied(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    record = {
        "id": "5c0ffee0-0000-4000-8000-00000000e001",
        "list": "complaint_list",
        "filter": {},
        "rows": 3,
        "file_name": "a.xlsx",
        "format": "xlsx",
        "full_columns": ["phone"],
        "staff_no": "1001",
        "staff_name": "王店长",
        "changes": {},
    }
    result = apply([other_desk().next("export.full_values", record)], ctx)
    assert (result.kept, result.dead) == (1, 0)


def test_other_desks_backup_and_full_identity_view_records_are_kept_not_dead_letters(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """Audit records of another desk (its backup folder chosen, a hall copy with full identity
    numbers opened) travel to every desk of the hall and are kept in the log, never dead letters."""
    desk = other_desk()
    folder = {
        "id": "5c0ffee0-0000-4000-8000-00000000b001",
        "folder": "/media/usb",
        "generations": 7,
        "changes": {},
    }
    viewed = {
        "id": "5c0ffee0-0000-4000-8000-00000000d001",
        "kind": "agreement.hall",
        "entity_id": "t-1",
        "number": "HA01-03-G261122-0001",
        "full_identity": True,
        "changes": {},
    }
    result = apply(
        [desk.next("backup.folder_set", folder), desk.next("document.viewed", viewed)], ctx
    )
    assert (result.kept, result.dead) == (2, 0)


def test_head_offices_records_of_a_full_number_seen_or_a_file_opened_are_kept(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """Issue 17 (hdr17): head office's own ``identity.viewed`` / ``document.viewed`` on
    ``<HALL>-00`` (the console's 显示完整号码, a search by a full number, a file opened) reach the
    hall's desks and are kept in the log, never dead letters."""
    hq = head_office()
    common = {"operator": "wang.wu", "reason": "电话回访客户", "viewed_at": utc_iso(T0)}
    identity = {"id": "5c0ffee0-0000-4000-8000-00000000c001", **common,
                "viewed": "complaint HA01-02-261122-0001: customer's phone 139****5678"}  # fmt: skip
    document = {"id": "5c0ffee0-0000-4000-8000-00000000c002", **common,
                "viewed": "file " + "a" * 64 + " from desk HA01-02 (application/pdf, 47 bytes)"}  # fmt: skip
    result = apply(
        [
            hq.next("identity.viewed", identity, actor="op:wang.wu"),
            hq.next("document.viewed", document, actor="op:wang.wu"),
        ],
        ctx,
    )
    assert (result.kept, result.dead) == (2, 0)
