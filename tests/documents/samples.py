"""Documents' data as the services would pass it: shared by the document and print tests."""

from hall_desk.documents.data import ReceiptData, RefundSlipData, SlipSignatory

NUMBER = "HA01-02-261122-0007"

SAMPLE_RECEIPT = ReceiptData(
    hall_name="人民路营业厅",
    hall_service_phone="0371-65551234",
    complaint_number=NUMBER,
    masked_phone="138****8000",
    main_class="电信资费",
    sub_class="资费争议/乱收费",
    summary="客户反映本月账单多扣 30 元“视频会员包”费用，从未订购，也未收到订购确认短信。",
    customer_request="退还 30 元并取消该业务。",
    accepted_at="2026-11-22 14:05",
    reply_due="2026-11-24 14:05",
    regulator_due="2026-12-07 14:05",
    first_responder_name="张三",
    first_responder_no="3001",
    printed_at="2026-11-22 14:06",
)

SLIP_NUMBER = "HA01-02-261122-T0003"
CUSTOMER_NAME = "王小明"
PROPOSER = SlipSignatory(name="张三", staff_no="3001", at="2026-11-22 14:10")
MANAGER = SlipSignatory(name="李丽", staff_no="1001", at="2026-11-22 14:25")

SAMPLE_REFUND_SLIP = RefundSlipData(
    slip_number=SLIP_NUMBER,
    hall_name="人民路营业厅",
    hall_service_phone="0371-65551234",
    complaint_number=NUMBER,
    customer_name=CUSTOMER_NAME,
    masked_phone="138****8000",
    amount_figures="¥150.00",
    amount_capitals="壹佰伍拾元整",
    account_type="后付费（全球通）",
    method="话费账户返还（总部电子工单）",
    checked="核对 2026 年 10 月详单：视频会员包 5 个月共扣费 150 元，系统无订购记录，无确认短信。",
    reason="未经客户确认订购，属我方责任，全额退还。",
    proposed_by=PROPOSER,
    approved_by=MANAGER,
    disputed_item="视频会员包 2026年6月—10月",
    printed_at="2026-11-22 14:30",
)


def signature_png(width: int = 600, height: int = 200) -> bytes:
    """A customer's signature as the signature pad hands it out: dark ink on a transparent PNG."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    count = max(2, width // 20)
    points = [
        (width * (0.1 + 0.8 * i / (count - 1)), height * (0.2 if i % 2 else 0.8))
        for i in range(count)
    ]
    draw.line(points, fill=(12, 12, 20, 255), width=max(2, min(width, height) // 25), joint="curve")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
