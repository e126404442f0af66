"""Paragraph and table styles shared by every printed document (receipt, refund slip, transfer
agreement).

All text is set in the embedded CJK face with ``wordWrap='CJK'`` so that Chinese wraps between any
two characters. Sizes scale from one body size: :func:`document_styles` ``(10.5)`` suits A4
(10.5 pt is the Chinese 五号), ``(9)`` an 80 mm till roll.

User-entered text must go through :func:`markup` (or :func:`text_paragraphs`) before it becomes a
``Paragraph``: ReportLab parses paragraph text as XML-like markup, so ``<``, ``&`` and line breaks
typed by a clerk would otherwise break the layout or the build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Table, TableStyle

from hall_desk.documents.fonts import ensure_fonts

INK = colors.black
MUTED = colors.Color(0.33, 0.33, 0.33)
RULE = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.93, 0.93, 0.93)

LEADING_RATIO = 1.45
"""Line height / font size: Chinese text reads better with more air than Latin's 1.2."""


@dataclass(frozen=True)
class DocumentStyles:
    """The paragraph styles of one document size. Build with :func:`document_styles`."""

    base_size: float
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    emphasis: ParagraphStyle
    small: ParagraphStyle
    small_center: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    caption: ParagraphStyle
    notice: ParagraphStyle


def document_styles(base_size: float = 10.5) -> DocumentStyles:
    """Styles scaled from ``base_size`` (the body text size in points)."""
    font = ensure_fonts()

    def style(name: str, size: float, **kw: object) -> ParagraphStyle:
        kw.setdefault("textColor", INK)
        kw.setdefault("alignment", TA_LEFT)
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=round(size * LEADING_RATIO, 1),
            wordWrap="CJK",
            **kw,
        )

    b = base_size
    return DocumentStyles(
        base_size=b,
        title=style("title", b * 1.8, alignment=TA_CENTER, spaceAfter=b * 0.4),
        subtitle=style("subtitle", b * 1.2, alignment=TA_CENTER, spaceAfter=b * 0.2),
        heading=style("heading", b * 1.1, spaceBefore=b * 0.9, spaceAfter=b * 0.3),
        body=style("body", b, alignment=TA_JUSTIFY, spaceAfter=b * 0.3),
        emphasis=style("emphasis", b * 1.1, spaceAfter=b * 0.3),
        small=style("small", b * 0.82, textColor=MUTED, spaceAfter=b * 0.2),
        small_center=style("small_center", b * 0.82, textColor=MUTED, alignment=TA_CENTER),
        label=style("label", b * 0.95, textColor=MUTED),
        value=style("value", b),
        caption=style("caption", b * 0.9, alignment=TA_CENTER),
        notice=style("notice", b * 1.25, alignment=TA_CENTER, spaceBefore=b * 0.4),
    )


def markup(text: str) -> str:
    """Plain user text → safe paragraph markup (XML escaped, line breaks kept)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line) for line in lines)


def text_paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    """One paragraph per non-empty line of plain user text, so long text can flow across pages
    (a single paragraph also splits, but separate ones keep the author's line breaks as gaps)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    paragraphs = [Paragraph(escape(line), style) for line in lines if line]
    return paragraphs or [Paragraph("—", style)]


def rule(width: float | str = "100%", *, dashed: bool = False, space: float = 4) -> HRFlowable:
    """A horizontal separator; dashed looks like a till receipt's tear line."""
    return HRFlowable(
        width=width,
        thickness=0.6,
        color=RULE,
        spaceBefore=space,
        spaceAfter=space,
        dash=(2, 2) if dashed else None,
    )


Cell = str | Flowable


def label_value_table(
    rows: Sequence[tuple[str, Cell]],
    styles: DocumentStyles,
    *,
    width: float,
    label_width: float,
    boxed: bool = True,
) -> Table:
    """A two-column table of ``label | value`` rows that wraps long values.

    ``boxed`` draws a light grid with a shaded label column (A4 forms); without it the rows are
    separated by dotted lines only, which prints cleanly on a thermal roll.
    Plain-string values are escaped; pass a Flowable for pre-built content.
    """
    data = [
        [Paragraph(escape(label), styles.label), _cell(value, styles.value)]
        for label, value in rows
    ]
    table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
    table.setStyle(label_value_table_style(len(data), styles.base_size, boxed=boxed))
    return table


TableCommand = tuple[object, ...]


def table_style(commands: Sequence[TableCommand] = (), *, padding: float = 0) -> TableStyle:
    """A table style in the document font with even cell ``padding``, then ``commands``.

    Always go through this: a ReportLab table selects its own default font (Helvetica, never
    embedded) for every cell, even when the cells hold only paragraphs or drawings.
    """
    base: list[TableCommand] = [
        ("FONT", (0, 0), (-1, -1), ensure_fonts()),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]
    return TableStyle([*base, *commands])


def label_value_table_style(row_count: int, base_size: float, *, boxed: bool) -> TableStyle:
    pad = base_size * (0.45 if boxed else 0.3)
    commands: list[TableCommand] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), base_size * 0.5 if boxed else 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), base_size * 0.5 if boxed else base_size * 0.3),
    ]
    if boxed:
        commands += [
            ("BACKGROUND", (0, 0), (0, row_count - 1), SHADE),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ]
    elif row_count > 1:
        commands.append(
            ("LINEBELOW", (0, 0), (-1, row_count - 2), 0.4, RULE, None, (1, 2)),
        )
    return table_style(commands)


def _cell(value: Cell, style: ParagraphStyle) -> Flowable:
    if isinstance(value, Flowable):
        return value
    return Paragraph(markup(value), style)
