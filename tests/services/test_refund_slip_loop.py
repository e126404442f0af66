"""The refund slip and the refund loop (issue 16): a reprinted slip says whether the refund was
credited; a 充值卡返还 slip says it is handed over at the hall and needs no execution; the slip
prints head office's decision chain (who recommended, who decided, display names) from its events;
a 销户 slip prints the destination masked."""

from __future__ import annotations

from hall_desk.services import documents
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.sync import downlink
from tests.documents.pdftools import pdf_text, squeeze
from tests.services.test_refund_slip_service import approve, propose, record
from tests.sync.downlink_events import head_office
from tests.sync.fixtures import DESK, HALL


def slip_text(ctx: DeskContext, who: StaffSession, refund_id: str) -> str:
    return squeeze(pdf_text(documents.refund_slip_pdf(ctx, who, refund_id)))


def test_a_reprinted_slip_says_whether_the_refund_was_credited(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, record(ctx, clerk), "80")
    view = approve(ctx, clerk, refund_id, "3001")
    first = slip_text(ctx, clerk, refund_id)
    assert "未上传总部" in first and "补打" not in first
    assert "待执行" not in first  # issue 16: not uploaded is not yet waiting at head office
    documents.record_print(ctx, clerk, documents.REFUND_SLIP, refund_id)
    before = slip_text(ctx, clerk, refund_id)
    assert "补打" in before and "尚未到账" in before
    executed = head_office().next("refund.executed", {
        "id": refund_id, "number": view.number, "billing_reference": "BOSS-20261123-000117",
        "amount": "80.00", "executed_at": "2026-11-23T06:30:00.000000Z",
        "recorded_by": "sun.li", "recorded_by_name": "孙丽",
    }, actor="op:sun.li")  # fmt: skip
    assert (
        downlink.apply_page(
            [executed], hall=HALL, desk=DESK, after=0, cursor=1, at=ctx.clock.now()
        ).applied
        == 1
    )
    after = slip_text(ctx, clerk, refund_id)
    assert "补打" in after and "截至补打时：已到账" in after
    assert "已到账2026-11-23" in after and "BOSS-20261123-000117" in after


def test_a_top_up_card_slip_says_it_is_handed_over_at_the_hall(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, record(ctx, clerk), "30", method="充值卡返还",
                        method_reason="客户号码已停机")  # fmt: skip
    approve(ctx, clerk, refund_id, "3001")
    text = slip_text(ctx, clerk, refund_id)
    assert "营业厅当场返还，无需总部执行" in text and "待执行" not in text


def test_the_slip_prints_head_offices_decision_chain_with_display_names(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    refund_id = propose(ctx, clerk, record(ctx, clerk), "800")
    sent = approve(ctx, clerk, refund_id, "1001")
    head = head_office()
    events = [
        head.next("refund.recommended", {
            "id": refund_id, "number": sent.number, "recommended_by": "zhou.min",
            "recommended_by_name": "周敏", "recommended_at": "2026-11-22T05:00:00.000000Z",
            "note": "核实无误", "recommend": True,
        }, actor="op:zhou.min"),
        head.next("refund.decided", {
            "id": refund_id, "approved": True, "reason": "同意", "operator": "li.hua",
            "operator_name": "李华", "role": "department_head", "complaint_total": "800.00",
            "decided_at": "2026-11-22T06:00:00.000000Z", "recommended_by": "zhou.min",
            "recommended_by_name": "周敏", "recommended_at": "2026-11-22T05:00:00.000000Z",
        }, actor="op:li.hua"),
    ]  # fmt: skip
    assert (
        downlink.apply_page(
            events, hall=HALL, desk=DESK, after=0, cursor=2, at=ctx.clock.now()
        ).applied
        == 2
    )
    data = documents.refund_slip_data(ctx, clerk, refund_id)
    assert data.decision_chain == "周敏 建议同意 → 李华（部门负责人） 决定"
    text = slip_text(ctx, clerk, refund_id)
    assert "周敏建议同意→李华（部门负责人）决定" in text
    assert "li.hua" not in text and "zhou.min" not in text  # display names, not logins


def test_a_closure_slip_masks_the_destination(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    refund_id = propose(
        ctx, clerk, record(ctx, clerk), "56.30", account_type="后付费（全球通）", closure=True,  # type: ignore[arg-type]
        cash_balance="56.30", card_balance="0", closure_route="退至客户指定账户",
        destination="招商银行 6225880123456789",
    )  # fmt: skip
    approve(ctx, clerk, refund_id, "3001")
    text = slip_text(ctx, clerk, refund_id)
    assert "6225880123456789" not in text and "6789" in text and "招商" not in text
    assert "退至客户指定账户" in text and "138****5678" in text
