"""过户 — transfer of ownership (DOMAIN.md "Transfer of ownership", "Keeping records"): who the
parties are, the evidence of a 特殊过户 and whether a transfer may go ahead. Pure Python: no I/O;
"now" is always passed in (the service's injectable clock).

- Two kinds: 过户 (the registered owner and the new owner are both present) and 特殊过户 (the
  registered owner is absent).
- Account age: the account must have been open **longer than** 30 days (预付费) / 90 days
  (后付费), policy defaults. The business system shows the opening *date*; ages are whole calendar
  days in Asia/Shanghai between that date and today's local date, so "longer than 30 days" means
  at least 31: an account opened on 1 October may be transferred from 1 November, 00:00 Beijing
  time (:func:`eligible_from`).
- 特殊过户: at least two of three proofs — the SIM card in working order (checked at the counter),
  the valid service password, top-up invoices from at least three different months within the
  last six calendar months (this month and the five before it; fixed-value 定额 invoices never
  count). Invoices as the only proof are refused unless a store manager (店长) approves the
  exceptional procedure with a written reason after the extra checks (recent usage, plan
  details); the service authenticates the approver and fills :class:`ExceptionalApproval`.
- Signatures: 过户 — the registered owner, the new owner and the clerk sign; 特殊过户 — the new owner
  signs, the clerk and a shift leader (值班经理) or store manager witness, two different people.
- :func:`check_eligibility` collects **every** refusal, each a :class:`TransferRefused` whose code
  names the rule and whose params say what would satisfy it; nothing the clerk typed is touched.
  :func:`check_conditions` is the part that can be known before anybody signs (the wizard asks it
  first); :func:`check_signatures` the rest.
- Records: the agreements are basic-business paper records (基础业务, 25 years by default); the
  identity data taken is kept for the service period plus 2 years (:func:`paper_kept_until`,
  :func:`identity_kept_until`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from hall_desk.domain.clock import SHANGHAI
from hall_desk.domain.errors import DomainError, ErrorCollector, ValidationError
from hall_desk.domain.identity import normalise_resident_id, validate_resident_id
from hall_desk.domain.policy import Policy, RetentionClass, Role
from hall_desk.domain.refunds import AccountType  # 预付费 / 后付费（全球通）: one enum for the desk
from hall_desk.domain.staff import Permission, may
from hall_desk.domain.text import NUL, TEXT_NUL

# -- refusal codes (params in the comment) ------------------------------------------------------
ACCOUNT_TOO_YOUNG = "transfer.account_too_young"  # days, needed, eligible_on (ISO date)
OPENED_IN_FUTURE = "transfer.opened_in_future"  # opened_on
TOO_FEW_PROOFS = "transfer.too_few_proofs"  # have, needed, missing (Proof names)
INVOICE_MONTHS = "transfer.invoice_months"  # months, needed, window, since, outside, fixed_value
INVOICES_ALONE = "transfer.invoices_alone"  # needs (the approving role)
APPROVAL_ROLE = "transfer.approval_role"  # role, needs
APPROVAL_REASON = "transfer.approval_reason"  # the written reason is missing
APPROVAL_CHECKS = "transfer.approval_checks"  # missing: "recent_usage", "plan"
APPROVAL_APPROVER = "transfer.approval_approver"  # no staff number
REGISTERED_OWNER_MISSING = "transfer.registered_owner_missing"  # 过户 needs the registered owner
SIGNATURE_MISSING = "transfer.signature_missing"  # who
WITNESS_ROLE = "transfer.witness_role"  # who, role, needs
SAME_WITNESS = "transfer.same_witness"  # staff_no

# -- field limits ---------------------------------------------------------------------------------
MAX_LEN = {"name": 40, "address": 200, "id_number": 30, "reason": 500}
_OTHER_ID = re.compile(r"^[A-Z0-9()\-]+$")


class TransferKind(StrEnum):
    NORMAL = "过户"  # registered owner and new owner both present
    SPECIAL = "特殊过户"  # the registered owner is absent


class IdType(StrEnum):
    """证件类别. The two resident ID cards share the 18-digit number checked by
    :func:`~hall_desk.domain.identity.validate_resident_id`; other numbers are only tidied."""

    RESIDENT_ID = "居民身份证"
    TEMPORARY_RESIDENT_ID = "临时居民身份证"
    HOUSEHOLD_REGISTER = "户口簿"
    HMT_RESIDENCE_PERMIT = "港澳台居民居住证"
    HK_MACAO_PERMIT = "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "台湾居民来往大陆通行证"
    FOREIGN_PERMANENT_RESIDENT = "外国人永久居留身份证"
    PASSPORT = "护照"


RESIDENT_ID_TYPES = frozenset({IdType.RESIDENT_ID, IdType.TEMPORARY_RESIDENT_ID})


class PartyRole(StrEnum):
    REGISTERED_OWNER = "原机主"
    NEW_OWNER = "新机主"


class Proof(StrEnum):
    """The three proofs of a 特殊过户."""

    SIM = "sim"  # SIM 卡可正常使用 (checked at the counter)
    PASSWORD = "password"  # 服务密码验证正确
    INVOICES = "invoices"  # 近期三个不同月份的充值发票（定额发票除外）


# -- the parties ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyIdentity:
    """The identity data taken for a transfer: 证件类别, 证件号码, 姓名, 住址."""

    id_type: IdType
    id_number: str
    name: str
    address: str


@dataclass(frozen=True)
class Agent:
    """Someone acting for a party (代办人); their identity is kept like the parties'."""

    acts_for: PartyRole
    identity: PartyIdentity


def _text(errors: ErrorCollector, value: str | None, field: str, key: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        errors.add("text.required", field)
    elif NUL in text:
        errors.add(TEXT_NUL, field)
    elif len(text) > MAX_LEN[key]:
        errors.add("text.too_long", field, max=MAX_LEN[key])
    return text


def collect_party(
    errors: ErrorCollector,
    prefix: str,
    *,
    id_type: str,
    id_number: str,
    name: str,
    address: str,
    today: date | None = None,
) -> PartyIdentity | None:
    """One party's identity, its bad fields added to ``errors`` as ``<prefix>.<field>`` (so a form
    with several parties marks them all at once). A resident ID number is checked digit by digit
    (``id.*`` codes); ``today`` (local) refuses a birth date in the future."""
    before = len(errors.errors)
    kind: IdType | None = None
    if not (id_type or "").strip():
        errors.add("choice.required", f"{prefix}.id_type")
    else:
        try:
            kind = IdType(id_type.strip())
        except ValueError:
            errors.add("choice.invalid", f"{prefix}.id_type")
    if kind in RESIDENT_ID_TYPES:
        number = (
            errors.check(
                lambda: validate_resident_id(id_number, f"{prefix}.id_number", today=today)
            )
            or ""
        )
    else:
        number = normalise_resident_id(id_number)
        if not number:
            errors.add("id.required", f"{prefix}.id_number")
        elif len(number) > MAX_LEN["id_number"]:
            errors.add("text.too_long", f"{prefix}.id_number", max=MAX_LEN["id_number"])
        elif not _OTHER_ID.match(number):
            errors.add("id.format", f"{prefix}.id_number")
    clean_name = _text(errors, name, f"{prefix}.name", "name")
    clean_address = _text(errors, address, f"{prefix}.address", "address")
    if len(errors.errors) > before or kind is None:
        return None
    return PartyIdentity(kind, number, clean_name, clean_address)


def validate_party(
    prefix: str,
    *,
    id_type: str,
    id_number: str,
    name: str,
    address: str,
    today: date | None = None,
) -> PartyIdentity:
    """:func:`collect_party` for one party alone: raises ``ValidationErrors``."""
    errors = ErrorCollector()
    party = collect_party(
        errors,
        prefix,
        id_type=id_type,
        id_number=id_number,
        name=name,
        address=address,
        today=today,
    )
    errors.raise_if_any()
    assert party is not None
    return party


# -- evidence, approval, signatures ---------------------------------------------------------------


@dataclass(frozen=True)
class TopUpInvoice:
    """One top-up invoice (充值发票): the month it is for (first day of that month) and whether it
    is a fixed-value invoice (定额发票, never counted)."""

    month: date
    fixed_value: bool

    def __post_init__(self) -> None:
        if self.month.day != 1 or isinstance(self.month, datetime):
            raise ValidationError("transfer.invoice_month", "invoices", month=str(self.month))


@dataclass(frozen=True)
class SpecialEvidence:
    """The proofs the new owner brings to a 特殊过户 (the files themselves live with the transfer)."""

    sim_working: bool = False  # SIM 卡可正常使用, checked at the counter
    password_verified: bool = False  # 服务密码验证正确
    invoices: tuple[TopUpInvoice, ...] = ()


@dataclass(frozen=True)
class ExceptionalApproval:
    """A store manager's approval of the exceptional "invoices only" procedure. The service fills
    it after the approver has authenticated on the terminal; the domain checks what it says."""

    approver_staff_no: str
    approver_role: Role
    reason: str  # 书面理由
    recent_usage_checked: bool = False  # extra check: recent usage (近期通话/上网记录)
    plan_checked: bool = False  # extra check: plan details (套餐信息)


@dataclass(frozen=True)
class StaffSigner:
    """A staff member who signed (and, as second witness, authenticated first)."""

    staff_no: str
    role: Role


@dataclass(frozen=True)
class Signatures:
    """Who has signed so far. Customers sign on the pad (the service keeps the images)."""

    new_owner: bool = False
    registered_owner: bool = False  # 过户 only
    clerk: StaffSigner | None = None
    second_witness: StaffSigner | None = None  # 特殊过户 only: 值班经理 or 店长


@dataclass(frozen=True)
class TransferDraft:
    kind: TransferKind
    account_type: AccountType
    opened_on: date  # 开户日期 as the business system shows it (local date)
    new_owner: PartyIdentity
    registered_owner: PartyIdentity | None = None  # required for 过户
    agents: tuple[Agent, ...] = ()
    evidence: SpecialEvidence = field(default_factory=SpecialEvidence)  # 特殊过户 only
    approval: ExceptionalApproval | None = None  # 特殊过户, invoices only
    signatures: Signatures = field(default_factory=Signatures)


# -- the result -----------------------------------------------------------------------------------


class TransferRefused(DomainError):
    """One rule the transfer does not meet; ``params`` say what would satisfy it."""


class TransferRefusals(DomainError):
    """Every refusal at once (raised by :meth:`Eligibility.raise_if_refused`)."""

    def __init__(self, refusals: Iterable[TransferRefused]) -> None:
        self.refusals = list(refusals)
        super().__init__("transfer.refused", None, count=len(self.refusals))


@dataclass(frozen=True)
class Eligibility:
    refusals: tuple[TransferRefused, ...]
    eligible_on: date  # the first local day the account is old enough
    proofs: frozenset[Proof] = frozenset()  # 特殊过户: the proofs that count
    invoice_months: tuple[date, ...] = ()  # the different months that count
    exceptional: bool = False  # allowed on invoices alone by a store manager's approval

    @property
    def ok(self) -> bool:
        return not self.refusals

    def codes(self) -> list[str]:
        return [r.code for r in self.refusals]

    def raise_if_refused(self) -> None:
        if self.refusals:
            raise TransferRefusals(self.refusals)


# -- the rules ------------------------------------------------------------------------------------


def local_today(now: datetime) -> date:
    """Today's date in Asia/Shanghai (``now`` must be timezone-aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(SHANGHAI).date()


def min_account_days(account_type: AccountType, policy: Policy) -> int:
    if account_type is AccountType.PREPAID:
        return policy.transfer_prepaid_min_days
    return policy.transfer_postpaid_min_days


def eligible_from(opened_on: date, account_type: AccountType, policy: Policy) -> date:
    """The first local day the account has been open *longer than* the minimum: opened + N + 1."""
    return opened_on + timedelta(days=min_account_days(account_type, policy) + 1)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def invoice_window(today: date, policy: Policy) -> tuple[date, date]:
    """(first month, last month) whose invoices count: this month and the N-1 before it."""
    first = _month_index(today) - (policy.transfer_invoice_window_months - 1)
    return date(first // 12, first % 12 + 1, 1), today.replace(day=1)


def counted_invoice_months(
    invoices: Iterable[TopUpInvoice], today: date, policy: Policy
) -> tuple[date, ...]:
    """The different months, within the window, of the invoices that are not fixed-value."""
    first, last = invoice_window(today, policy)
    return tuple(
        sorted({i.month for i in invoices if not i.fixed_value and first <= i.month <= last})
    )


def _refuse(code: str, field: str | None, **params: Any) -> TransferRefused:
    return TransferRefused(code, field, **params)


def _approval_refusals(approval: ExceptionalApproval) -> list[TransferRefused]:
    found: list[TransferRefused] = []
    if not (approval.approver_staff_no or "").strip():
        found.append(_refuse(APPROVAL_APPROVER, "approval.approver_staff_no"))
    if not may(approval.approver_role, Permission.APPROVE_INVOICES_ONLY_TRANSFER):
        found.append(
            _refuse(
                APPROVAL_ROLE,
                "approval.approver_staff_no",
                role=approval.approver_role.value,
                needs=Role.STORE_MANAGER.value,
            )
        )
    reason = (approval.reason or "").strip()
    if not reason:
        found.append(_refuse(APPROVAL_REASON, "approval.reason"))
    elif NUL in reason:
        found.append(_refuse(TEXT_NUL, "approval.reason"))
    elif len(reason) > MAX_LEN["reason"]:
        found.append(_refuse("text.too_long", "approval.reason", max=MAX_LEN["reason"]))
    missing = [
        name
        for name, done in (
            ("recent_usage", approval.recent_usage_checked),
            ("plan", approval.plan_checked),
        )
        if not done
    ]
    if missing:
        found.append(_refuse(APPROVAL_CHECKS, "approval", missing=missing))
    return found


def check_conditions(draft: TransferDraft, policy: Policy, now: datetime) -> Eligibility:
    """Everything that can be known before anybody signs: the account's age, the registered
    owner (过户), the proofs and the exceptional approval (特殊过户)."""
    today = local_today(now)
    refusals: list[TransferRefused] = []
    needed_days = min_account_days(draft.account_type, policy)
    eligible_on = eligible_from(draft.opened_on, draft.account_type, policy)
    age = (today - draft.opened_on).days
    if age < 0:
        refusals.append(
            _refuse(OPENED_IN_FUTURE, "opened_on", opened_on=draft.opened_on.isoformat())
        )
    elif today < eligible_on:
        refusals.append(
            _refuse(
                ACCOUNT_TOO_YOUNG,
                "opened_on",
                days=age,
                needed=needed_days,
                eligible_on=eligible_on.isoformat(),
            )
        )

    if draft.kind is TransferKind.NORMAL:
        if draft.registered_owner is None:
            refusals.append(_refuse(REGISTERED_OWNER_MISSING, "registered_owner"))
        return Eligibility(tuple(refusals), eligible_on)

    evidence = draft.evidence
    months = counted_invoice_months(evidence.invoices, today, policy)
    proofs = set()
    if evidence.sim_working:
        proofs.add(Proof.SIM)
    if evidence.password_verified:
        proofs.add(Proof.PASSWORD)
    if len(months) >= policy.transfer_invoice_min_months:
        proofs.add(Proof.INVOICES)
    exceptional = False
    if len(proofs) < policy.transfer_min_proofs:
        if proofs == {Proof.INVOICES}:
            # Invoices alone: refused in principle; a store manager's exceptional approval.
            defects = _approval_refusals(draft.approval) if draft.approval is not None else []
            if draft.approval is None or defects:
                refusals.append(_refuse(INVOICES_ALONE, "evidence", needs=Role.STORE_MANAGER.value))
                refusals.extend(defects)
            else:
                exceptional = True
        else:
            refusals.append(
                _refuse(
                    TOO_FEW_PROOFS,
                    "evidence",
                    have=len(proofs),
                    needed=policy.transfer_min_proofs,
                    missing=[p.value for p in Proof if p not in proofs],
                )
            )
            if evidence.invoices:
                first, last = invoice_window(today, policy)
                refusals.append(
                    _refuse(
                        INVOICE_MONTHS,
                        "invoices",
                        months=len(months),
                        needed=policy.transfer_invoice_min_months,
                        window=policy.transfer_invoice_window_months,
                        since=first.isoformat(),
                        outside=sorted(
                            {
                                i.month.isoformat()
                                for i in evidence.invoices
                                if not first <= i.month <= last
                            }
                        ),
                        fixed_value=sum(1 for i in evidence.invoices if i.fixed_value),
                    )
                )
    return Eligibility(
        tuple(refusals),
        eligible_on,
        frozenset(proofs),
        months if Proof.INVOICES in proofs else (),
        exceptional,
    )


def check_signatures(draft: TransferDraft) -> list[TransferRefused]:
    """过户: the registered owner, the new owner and the clerk sign. 特殊过户: the new owner signs,
    the clerk and a shift leader or store manager witness — two different people."""
    signed = draft.signatures
    refusals: list[TransferRefused] = []

    def missing(who: str) -> None:
        refusals.append(_refuse(SIGNATURE_MISSING, f"signatures.{who}", who=who))

    if not signed.new_owner:
        missing("new_owner")
    if draft.kind is TransferKind.NORMAL:
        if not signed.registered_owner:
            missing("registered_owner")
        if signed.clerk is None:
            missing("clerk")
        return refusals
    if signed.clerk is None:
        missing("clerk")
    second = signed.second_witness
    if second is None:
        missing("second_witness")
        return refusals
    if not may(second.role, Permission.WITNESS_SPECIAL_TRANSFER):
        refusals.append(
            _refuse(
                WITNESS_ROLE,
                "signatures.second_witness",
                who="second_witness",
                role=second.role.value,
                needs=[Role.SHIFT_LEADER.value, Role.STORE_MANAGER.value],
            )
        )
    if signed.clerk is not None and (
        signed.clerk.staff_no.strip().casefold() == second.staff_no.strip().casefold()
    ):
        refusals.append(
            _refuse(
                SAME_WITNESS,
                "signatures.second_witness",
                staff_no=second.staff_no.strip(),
            )
        )
    return refusals


def check_eligibility(draft: TransferDraft, policy: Policy, now: datetime) -> Eligibility:
    """The final gate before the agreement is finished: :func:`check_conditions` and
    :func:`check_signatures`, every refusal together."""
    conditions = check_conditions(draft, policy, now)
    return Eligibility(
        conditions.refusals + tuple(check_signatures(draft)),
        conditions.eligible_on,
        conditions.proofs,
        conditions.invoice_months,
        conditions.exceptional,
    )


# -- keeping records ------------------------------------------------------------------------------

TRANSFER_RETENTION = RetentionClass.BASIC  # 过户协议 / 完善客户资料协议: basic business


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


def paper_kept_until(
    signed_on: date, policy: Policy, kind: RetentionClass = TRANSFER_RETENTION
) -> date:
    """The last day the paper record must be kept (25 years for basic business by default)."""
    return add_years(signed_on, policy.paper_retention_years[kind])


def identity_kept_until(service_ended_on: date, policy: Policy) -> date:
    """Identity data taken for a transfer: the whole service period plus 2 years (default)."""
    return add_years(service_ended_on, policy.identity_retention_years_after_service)


# -- the form the clerk fills in ----------------------------------------------------------------

MAX_AGENTS = 2  # one per party at most
OPENED_WHERE_MAX = 100


def collect_draft(
    *,
    kind: str,
    account_type: str,
    opened_on: date | None,
    opened_checked_where: str,
    new_owner: dict[str, str],
    registered_owner: dict[str, str] | None,
    agents: Iterable[tuple[str, dict[str, str]]] = (),
    sim_working: bool = False,
    password_verified: bool = False,
    invoices: Iterable[TopUpInvoice] = (),
    today: date | None = None,
) -> TransferDraft:
    """The data of a transfer as typed, checked field by field: every bad field at once
    (``ValidationErrors``, fields like ``new_owner.id_number``, ``agents.0.name``), nothing
    changed. Party dicts hold ``id_type``, ``id_number``, ``name``, ``address``; an agent is
    (``acts_for`` — a :class:`PartyRole` value —, party dict). Eligibility is a separate question
    (:func:`check_conditions`)."""
    errors = ErrorCollector()
    try:
        transfer_kind: TransferKind | None = TransferKind(kind)
    except ValueError:
        transfer_kind = None
        errors.add("choice.required" if not kind else "choice.invalid", "kind")
    try:
        account: AccountType | None = AccountType(account_type)
    except ValueError:
        account = None
        errors.add("choice.required" if not account_type else "choice.invalid", "account_type")
    if opened_on is None:
        errors.add("date.required", "opened_on")
    where = " ".join((opened_checked_where or "").split())
    if not where:
        errors.add("text.required", "opened_checked_where")
    elif NUL in where:
        errors.add(TEXT_NUL, "opened_checked_where")
    elif len(where) > OPENED_WHERE_MAX:
        errors.add("text.too_long", "opened_checked_where", max=OPENED_WHERE_MAX)
    new = collect_party(errors, "new_owner", today=today, **new_owner)
    registered = None
    if transfer_kind is TransferKind.NORMAL:
        registered = collect_party(
            errors,
            "registered_owner",
            today=today,
            **(registered_owner or {"id_type": "", "id_number": "", "name": "", "address": ""}),
        )
    agent_list: list[Agent] = []
    seen: set[str] = set()
    for index, (acts_for, party) in enumerate(agents):
        try:
            role = PartyRole(acts_for)
        except ValueError:
            errors.add("choice.invalid", f"agents.{index}.acts_for")
            continue
        if role is PartyRole.REGISTERED_OWNER and transfer_kind is TransferKind.SPECIAL:
            errors.add("transfer.agent_for_absent_owner", f"agents.{index}.acts_for")
        if role.value in seen:
            errors.add("transfer.agent_twice", f"agents.{index}.acts_for")
        seen.add(role.value)
        identity = collect_party(errors, f"agents.{index}", today=today, **party)
        if identity is not None:
            agent_list.append(Agent(role, identity))
    if len(seen) > MAX_AGENTS:
        errors.add("transfer.too_many_agents", "agents", max=MAX_AGENTS)
    errors.raise_if_any()
    assert transfer_kind is not None and account is not None and opened_on is not None
    assert new is not None
    special = transfer_kind is TransferKind.SPECIAL
    return TransferDraft(
        kind=transfer_kind,
        account_type=account,
        opened_on=opened_on,
        new_owner=new,
        registered_owner=registered,
        agents=tuple(agent_list),
        evidence=SpecialEvidence(
            sim_working=sim_working,
            password_verified=password_verified,
            invoices=tuple(invoices),
        )
        if special
        else SpecialEvidence(),
    )


# -- evidence files ------------------------------------------------------------------------------

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 12
EVIDENCE_EMPTY = "transfer.evidence_empty"
EVIDENCE_TOO_LARGE = "transfer.evidence_too_large"  # max (bytes)
EVIDENCE_TYPE = "transfer.evidence_type"  # name
EVIDENCE_TOO_MANY = "transfer.evidence_too_many"  # max
EVIDENCE_MISSING = "transfer.evidence_missing"  # 特殊过户 with no evidence file attached

_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


def evidence_media_type(name: str, data: bytes, already_attached: int = 0) -> str:
    """A scan or photo of evidence (JPEG, PNG or PDF, told by its first bytes, not its name), at
    most 10 MB, at most 12 per transfer. Returns the media type; raises ``ValidationError``."""
    if not data:
        raise ValidationError(EVIDENCE_EMPTY, "evidence_files", name=name)
    if len(data) > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            EVIDENCE_TOO_LARGE, "evidence_files", name=name, max=EVIDENCE_MAX_BYTES
        )
    if already_attached >= EVIDENCE_MAX_FILES:
        raise ValidationError(EVIDENCE_TOO_MANY, "evidence_files", max=EVIDENCE_MAX_FILES)
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    raise ValidationError(EVIDENCE_TYPE, "evidence_files", name=name)


def check_evidence_files(kind: TransferKind, count: int) -> list[TransferRefused]:
    """特殊过户: all evidence is attached to the work order — at least one scan or photo."""
    if kind is TransferKind.SPECIAL and count == 0:
        return [_refuse(EVIDENCE_MISSING, "evidence_files")]
    return []


class TransferState(StrEnum):
    FILLING = "填写中"  # data typed, evidence and signatures being collected
    COMPLETED = "已完成"  # the agreements are signed, certified and stored
    ABANDONED = "已放弃"


NOT_FOUND = "transfer.not_found"
OTHER_DESK = "transfer.other_desk"  # desk, number
NOT_OPEN = "transfer.not_open"  # state
KEYRING_UNAVAILABLE = "transfer.keyring_unavailable"
SIGNING_KEY_LOCKED = "transfer.signing_key_locked"  # the key exists but its passphrase is gone
NOT_SPECIAL = "transfer.not_special"  # evidence / approval / second witness on a 过户
NO_REGISTERED_OWNER = "transfer.no_registered_owner_signature"  # 特殊过户 has no registered owner


def require_open(state: TransferState) -> None:
    if state is not TransferState.FILLING:
        raise TransferRefused(NOT_OPEN, None, state=state.value)
