"""What the documents are made from: plain data, no ReportLab, so that the app can name a paper
size or build a receipt's data without paying for ReportLab's import at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Paper(StrEnum):
    A4 = "A4"
    ROLL_80MM = "80mm"


@dataclass(frozen=True)
class ReceiptData:
    hall_name: str
    hall_service_phone: str
    complaint_number: str
    masked_phone: str
    main_class: str
    sub_class: str
    summary: str
    customer_request: str
    accepted_at: str
    reply_due: str
    regulator_due: str
    first_responder_name: str
    first_responder_no: str
    reprint: bool = False
    printed_at: str = ""


@dataclass(frozen=True)
class SlipSignatory:
    """A member of staff as printed on a document: name, staff number (工号), when they acted."""

    name: str
    staff_no: str = ""
    at: str = ""


@dataclass(frozen=True)
class RefundSlipData:
    """Everything a refund slip (退费单) prints, already formatted and masked, like ReceiptData.

    Approval, one of three cases:
    - approved at the hall: ``approved_by`` set; under a store manager's delegation also
      ``delegated_by`` (the manager's name) and ``delegation_until`` (end of the period);
    - decided by head office: ``head_office=True`` and ``approved_by`` = head office's operator;
    - awaiting head office (待总部审批): ``provisional=True`` and ``approved_by=None``; the slip is
      marked 非正式凭证 on every page.
    """

    slip_number: str
    hall_name: str
    hall_service_phone: str
    complaint_number: str
    customer_name: str
    masked_phone: str
    amount_figures: str  # "¥150.00" (hall_desk.domain.money.format_yuan)
    amount_capitals: str  # "壹佰伍拾元整" (yuan_in_capitals; the slip adds 人民币)
    account_type: str  # "预付费" / "后付费（全球通）"
    method: str  # "话费账户返还（总部电子工单）" / "充值卡返还"
    checked: str  # what was checked and what was found (先确认，后退费)
    reason: str
    proposed_by: SlipSignatory
    approved_by: SlipSignatory | None = None
    disputed_item: str = ""  # the disputed charge, e.g. "视频会员包 2026年10月"
    method_reason: str = ""  # why a top-up card is handed back (充值卡返还 only)
    delegated_by: str = ""
    delegation_until: str = ""
    head_office: bool = False
    provisional: bool = False
    signature_png: bytes | None = None  # the customer's signature (SignaturePad.signature_png)
    signature_print: bytes | None = None  # its print rendition (as AgreementSignature's)
    retention_years: int = 5  # DOMAIN.md "Keeping records": ordinary-business paper, 5 years
    reprint: bool = False
    printed_at: str = ""
    # issue 16: head office's execution as the desk knows it when printing ("已到账 2026-11-23
    # （计费流水 …）", "执行失败：…", "待执行", "未上传总部", or for 充值卡返还 "营业厅当场返还，
    # 无需总部执行"), the decision chain ("周敏 建议同意 → 李华（部门负责人）决定") and a 销户
    # refund's rows (the destination masked)
    execution: str = ""
    credited: bool = False
    decision_chain: str = ""
    closure_rows: tuple[tuple[str, str], ...] = ()


# --- 过户 (transfer of ownership) -----------------------------------------------------------------


class AgreementCopy(StrEnum):
    """Which copy of a transfer document: the hall keeps full identity numbers, the customer's
    copy shows them masked (110101********1234)."""

    HALL = "营业厅留存联"
    CUSTOMER = "客户联"


@dataclass(frozen=True)
class AgreementParty:
    """A party (or agent) as printed: ``id_number`` is the FULL number; the renderer masks it on
    the customer's copy."""

    role_label: str  # "原机主" / "新机主" / "代办人（代原机主）"
    id_type: str  # IdType value, e.g. "居民身份证"
    id_number: str
    name: str
    address: str


@dataclass(frozen=True)
class AgreementSignature:
    """One signature on a transfer document: who, as what, when, and the pad's PNG (None: the
    line is left for a pen)."""

    label: str  # "新机主签名" / "经办营业员" / "见证人（值班经理）"
    signer: str  # printed name, e.g. "张三（工号 3001）"
    png: bytes | None
    at: str  # local time text
    # its print rendition's stored bytes (hall_desk.documents.signature_print), kept beside the
    # signature since it was captured; None: the document makes it from ``png``. Not printed
    # content: the fingerprint leaves it out.
    print_rendition: bytes | None = None


@dataclass(frozen=True)
class EvidenceFile:
    """A file attached to a 特殊过户 work order (photo of an ID card, invoice scan …)."""

    name: str
    media_type: str
    size: int  # bytes
    sha256: str  # hex


@dataclass(frozen=True)
class TransferAgreementData:
    """Everything the 过户协议 and the 完善客户资料协议 print, already formatted (times local)."""

    document_no: str
    transfer_number: str
    kind: str  # TransferKind value: "过户" / "特殊过户"
    hall_name: str
    hall_code: str
    desk_code: str
    service_phone: str
    phone: str  # the number transferred, in full: it is the subject of the agreement
    account_type: str  # "预付费" / "后付费（全球通）"
    opened_on: str  # local date text
    opened_checked: str  # who checked the opening date where
    registered_owner: AgreementParty | None  # None: 特殊过户 without the owner's identity at hand
    new_owner: AgreementParty
    agents: tuple[AgreementParty, ...] = ()
    proofs: tuple[str, ...] = ()  # 特殊过户: the proofs as printed lines
    exceptional_approval: str = ""  # "" or the store manager's approval and written reason
    evidence_files: tuple[EvidenceFile, ...] = ()
    signatures: tuple[AgreementSignature, ...] = ()
    signed_at: str = ""
    retention_label: str = ""  # "基础业务档案，保存 25 年（至 2051-11-22）"
    printed_at: str = ""


@dataclass(frozen=True)
class ReportComplaint:
    """One complaint on a list of the handover report, already formatted and masked."""

    number: str
    masked_phone: str
    classes: str  # 大类 / 子类
    tier: str
    accepted_at: str
    reply_due: str
    state: str
    responsible: str  # 首问责任人 (→ the current handler after a 转派)
    note: str = ""  # the list's own column: how long overdue, how long left …


@dataclass(frozen=True)
class ReportList:
    title: str
    rows: tuple[ReportComplaint, ...]
    note_title: str = ""  # the header of the notes' column
    empty_text: str = "无"
    left_out: int = 0  # more complaints than the list prints


@dataclass(frozen=True)
class ReportTable:
    """A small table of figures: a header row and rows of already formatted cells."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class HandoverReportData:
    """交班报表 (a day) or 投诉统计报表 (another period): figures, tables, then the lists."""

    title: str
    hall_name: str
    desk_code: str
    period_text: str
    printed_at: str
    printed_by: str
    figures: tuple[tuple[str, str], ...]  # label, value
    tables: tuple[ReportTable, ...]
    hot_spots: tuple[str, ...]
    hot_spot_rule: str
    lists_note: str  # what "now" the lists are as of
    lists: tuple[ReportList, ...]
