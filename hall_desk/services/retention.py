"""资料保存期限 — the store manager's list of records past their retention period and the purge
(rules: :mod:`hall_desk.domain.retention`; mechanics: :mod:`hall_desk.storage.retention`).

- :func:`due_records` lists, for this desk's transfers, each part past its period (a party's
  identity data, the files) with whether head office has confirmed holding the record (总部已确认)
  or not yet (等待总部确认: not purgeable).
- :func:`purge_records` purges the chosen items in one transaction with ONE ``retention.purged``
  event: who, when, which records, which parties, which files (role, SHA-256, size) and, for each
  redacted event, the hash of its redacted content — never the values purged. Everything is checked
  again inside the transaction (due, confirmed, this desk's), so a stale list cannot purge too much.
  Afterwards the WAL is folded into the file so no old page of it stays behind.
- Only this desk's transfers: only a transfer's own desk changes it, and one desk purging keeps the
  redactions of a transfer in one order everywhere; the other desks purge their copies when the
  event arrives (:mod:`hall_desk.sync.downlink`). Head office keeps its copy: it is the
  authoritative holder (:mod:`hall_desk.hq.apply` only records the event).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from hall_desk.domain.errors import ValidationError
from hall_desk.domain.identity import mask_phone
from hall_desk.domain.retention import (
    MAX_RECORDS,
    NOT_CONFIRMED,
    NOT_DUE,
    NOTHING_CHOSEN,
    PURGED_EVENT,
    TOO_MANY,
    DueItem,
    Held,
    Part,
    due_items,
)
from hall_desk.domain.staff import Permission, require
from hall_desk.domain.transfers import local_today
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.setup import require_desk
from hall_desk.storage.db import fold_wal, unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.retention import (
    files_of,
    held_by_head_office,
    plan_redactions,
    purge_transfer,
    transfer_facts,
)

log = logging.getLogger(__name__)

RECORD_TYPE = "过户"


@dataclass(frozen=True)
class DueRecord:
    """One item of the list: a part of a record past its retention period."""

    transfer_id: str
    number: str
    masked_phone: str
    record_type: str
    part: Part
    kept_until: date
    held: Held

    @property
    def confirmed(self) -> bool:
        return self.held.confirmed

    @property
    def key(self) -> tuple[str, Part]:
        return self.transfer_id, self.part


@dataclass(frozen=True)
class PurgeResult:
    event_id: str
    records: int
    parts: int
    files: int
    events_redacted: int


def _due_here(ctx: DeskContext, desk_code: str) -> tuple[list[DueItem], dict[str, Held]]:
    facts = transfer_facts()
    due = [
        item
        for item in due_items(facts, local_today(ctx.clock.now()), ctx.policy)
        if any(f.id == item.transfer_id and f.desk_code == desk_code for f in facts)
    ]
    held = held_by_head_office({d.transfer_id for d in due}, desk_code)
    return due, held


@signed_in
def due_records(ctx: DeskContext, session: StaffSession) -> list[DueRecord]:
    """This desk's records past their retention period, oldest first (store manager only)."""
    require(session.role, Permission.PURGE_RECORDS)
    desk = require_desk()
    due, held = _due_here(ctx, desk.desk_code)
    return [
        DueRecord(
            d.transfer_id,
            d.number,
            mask_phone(d.phone),
            RECORD_TYPE,
            d.part,
            d.kept_until,
            held[d.transfer_id],
        )
        for d in due
    ]


@signed_in
def purge_records(
    ctx: DeskContext, session: StaffSession, items: list[tuple[str, Part]]
) -> PurgeResult:
    """Purge the chosen (transfer id, part) items: each must be due, of this desk and confirmed
    held by head office, or nothing is purged (the first refusal names the record)."""
    require(session.role, Permission.PURGE_RECORDS)
    chosen = {(transfer_id, Part(part)) for transfer_id, part in (items or [])}
    if not chosen:
        raise ValidationError(NOTHING_CHOSEN, None)
    by_record: dict[str, set[Part]] = {}
    for transfer_id, part in chosen:
        by_record.setdefault(transfer_id, set()).add(part)
    if len(by_record) > MAX_RECORDS:
        raise ValidationError(TOO_MANY, None, max=MAX_RECORDS)
    desk = require_desk()
    now = ctx.clock.now()
    with unit_of_work():
        due, held = _due_here(ctx, desk.desk_code)
        due_by_key = {d.key: d for d in due}
        for transfer_id, part in sorted(chosen, key=lambda k: (k[0], k[1].value)):
            item = due_by_key.get((transfer_id, part))
            if item is None:
                raise ValidationError(NOT_DUE, None, record=transfer_id, part=part.value)
            if not held[transfer_id].confirmed:
                raise ValidationError(NOT_CONFIRMED, None, number=item.number, part=part.value)
        plans = {t: plan_redactions(t, parts) for t, parts in by_record.items()}
        number = {d.transfer_id: d.number for d in due}
        ordered = sorted(by_record.items(), key=lambda kv: number[kv[0]])
        records = [
            {
                "type": "transfer",
                "id": transfer_id,
                "number": number[transfer_id],
                "desk_code": desk.desk_code,
                "parts": sorted(p.value for p in parts),
                "kept_until": {
                    p.value: due_by_key[(transfer_id, p)].kept_until.isoformat()
                    for p in sorted(parts)
                },
                "files": files_of(transfer_id) if Part.FILES in parts else [],
            }
            for transfer_id, parts in ordered
        ]
        redacted = {r.event_id: r.digest for plan in plans.values() for r in plan}
        envelope = append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type=PURGED_EVENT,
            actor=session.staff_no,
            at=now,
            state={"id": str(uuid.uuid4()), "records": records, "redacted": redacted},
        )
        for transfer_id, parts in ordered:
            purge_transfer(
                transfer_id,
                parts,
                plans[transfer_id],
                event_id=envelope.id,
                at=now,
            )
        files_removed = sum(len(r["files"]) for r in records)
    fold_wal()
    log.info(
        "retention purge %s by %s: %d records, %d parts, %d files, %d events redacted",
        envelope.id,
        session.staff_no,
        len(records),
        len(chosen),
        files_removed,
        len(redacted),
    )
    return PurgeResult(envelope.id, len(records), len(chosen), files_removed, len(redacted))
