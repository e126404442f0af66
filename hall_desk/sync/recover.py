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
2. inserts each event as it is and applies its payload with the downlink's row builders
   (:func:`hall_desk.sync.downlink.insert_and_apply`: an own ``complaint.*`` restores the complaint
   from its full state), and records it as delivered (``sync_delivery`` + ``answered_through``), so
   it is never uploaded again; the day counters of running numbers move past the numbers taken
   back.

When: at the start of every sync round, before uploading (:mod:`hall_desk.sync.runner`), whenever
head office's ``highest_seq`` for this desk is above the local highest seq; and from
``hall-desk recover``. The UI's background sync runs a round at start-up, so an online desk recovers
before its first new record in practice; a desk restored offline that records something before
reaching head office forks its chain, which recovery then refuses (``sync.recovery_refused``, shown
as "需要从总部恢复") and uploading stays stopped until someone sorts it out.

What is not restored: files that stayed at the desk (signature images, evidence scans) are not in
events; staff accounts come back with head office's ``staff.changed`` echoes on the next pull.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import peewee

from hall_desk.domain.envelope import envelope_problem, link_problem
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import DayCounter, Event, SyncDelivery, SyncState
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


@dataclass
class RecoveryReport:
    fetched: int = 0  # own events taken back into the local chain
    applied: int = 0  # of which changed the desk's tables
    not_applied: int = 0  # kept in the chain, payload not applied (reason logged)
    pages: int = 0
    from_seq: int = 0  # the local highest seq before
    to_seq: int = 0  # the local highest seq after
    types: dict[str, int] = field(default_factory=dict)


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
                f"seq {expected}: event of {raw['desk']} ({raw['hall']}), not of {desk}", seq=expected
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
                log.warning("recovered own event seq %d %s not applied: %s %s",
                            env["seq"], env["type"], reason, detail)
            report.types[env["type"]] = report.types.get(env["type"], 0) + 1
        if not checked:
            return
        _advance_day_counters(checked, desk)
        SyncDelivery.insert_many(
            [
                {"seq": env["seq"], "event_id": env["id"], "outcome": Outcome.DUPLICATE.value,
                 "reason": "", "detail": "recovered from head office", "answered_at": at}
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
    desk: str, source: OwnEventsSource, *, at: datetime, page_size: int = MAX_BATCH
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
        if not reply.more:
            break
    report.to_seq = _last_link(desk)[0]
    if report.fetched:
        log.info("recovered %d own events from head office: seq %d..%d",
                 report.fetched, report.from_seq + 1, report.to_seq)
    return report
