"""Documents' data as the services would pass it: shared by the document and print tests."""

from hall_desk.documents.data import (
    AgreementParty,
    AgreementSignature,
    EvidenceFile,
    ReceiptData,
    RefundSlipData,
    SlipSignatory,
    TransferAgreementData,
)

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


# --- 过户 ---------------------------------------------------------------------------------------

OWNER_ID = "410102198503123450"
NEW_OWNER_ID = "410105199001011233"
AGENT_ID = "440306197811209878"
TRANSFERRED_PHONE = "13812345678"
LONG_ADDRESS = (
    "河南省郑州市金水区人民路街道花园路与农业路交叉口东北角锦艺国际华都小区三期十七号楼二单元"
    "二十三层二三零五室"
)


def transfer_sample(
    kind: str = "过户", *, signed: bool = True, agents: bool = False
) -> TransferAgreementData:
    """A 过户 (registered owner present) or 特殊过户 (absent, with proofs and evidence) as the
    transfer service hands it to the documents."""

    def png(width: int) -> bytes | None:  # a different image per signer: each is its own XObject
        return signature_png(width) if signed else None

    special = kind == "特殊过户"
    owner = AgreementParty(
        "原机主", "居民身份证", OWNER_ID, "王建国", "河南省郑州市二七区大学路 12 号"
    )
    new_owner = AgreementParty("新机主", "居民身份证", NEW_OWNER_ID, "赵欣然", LONG_ADDRESS)
    agent = AgreementParty(
        "代办人（代新机主）", "居民身份证", AGENT_ID, "陈立", "广东省深圳市南山区科技园 8 栋"
    )
    clerk = AgreementSignature("经办营业员", "张三（工号 3001）", png(560), "2026-11-22 10:12")
    if special:
        signatures = (
            AgreementSignature("新机主签名", "赵欣然", png(600), "2026-11-22 10:10"),
            clerk,
            AgreementSignature(
                "见证人（值班经理）", "刘洋（工号 2001）", png(640), "2026-11-22 10:14"
            ),
        )
    else:
        signatures = (
            AgreementSignature("原机主签名", "王建国", png(640), "2026-11-22 10:08"),
            AgreementSignature("新机主签名", "赵欣然", png(600), "2026-11-22 10:10"),
            clerk,
        )
    return TransferAgreementData(
        document_no="HA01-02-261122-G0001",
        transfer_number="HA01-02-261122-G0001",
        kind=kind,
        hall_name="人民路营业厅",
        hall_code="HA01",
        desk_code="HA01-02",
        service_phone="0371-65551234",
        phone=TRANSFERRED_PHONE,
        account_type="后付费（全球通）",
        opened_on="2025-03-01",
        opened_checked="张三（工号 3001）核对于 BOSS 客户信息页",
        registered_owner=None if special else owner,
        new_owner=new_owner,
        agents=(agent,) if agents else (),
        proofs=(
            "SIM 卡可正常使用（柜台核验）",
            "服务密码验证正确",
            "充值发票：2026年9月、10月、11月（非定额）",
        )
        if special
        else (),
        evidence_files=(
            EvidenceFile("身份证正面.jpg", "image/jpeg", 183_422, "a3f1c2d4e5b6" + "0" * 52),
            EvidenceFile(
                "充值发票-2026-09.pdf", "application/pdf", 1_203_331, "0badc0ffee12" + "1" * 52
            ),
        )
        if special
        else (),
        signatures=signatures,
        signed_at="2026-11-22 10:14",
        retention_label="基础业务档案，保存 25 年（至 2051-11-22）",
        printed_at="2026-11-22 10:15",
    )
