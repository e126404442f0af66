"""The refund slip (退费单), read back the way the customer's PDF reader or printer sees it."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from hall_desk.documents.data import SlipSignatory
from hall_desk.documents.refund_slip import (
    PROVISIONAL_MARK,
    Paper,
    render_refund_slip,
)
from hall_desk.documents.signature_print import SIGNATURE_DPI
from hall_desk.domain.money import format_yuan, yuan_in_capitals
from tests.documents.pdftools import (
    POINTS_PER_MM,
    page_count,
    page_sizes,
    pdf_fonts,
    pdf_images,
    pdf_text,
    render_png,
    squeeze,
)
from tests.documents.samples import (
    CUSTOMER_NAME,
    NUMBER,
    SAMPLE_REFUND_SLIP,
    SLIP_NUMBER,
    signature_png,
)

FULL_PHONE = "13800138000"
DATA = SAMPLE_REFUND_SLIP
SIGNED = replace(DATA, signature_png=signature_png())
PAPERS = [Paper.A4, Paper.ROLL_80MM]


@pytest.fixture(params=PAPERS, ids=[p.value for p in PAPERS])
def paper(request: pytest.FixtureRequest) -> Paper:
    return request.param


def text_of(pdf: bytes) -> str:
    return squeeze(pdf_text(pdf))


def image_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    "expected",
    [
        "退费单",
        "人民路营业厅",
        "0371-65551234",
        SLIP_NUMBER,
        NUMBER,
        CUSTOMER_NAME,
        "138****8000",
        "¥ 150.00",
        "人民币壹佰伍拾元整",
        "后付费（全球通）",
        "话费账户返还（总部电子工单）",
        "视频会员包 2026年6月—10月",
        "系统无订购记录，无确认短信。",
        "未经客户确认订购，属我方责任，全额退还。",
        "张三（工号 3001） 2026-11-22 14:10",
        "李丽（工号 1001） 2026-11-22 14:25",
        "客户签名：",
        "本单据保管期限：5 年。",
        "打印时间：2026-11-22 14:30",
    ],
)
def test_every_field_is_printed(paper: Paper, expected: str) -> None:
    assert squeeze(expected) in text_of(render_refund_slip(SIGNED, paper))


def test_capitals_and_both_names_for_an_amount_from_the_domain(paper: Paper) -> None:
    amount = Decimal("1005.07")
    data = replace(
        DATA, amount_figures=format_yuan(amount), amount_capitals=yuan_in_capitals(amount)
    )
    text = text_of(render_refund_slip(data, paper))
    assert "人民币壹仟零伍元零柒分" in text
    assert "¥1,005.07" in text
    assert "张三" in text and "李丽" in text


def test_full_phone_number_appears_nowhere(paper: Paper) -> None:
    pdf = render_refund_slip(SIGNED, paper)
    assert FULL_PHONE not in text_of(pdf)
    assert FULL_PHONE.encode() not in pdf
    assert "138****8000" in pdf_text(pdf)


def test_font_is_embedded_as_truetype_subset(paper: Paper) -> None:
    fonts = pdf_fonts(render_refund_slip(replace(SIGNED, provisional=True), paper))
    assert fonts, "no fonts listed"
    for font in fonts:
        assert font.embedded, f"{font.name} not embedded"
        assert font.subset and font.is_subset_name, f"{font.name} not a subset"
        assert font.type == "TrueType", f"{font.name} is {font.type}"
        assert font.unicode, f"{font.name} has no ToUnicode map"
    assert all("WenQuanYi" in font.name for font in fonts)


def test_signature_image_is_placed_when_signed(paper: Paper) -> None:
    assert image_count(render_refund_slip(SIGNED, paper)) == 1
    assert image_count(render_refund_slip(DATA, paper)) == 0
    # unsigned: the line is still there, left blank for a pen
    assert "客户签名：" in text_of(render_refund_slip(DATA, paper))


def test_signature_of_any_shape_fits(paper: Paper) -> None:
    for width, height in [(2000, 80), (120, 900), (40, 40)]:
        pdf = render_refund_slip(replace(DATA, signature_png=signature_png(width, height)), paper)
        assert image_count(pdf) == 1
        assert page_count(pdf) == 1


def test_a_signature_as_the_pad_exports_it_is_embedded_at_print_resolution(paper: Paper) -> None:
    """Issue 22: the pad exports at 4× its widget (1,600×600 pixels for a signature 400×150
    wide); it is embedded area-averaged to at least SIGNATURE_DPI at its printed size, its
    transparency kept."""
    pad = signature_png(1600, 600)
    pdf = render_refund_slip(replace(DATA, signature_png=pad), paper)
    image, mask = pdf_images(pdf)
    assert (image.kind, mask.kind) == ("image", "smask")
    assert (image.width, image.height) == (mask.width, mask.height)
    assert image.height <= 600 / 2
    assert SIGNATURE_DPI * 0.99 <= image.y_ppi < 2 * SIGNATURE_DPI
    assert "客户签名：" in text_of(pdf)
    # One that is not much finer than that is embedded as it is.
    image, _ = pdf_images(render_refund_slip(SIGNED, paper))
    assert (image.width, image.height) == (600, 200)


def test_reprint_is_marked_with_its_print_time(paper: Paper) -> None:
    assert "补打" not in text_of(render_refund_slip(DATA, paper))
    reprint = replace(DATA, reprint=True, printed_at="2026-11-25 09:30")
    text = pdf_text(render_refund_slip(reprint, paper))
    assert "退费单（补打）" in squeeze("\n".join(text.splitlines()[:6]))
    assert "补打时间：2026-11-2509:30" in squeeze(text)


def test_provisional_slip_is_marked_as_awaiting_head_office(paper: Paper) -> None:
    final = text_of(render_refund_slip(DATA, paper))
    assert "待总部审批" not in final and "非正式凭证" not in final
    provisional = replace(
        DATA,
        provisional=True,
        approved_by=None,
        amount_figures="¥350.00",
        amount_capitals="叁佰伍拾元整",
    )
    text = text_of(render_refund_slip(provisional, paper))
    assert squeeze(PROVISIONAL_MARK) in text
    assert "人民币叁佰伍拾元整" in text
    assert "李丽" not in text  # no approver yet


def test_delegated_approval_shows_the_delegation(paper: Paper) -> None:
    data = replace(
        DATA,
        approved_by=SlipSignatory("赵强", "2001", "2026-11-22 14:25"),
        delegated_by="李丽",
        delegation_until="2026-11-30 18:00",
    )
    text = text_of(render_refund_slip(data, paper))
    assert "赵强（工号2001）2026-11-2214:25" in text
    assert "（受李丽授权，有效期至2026-11-3018:00）" in text


def test_head_office_approval_names_its_operator(paper: Paper) -> None:
    data = replace(
        DATA, head_office=True, approved_by=SlipSignatory("周敏", "H0102", "2026-11-23 10:00")
    )
    text = text_of(render_refund_slip(data, paper))
    assert "总部审批（经办：周敏（工号H0102）2026-11-2310:00）" in text


def test_top_up_card_return_gives_its_reason(paper: Paper) -> None:
    data = replace(DATA, method="充值卡返还", method_reason="客户账户已销户")
    assert "充值卡返还（原因：客户账户已销户）" in text_of(render_refund_slip(data, paper))


def test_user_text_with_markup_characters_prints_literally(paper: Paper) -> None:
    data = replace(DATA, reason='套餐 <A&B> "10元"\n第二行', customer_name="A&B")
    text = text_of(render_refund_slip(data, paper))
    assert squeeze('套餐 <A&B> "10元"') in text
    assert "第二行" in text
    assert "A&B" in text


def test_renders_to_png(paper: Paper, tmp_path: Path) -> None:
    pngs = render_png(render_refund_slip(SIGNED, paper), tmp_path, dpi=50)
    assert len(pngs) == 1
    assert pngs[0].stat().st_size > 1000


def test_a4_is_a4_portrait_with_a_numbered_footer() -> None:
    pdf = render_refund_slip(SIGNED, Paper.A4)
    ((width, height),) = page_sizes(pdf)
    assert width == pytest.approx(210 * POINTS_PER_MM, abs=1)
    assert height == pytest.approx(297 * POINTS_PER_MM, abs=1)
    assert f"退费单号{SLIP_NUMBER}第1页/共1页" in text_of(pdf)


def test_roll_is_80mm_wide_and_as_long_as_its_content() -> None:
    ((width, height),) = page_sizes(render_refund_slip(SIGNED, Paper.ROLL_80MM))
    assert width == pytest.approx(226.77, abs=1)
    assert 100 * POINTS_PER_MM < height < 350 * POINTS_PER_MM


def test_long_text_flows_onto_further_a4_pages_and_lengthens_the_roll() -> None:
    checked = "核对详单、账单与订购记录，逐月比对扣费明细。" * 150 + "最后一句。"
    data = replace(SIGNED, checked=checked)
    a4 = render_refund_slip(data, Paper.A4)
    assert page_count(a4) >= 2
    assert "最后一句。" in text_of(a4)
    assert image_count(a4) == 1
    roll = render_refund_slip(data, Paper.ROLL_80MM)
    assert page_count(roll) == 1
    assert "最后一句。" in text_of(roll)


def test_output_is_byte_identical_for_the_same_input(paper: Paper) -> None:
    assert render_refund_slip(SIGNED, paper) == render_refund_slip(replace(SIGNED), paper)
    assert render_refund_slip(SIGNED, paper) != render_refund_slip(DATA, paper)


def test_paper_may_be_given_by_value() -> None:
    assert render_refund_slip(DATA, Paper("80mm")) == render_refund_slip(DATA, Paper.ROLL_80MM)
