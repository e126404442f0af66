"""The shift handover report (交班报表) and the period report (投诉统计报表), A4 portrait.

Printed at shift change: the day's figures (回复及时率 against the target, counts, satisfaction),
small tables by class and by staff member, the hot spots, then the lists the next shift takes over:
what is overdue, what falls due before the end of tomorrow, the escalated complaints. Long lists
flow onto further pages with their header row repeated; every page carries the hall, the period and
"第 n 页 / 共 m 页".

Everything is passed in formatted and masked (:class:`HandoverReportData`): layout only here.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from hall_desk.documents.data import HandoverReportData, ReportList, ReportTable
from hall_desk.documents.fonts import ensure_fonts
from hall_desk.documents.styles import (
    A4_PAPER,
    MUTED,
    RULE,
    SHADE,
    DocumentStyles,
    PdfInfo,
    build_numbered_pages_once,
    document_styles,
    markup,
    rule,
    table_style,
)

PAPER = A4_PAPER
BASE_SIZE = 10.0
HEADING_ROOM = 40 * mm
CELL_SIZE = 7.8  # the lists: nine columns on 170 mm
# The lists' columns (mm, 170 in all); the notes' header is the list's own (超时 / 剩余 …)
LIST_COLUMNS = (
    ("投诉编号", 31), ("号码", 20), ("类别", 26), ("品牌", 10), ("受理时间", 18), ("答复时限", 18),
    ("", 17), ("状态", 11), ("首问/处理人", 19),
)  # fmt: skip
CELL_PADDING = 2.2


def render_handover_report(data: HandoverReportData) -> bytes:
    """The report as PDF bytes; identical input gives identical bytes."""
    styles = document_styles(BASE_SIZE)
    info = PdfInfo(
        title=f"{data.title} {data.period_text}", author=data.hall_name, subject=data.title
    )
    return build_numbered_pages_once(
        PAPER,
        A4[1],
        lambda: _story(data, styles),
        info,
        footer_left=f"{data.hall_name} {data.title} {data.period_text}",
    )


def _story(data: HandoverReportData, styles: DocumentStyles) -> list[Flowable]:
    width = PAPER.content_width
    story: list[Flowable] = [
        Paragraph(escape(data.title), styles.title),
        Paragraph(escape(f"{data.hall_name}　{data.period_text}"), styles.subtitle),
        Paragraph(
            escape(f"台席 {data.desk_code}　打印：{data.printed_at}　{data.printed_by}"),
            styles.small_center,
        ),
        rule(space=6),
        _figures(data, styles, width),
    ]
    for table in data.tables:
        story.append(_small_table(table, styles, width))
    story += _hot_spots(data, styles)
    story.append(Paragraph(escape(data.lists_note), styles.small))
    for listed in data.lists:
        story += _list(listed, styles, width)
    story += [
        Spacer(1, 8 * mm),
        Paragraph(
            escape("交班人：＿＿＿＿＿＿　　接班人：＿＿＿＿＿＿　　时间：＿＿＿＿＿＿"),
            styles.body,
        ),
    ]
    return story


def _figures(data: HandoverReportData, styles: DocumentStyles, width: float) -> Table:
    """The figures two pairs to a row: label | value | label | value."""
    cells = [
        (Paragraph(escape(label), styles.label), Paragraph(markup(value), styles.value))
        for label, value in data.figures
    ]
    if len(cells) % 2:
        cells.append((Paragraph("", styles.label), Paragraph("", styles.value)))
    rows = [[*cells[i], *cells[i + 1]] for i in range(0, len(cells), 2)]
    label = 32 * mm
    table = Table(rows, colWidths=[label, width / 2 - label] * 2, hAlign="LEFT")
    pad = BASE_SIZE * 0.4
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("BACKGROUND", (2, 0), (2, -1), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ],
            padding=pad,
        )
    )
    return table


def _grid(
    header: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
    widths: list[float],
    styles: DocumentStyles,
) -> Table:
    """A table with a shaded header row repeated on every page. A cell whose lines all fit its
    column is a plain cell; only one that does not is a paragraph, which wraps it. Plain cells are
    several times cheaper to lay out, which matters for lists of hundreds of complaints."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = ensure_fonts()
    cell = ParagraphStyle(
        "cell", parent=styles.value, fontSize=CELL_SIZE, leading=CELL_SIZE * 1.3, spaceAfter=0
    )

    def fits(value: str, width: float) -> bool:
        room = width - 2 * CELL_PADDING
        return all(stringWidth(line, font, CELL_SIZE) <= room for line in value.split("\n"))

    data: list[list[str | Paragraph]] = [list(header)]
    data += [
        [v if fits(v, w) else Paragraph(markup(v), cell) for v, w in zip(row, widths, strict=True)]
        for row in rows
    ]
    table = Table(data, colWidths=widths, hAlign="LEFT", repeatRows=1)
    table.setStyle(
        table_style(
            [
                ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                ("LEADING", (0, 0), (-1, -1), CELL_SIZE * 1.3),
                ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
            ],
            padding=CELL_PADDING,
        )
    )
    return table


def _small_table(table: ReportTable, styles: DocumentStyles, width: float) -> Flowable:
    first = width * 0.34
    rest = (width - first) / max(len(table.header) - 1, 1)
    widths = [first] + [rest] * (len(table.header) - 1)
    grid = _grid(table.header, list(table.rows), widths, styles)
    return KeepTogether([Paragraph(escape(table.title), styles.heading), grid])


def _heading(text: str, styles: DocumentStyles) -> list[Flowable]:
    """A heading that never ends a page alone: a new page when less than a few rows' room is left
    (keepWithNext would carry a whole long table over, leaving half a page empty)."""
    return [CondPageBreak(HEADING_ROOM), Paragraph(escape(text), styles.heading)]


def _hot_spots(data: HandoverReportData, styles: DocumentStyles) -> list[Flowable]:
    lines = data.hot_spots or ("无明显高于平时的类别。",)
    return [
        *_heading("投诉热点", styles),
        *(Paragraph(escape(f"• {line}"), styles.body) for line in lines),
        Paragraph(escape(data.hot_spot_rule), styles.small),
    ]


def _list(listed: ReportList, styles: DocumentStyles, width: float) -> list[Flowable]:
    heading = _heading(f"{listed.title}（{len(listed.rows) + listed.left_out} 件）", styles)
    if not listed.rows:
        return [*heading, Paragraph(escape(listed.empty_text), styles.body)]
    header = tuple(name or listed.note_title for name, _ in LIST_COLUMNS)
    widths = [w * mm for _, w in LIST_COLUMNS]
    rows = [
        (
            # the class above its sub-class: two short lines rather than one long wrapped one
            c.number, c.masked_phone, c.classes.replace(" / ", "\n"), c.tier, c.accepted_at,
            c.reply_due, c.note,
            c.state, c.responsible,
        )
        for c in listed.rows
    ]  # fmt: skip
    scale = width / sum(widths)
    grid = _grid(header, rows, [w * scale for w in widths], styles)
    story: list[Flowable] = [*heading, grid]
    if listed.left_out:
        story.append(
            Paragraph(
                escape(f"另有 {listed.left_out} 件未列出，请在投诉列表中查看。"), styles.small
            )
        )
    return story
