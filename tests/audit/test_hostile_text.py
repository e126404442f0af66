"""Hostile text (issue 9, "Trust"): very long texts, control characters, right-to-left and
zero-width characters, emoji, SQL- and HTML-looking strings are stored exactly, shown as text
(never as markup) and printed safely; documents never clip text."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from hall_desk.documents.data import AgreementCopy, Paper
from hall_desk.documents.receipt import render_receipt
from hall_desk.documents.refund_slip import render_refund_slip
from hall_desk.documents.transfer_agreement import transfer_agreement_pdf
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services import complaints
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.documents import receipt_pdf
from tests.documents.pdftools import page_count, pdf_text, require_tool, squeeze
from tests.documents.samples import SAMPLE_RECEIPT, SAMPLE_REFUND_SLIP, transfer_sample

MARKUP = "<b>加粗</b><script>alert('x')</script>&amp;<br/>"
SQL = "'; DROP TABLE complaint;-- \" OR 1=1"
# Printable (pdftotext gives them back) and invisible pieces.
VISIBLE = [MARKUP, SQL, "%s{0}\\n", "مرحبا بالعالم"]
INVISIBLE = ["\u202e", "\u200b", "\u200d", "\ufeff", "\x07", "\x1b[31m"]
EMOJI = "👩‍👩‍👧🇨🇳😀"
HOSTILE = "".join(VISIBLE) + "".join(INVISIBLE) + EMOJI


def _font_has() -> set[int]:
    from reportlab.pdfbase import pdfmetrics

    from hall_desk.documents.fonts import BODY_FONT, ensure_fonts

    ensure_fonts()
    return set(pdfmetrics.getFont(BODY_FONT).face.charToGlyph)


def printable(text: str) -> str:
    """Text as compared with a PDF's extracted text, applied to both sides: no whitespace
    (wrapping adds line breaks), no control or format characters, and only what the document font
    has glyphs for (its CJK font has no Arabic and no emoji: those print as blanks)."""
    import unicodedata

    covered = _font_has()
    return squeeze(
        "".join(
            c for c in text if unicodedata.category(c) not in ("Cc", "Cf") and ord(c) in covered
        )
    )


PAGE_FOOTER = re.compile(
    r"(?:投诉编号|退费单号)\s*HA01-\S+\s*第\s*\d+\s*页\s*/\s*共\s*\d+\s*页\s*\f?"
)


def body_text(pdf: bytes) -> str:
    """The document's text without the page footers between pages, comparable by printable()."""
    return printable(PAGE_FOOTER.sub("", pdf_text(pdf, layout=False)))


def draft(**changes: str) -> ComplaintDraft:
    base = ComplaintDraft(
        phone="13800138000",
        customer_name="陈先生",
        main_class="电信资费",
        sub_class="资费争议/乱收费",
        description="话费多扣",
        customer_request="退费",
    )
    return replace(base, **changes)


@pytest.fixture
def hostile_complaint(hall: dict[str, StaffSession], ctx: DeskContext) -> str:
    description = (HOSTILE + "\n") * 20 + "话费多扣" * 100
    description = description[:2000].strip()
    return complaints.record_complaint(
        ctx,
        hall["clerk"],
        draft(
            customer_name="<i>陈</i>\u202e先生😀",
            description=description,
            customer_request=(SQL + MARKUP + "\u200b退费")[:500],
            place=HOSTILE[:100].strip(),
        ),
    ).id


def test_stored_exactly(
    hall: dict[str, StaffSession], ctx: DeskContext, hostile_complaint: str
) -> None:
    row = complaints.get_complaint(hall["clerk"], hostile_complaint)
    assert row.customer_name == "<i>陈</i>\u202e先生😀"
    assert row.description.startswith(HOSTILE + "\n" + HOSTILE)
    assert row.customer_request == (SQL + MARKUP + "\u200b退费")[:500]
    assert row.place == HOSTILE[:100].strip()


def test_shown_as_text_never_as_markup(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext, hostile_complaint: str
) -> None:
    from hall_desk.ui.complaint_detail import ComplaintDetailDialog

    detail = ComplaintDetailDialog(hall["clerk"], hostile_complaint, ctx=ctx)
    qtbot.addWidget(detail)
    labels = [
        label
        for label in detail.findChildren(QLabel)
        if "加粗" in label.text() or "<i>陈</i>" in label.text() or "陈</i>" in label.text()
    ]
    assert labels, "the description and the name are shown"
    for label in labels:
        plain = label.textFormat() == Qt.TextFormat.PlainText
        escaped = "&lt;" in label.text() and "<b>加粗</b>" not in label.text()
        assert plain or escaped, (label.objectName(), label.textFormat(), label.text()[:80])
    description = next(label for label in labels if label.text().startswith(HOSTILE + "\n"))
    assert description.textFormat() == Qt.TextFormat.PlainText
    assert description.text().startswith(HOSTILE)


def test_printed_on_the_receipt(
    hall: dict[str, StaffSession], ctx: DeskContext, hostile_complaint: str
) -> None:
    require_tool("pdftotext")
    row = complaints.get_complaint(hall["clerk"], hostile_complaint)
    text = body_text(receipt_pdf(ctx, hall["clerk"], hostile_complaint))
    assert printable(MARKUP) in text  # the tags as text, not bold
    assert printable(SQL) in text
    assert printable(row.customer_request) in text
    assert printable(row.description) in text


@pytest.mark.parametrize("paper", [Paper.A4, Paper.ROLL_80MM])
def test_ten_thousand_characters_flow_and_nothing_is_clipped(paper: Paper) -> None:
    require_tool("pdftotext")
    pieces = [
        f"第{n}段：客户反映信号差，通话中断。" + MARKUP + SQL + "x" * 60 for n in range(1, 400)
    ]
    summary = "\n".join(pieces)
    while len(summary) < 10_000:
        summary += "\n" + "补充说明" * 50
    summary += "\n" + HOSTILE + "结尾句。"
    pdf = render_receipt(replace(SAMPLE_RECEIPT, summary=summary, customer_request=HOSTILE), paper)
    if paper is Paper.A4:
        assert page_count(pdf) >= 2
    assert printable(summary) in body_text(pdf)


def test_user_text_on_the_refund_slip_is_escaped_and_flows() -> None:
    require_tool("pdftotext")
    long_checked = "\n".join(f"第{n}项核实：" + "详单显示多扣费用。" * 12 for n in range(1, 60))
    pdf = render_refund_slip(
        replace(
            SAMPLE_REFUND_SLIP,
            customer_name="<b>王</b>小明",
            reason=MARKUP + SQL + "\u202e全额退还",
            checked=HOSTILE + long_checked,
            disputed_item="<i>视频会员包</i>",
        )
    )
    assert page_count(pdf) >= 2
    text = body_text(pdf)
    for value in ("<b>王</b>小明", MARKUP + SQL, "<i>视频会员包</i>", HOSTILE + long_checked):
        assert printable(value) in text


def test_user_text_on_the_transfer_agreement_is_escaped() -> None:
    require_tool("pdftotext")
    data = transfer_sample()
    hostile_owner = replace(
        data.new_owner, name="<b>赵</b>欣然", address=MARKUP + SQL + "地址" * 80
    )
    pdf = transfer_agreement_pdf(
        replace(data, new_owner=hostile_owner), AgreementCopy.CUSTOMER, "0" * 16
    )
    text = body_text(pdf)
    assert printable("<b>赵</b>欣然") in text
    assert printable(MARKUP + SQL + "地址" * 80) in text


def test_read_back_shows_what_was_typed_as_text(
    qtbot: QtBot, store: object, ctx: DeskContext
) -> None:
    from hall_desk.domain.catalogue import DEFAULT_CATALOGUE
    from hall_desk.domain.complaints import validate_intake
    from hall_desk.ui.readback import ReadBackDialog

    intake = validate_intake(
        draft(customer_name="<i>陈</i>先生", description=MARKUP + SQL),
        DEFAULT_CATALOGUE,
        ctx.clock.now(),
    )
    dialog = ReadBackDialog(intake, complaints.preview_deadlines(ctx, intake.tier.value, None))
    qtbot.addWidget(dialog)
    shown = [label for label in dialog.findChildren(QLabel) if "<" in label.text()]
    assert any("<i>陈</i>先生" in label.text() for label in shown)
    for label in shown:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
