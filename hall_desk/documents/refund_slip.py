"""The refund slip (退费单) for a complaint, printed for the customer and signed by them.

It shows what was refunded and why (the amount in figures and in Chinese capitals), what was
checked first (先确认，后退费), who proposed and who approved it (and under whose delegation), and
the customer's signature. A slip printed while head office has not yet decided is marked
待总部审批 — 非正式凭证 on every page; a second print of a slip is marked 补打.

Two papers, like the receipt: A4 portrait (numbered pages) and an 80 mm till roll whose page is
exactly as long as its content. Everything shown is passed in already formatted and masked
(:class:`~hall_desk.documents.data.RefundSlipData`): this module decides layout only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Paragraph, Spacer, Table

from hall_desk.documents.data import Paper, RefundSlipData, SlipSignatory
from hall_desk.documents.fonts import ensure_fonts
from hall_desk.documents.styles import (
    A4_PAPER,
    INK,
    ROLL_PAPER,
    DocumentStyles,
    PaperLayout,
    PdfInfo,
    SignatureImage,
    build_numbered_pages,
    build_roll,
    document_styles,
    label_value_table,
    rule,
    table_style,
)

TITLE = "退费单"
REPRINT_MARK = "补打"
PROVISIONAL_MARK = "待总部审批 — 非正式凭证"
PROVISIONAL_NOTE = "本退费申请超出营业厅审批权限，已提交总部审批。审批通过前，本单不作为退费凭证。"
HEAD_OFFICE = "总部审批"
AWAITING_HEAD_OFFICE = "待总部审批"
CURRENCY = "人民币"
CUSTOMER_CONFIRMS = "本人已核对上述退费金额、方式及原因，确认无误。"
NO_CASH = "营业厅不以现金支付退费。"
SIGNATURE_LABEL = "客户签名："


@dataclass(frozen=True)
class _SlipLayout:
    paper: PaperLayout
    signature_height: float  # the signature image's height at most
    signature_label_width: float  # A4: label beside the signature; roll: label above it


_A4 = _SlipLayout(
    paper=A4_PAPER,
    signature_height=20 * mm,
    signature_label_width=24 * mm,
)
_ROLL = _SlipLayout(
    paper=replace(ROLL_PAPER, label_width=17 * mm),
    signature_height=16 * mm,
    signature_label_width=0,
)


def render_refund_slip(data: RefundSlipData, paper: Paper = Paper.A4) -> bytes:
    """The refund slip as PDF bytes; identical input gives identical bytes."""
    ensure_fonts()
    info = PdfInfo(title=f"{TITLE} {data.slip_number}", author=data.hall_name, subject=TITLE)
    decorate = _provisional_watermark if data.provisional else None
    if Paper(paper) is Paper.ROLL_80MM:
        styles = document_styles(_ROLL.paper.base_size)
        return build_roll(_ROLL.paper, lambda: _story(data, styles, _ROLL), info, decorate)
    styles = document_styles(_A4.paper.base_size)
    return build_numbered_pages(
        _A4.paper,
        A4[1],
        lambda: _story(data, styles, _A4),
        info,
        footer_left=f"退费单号 {data.slip_number}",
        decorate=decorate,
    )


# --- the story ----------------------------------------------------------------------------------


def _story(data: RefundSlipData, styles: DocumentStyles, layout: _SlipLayout) -> list[Flowable]:
    paper = layout.paper
    boxed = paper.boxed_table
    return [
        *_title_block(data, styles, paper.content_width),
        rule(dashed=not boxed, space=6 if boxed else 4),
        label_value_table(
            _field_rows(data, styles),
            styles,
            width=paper.content_width,
            label_width=paper.label_width,
            boxed=boxed,
            split_in_row=True,  # 核实情况 and 退费原因 are free text of any length
        ),
        rule(dashed=True) if not boxed else Spacer(1, 4 * mm),
        # The customer's confirmation, the signature and the closing lines stay on one page.
        KeepTogether([*_signature_block(data, styles, layout), *_closing(data, styles)]),
    ]


def _title_block(data: RefundSlipData, styles: DocumentStyles, width: float) -> list[Flowable]:
    title = f"{TITLE}（{REPRINT_MARK}）" if data.reprint else TITLE
    parts: list[Flowable] = [
        Paragraph(escape(data.hall_name), styles.subtitle),
        Paragraph(escape(title), styles.title),
    ]
    if data.provisional:
        parts += [Spacer(1, styles.base_size * 0.3), _provisional_box(styles, width)]
    return parts


def _provisional_box(styles: DocumentStyles, width: float) -> Table:
    box = Table(
        [
            [Paragraph(f"<b>{escape(PROVISIONAL_MARK)}</b>", styles.notice)],
            [Paragraph(escape(PROVISIONAL_NOTE), styles.small_center)],
        ],
        colWidths=[width],
    )
    pad = styles.base_size * 0.5
    box.setStyle(
        table_style(
            [("BOX", (0, 0), (-1, -1), 1.2, INK), ("TOPPADDING", (0, 1), (0, 1), 0)],
            padding=pad,
        )
    )
    return box


def _field_rows(data: RefundSlipData, styles: DocumentStyles) -> list[tuple[str, str | Flowable]]:
    method = data.method
    if data.method_reason:
        method = f"{method}（原因：{data.method_reason}）"
    rows: list[tuple[str, str | Flowable]] = [
        ("退费单号", data.slip_number),
        ("投诉编号", data.complaint_number),
        ("客户姓名", data.customer_name),
        ("联系电话", data.masked_phone),
        ("账户类型", data.account_type),
    ]
    if data.disputed_item:
        rows.append(("退费项目", data.disputed_item))
    rows += [
        ("退费金额", Paragraph(f"<b>{escape(_figures(data.amount_figures))}</b>", styles.emphasis)),
        ("金额大写", Paragraph(f"{CURRENCY}{escape(data.amount_capitals)}", styles.emphasis)),
        ("退费方式", method),
        ("核实情况", data.checked),
        ("退费原因", data.reason),
        ("申请人", _signatory(data.proposed_by)),
        ("审批人", _approval(data)),
    ]
    if data.decision_chain:  # issue 16: who recommended, who decided at head office
        rows.append(("总部审批", data.decision_chain))
    rows += list(data.closure_rows)  # 销户: balance and destination (masked)
    if data.execution:
        rows.append(("到账情况", data.execution))
    return rows


def _figures(amount: str) -> str:
    """¥150.00 → ¥ 150.00: the sign set apart from the digits, as on a bank slip."""
    if amount.startswith("¥") and not amount.startswith("¥ "):
        return "¥ " + amount[1:]
    return amount


def _signatory(person: SlipSignatory) -> str:
    text = person.name
    if person.staff_no:
        text = f"{text}（工号 {person.staff_no}）"
    if person.at:
        text = f"{text}  {person.at}"
    return text


def _approval(data: RefundSlipData) -> str:
    if data.provisional or data.approved_by is None:
        return AWAITING_HEAD_OFFICE
    approver = _signatory(data.approved_by)
    if data.head_office:
        return f"{HEAD_OFFICE}（经办：{approver}）"
    if data.delegated_by:
        until = f"，有效期至 {data.delegation_until}" if data.delegation_until else ""
        return f"{approver}\n（受 {data.delegated_by} 授权{until}）"
    return approver


def _signature_block(
    data: RefundSlipData, styles: DocumentStyles, layout: _SlipLayout
) -> list[Flowable]:
    width = layout.paper.content_width
    label = Paragraph(SIGNATURE_LABEL, styles.value)
    line_width = width - layout.signature_label_width
    if data.signature_png:
        mark: Flowable = SignatureImage(
            data.signature_png,
            max_width=line_width,
            max_height=layout.signature_height,
            rendition=data.signature_print,
        )
    else:
        mark = Spacer(line_width, layout.signature_height)
    if layout.signature_label_width:  # label beside the line
        cells = [[label, mark]]
        col_widths = [layout.signature_label_width, line_width]
        line_cell = (1, 0)
    else:  # label above the line
        cells = [[label], [mark]]
        col_widths = [width]
        line_cell = (0, 1)
    block = Table(cells, colWidths=col_widths, hAlign="LEFT")
    block.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", line_cell, line_cell, 0.8, INK),
                ("BOTTOMPADDING", line_cell, line_cell, 1),
            ]
        )
    )
    return [
        Spacer(1, styles.base_size * 0.6),
        Paragraph(escape(CUSTOMER_CONFIRMS), styles.body),
        Spacer(1, styles.base_size * 0.4),
        block,
    ]


def _closing(data: RefundSlipData, styles: DocumentStyles) -> list[Flowable]:
    phone = escape(data.hall_service_phone)
    notes = [
        NO_CASH,
        f"如有疑问，请致电本厅服务电话 <b>{phone}</b>，并告知投诉编号。",
        f"本单据保管期限：{data.retention_years} 年。",
    ]
    parts: list[Flowable] = [Spacer(1, styles.base_size * 0.8)]
    parts += [Paragraph(note, styles.small) for note in notes]
    if data.reprint:
        when = f"，补打时间：{escape(data.printed_at)}" if data.printed_at else ""
        parts.append(Paragraph(f"<b>【{REPRINT_MARK}】</b>本退费单为补打件{when}。", styles.body))
        if data.execution:  # issue 16: whether it was credited, as of the reprint
            credited = "已到账" if data.credited else "尚未到账"
            parts.append(
                Paragraph(
                    f"截至补打时：<b>{credited}</b>（{escape(data.execution)}）。", styles.body
                )
            )
    elif data.printed_at:
        parts.append(Paragraph(f"打印时间：{escape(data.printed_at)}", styles.small))
    return parts


def _provisional_watermark(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """A light diagonal 非正式凭证 across every page of a provisional slip."""
    width, height = doc.pagesize
    size = min(width, height) / 7
    canvas.saveState()
    canvas.setFont(ensure_fonts(), size)
    canvas.setFillGray(0.88)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35 if height > width * 1.2 else 20)
    canvas.drawCentredString(0, -size / 3, "非正式凭证")
    canvas.restoreState()
