"""资料保存期限 in the store: the facts the retention rules need, what head office has confirmed
holding, and the purge itself (the rules: :mod:`hall_desk.domain.retention`).

A purge of one transfer's parts, inside the caller's transaction, is the same whether this desk's
store manager asked for it (:mod:`hall_desk.services.retention`, which then writes the one
``retention.purged`` event) or a ``retention.purged`` event of the transfer's desk was pulled
(:mod:`hall_desk.sync.downlink`): the identity values in the transfer's row are replaced
(:func:`~hall_desk.domain.retention.redact_parties`), the files deleted, what was purged recorded in
``retention_purge``, and the held ``transfer.*`` events of the transfer redacted in place
(:func:`~hall_desk.storage.events.write_redacted_payload`), and so are pulled events of it kept as
dead letters. Applying it again changes nothing.

The store runs with ``PRAGMA secure_delete`` (:data:`hall_desk.storage.db.PRAGMAS`), so the old
values are overwritten in the file's pages, and the service checkpoints the WAL afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from hall_desk.domain.clock import SHANGHAI
from hall_desk.domain.retention import Held, Part, TransferFacts, redact_transfer_state
from hall_desk.domain.transfers import TransferState
from hall_desk.storage import sealed
from hall_desk.storage.events import (
    events_about,
    redacted_hash,
    write_redacted_payload,
)
from hall_desk.storage.models import (
    PullDeadLetter,
    RetentionPurge,
    SignaturePrint,
    StoredFile,
    SyncDelivery,
    Transfer,
    TransferFile,
)

TRANSFER_EVENTS = "transfer."
# Head office's answers that mean it holds the event (applied or quarantined: kept either way).
_HELD_OUTCOMES = ("stored", "duplicate", "quarantined")


def _local_day(at: datetime | None) -> date | None:
    return None if at is None else at.astimezone(SHANGHAI).date()


def purged_parts(record_ids: Iterable[str] | None = None) -> dict[str, frozenset[Part]]:
    query = RetentionPurge.select()
    if record_ids is not None:
        query = query.where(RetentionPurge.record_id.in_(list(record_ids)))
    parts: dict[str, set[Part]] = {}
    for row in query:
        parts.setdefault(row.record_id, set()).add(Part(row.part))
    return {k: frozenset(v) for k, v in parts.items()}


def transfer_facts(transfer_ids: Iterable[str] | None = None) -> list[TransferFacts]:
    """The facts of the transfers this desk holds (all, or those of ``transfer_ids``)."""
    query = Transfer.select(
        Transfer.id,
        Transfer.number,
        Transfer.phone,
        Transfer.desk_code,
        Transfer.state,
        Transfer.completed_at,
        Transfer.updated_at,
        Transfer.paper_kept_until,
        Transfer.sealed_parties,
    )
    if transfer_ids is not None:
        query = query.where(Transfer.id.in_(list(transfer_ids)))
    with_files = {
        row.transfer_id for row in TransferFile.select(TransferFile.transfer_id).distinct()
    }
    purged = purged_parts()
    facts = []
    for row in query:
        state = TransferState(row.state)
        parties = json.loads(row.parties or "{}")
        agents_for = {a.get("acts_for") for a in parties.get("agents", []) if isinstance(a, dict)}
        held = set()
        if parties.get("registered_owner") or "原机主" in agents_for:
            held.add(Part.REGISTERED_OWNER)
        if parties.get("new_owner") or "新机主" in agents_for:
            held.add(Part.NEW_OWNER)
        if row.id in with_files:
            held.add(Part.FILES)
        facts.append(
            TransferFacts(
                id=row.id,
                number=row.number,
                phone=row.phone,
                desk_code=row.desk_code,
                state=state,
                completed_on=_local_day(row.completed_at),
                abandoned_on=_local_day(row.updated_at)
                if state is TransferState.ABANDONED
                else None,
                paper_kept_until=(
                    date.fromisoformat(row.paper_kept_until) if row.paper_kept_until else None
                ),
                parts_held=frozenset(held),
                purged=purged.get(row.id, frozenset()),
            )
        )
    return facts


def held_by_head_office(transfer_ids: set[str], desk: str) -> dict[str, Held]:
    """For each of this desk's transfers: how many of its events head office has acknowledged
    holding, and how many of its files marked for head office are not received yet."""
    events = events_about(TRANSFER_EVENTS, transfer_ids, desk)
    seqs = {seq for envs in events.values() for seq in (e["seq"] for e in envs)}
    acknowledged: set[int] = set()
    chunk = sorted(seqs)
    for start in range(0, len(chunk), 500):
        acknowledged |= {
            row.seq
            for row in SyncDelivery.select(SyncDelivery.seq).where(
                SyncDelivery.seq.in_(chunk[start : start + 500])
                & SyncDelivery.outcome.in_(_HELD_OUTCOMES)
            )
        }
    waiting: dict[str, int] = {}
    query = cast(
        Iterable[tuple[str, str]],  # peewee's stubs type .tuples() as yielding models
        TransferFile.select(TransferFile.transfer_id, StoredFile.sha256)
        .join(StoredFile, on=TransferFile.sha256 == StoredFile.sha256)
        .where(
            TransferFile.transfer_id.in_(list(transfer_ids))
            & (StoredFile.upload == True)  # noqa: E712
            & StoredFile.uploaded_at.is_null()
        )
        .tuples(),
    )
    for transfer_id, _ in query:
        waiting[transfer_id] = waiting.get(transfer_id, 0) + 1
    return {
        t: Held(
            events_total=len(events.get(t, [])),
            events_acknowledged=sum(1 for e in events.get(t, []) if e["seq"] in acknowledged),
            files_waiting=waiting.get(t, 0),
        )
        for t in transfer_ids
    }


# -- the purge ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redaction:
    """One held event's payload as it will be after the purge, and the hash of that content."""

    event_id: str
    payload: dict[str, Any]
    digest: str


def plan_redactions(transfer_id: str, parts: Iterable[Part]) -> list[Redaction]:
    """The held ``transfer.*`` events of ``transfer_id`` whose stored payload changes when ``parts``
    — and what was purged before — are purged (an event already so redacted does not change)."""
    all_parts = set(parts) | set(purged_parts([transfer_id]).get(transfer_id, frozenset()))
    plan = []
    for envelope in events_about(TRANSFER_EVENTS, {transfer_id}).get(transfer_id, []):
        redacted = redact_transfer_state(envelope["payload"], all_parts)
        if redacted != envelope["payload"]:
            plan.append(Redaction(envelope["id"], redacted, redacted_hash(envelope, redacted)))
    return plan


def files_of(transfer_id: str) -> list[dict[str, Any]]:
    """The files of a transfer as a purge lists them: role, SHA-256, size (never their names,
    which may name someone)."""
    return [
        {"role": f.role, "sha256": f.sha256, "size": f.size}
        for f in TransferFile.select()
        .where(TransferFile.transfer_id == transfer_id)
        .order_by(TransferFile.added_at, TransferFile.id)
    ]


def purge_transfer(
    transfer_id: str,
    parts: Iterable[Part],
    redactions: list[Redaction],
    *,
    event_id: str,
    at: datetime,
) -> None:
    """Purge ``parts`` of a held transfer (inside the caller's transaction) for the
    ``retention.purged`` event ``event_id``: identity values replaced in its row, its files deleted
    (a stored file only when no other transfer uses it), ``redactions`` written to its events."""
    parts = set(parts)
    row = Transfer.get_or_none(Transfer.id == transfer_id)
    if row is not None:
        identity = [p for p in parts if p.is_identity]
        if identity:
            state = redact_transfer_state(
                {
                    "parties": json.loads(row.parties or "{}"),
                    "signatures": json.loads(row.signatures or "{}"),
                },
                identity,
            )
            row.parties = json.dumps(state["parties"], ensure_ascii=False, sort_keys=True)
            row.signatures = json.dumps(state["signatures"], ensure_ascii=False, sort_keys=True)
            row.save(only=[Transfer.sealed_parties, Transfer.sealed_signatures])  # sealed again
        if Part.FILES in parts:
            _delete_files(transfer_id)
    for part in parts:
        RetentionPurge.insert(
            record_id=transfer_id, part=part.value, event_id=event_id, purged_at=at
        ).on_conflict_ignore().execute()
    for redaction in redactions:
        write_redacted_payload(redaction.event_id, redaction.payload, event_id)
    _redact_dead_letters(transfer_id, parts | set(purged_parts([transfer_id]).get(transfer_id, ())))


def _redact_dead_letters(transfer_id: str, parts: set[Part]) -> None:
    """A pulled ``transfer.*`` event of the transfer that was not applied is kept as a dead letter
    with the envelope as received: its payload is redacted there too."""
    query = PullDeadLetter.select().where(PullDeadLetter.type.startswith(TRANSFER_EVENTS))
    for row in query:
        kept_sealed = sealed.is_sealed(row.envelope)  # identity data: dead letters kept sealed
        try:
            text = (
                sealed.open_value(row.envelope, sealed.DEAD_LETTER_PLACE, row.fingerprint)
                if kept_sealed
                else row.envelope
            )
            envelope = json.loads(text)
        except ValueError:
            continue
        payload = envelope.get("payload") if isinstance(envelope, dict) else None
        if not isinstance(payload, dict) or payload.get("id") != transfer_id:
            continue
        redacted = redact_transfer_state(payload, parts)
        if redacted != payload:
            text = json.dumps(
                {**envelope, "payload": redacted},
                sort_keys=True,
                ensure_ascii=False,
                separators=(",", ":"),
            )
            if kept_sealed:
                text = sealed.seal_value(text, sealed.DEAD_LETTER_PLACE, row.fingerprint)
            PullDeadLetter.update(envelope=text).where(PullDeadLetter.id == row.id).execute()


def _delete_files(transfer_id: str) -> None:
    digests = {
        f.sha256
        for f in TransferFile.select(TransferFile.sha256).where(
            TransferFile.transfer_id == transfer_id
        )
    }
    TransferFile.delete().where(TransferFile.transfer_id == transfer_id).execute()
    for digest in sorted(digests):
        if not TransferFile.select().where(TransferFile.sha256 == digest).exists():
            StoredFile.delete().where(StoredFile.sha256 == digest).execute()
            # a signature's print rendition goes with it (it shows the same signature)
            SignaturePrint.delete().where(SignaturePrint.sha256 == digest).execute()
        # else: the same bytes are another transfer's file too, kept for it
