"""A receipt's data as the services would pass it: shared by the document and print tests."""

from hall_desk.documents.data import ReceiptData

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
