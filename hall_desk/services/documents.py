"""Documents handed to customers: the receipt and the refund slip (退费单) — their data, their PDFs —
and the record of each print (补打)."""

from __future__ import annotations

import uuid

from hall_desk.documents.data import Paper, ReceiptData, RefundSlipData, SlipSignatory
from hall_desk.domain.clock import format_local
from hall_desk.domain.identity import mask_phone
from hall_desk.domain.money import format_yuan, yuan_in_capitals
from hall_desk.domain.refund_execution import ExecutionShown
from hall_desk.domain.refunds import RefundMethod, RefundRefused, RefundState
from hall_desk.services.complaints import get_complaint
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.refunds import RefundView, get_refund
from hall_desk.services.setup import require_desk
from hall_desk.services.signature_prints import print_rendition
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import DocumentPrint, Setting

RECEIPT = "complaint.receipt"
REFUND_SLIP = "refund.slip"
PAPER_SETTING = "receipt.paper"

SLIP_NOT_PRINTABLE = "refund.not_printable"  # params: state
# A slip is printed once the refund is approved, or provisionally while head office decides.
PRINTABLE = frozenset(
    {
        RefundState.APPROVED,
        RefundState.AWAITING_HEAD_OFFICE,
        RefundState.HEAD_OFFICE_APPROVED,
    }
)
METHOD_ON_SLIP = {
    RefundMethod.ACCOUNT.value: "话费账户返还（总部电子工单）",
    RefundMethod.TOP_UP_CARD.value: "充值卡返还（营业厅当场返还，无需总部执行）",
}


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


@signed_in
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


def _approval(refund: RefundView) -> dict[str, object]:
    """Who approved the refund, as the slip prints it (see RefundSlipData)."""
    state = RefundState(refund.state)
    if state is RefundState.AWAITING_HEAD_OFFICE:
        return {"provisional": True, "approved_by": None}
    if state is RefundState.HEAD_OFFICE_APPROVED:
        when = refund.hq_decided_at or refund.decided_at
        return {
            "head_office": True,
            "approved_by": SlipSignatory(
                refund.decided_by_name or refund.hq_operator, at=format_local(when) if when else ""
            ),
        }
    return {
        "approved_by": SlipSignatory(
            refund.decided_by_name,
            refund.decided_by_no,
            format_local(refund.decided_at) if refund.decided_at else "",
        ),
        "delegated_by": refund.delegated_by_name,
        "delegation_until": (
            format_local(refund.delegation_until) if refund.delegation_until else ""
        ),
    }


@signed_in
def refund_slip_data(ctx: DeskContext, session: StaffSession, refund_id: str) -> RefundSlipData:
    """What the slip prints: masked phone, the amount in figures and capitals, who proposed and
    who approved (and any delegation); 补打 when printed before; provisional (待总部审批) while head
    office decides. Refused (``refund.not_printable``) before approval and after a refusal."""
    refund = get_refund(session, refund_id)
    if RefundState(refund.state) not in PRINTABLE:
        raise RefundRefused(SLIP_NOT_PRINTABLE, state=refund.state)
    desk = require_desk()
    return RefundSlipData(
        slip_number=refund.number,
        hall_name=desk.name,
        hall_service_phone=desk.service_phone,
        complaint_number=refund.complaint_number,
        customer_name=refund.customer_name,
        masked_phone=mask_phone(refund.phone),
        amount_figures=format_yuan(refund.amount),
        amount_capitals=yuan_in_capitals(refund.amount),
        account_type=refund.account_type,
        method=METHOD_ON_SLIP.get(refund.method, refund.method),
        method_reason=refund.method_reason,
        checked=refund.checked,
        reason=refund.reason,
        disputed_item=refund.item,
        proposed_by=SlipSignatory(
            refund.proposed_by_name, refund.proposed_by_no, format_local(refund.proposed_at)
        ),
        signature_png=refund.signature_png,
        signature_print=(
            print_rendition(refund.signature_png, ctx.clock.now()) if refund.signature_png else None
        ),
        reprint=was_printed(REFUND_SLIP, refund.id),
        printed_at=format_local(ctx.clock.now()),
        **_approval(refund),  # type: ignore[arg-type]
        execution=slip_execution(refund),
        credited=refund.credited,
        decision_chain=slip_chain(refund),
        closure_rows=slip_closure(refund),
    )


_ROLE_ON_SLIP = {
    "director": "投诉处理中心主任",
    "department_head": "部门负责人",
    "leadership": "公司领导",
}


def slip_execution(refund: RefundView) -> str:
    """Head office's execution as the slip prints it (issue 16)."""
    shown, execution = refund.execution_shown, refund.execution
    if shown == ExecutionShown.EXECUTED.value and execution is not None:
        when = format_local(execution.executed_at)[:10] if execution.executed_at else ""
        reference = (
            f"，计费流水 {execution.billing_reference}" if execution.billing_reference else ""
        )
        text = f"已到账 {when}（总部执行{reference}）"
        if refund.clash:
            text += "；注意：本厅曾取消此笔退费"
        return text
    if shown == ExecutionShown.FAILED.value and execution is not None:
        return f"执行失败：{execution.failure_reason}"
    if shown == ExecutionShown.AWAITING.value:
        return "待执行（总部按电子工单返还）"
    if shown == ExecutionShown.NOT_UPLOADED.value:
        # issue 16: not 待执行 — head office has not received it yet
        return "未上传总部（上传后由总部按电子工单返还）"
    return shown  # 已取消执行, 营业厅当场返还，无需总部执行, or nothing before a decision


def slip_chain(refund: RefundView) -> str:
    """Head office's decision chain (display names) from its events (issue 16)."""
    chain = refund.chain
    if chain is None:
        return ""
    parts = []
    if chain.recommended_by_name:
        verdict = "建议同意" if chain.recommend is not False else "建议不同意"
        parts.append(f"{chain.recommended_by_name} {verdict}")
    if chain.decided_by_name:
        role = _ROLE_ON_SLIP.get(chain.decided_role, "")
        parts.append(f"{chain.decided_by_name}{f'（{role}）' if role else ''} 决定")
    return " → ".join(parts)


def slip_closure(refund: RefundView) -> tuple[tuple[str, str], ...]:
    """A 销户 refund's rows, the destination masked (only head office's work order shows it)."""
    closure = refund.closure
    if closure is None:
        return ()
    return (
        ("销户号码", mask_phone(closure.closed_number)),
        (
            "销户余额",
            f"现金 {format_yuan(closure.cash_balance)}，充值卡 {format_yuan(closure.card_balance)}",
        ),
        ("余额去向", f"{closure.route.value}：{closure.masked_destination}"),
    )


@signed_in
def refund_slip_pdf(
    ctx: DeskContext, session: StaffSession, refund_id: str, paper: Paper | None = None
) -> bytes:
    """The 退费单 of a refund, on the counter's receipt paper unless ``paper`` says otherwise."""
    data = refund_slip_data(ctx, session, refund_id)
    from hall_desk.documents.refund_slip import render_refund_slip  # ReportLab: at the first print

    return render_refund_slip(data, paper or receipt_paper())


@signed_in
def record_print(ctx: DeskContext, session: StaffSession, kind: str, entity_id: str) -> bool:
    """Record that a document went to the printer. Returns whether it was a reprint (补打)."""
    desk = require_desk()
    now = ctx.clock.now()
    with unit_of_work():
        reprint = was_printed(kind, entity_id)
        row = DocumentPrint.create(
            id=str(uuid.uuid4()),
            kind=kind,
            entity_id=entity_id,
            printed_at=now,
            actor=session.staff_no,
            reprint=reprint,
        )
        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type="document.printed",
            actor=session.staff_no,
            at=now,
            state={"id": row.id, "kind": kind, "entity_id": entity_id, "reprint": reprint},
        )
    return reprint
