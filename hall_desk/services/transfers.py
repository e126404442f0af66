"""过户 — the transfer wizard's actions (DOMAIN.md "Transfer of ownership", "Keeping records"; the
rules are in :mod:`hall_desk.domain.transfers`).

A transfer is kept from the moment its data is first saved (填写中), so nothing typed is lost if the
counter's PC goes off mid-way; each action is one transaction and one event carrying the transfer's
full state (:func:`transfer_state`, plus ``changes``): ``transfer.opened``, ``transfer.updated``,
``transfer.evidence_attached``, ``transfer.evidence_removed``, ``transfer.approved``,
``transfer.signed``, ``transfer.completed``, ``transfer.abandoned``.

- **Who proves what, here and not in the UI**: the store manager approving an "invoices only"
  特殊过户 and the second witness (值班经理 / 店长) each type their staff number and password, checked
  by :func:`hall_desk.services.staff.authenticate_approver` (wrong passwords pause that person's
  approvals at this desk, never their sign-in).
  The clerk who signs is the signed-in member of staff; the two witnesses must be different people.
- **Changing the data after signing** clears the signatures and an exceptional approval: they were
  given for the data as it stood.
- **Completing** checks everything again (:func:`~hall_desk.domain.transfers.check_eligibility`
  and the evidence files), draws the 过户协议 (and the 完善客户资料协议 for a 特殊过户) as a hall
  copy with full identity numbers and a customer copy with masked ones, certifies each with the
  desk's signing key (:mod:`hall_desk.services.signing`), and stores the PDFs with their SHA-256 in
  the same transaction as ``transfer.completed`` — whose payload lists those hashes. Evidence files
  and final PDFs are marked for upload to head office (``stored_file.upload``).
- Only the desk that opened a transfer changes it; a transfer is opened only where the signing key
  can be used (no keyring backend: refused before anything is typed twice).
- **Identity data at rest** (issue 9) is sealed by storage (:mod:`hall_desk.storage.sealed`); a
  transfer is opened or changed only when the field key can be had (else
  ``identity.keyring_unavailable`` / ``identity.key_missing``, before anything is saved). A transfer
  whose identity data cannot be opened is still listed (``identity_readable`` False, empty
  identity fields), never a crash.
- **Full identity numbers** are masked in every :class:`TransferView`. The full number of one
  person is had only through :func:`reveal_id_number` (a store manager, or whoever opened the
  transfer while it is 填写中 — :func:`hall_desk.domain.staff.may_see_full_id`), which writes
  ``identity.viewed`` (who, when, which transfer and person; never the number) in the same
  transaction. A number sent back still masked, as shown, stands for the stored one
  (:func:`update_transfer`). The hall copies of the agreements (full numbers) open under the same
  rule (:func:`open_document`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hall_desk.domain.clock import SHANGHAI, to_local
from hall_desk.domain.errors import DomainError, NotFound, ValidationError, ValidationErrors
from hall_desk.domain.identity import mask_id_number, mask_phone, normalise_phone
from hall_desk.domain.policy import Role
from hall_desk.domain.refunds import AccountType, check_signature_png
from hall_desk.domain.staff import Permission, may, may_see_full_id, require, require_full_id
from hall_desk.domain.transfers import (
    APPROVAL_ROLE,
    NO_REGISTERED_OWNER,
    NOT_FOUND,
    NOT_SPECIAL,
    OTHER_DESK,
    SAME_WITNESS,
    TRANSFER_RETENTION,
    WITNESS_ROLE,
    Agent,
    Eligibility,
    ExceptionalApproval,
    IdType,
    PartyIdentity,
    PartyRole,
    Signatures,
    SpecialEvidence,
    StaffSigner,
    TopUpInvoice,
    TransferDraft,
    TransferKind,
    TransferRefusals,
    TransferRefused,
    TransferState,
    check_conditions,
    check_eligibility,
    check_evidence_files,
    collect_draft,
    evidence_media_type,
    local_today,
    paper_kept_until,
    require_open,
)
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.setup import HallInfo, require_desk
from hall_desk.services.signature_prints import keep_print_rendition, print_rendition
from hall_desk.services.signing import HallKey, certificate_pem, hall_key
from hall_desk.services.staff import authenticate_approver
from hall_desk.storage import sealed
from hall_desk.storage.day_numbers import next_day_number
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import StoredFile, Transfer, TransferFile

log = logging.getLogger(__name__)

OPENED = "transfer.opened"
UPDATED = "transfer.updated"
EVIDENCE_ATTACHED = "transfer.evidence_attached"
EVIDENCE_REMOVED = "transfer.evidence_removed"
APPROVED = "transfer.approved"
SIGNED = "transfer.signed"
COMPLETED = "transfer.completed"
ABANDONED = "transfer.abandoned"

EVIDENCE = "evidence"
SIGNATURE_ROLES = ("new_owner", "registered_owner", "clerk", "second_witness")
SIGNER_LABELS = {
    "new_owner": "新机主",
    "registered_owner": "原机主",
    "clerk": "经办营业员",
    "second_witness": "见证人（值班经理/店长）",
}
# The final documents: (role, title, copy); 完善客户资料协议 only for a 特殊过户.
AGREEMENT_HALL, AGREEMENT_CUSTOMER = "agreement.hall", "agreement.customer"
PROFILE_HALL, PROFILE_CUSTOMER = "profile.hall", "profile.customer"
# A stored agreement whose seal at rest does not open (altered in the store, or another key).
DOCUMENT_UNREADABLE = "document.unreadable"
DOCUMENT_TITLES = {
    AGREEMENT_HALL: "过户协议（营业厅留存联）",
    AGREEMENT_CUSTOMER: "过户协议（客户联）",
    PROFILE_HALL: "完善客户资料协议（营业厅留存联）",
    PROFILE_CUSTOMER: "完善客户资料协议（客户联）",
}
NEW_CONTRACT_REMINDER = "请新机主另行签署新的《入网协议》。"


# -- what the wizard sends ----------------------------------------------------------------------


@dataclass
class TransferForm:
    """What the clerk typed, as typed. Parties are dicts of ``id_type``, ``id_number``, ``name``,
    ``address``; agents are (``acts_for`` — "原机主"/"新机主" —, party dict)."""

    kind: str
    phone: str
    account_type: str
    opened_on: date | None
    opened_checked_where: str
    new_owner: dict[str, str]
    registered_owner: dict[str, str] | None = None
    agents: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    sim_working: bool = False
    password_verified: bool = False
    invoices: list[TopUpInvoice] = field(default_factory=list)


@dataclass(frozen=True)
class FileView:
    id: str
    role: str
    name: str
    media_type: str
    size: int
    sha256: str
    added_at: datetime


@dataclass(frozen=True)
class DocumentView:
    role: str
    title: str
    name: str
    sha256: str
    fingerprint: str
    document_no: str


@dataclass(frozen=True)
class TransferView:
    id: str
    number: str
    kind: TransferKind
    state: TransferState
    phone: str
    account_type: str
    opened_on: date
    opened_checked_where: str
    draft: TransferDraft
    eligibility: Eligibility  # everything known now, signatures included
    evidence_files: list[FileView]
    signatures: dict[str, dict[str, Any]]  # role → signer_no, signer_name, signer_role, at, sha256
    approval: dict[str, Any] | None
    documents: list[DocumentView]
    created_by_name: str
    created_at: datetime
    completed_at: datetime | None
    paper_kept_until: str
    desk_code: str
    created_by_no: str = ""
    identity_readable: bool = True  # False: the identity data could not be opened (no key)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def needs_exceptional_approval(self) -> bool:
        return "transfer.invoices_alone" in self.eligibility.codes()

    def signers_needed(self) -> list[str]:
        if self.kind is TransferKind.NORMAL:
            return ["registered_owner", "new_owner", "clerk"]
        return ["new_owner", "clerk", "second_witness"]


@dataclass(frozen=True)
class OpenedDocument:
    """A stored agreement as read back and verified now (``ok`` False: say so, loudly)."""

    title: str
    name: str
    pdf: bytes
    ok: bool
    code: str  # document.ok / document.altered / document.modified_after_signing / …
    detail: str


# -- state and events ---------------------------------------------------------------------------


def _loads(text: str | None, empty: Any) -> Any:
    return empty if not text else json.loads(text)


def _files(row: Transfer) -> list[TransferFile]:
    return list(
        TransferFile.select()
        .where(TransferFile.transfer_id == row.id)
        .order_by(TransferFile.added_at, TransferFile.id)
    )


def transfer_state(row: Transfer, files: Sequence[TransferFile] | None = None) -> dict[str, Any]:
    """The transfer's full state, as its events carry it. ``files``: the transfer's files when
    the caller has them (the benchmarks' seeder writes rows in bulk), else read from the store."""
    return {
        "id": row.id,
        "number": row.number,
        "hall_code": row.hall_code,
        "desk_code": row.desk_code,
        "kind": row.kind,
        "state": row.state,
        "phone": row.phone,
        "account_type": row.account_type,
        "opened_on": row.opened_on,
        "opened_checked_where": row.opened_checked_where,
        "parties": _loads(row.parties, {}),
        "evidence": _loads(row.evidence, {}),
        "approval": _loads(row.approval, None),
        "signatures": _loads(row.signatures, {}),
        "documents": _loads(row.documents, []),
        "retention_class": row.retention_class,
        "paper_kept_until": row.paper_kept_until,
        "policy_version": row.policy_version,
        "created_by_no": row.created_by_no,
        "created_by_name": row.created_by_name,
        "created_at": row.created_at,
        "completed_at": row.completed_at,
        "abandoned_reason": row.abandoned_reason,
        "updated_at": row.updated_at,
        "files": [
            {
                "id": f.id,
                "role": f.role,
                "name": f.name,
                "sha256": f.sha256,
                "media_type": f.media_type,
                "size": f.size,
                "added_at": f.added_at,
                "added_by_no": f.added_by_no,
                "removed_at": f.removed_at,
            }
            for f in (_files(row) if files is None else files)
            if f.role == EVIDENCE
        ],
    }


def _write_event(
    type: str, row: Transfer, actor: str, at: datetime, before: dict[str, Any] | None
) -> None:
    append_event(
        hall=row.hall_code,
        desk=row.desk_code,
        type=type,
        actor=actor,
        at=at,
        state=transfer_state(row),
        before=before,
    )


def _party_dict(party: PartyIdentity) -> dict[str, str]:
    return {
        "id_type": party.id_type.value,
        "id_number": party.id_number,
        "name": party.name,
        "address": party.address,
    }


def _party(data: dict[str, str]) -> PartyIdentity:
    return PartyIdentity(IdType(data["id_type"]), data["id_number"], data["name"], data["address"])


def _parties_json(draft: TransferDraft) -> str:
    return json.dumps(
        {
            "new_owner": _party_dict(draft.new_owner),
            "registered_owner": (
                _party_dict(draft.registered_owner) if draft.registered_owner is not None else None
            ),
            "agents": [
                {"acts_for": a.acts_for.value, **_party_dict(a.identity)} for a in draft.agents
            ],
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _evidence_json(evidence: SpecialEvidence) -> str:
    return json.dumps(
        {
            "sim_working": evidence.sim_working,
            "password_verified": evidence.password_verified,
            "invoices": [
                {"month": i.month.isoformat(), "fixed_value": i.fixed_value}
                for i in evidence.invoices
            ],
        },
        sort_keys=True,
    )


def _approval(data: dict[str, Any] | None) -> ExceptionalApproval | None:
    if not data:
        return None
    return ExceptionalApproval(
        approver_staff_no=data["approver_no"],
        approver_role=Role(data["approver_role"]),
        reason=data["reason"],
        recent_usage_checked=data["recent_usage_checked"],
        plan_checked=data["plan_checked"],
    )


def _signer(data: dict[str, Any] | None) -> StaffSigner | None:
    return None if not data else StaffSigner(data["signer_no"], Role(data["signer_role"]))


def _draft(row: Transfer) -> TransferDraft:
    parties = _loads(row.parties, {})
    evidence = _loads(row.evidence, {})
    signed = _loads(row.signatures, {})
    return TransferDraft(
        kind=TransferKind(row.kind),
        account_type=AccountType(row.account_type),
        opened_on=date.fromisoformat(row.opened_on),
        new_owner=_party(parties["new_owner"]),
        registered_owner=(
            _party(parties["registered_owner"]) if parties.get("registered_owner") else None
        ),
        agents=tuple(Agent(PartyRole(a["acts_for"]), _party(a)) for a in parties.get("agents", [])),
        evidence=SpecialEvidence(
            sim_working=bool(evidence.get("sim_working")),
            password_verified=bool(evidence.get("password_verified")),
            invoices=tuple(
                TopUpInvoice(date.fromisoformat(i["month"]), bool(i["fixed_value"]))
                for i in evidence.get("invoices", [])
            ),
        ),
        approval=_approval(_loads(row.approval, None)),
        signatures=Signatures(
            new_owner="new_owner" in signed,
            registered_owner="registered_owner" in signed,
            clerk=_signer(signed.get("clerk")),
            second_witness=_signer(signed.get("second_witness")),
        ),
    )


def _evidence_files(row: Transfer) -> list[TransferFile]:
    return [f for f in _files(row) if f.role == EVIDENCE and f.removed_at is None]


def _eligibility(row: Transfer, ctx: DeskContext, draft: TransferDraft) -> Eligibility:
    if TransferState(row.state) is TransferState.COMPLETED:
        # Judged when it was completed, under the rules in force then; no longer re-judged.
        return Eligibility((), draft.opened_on)
    checked = check_eligibility(draft, ctx.policy, ctx.clock.now())
    extra = check_evidence_files(draft.kind, len(_evidence_files(row)))
    return Eligibility(
        checked.refusals + tuple(extra),
        checked.eligible_on,
        checked.proofs,
        checked.invoice_months,
        checked.exceptional,
    )


def _masked_party(party: PartyIdentity) -> PartyIdentity:
    return dataclasses.replace(party, id_number=mask_id_number(party.id_number))


def _masked_draft(draft: TransferDraft) -> TransferDraft:
    """The draft as every view shows it: identity numbers masked."""
    return dataclasses.replace(
        draft,
        new_owner=_masked_party(draft.new_owner),
        registered_owner=(
            _masked_party(draft.registered_owner) if draft.registered_owner is not None else None
        ),
        agents=tuple(
            dataclasses.replace(a, identity=_masked_party(a.identity)) for a in draft.agents
        ),
    )


_UNREADABLE_PARTY = PartyIdentity(IdType.RESIDENT_ID, "", "", "")


def _documents(row: Transfer) -> list[DocumentView]:
    return [
        DocumentView(
            d["role"],
            DOCUMENT_TITLES[d["role"]],
            d["name"],
            d["sha256"],
            d["fingerprint"],
            d["document_no"],
        )
        for d in _loads(row.documents, [])
    ]


def _unreadable_view(row: Transfer, error: DomainError) -> TransferView:
    """A transfer whose identity data cannot be opened (no key, wrong key): listed, never read."""
    log.warning("transfer %s: identity data cannot be opened (%s)", row.number, error.code)
    draft = TransferDraft(
        kind=TransferKind(row.kind),
        account_type=AccountType(row.account_type),
        opened_on=date.fromisoformat(row.opened_on),
        new_owner=_UNREADABLE_PARTY,
        registered_owner=_UNREADABLE_PARTY if row.kind == TransferKind.NORMAL.value else None,
        agents=(),
        evidence=SpecialEvidence(False, False, ()),
        approval=None,
        signatures=Signatures(False, False, None, None),
    )
    return TransferView(
        id=row.id,
        number=row.number,
        kind=TransferKind(row.kind),
        state=TransferState(row.state),
        phone=row.phone,
        account_type=row.account_type,
        opened_on=draft.opened_on,
        opened_checked_where=row.opened_checked_where,
        draft=draft,
        eligibility=Eligibility((), draft.opened_on),
        evidence_files=[],
        signatures={},
        approval=_loads(row.approval, None),
        documents=_documents(row),
        created_by_name=row.created_by_name,
        created_at=row.created_at,
        completed_at=row.completed_at,
        paper_kept_until=row.paper_kept_until,
        desk_code=row.desk_code,
        created_by_no=row.created_by_no,
        identity_readable=False,
    )


def _view(ctx: DeskContext, row: Transfer) -> TransferView:
    try:
        draft = _draft(row)
        signatures = _loads(row.signatures, {})
    except DomainError as error:  # sealed identity data and no key that opens it
        return _unreadable_view(row, error)
    return TransferView(
        id=row.id,
        number=row.number,
        kind=TransferKind(row.kind),
        state=TransferState(row.state),
        phone=row.phone,
        account_type=row.account_type,
        opened_on=draft.opened_on,
        opened_checked_where=row.opened_checked_where,
        draft=_masked_draft(draft),
        eligibility=_eligibility(row, ctx, draft),
        evidence_files=[
            FileView(f.id, f.role, f.name, f.media_type, f.size, f.sha256, f.added_at)
            for f in _evidence_files(row)
        ],
        signatures=signatures,
        approval=_loads(row.approval, None),
        documents=_documents(row),
        created_by_name=row.created_by_name,
        created_at=row.created_at,
        completed_at=row.completed_at,
        paper_kept_until=row.paper_kept_until,
        desk_code=row.desk_code,
        created_by_no=row.created_by_no,
    )


def _load(transfer_id: str) -> Transfer:
    row = Transfer.get_or_none(Transfer.id == transfer_id)
    if row is None:
        raise NotFound(NOT_FOUND)
    return row


def _load_for_change(transfer_id: str) -> Transfer:
    row = _load(transfer_id)
    desk = require_desk()
    if row.desk_code != desk.desk_code:
        raise TransferRefused(OTHER_DESK, None, desk=row.desk_code, number=row.number)
    require_open(TransferState(row.state))
    return row


def _store_file(data: bytes, media_type: str, now: datetime, *, upload: bool) -> str:
    digest = hashlib.sha256(data).hexdigest()
    existing = StoredFile.get_or_none(StoredFile.sha256 == digest)
    if existing is None:
        StoredFile.insert(
            sha256=digest,
            media_type=media_type,
            size=len(data),
            sealed_content=StoredFile.sealed(digest, data),
            created_at=now,
            upload=upload,
        ).execute()
    elif upload and not existing.upload:
        StoredFile.update(upload=True).where(StoredFile.sha256 == digest).execute()
    return digest


# -- opening and changing -----------------------------------------------------------------------


def _validated(ctx: DeskContext, form: TransferForm) -> tuple[str, TransferDraft]:
    """The form checked field by field (every bad field at once, phone included)."""
    errors: list[ValidationError] = []
    phone = ""
    try:
        phone = normalise_phone(form.phone, "phone")
    except ValidationError as error:
        errors.append(error)
    draft = None
    try:
        draft = collect_draft(
            kind=form.kind,
            account_type=form.account_type,
            opened_on=form.opened_on,
            opened_checked_where=form.opened_checked_where,
            new_owner=form.new_owner,
            registered_owner=form.registered_owner,
            agents=form.agents,
            sim_working=form.sim_working,
            password_verified=form.password_verified,
            invoices=form.invoices,
            today=local_today(ctx.clock.now()),
        )
    except ValidationErrors as many:
        errors.extend(many.errors)
    if errors:
        raise ValidationErrors(errors)
    assert draft is not None
    return phone, draft


def _with_stored_numbers(form: TransferForm, row: Transfer) -> TransferForm:
    """A number sent back as it was shown (masked, so unchanged) stands for the stored number of
    the same person; a newly typed number is taken as typed."""
    parties = _loads(row.parties, {})

    def keep(typed: dict[str, str] | None, stored: dict[str, str] | None) -> dict[str, str] | None:
        if typed is None or not stored:
            return typed
        number = "".join((typed.get("id_number") or "").split())
        if "*" in number and number == mask_id_number(stored["id_number"]):
            return {**typed, "id_number": stored["id_number"]}
        return typed

    stored_agents = {a["acts_for"]: a for a in parties.get("agents", [])}
    new_owner = keep(form.new_owner, parties.get("new_owner"))
    assert new_owner is not None
    return dataclasses.replace(
        form,
        new_owner=new_owner,
        registered_owner=keep(form.registered_owner, parties.get("registered_owner")),
        agents=[
            (acts_for, keep(data, stored_agents.get(acts_for)) or data)
            for acts_for, data in form.agents
        ],
    )


def _identity_ready() -> None:
    """The field key at hand before anything is saved (made on first use, never over sealed data):
    ``identity.keyring_unavailable`` / ``identity.key_missing`` otherwise."""
    sealed.key(create=True)


@signed_in
def check_form(
    ctx: DeskContext, session: StaffSession, form: TransferForm, transfer_id: str | None = None
) -> Eligibility:
    """What the rules say about the data so far, without saving anything: field errors raise
    ``ValidationErrors``; the conditions (account age, proofs) come back as refusals. With the
    ``transfer_id`` of a saved transfer, numbers still masked stand for its stored ones."""
    require(session.role, Permission.RECORD_COMPLAINT)
    if transfer_id is not None:
        form = _with_stored_numbers(form, _load(transfer_id))
    _, draft = _validated(ctx, form)
    return check_conditions(draft, ctx.policy, ctx.clock.now())


def _signing_ready(ctx: DeskContext, desk: HallInfo) -> HallKey:
    return hall_key(desk.desk_code, desk.code, desk.name, ctx.clock.now())


@signed_in
def ready_to_open(ctx: DeskContext, session: StaffSession) -> None:
    """Whether this desk can open a transfer at all, asked when 办理过户 opens (issue 19), before
    anyone types both parties' identity data: the signing key and the identity field key must be
    at hand (made on first use). Raises ``transfer.keyring_unavailable`` /
    ``transfer.signing_key_locked`` / ``identity.keyring_unavailable`` / ``identity.key_missing``."""
    require(session.role, Permission.RECORD_COMPLAINT)
    _signing_ready(ctx, require_desk())
    _identity_ready()


@signed_in
def open_transfer(ctx: DeskContext, session: StaffSession, form: TransferForm) -> TransferView:
    """The data is saved as a transfer 填写中 (``transfer.opened``), eligible or not yet: the
    refusals come back in the view, and the clerk fixes what they can. Refused outright when the
    desk cannot sign (no keyring backend): better now than after the customer has signed."""
    require(session.role, Permission.RECORD_COMPLAINT)
    phone, draft = _validated(ctx, form)
    desk = require_desk()
    _signing_ready(ctx, desk)
    _identity_ready()
    now = ctx.clock.now()
    with unit_of_work():
        row = Transfer.create(
            id=str(uuid.uuid4()),
            number=next_day_number(desk.desk_code, now, "G"),
            hall_code=desk.code,
            desk_code=desk.desk_code,
            kind=draft.kind.value,
            state=TransferState.FILLING.value,
            phone=phone,
            account_type=draft.account_type.value,
            opened_on=draft.opened_on.isoformat(),
            opened_checked_where=" ".join(form.opened_checked_where.split()),
            parties=_parties_json(draft),
            evidence=_evidence_json(draft.evidence),
            signatures="{}",
            retention_class=TRANSFER_RETENTION.value,
            policy_version=ctx.policy.version,
            created_by_no=session.staff_no,
            created_by_name=session.name,
            created_at=now,
            updated_at=now,
        )
        _write_event(OPENED, row, session.staff_no, now, None)
    log.info("transfer %s opened by %s (%s)", row.number, session.staff_no, row.kind)
    return _view(ctx, row)


@signed_in
def update_transfer(
    ctx: DeskContext, session: StaffSession, transfer_id: str, form: TransferForm
) -> TransferView:
    """The data changed (``transfer.updated``). Signatures and an exceptional approval given for
    the old data are cleared when anything changed; the kind cannot change (abandon and start a
    new one). A number sent back masked, as the view showed it, keeps the stored number."""
    require(session.role, Permission.RECORD_COMPLAINT)
    _identity_ready()
    phone, draft = _validated(ctx, _with_stored_numbers(form, _load(transfer_id)))
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_change(transfer_id)
        if draft.kind.value != row.kind:
            raise ValidationError("transfer.kind_fixed", "kind", kind=row.kind)
        before = transfer_state(row)
        values = {
            "phone": phone,
            "account_type": draft.account_type.value,
            "opened_on": draft.opened_on.isoformat(),
            "opened_checked_where": " ".join(form.opened_checked_where.split()),
            "parties": _parties_json(draft),
            "evidence": _evidence_json(draft.evidence),
        }
        if all(getattr(row, k) == v for k, v in values.items()):
            return _view(ctx, row)
        for key, value in values.items():
            setattr(row, key, value)
        row.signatures, row.approval = "{}", None
        row.updated_at = now
        row.save()
        _write_event(UPDATED, row, session.staff_no, now, before)
    return _view(ctx, row)


@signed_in
def attach_evidence(
    ctx: DeskContext, session: StaffSession, transfer_id: str, name: str, data: bytes
) -> TransferView:
    """A scan or photo of evidence (JPEG/PNG/PDF, ≤ 10 MB), stored with the transfer and marked
    for head office (``transfer.evidence_attached``)."""
    require(session.role, Permission.RECORD_COMPLAINT)
    clean_name = " ".join((name or "").split())[:120] or "证明材料"
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_change(transfer_id)
        if row.kind != TransferKind.SPECIAL.value:
            raise TransferRefused(NOT_SPECIAL, "evidence_files")
        media_type = evidence_media_type(clean_name, data, len(_evidence_files(row)))
        before = transfer_state(row)
        digest = _store_file(data, media_type, now, upload=True)
        TransferFile.create(
            id=str(uuid.uuid4()),
            transfer_id=row.id,
            role=EVIDENCE,
            name=clean_name,
            sha256=digest,
            media_type=media_type,
            size=len(data),
            added_at=now,
            added_by_no=session.staff_no,
        )
        row.updated_at = now
        row.save()
        _write_event(EVIDENCE_ATTACHED, row, session.staff_no, now, before)
    log.info("transfer %s: evidence file %s… attached", row.number, digest[:12])
    return _view(ctx, row)


@signed_in
def remove_evidence(
    ctx: DeskContext, session: StaffSession, transfer_id: str, file_id: str
) -> TransferView:
    """Taken off the transfer (``transfer.evidence_removed``); the file itself stays stored."""
    require(session.role, Permission.RECORD_COMPLAINT)
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_change(transfer_id)
        item = TransferFile.get_or_none(
            (TransferFile.id == file_id)
            & (TransferFile.transfer_id == row.id)
            & (TransferFile.role == EVIDENCE)
            & TransferFile.removed_at.is_null()
        )
        if item is None:
            raise NotFound("transfer.evidence_not_found")
        before = transfer_state(row)
        item.removed_at = now
        item.save()
        row.updated_at = now
        row.save()
        _write_event(EVIDENCE_REMOVED, row, session.staff_no, now, before)
    return _view(ctx, row)


@signed_in
def file_content(session: StaffSession, transfer_id: str, file_id: str) -> tuple[str, str, bytes]:
    """(name, media type, bytes) of an evidence file of a transfer this desk holds."""
    require(session.role, Permission.RECORD_COMPLAINT)
    item = TransferFile.get_or_none(
        (TransferFile.id == file_id) & (TransferFile.transfer_id == transfer_id)
    )
    content = None if item is None else StoredFile.read(item.sha256)  # identity.* when unopenable
    if item is None or content is None:
        raise NotFound("transfer.evidence_not_found")
    return item.name, item.media_type, content


# -- approval and signatures --------------------------------------------------------------------


@signed_in
def approve_exceptional(
    ctx: DeskContext,
    session: StaffSession,
    transfer_id: str,
    *,
    approver_no: str,
    approver_password: str,
    reason: str,
    recent_usage_checked: bool,
    plan_checked: bool,
) -> TransferView:
    """A store manager approves the exceptional "invoices only" procedure of a 特殊过户 after the
    extra checks, with a written reason (``transfer.approved``). The approver proves who they are
    here; the domain then checks role, reason and checks."""
    require(session.role, Permission.RECORD_COMPLAINT)
    approver = authenticate_approver(ctx, session, approver_no, approver_password)
    approval = ExceptionalApproval(
        approver_staff_no=approver.staff_no,
        approver_role=approver.role,
        reason=" ".join((reason or "").split()),
        recent_usage_checked=recent_usage_checked,
        plan_checked=plan_checked,
    )
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_change(transfer_id)
        if row.kind != TransferKind.SPECIAL.value:
            raise TransferRefused(NOT_SPECIAL, "approval")
        if not may(approver.role, Permission.APPROVE_INVOICES_ONLY_TRANSFER):
            raise TransferRefused(
                APPROVAL_ROLE,
                "approval.approver_staff_no",
                role=approver.role.value,
                needs=Role.STORE_MANAGER.value,
            )
        draft = _draft(row)
        trial = check_conditions(
            TransferDraft(**{**draft.__dict__, "approval": approval}), ctx.policy, now
        )
        defects = [
            r
            for r in trial.refusals
            if r.code != "transfer.account_too_young" and (r.field or "").startswith("approval")
        ]
        if defects:
            raise TransferRefusals(defects)
        before = transfer_state(row)
        row.approval = json.dumps(
            {
                "approver_no": approver.staff_no,
                "approver_name": approver.name,
                "approver_role": approver.role.value,
                "reason": approval.reason,
                "recent_usage_checked": recent_usage_checked,
                "plan_checked": plan_checked,
                "at": now.isoformat(),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        row.updated_at = now
        row.save()
        _write_event(APPROVED, row, approver.staff_no, now, before)
    log.info("transfer %s: invoices-only procedure approved by %s", row.number, approver.staff_no)
    return _view(ctx, row)


def _readable_png(data: bytes) -> bytes:
    from hall_desk.services.refunds import readable_image

    return readable_image(check_signature_png(data))


def _sign(
    ctx: DeskContext, row: Transfer, who: str, png: bytes, signer: dict[str, Any], actor: str
) -> TransferView:
    now = ctx.clock.now()
    before = transfer_state(row)
    digest = _store_file(png, "image/png", now, upload=False)
    keep_print_rendition(png, now)  # what the agreements embed (issue 22, goal 2)
    TransferFile.create(
        id=str(uuid.uuid4()),
        transfer_id=row.id,
        role=f"signature.{who}",
        name=f"{SIGNER_LABELS[who]}签名.png",
        sha256=digest,
        media_type="image/png",
        size=len(png),
        added_at=now,
        added_by_no=actor,
    )
    signed = _loads(row.signatures, {})
    signed[who] = {**signer, "sha256": digest, "at": now.isoformat()}
    row.signatures = json.dumps(signed, ensure_ascii=False, sort_keys=True)
    row.updated_at = now
    row.save()
    _write_event(SIGNED, row, actor, now, before)
    log.info("transfer %s signed by the %s", row.number, who)
    return _view(ctx, row)


@signed_in
def sign_as_customer(
    ctx: DeskContext, session: StaffSession, transfer_id: str, who: PartyRole, png: bytes
) -> TransferView:
    """The new owner (both kinds) or the registered owner (过户 only) signs on the pad."""
    require(session.role, Permission.RECORD_COMPLAINT)
    image = _readable_png(png)
    with unit_of_work():
        row = _load_for_change(transfer_id)
        parties = _loads(row.parties, {})
        if who is PartyRole.REGISTERED_OWNER:
            if row.kind != TransferKind.NORMAL.value:
                raise TransferRefused(NO_REGISTERED_OWNER, "signatures.registered_owner")
            key, party = "registered_owner", parties["registered_owner"]
        else:
            key, party = "new_owner", parties["new_owner"]
        return _sign(ctx, row, key, image, {"signer_name": party["name"]}, session.staff_no)


@signed_in
def sign_as_clerk(
    ctx: DeskContext, session: StaffSession, transfer_id: str, png: bytes
) -> TransferView:
    """The signed-in member of staff signs as the clerk who handled the transfer (经办)."""
    require(session.role, Permission.RECORD_COMPLAINT)
    image = _readable_png(png)
    with unit_of_work():
        row = _load_for_change(transfer_id)
        witness = _loads(row.signatures, {}).get("second_witness")
        if witness and witness["signer_no"].casefold() == session.staff_no.casefold():
            raise TransferRefused(SAME_WITNESS, "signatures.clerk", staff_no=session.staff_no)
        return _sign(
            ctx,
            row,
            "clerk",
            image,
            {
                "signer_no": session.staff_no,
                "signer_name": session.name,
                "signer_role": session.role.value,
            },
            session.staff_no,
        )


@signed_in
def sign_as_second_witness(
    ctx: DeskContext,
    session: StaffSession,
    transfer_id: str,
    *,
    staff_no: str,
    password: str,
    png: bytes,
) -> TransferView:
    """特殊过户: a shift leader or store manager witnesses and signs, after proving who they are
    here; they must not be the clerk who signed."""
    require(session.role, Permission.RECORD_COMPLAINT)
    image = _readable_png(png)
    witness = authenticate_approver(ctx, session, staff_no, password)
    with unit_of_work():
        row = _load_for_change(transfer_id)
        if row.kind != TransferKind.SPECIAL.value:
            raise TransferRefused(NOT_SPECIAL, "signatures.second_witness")
        if not may(witness.role, Permission.WITNESS_SPECIAL_TRANSFER):
            raise TransferRefused(
                WITNESS_ROLE,
                "signatures.second_witness",
                who="second_witness",
                role=witness.role.value,
                needs=[Role.SHIFT_LEADER.value, Role.STORE_MANAGER.value],
            )
        clerk = _loads(row.signatures, {}).get("clerk")
        if clerk and clerk["signer_no"].casefold() == witness.staff_no.casefold():
            raise TransferRefused(
                SAME_WITNESS, "signatures.second_witness", staff_no=witness.staff_no
            )
        return _sign(
            ctx,
            row,
            "second_witness",
            image,
            {
                "signer_no": witness.staff_no,
                "signer_name": witness.name,
                "signer_role": witness.role.value,
            },
            witness.staff_no,
        )


# -- completing ---------------------------------------------------------------------------------


def _local(at: str | datetime | None) -> str:
    if not at:
        return ""
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def _proof_lines(draft: TransferDraft, eligibility: Eligibility) -> tuple[str, ...]:
    if draft.kind is not TransferKind.SPECIAL:
        return ()
    lines = []
    if draft.evidence.sim_working:
        lines.append("SIM 卡可正常使用（柜台核验）")
    if draft.evidence.password_verified:
        lines.append("服务密码验证正确")
    if draft.evidence.invoices:
        counted = set(eligibility.invoice_months)
        months = "、".join(
            f"{i.month.year}年{i.month.month}月"
            + ("（定额，不计）" if i.fixed_value else "" if i.month in counted else "（不计）")
            for i in sorted(draft.evidence.invoices, key=lambda i: i.month)
        )
        lines.append(f"充值发票：{months}")
    return tuple(lines)


def _agreement_data(
    row: Transfer,
    desk: HallInfo,
    draft: TransferDraft,
    eligibility: Eligibility,
    signed_on: date,
    kept_until: date,
    now: datetime,
    ctx: DeskContext,
) -> Any:
    from hall_desk.documents.data import (
        AgreementParty,
        AgreementSignature,
        EvidenceFile,
        TransferAgreementData,
    )

    def party(label: str, p: PartyIdentity) -> AgreementParty:
        return AgreementParty(label, p.id_type.value, p.id_number, p.name, p.address)

    signed = _loads(row.signatures, {})
    images = {
        f.role.removeprefix("signature."): StoredFile.get_by_id(f.sha256).content
        for f in _files(row)
        if f.role.startswith("signature.")
        and f.sha256 == signed.get(f.role.removeprefix("signature."), {}).get("sha256")
    }
    signatures = []
    for who in ("registered_owner", "new_owner", "clerk", "second_witness"):
        if who not in signed:
            continue
        s = signed[who]
        png = images.get(who)
        name = s["signer_name"] + (f"（工号 {s['signer_no']}）" if s.get("signer_no") else "")
        signatures.append(
            AgreementSignature(
                f"{SIGNER_LABELS[who]}签名",
                name,
                png,
                _local(s["at"]),
                print_rendition(png, now) if png else None,
            )
        )
    approval = _loads(row.approval, None)
    return TransferAgreementData(
        document_no=row.number,
        transfer_number=row.number,
        kind=row.kind,
        hall_name=desk.name,
        hall_code=desk.code,
        desk_code=row.desk_code,
        service_phone=desk.service_phone,
        phone=row.phone,
        account_type=row.account_type,
        opened_on=row.opened_on,
        opened_checked=f"{row.created_by_name}（工号 {row.created_by_no}）核对于 {row.opened_checked_where}",
        registered_owner=(
            party("原机主", draft.registered_owner) if draft.registered_owner else None
        ),
        new_owner=party("新机主", draft.new_owner),
        agents=tuple(party(f"代办人（代{a.acts_for.value}）", a.identity) for a in draft.agents),
        proofs=_proof_lines(draft, eligibility),
        exceptional_approval=(
            f"仅凭充值发票办理，经店长 {approval['approver_name']}（工号 {approval['approver_no']}）"
            f"核查近期使用记录及套餐信息后批准。理由：{approval['reason']}"
            if approval
            else ""
        ),
        evidence_files=tuple(
            EvidenceFile(f.name, f.media_type, f.size, f.sha256) for f in _evidence_files(row)
        ),
        signatures=tuple(signatures),
        signed_at=_local(now),
        retention_label=(
            f"{row.retention_class}档案，保存 "
            f"{ctx.policy.paper_retention_years[TRANSFER_RETENTION]} 年（至 {kept_until.isoformat()}）"
        ),
        printed_at=_local(now),
    )


def _render(
    row: Transfer, data: Any, key: HallKey, desk: HallInfo, now: datetime
) -> list[dict[str, Any]]:
    """The final PDFs: drawn, certified with the desk's key, hashed."""
    from hall_desk.documents import certify, transfer_agreement
    from hall_desk.documents.data import AgreementCopy

    wanted = [
        (
            AGREEMENT_HALL,
            transfer_agreement.transfer_agreement_pdf,
            AgreementCopy.HALL,
            transfer_agreement.AGREEMENT,
        ),
        (
            AGREEMENT_CUSTOMER,
            transfer_agreement.transfer_agreement_pdf,
            AgreementCopy.CUSTOMER,
            transfer_agreement.AGREEMENT,
        ),
    ]
    if row.kind == TransferKind.SPECIAL.value:
        wanted += [
            (
                PROFILE_HALL,
                transfer_agreement.profile_agreement_pdf,
                AgreementCopy.HALL,
                transfer_agreement.PROFILE_AGREEMENT,
            ),
            (
                PROFILE_CUSTOMER,
                transfer_agreement.profile_agreement_pdf,
                AgreementCopy.CUSTOMER,
                transfer_agreement.PROFILE_AGREEMENT,
            ),
        ]
    documents = []
    for role, draw, copy, kind_of_document in wanted:
        suffix = "A" if role.startswith("agreement") else "B"
        document = data.__class__(**{**data.__dict__, "document_no": f"{row.number}-{suffix}"})
        fingerprint = transfer_agreement.fingerprint(document, copy, kind_of_document)
        pdf = certify.certify_pdf(
            draw(document, copy, fingerprint),
            key.key_pem,
            key.cert_pem,
            reason=f"{kind_of_document} {document.document_no}",
            location=f"{desk.name}（{row.desk_code}）",
            at=now,
        )
        documents.append(
            {
                "role": role,
                "document_no": document.document_no,
                "name": f"{row.number}-{DOCUMENT_TITLES[role]}.pdf",
                "sha256": hashlib.sha256(pdf).hexdigest(),
                "size": len(pdf),
                "media_type": "application/pdf",
                "fingerprint": fingerprint,
                "cert_sha256": key.cert_sha256,
                "pdf": pdf,
            }
        )
    return documents


@signed_in
def complete_transfer(ctx: DeskContext, session: StaffSession, transfer_id: str) -> TransferView:
    """Every rule checked once more; then the agreements drawn, certified and stored with their
    SHA-256 (``transfer.completed``). Refusals come back all at once (``TransferRefusals``)."""
    require(session.role, Permission.RECORD_COMPLAINT)
    desk = require_desk()
    now = ctx.clock.now()
    row = _load_for_change(transfer_id)
    draft = _draft(row)
    eligibility = _eligibility(row, ctx, draft)
    eligibility.raise_if_refused()
    key = _signing_ready(ctx, desk)
    signed_on = local_today(now)
    kept_until = paper_kept_until(signed_on, ctx.policy)
    data = _agreement_data(row, desk, draft, eligibility, signed_on, kept_until, now, ctx)
    documents = _render(row, data, key, desk, now)  # seconds, outside the write transaction
    with unit_of_work():
        fresh = _load_for_change(transfer_id)
        if fresh.updated_at != row.updated_at:
            raise TransferRefused("transfer.changed_meanwhile", None, number=row.number)
        before = transfer_state(fresh)
        for document in documents:
            _store_file(document["pdf"], "application/pdf", now, upload=True)
            TransferFile.create(
                id=str(uuid.uuid4()),
                transfer_id=fresh.id,
                role=document["role"],
                name=document["name"],
                sha256=document["sha256"],
                media_type="application/pdf",
                size=document["size"],
                added_at=now,
                added_by_no=session.staff_no,
            )
        fresh.documents = json.dumps(
            [{k: v for k, v in d.items() if k != "pdf"} for d in documents],
            ensure_ascii=False,
            sort_keys=True,
        )
        fresh.state = TransferState.COMPLETED.value
        fresh.completed_at = now
        fresh.paper_kept_until = kept_until.isoformat()
        fresh.updated_at = now
        fresh.save()
        _write_event(COMPLETED, fresh, session.staff_no, now, before)
    log.info(
        "transfer %s completed by %s: %d documents", fresh.number, session.staff_no, len(documents)
    )
    return _view(ctx, fresh)


@signed_in
def abandon_transfer(
    ctx: DeskContext, session: StaffSession, transfer_id: str, reason: str
) -> TransferView:
    """Given up (``transfer.abandoned``), with the reason; kept for the record."""
    require(session.role, Permission.RECORD_COMPLAINT)
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError("text.required", "reason")
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_change(transfer_id)
        before = transfer_state(row)
        row.state = TransferState.ABANDONED.value
        row.abandoned_reason = text[:500]
        row.updated_at = now
        row.save()
        _write_event(ABANDONED, row, session.staff_no, now, before)
    return _view(ctx, row)


# -- reading ------------------------------------------------------------------------------------


@signed_in
def get_transfer(ctx: DeskContext, session: StaffSession, transfer_id: str) -> TransferView:
    require(session.role, Permission.RECORD_COMPLAINT)
    return _view(ctx, _load(transfer_id))


@signed_in
def recent_transfers(
    ctx: DeskContext, session: StaffSession, *, phone: str = "", limit: int = 200
) -> list[TransferView]:
    """The newest transfers this desk holds, optionally of one number (digits as typed)."""
    require(session.role, Permission.RECORD_COMPLAINT)
    query = Transfer.select().order_by(Transfer.created_at.desc()).limit(limit)
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits:
        query = query.where(Transfer.phone.contains(digits))
    return [_view(ctx, row) for row in query]


# The hall's copies print identity numbers in full: opening one is a view of full identity numbers,
# and every such view writes an event (ARCHITECTURE.md, "Desks, halls and the event log").
FULL_IDENTITY_COPIES = frozenset({AGREEMENT_HALL, PROFILE_HALL})
VIEWED = "document.viewed"


def _record_full_identity_view(
    ctx: DeskContext, session: StaffSession, row: Transfer, role: str
) -> None:
    desk = require_desk()
    now = ctx.clock.now()
    with unit_of_work():
        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type=VIEWED,
            actor=session.staff_no,
            at=now,
            state={
                "id": str(uuid.uuid4()),
                "kind": role,
                "entity_id": row.id,
                "number": row.number,
                "full_identity": True,
            },
        )
    log.info(
        "transfer %s: %s opened by %s (full identity numbers)", row.number, role, session.staff_no
    )


@signed_in
def open_document(
    ctx: DeskContext, session: StaffSession, transfer_id: str, role: str
) -> OpenedDocument:
    """A stored agreement read back and verified now: the file's SHA-256 against the one stored
    (and sent to head office) when it was made, then its certification against this desk's
    certificate. A mismatch is reported, never hidden; the bytes are returned either way. Opening
    a hall copy (full identity numbers) is for a store manager, and for the clerk who handled the
    transfer on the day it was completed (to print the hall's paper copy;
    :func:`hall_desk.domain.staff.may_see_full_id`); others open the customer copy, numbers
    masked. It writes a ``document.viewed`` event: who, when, which."""
    require(session.role, Permission.RECORD_COMPLAINT)
    row = _load(transfer_id)
    if role in FULL_IDENTITY_COPIES:
        completed_today = row.completed_at is not None and (
            to_local(row.completed_at).date() == to_local(ctx.clock.now()).date()
        )
        require_full_id(
            session.role,
            session.staff_no,
            opened_by_no=row.created_by_no,
            unfinished=row.state == TransferState.FILLING.value,
            completed_today=completed_today,
        )
    entry = next((d for d in _loads(row.documents, []) if d["role"] == role), None)
    if entry is None:
        raise NotFound("transfer.document_not_found")
    title = DOCUMENT_TITLES[role]
    try:
        pdf = StoredFile.read(entry["sha256"])  # sealed at rest: opened here
    except sealed.IdentitySealError as error:
        if (
            error.code != sealed.KEY_WRONG
        ):  # no key (or no keyring): the typed error, as for parties
            raise
        log.error("transfer %s: %s does not open (%s)", row.number, role, error.detail)
        return OpenedDocument(
            title,
            entry["name"],
            b"",
            False,
            DOCUMENT_UNREADABLE,
            "its seal does not open: altered in the store, or another key",
        )
    if pdf is None:
        return OpenedDocument(
            title, entry["name"], b"", False, "document.missing", "the file is not on this desk"
        )
    if role in FULL_IDENTITY_COPIES:
        _record_full_identity_view(ctx, session, row, role)
    if hashlib.sha256(pdf).hexdigest() != entry["sha256"]:
        log.warning("transfer %s: %s altered (hash mismatch)", row.number, role)
        return OpenedDocument(
            title,
            entry["name"],
            pdf,
            False,
            "document.altered",
            "SHA-256 differs from the one recorded",
        )
    from hall_desk.documents.certify import certificate_sha256, verify_pdf

    cert = certificate_pem()
    if cert is None or certificate_sha256(cert) != entry.get("cert_sha256"):
        return OpenedDocument(
            title,
            entry["name"],
            pdf,
            False,
            "document.wrong_key",
            "this desk does not hold the certificate that signed it",
        )
    result = verify_pdf(pdf, cert, sha256=entry["sha256"])
    if not result.ok:
        log.warning("transfer %s: %s failed verification: %s", row.number, role, result.code)
    return OpenedDocument(title, entry["name"], pdf, result.ok, result.code, result.detail)


def masked_id(number: str) -> str:
    """An identity number as shown on screen (110101********1234)."""
    return mask_id_number(number)


# -- full identity numbers ----------------------------------------------------------------------

IDENTITY_VIEWED = "identity.viewed"


def _party_at(parties: dict[str, Any], who: str) -> dict[str, str] | None:
    """``new_owner``, ``registered_owner`` or ``agents.<n>`` of the stored parties."""
    if who in ("new_owner", "registered_owner"):
        found = parties.get(who)
        return found if isinstance(found, dict) else None
    head, _, index = who.partition(".")
    agents = parties.get("agents", [])
    if head == "agents" and index.isdigit() and int(index) < len(agents):
        return agents[int(index)]  # type: ignore[no-any-return]
    return None


@signed_in
def may_reveal(session: StaffSession, view: TransferView) -> bool:
    """Whether :func:`reveal_id_number` would show this member of staff the transfer's numbers
    (the UI offers 显示完整号码 only then; the service checks again)."""
    return may_see_full_id(
        session.role,
        session.staff_no,
        opened_by_no=view.created_by_no,
        unfinished=view.state is TransferState.FILLING,
    )


@signed_in
def reveal_id_number(ctx: DeskContext, session: StaffSession, transfer_id: str, who: str) -> str:
    """The full identity number of one person of a transfer (``who``: ``new_owner``,
    ``registered_owner``, ``agents.<n>``), for a store manager, or for whoever opened the transfer
    while it is 填写中; refused (``identity.view_denied``) otherwise. Writes ``identity.viewed``
    (who looked, when, which transfer and person, the kind of ID — never the number) in the
    same transaction as the number is read."""
    require(session.role, Permission.RECORD_COMPLAINT)
    desk = require_desk()
    now = ctx.clock.now()
    with unit_of_work():
        row = _load(transfer_id)
        require_full_id(
            session.role,
            session.staff_no,
            opened_by_no=row.created_by_no,
            unfinished=row.state == TransferState.FILLING.value,
        )
        party = _party_at(_loads(row.parties, {}), who)
        if party is None:
            raise NotFound("transfer.party_not_found")
        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type=IDENTITY_VIEWED,
            actor=session.staff_no,
            at=now,
            state={
                "id": str(uuid.uuid4()),
                "transfer_id": row.id,
                "number": row.number,
                "party": who,
                "id_type": party["id_type"],
                "viewer_no": session.staff_no,
                "viewer_role": session.role.value,
                "viewed_at": now,
            },
        )
    log.info(
        "transfer %s: full identity number of %s shown to %s", row.number, who, session.staff_no
    )
    return str(party["id_number"])
