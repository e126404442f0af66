"""The documents of a transfer of ownership (过户): the 过户协议 for both kinds, and for a 特殊过户
also the 完善客户资料协议 (the new owner's data completed, the proofs and the evidence attached to
the work order, witnessed by the clerk and a shift leader / store manager).

Each prints in two copies (:class:`~hall_desk.documents.data.AgreementCopy`): the hall's copy shows
the identity numbers in full, the customer's copy masked (110101********1234). Both carry the
reminder that the new owner signs a new 入网协议, the retention class, and a QR code with the
document number and a short content hash (:func:`fingerprint`, printed beside it as 校验码). The
final PDF is then certified with the hall's key (:mod:`hall_desk.documents.certify`).

A4 only (the parties sign on paper at the counter, the hall files it). Everything shown is passed in
already formatted (:class:`~hall_desk.documents.data.TransferAgreementData`); this module decides
layout and masks the identity numbers of the customer's copy, nothing else. Identical input gives
identical bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hall_desk.documents.data import (
    AgreementCopy,
    AgreementParty,
    AgreementSignature,
    EvidenceFile,
    TransferAgreementData,
)
from hall_desk.documents.fonts import ensure_fonts
from hall_desk.documents.receipt import qr_drawing
from hall_desk.documents.styles import (
    A4_PAPER,
    INK,
    LEADING_RATIO,
    RULE,
    SHADE,
    DocumentStyles,
    PageDecoration,
    PdfInfo,
    SignatureImage,
    TableCommand,
    build_numbered_pages,
    document_styles,
    label_value_table,
    markup,
    table_style,
)
from hall_desk.domain.identity import mask_id_number

AGREEMENT = "过户协议"
PROFILE_AGREEMENT = "完善客户资料协议"
SPECIAL = "特殊过户"
QR_SCHEME = "HD1"
"""First field of the QR text ``HD1|<document number>|<校验码>``: lets a scanner tell our codes."""
FINGERPRINT_HEX = 16

ACCESS_REMINDER = "重要提示：过户办理完成后，新机主须与本公司另行签订新的《入网协议》。"
VERIFY_NOTE = (
    "本协议的电子文件已由营业厅数字签章，任何改动均可被检出。扫描二维码可核对协议编号与校验码。"
)

AGREEMENT_CLAUSES = (
    "原机主同意将上述号码的使用权过户给新机主，新机主同意接收，双方就此达成本协议。",
    "自过户办理完成之日起，该号码的使用权、账户余额、已订购业务及未到期的合约义务由新机主"
    "承受，此后产生的全部费用由新机主承担；过户前产生的费用及欠费由原机主结清。",
    "过户完成后，原机主对该号码的一切权利（包括查询、变更、办理业务及原服务密码）随即终止，"
    "原机主签订的《入网协议》同时终止；新机主应尽快设置新的服务密码。",
    "各方确认所提供的身份证件真实有效、所填资料真实准确；因提供虚假资料产生的责任由提供方承担。",
    "营业厅依法保护各方个人信息，所留存的身份资料仅用于办理本业务及依法保存，不作他用。",
    "本协议一式两份，营业厅留存联与客户联具有同等效力，自各方签字之日起生效。",
)
SPECIAL_CLAUSES = (
    "原机主未到场。新机主凭有效身份证件及下列证明材料申请特殊过户，并保证所提供材料真实、"
    "来源合法；因材料不实给原机主或他人造成损失的，由新机主承担全部责任。",
    *AGREEMENT_CLAUSES[1:],
)
PROFILE_CLAUSES = (
    "新机主确认上述资料真实、准确、完整，并同意营业厅据此完善该号码的客户资料。",
    "上述证明材料已经营业厅当面核验，其电子文件已归档于过户工单，文件摘要（SHA-256）列于附件清单。",
    "经办营业员与值班经理（或店长）当面见证新机主签署本协议。",
    "因提供虚假资料或冒用他人身份产生的一切法律责任，由新机主承担。",
)


@dataclass(frozen=True)
class _Layout:
    qr_size: float = 25 * mm
    qr_column: float = 36 * mm
    signature_height: float = 12 * mm
    signature_columns: int = 3
    party_columns: tuple[float, ...] = (
        33 * mm,
        23 * mm,
        38 * mm,
        20 * mm,
    )  # address takes the rest
    number_value_width: float = 36 * mm


_LAYOUT = _Layout()
_PAPER = A4_PAPER
_Story = Callable[[TransferAgreementData, AgreementCopy, str, DocumentStyles], list[Flowable]]


# --- public API ---------------------------------------------------------------------------------


def transfer_agreement_pdf(
    data: TransferAgreementData, copy: AgreementCopy, fingerprint: str
) -> bytes:
    """The 过户协议 (both kinds) as PDF bytes, in the given copy, with ``fingerprint`` as 校验码."""
    printed = for_copy(data, copy)
    return _render(printed, AgreementCopy(copy), fingerprint, AGREEMENT, _agreement_story)


def profile_agreement_pdf(
    data: TransferAgreementData, copy: AgreementCopy, fingerprint: str
) -> bytes:
    """The 完善客户资料协议 of a 特殊过户 as PDF bytes."""
    printed = for_copy(data, copy)
    return _render(printed, AgreementCopy(copy), fingerprint, PROFILE_AGREEMENT, _profile_story)


def fingerprint(data: TransferAgreementData, copy: AgreementCopy, kind_of_document: str) -> str:
    """A short content hash of what the document prints (16 hex of SHA-256 over canonical JSON).

    Computed over the data *as printed on that copy*: on the customer's copy the identity numbers
    are masked before hashing, otherwise the 校验码 printed beside the masked number would let
    anybody recover the hidden birth date by trying the few thousand possible dates.
    Signature images count by their SHA-256 (their print renditions, derived from them, not at
    all). Deterministic.
    """
    printed = for_copy(data, copy)
    content: dict[str, Any] = asdict(printed)
    content["signatures"] = [
        {
            **{k: v for k, v in sig.items() if k != "print_rendition"},
            "png": hashlib.sha256(sig["png"]).hexdigest() if sig["png"] else None,
        }
        for sig in content["signatures"]
    ]
    content["copy"] = AgreementCopy(copy).value
    content["document"] = kind_of_document
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:FINGERPRINT_HEX]


def qr_text(document_no: str, fingerprint: str) -> str:
    """What the QR code carries: ``HD1|<document number>|<校验码>``."""
    return f"{QR_SCHEME}|{document_no}|{fingerprint}"


def for_copy(data: TransferAgreementData, copy: AgreementCopy) -> TransferAgreementData:
    """The data as printed on ``copy``: the customer's copy has every identity number masked."""
    if AgreementCopy(copy) is AgreementCopy.HALL:
        return data

    def masked(party: AgreementParty) -> AgreementParty:
        return replace(party, id_number=mask_id_number(party.id_number))

    return replace(
        data,
        registered_owner=masked(data.registered_owner) if data.registered_owner else None,
        new_owner=masked(data.new_owner),
        agents=tuple(masked(agent) for agent in data.agents),
    )


# --- rendering ----------------------------------------------------------------------------------


def _render(
    data: TransferAgreementData,
    copy: AgreementCopy,
    fingerprint: str,
    title: str,
    story: _Story,
) -> bytes:
    ensure_fonts()
    styles = document_styles(_PAPER.base_size)
    info = PdfInfo(title=f"{title} {data.document_no}", author=data.hall_name, subject=title)
    return build_numbered_pages(
        _PAPER,
        A4[1],
        lambda: story(data, copy, fingerprint, styles),
        info,
        footer_left=f"{title} {data.document_no}  {copy.value}",
        decorate=_copy_mark(copy),
    )


def _agreement_story(
    data: TransferAgreementData, copy: AgreementCopy, fp: str, styles: DocumentStyles
) -> list[Flowable]:
    special = data.kind == SPECIAL
    parts: list[Flowable] = [
        *_header(data, fp, styles, AGREEMENT),
        _heading("一、过户号码", styles),
        _number_table(data, styles),
        _heading("二、当事人身份信息", styles),
        _party_table(data, styles),
        _heading("三、协议条款", styles),
        *_numbered(SPECIAL_CLAUSES if special else AGREEMENT_CLAUSES, styles),
    ]
    if special:
        parts += [_heading("四、特殊过户证明材料", styles), *_proofs(data, styles)]
        parts.append(
            Paragraph(
                f"新机主已另行签署《{PROFILE_AGREEMENT}》，证明材料已归档于过户工单"
                f"（共 {len(data.evidence_files)} 个文件）。",
                styles.body,
            )
        )
    parts += _ending(data, copy, styles)
    return parts


def _profile_story(
    data: TransferAgreementData, copy: AgreementCopy, fp: str, styles: DocumentStyles
) -> list[Flowable]:
    return [
        *_header(data, fp, styles, PROFILE_AGREEMENT),
        _heading("一、号码信息", styles),
        _number_table(data, styles),
        _heading("二、客户资料（完善后）", styles),
        Paragraph("新机主资料如下，自本协议签署之日起作为该号码的客户资料：", styles.body),
        _party_table(data, styles),
        _heading("三、证明材料", styles),
        *_proofs(data, styles),
        _heading("四、附件清单（已归档于过户工单）", styles),
        _evidence_table(data.evidence_files, styles),
        _heading("五、确认", styles),
        *_numbered(PROFILE_CLAUSES, styles),
        *_ending(data, copy, styles),
    ]


def _header(
    data: TransferAgreementData, fp: str, styles: DocumentStyles, title: str
) -> list[Flowable]:
    width = _PAPER.content_width
    kind = data.kind
    if kind == SPECIAL:
        kind = f"{SPECIAL}（原机主未到场）"
    rows = [
        ("协议编号", data.document_no),
        ("过户单号", data.transfer_number),
        ("办理类型", kind),
        (
            "办理营业厅",
            f"{data.hall_name}（{data.hall_code}，台席 {data.desk_code}）\n"
            f"服务电话 {data.service_phone}",
        ),
    ]
    fields = label_value_table(
        rows, styles, width=width - _LAYOUT.qr_column, label_width=_PAPER.label_width
    )
    beside = Table(
        [[fields, _qr_block(data.document_no, fp, styles)]],
        colWidths=[width - _LAYOUT.qr_column, _LAYOUT.qr_column],
        hAlign="LEFT",
    )
    beside.setStyle(
        table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")])
    )
    return [
        Paragraph(escape(data.hall_name), styles.subtitle),
        Paragraph(escape(title), styles.title),
        Spacer(1, 2 * mm),
        beside,
    ]


def _qr_block(document_no: str, fp: str, styles: DocumentStyles) -> Table:
    size = _LAYOUT.qr_size
    caption = Paragraph(f"校验码<br/>{escape(_grouped(fp))}", styles.small_center)
    block = Table(
        [[qr_drawing(qr_text(document_no, fp), size)], [caption]],
        colWidths=[_LAYOUT.qr_column - 2 * mm],
        hAlign="RIGHT",
    )
    block.setStyle(table_style([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return block


def _grouped(fp: str) -> str:
    """1a2b3c4d5e6f7a8b → 1a2b3c4d 5e6f7a8b: easier to read aloud and compare."""
    return " ".join(fp[i : i + 8] for i in range(0, len(fp), 8))


def _heading(text: str, styles: DocumentStyles) -> Paragraph:
    """A section heading that never stays alone at the foot of a page."""
    style = ParagraphStyle("section", parent=styles.heading, keepWithNext=1)
    return Paragraph(escape(text), style)


def _number_table(data: TransferAgreementData, styles: DocumentStyles) -> Table:
    """The number and its account, two label/value pairs a row (a compact form keeps the normal
    agreement on one page)."""

    def label(text: str) -> Paragraph:
        return Paragraph(text, styles.label)

    def value(text: str) -> Paragraph:
        return Paragraph(markup(text), styles.value)

    rows = [
        [
            label("过户号码"),
            Paragraph(f"<b>{escape(data.phone)}</b>", styles.emphasis),
            label("账户类型"),
            value(data.account_type),
        ],
        [label("入网日期"), value(data.opened_on), label("核对情况"), value(data.opened_checked)],
    ]
    first = _LAYOUT.number_value_width
    widths = [_PAPER.label_width, first, _PAPER.label_width]
    widths.append(_PAPER.content_width - sum(widths))
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    pad = styles.base_size * 0.45
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("BACKGROUND", (2, 0), (2, -1), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), styles.base_size * 0.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), styles.base_size * 0.5),
            ],
            padding=pad,
        )
    )
    return table


def _party_table(data: TransferAgreementData, styles: DocumentStyles) -> Table:
    """证件类别, 证件号码, 姓名, 住址 of every party and agent, one row each."""
    head = ["身份", "证件类别", "证件号码", "姓名", "住址"]
    rows: list[list[Flowable | str]] = [[Paragraph(h, styles.label) for h in head]]
    cell = _list_style(styles)
    parties: list[AgreementParty] = []
    if data.registered_owner is not None:
        parties.append(data.registered_owner)
    parties.append(data.new_owner)
    parties.extend(data.agents)
    for party in parties:
        rows.append(
            [
                Paragraph(markup(text), cell)
                for text in (
                    party.role_label,
                    party.id_type,
                    party.id_number,
                    party.name,
                    party.address,
                )
            ]
        )
    commands: list[TableCommand] = []
    if data.registered_owner is None:
        absent = Paragraph(f"未到场（{SPECIAL}）", cell)
        rows.insert(1, [Paragraph("原机主", cell), absent, "", "", ""])
        commands.append(("SPAN", (1, 1), (-1, 1)))
    fixed = list(_LAYOUT.party_columns)
    widths = [*fixed, _PAPER.content_width - sum(fixed)]
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
    table.setStyle(_grid_style(styles, commands))
    return table


def _list_style(styles: DocumentStyles) -> ParagraphStyle:
    """The cells of a list table: a size smaller than body text, so an 18-digit number and a
    role such as 代办人（代新机主） fit their columns on one line."""
    size = styles.base_size * 0.9
    return ParagraphStyle(
        "list_cell", parent=styles.value, fontSize=size, leading=round(size * LEADING_RATIO, 1)
    )


def _grid_style(styles: DocumentStyles, extra: Sequence[TableCommand] = ()) -> TableStyle:
    """A list table: shaded header row, light grid."""
    pad = styles.base_size * 0.4
    return table_style(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            *extra,
        ],
        padding=pad,
    )


def _numbered(lines: Sequence[str], styles: DocumentStyles) -> list[Flowable]:
    return [Paragraph(f"{n}. {escape(line)}", styles.body) for n, line in enumerate(lines, start=1)]


def _proofs(data: TransferAgreementData, styles: DocumentStyles) -> list[Flowable]:
    parts = _numbered(data.proofs or ("（无）",), styles)
    if data.exceptional_approval:
        parts.append(
            Paragraph(f"<b>例外审批：</b>{markup(data.exceptional_approval)}", styles.body)
        )
    return parts


def _evidence_table(files: Sequence[EvidenceFile], styles: DocumentStyles) -> Table:
    head = ["序号", "文件名", "类型", "大小", "SHA-256（前12位）"]
    rows: list[list[Flowable | str]] = [[Paragraph(h, styles.label) for h in head]]
    cell = _list_style(styles)
    for n, item in enumerate(files, start=1):
        rows.append(
            [
                Paragraph(markup(text), cell)
                for text in (
                    str(n),
                    item.name,
                    item.media_type,
                    file_size(item.size),
                    item.sha256[:12],
                )
            ]
        )
    if not files:
        rows.append(["", Paragraph("（无附件）", cell), "", "", ""])
    fixed = [12 * mm, 0.0, 30 * mm, 20 * mm, 33 * mm]
    fixed[1] = _PAPER.content_width - sum(fixed)
    table = Table(rows, colWidths=fixed, hAlign="LEFT", repeatRows=1)
    table.setStyle(_grid_style(styles))
    return table


def file_size(size: int) -> str:
    """350 B, 12.5 KB, 2.3 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _ending(
    data: TransferAgreementData, copy: AgreementCopy, styles: DocumentStyles
) -> list[Flowable]:
    """The reminder, the signatures and the closing lines: kept on one page together."""
    closing = [f"档案保管：{data.retention_label}"] if data.retention_label else []
    times = [f"签署时间：{data.signed_at}"] if data.signed_at else []
    times += [f"打印时间：{data.printed_at}"] if data.printed_at else []
    if times:
        closing.append("；".join(times))
    closing.append(f"本联为{copy.value}。{VERIFY_NOTE}")
    return [
        Spacer(1, 2 * mm),
        KeepTogether(
            [
                _reminder_box(styles),
                Spacer(1, 2 * mm),
                _signatures(data.signatures, styles),
                Spacer(1, 1.5 * mm),
                *[Paragraph(escape(line), styles.small) for line in closing],
            ]
        ),
    ]


def _reminder_box(styles: DocumentStyles) -> Table:
    box = Table(
        [[Paragraph(f"<b>{escape(ACCESS_REMINDER)}</b>", styles.emphasis)]],
        colWidths=[_PAPER.content_width],
    )
    box.setStyle(table_style([("BOX", (0, 0), (-1, -1), 1.5, INK)], padding=styles.base_size * 0.7))
    return box


def _signatures(signatures: Sequence[AgreementSignature], styles: DocumentStyles) -> Table:
    columns = _LAYOUT.signature_columns
    width = _PAPER.content_width / columns
    cells: list[Flowable | str] = [
        _signature_cell(sig, styles, width - 6 * mm) for sig in signatures
    ]
    while len(cells) % columns or not cells:
        cells.append("")
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    table = Table(rows, colWidths=[width] * columns, hAlign="LEFT")
    table.setStyle(
        table_style(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -2), 3 * mm)]
        )
    )
    return table


def _signature_cell(sig: AgreementSignature, styles: DocumentStyles, width: float) -> Table:
    height = _LAYOUT.signature_height
    mark: Flowable
    if sig.png:
        mark = SignatureImage(
            sig.png, max_width=width, max_height=height, rendition=sig.print_rendition
        )
    else:
        mark = Spacer(width, height)
    rows = [
        [Paragraph(f"{escape(sig.label)}：", styles.label)],
        [mark],
        [Paragraph(markup(sig.signer), styles.value)],
        [Paragraph(markup(sig.at), styles.small)],
    ]
    cell = Table(rows, colWidths=[width], hAlign="LEFT")
    cell.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (0, 1), (0, 1), 0.8, INK),
                ("BOTTOMPADDING", (0, 1), (0, 1), 1),
                ("TOPPADDING", (0, 2), (0, 2), 2),
            ]
        )
    )
    return cell


def _copy_mark(copy: AgreementCopy) -> PageDecoration:
    """The copy's name boxed at the top right of every page."""
    font = ensure_fonts()
    size = _PAPER.base_size

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = doc.pagesize
        text = copy.value
        text_width = canvas.stringWidth(text, font, size)
        pad = 1.5 * mm
        right = width - _PAPER.margin_x
        baseline = height - _PAPER.margin_top / 2 - size / 3
        canvas.saveState()
        canvas.setFont(font, size)
        canvas.setLineWidth(0.8)
        canvas.rect(
            right - text_width - 2 * pad, baseline - pad, text_width + 2 * pad, size + 2 * pad
        )
        canvas.drawRightString(right - pad, baseline + size * 0.12, text)
        canvas.restoreState()

    return draw
