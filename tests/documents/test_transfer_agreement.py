"""The 过户协议 and the 完善客户资料协议, read back the way a PDF reader or the printer sees them."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from hall_desk.documents import transfer_agreement as module
from hall_desk.documents.data import AgreementCopy, EvidenceFile, TransferAgreementData
from hall_desk.documents.transfer_agreement import (
    AGREEMENT,
    PROFILE_AGREEMENT,
    file_size,
    fingerprint,
    profile_agreement_pdf,
    qr_text,
    transfer_agreement_pdf,
)
from hall_desk.domain.identity import mask_id_number
from tests.documents.pdftools import (
    POINTS_PER_MM,
    page_count,
    page_sizes,
    pdf_fonts,
    pdf_text,
    render_png,
    squeeze,
)
from tests.documents.samples import (
    AGENT_ID,
    LONG_ADDRESS,
    NEW_OWNER_ID,
    OWNER_ID,
    TRANSFERRED_PHONE,
    transfer_sample,
)

Render = Callable[[TransferAgreementData, AgreementCopy, str], bytes]
NORMAL = transfer_sample("过户", agents=True)
SPECIAL = transfer_sample("特殊过户")

# (name, data, renderer, document kind): every document a transfer prints.
DOCUMENTS = [
    ("过户协议", NORMAL, transfer_agreement_pdf, AGREEMENT),
    ("特殊过户协议", SPECIAL, transfer_agreement_pdf, AGREEMENT),
    ("完善客户资料协议", SPECIAL, profile_agreement_pdf, PROFILE_AGREEMENT),
]
REMINDER = "过户办理完成后，新机主须与本公司另行签订新的《入网协议》"


def render(data: TransferAgreementData, renderer: Render, kind: str, copy: AgreementCopy) -> bytes:
    return renderer(data, copy, fingerprint(data, copy, kind))


def text_of(pdf: bytes) -> str:
    return squeeze(pdf_text(pdf))


def image_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(params=DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def document(request: pytest.FixtureRequest) -> tuple[str, TransferAgreementData, Render, str]:
    return request.param


@pytest.fixture(params=list(AgreementCopy), ids=[c.name for c in AgreementCopy])
def copy(request: pytest.FixtureRequest) -> AgreementCopy:
    return request.param


# --- what every document says -------------------------------------------------------------------


def test_every_document_prints_its_fields(document: tuple, copy: AgreementCopy) -> None:
    _, data, renderer, kind = document
    text = text_of(render(data, renderer, kind, copy))
    expected = [
        kind,
        "人民路营业厅",
        "HA01-02-261122-G0001",
        "台席HA01-02",
        "0371-65551234",
        TRANSFERRED_PHONE,  # the subject of the agreement: printed in full on both copies
        "后付费（全球通）",
        "2025-03-01",
        "张三（工号3001）核对于BOSS客户信息页",
        "证件类别",
        "证件号码",
        "住址",
        "居民身份证",
        "赵欣然",
        squeeze(LONG_ADDRESS),  # wraps over several lines of its cell, nothing clipped
        squeeze(REMINDER),
        "档案保管：基础业务档案，保存25年（至2051-11-22）",
        "签署时间：2026-11-22 10:14".replace(" ", ""),
        f"本联为{copy.value}",
        "校验码",
        fingerprint(data, copy, kind),
    ]
    for item in expected:
        assert squeeze(item) in text, item


def test_every_page_names_the_copy_and_the_document(document: tuple, copy: AgreementCopy) -> None:
    from pypdf import PdfReader

    _, data, renderer, kind = document
    pdf = render(data, renderer, kind, copy)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 1
    for n, page in enumerate(pages, start=1):
        text = squeeze(page.extract_text())
        assert copy.value in text
        assert f"{kind}{data.document_no}" in text
        assert f"第{n}页/共{len(pages)}页" in text


def test_the_normal_agreement_names_both_owners_and_the_agent() -> None:
    text = text_of(render(NORMAL, transfer_agreement_pdf, AGREEMENT, AgreementCopy.HALL))
    for item in ("原机主", "王建国", "新机主", "代办人（代新机主）", "陈立", "协议条款"):
        assert item in text, item
    assert "原机主同意将上述号码的使用权过户给新机主" in text
    assert "原机主对该号码的一切权利" in text
    for signature in ("原机主签名", "新机主签名", "经办营业员", "2026-11-22 10:08"):
        assert squeeze(signature) in text, signature
    assert "特殊过户" not in text and PROFILE_AGREEMENT not in text


def test_the_special_agreement_prints_the_proofs_and_refers_to_the_profile_agreement() -> None:
    approval = "店长李丽（工号 1001）批准例外办理：核实近三月通话记录及套餐详情，与新机主陈述一致。"
    data = replace(SPECIAL, exceptional_approval=approval)
    text = text_of(render(data, transfer_agreement_pdf, AGREEMENT, AgreementCopy.HALL))
    assert "特殊过户（原机主未到场）" in text
    assert "原机主未到场（特殊过户）" in text  # the owner's row says absent
    assert "1.SIM卡可正常使用（柜台核验）" in text
    assert "2.服务密码验证正确" in text
    assert "3.充值发票：2026年9月、10月、11月（非定额）" in text
    assert f"例外审批：{squeeze(approval)}" in text
    assert f"新机主已另行签署《{PROFILE_AGREEMENT}》" in text
    assert "（共2个文件）" in text
    assert "见证人（值班经理）" in text and "刘洋（工号2001）" in text


def test_the_profile_agreement_lists_the_evidence_files() -> None:
    text = text_of(render(SPECIAL, profile_agreement_pdf, PROFILE_AGREEMENT, AgreementCopy.HALL))
    assert "附件清单" in text
    for item in SPECIAL.evidence_files:
        assert squeeze(item.name) in text
        assert item.media_type in text
        assert file_size(item.size).replace(" ", "") in text
        assert item.sha256[:12] in text
        assert item.sha256[:13] not in text  # the first 12 hex only
    assert "179.1KB" in text and "1.1MB" in text
    assert "新机主确认上述资料真实、准确、完整" in text
    for signature in ("新机主签名", "经办营业员", "见证人（值班经理）"):
        assert signature in text


def test_a_long_evidence_list_runs_over_pages_with_its_header_repeated() -> None:
    files = tuple(
        EvidenceFile(
            f"发票扫描件-{n:02d}-" + "很长的文件名" * 4 + ".pdf",
            "application/pdf",
            n * 5000,
            f"{n:04d}beef{n:056x}",
        )
        for n in range(1, 41)
    )
    pdf = render(
        replace(SPECIAL, evidence_files=files),
        profile_agreement_pdf,
        PROFILE_AGREEMENT,
        AgreementCopy.HALL,
    )
    text = text_of(pdf)
    assert page_count(pdf) >= 3
    assert "发票扫描件-40-" in text and "0040beef0000" in text  # the name wraps in its cell
    assert text.count("SHA-256（前12位）") >= 2


# --- identity numbers -----------------------------------------------------------------------------


def test_the_hall_copy_shows_full_identity_numbers(document: tuple) -> None:
    _, data, renderer, kind = document
    text = text_of(render(data, renderer, kind, AgreementCopy.HALL))
    assert NEW_OWNER_ID in text
    if data.registered_owner is not None:
        assert OWNER_ID in text
    if data.agents:
        assert AGENT_ID in text


def test_the_customer_copy_shows_only_masked_identity_numbers(document: tuple) -> None:
    from pypdf import PdfReader

    _, data, renderer, kind = document
    pdf = render(data, renderer, kind, AgreementCopy.CUSTOMER)
    numbers = [NEW_OWNER_ID]
    numbers += [OWNER_ID] if data.registered_owner is not None else []
    numbers += [AGENT_ID] if data.agents else []
    readings = [
        squeeze(pdf_text(pdf)),
        squeeze(pdf_text(pdf, layout=False)),
        squeeze("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)),
    ]
    for number in numbers:
        masked = mask_id_number(number)
        assert masked == number[:6] + "********" + number[-4:]
        for text in readings:
            assert masked in text
            assert number not in text
            assert number[6:14] not in text  # the hidden birth date appears nowhere
    assert TRANSFERRED_PHONE in readings[0]  # the number transferred stays in full


# --- fonts, images, QR ----------------------------------------------------------------------------


def test_font_is_embedded_as_truetype_subset(document: tuple, copy: AgreementCopy) -> None:
    _, data, renderer, kind = document
    fonts = pdf_fonts(render(data, renderer, kind, copy))
    assert fonts, "no fonts listed"
    for font in fonts:
        assert font.embedded, f"{font.name} not embedded"
        assert font.subset and font.is_subset_name, f"{font.name} not a subset"
        assert font.type == "TrueType", f"{font.name} is {font.type}"
        assert font.unicode, f"{font.name} has no ToUnicode map"
    assert all("WenQuanYi" in font.name for font in fonts)


def test_every_signature_image_is_embedded(document: tuple) -> None:
    _, data, renderer, kind = document
    signed = sum(1 for sig in data.signatures if sig.png)
    assert signed == 3
    assert image_count(render(data, renderer, kind, AgreementCopy.HALL)) == signed
    unsigned = replace(data, signatures=tuple(replace(s, png=None) for s in data.signatures))
    pdf = render(unsigned, renderer, kind, AgreementCopy.HALL)
    assert image_count(pdf) == 0
    text = text_of(pdf)
    for sig in data.signatures:  # the lines for a pen are still labelled and named
        assert squeeze(f"{sig.label}：") in text and squeeze(sig.signer) in text


def test_the_qr_code_carries_the_document_number_and_the_short_hash(
    document: tuple, copy: AgreementCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No QR decoder is installed; tests/documents/test_receipt.py checks that qr_drawing draws
    # exactly the encoder's modules, so here: the document asks for the right text and size.
    _, data, renderer, kind = document
    asked: list[tuple[str, float]] = []
    original = module.qr_drawing

    def spy(value: str, size: float) -> object:
        asked.append((value, size))
        return original(value, size)

    monkeypatch.setattr(module, "qr_drawing", spy)
    fp = fingerprint(data, copy, kind)
    renderer(data, copy, fp)
    assert {value for value, _ in asked} == {f"HD1|{data.document_no}|{fp}"}
    assert qr_text(data.document_no, fp) == f"HD1|{data.document_no}|{fp}"
    assert all(abs(size / POINTS_PER_MM - 25) < 0.01 for _, size in asked)


# --- the fingerprint ------------------------------------------------------------------------------


def test_fingerprint_is_short_deterministic_and_specific() -> None:
    fp = fingerprint(NORMAL, AgreementCopy.HALL, AGREEMENT)
    assert len(fp) == 16 and int(fp, 16) >= 0
    assert fp == fingerprint(transfer_sample("过户", agents=True), AgreementCopy.HALL, AGREEMENT)
    others = {
        fingerprint(NORMAL, AgreementCopy.CUSTOMER, AGREEMENT),
        fingerprint(NORMAL, AgreementCopy.HALL, PROFILE_AGREEMENT),
        fingerprint(replace(NORMAL, phone="13900000000"), AgreementCopy.HALL, AGREEMENT),
        fingerprint(replace(NORMAL, signed_at="2026-11-22 10:15"), AgreementCopy.HALL, AGREEMENT),
        fingerprint(
            replace(
                NORMAL,
                signatures=(replace(NORMAL.signatures[0], png=b"other"), *NORMAL.signatures[1:]),
            ),
            AgreementCopy.HALL,
            AGREEMENT,
        ),
    }
    assert fp not in others and len(others) == 5


def test_the_customer_fingerprint_does_not_depend_on_the_hidden_digits() -> None:
    # Otherwise the 校验码 on the customer's copy would let anybody find the masked birth date by
    # trying every date.
    other_birthday = NEW_OWNER_ID[:6] + "19911231" + NEW_OWNER_ID[14:]
    changed = replace(NORMAL, new_owner=replace(NORMAL.new_owner, id_number=other_birthday))
    for kind in (AGREEMENT, PROFILE_AGREEMENT):
        assert fingerprint(changed, AgreementCopy.CUSTOMER, kind) == fingerprint(
            NORMAL, AgreementCopy.CUSTOMER, kind
        )
        assert fingerprint(changed, AgreementCopy.HALL, kind) != fingerprint(
            NORMAL, AgreementCopy.HALL, kind
        )


# --- reproducible, laid out -----------------------------------------------------------------------


def test_same_input_gives_same_bytes(document: tuple, copy: AgreementCopy) -> None:
    _, data, renderer, kind = document
    assert render(data, renderer, kind, copy) == render(data, renderer, kind, copy)


def test_pages_are_a4_and_not_blank(document: tuple, tmp_path: Path) -> None:
    from PIL import Image

    _, data, renderer, kind = document
    pdf = render(data, renderer, kind, AgreementCopy.CUSTOMER)
    for width, height in page_sizes(pdf):
        assert round(width / POINTS_PER_MM) == 210 and round(height / POINTS_PER_MM) == 297
    assert 1 <= page_count(pdf) <= 2
    for path in render_png(pdf, tmp_path, dpi=30):
        with Image.open(path) as image:
            lo, hi = image.convert("L").getextrema()
        assert lo < 100 and hi > 200, f"{path.name} looks blank"


def test_user_text_with_markup_characters_is_printed_literally() -> None:
    data = replace(
        NORMAL,
        new_owner=replace(NORMAL.new_owner, name="A&B<李>", address="1<2&3>2\n第二行"),
    )
    text = text_of(render(data, transfer_agreement_pdf, AGREEMENT, AgreementCopy.HALL))
    assert "A&B<李>" in text
    assert "1<2&3>2" in text and "第二行" in text
