"""The refund slip's data from a real refund (services.documents.refund_slip_pdf): masked phone,
capitals, both names, the delegation, 补打 after a recorded print, the provisional slip while head
office decides, head office's operator once it has — and no slip before approval."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from hall_desk.documents.data import Paper, SlipSignatory
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.refunds import PNG_MAGIC, RefundRefused
from hall_desk.services import complaints, documents, refunds
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.refunds import RefundDraft
from hall_desk.storage.models import DocumentPrint, Event
from hall_desk.sync import downlink
from tests.conftest import PASSWORDS
from tests.documents.pdftools import pdf_text, squeeze
from tests.documents.samples import signature_png
from tests.sync.downlink_events import head_office
from tests.sync.fixtures import DESK, HALL

SIGNATURE = signature_png()
assert SIGNATURE.startswith(PNG_MAGIC)


def record(ctx: DeskContext, who: StaffSession, phone: str = "13812345678") -> str:
    return complaints.record_complaint(
        ctx,
        who,
        ComplaintDraft(
            phone=phone,
            customer_name="陈先生",
            main_class="电信资费",
            sub_class="资费争议/乱收费",
            description="彩铃功能费误收",
            customer_request="退费",
        ),
    ).id


def propose(
    ctx: DeskContext, who: StaffSession, complaint_id: str, amount: str, **changes: str
) -> str:
    draft = RefundDraft(
        item="2026年11月 彩铃功能费",
        checked="查详单：客户未订购，系统误开通",
        amount=amount,
        account_type="预付费",
        method="话费账户返还",
        reason="误收费",
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return refunds.propose_refund(ctx, who, complaint_id, draft).id


def approve(ctx: DeskContext, who: StaffSession, refund_id: str, approver: str):
    return refunds.approve_refund(
        ctx, who, refund_id, approver_no=approver, approver_password=PASSWORDS[approver]
    )


def test_slip_of_an_approved_refund(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, record(ctx, clerk), "150")
    approve(ctx, clerk, refund_id, "1001")
    refunds.sign_refund(ctx, clerk, refund_id, SIGNATURE)
    data = documents.refund_slip_data(ctx, clerk, refund_id)
    assert data.masked_phone == "138****5678"
    assert (data.amount_figures, data.amount_capitals) == ("¥150.00", "壹佰伍拾元整")
    assert data.proposed_by.name == "张三" and data.proposed_by.staff_no == "3001"
    assert data.approved_by is not None
    assert (data.approved_by.name, data.approved_by.staff_no) == ("王店长", "1001")
    assert data.method == "话费账户返还（总部电子工单）" and data.disputed_item.startswith(
        "2026年11月"
    )
    assert data.signature_png == SIGNATURE
    assert not (data.provisional or data.head_office or data.reprint)
    assert data.hall_name == "人民路营业厅" and data.hall_service_phone == "10086"

    text = squeeze(pdf_text(documents.refund_slip_pdf(ctx, clerk, refund_id)))
    assert "壹佰伍拾元整" in text and "张三" in text and "王店长" in text
    assert "138****5678" in text and "13812345678" not in text
    assert "补打" not in text


def test_a_second_print_is_marked_reprint(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, record(ctx, clerk), "80.5")
    approve(ctx, clerk, refund_id, "3001")
    assert documents.record_print(ctx, clerk, documents.REFUND_SLIP, refund_id) is False
    data = documents.refund_slip_data(ctx, clerk, refund_id)
    assert data.reprint and data.amount_capitals == "捌拾元伍角整"
    assert "补打" in squeeze(
        pdf_text(documents.refund_slip_pdf(ctx, clerk, refund_id, Paper.ROLL_80MM))
    )
    assert documents.record_print(ctx, clerk, documents.REFUND_SLIP, refund_id) is True
    prints = DocumentPrint.select().where(DocumentPrint.entity_id == refund_id)
    assert [p.kind for p in prints] == [documents.REFUND_SLIP] * 2
    # The receipt of the same complaint is counted apart.
    assert not documents.was_printed(documents.RECEIPT, refund_id)


def test_a_delegated_approval_is_on_the_slip(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    now = ctx.clock.now()
    refunds.delegate_limit(
        ctx,
        hall["manager"],
        to_staff_no="2001",
        starts_at=now,
        ends_at=now + timedelta(days=2),
        note="店长休假",
    )
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, record(ctx, clerk), "250")
    approve(ctx, clerk, refund_id, "2001")
    data = documents.refund_slip_data(ctx, clerk, refund_id)
    assert data.approved_by == SlipSignatory("李班长", "2001", data.approved_by.at)
    assert data.delegated_by == "王店长" and data.delegation_until


def test_no_slip_before_approval_or_after_a_refusal(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, record(ctx, clerk), "50")
    with pytest.raises(RefundRefused) as caught:
        documents.refund_slip_pdf(ctx, clerk, refund_id)
    assert caught.value.code == documents.SLIP_NOT_PRINTABLE
    assert caught.value.params == {"state": "待审批"}
    refunds.refuse_refund(
        ctx,
        clerk,
        refund_id,
        approver_no="1001",
        approver_password=PASSWORDS["1001"],
        reason="核实后不属误收",
    )
    with pytest.raises(RefundRefused):
        documents.refund_slip_data(ctx, clerk, refund_id)


def test_provisional_slip_then_head_office_approval(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, record(ctx, clerk), "350")
    assert approve(ctx, clerk, refund_id, "1001").state == "待总部审批"
    data = documents.refund_slip_data(ctx, clerk, refund_id)
    assert data.provisional and data.approved_by is None
    text = squeeze(pdf_text(documents.refund_slip_pdf(ctx, clerk, refund_id)))
    assert "待总部审批" in text and "非正式凭证" in text and "叁佰伍拾元整" in text

    decided = head_office().next(
        "refund.decided",
        {
            "id": refund_id,
            "approved": True,
            "reason": "核实无误，同意退费",
            "decided_at": "2026-11-22T03:00:00.000000Z",
            "operator": "ops-zhou",
        },
        actor="op:ops-zhou",
    )
    result = downlink.apply_page(
        [decided], hall=HALL, desk=DESK, after=0, cursor=1, at=ctx.clock.now()
    )
    assert result.applied == 1
    assert refunds.get_refund(clerk, refund_id).state == "总部已批准"
    data = documents.refund_slip_data(ctx, clerk, refund_id)
    assert data.head_office and not data.provisional
    assert data.approved_by is not None and data.approved_by.name == "ops-zhou"
    text = squeeze(pdf_text(documents.refund_slip_pdf(ctx, clerk, refund_id)))
    assert "非正式凭证" not in text and "ops-zhou" in text and "总部审批" in text
    assert Decimal("350") == refunds.get_refund(clerk, refund_id).amount
    assert Event.select().where(Event.type == "refund.sent_to_head_office").count() == 1
