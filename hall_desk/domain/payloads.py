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

Version 1 of each family describes what today's desks write (fields added over time are optional
in v1). ``complaint`` v2 tightens the phone number (a mainland mobile or fixed line, as the desk's
intake form normalises it: v1 took any digits, e.g. 95555 or a 400/800 number typed by hand); the
desks still declare v1 (their downlink reads v1 only: moving the producer is the code-health issue).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from typing import Any

from hall_desk.domain.complaints import ComplaintState
from hall_desk.domain.errors import ValidationError
from hall_desk.domain.identity import normalise_phone
from hall_desk.domain.policy import Role
from hall_desk.domain.refunds import RefundState
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

    def producer_of(self, event_type: str) -> str:
        return self.type_producer.get(event_type, self.producer)

    def roles_of(self, event_type: str) -> frozenset[Role]:
        return self.type_roles.get(event_type, self.roles)

    def disabled_actor(self, event_type: str) -> str:
        return self.type_when_actor_disabled.get(event_type, self.when_actor_disabled)

    def creating(self, event_type: str) -> bool:
        return self.creates is None or event_type in self.creates


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
    }
    return fields


# --- issue 20 (rules20b): the complaint's new state fields, optional in the LATEST version ---------
# (merger: move into the family's current latest version). reply_counted_at: the answer's time for
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
# --- end of issue 20's block ----------------------------------------------------------------------

_COMPLAINT_COMMON: dict[str, Any] = {
    "owner_key": "desk",
    "hall_key": "hall",
    "creates": frozenset({"complaint.created"}),
    "transitions": {None: frozenset({ComplaintState.ACCEPTED.value})},
    "fixed": ("number", "first_responder_no", "accepted_at"),
    "type_producer": {"complaint.replied": HEAD_OFFICE, LATE_REPLY_ACCEPTED: HEAD_OFFICE},
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

_CATALOGUE_LIST: list[PayloadSpec] = [
    PayloadSpec("complaint", 1, _complaint_fields(loose_phone), **_COMPLAINT_COMMON),
    PayloadSpec(
        "complaint",
        2,
        {**_complaint_fields(strict_phone), **_ISSUE20_COMPLAINT_FIELDS},  # issue 20: optional
        **_COMPLAINT_COMMON,
    ),
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
        },
        owner_key="desk",
        hall_key="hall",
        creates=frozenset({"refund.proposed"}),
        transitions=_REFUND_TRANSITIONS,
        fixed=("number", "complaint_id", "amount", "proposed_by_no"),
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
        {"code": FieldSpec(T), "name": FieldSpec(T, required=False)},
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
    # audit records of something that happened at a desk: kept (flagged) whoever it was
    PayloadSpec("document", 1, {"id": FieldSpec(T, validator=nonempty)}, when_actor_disabled=FLAG),
    PayloadSpec("export", 1, {"id": FieldSpec(T, validator=nonempty)}, when_actor_disabled=FLAG),
    PayloadSpec("identity", 1, {"id": FieldSpec(T, validator=nonempty)}, when_actor_disabled=FLAG),
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
            uuid.UUID(value)
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
    """The fields whose rule changed from version ``older`` to ``newer`` of a family."""
    old, new = CATALOGUE[(family, older)], CATALOGUE[(family, newer)]
    return {name: spec for name, spec in new.fields.items() if old.fields.get(name) != spec}


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
