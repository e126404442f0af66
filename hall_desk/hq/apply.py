"""What head office makes of an event's payload: which types it knows and what each must hold.

Pure Python, no SQL: :func:`plan` turns a well-formed envelope into an :class:`Application` (the row to
upsert), or raises :class:`CannotApply` with a reason code and a detail. The store writes the row, or
keeps the event **quarantined** with that reason (ARCHITECTURE.md: never dropped, the chain stays whole).

Every payload is the entity's full state after the change, so applying is an upsert by entity id; the
store keeps the (desk, seq) of the event a row came from and never lets an older event of the same desk
overwrite a newer one (events can arrive out of order after a gap).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from hall_desk.domain.payloads import CATALOGUE, HEAD_OFFICE, LATEST

# Quarantine reasons (the ``reason`` of an ``quarantined`` outcome).
TYPE_UNKNOWN = "type.unknown"  # a type head office does not know (yet): kept, not applied
SCHEMA_UNKNOWN = "schema.unknown"  # a payload version newer than head office understands
PAYLOAD_INVALID = "payload.invalid"  # a key missing or of the wrong type
PAYLOAD_REJECTED = "payload.rejected"  # the head-office tables refused it (e.g. 首问责任人 changed)

COMPLAINT = "complaint"


class CannotApply(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Application:
    """One upsert: ``kind`` is ``complaint`` (its own table) or another entity family (generic
    ``entity_state`` table); ``values`` are the columns of a complaint row (empty for the generic
    table); ``state`` is the full state without ``changes``."""

    kind: str
    entity_id: str
    state: dict[str, Any]
    values: dict[str, Any]


_TEXT = str
_FLAG = bool

# complaint.* payload: key → type (every key required; ``amount`` may be null, a decimal string).
COMPLAINT_KEYS: dict[str, type] = {
    "id": _TEXT,
    "number": _TEXT,
    "hall": _TEXT,
    "desk": _TEXT,
    "phone": _TEXT,
    "customer_name": _TEXT,
    "tier": _TEXT,
    "channel": _TEXT,
    "main_class": _TEXT,
    "sub_class": _TEXT,
    "description": _TEXT,
    "customer_request": _TEXT,
    "state": _TEXT,
    "first_responder_no": _TEXT,
    "first_responder_name": _TEXT,
    "accepted_at": _TEXT,
    "reply_due": _TEXT,
    "regulator_due": _TEXT,
    "important": _FLAG,
    "media": _FLAG,
    "escalated": _FLAG,
    "repeat": _FLAG,
}
# Columns of head office's complaint table taken from the payload as they are.
COMPLAINT_COLUMNS = (
    "number", "hall", "desk", "phone", "customer_name", "tier", "channel", "main_class",
    "sub_class", "state", "first_responder_no", "first_responder_name", "accepted_at",
    "reply_due", "regulator_due", "important", "media", "escalated", "repeat",
)  # fmt: skip

STAFF = "staff"
REFUND = "refund"  # refunds (issue 6): their own table, by id
TRANSFER = "transfer"  # 过户 (issue 7): kept as entities; their files come by PUT /v1/files
# Entity families kept in the generic table: family → key of the entity id in the payload.
# Incidents (重大批量投诉, issue 5) are kept as entities; their complaints link to them. A store
# manager's delegation of their refund limit (issue 6) too, and transfers of ownership (过户, issue 7).
# Issue 8: typical cases (典型案例库) by their id, and the audit record of an export with full
# phone/identity numbers (``export.*``: who, when, which list, how many rows, the file's name; never
# the numbers).
# ``retention.purged`` (a desk purged records past their retention period, issue 9) is recorded
# like any audit event; head office does NOT purge its own copy of those records: it is the
# authoritative holder the desk waited for before purging (hall_desk.domain.retention).
# ``identity.viewed``: the audit record of a full identity number shown on a desk (who, when,
# which transfer and person; never the number).
# Every family of the event catalogue a desk may write that has no table of its own is kept here
# (adding a family is one catalogue entry), by the payload key its spec names (None: one entity per
# desk, e.g. ``hq_link.registered``); staff accounts by their id (``hall_staff`` keeps them by
# number).
GENERIC_FAMILIES: dict[str, str | None] = {
    spec.family: spec.key
    for spec in CATALOGUE.values()
    if spec.family not in (COMPLAINT, REFUND) and spec.producer != HEAD_OFFICE
}
GENERIC_FAMILIES[STAFF] = "id"
# The newest payload version head office understands, per family: the event catalogue's.
KNOWN_SCHEMA = {family: LATEST[family] for family in (COMPLAINT, REFUND, *GENERIC_FAMILIES)}

# refund.* payload (the refund's full state, hall_desk.services.refunds.refund_state): the keys head
# office checks; the rest is kept in ``full_state``.
REFUND_KEYS: dict[str, type] = {
    "id": _TEXT,
    "number": _TEXT,
    "hall": _TEXT,
    "desk": _TEXT,
    "complaint_id": _TEXT,
    "complaint_number": _TEXT,
    "amount": _TEXT,
    "state": _TEXT,
    "method": _TEXT,
    "account_type": _TEXT,
    "proposed_by_no": _TEXT,
    "proposed_at": _TEXT,
}
REFUND_STATES = frozenset(
    {"待审批", "已批准", "待总部审批", "总部已批准", "总部已拒绝", "已拒绝", "已取消"}
)
# The refund table's columns taken from the payload as they are.
REFUND_COLUMNS = ("number", "hall", "desk", "complaint_id", "amount", "state", "method")


def family_of(event_type: str) -> str:
    return event_type.split(".", 1)[0]


def plan(envelope: dict[str, Any]) -> Application:
    """The upsert this (well-formed) envelope asks for, or :class:`CannotApply`."""
    family = family_of(envelope["type"])
    if family not in KNOWN_SCHEMA:
        raise CannotApply(TYPE_UNKNOWN, f"head office does not know {envelope['type']!r}")
    if envelope["schema"] > KNOWN_SCHEMA[family]:
        raise CannotApply(
            SCHEMA_UNKNOWN,
            f"{envelope['type']} schema {envelope['schema']} > {KNOWN_SCHEMA[family]}",
        )
    state = {k: v for k, v in envelope["payload"].items() if k != "changes"}
    if family == COMPLAINT:
        return _complaint(envelope, state)
    if family == REFUND:
        return _refund(envelope, state)
    key = GENERIC_FAMILIES[family]
    if key is None:
        return Application(family, envelope["desk"], state, {})
    entity_id = state.get(key)
    if not isinstance(entity_id, str) or not entity_id:
        raise CannotApply(PAYLOAD_INVALID, f"{key} is missing or not text")
    if family == STAFF:
        # Head office keeps the hall's accounts by staff number and re-publishes each change.
        staff_no = state.get("staff_no")
        if not isinstance(staff_no, str) or not staff_no or len(staff_no) > 40:
            raise CannotApply(PAYLOAD_INVALID, "staff_no is missing or not text")
        if "active" in state and not isinstance(state["active"], bool):
            raise CannotApply(PAYLOAD_INVALID, "active is not a flag")
    if family == TRANSFER:
        _transfer(envelope, state)
    return Application(family, entity_id, state, {})


def _transfer(envelope: dict[str, Any], state: dict[str, Any]) -> None:
    """A transfer's full state: its own hall and desk, and its files named by SHA-256 (the files
    themselves come by ``PUT /v1/files/{sha256}``, before or after)."""
    if state.get("hall_code") != envelope["hall"] or state.get("desk_code") != envelope["desk"]:
        raise CannotApply(PAYLOAD_INVALID, "hall_code/desk_code differ from the envelope's")
    for key in ("files", "documents"):
        listed = state.get(key, [])
        if not isinstance(listed, list) or not all(
            isinstance(item, dict) and isinstance(item.get("sha256"), str) for item in listed
        ):
            raise CannotApply(PAYLOAD_INVALID, f"{key} is not a list of files with a sha256")


def _complaint(envelope: dict[str, Any], state: dict[str, Any]) -> Application:
    for key, kind in COMPLAINT_KEYS.items():
        if key not in state:
            raise CannotApply(PAYLOAD_INVALID, f"{key} is missing")
        if not isinstance(state[key], kind):
            raise CannotApply(
                PAYLOAD_INVALID, f"{key} is not {'text' if kind is str else 'a flag'}"
            )
    try:
        uuid.UUID(state["id"])
    except ValueError:
        raise CannotApply(PAYLOAD_INVALID, "id is not a UUID") from None
    if state["hall"] != envelope["hall"]:
        raise CannotApply(PAYLOAD_INVALID, "hall differs from the envelope's hall")
    amount = state.get("amount")
    if amount is not None:
        try:
            if not isinstance(amount, str) or Decimal(amount) < 0:
                raise InvalidOperation
        except InvalidOperation:
            raise CannotApply(PAYLOAD_INVALID, "amount is not a decimal string ≥ 0") from None
    values = {column: state[column] for column in COMPLAINT_COLUMNS}
    values["amount"] = amount
    # issue 17 (transfer17): who handles it now (head_office: 转总部投诉, the console's queue)
    values["handler_kind"] = str(state.get("handler_kind") or "")
    return Application(COMPLAINT, state["id"], state, values)


def _refund(envelope: dict[str, Any], state: dict[str, Any]) -> Application:
    """A refund from a desk: its full state, by id (the UUID that makes a retry never pay twice)."""
    for key, kind in REFUND_KEYS.items():
        if not isinstance(state.get(key), kind):
            raise CannotApply(PAYLOAD_INVALID, f"{key} is missing or not text")
    try:
        uuid.UUID(state["id"])
    except ValueError:
        raise CannotApply(PAYLOAD_INVALID, "id is not a UUID") from None
    if state["hall"] != envelope["hall"] or state["desk"] != envelope["desk"]:
        raise CannotApply(PAYLOAD_INVALID, "hall/desk differ from the envelope's")
    if state["state"] not in REFUND_STATES:
        raise CannotApply(PAYLOAD_INVALID, f"state {state['state']!r} is not known")
    try:
        amount = Decimal(state["amount"])
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise InvalidOperation
    except InvalidOperation:
        raise CannotApply(PAYLOAD_INVALID, "amount is not a decimal string > 0") from None
    values = {column: state[column] for column in REFUND_COLUMNS}
    return Application(REFUND, state["id"], state, values)
