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

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from hall_desk.documents.fonts import ensure_fonts
from hall_desk.documents.signature_print import (
    PrintRendition,
    draw_print_rendition,
    make_print_rendition,
)

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


Cell: TypeAlias = str | Flowable


def label_value_table(
    rows: Sequence[tuple[str, Cell]],
    styles: DocumentStyles,
    *,
    width: float,
    label_width: float,
    boxed: bool = True,
    split_in_row: bool = False,
) -> Table:
    """A two-column table of ``label | value`` rows that wraps long values.

    ``boxed`` draws a light grid with a shaded label column (A4 forms); without it the rows are
    separated by dotted lines only, which prints cleanly on a thermal roll.
    Plain-string values are escaped; pass a Flowable for pre-built content.
    ``split_in_row`` lets one tall row break across pages (a value longer than a page would
    otherwise stop the build with a LayoutError).
    """
    data = [
        [Paragraph(escape(label), styles.label), _cell(value, styles.value)]
        for label, value in rows
    ]
    table = Table(
        data,
        colWidths=[label_width, width - label_width],
        hAlign="LEFT",
        splitInRow=1 if split_in_row else 0,
    )
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


# --- pages --------------------------------------------------------------------------------------
# The page machinery of a document that prints on A4 (pages numbered "第 n 页 / 共 m 页") and on an
# 80 mm till roll (one page exactly as long as its content). The receipt, the refund slip and the
# transfer agreement build on it.


@dataclass(frozen=True)
class PaperLayout:
    """Page geometry and type sizes of one paper."""

    page_width: float
    margin_x: float
    margin_top: float
    margin_bottom: float
    base_size: float
    label_width: float
    boxed_table: bool

    @property
    def content_width(self) -> float:
        return self.page_width - 2 * self.margin_x


# The two papers every document prints on; a document may adjust a value with dataclasses.replace.
A4_PAPER = PaperLayout(
    page_width=A4[0],
    margin_x=20 * mm,
    margin_top=18 * mm,
    margin_bottom=20 * mm,
    base_size=10.5,
    label_width=27 * mm,
    boxed_table=True,
)
ROLL_PAPER = PaperLayout(
    page_width=80 * mm,
    margin_x=4 * mm,
    margin_top=5 * mm,
    margin_bottom=8 * mm,  # room for the printer's cutter
    base_size=9,
    label_width=19 * mm,
    boxed_table=False,
)


@dataclass(frozen=True)
class PdfInfo:
    """Document properties written into the PDF."""

    title: str
    author: str
    subject: str


PageDecoration = Callable[[Canvas, BaseDocTemplate], None]
Story = Callable[[], list[Flowable]]

ROLL_MAX_PAGE_HEIGHT = 14400.0
"""PDF's largest page side (200 in, about 5 m); a longer roll document continues on a second page."""


def build_pdf(
    layout: PaperLayout,
    page_height: float,
    story: Story,
    info: PdfInfo,
    decorate: PageDecoration | None = None,
    canvasmaker: type[Canvas] = Canvas,
) -> tuple[bytes, int]:
    """Lay ``story`` out on pages of ``layout``; return the PDF and its page count.

    ``invariant=1``: the same input gives the same bytes.
    """
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=(layout.page_width, page_height),
        title=info.title,
        author=info.author,
        subject=info.subject,
        creator="hall_desk",
        invariant=1,
        # Otherwise every page names Helvetica, a font that is never embedded.
        initialFontName=ensure_fonts(),
    )
    frame = Frame(
        layout.margin_x,
        layout.margin_bottom,
        layout.content_width,
        page_height - layout.margin_top - layout.margin_bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate or _plain)])
    doc.build(story(), canvasmaker=canvasmaker)
    return out.getvalue(), doc.page


def build_numbered_pages(
    layout: PaperLayout,
    page_height: float,
    story: Story,
    info: PdfInfo,
    footer_left: str,
    decorate: PageDecoration | None = None,
) -> bytes:
    """Pages with ``footer_left`` and "第 n 页 / 共 m 页" at the foot of each; ``decorate`` draws on
    each page as it starts (under the content).

    One layout pass (issue 22: the receipt was laid out twice to count its pages): each finished
    page is held until the document ends, then written with its footer and the page total.
    """
    font = ensure_fonts()

    class TotalledCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, object]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                _draw_footer(self, layout, font, footer_left, self.getPageNumber(), total)
                super().showPage()
            super().save()

    pdf, _ = build_pdf(layout, page_height, story, info, decorate, canvasmaker=TotalledCanvas)
    return pdf


def build_numbered_pages_once(
    layout: PaperLayout, page_height: float, story: Story, info: PdfInfo, footer_left: str
) -> bytes:
    """:func:`build_numbered_pages` (one pass too since issue 22; the name the daily report uses)."""
    return build_numbered_pages(layout, page_height, story, info, footer_left)


def build_roll(
    layout: PaperLayout, story: Story, info: PdfInfo, decorate: PageDecoration | None = None
) -> bytes:
    """One page exactly as long as the content, so the printer cuts right after the footer.

    One layout pass (issue 22): the story is laid out on a very long page; when it ends on that
    first page (:class:`EndMarker` saw where), the page is cut to the content's height as it is
    written, its content moved down by what is cut off. ``decorate`` is drawn then, on the page as
    cut, and placed under the content. A story longer than the longest page continues on further
    pages of that length, as before.
    """
    marker = EndMarker()
    longest = ROLL_MAX_PAGE_HEIGHT
    docs: list[BaseDocTemplate] = []

    def remember(canvas: Canvas, doc: BaseDocTemplate) -> None:
        if not docs:
            docs.append(doc)

    class CutCanvas(Canvas):
        def showPage(self) -> None:
            width = self._pagesize[0]
            height = longest
            if self.getPageNumber() == 1 and marker.y is not None:
                used = longest - layout.margin_top - marker.y
                height = min(longest, used + layout.margin_top + layout.margin_bottom + 0.5)
            moved = [f"1 0 0 1 0 {height - longest:.4f} cm"] if height < longest else []
            decoration: list[str] = []
            if decorate is not None and docs:
                doc = docs[0]
                kept = doc.pagesize
                doc.pagesize = (width, height)
                mark = len(self._code)
                decorate(self, doc)
                decoration = self._code[mark:]
                del self._code[mark:]
                doc.pagesize = kept
            self._code[0:0] = [*decoration, *moved]
            self.setPageSize((width, height))
            super().showPage()
            self.setPageSize((width, longest))

    pdf, _ = build_pdf(
        layout, longest, lambda: [*story(), marker], info, remember, canvasmaker=CutCanvas
    )
    return pdf


def page_footer(layout: PaperLayout, left: str, page_total: int) -> PageDecoration:
    """``left`` and page n of m at the foot of every page."""
    font = ensure_fonts()

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        _draw_footer(canvas, layout, font, left, doc.page, page_total)

    return draw


def _draw_footer(
    canvas: Canvas, layout: PaperLayout, font: str, left: str, page: int, page_total: int
) -> None:
    canvas.saveState()
    canvas.setFont(font, layout.base_size * 0.8)
    canvas.setFillGray(0.35)
    y = layout.margin_bottom / 2
    canvas.drawString(layout.margin_x, y, left)
    canvas.drawRightString(
        layout.page_width - layout.margin_x, y, f"第 {page} 页 / 共 {page_total} 页"
    )
    canvas.restoreState()


class EndMarker(Flowable):
    """Zero-height flowable that remembers where on the page it was drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.y: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self.y = y

    def draw(self) -> None:
        pass


class SignatureImage(Flowable):
    """A signature from the signature pad scaled to fit ``max_width`` × ``max_height``, aspect
    kept, drawn from its print rendition (:mod:`hall_desk.documents.signature_print`): the one
    kept beside the signature (``rendition``, its stored bytes), or for a signature without one
    made here from ``png``. It takes ``max_width`` so it sits left-aligned on its signature line."""

    def __init__(
        self,
        png: bytes,
        *,
        max_width: float,
        max_height: float,
        rendition: bytes | None = None,
    ) -> None:
        super().__init__()
        self._rendition = (
            PrintRendition.from_bytes(rendition)
            if rendition is not None
            else make_print_rendition(png)
        )
        pixel_width = self._rendition.source_width
        pixel_height = self._rendition.source_height
        scale = min(max_width / pixel_width, max_height / pixel_height)
        self.width = pixel_width * scale
        self.height = pixel_height * scale
        self._box_width = max_width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self._box_width, self.height

    def draw(self) -> None:
        draw_print_rendition(self.canv, self._rendition, 0, 0, self.width, self.height)


def _plain(canvas: Canvas, doc: BaseDocTemplate) -> None:
    return None
