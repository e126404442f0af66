"""The customer's receipt for an accepted complaint (投诉受理回执).

The customer keeps it as proof of when the complaint was accepted, under which number, and by
when the hall promised to answer (the internal deadline and the regulator's 15-day outer limit).
Two papers: A4 portrait for an office printer, and an 80 mm till roll whose page is exactly as long
as its content.

Everything shown is passed in already formatted (times) or masked (the phone number): this module
decides layout only, no business rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from hall_desk.documents.data import Paper, ReceiptData
from hall_desk.documents.fonts import ensure_fonts
from hall_desk.documents.styles import (
    A4_PAPER,
    INK,
    ROLL_PAPER,
    DocumentStyles,
    PaperLayout,
    PdfInfo,
    build_numbered_pages,
    build_roll,
    document_styles,
    label_value_table,
    markup,
    rule,
    table_style,
    text_paragraphs,
)

TITLE = "投诉受理回执"
REPRINT_MARK = "补打"
PROMISE_PHRASE = "处理完成后，我们会第一时间通过电话向您反馈结果。"
KEEP_NOTICE = "请妥善保管本回执"
REGULATOR_DAYS = 15


@dataclass(frozen=True)
class _ReceiptLayout:
    paper: PaperLayout
    qr_size: float


_A4 = _ReceiptLayout(
    paper=A4_PAPER,
    qr_size=34 * mm,
)
_ROLL = _ReceiptLayout(
    paper=ROLL_PAPER,
    qr_size=30 * mm,
)


def render_receipt(data: ReceiptData, paper: Paper = Paper.A4) -> bytes:
    """The receipt as PDF bytes; identical input gives identical bytes."""
    ensure_fonts()
    info = PdfInfo(title=f"{TITLE} {data.complaint_number}", author=data.hall_name, subject=TITLE)
    if Paper(paper) is Paper.ROLL_80MM:
        styles = document_styles(_ROLL.paper.base_size)
        return build_roll(_ROLL.paper, lambda: _roll_story(data, styles), info)
    styles = document_styles(_A4.paper.base_size)
    return build_numbered_pages(
        _A4.paper,
        A4[1],
        lambda: _a4_story(data, styles),
        info,
        footer_left=f"投诉编号 {data.complaint_number}",
    )


# --- A4 -----------------------------------------------------------------------------------------


def _a4_story(data: ReceiptData, styles: DocumentStyles) -> list[Flowable]:
    paper = _A4.paper
    width = paper.content_width
    qr_column = _A4.qr_size + 6 * mm
    fields = label_value_table(
        _field_rows(data),
        styles,
        width=width - qr_column,
        label_width=paper.label_width,
        boxed=paper.boxed_table,
    )
    beside = Table(
        [[fields, _qr_block(data, styles, _A4.qr_size)]],
        colWidths=[width - qr_column, qr_column],
        hAlign="LEFT",
    )
    beside.setStyle(
        table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")])
    )
    return [
        *_title_block(data, styles),
        rule(space=6),
        Spacer(1, 3 * mm),
        beside,
        *_narrative(data, styles),
        # The promise and the closing lines stay on one page: never a footer alone on the last.
        KeepTogether(
            [Spacer(1, 2 * mm), _promise_box(data, styles, width), *_closing(data, styles)]
        ),
    ]


# --- 80 mm roll ---------------------------------------------------------------------------------


def _roll_story(data: ReceiptData, styles: DocumentStyles) -> list[Flowable]:
    paper = _ROLL.paper
    qr = _qr_block(data, styles, _ROLL.qr_size)
    qr.hAlign = "CENTER"
    return [
        *_title_block(data, styles),
        rule(dashed=True),
        label_value_table(
            _field_rows(data),
            styles,
            width=paper.content_width,
            label_width=paper.label_width,
            boxed=paper.boxed_table,
        ),
        rule(dashed=True),
        *_narrative(data, styles),
        rule(dashed=True),
        *_promise_lines(data, styles),
        rule(dashed=True),
        Spacer(1, 1 * mm),
        qr,
        *_closing(data, styles),
    ]


# --- shared parts -------------------------------------------------------------------------------


def _title_block(data: ReceiptData, styles: DocumentStyles) -> list[Flowable]:
    title = f"{TITLE}（{REPRINT_MARK}）" if data.reprint else TITLE
    return [
        Paragraph(escape(data.hall_name), styles.subtitle),
        Paragraph(escape(title), styles.title),
    ]


def _field_rows(data: ReceiptData) -> list[tuple[str, str]]:
    category = " / ".join(part for part in (data.main_class, data.sub_class) if part)
    responder = data.first_responder_name
    if data.first_responder_no:
        responder = f"{responder}（工号 {data.first_responder_no}）"
    return [
        ("投诉编号", data.complaint_number),
        ("联系电话", data.masked_phone),
        ("投诉类别", category),
        ("受理时间", data.accepted_at),
        ("承诺答复", f"{data.reply_due} 前"),
        ("最迟答复", f"{data.regulator_due} 前"),
        ("首问责任人", responder),
    ]


def _narrative(data: ReceiptData, styles: DocumentStyles) -> list[Flowable]:
    """What happened and what the customer wants: free text that may run over pages."""
    return [
        Paragraph("问题描述", styles.heading),
        *text_paragraphs(data.summary, styles.body),
        Paragraph("您的诉求", styles.heading),
        *text_paragraphs(data.customer_request, styles.body),
    ]


def _promise_lines(data: ReceiptData, styles: DocumentStyles) -> list[Flowable]:
    reply = f"我们将在 <b>{escape(data.reply_due)}</b> 前答复您。"
    limit = (
        f"按照电信服务规定，本投诉最迟将于 {escape(data.regulator_due)} 前"
        f"（受理之日起{REGULATOR_DAYS}日内）给予答复。"
    )
    phone = (
        f"如需查询处理进度，请致电本厅服务电话 <b>{escape(data.hall_service_phone)}</b>，"
        "并告知投诉编号。"
    )
    return [
        Paragraph(reply, styles.emphasis),
        Paragraph(PROMISE_PHRASE, styles.body),
        Paragraph(limit, styles.body),
        Paragraph(phone, styles.body),
    ]


def _promise_box(data: ReceiptData, styles: DocumentStyles, width: float) -> Table:
    box = Table([[_promise_lines(data, styles)]], colWidths=[width])
    pad = styles.base_size * 0.8
    box.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, INK),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.5),
            ],
            padding=pad,
        )
    )
    return box


def _qr_block(data: ReceiptData, styles: DocumentStyles, size: float) -> Table:
    """The QR code (encoding exactly the complaint number) with the number printed under it."""
    caption = Paragraph(
        markup(data.complaint_number), fitted_caption(data.complaint_number, styles, size)
    )
    block = Table([[qr_drawing(data.complaint_number, size)], [caption]], colWidths=[size])
    block.setStyle(table_style([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return block


def fitted_caption(text: str, styles: DocumentStyles, width: float) -> ParagraphStyle:
    """The caption style, made smaller where ``text`` would not fit ``width`` on one line: the
    number under the QR code wrapped as "…-000 / 1" (issue 19)."""
    style = styles.caption
    needed = stringWidth(text, style.fontName, style.fontSize)
    if needed <= width * 0.98:
        return style
    size = round(style.fontSize * width * 0.98 / needed, 2)
    return ParagraphStyle(
        f"{style.name}_fitted", parent=style, fontSize=size, leading=round(size * 1.3, 1)
    )


QR_LEVEL = "M"
"""Error correction level M: the code survives a creased or smudged receipt."""
QR_BORDER = 2
"""Light modules around the code (its quiet zone), inside the drawn size."""


def qr_code(value: str) -> segno.QRCode:
    """The QR code (not a Micro QR) for ``value`` at level :data:`QR_LEVEL`.

    segno (issue 22): about three times quicker to encode than ReportLab's QR encoder."""
    return segno.make_qr(value, error=QR_LEVEL.lower(), boost_error=False)


class QrFlowable(Flowable):
    """A ``size``×``size`` QR code drawn as one filled path: each run of dark modules in a row is
    one rectangle (ReportLab's QR widget drew every module as a shape of its own, thousands per
    receipt, issue 22). Black on white, :data:`QR_BORDER` light modules around it."""

    def __init__(self, value: str, size: float) -> None:
        super().__init__()
        self.value = value
        self.width = self.height = size
        self.matrix: list[list[bool]] = [[bool(m) for m in row] for row in qr_code(value).matrix]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        count = len(self.matrix)
        module = self.width / (count + 2 * QR_BORDER)
        canvas = self.canv
        path = canvas.beginPath()
        for row_index, row in enumerate(self.matrix):
            y = self.height - (row_index + QR_BORDER + 1) * module
            col = 0
            while col < count:
                if not row[col]:
                    col += 1
                    continue
                start = col
                while col < count and row[col]:
                    col += 1
                path.rect((start + QR_BORDER) * module, y, (col - start) * module, module)
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


def qr_drawing(value: str, size: float) -> QrFlowable:
    """A ``size``×``size`` flowable of the QR code for ``value``."""
    return QrFlowable(value, size)


def _closing(data: ReceiptData, styles: DocumentStyles) -> list[Flowable]:
    parts: list[Flowable] = []
    if data.reprint:
        when = f"，补打时间：{escape(data.printed_at)}" if data.printed_at else ""
        parts.append(
            Paragraph(
                f"<b>【{REPRINT_MARK}】</b>本回执为补打件{when}。受理时间以上方所列为准。",
                styles.body,
            )
        )
    parts.append(Paragraph(KEEP_NOTICE, styles.notice))
    if data.printed_at and not data.reprint:
        parts.append(Paragraph(f"打印时间：{escape(data.printed_at)}", styles.small_center))
    return [Spacer(1, 3 * mm), *parts]
