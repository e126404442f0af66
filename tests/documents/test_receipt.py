"""The customer receipt (投诉受理回执), read back the way a customer's PDF reader or printer sees it."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from hall_desk.documents import receipt as receipt_module
from hall_desk.documents.receipt import (
    KEEP_NOTICE,
    PROMISE_PHRASE,
    QR_BORDER,
    Paper,
    fitted_caption,
    qr_code,
    qr_drawing,
    render_receipt,
)
from hall_desk.documents.styles import document_styles
from tests.documents.pdftools import (
    POINTS_PER_MM,
    page_count,
    page_sizes,
    pdf_fonts,
    pdf_text,
    render_png,
    require_tool,
    squeeze,
)
from tests.documents.samples import NUMBER, SAMPLE_RECEIPT

FULL_PHONE = "13800138000"
DATA = SAMPLE_RECEIPT

PAPERS = [Paper.A4, Paper.ROLL_80MM]


@pytest.fixture(params=PAPERS, ids=[p.value for p in PAPERS])
def paper(request: pytest.FixtureRequest) -> Paper:
    return request.param


@pytest.mark.parametrize(
    "expected",
    [
        "投诉受理回执",
        "人民路营业厅",
        NUMBER,
        "138****8000",
        "电信资费",
        "资费争议/乱收费",
        "视频会员包",
        "退还30元并取消该业务。",
        "2026-11-22 14:05",
        "2026-11-24 14:05",
        "2026-12-07 14:05",
        "张三",
        "3001",
        "0371-65551234",
        PROMISE_PHRASE,
        "受理之日起15日内",
        KEEP_NOTICE,
        "2026-11-22 14:06",
    ],
)
def test_every_field_is_printed(paper: Paper, expected: str) -> None:
    text = squeeze(pdf_text(render_receipt(DATA, paper)))
    assert squeeze(expected) in text


def test_full_phone_number_appears_nowhere(paper: Paper) -> None:
    pdf = render_receipt(DATA, paper)
    text = pdf_text(pdf)
    assert FULL_PHONE not in squeeze(text)
    assert FULL_PHONE.encode() not in pdf  # not in metadata or any uncompressed object either
    assert "138****8000" in text


def test_user_text_with_markup_characters_prints_literally(paper: Paper) -> None:
    data = replace(DATA, summary='套餐 <A&B> "10元" 被扣\n第二行 <br/>', hall_name="A&B营业厅")
    text = squeeze(pdf_text(render_receipt(data, paper)))
    assert squeeze('套餐 <A&B> "10元" 被扣') in text
    assert "第二行<br/>" in text
    assert "A&B营业厅" in text


def test_font_is_embedded_as_truetype_subset(paper: Paper) -> None:
    fonts = pdf_fonts(render_receipt(DATA, paper))
    assert fonts, "no fonts listed"
    for font in fonts:
        assert font.embedded, f"{font.name} not embedded"
        assert font.subset and font.is_subset_name, f"{font.name} not a subset"
        assert font.type == "TrueType", f"{font.name} is {font.type}"
        assert font.unicode, f"{font.name} has no ToUnicode map (text not searchable)"
    assert all("WenQuanYi" in font.name for font in fonts)


def test_renders_to_png(paper: Paper, tmp_path: Path) -> None:
    pngs = render_png(render_receipt(DATA, paper), tmp_path, dpi=50)
    assert len(pngs) == 1
    assert pngs[0].stat().st_size > 1000


def test_reprint_is_marked_with_its_print_time(paper: Paper) -> None:
    original = squeeze(pdf_text(render_receipt(DATA, paper)))
    assert "补打" not in original
    reprint = replace(DATA, reprint=True, printed_at="2026-11-25 09:30")
    text = pdf_text(render_receipt(reprint, paper))
    title_area = squeeze("\n".join(text.splitlines()[:6]))
    assert "投诉受理回执（补打）" in title_area
    assert "补打时间：2026-11-2509:30" in squeeze(text)
    assert "2026-11-22 14:05" in text  # the original acceptance time still stands


def test_long_summary_flows_onto_further_a4_pages() -> None:
    last_sentence = "最后一句：客户要求书面答复并保留追究权利。"
    summary = ("客户反映家中信号差，通话经常中断，已多次报修未果。" * 125)[:2980] + last_sentence
    assert len(summary) >= 3000
    pdf = render_receipt(replace(DATA, summary=summary), Paper.A4)
    assert page_count(pdf) >= 2
    text = pdf_text(pdf)
    assert squeeze(last_sentence) in squeeze(text)
    footers = [line for line in text.splitlines() if line.startswith(f"投诉编号 {NUMBER}")]
    assert [squeeze(line) for line in footers] == [
        f"投诉编号{NUMBER}第{n}页/共{len(footers)}页" for n in range(1, page_count(pdf) + 1)
    ]
    body = squeeze("\n".join(line for line in text.splitlines() if line not in footers))
    assert squeeze(summary) in body  # all of it, in order: nothing clipped at a page break


def test_long_summary_lengthens_the_roll_instead_of_clipping() -> None:
    short = render_receipt(DATA, Paper.ROLL_80MM)
    long_summary = "信号差，通话中断。" * 220 + "结尾句。"
    long = render_receipt(replace(DATA, summary=long_summary), Paper.ROLL_80MM)
    assert page_count(long) == 1
    assert page_sizes(long)[0][1] > page_sizes(short)[0][1] + 500
    assert squeeze(long_summary) in squeeze(pdf_text(long))


def test_a4_is_a4_portrait() -> None:
    ((width, height),) = page_sizes(render_receipt(DATA, Paper.A4))
    assert width == pytest.approx(210 * POINTS_PER_MM, abs=1)
    assert height == pytest.approx(297 * POINTS_PER_MM, abs=1)


def test_roll_is_80mm_wide_and_as_long_as_its_content() -> None:
    ((width, height),) = page_sizes(render_receipt(DATA, Paper.ROLL_80MM))
    assert width == pytest.approx(226.77, abs=1)
    assert 100 * POINTS_PER_MM < height < 300 * POINTS_PER_MM


def test_paper_may_be_given_by_value() -> None:
    assert render_receipt(DATA, Paper("80mm")) == render_receipt(DATA, Paper.ROLL_80MM)


def test_output_is_byte_identical_for_the_same_input(paper: Paper) -> None:
    assert render_receipt(DATA, paper) == render_receipt(replace(DATA), paper)
    assert render_receipt(DATA, paper) != render_receipt(replace(DATA, reprint=True), paper)


def test_font_registration_is_idempotent_across_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from reportlab.pdfbase import pdfmetrics

    from hall_desk.documents.fonts import BODY_FONT, ensure_fonts

    with ThreadPoolExecutor(max_workers=8) as pool:
        names = set(pool.map(lambda _: ensure_fonts(), range(32)))
    assert names == {BODY_FONT}
    assert pdfmetrics.getFont(BODY_FONT).face.name  # registered, loadable


def test_styles_wrap_chinese_and_escape_user_text() -> None:
    from hall_desk.documents.styles import document_styles, markup, text_paragraphs

    styles = document_styles(9)
    assert styles.body.wordWrap == "CJK" and styles.title.fontSize > styles.body.fontSize
    assert markup("a<b>&\nc") == "a&lt;b&gt;&amp;<br/>c"
    assert len(text_paragraphs("第一行\n\n第二行", styles.body)) == 2
    assert len(text_paragraphs("  ", styles.body)) == 1  # an empty field still shows a dash


# --- the QR code -----------------------------------------------------------------------------
# The chain is checked in three honest steps: the receipt asks for a QR of exactly the complaint
# number; the drawing puts every module of that code where the encoder says (sampled from a raster
# of the drawing); and an independent reader (zxing-cpp) decodes the complaint number from the
# receipt as printed (the PDF rendered to PNG, as a scanner would see it).


def test_receipt_draws_a_qr_of_exactly_the_complaint_number(
    paper: Paper, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    original = receipt_module.qr_drawing

    def spy(value: str, size: float) -> object:
        asked.append(value)
        return original(value, size)

    monkeypatch.setattr(receipt_module, "qr_drawing", spy)
    render_receipt(DATA, paper)
    assert asked and set(asked) == {NUMBER}


def test_qr_drawing_reproduces_the_encoder_modules(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.pdfgen.canvas import Canvas

    size, origin, dpi = 200.0, 20.0, 144  # points; the drawing sits at (20, 20) on a 240pt page
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(240, 240), invariant=1)
    flowable = qr_drawing(NUMBER, size)
    flowable.wrapOn(canvas, size, size)
    flowable.drawOn(canvas, origin, origin)
    canvas.save()
    require_tool("pdftoppm")
    (png,) = render_png(buffer.getvalue(), tmp_path, dpi=dpi, prefix="qr")

    modules = [[bool(m) for m in row] for row in qr_code(NUMBER).matrix]
    count = len(modules)
    module_pt = size / (count + 2 * QR_BORDER)
    scale = dpi / 72
    image = Image.open(png).convert("L")
    top_pt = 240 - origin - size  # the drawing's top edge, from the page top
    for row in range(count):
        for col in range(count):
            x = (origin + (col + QR_BORDER + 0.5) * module_pt) * scale
            y = (top_pt + (row + QR_BORDER + 0.5) * module_pt) * scale
            dark = image.getpixel((int(x), int(y))) < 128
            assert dark == modules[row][col], f"module ({row}, {col})"
    # the quiet zone around the code is white
    assert image.getpixel((int((origin + module_pt / 2) * scale), int(top_pt * scale) + 2)) > 200


def test_qr_level_and_value() -> None:
    code = qr_code(NUMBER)
    assert code.error == "M"
    assert not code.is_micro
    assert [bool(m) for row in code.matrix for m in row] == [
        bool(m) for row in qr_drawing(NUMBER, 100).matrix for m in row
    ]


def test_the_printed_receipt_scans_back_to_the_complaint_number(
    paper: Paper, tmp_path: Path
) -> None:
    """The receipt as a customer's phone sees it: the PDF rendered at a printer-like 150 dpi and
    read by zxing-cpp (a decoder that shares nothing with the encoder)."""
    import zxingcpp
    from PIL import Image

    require_tool("pdftoppm")
    pngs = render_png(render_receipt(DATA, paper), tmp_path, dpi=150, prefix="receipt")
    found = [
        result.text
        for png in pngs
        for result in zxingcpp.read_barcodes(Image.open(png))
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]
    assert found == [NUMBER]


def test_missing_tool_skips_instead_of_crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The helper must skip (CI turns it into a failure), never crash with FileNotFoundError.
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(pytest.skip.Exception):
        require_tool("pdftotext")


@pytest.mark.parametrize("lead", range(0, 24))
def test_no_printed_line_starts_with_full_width_punctuation(lead: int) -> None:
    """避头: the comma-like marks stay at the end of the line before (ReportLab alone lets ，
    start a line). ``lead`` shifts the text so a mark falls on every column of the roll. Known
    limit: of two marks in a row (”，) ReportLab hangs only the first, so the second may start a
    line."""
    summary = "信" * lead + "号差，断线：多次；为何？不行！合同”说明》好，" * 12
    pdf = render_receipt(replace(DATA, summary=summary), Paper.ROLL_80MM)
    starts = [line.strip()[:1] for line in pdf_text(pdf).splitlines() if line.strip()]
    assert not [s for s in starts if s in "，：；！？》”、。"], pdf_text(pdf)


def test_the_number_under_the_qr_code_stays_on_one_line(paper: Paper) -> None:
    """Issue 19: it wrapped as "…-000" / "7" under the QR code; every line holding the start of
    the number holds all of it."""
    lines = pdf_text(render_receipt(DATA, paper), layout=False).splitlines()
    holding = [line for line in lines if NUMBER[:-2] in line]
    assert holding, lines
    assert all(NUMBER in line for line in holding), holding
    # a longer number (a transfer's, with its letter) shrinks to fit instead of wrapping
    longer = "HA01-02-G261122-00007"
    styles = document_styles(10.5)
    caption = Paragraph(longer, fitted_caption(longer, styles, 30 * mm))
    caption.wrap(30 * mm, 1000)
    assert len(caption.blPara.lines) == 1
