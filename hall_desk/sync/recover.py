"""Recovering a desk (issue 9): head office is the desk's off-site copy of its own events.

After a restore from an older backup, or on a new PC, the desk's chain ends at seq ``k`` while head
office holds its events up to ``n > k``. Writing on would reuse seq ``k + 1`` and head office would
answer ``conflict``. :func:`recover_own_events` fetches the desk's own events after ``k``
(``GET /v1/desks/me/events``), page by page, and for each page, in one transaction:

1. verifies every envelope first (shape and hash with
   :func:`~hall_desk.domain.envelope.envelope_problem`, this desk and hall, and
   :func:`~hall_desk.domain.envelope.link_problem`: the next seq, ``prev`` = the hash of the local
   chain's last event). One bad envelope refuses the whole page: nothing of it is kept, and the round
   stops with :class:`RecoveryRefused` (never uploading over a chain it could not continue);
2. inserts each event as it is and applies its payload, read through the event catalogue, with the
   storage's row builders (:mod:`hall_desk.storage.replicas`, by
   :func:`hall_desk.sync.downlink.insert_and_apply`: an own ``complaint.*`` restores the complaint
   from its full state), and records it as delivered (``sync_delivery`` + ``answered_through``), so
   it is never uploaded again; the day counters of running numbers move past the numbers taken
   back.

When: at the start of every sync round, before uploading (:mod:`hall_desk.sync.runner`), whenever
head office's ``highest_seq`` for this desk is above the local highest seq; and from
``hall-desk recover``. The UI's background sync runs a round at start-up, so an online desk recovers
before its first new record in practice; a desk restored offline that records something before
reaching head office forks its chain, which recovery then refuses (``sync.recovery_refused``, shown
as "需要从总部恢复") and uploading stays stopped until someone sorts it out.

Files: an own ``transfer.*`` event taken back also restores the transfer's evidence file rows
(its payload lists them); :func:`fetch_own_files` then fetches from head office
(``GET /v1/files/{sha256}``) the evidence scans and the final certified PDFs of this desk's
transfers that the store lacks, checked against their SHA-256, so the agreements open and verify
again (with the signing key: after a restore it is in the store, on a new PC it comes back from
key escrow, :mod:`hall_desk.services.escrow`). Signature images stay at the desk (they are inside
the signed PDFs) and are not restored. Staff accounts come back with head office's
``staff.changed`` echoes on the next pull.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import peewee

from hall_desk.domain.envelope import envelope_problem, link_problem
from hall_desk.domain.retention import Part
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import (
    DayCounter,
    Event,
    RetentionPurge,
    StoredFile,
    SyncDelivery,
    SyncState,
    Transfer,
    TransferFile,
)
from hall_desk.storage.replicas import parse_time
from hall_desk.sync import downlink
from hall_desk.sync.errors import SyncError
from hall_desk.sync.protocol import MAX_BATCH, Outcome, OwnEventsReply

log = logging.getLogger(__name__)

RECOVERY_REFUSED = "sync.recovery_refused"
# ``<desk>-<yymmdd>-<nnnn>`` (complaints), ``-R<yymmdd>-`` (refunds), ``-G<yymmdd>-`` (transfers):
# the day counter's key and the running number.
_NUMBER = re.compile(r"^.+-([RG]?\d{6})-(\d{4})$")


class RecoveryRefused(SyncError):
    """Head office sent an own event this desk cannot take as the next link of its chain (tampered,
    another desk's, or a fork): nothing of that page was kept."""

    def __init__(self, detail: str = "", *, seq: int | None = None) -> None:
        super().__init__(RECOVERY_REFUSED, detail)
        self.seq = seq


class OwnEventsSource(Protocol):
    def own_events(self, after: int, limit: int = MAX_BATCH) -> OwnEventsReply: ...


class FileSource(Protocol):
    def get_file(self, sha256: str) -> tuple[str, bytes]: ...


EVIDENCE_ROLE = (
    "evidence"  # the transfer file rows an event's ``files`` list (the others are local)
)


@dataclass
class RecoveryReport:
    fetched: int = 0  # own events taken back into the local chain
    applied: int = 0  # of which changed the desk's tables
    not_applied: int = 0  # kept in the chain, payload not applied (reason logged)
    pages: int = 0
    from_seq: int = 0  # the local highest seq before
    to_seq: int = 0  # the local highest seq after
    types: dict[str, int] = field(default_factory=dict)
    files_fetched: int = 0  # files of own transfers fetched back (fetch_own_files)
    files_missing: int = 0  # of which head office holds none


def _last_link(desk: str) -> tuple[int, str]:
    row = (
        Event.select(Event.seq, Event.hash)
        .where(Event.desk == desk)
        .order_by(Event.seq.desc())
        .first()
    )
    return (row.seq, row.hash) if row else (0, "")


def verify_page(
    events: list[Any], *, hall: str, desk: str, after_seq: int, prev_hash: str
) -> list[dict[str, Any]]:
    """The page's envelopes when every one continues the chain ending at ``after_seq`` /
    ``prev_hash``; :class:`RecoveryRefused` naming the first that does not."""
    checked: list[dict[str, Any]] = []
    expected, prev = after_seq + 1, prev_hash
    for raw in events:
        problem = envelope_problem(raw)
        if problem is not None:
            raise RecoveryRefused(f"seq {expected}: {problem}", seq=expected)
        assert isinstance(raw, dict)
        if raw["desk"] != desk or raw["hall"] != hall:
            raise RecoveryRefused(
                f"seq {expected}: event of {raw['desk']} ({raw['hall']}), not of {desk}",
                seq=expected,
            )
        link = link_problem(raw, expected, prev)
        if link is not None:
            raise RecoveryRefused(f"seq {expected}: {link}", seq=expected)
        checked.append(raw)
        expected, prev = expected + 1, raw["hash"]
    return checked


def _take_page(
    events: list[dict[str, Any]], *, hall: str, desk: str, at: datetime, report: RecoveryReport
) -> None:
    with unit_of_work():
        after, prev = _last_link(desk)  # again inside the transaction: nothing wrote meanwhile
        checked = verify_page(events, hall=hall, desk=desk, after_seq=after, prev_hash=prev)
        for env in checked:
            outcome, reason, detail = downlink.insert_and_apply(env, hall=hall, at=at)
            if outcome is downlink.PullOutcome.APPLIED:
                report.applied += 1
            elif outcome is downlink.PullOutcome.QUARANTINED:
                report.not_applied += 1
                log.warning(
                    "recovered own event seq %d %s not applied: %s %s",
                    env["seq"],
                    env["type"],
                    reason,
                    detail,
                )
            report.types[env["type"]] = report.types.get(env["type"], 0) + 1
            if outcome is downlink.PullOutcome.APPLIED and env["type"].startswith("transfer."):
                _restore_evidence_rows(env["payload"])
        if not checked:
            return
        _advance_day_counters(checked, desk)
        SyncDelivery.insert_many(
            [
                {
                    "seq": env["seq"],
                    "event_id": env["id"],
                    "outcome": Outcome.DUPLICATE.value,
                    "reason": "",
                    "detail": "recovered from head office",
                    "answered_at": at,
                }
                for env in checked
            ]
        ).on_conflict_ignore().execute()
        state = SyncState.get_by_id(1)
        first, last = checked[0]["seq"], checked[-1]["seq"]
        changes: dict[Any, Any] = {SyncState.last_heard_at: at}
        if first <= state.answered_through + 1:  # contiguous with what head office answered
            changes[SyncState.answered_through] = max(state.answered_through, last)
        SyncState.update(changes).where(SyncState.id == 1).execute()
        report.fetched += len(checked)
        report.pages += 1


def _restore_evidence_rows(payload: dict[str, Any]) -> None:
    """An own transfer's evidence file rows as its full state lists them, for the files the store
    holds (a row names its file; the others follow once :func:`fetch_own_files` fetched them)."""
    listed = payload.get("files")
    transfer_id = payload.get("id")
    if not isinstance(listed, list) or not isinstance(transfer_id, str):
        return
    TransferFile.delete().where(
        (TransferFile.transfer_id == transfer_id) & (TransferFile.role == EVIDENCE_ROLE)
    ).execute()
    held = {
        f.sha256
        for f in StoredFile.select(StoredFile.sha256).where(
            StoredFile.sha256.in_(_evidence_files(payload))
        )
    }
    for item in listed:
        if not isinstance(item, dict) or item.get("role") != EVIDENCE_ROLE:
            continue
        if item.get("sha256") not in held:
            continue
        try:
            TransferFile.insert(
                id=item["id"],
                transfer_id=transfer_id,
                role=EVIDENCE_ROLE,
                name=item["name"],
                sha256=item["sha256"],
                media_type=item["media_type"],
                size=int(item["size"]),
                added_at=parse_time(item["added_at"]),
                added_by_no=item["added_by_no"],
                removed_at=parse_time(item["removed_at"]) if item.get("removed_at") else None,
            ).on_conflict_replace().execute()
        except (KeyError, TypeError, ValueError) as error:
            log.warning(
                "transfer %s: an evidence file row not restored: %s",
                transfer_id,
                type(error).__name__,
            )


@dataclass
class FilesReport:
    fetched: int = 0
    bytes: int = 0
    missing: list[str] = field(default_factory=list)  # SHA-256 head office could not give


def _evidence_files(payload: dict[str, Any]) -> list[str]:
    listed = payload.get("files")
    return [
        item["sha256"]
        for item in (listed if isinstance(listed, list) else [])
        if isinstance(item, dict)
        and item.get("role") == EVIDENCE_ROLE
        and isinstance(item.get("sha256"), str)
    ]


def _latest_transfer_states(desk: str) -> list[dict[str, Any]]:
    """The full state of each of this desk's transfers as its last event carries it."""
    latest: dict[str, dict[str, Any]] = {}
    query = (
        Event.select(Event.id, Event.payload)
        .where((Event.desk == desk) & Event.type.startswith("transfer."))
        .order_by(Event.seq)
    )
    for row in query:
        payload = json.loads(row.plain_payload)  # sealed at rest (identity data)
        if isinstance(payload, dict) and isinstance(payload.get("id"), str):
            latest[payload["id"]] = payload
    return list(latest.values())


def wanted_own_files(desk: str) -> list[str]:
    """SHA-256 of the files this desk's transfers name (final PDFs, evidence) that the store
    lacks — never those of a transfer whose files a retention purge removed (head office keeps
    its copies; fetching them back would undo the purge)."""
    purged = {
        r.record_id
        for r in RetentionPurge.select(RetentionPurge.record_id).where(
            RetentionPurge.part == Part.FILES.value
        )
    }
    wanted: set[str] = set()
    for row in Transfer.select(Transfer.id, Transfer.documents).where(Transfer.desk_code == desk):
        if row.id in purged:
            continue
        try:
            documents = json.loads(row.documents or "[]")
        except ValueError:
            documents = []
        wanted.update(
            d["sha256"]
            for d in documents
            if isinstance(d, dict) and isinstance(d.get("sha256"), str)
        )
    for state in _latest_transfer_states(desk):
        if state["id"] not in purged:
            wanted.update(_evidence_files(state))
    if not wanted:
        return []
    held = {
        f.sha256
        for f in StoredFile.select(StoredFile.sha256).where(StoredFile.sha256.in_(sorted(wanted)))
    }
    return sorted(wanted - held)


def fetch_own_files(desk: str, source: FileSource, *, at: datetime) -> FilesReport:
    """Fetch from head office the files of this desk's transfers the store lacks (one at a time,
    each checked against its SHA-256 by the transport and stored as already delivered). A file
    head office does not hold is listed in ``missing``; no answer raises the transport's error."""
    report = FilesReport()
    for sha256 in wanted_own_files(desk):
        try:
            media_type, content = source.get_file(sha256)
        except SyncError as error:
            if getattr(error, "status", None) == 404:
                log.warning("file %s… of a transfer is not at head office", sha256[:12])
                report.missing.append(sha256)
                continue
            raise
        with unit_of_work():
            StoredFile.insert(
                sha256=sha256,
                media_type=media_type,
                size=len(content),
                sealed_content=StoredFile.sealed(sha256, content),
                created_at=at,
                upload=True,
                uploaded_at=at,
            ).on_conflict_ignore().execute()
        report.fetched += 1
        report.bytes += len(content)
    if report.fetched:  # the evidence rows whose files were missing
        with unit_of_work():
            for state in _latest_transfer_states(desk):
                if _evidence_files(state):
                    _restore_evidence_rows(state)
    if report.fetched or report.missing:
        log.info(
            "files of own transfers from head office: %d fetched (%d bytes), %d missing",
            report.fetched,
            report.bytes,
            len(report.missing),
        )
    return report


def _advance_day_counters(events: list[dict[str, Any]], desk: str) -> None:
    """The restored store's running numbers (``day_counter``) are older than the records taken
    back: move each day's counter past the numbers they carry, so the next complaint, refund or
    transfer does not get a number already used."""
    highest: dict[str, int] = {}
    for env in events:
        number = env["payload"].get("number")
        match = _NUMBER.match(number) if isinstance(number, str) else None
        if match is not None and number.startswith(desk + "-"):
            key, last = match.group(1), int(match.group(2))
            highest[key] = max(highest.get(key, 0), last)
    for key, last in highest.items():
        DayCounter.insert(day=key, last=last).on_conflict(
            conflict_target=[DayCounter.day],
            update={DayCounter.last: peewee.fn.MAX(DayCounter.last, last)},
        ).execute()


def recover_own_events(
    desk: str,
    source: OwnEventsSource,
    *,
    at: datetime,
    page_size: int = MAX_BATCH,
    on_page: Callable[[RecoveryReport], None] | None = None,
) -> RecoveryReport:
    """Fetch this desk's own events that head office holds past the local chain and continue the
    chain with them (see the module docstring). Raises :class:`RecoveryRefused` on an envelope
    that does not verify (that page is not kept; earlier pages stay: they verified), or the
    transport's :class:`SyncError` when head office cannot be reached."""
    hall = desk.rsplit("-", 1)[0]
    report = RecoveryReport()
    report.from_seq = report.to_seq = _last_link(desk)[0]
    while True:
        after = _last_link(desk)[0]
        reply = source.own_events(after, page_size)
        if reply.events:
            _take_page(reply.events, hall=hall, desk=desk, at=at, report=report)
            if on_page is not None:
                on_page(report)
        if not reply.more:
            break
    report.to_seq = _last_link(desk)[0]
    if report.fetched:
        log.info(
            "recovered %d own events from head office: seq %d..%d",
            report.fetched,
            report.from_seq + 1,
            report.to_seq,
        )
    return report
