"""Documents handed to customers: the receipt's data, its PDF, and the record of each print (补打)."""

from __future__ import annotations

import uuid

from hall_desk.documents.data import Paper, ReceiptData
from hall_desk.domain.clock import format_local
from hall_desk.domain.identity import mask_phone
from hall_desk.services.complaints import get_complaint
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.setup import require_desk
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import DocumentPrint, Setting

RECEIPT = "complaint.receipt"
PAPER_SETTING = "receipt.paper"


def receipt_paper() -> Paper:
    row = Setting.get_or_none(Setting.key == PAPER_SETTING)
    try:
        return Paper(row.value) if row else Paper.A4
    except ValueError:
        return Paper.A4


def set_receipt_paper(paper: Paper) -> None:
    with unit_of_work():
        Setting.insert(key=PAPER_SETTING, value=paper.value).on_conflict_replace().execute()


def was_printed(kind: str, entity_id: str) -> bool:
    query = DocumentPrint.select().where(
        (DocumentPrint.kind == kind) & (DocumentPrint.entity_id == entity_id)
    )
    return query.exists()


def receipt_pdf(
    ctx: DeskContext, session: StaffSession, complaint_id: str, paper: Paper | None = None
) -> bytes:
    """The 投诉受理回执 for a complaint; marked 补打 when one was printed before."""
    row = get_complaint(session, complaint_id)
    desk = require_desk()
    data = ReceiptData(
        hall_name=desk.name,
        hall_service_phone=desk.service_phone,
        complaint_number=row.number,
        masked_phone=mask_phone(row.phone),
        main_class=row.main_class,
        sub_class=row.sub_class,
        summary=row.description,
        customer_request=row.customer_request,
        accepted_at=format_local(row.accepted_at),
        reply_due=format_local(row.reply_due),
        regulator_due=format_local(row.regulator_due),
        first_responder_name=row.first_responder_name,
        first_responder_no=row.first_responder_no,
        reprint=was_printed(RECEIPT, row.id),
        printed_at=format_local(ctx.clock.now()),
    )
    # ReportLab costs a third of a second to import: pay it at the first print, not at start-up.
    from hall_desk.documents.receipt import render_receipt

    return render_receipt(data, paper or receipt_paper())


def record_print(ctx: DeskContext, session: StaffSession, kind: str, entity_id: str) -> bool:
    """Record that a document went to the printer. Returns whether it was a reprint (补打)."""
    desk = require_desk()
    now = ctx.clock.now()
    with unit_of_work():
        reprint = was_printed(kind, entity_id)
        row = DocumentPrint.create(
            id=str(uuid.uuid4()), kind=kind, entity_id=entity_id, printed_at=now,
            actor=session.staff_no, reprint=reprint,
        )
        append_event(
            hall=desk.code, desk=desk.desk_code, type="document.printed", actor=session.staff_no,
            at=now, state={"id": row.id, "kind": kind, "entity_id": entity_id, "reprint": reprint},
        )
    return reprint
