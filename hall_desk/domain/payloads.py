"""The event catalogue: every event family's payload, declared once per payload version.

Pure data and small pure functions (``domain``), so the desk's storage, sync, services and head
office may all import it. One :class:`PayloadSpec` per family and payload version says

- the payload's fields (:class:`FieldSpec`: kind, required, nullable, an extra validator),
- the roles that may produce it (by the actor's role in head office's record),
- who may produce it: the entity's own desk (:data:`OWN_DESK`), any desk of the hall
  (:data:`HALL`: delegations, marking a typical case as the quarter's best) or head office only
  (:data:`HEAD_OFFICE`: its ``<HALL>-00`` chain),
- the state transitions it may make (``transitions``: state before → states allowed after;
  ``None`` before = the entity's creation) and the fields fixed once the entity exists,
- which of its types create the entity (a later step of an entity not held yet waits for it).

A desk writes the version it declares in the envelope's ``schema``; head office checks an event
against **that** version's rules (:func:`validate`). An event an older, still supported version
wrote correctly is applied as written; :func:`looser_rules` names the rules of the newest version
it does not meet (head office counts them). Adding a family is one entry in :data:`CATALOGUE`.

Everyone goes through it (issue 21): a desk's services build every payload with
:func:`build_payload` (through :func:`hall_desk.storage.events.append_event`: an event type the
catalogue does not know is refused there, and so is a field a closed version does not declare),
head office checks with :func:`validate`, and the desk's downlink and recovery read with
:func:`read_payload` before the storage's row builders (:mod:`hall_desk.storage.replicas`) turn a
payload into rows. Every payload but a creating event's of a version with
``changes_on_create=False`` carries ``changes`` (field → [before, after]) beside the state.

Adding a field that head office and the other desks keep is one edit here, the producer's value
and a test: declare it (``required=False`` in the family's latest version when older desks do not
write it), put its value in the producer's state; :func:`build_payload` lets it through, head
office keeps the state as sent and the other desks keep the event as sent
(``tests/sync/test_catalogue.py`` walks through it with a field of its own).

Version 1 of each family describes what desks wrote before issue 21 (fields added over time are
optional in v1). ``complaint`` v2 tightens the phone number (a mainland mobile or fixed line, as the
desk's intake form normalises it: v1 took any digits, e.g. 95555 or a 400/800 number typed by hand).
The next version of each family with a creating type (``complaint`` v3; ``refund``, ``transfer``,
``incident``, ``delegation`` and ``typical_case`` v2) drops ``changes`` from the creating event (it
listed every field as None → value) and declares the family's whole payload (``closed``). A desk
writes the newest version whose rules its payload meets (a complaint recorded with a loose phone
before the strict rule is still written as v1 when it changes); head office and the desks read
every version the catalogue holds.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from typing import Any

from hall_desk.domain.account_closure import closure_rule_broken
from hall_desk.domain.complaints import ComplaintState
from hall_desk.domain.errors import ValidationError

# issue 19: each event type's and payload field's display text, kept beside this catalogue (a new
# family, type or field adds its texts there; tests/domain/test_event_texts.py checks)
from hall_desk.domain.event_texts import event_text as event_text
from hall_desk.domain.event_texts import field_text as field_text
from hall_desk.domain.identity import normalise_phone
from hall_desk.domain.policy import Role
from hall_desk.domain.refunds import RefundState
from hall_desk.domain.staff import AUTH_NOTICE_SHOWN as AUTH_NOTICE_SHOWN  # rules20c
from hall_desk.domain.staff import validate_staff_no

# Who may produce an event of a family.
OWN_DESK = "own desk"  # only the desk holding the entity (the one that created it)
HALL = "hall"  # any desk of the entity's hall
HEAD_OFFICE = "head office"  # only head office's own chain <HALL>-00

# What happens to an event whose actor head office has disabled.
FLAG = "flag"  # applied, flagged ``actor.disabled`` (每诉必录: it happened)
REFUSE = "refuse"  # quarantined

# An event dated further ahead of head office's clock than this is refused (at.future): only a
# date no clock could show (9999). A desk clock days or years wrong is no reason to lose a
# complaint (每诉必录): the desk records and shows its offset against head office. 30 years: beyond
# the longest retention period (25 years), which a desk may be asked to look ahead to.
MAX_FUTURE_SECONDS = 30 * 366 * 24 * 3600


class Kind(StrEnum):
    TEXT = "text"
    FLAG = "flag"
    INT = "int"
    TIME = "time"  # UTC ISO 8601 ending in Z
    UUID = "uuid"
    LIST = "list"
    OBJECT = "object"
    ANY = "any"


@dataclass(frozen=True)
class Problem:
    """One rule an event's payload breaks: the field, the rule's name, a detail for people."""

    field: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.field}: {self.rule} ({self.detail})"


Validator = Callable[[Any], str | None]  # the value → the rule it breaks, or None


@dataclass(frozen=True)
class FieldSpec:
    kind: Kind
    required: bool = True
    nullable: bool = False
    validator: Validator | None = None
    max_length: int | None = None


@dataclass(frozen=True)
class PayloadSpec:
    family: str
    version: int
    fields: Mapping[str, FieldSpec]
    roles: frozenset[Role] = frozenset(Role)
    producer: str = OWN_DESK
    key: str | None = "id"  # the payload key of the entity's id (None: the sending desk's code)
    owner_key: str | None = None  # the payload key naming the entity's desk, if it has one
    hall_key: str | None = None  # the payload key naming the entity's hall (must be the event's)
    creates: frozenset[str] | None = None  # types creating the entity (None: every event is one)
    transitions: Mapping[str | None, frozenset[str]] | None = None  # state before → allowed after
    state_key: str = "state"
    fixed: tuple[str, ...] = ()  # fields that never change once the entity exists
    types: frozenset[str] | None = None  # the known types (None: any type of the family)
    # per type: another producer / other roles / disabled-actor handling than the family's
    type_producer: Mapping[str, str] = field(default_factory=dict)
    type_roles: Mapping[str, frozenset[Role]] = field(default_factory=dict)
    when_actor_disabled: str = REFUSE
    type_when_actor_disabled: Mapping[str, str] = field(default_factory=dict)
    unattended: bool = False  # the desk may write it with no signed-in person (actor "" / desk:…)
    # a type whose payload is not the family's state (head office's reply, decision): its fields
    type_fields: Mapping[str, Mapping[str, FieldSpec]] = field(default_factory=dict)
    changes_on_create: bool = True  # False: a creating event carries the state without ``changes``
    closed: bool = False  # True: a desk may not write a field this version does not declare

    def fields_of(self, event_type: str) -> Mapping[str, FieldSpec]:
        return self.type_fields.get(event_type, self.fields)

    def checked(self, event_type: str) -> bool:
        """Whether readers check this type's fields: not a head-office type whose own payload is
        not declared yet (read as it comes; declare it in ``type_fields``)."""
        return event_type in self.type_fields or self.producer_of(event_type) != HEAD_OFFICE

    def carries_changes(self, event_type: str) -> bool:
        """Whether this type's payload carries ``changes`` beside the state."""
        explicit_creation = self.creates is not None and event_type in self.creates
        return self.changes_on_create or not explicit_creation

    def producer_of(self, event_type: str) -> str:
        return self.type_producer.get(event_type, self.producer)

    def roles_of(self, event_type: str) -> frozenset[Role]:
        return self.type_roles.get(event_type, self.roles)

    def disabled_actor(self, event_type: str) -> str:
        return self.type_when_actor_disabled.get(event_type, self.when_actor_disabled)

    def creating(self, event_type: str) -> bool:
        return self.creates is None or event_type in self.creates


def next_version(
    spec: PayloadSpec, more: Mapping[str, FieldSpec] | None = None, **changed: Any
) -> PayloadSpec:
    """The family's next payload version: ``spec``'s rules and fields, ``more`` fields declared
    (a field of ``spec`` named again takes its new rule) and ``changed`` attributes."""
    return replace(
        spec, version=spec.version + 1, fields={**spec.fields, **(more or {})}, **changed
    )


# --- validators ------------------------------------------------------------------------------

_LOOSE_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{2,19}$")


def loose_phone(value: Any) -> str | None:
    """v1: digits (3 to 20, spaces, dashes, a leading +): what desks wrote before the strict rule."""
    return None if _LOOSE_PHONE.match(value) else "phone.format"


@lru_cache(maxsize=16384)
def strict_phone(value: str) -> str | None:
    """v2: a mainland mobile or fixed line, written as the intake form normalises it (cached:
    libphonenumber costs half a millisecond a number, and customers call again)."""
    try:
        return None if normalise_phone(value) == value else "phone.strict"
    except ValidationError:
        return "phone.strict"


def one_of(values: frozenset[str], rule: str) -> Validator:
    def check(value: Any) -> str | None:
        return None if value in values else rule

    return check


def money(*, positive: bool) -> Validator:
    """A decimal string (no commas, no floats), ≥ 0 (or > 0), at most two decimals."""

    def check(value: Any) -> str | None:
        try:
            amount = Decimal(value)
        except InvalidOperation:
            return "money.format"
        if not amount.is_finite() or amount < 0 or (positive and amount == 0):
            return "money.range"
        if amount >= Decimal("1000000000") or amount != amount.quantize(Decimal("0.01")):
            return "money.range"
        return None

    return check


AMOUNT = money(positive=False)  # a complaint's amount involved: may be 0.00
REFUND_AMOUNT = money(positive=True)


def nonempty(value: Any) -> str | None:
    return None if value.strip() else "text.empty"


def staff_number(value: Any) -> str | None:
    try:
        validate_staff_no(value)
    except ValidationError:
        return "staff_no.format"
    return None


def files_list(value: Any) -> str | None:
    ok = all(isinstance(item, dict) and isinstance(item.get("sha256"), str) for item in value)
    return None if ok else "files.sha256"


def text_list(value: Any) -> str | None:
    """A list of non-empty texts (e.g. the ids of events a record refers to)."""
    ok = all(isinstance(item, str) and item for item in value)
    return None if ok else "list.texts"


def parse_utc(text: Any) -> datetime | None:
    """A UTC ISO 8601 time ending in ``Z``, or None."""
    if not isinstance(text, str) or not text.endswith("Z") or len(text) > 40:
        return None
    try:
        return datetime.fromisoformat(text[:-1] + "+00:00").astimezone(UTC)
    except ValueError:
        return None


# --- the families ----------------------------------------------------------------------------

T, F = Kind.TEXT, Kind.FLAG
_COMPLAINT_STATES = frozenset(s.value for s in ComplaintState)
_REFUND_STATES = frozenset(s.value for s in RefundState)
_COMPLAINT_STATE = one_of(_COMPLAINT_STATES, "state.unknown")
_ROLES = frozenset(r.value for r in Role)
_MANAGER = frozenset({Role.STORE_MANAGER})
_LEADER = frozenset({Role.SHIFT_LEADER, Role.STORE_MANAGER})


def _complaint_fields(phone: Validator) -> dict[str, FieldSpec]:
    fields = {
        "id": FieldSpec(Kind.UUID),
        "number": FieldSpec(T, validator=nonempty),
        "hall": FieldSpec(T),
        "desk": FieldSpec(T),
        "phone": FieldSpec(T, validator=phone),
        "customer_name": FieldSpec(T, max_length=200),
        "tier": FieldSpec(T),
        "channel": FieldSpec(T),
        "main_class": FieldSpec(T),
        "sub_class": FieldSpec(T),
        "description": FieldSpec(T),
        "customer_request": FieldSpec(T),
        "state": FieldSpec(T, validator=_COMPLAINT_STATE),
        "first_responder_no": FieldSpec(T, validator=nonempty),
        "first_responder_name": FieldSpec(T),
        "accepted_at": FieldSpec(Kind.TIME),
        "reply_due": FieldSpec(Kind.TIME),
        "regulator_due": FieldSpec(Kind.TIME),
        "important": FieldSpec(F),
        "media": FieldSpec(F),
        "escalated": FieldSpec(F),
        "repeat": FieldSpec(F),
        "amount": FieldSpec(T, required=False, nullable=True, validator=AMOUNT),
        "occurred_at": FieldSpec(Kind.TIME, required=False, nullable=True),
        "promised_at": FieldSpec(Kind.TIME, required=False, nullable=True),
        "replied_at": FieldSpec(Kind.TIME, required=False, nullable=True),
        "closed_at": FieldSpec(Kind.TIME, required=False, nullable=True),
        "policy_version": FieldSpec(Kind.INT, required=False),
        "repeat_of": FieldSpec(Kind.LIST, required=False),
        # --- issue 23 (tpl23): the 常用模板 a complaint was entered from, and its version ---
        "template_id": FieldSpec(T, required=False, nullable=True, max_length=64),
        "template_version": FieldSpec(Kind.INT, required=False, nullable=True),
        # --- end of issue 23 ---
    }
    return fields


# Head office's own payloads on <HALL>-00 (not the entity's state): a reply, a decision.
_HQ_TIME = FieldSpec(Kind.TIME)
_COMPLAINT_REPLIED_FIELDS = {
    "id": FieldSpec(T),
    "reply": FieldSpec(T, validator=nonempty),
    "replied_at": _HQ_TIME,
    "operator": FieldSpec(T),
}
_REFUND_DECIDED_FIELDS = {
    "id": FieldSpec(T),
    "approved": FieldSpec(F),
    "reason": FieldSpec(T),
    "decided_at": _HQ_TIME,
    "operator": FieldSpec(T),
    # -- issue 16 (refund loop contract): who decided, as what, on which counted total, and who
    # recommended it first (optional: head offices before issue 16 do not write them)
    "operator_name": FieldSpec(T, required=False),
    "role": FieldSpec(T, required=False),
    "complaint_total": FieldSpec(T, required=False),
    "recommended_by": FieldSpec(T, required=False),
    "recommended_by_name": FieldSpec(T, required=False),
    "recommended_at": FieldSpec(Kind.TIME, required=False),
}
# -- issue 16 (refund loop contract): head office's recommendation and execution of a refund
_REFUND_RECORDED_BY = {
    "id": FieldSpec(T),
    "number": FieldSpec(T, validator=nonempty),
    "recorded_by": FieldSpec(T),
    "recorded_by_name": FieldSpec(T),
}
_REFUND_LOOP_FIELDS: dict[str, dict[str, FieldSpec]] = {
    "refund.recommended": {
        "id": FieldSpec(T),
        "number": FieldSpec(T, validator=nonempty),
        "recommended_by": FieldSpec(T),
        "recommended_by_name": FieldSpec(T),
        "recommended_at": _HQ_TIME,
        "note": FieldSpec(T),
        "recommend": FieldSpec(F),
    },
    "refund.executed": {
        **_REFUND_RECORDED_BY,
        "billing_reference": FieldSpec(T, validator=nonempty),
        "amount": FieldSpec(T, validator=REFUND_AMOUNT),
        "executed_at": _HQ_TIME,
    },
    "refund.execution_failed": {
        **_REFUND_RECORDED_BY,
        "reason": FieldSpec(T),
        "failed_at": _HQ_TIME,
    },
    "refund.execution_cancelled": {
        **_REFUND_RECORDED_BY,
        "reason": FieldSpec(T),
        "cancelled_at": _HQ_TIME,
    },
}

# --- issue 20 (rules20b): the complaint's new state fields, optional in the LATEST version ---------
# (declared in complaint v3 below, and so in every later version). reply_counted_at: the answer's time for
# every timeliness figure (a 补录 reply counts when it was recorded); late_reply: '' / 补录 /
# 店长已确认 / 总部已认可; planned_callback_at: 约定回访时间 out of the quiet hours; media_reported_*:
# who reported a media complaint to 综合部 and when; reply_due_estimate: the 估 deadline a
# complaint.deadline_corrected replaced.
LATE_REPLY_STATES = frozenset({"", "补录", "店长已确认", "总部已认可"})
_ISSUE20_COMPLAINT_FIELDS: dict[str, FieldSpec] = {
    "reply_counted_at": FieldSpec(Kind.TIME, required=False, nullable=True),
    "late_reply": FieldSpec(
        T, required=False, validator=one_of(LATE_REPLY_STATES, "late_reply.unknown")
    ),
    "planned_callback_at": FieldSpec(Kind.TIME, required=False, nullable=True),
    "media_reported_by": FieldSpec(T, required=False, max_length=200),
    "media_reported_at": FieldSpec(Kind.TIME, required=False, nullable=True),
    "reply_due_estimate": FieldSpec(Kind.TIME, required=False, nullable=True),
}
# The new complaint.* event types and who may produce them: a store manager's confirmation of a
# 补录 reply's stated time (never of their own reply: hall_desk.hq.intake_rules), head office's
# acceptance of it (on <HALL>-00), the complaint's own desk's correction of a 估 deadline once the
# year's calendar arrives (by the desk itself: no signed-in person needed).
LATE_REPLY_CONFIRMED = "complaint.late_reply_confirmed"
LATE_REPLY_ACCEPTED = "complaint.late_reply_accepted"
DEADLINE_CORRECTED = "complaint.deadline_corrected"
MEDIA_REPORTED = "complaint.media_reported"  # who reported a media complaint to 综合部, and when
# head office's reply by phone (hall-desk-hq reply --method …): how and when the customer was
# called, and why in the quiet hours (客户要求 / 客户来电, with a note)
_COMPLAINT_REPLIED_FIELDS.update(
    {
        "number": FieldSpec(T, required=False),
        "method": FieldSpec(T, required=False),
        "called_at": FieldSpec(Kind.TIME, required=False),
        "quiet_reason": FieldSpec(T, required=False),
        "quiet_note": FieldSpec(T, required=False),
    }
)
# head office's acceptance of a store manager's confirmation (hall-desk-hq accept-late-reply)
_LATE_REPLY_ACCEPTED_FIELDS = {
    "id": FieldSpec(T),
    "number": FieldSpec(T),
    "hq_accepted_at": _HQ_TIME,
    "operator": FieldSpec(T),
    "note": FieldSpec(T, validator=nonempty),
    "stated_at": FieldSpec(Kind.TIME, nullable=True),
}
# --- end of issue 20's block ----------------------------------------------------------------------

# --- issue 17 (transfer17): head office's progress note on a complaint transferred to it (shown in
# the desk's timeline; a promised time moved out of the quiet hours to 08:00, the time typed kept
# beside it) and its hand-back to the hall with a note (onto the first responder's 我的跟进) ---------
COMPLAINT_PROGRESS = "complaint.progress"
COMPLAINT_RETURNED = "complaint.returned"
_COMPLAINT_PROGRESS_FIELDS = {
    "id": FieldSpec(T),
    "number": FieldSpec(T),
    "text": FieldSpec(T, validator=nonempty),
    "noted_at": _HQ_TIME,
    "operator": FieldSpec(T),
    "promised_at": FieldSpec(Kind.TIME, required=False, nullable=True),
    "promised_typed": FieldSpec(Kind.TIME, required=False, nullable=True),
}
_COMPLAINT_RETURNED_FIELDS = {
    "id": FieldSpec(T),
    "number": FieldSpec(T),
    "note": FieldSpec(T, validator=nonempty),
    "returned_at": _HQ_TIME,
    "operator": FieldSpec(T),
}
# --- end of issue 17's (transfer17) block ---------------------------------------------------------

_COMPLAINT_COMMON: dict[str, Any] = {
    "type_fields": {
        "complaint.replied": _COMPLAINT_REPLIED_FIELDS,
        LATE_REPLY_ACCEPTED: _LATE_REPLY_ACCEPTED_FIELDS,  # issue 20
        COMPLAINT_PROGRESS: _COMPLAINT_PROGRESS_FIELDS,  # issue 17 (transfer17)
        COMPLAINT_RETURNED: _COMPLAINT_RETURNED_FIELDS,  # issue 17 (transfer17)
    },
    "owner_key": "desk",
    "hall_key": "hall",
    "creates": frozenset({"complaint.created"}),
    "transitions": {None: frozenset({ComplaintState.ACCEPTED.value})},
    "fixed": ("number", "first_responder_no", "accepted_at"),
    "type_producer": {
        "complaint.replied": HEAD_OFFICE,
        LATE_REPLY_ACCEPTED: HEAD_OFFICE,
        COMPLAINT_PROGRESS: HEAD_OFFICE,  # issue 17 (transfer17)
        COMPLAINT_RETURNED: HEAD_OFFICE,  # issue 17 (transfer17)
    },
    "type_roles": {LATE_REPLY_CONFIRMED: _MANAGER},  # issue 20
    "when_actor_disabled": FLAG,
}

_R = RefundState
_REFUND_TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({_R.PENDING.value}),
    _R.PENDING.value: frozenset(
        {_R.APPROVED.value, _R.AWAITING_HEAD_OFFICE.value, _R.REFUSED.value, _R.CANCELLED.value}
    ),
    _R.AWAITING_HEAD_OFFICE.value: frozenset(
        {_R.CANCELLED.value, _R.HEAD_OFFICE_APPROVED.value, _R.HEAD_OFFICE_REFUSED.value}
    ),
    _R.HEAD_OFFICE_APPROVED.value: frozenset({_R.HEAD_OFFICE_REFUSED.value}),
    _R.HEAD_OFFICE_REFUSED.value: frozenset({_R.HEAD_OFFICE_APPROVED.value}),
    _R.APPROVED.value: frozenset(),
    _R.REFUSED.value: frozenset(),
    _R.CANCELLED.value: frozenset(),
}
# States only head office's decision gives a refund (refund.decided on <HALL>-00).
HEAD_OFFICE_REFUND_STATES = frozenset({_R.HEAD_OFFICE_APPROVED.value, _R.HEAD_OFFICE_REFUSED.value})

# Extending the catalogue (issue 21):
# - a field: declare it in the family's entry below (``required=False`` when older desks do not
#   write it); the later versions (``next_version`` further down) take every field of the one
#   before, so the newest version a desk writes declares it too. A producer writing a field no
#   version declares gets NotInCatalogue (the newest versions are closed).
# - a head-office type: ``type_producer`` (HEAD_OFFICE) and, for its own payload, ``type_fields``
#   (readers check it then; until then they take it as it comes); a desk applies it with one
#   line in hall_desk.sync.downlink._FROM_HEAD_OFFICE and a function in hall_desk.storage.replicas.
# - a rule tightened or a field dropped: a new version (``next_version``); older ones still parse.
# issue 17 (quar17): head office's answer on a desk's held event (see the "held" family below)
HELD_CLOSED = "held.closed"
HELD_REAPPLIED = "held.reapplied"
_HELD_FIELDS = {
    "id": FieldSpec(T, validator=nonempty),
    "desk": FieldSpec(T),
    "kind": FieldSpec(T),
    "reason": FieldSpec(T),
    "note": FieldSpec(T),
    "operator": FieldSpec(T),
}
# --- issue 17 (hdr17): head office's own records of a full value seen in the console ---------------
# ``identity.viewed`` (a customer's full phone number shown, or a search by one) and
# ``document.viewed`` (a file opened) are written by desks too (their own fields: which transfer,
# which person), so the types keep the family's producer; head office writes them on
# ``<HALL>-00`` with these fields (optional: desks' records lack them), and desks keep them
# (hall_desk.sync.downlink). ``viewed`` says what was seen, never the full number.
IDENTITY_VIEWED = "identity.viewed"
DOCUMENT_VIEWED = "document.viewed"
_HQ_VIEWED_FIELDS = {
    "operator": FieldSpec(T, required=False),
    "viewed": FieldSpec(T, required=False),
    "reason": FieldSpec(T, required=False),
    "viewed_at": FieldSpec(Kind.TIME, required=False),
}
# --- end of issue 17's (hdr17) block ---------------------------------------------------------------
_CATALOGUE_LIST: list[PayloadSpec] = [
    PayloadSpec("complaint", 1, _complaint_fields(loose_phone), **_COMPLAINT_COMMON),
    PayloadSpec("complaint", 2, _complaint_fields(strict_phone), **_COMPLAINT_COMMON),
    PayloadSpec(
        "refund",
        1,
        {
            "id": FieldSpec(Kind.UUID),
            "number": FieldSpec(T, validator=nonempty),
            "hall": FieldSpec(T),
            "desk": FieldSpec(T),
            "complaint_id": FieldSpec(T),
            "complaint_number": FieldSpec(T),
            "amount": FieldSpec(T, validator=REFUND_AMOUNT),
            "state": FieldSpec(T, validator=one_of(_REFUND_STATES, "state.unknown")),
            "method": FieldSpec(T),
            "account_type": FieldSpec(T),
            "proposed_by_no": FieldSpec(T),
            "proposed_at": FieldSpec(Kind.TIME),
            # -- issue 16 (r16desk): 销户 refunds and the customer told of the execution --------
            # ``closure``: account type, closed number, cash / card balance, route, destination,
            # checked by the closure rules (hall_desk.domain.account_closure), so head office
            # refuses a closure refund breaking them as the desk does. ``customer_told``: on
            # ``refund.customer_told`` (the execution or failure the customer was told of).
            # Declared from v1 on (v2 takes them): a closure is checked whatever version an
            # event declares, so no desk gets a closure breaking the rules past head office.
            "closure": FieldSpec(
                Kind.OBJECT, required=False, nullable=True, validator=closure_rule_broken
            ),
            "customer_told": FieldSpec(Kind.OBJECT, required=False),
            # -- end of issue 16 (r16desk) ---------------------------------------------------
        },
        owner_key="desk",
        hall_key="hall",
        creates=frozenset({"refund.proposed"}),
        transitions=_REFUND_TRANSITIONS,
        fixed=("number", "complaint_id", "amount", "proposed_by_no"),
        type_fields={"refund.decided": _REFUND_DECIDED_FIELDS, **_REFUND_LOOP_FIELDS},
        type_producer={
            "refund.decided": HEAD_OFFICE,
            "refund.recommended": HEAD_OFFICE,
            "refund.executed": HEAD_OFFICE,
            "refund.execution_failed": HEAD_OFFICE,
            "refund.execution_cancelled": HEAD_OFFICE,
        },
        # approving, refusing, sending on: not by an account head office disabled
        type_when_actor_disabled={"refund.proposed": FLAG, "refund.cancelled": FLAG},
    ),
    PayloadSpec(
        "staff",
        1,
        {
            "id": FieldSpec(T, validator=nonempty),
            "staff_no": FieldSpec(T, validator=staff_number),
            "name": FieldSpec(T, required=False, max_length=100),
            "role": FieldSpec(T, validator=one_of(_ROLES, "role.unknown")),
            "active": FieldSpec(F, required=False),
            "password_hash": FieldSpec(T, required=False),
            "must_change_password": FieldSpec(F, required=False),
        },
        roles=_MANAGER,
        producer=HALL,  # a hall's accounts: any desk's store manager
        key="staff_no",
        creates=None,
        type_producer={},
    ),
    PayloadSpec(
        "hall",
        1,
        {
            "code": FieldSpec(T),
            "name": FieldSpec(T, required=False),
            # issue 21: what hall.configured always carried, read by a desk's recovery
            "district": FieldSpec(T, required=False),
            "service_phone": FieldSpec(T, required=False),
            "desk": FieldSpec(T, required=False),
            "demo": FieldSpec(F, required=False),
        },
        roles=_MANAGER,
        key="code",
        hall_key="code",
        producer=HALL,
    ),
    PayloadSpec(
        "transfer",
        1,
        {
            "id": FieldSpec(T, validator=nonempty),
            "hall_code": FieldSpec(T),
            "desk_code": FieldSpec(T),
            "files": FieldSpec(Kind.LIST, required=False, validator=files_list),
            "documents": FieldSpec(Kind.LIST, required=False, validator=files_list),
        },
        owner_key="desk_code",
        hall_key="hall_code",
        creates=frozenset({"transfer.opened"}),
        when_actor_disabled=REFUSE,
    ),
    PayloadSpec(
        "incident",
        1,
        {"id": FieldSpec(T, validator=nonempty)},
        creates=frozenset({"incident.opened"}),
        when_actor_disabled=FLAG,
    ),
    PayloadSpec(
        "delegation",
        1,
        {"id": FieldSpec(T, validator=nonempty)},
        roles=_MANAGER,
        producer=HALL,
        creates=frozenset({"delegation.granted"}),
    ),
    PayloadSpec(
        "typical_case",
        1,
        {"id": FieldSpec(T, validator=nonempty)},
        creates=frozenset({"typical_case.written"}),
        type_producer={"typical_case.marked_best": HALL, "typical_case.unmarked": HALL},
        type_roles={"typical_case.marked_best": _MANAGER, "typical_case.unmarked": _MANAGER},
    ),
    PayloadSpec(
        "retention", 1, {"id": FieldSpec(T, validator=nonempty)}, roles=_MANAGER, producer=OWN_DESK
    ),
    PayloadSpec(
        "backup",
        1,
        {"id": FieldSpec(T, validator=nonempty)},
        roles=_MANAGER,
        when_actor_disabled=REFUSE,
    ),
    # --- issue 20 (rules20a): wrong passwords typed into someone's approval box at a desk ---
    # ``auth.failed``: whose box (staff_no), the desk, when, the count in the series; never the
    # text typed. Any desk of the hall shows it at that person's next sign-in there.
    PayloadSpec(
        "auth",
        1,
        {
            "id": FieldSpec(Kind.UUID),
            "staff_no": FieldSpec(T, validator=nonempty),
            "desk": FieldSpec(T),
            "failed_at": FieldSpec(Kind.TIME),
            "count": FieldSpec(Kind.INT),
            "box": FieldSpec(T, required=False),
        },
        types=frozenset({"auth.failed"}),
        when_actor_disabled=FLAG,
    ),
    # --- issue 20 (rules20c): the failed-attempts notice, shown once per hall ---
    # ``auth_notice.shown``: the person (the actor, their own sign-in) was told at ``desk`` of the
    # ``auth.failed`` events listed (their payload ids); every desk of the hall keeps it and shows
    # those attempts no more (hall_desk.services.staff.failed_attempts_notice).
    PayloadSpec(
        "auth_notice",
        1,
        {
            "id": FieldSpec(Kind.UUID),
            "staff_no": FieldSpec(T, validator=nonempty),
            "desk": FieldSpec(T),
            "shown_at": FieldSpec(Kind.TIME),
            "failed_ids": FieldSpec(Kind.LIST, validator=text_list),
        },
        types=frozenset({AUTH_NOTICE_SHOWN}),
        when_actor_disabled=FLAG,
    ),
    # --- end of issue 20 ---
    # --- issue 23 (tpl23): 常用投诉模板, the hall's own complaint templates ---
    # A store manager at any desk of the hall saves (or retires) one; every desk keeps the hall's
    # beside head office's (policy section ``templates``). The payload is the template's whole
    # state; ``version`` counts its saves (a complaint records which version it came from).
    PayloadSpec(
        "template",
        1,
        {
            "id": FieldSpec(T, validator=nonempty, max_length=64),
            "hall": FieldSpec(T),
            "version": FieldSpec(Kind.INT),
            "name": FieldSpec(T, validator=nonempty, max_length=30),
            "main_class": FieldSpec(T, validator=nonempty),
            "sub_class": FieldSpec(T, validator=nonempty),
            "description": FieldSpec(T, validator=nonempty, max_length=500),
            "customer_request": FieldSpec(T, validator=nonempty, max_length=200),
            "retired": FieldSpec(F),
        },
        roles=_MANAGER,
        producer=HALL,
        hall_key="hall",
        types=frozenset({"template.saved", "template.retired"}),
    ),
    # --- end of issue 23 ---
    # audit records of something that happened at a desk: kept (flagged) whoever it was
    PayloadSpec(
        "document",
        1,
        {"id": FieldSpec(T, validator=nonempty), **_HQ_VIEWED_FIELDS},
        when_actor_disabled=FLAG,
    ),
    PayloadSpec("export", 1, {"id": FieldSpec(T, validator=nonempty)}, when_actor_disabled=FLAG),
    PayloadSpec(
        "identity",
        1,
        {"id": FieldSpec(T, validator=nonempty), **_HQ_VIEWED_FIELDS},
        when_actor_disabled=FLAG,
    ),
    # the desk's link to head office (its address, TLS choices), written with or without a person
    PayloadSpec(
        "hq_link",
        1,
        {"url": FieldSpec(T), "plain_http": FieldSpec(F), "ca_file": FieldSpec(F)},
        key=None,
        types=frozenset({"hq_link.registered"}),
        unattended=True,
        when_actor_disabled=FLAG,
    ),
    # head office's own (on <HALL>-00): a desk sending one is refused
    PayloadSpec(
        "escrow",
        1,
        {"desk": FieldSpec(T)},
        producer=HEAD_OFFICE,
        key="desk",
        types=frozenset({"escrow.opened", "escrow.released"}),
    ),
    PayloadSpec(
        "policy",
        1,
        {"version": FieldSpec(Kind.INT), "policy": FieldSpec(Kind.OBJECT)},
        producer=HEAD_OFFICE,
        key=None,
    ),
    # --- issue 17 (quar17): 隔离与冲突 ---
    # Head office closed one of a desk's events it quarantined, held or refused, with a note (or
    # applied it after all, re-applied from the console): the desk shows it in 未送达事件. ``id``
    # is the desk's event (the desk finds it by its payload's ``id``).
    PayloadSpec(
        "held",
        1,
        _HELD_FIELDS,
        producer=HEAD_OFFICE,
        types=frozenset({HELD_CLOSED, HELD_REAPPLIED}),
        type_fields={HELD_CLOSED: _HELD_FIELDS, HELD_REAPPLIED: _HELD_FIELDS},
    ),
    # --- end of issue 17 (quar17) ---
]


# --- the next versions (issue 21): a creating event without ``changes``, the whole payload --------
# Each is the family's previous version (its rules, its fields, whatever other issues add to it)
# plus the fields desks write that the previous version left undeclared.

_NULL_TIME = FieldSpec(Kind.TIME, nullable=True)
_NULL_TEXT = FieldSpec(T, nullable=True)
_OPTIONAL_TEXT = FieldSpec(T, required=False, nullable=True)
_NEXT: dict[str, Any] = {"changes_on_create": False, "closed": True}


def _names(text: str) -> list[str]:
    return text.split()


def _latest_of(family: str) -> PayloadSpec:
    return max((s for s in _CATALOGUE_LIST if s.family == family), key=lambda s: s.version)


_CATALOGUE_LIST += [
    next_version(
        _latest_of("complaint"),
        {
            **{key: FieldSpec(T) for key in ("regulator_class", "place", "deadline_basis")},
            **{key: FieldSpec(T) for key in ("escalation_reference", "escalation_tendency")},
            "network_urgency": _NULL_TEXT,
            "escalation_source": _NULL_TEXT,
            "policy_version": FieldSpec(Kind.INT),
            # the lifecycle (desk schema v5) and the estimated reply due (v7)
            **{key: _OPTIONAL_TEXT for key in ("verification", "responsibility", "satisfaction")},
            **{key: FieldSpec(T, required=False) for key in ("verification_note", "handler_kind")},
            **{key: FieldSpec(T, required=False) for key in ("handler_no", "handler_name")},
            "incident_id": _OPTIONAL_TEXT,
            "dissatisfied": FieldSpec(F, required=False),
            "reply_due_estimated": FieldSpec(F, required=False),
            # beside the state: the earlier complaints of a repeat, a media complaint reported at
            # once (complaint.created), a lifecycle step's own record
            "report_to_hq_now": FieldSpec(F, required=False),
            "record": FieldSpec(Kind.OBJECT, required=False),
            **_ISSUE20_COMPLAINT_FIELDS,  # issue 20 (rules20b): optional, older desks lack them
        },
        **_NEXT,
    ),
    next_version(
        _latest_of("refund"),
        {
            **{
                key: FieldSpec(T)
                for key in _names(
                    "item checked method_reason reason proposed_by_name decided_by_no "
                    "decided_by_name decision_reason delegated_by_no delegated_by_name sent_by_no "
                    "sent_by_name hq_operator signature_sha256 signed_by_no"
                )
            },
            **{
                key: _NULL_TIME
                for key in ("decided_at", "delegation_until", "sent_at", "hq_decided_at")
            },
            "signed_at": _NULL_TIME,
            "limit": FieldSpec(T, nullable=True, validator=REFUND_AMOUNT),
            "counted_total": FieldSpec(T, nullable=True, validator=REFUND_AMOUNT),
            "delegation_id": _NULL_TEXT,
            "policy_version": FieldSpec(Kind.INT),
        },
        **_NEXT,
    ),
    next_version(
        _latest_of("transfer"),
        {
            **{
                key: FieldSpec(T)
                for key in _names(
                    "number kind state phone account_type opened_on opened_checked_where "
                    "retention_class paper_kept_until created_by_no created_by_name "
                    "abandoned_reason"
                )
            },
            **{key: FieldSpec(Kind.OBJECT) for key in ("parties", "evidence", "signatures")},
            "approval": FieldSpec(Kind.OBJECT, nullable=True),
            "policy_version": FieldSpec(Kind.INT),
            "created_at": FieldSpec(Kind.TIME),
            "completed_at": _NULL_TIME,
            "updated_at": FieldSpec(Kind.TIME),
        },
        **_NEXT,
    ),
    next_version(
        _latest_of("incident"),
        {
            **{
                key: FieldSpec(T)
                for key in _names(
                    "number hall desk cause area main_class sub_class customer_request state "
                    "opened_by_no opened_by_name closed_by_no closing_note"
                )
            },
            "network_urgency": _NULL_TEXT,
            "started_at": FieldSpec(Kind.TIME),
            "opened_at": FieldSpec(Kind.TIME),
            "closed_at": _NULL_TIME,
        },
        **_NEXT,
    ),
    next_version(
        _latest_of("delegation"),
        {
            **{
                key: FieldSpec(T)
                for key in _names("hall desk from_no from_name to_no to_name note revoked_by_no")
            },
            **{key: FieldSpec(Kind.TIME) for key in ("starts_at", "ends_at", "created_at")},
            "revoked_at": _NULL_TIME,
        },
        **_NEXT,
    ),
    next_version(
        _latest_of("typical_case"),
        {
            **{
                key: FieldSpec(T)
                for key in _names(
                    "hall desk complaint_id complaint_number title main_class sub_class background "
                    "handling lessons author_no author_name best_marked_by_no best_marked_by_name"
                )
            },
            "written_at": FieldSpec(Kind.TIME),
            "updated_at": FieldSpec(Kind.TIME),
            "best_quarter": _NULL_TEXT,
            "best_marked_at": _NULL_TIME,
        },
        **_NEXT,
    ),
]

CATALOGUE: dict[tuple[str, int], PayloadSpec] = {(s.family, s.version): s for s in _CATALOGUE_LIST}
LATEST: dict[str, int] = {}
for _spec in _CATALOGUE_LIST:
    LATEST[_spec.family] = max(LATEST.get(_spec.family, 0), _spec.version)


def family_of(event_type: str) -> str:
    return event_type.split(".", 1)[0]


def spec_for(event_type: str, schema: int) -> PayloadSpec | None:
    """The spec of this type's family at this payload version, or None (unknown)."""
    spec = CATALOGUE.get((family_of(event_type), schema))
    if spec is None or (spec.types is not None and event_type not in spec.types):
        return None
    return spec


def known_type(event_type: str) -> bool:
    spec = CATALOGUE.get((family_of(event_type), 1))
    return spec is not None and (spec.types is None or event_type in spec.types)


# --- checking --------------------------------------------------------------------------------


# kind → (the Python type its values have, the rule broken otherwise)
_PYTHON_TYPE: dict[Kind, tuple[type, str]] = {
    Kind.TEXT: (str, "type.text"),
    Kind.UUID: (str, "type.text"),
    Kind.TIME: (str, "type.text"),
    Kind.FLAG: (bool, "type.flag"),
    Kind.INT: (int, "type.int"),
    Kind.LIST: (list, "type.list"),
    Kind.OBJECT: (dict, "type.object"),
}


def _kind_problem(kind: Kind, value: Any) -> str | None:
    wanted = _PYTHON_TYPE.get(kind)
    if wanted is None:  # Kind.ANY
        return None
    if not isinstance(value, wanted[0]) or (wanted[0] is int and isinstance(value, bool)):
        return wanted[1]
    if kind is Kind.TEXT:
        return None
    if kind is Kind.UUID:
        try:
            uuid.UUID(str(value))
        except ValueError:
            return "uuid.format"
    if kind is Kind.TIME and parse_utc(value) is None:
        return "time.format"
    return None


def _holds_nul(payload: Mapping[str, Any]) -> bool:
    """U+0000 anywhere in the payload (JSON writes it as an escape; a literal backslash and
    ``u0000`` only makes :func:`_nul_fields` look, and find nothing)."""
    return "\\u0000" in json.dumps(payload, ensure_ascii=False)


def _nul_fields(value: Any, path: str) -> list[str]:
    """Where U+0000 hides in a payload (no database text column can hold it)."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in _nul_fields(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [f for i, v in enumerate(value) for f in _nul_fields(v, f"{path}[{i}]")]
    return []


def check_fields(
    spec: PayloadSpec, payload: Mapping[str, Any], only: Mapping[str, FieldSpec] | None = None
) -> list[Problem]:
    """The payload against one version's fields (or ``only`` those): each problem names the
    field and the rule."""
    problems = []
    for name, wanted in (spec.fields if only is None else only).items():
        if name not in payload:
            if wanted.required:
                problems.append(Problem(name, "field.missing", f"{name} is missing"))
            continue
        value = payload[name]
        if value is None:
            if not wanted.nullable:
                problems.append(Problem(name, "field.null", f"{name} is null"))
            continue
        rule = _kind_problem(wanted.kind, value)
        if rule is None and wanted.max_length is not None and len(value) > wanted.max_length:
            rule = "text.long"
        if rule is None and wanted.validator is not None:
            rule = wanted.validator(value)
        if rule is not None:
            problems.append(Problem(name, rule, f"{name} breaks {rule}"))
    return problems


def validate(event_type: str, schema: int, payload: Mapping[str, Any]) -> list[Problem]:
    """Everything wrong with this payload under the version its event declares (empty: valid).
    A type or version the catalogue does not know is one problem (``type.unknown`` /
    ``schema.unknown``)."""
    family = family_of(event_type)
    if not known_type(event_type):
        return [Problem("type", "type.unknown", f"{event_type} is not in the catalogue")]
    spec = spec_for(event_type, schema)
    if spec is None:
        return [Problem("schema", "schema.unknown", f"{family} has no payload version {schema}")]
    problems = check_fields(spec, payload)
    if _holds_nul(payload):
        problems += [
            Problem(name, "text.nul", f"{name} holds U+0000") for name in _nul_fields(payload, "")
        ]
    return problems


def looser_rules(event_type: str, schema: int, payload: Mapping[str, Any]) -> list[str]:
    """The rules of the family's newest version that this event (valid under its own, older
    version) does not meet: applied as written, and counted by head office per rule."""
    family = family_of(event_type)
    newest = LATEST.get(family, schema)
    if schema >= newest:
        return []
    spec, own = spec_for(event_type, newest), spec_for(event_type, schema)
    if spec is None or own is None:
        return []
    tightened = _tightened(family, schema, newest)
    return sorted({p.rule for p in check_fields(spec, payload, tightened)}) if tightened else []


@lru_cache(maxsize=256)
def _tightened(family: str, older: int, newer: int) -> Mapping[str, FieldSpec]:
    """The fields whose rule changed from version ``older`` to ``newer`` of a family (a field the
    older version did not declare is no rule it loosened: it described less)."""
    old, new = CATALOGUE[(family, older)], CATALOGUE[(family, newer)]
    return {
        name: spec
        for name, spec in new.fields.items()
        if name in old.fields and old.fields[name] != spec
    }


def transition_problem(
    spec: PayloadSpec, event_type: str, before: str | None, after: Any, exists: bool
) -> str | None:
    """Why ``before`` → ``after`` is not a step this family may take (None when it may)."""
    if spec.transitions is None:
        return None
    if not exists:
        if not spec.creating(event_type):
            return None  # not a creation: the caller waits for the entity
        allowed = spec.transitions.get(None)
        if allowed is not None and after not in allowed:
            return f"{spec.family} cannot be created as {after!r}"
        return None
    if before is None or after == before or before not in spec.transitions:
        return None  # a state the map does not name may go anywhere
    if after not in spec.transitions[before]:
        return f"{spec.family} cannot go from {before!r} to {after!r}"
    return None


# --- producing and reading ---------------------------------------------------------------------

CHANGES = "changes"  # beside the state: field → [before, after]


class NotInCatalogue(ValueError):
    """A desk producing what the catalogue does not describe: an event type of no family (or not
    among its family's types), or a field the version it writes does not declare. A programming
    error, caught by the tests: nothing reaches the log."""


class PayloadUnreadable(ValueError):
    """A payload a reader cannot take: ``rule`` is ``type.unknown``, ``schema.unknown`` or
    ``payload.invalid`` (the problems are in the message)."""

    def __init__(self, rule: str, detail: str) -> None:
        super().__init__(f"{rule}: {detail}")
        self.rule = rule
        self.detail = detail


def changes_between(
    before: Mapping[str, Any] | None, after: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """field → [before, after] for every field that differs (all fields for a new entity)."""
    before = before or {}
    return {
        key: [before.get(key), value]
        for key, value in after.items()
        if key not in before or before[key] != value
    }


@lru_cache(maxsize=512)
def _written(event_type: str) -> tuple[PayloadSpec, ...]:
    """The versions a desk may write for this type, newest first."""
    family = family_of(event_type)
    if not known_type(event_type):
        raise NotInCatalogue(f"{event_type!r}: no family of the event catalogue has this type")
    return tuple(
        spec
        for version in range(LATEST[family], 0, -1)
        if (spec := spec_for(event_type, version)) is not None
    )


def build_payload(
    event_type: str, state: Mapping[str, Any], before: Mapping[str, Any] | None = None
) -> tuple[int, dict[str, Any]]:
    """The payload version and payload a desk writes for ``state`` (plain JSON: the entity's full
    state after the change; ``before`` its state before, None for a new entity): the newest version
    whose rules the state meets (the newest when it meets none: head office says which), with
    ``changes`` unless the version leaves them out of a creating event. :class:`NotInCatalogue`
    for a type no family has, or a field the newest version does not declare when it is closed."""
    versions = _written(event_type)
    newest = versions[0]
    if newest.closed:
        declared = newest.fields_of(event_type)
        undeclared = sorted(key for key in state if key not in declared and key != CHANGES)
        if undeclared:
            raise NotInCatalogue(
                f"{event_type} v{newest.version} does not declare {', '.join(undeclared)}:"
                " declare them in hall_desk/domain/payloads.py"
            )
    chosen = next(
        (spec for spec in versions if not check_fields(spec, state, spec.fields_of(event_type))),
        newest,
    )
    payload = dict(state)
    if chosen.carries_changes(event_type):
        payload[CHANGES] = changes_between(before, state)
    else:
        payload.pop(CHANGES, None)
    return chosen.version, payload


def read_payload(event_type: str, schema: int, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The state an event carries (its payload without ``changes``), checked against the version
    it declares; :class:`PayloadUnreadable` when the catalogue does not know the type or the
    version, or the payload breaks that version's rules. Readers stay open: a field no version
    declares is kept as it came."""
    if not known_type(event_type):
        raise PayloadUnreadable("type.unknown", f"{event_type} is not in the catalogue")
    spec = spec_for(event_type, schema)
    if spec is None:
        raise PayloadUnreadable("schema.unknown", f"{event_type} schema {schema}")
    state = {k: v for k, v in payload.items() if k != CHANGES}
    if spec.checked(event_type):
        problems = check_fields(spec, state, spec.fields_of(event_type))
        if problems:
            raise PayloadUnreadable("payload.invalid", "; ".join(map(str, problems))[:500])
    return state


def produced_families() -> frozenset[str]:
    """The families a desk may write (head office writes the others on ``<HALL>-00``)."""
    return frozenset(s.family for s in CATALOGUE.values() if s.producer != HEAD_OFFICE)
