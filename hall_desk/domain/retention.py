"""资料保存期限 — what of a transfer's records is past its retention period, and what purging leaves
(DOMAIN.md "Keeping records"). Pure Python: "today" (the local date in Asia/Shanghai) is passed in.

**What is kept how long** (the numbers are in :class:`~hall_desk.domain.policy.Policy`):

- Identity data taken for a transfer (证件类别, 证件号码, 姓名, 住址 of each party, and of an agent with
  the party they act for) is kept for the party's **service period plus 2 years**
  (``identity_retention_years_after_service``):

  - the registered owner (原机主)'s service ends when the transfer is completed: kept until the
    completion date (local) + 2 years;
  - the new owner (新机主)'s service ends when the same phone number is transferred again — a later
    completed transfer of that number that this desk holds (any desk of the hall: pulled ones
    count): kept until that transfer's completion date + 2 years. Otherwise it is **not due**: the
    desk cannot know that the account was closed (销户 is done in the business system, not here),
    so the new owner's data stays until a later transfer shows the service ended;
  - an **abandoned** transfer (已放弃): no service changed hands, the data was taken for a purpose
    that ended when the transfer was given up; it is kept ``abandoned_transfer_retention_years``
    (2, like the service-period rule, for a dispute about the abandoned attempt) from the day it was
    abandoned, then both parties' data **and its files** (evidence scans, signature images: no
    agreement was ever signed, so there is no basic-business document to keep) are due;
  - a transfer still being filled in (填写中) is never due.

- Documents by class: the 过户协议 (and 完善客户资料协议) of a completed transfer are basic-business
  documents (基础业务, ``paper_retention_years``: 25 years from signing, the transfer's
  ``paper_kept_until``). Its stored files — the certified PDFs, the evidence scans and the signature
  images they were drawn from — are due the day after. The agreement is evidence of the contract:
  its own retention class governs it, including the identity data printed on it, so purging the
  identity data (2 years) removes it from the desk's records and event log, not from the signed
  agreement.
- Electronic complaint records are kept long-term: never due, never purged here.

"Kept until D" means D is the last day it must be kept: due from D + 1 (local dates).

**What purging leaves** (:func:`redact_party`): the marker :data:`PURGED` in place of the address,
the masked identity number a screen shows anyway (110101********1234), the surname only (the
name's first character, then ``*``), and the 证件类别 (it names no one and makes the masked number
readable); a signing customer's name in the signatures is reduced to the surname too. Purging the
files also replaces the evidence files' names (typed at the counter, they may name someone) by the
marker (:func:`redact_file_names`). Redacting is idempotent: redacted again, nothing changes.

**Who may purge what** (the service): a store manager, only records of this desk (only a transfer's
own desk changes it), and only what head office has confirmed holding: every event of the record
acknowledged, every file to purge received (:class:`Held`); otherwise the item is listed as
等待总部确认 and is not purgeable. At most :data:`MAX_RECORDS` records in one purge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Any

from hall_desk.domain.identity import mask_id_number
from hall_desk.domain.policy import Policy
from hall_desk.domain.transfers import PartyRole, TransferState, add_years, identity_kept_until

PURGED = "〔已清除〕"
PURGED_EVENT = "retention.purged"  # the one event of a purge
MAX_RECORDS = 200  # records in one purge (one event lists them all)

# Error codes
NOT_DUE = "retention.not_due"  # number, part
NOT_CONFIRMED = "retention.not_confirmed"  # number, part
NOTHING_CHOSEN = "retention.nothing_chosen"
TOO_MANY = "retention.too_many"  # max


class Part(StrEnum):
    """What of a transfer's records can be due."""

    REGISTERED_OWNER = "registered_owner"  # 原机主 (and their agent)'s identity data
    NEW_OWNER = "new_owner"  # 新机主 (and their agent)'s identity data
    FILES = "files"  # the stored files: agreements, evidence scans, signature images

    @property
    def is_identity(self) -> bool:
        return self is not Part.FILES


# The party key in a transfer's ``parties`` / ``signatures`` for each identity part, and the
# ``acts_for`` value of the agents acting for that party.
PARTY_KEY = {Part.REGISTERED_OWNER: "registered_owner", Part.NEW_OWNER: "new_owner"}
ACTS_FOR = {
    Part.REGISTERED_OWNER: PartyRole.REGISTERED_OWNER.value,
    Part.NEW_OWNER: PartyRole.NEW_OWNER.value,
}


@dataclass(frozen=True)
class TransferFacts:
    """What the rules need to know of one transfer the desk holds (dates are local dates)."""

    id: str
    number: str
    phone: str
    desk_code: str
    state: TransferState
    completed_on: date | None  # completion (local date), when completed
    abandoned_on: date | None  # when abandoned
    paper_kept_until: date | None  # the agreement's last day (completed transfers)
    parts_held: frozenset[Part]  # what the desk holds of it: parties taken, files stored
    purged: frozenset[Part] = frozenset()


@dataclass(frozen=True)
class DueItem:
    transfer_id: str
    number: str
    phone: str
    part: Part
    kept_until: date  # the last day it had to be kept; due from the day after

    @property
    def key(self) -> tuple[str, Part]:
        return self.transfer_id, self.part


@dataclass(frozen=True)
class Held:
    """What head office has confirmed holding of one record: each event of it acknowledged, each
    file that goes to head office received."""

    events_total: int
    events_acknowledged: int
    files_waiting: int  # files marked for head office not received yet

    @property
    def confirmed(self) -> bool:
        return self.events_acknowledged >= self.events_total and self.files_waiting == 0


def is_due(kept_until: date, today: date) -> bool:
    return today > kept_until


def new_owner_service_ends(transfers: Iterable[TransferFacts]) -> dict[str, date]:
    """transfer id → the day its new owner's service ended: the completion date of the next
    completed transfer of the same phone number (ties on the same day: the later number). Transfers
    without a later one are absent (service not known to have ended)."""
    by_phone: dict[str, list[TransferFacts]] = {}
    for t in transfers:
        if t.state is TransferState.COMPLETED and t.completed_on is not None:
            by_phone.setdefault(t.phone, []).append(t)
    ends: dict[str, date] = {}
    for chain in by_phone.values():
        chain.sort(key=lambda t: (t.completed_on, t.number))
        for earlier, later in pairwise(chain):
            assert later.completed_on is not None
            ends[earlier.id] = later.completed_on
    return ends


def kept_until(
    transfer: TransferFacts, part: Part, policy: Policy, service_ends: dict[str, date]
) -> date | None:
    """The last day ``part`` of ``transfer`` must be kept, or None when not known (not due)."""
    if transfer.state is TransferState.ABANDONED:
        if transfer.abandoned_on is None:
            return None
        return add_years(transfer.abandoned_on, policy.abandoned_transfer_retention_years)
    if transfer.state is not TransferState.COMPLETED or transfer.completed_on is None:
        return None
    if part is Part.REGISTERED_OWNER:
        return identity_kept_until(transfer.completed_on, policy)
    if part is Part.NEW_OWNER:
        ended = service_ends.get(transfer.id)
        return None if ended is None else identity_kept_until(ended, policy)
    return transfer.paper_kept_until


def due_items(transfers: Iterable[TransferFacts], today: date, policy: Policy) -> list[DueItem]:
    """Every part past its retention period and not purged yet, oldest first."""
    transfers = list(transfers)
    ends = new_owner_service_ends(transfers)
    due = []
    for t in transfers:
        for part in Part:
            if part not in t.parts_held or part in t.purged:
                continue
            until = kept_until(t, part, policy, ends)
            if until is not None and is_due(until, today):
                due.append(DueItem(t.id, t.number, t.phone, part, until))
    due.sort(key=lambda d: (d.kept_until, d.number, list(Part).index(d.part)))
    return due


# -- what purging leaves ----------------------------------------------------------------------


def surname_only(name: str) -> str:
    name = name or ""
    if not name or name == PURGED:
        return name
    return name[0] + "*" * max(1, len(name) - 1)


def redact_party(party: dict[str, Any]) -> dict[str, Any]:
    """A party's (or agent's) identity with the values purged: masked number, surname, marker."""
    redacted = dict(party)
    if "id_number" in redacted:
        redacted["id_number"] = mask_id_number(str(redacted["id_number"] or ""))
    if "name" in redacted:
        redacted["name"] = surname_only(str(redacted["name"] or ""))
    if "address" in redacted:
        redacted["address"] = PURGED
    return redacted


def redact_parties(parties: Any, parts: Iterable[Part]) -> Any:
    """A transfer's ``parties`` (``registered_owner``, ``new_owner``, ``agents``) with the given
    identity parts purged; anything that is not such a dict comes back unchanged."""
    if not isinstance(parties, dict):
        return parties
    result = dict(parties)
    for part in parts:
        if not part.is_identity:
            continue
        key = PARTY_KEY[part]
        if isinstance(result.get(key), dict):
            result[key] = redact_party(result[key])
        agents = result.get("agents")
        if isinstance(agents, list):
            result["agents"] = [
                redact_party(a)
                if isinstance(a, dict) and a.get("acts_for") == ACTS_FOR[part]
                else a
                for a in agents
            ]
    return result


def redact_signatures(signatures: Any, parts: Iterable[Part]) -> Any:
    """A transfer's ``signatures`` with the signing customers' names reduced to the surname."""
    if not isinstance(signatures, dict):
        return signatures
    result = dict(signatures)
    for part in parts:
        if not part.is_identity:
            continue
        entry = result.get(PARTY_KEY[part])
        if isinstance(entry, dict) and "signer_name" in entry:
            result[PARTY_KEY[part]] = {
                **entry,
                "signer_name": surname_only(str(entry["signer_name"])),
            }
    return result


def redact_file_names(files: Any) -> Any:
    """A transfer's ``files`` (evidence entries) with their names replaced by the marker: a name is
    typed at the counter and may name the customer (张三身份证.jpg); the role, hash and size stay."""
    if not isinstance(files, list):
        return files
    return [{**f, "name": PURGED} if isinstance(f, dict) and "name" in f else f for f in files]


def redact_transfer_state(state: dict[str, Any], parts: Iterable[Part]) -> dict[str, Any]:
    """A transfer's full state as an event carries it (``changes`` included) with the identity
    data of ``parts`` purged, and the evidence files' names when its files are purged."""
    parts = list(parts)
    identity = [p for p in parts if p.is_identity]
    redactors: list[tuple[str, Callable[[Any], Any]]] = []
    if identity:
        redactors += [
            ("parties", lambda v: redact_parties(v, identity)),
            ("signatures", lambda v: redact_signatures(v, identity)),
        ]
    if Part.FILES in parts:
        redactors.append(("files", redact_file_names))
    result = dict(state)
    changes = result.get("changes")
    changes = dict(changes) if isinstance(changes, dict) else None
    for key, redact in redactors:
        if key in result:
            result[key] = redact(result[key])
        pair = changes.get(key) if changes is not None else None
        if changes is not None and isinstance(pair, list):
            changes[key] = [redact(side) for side in pair]
    if changes is not None:
        result["changes"] = changes
    return result


def due_on(kept: date) -> date:
    return kept + timedelta(days=1)
