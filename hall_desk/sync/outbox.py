"""The outbox: this desk's own events that head office has not answered yet, and what it answered.

The event table is both audit trail and outbox (ARCHITECTURE.md); it is append-only, so delivery
state lives beside it (schema v3): ``sync_delivery`` holds one answer per own event, and
``sync_state.answered_through`` says every own event with ``seq`` ≤ it has one. Batches go out in
``seq`` order, each answered whole, so the queue is simply the own events past that cursor — an index
range on ``event (desk, seq)``, however long the log. Events pulled from other desks are never
sent (``desk`` is always this desk's code).

Outcomes (protocol): stored / duplicate → delivered; quarantined → delivered, and listed as a dead
letter with its reason; refused → a dead letter, never re-sent, and it does not hold up the rest
(``chain.link``: head office holds another event before or after it in this desk's chain). A
quarantine with reason ``waiting`` (issue 15: head office holds it until the entity's creation,
another desk's, arrives, and then applies it) is recorded as ``stored`` with that reason:
delivered, not a dead letter, counted apart (``QueueStatus.waiting_at_head_office``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from hall_desk.domain.clock import parse_utc_iso, utc_iso
from hall_desk.domain.errors import DomainError
from hall_desk.domain.hq_link import cert_days_left, cert_expiring, sends_in_clear
from hall_desk.domain.identity import mask_numbers_in_text
from hall_desk.domain.payloads import HELD_CLOSED, HELD_REAPPLIED
from hall_desk.domain.retention import Part, redact_transfer_state
from hall_desk.storage import sealed
from hall_desk.storage.db import database, unit_of_work
from hall_desk.storage.models import Event, PullDeadLetter, Setting, SyncDelivery, SyncState
from hall_desk.sync import files
from hall_desk.sync.errors import (
    AUTH_INVALID,
    AUTH_REVOKED,
    DESK_MISMATCH,
    OFFLINE,
    SERVER_ERROR,
    TIMEOUT,
)
from hall_desk.sync.protocol import MAX_BATCH, Outcome, UploadReply, head_office_desk
from hall_desk.sync.protocol import WAITING as WAITING_REASON

CLOCK_WARNING = timedelta(minutes=5)
# Hall-wide views built from pulled records may be out of date when head office has not been heard
# from for longer than this (or never): the UI then shows "最后同步于 …" as a warning.
STALE_AFTER = timedelta(minutes=10)
UPLOAD = "upload"  # DeadLetter.direction: one of this desk's own events head office did not apply
PULL = "pull"  # DeadLetter.direction: a pulled event this desk did not apply
DEAD = (Outcome.QUARANTINED.value, Outcome.REFUSED.value)
# Kept with the registration (issue 15), in the ``setting`` table: the private CA's certificates
# (PEM text; empty: the default CAs) and when head office's certificate ends, as last presented.
HQ_CA_SETTING = "hq.ca_pem"
HQ_CERT_NOT_AFTER_SETTING = "hq.cert_not_after"


class Reachability(StrEnum):
    """What the last exchange with head office says about reaching it."""

    ONLINE = "online"  # it succeeded
    HQ_ERROR = "hq_error"  # head office answered, with an error (a 5xx, 401/403, garbage)
    OFFLINE = "offline"  # no answer: network, refused connection, DNS, time-out
    UNKNOWN = "unknown"  # never tried, or it stopped on this desk's side (no token …)


# Error codes (hall_desk.sync.errors) of an exchange in which head office did answer.
HQ_ANSWERED = (SERVER_ERROR, AUTH_INVALID, AUTH_REVOKED, DESK_MISMATCH)
UNREACHABLE = (OFFLINE, TIMEOUT)
_HTTP_STATUS = re.compile(r"^HTTP (\d{3})\b")


@dataclass(frozen=True)
class SyncProblem:
    code: str
    detail: str
    at: datetime

    @property
    def http_status(self) -> int | None:
        """Head office's HTTP status, when it answered with one (the detail begins with it)."""
        match = _HTTP_STATUS.match(self.detail)
        return int(match.group(1)) if match else None


@dataclass(frozen=True)
class QueueStatus:
    """Sync health, as the status bar and ``hall-desk sync-status`` show it."""

    registered: bool
    hq_url: str
    waiting: int
    delivered: int
    dead_letters: int
    last_attempt: datetime | None
    last_attempt_ok: bool
    last_success: datetime | None
    last_error: SyncProblem | None
    clock_offset: timedelta | None  # desk clock minus head office's; > 0: the desk is ahead
    clock_offset_at: datetime | None
    hq_chain_state: str = ""
    hq_chain_detail: str = ""
    # The downlink (schema v4):
    last_heard: datetime | None = None  # last successful exchange with head office (up or down)
    pull_cursor: int = 0  # head office's receipt number of the last pulled event
    last_pull: datetime | None = None  # last pull that fetched everything head office had
    upload_dead_letters: int = 0  # own events head office quarantined or refused
    pull_dead_letters: int = 0  # pulled events this desk quarantined or refused
    # Files head office must receive (schema v9, :mod:`hall_desk.sync.files`):
    files_waiting: int = 0  # not sent yet
    files_failed: int = 0  # refused by head office for good: listed, not sent again
    # TLS (issue 15): a private CA given at registration; when head office's certificate ends
    private_ca: bool = False
    hq_cert_not_after: datetime | None = None

    # Issue 15: own events head office holds until their entity's creation arrives (not dead)
    waiting_at_head_office: int = 0

    @property
    def plain_http(self) -> bool:
        """Registered with plain http to another machine: nothing on the wire is encrypted."""
        return self.registered and sends_in_clear(self.hq_url)

    def cert_days_left(self, now: datetime) -> int | None:
        """Days until head office's certificate ends, when that is within 30 days (else None)."""
        if self.plain_http or not cert_expiring(self.hq_cert_not_after, now):
            return None
        assert self.hq_cert_not_after is not None
        return cert_days_left(self.hq_cert_not_after, now)

    @property
    def online(self) -> bool:
        """The last exchange with head office succeeded."""
        return self.last_attempt_ok

    @property
    def reachability(self) -> Reachability:
        """Online; or, after a failure, whether head office answered (with an error) or could not
        be reached at all (offline) — not the same trouble, not the same remedy."""
        if self.online:
            return Reachability.ONLINE
        if self.last_error is None or self.last_attempt is None:
            return Reachability.UNKNOWN
        if self.last_error.code in HQ_ANSWERED:
            return Reachability.HQ_ERROR
        if self.last_error.code in UNREACHABLE:
            return Reachability.OFFLINE
        return Reachability.UNKNOWN

    @property
    def current_error(self) -> SyncProblem | None:
        """The last error, unless a later success has superseded it."""
        return None if self.online else self.last_error

    @property
    def clock_skewed(self) -> bool:
        return self.clock_offset is not None and abs(self.clock_offset) > CLOCK_WARNING

    def hall_view_stale(self, now: datetime) -> bool:
        """Hall-wide views may be out of date: the last pull that fetched everything head office
        had is older than :data:`STALE_AFTER`, or there was none."""
        return self.last_pull is None or now - self.last_pull > STALE_AFTER


@dataclass(frozen=True)
class DeadLetter:
    seq: int
    event_id: str
    type: str
    at: str
    outcome: Outcome
    reason: str
    detail: str
    answered_at: datetime  # upload: when head office answered; pull: when the desk received it
    envelope: dict[str, Any]
    direction: str = UPLOAD  # UPLOAD or PULL
    desk: str = ""  # whose event (this desk's own for an upload dead letter)
    # issue 17: head office's answer on it since, from the console (held.closed: closed with
    # ``hq_note``; held.reapplied: applied after all), by ``hq_operator``; "" when none yet
    hq_answer: str = ""
    hq_note: str = ""
    hq_operator: str = ""

    def to_json(self) -> dict[str, Any]:
        record = {
            "direction": self.direction,
            "envelope": self.envelope,
            "outcome": self.outcome.value,
            "reason": self.reason,
            "detail": self.detail,
            "answered_at": SyncDelivery.answered_at.db_value(self.answered_at),
        }
        if self.hq_answer:  # issue 17: head office's answer since
            record.update(hq_answer=self.hq_answer, hq_note=self.hq_note)
        return record


# -- reading ----------------------------------------------------------------------------------


def sync_state() -> SyncState:
    return SyncState.get_by_id(1)


def _setting(key: str) -> str:
    row = Setting.get_or_none(Setting.key == key)
    return str(row.value) if row is not None else ""


def hq_ca_pem() -> str:
    """The private CA's certificates kept with the registration ("" for the default CAs)."""
    return _setting(HQ_CA_SETTING)


def hq_cert_not_after() -> datetime | None:
    text = _setting(HQ_CERT_NOT_AFTER_SETTING)
    try:
        return parse_utc_iso(text) if text else None
    except ValueError:
        return None


def highest_own_seq(desk: str) -> int:
    value = Event.select(Event.seq).where(Event.desk == desk).order_by(Event.seq.desc()).scalar()
    return int(value or 0)


def waiting_count(desk: str) -> int:
    """Own events not answered yet. ``seq`` runs from 1 without gaps per desk (the chain), so this
    is the highest own ``seq`` minus the cursor: two index look-ups, not a count."""
    return max(0, highest_own_seq(desk) - sync_state().answered_through)


def _envelope(row: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": row[0],
        "hall": row[1],
        "desk": row[2],
        "seq": row[3],
        "type": row[4],
        "schema": row[5],
        "at": row[6],
        "actor": row[7],
        "payload": json.loads(sealed.open_payload(row[0], row[8])),
        "prev": row[9],
        "hash": row[10],
    }


_COLUMNS = (
    Event.id,
    Event.hall,
    Event.desk,
    Event.seq,
    Event.type,
    Event.schema,
    Event.at,
    Event.actor,
    Event.payload,
    Event.prev,
    Event.hash,
)


def next_batch(desk: str, limit: int = MAX_BATCH) -> list[dict[str, Any]]:
    """The next at most ``limit`` own events nobody answered, in ``seq`` order."""
    if not 1 <= limit <= MAX_BATCH:
        raise ValueError(f"a batch holds 1 to {MAX_BATCH} events")
    cursor = sync_state().answered_through
    query = (
        Event.select(*_COLUMNS)
        .where((Event.desk == desk) & (Event.seq > cursor))
        .order_by(Event.seq)
        .limit(limit)
        .tuples()
    )
    # peewee's stubs type a .tuples() query as yielding models; it yields tuples
    return [_envelope(row) for row in cast(Iterable[tuple[Any, ...]], query)]


def _dead_count() -> dict[str, int]:
    rows = database.execute_sql(
        "SELECT outcome, count(*) FROM sync_delivery WHERE outcome IN (?, ?) GROUP BY outcome", DEAD
    ).fetchall()
    return {outcome: count for outcome, count in rows}


def dead_letter_counts() -> dict[str, int]:
    """Own events head office did not apply, by its answer (``quarantined`` / ``refused``)."""
    counts = dict.fromkeys(DEAD, 0)
    counts.update(_dead_count())
    return counts


def queue_status(desk: str) -> QueueStatus:
    with database.atomic():  # one consistent snapshot
        state = sync_state()
        dead = _dead_count()
        pulled_dead = PullDeadLetter.select().count()
        waiting = max(0, highest_own_seq(desk) - state.answered_through)
        files_waiting, files_failed = files.counts()
        private_ca = bool(hq_ca_pem())
        not_after = hq_cert_not_after()
    error = (
        SyncProblem(state.last_error_code, state.last_error_detail, state.last_error_at)
        if state.last_error_code and state.last_error_at is not None
        else None
    )
    offset = (
        timedelta(milliseconds=state.clock_offset_ms) if state.clock_offset_ms is not None else None
    )
    return QueueStatus(
        registered=bool(state.hq_url),
        hq_url=state.hq_url,
        waiting=waiting,
        delivered=state.answered_through - dead.get(Outcome.REFUSED.value, 0),
        dead_letters=sum(dead.values()) + pulled_dead,
        last_attempt=state.last_attempt_at,
        last_attempt_ok=state.last_attempt_ok,
        last_success=state.last_success_at,
        last_error=error,
        clock_offset=offset,
        clock_offset_at=state.clock_offset_at,
        hq_chain_state=state.hq_chain_state,
        hq_chain_detail=state.hq_chain_detail,
        last_heard=state.last_heard_at,
        pull_cursor=state.pull_cursor,
        last_pull=state.last_pull_at,
        upload_dead_letters=sum(dead.values()),
        pull_dead_letters=pulled_dead,
        files_waiting=files_waiting,
        files_failed=files_failed,
        private_ca=private_ca,
        hq_cert_not_after=not_after,
        waiting_at_head_office=int(
            SyncDelivery.select()
            .where(
                (SyncDelivery.outcome == Outcome.STORED.value)
                & (SyncDelivery.reason == WAITING_REASON)
            )
            .count()
        ),
    )


def dead_letters(desk: str, direction: str | None = None) -> list[DeadLetter]:
    """Dead letters, with the reason: quarantined and refused own events (head office's answer,
    ``seq`` order), then pulled events this desk did not apply (in the order received).
    ``direction`` (:data:`UPLOAD` / :data:`PULL`) picks one kind."""
    letters = _upload_dead_letters(desk) if direction in (None, UPLOAD) else []
    if direction in (None, PULL):
        letters.extend(pull_dead_letters())
    return letters


def pull_dead_letters() -> list[DeadLetter]:
    letters = []
    for row in PullDeadLetter.select().order_by(PullDeadLetter.id):
        try:
            text = sealed.open_value(row.envelope, sealed.DEAD_LETTER_PLACE, row.fingerprint)
        except DomainError as error:  # sealed identity data, no key to open it: listed anyway
            text = json.dumps({"unreadable": error.code})
        try:
            envelope = json.loads(text)
        except ValueError:  # cut short when it was kept (over a megabyte)
            envelope = text
        if not isinstance(envelope, dict):
            envelope = {"received": envelope}
        letters.append(
            DeadLetter(
                seq=row.seq or 0,
                event_id=row.event_id,
                type=row.type,
                at=str(envelope.get("at", "")),
                outcome=Outcome(row.outcome),
                reason=row.reason,
                detail=row.detail,
                answered_at=row.received_at,
                envelope=envelope,
                direction=PULL,
                desk=row.desk,
            )
        )
    return letters


HQ_ANSWERS = (HELD_CLOSED, HELD_REAPPLIED)


def _hq_answers(hall: str, ids: list[str]) -> dict[str, tuple[str, str, str]]:
    """Issue 17: head office's latest answer (type, note, operator) on each of ``ids``, from the
    ``held.closed`` / ``held.reapplied`` events pulled from ``<HALL>-00`` (found by the payload's
    ``id``: the ``event_entity_key`` index on ``event.entity``)."""
    answers: dict[str, tuple[str, str, str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = database.execute_sql(
            "SELECT type, event_payload(payload) FROM event WHERE entity IN"
            f" ({', '.join('event_entity_key(?)' for _ in chunk)}) AND desk = ? AND type IN (?, ?)"
            " ORDER BY seq",
            (*chunk, head_office_desk(hall), *HQ_ANSWERS),
        ).fetchall()
        for event_type, payload in rows:
            answer = json.loads(payload)
            answers[str(answer.get("id", ""))] = (
                event_type, str(answer.get("note", "")), str(answer.get("operator", ""))
            )  # fmt: skip
    return answers


def _upload_dead_letters(desk: str) -> list[DeadLetter]:
    query = (
        SyncDelivery.select(SyncDelivery, *_COLUMNS)
        .join(Event, on=((Event.desk == desk) & (Event.seq == SyncDelivery.seq)))
        .where(
            SyncDelivery.outcome.in_(DEAD)
            | (
                (SyncDelivery.outcome == Outcome.STORED.value)
                & (SyncDelivery.reason == WAITING_REASON)
            )
        )
        .order_by(SyncDelivery.seq)
        .objects()
    )
    rows = list(query)
    # the joined Event columns are attributes of each SyncDelivery (.objects())
    hall = str(getattr(rows[0], Event.hall.name)) if rows else ""
    answers = _hq_answers(hall, [r.event_id for r in rows]) if rows else {}
    letters = []
    for row in rows:
        answer = answers.get(row.event_id, ("", "", ""))
        if row.outcome not in DEAD and answer[0] != HELD_CLOSED:
            continue  # waiting at head office (not a dead letter) unless head office closed it
        envelope = _envelope(tuple(getattr(row, c.name) for c in _COLUMNS))
        letters.append(
            DeadLetter(
                seq=row.seq,
                event_id=row.event_id,
                type=envelope["type"],
                at=envelope["at"],
                outcome=Outcome(row.outcome),
                reason=row.reason,
                detail=row.detail,
                answered_at=row.answered_at,
                envelope=envelope,
                desk=desk,
                hq_answer={HELD_CLOSED: "closed", HELD_REAPPLIED: "reapplied"}.get(answer[0], ""),
                hq_note=answer[1],
                hq_operator=answer[2],
            )
        )
    return letters


def export_dead_letters(desk: str, path: Path) -> int:
    """Write the dead letters as JSON Lines (envelope, outcome, reason, detail, answered_at) to
    ``path``, atomically: the file is either the old one or the whole new one. Returns how many.

    The file leaves the desk (to whoever looks into the problem): a transfer's parties are written
    as a purge leaves them (masked ID number, surname, no address) and any full mobile or ID number
    left anywhere in a line is masked."""
    letters = dead_letters(desk)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            for letter in letters:
                record = _without_identity(letter.to_json())
                out.write(
                    mask_numbers_in_text(json.dumps(record, ensure_ascii=False, sort_keys=True))
                )
                out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(letters)


def _without_identity(record: dict[str, Any]) -> dict[str, Any]:
    envelope = record.get("envelope")
    if not isinstance(envelope, dict) or not str(envelope.get("type", "")).startswith("transfer."):
        return record
    payload = envelope.get("payload")
    if not isinstance(payload, dict):
        return record
    redacted = redact_transfer_state(payload, [Part.REGISTERED_OWNER, Part.NEW_OWNER])
    return {**record, "envelope": {**envelope, "payload": redacted}}


# -- writing ----------------------------------------------------------------------------------


def set_hq_url(url: str, *, ca_pem: str | None = None) -> None:
    """Head office's URL; with ``ca_pem`` (``""``: the default CAs) also the CA to trust. A new
    registration forgets the certificate end seen before (another head office, or another
    certificate)."""
    with unit_of_work():
        SyncState.update(hq_url=url).where(SyncState.id == 1).execute()
        if ca_pem is not None:
            Setting.replace(key=HQ_CA_SETTING, value=ca_pem).execute()
            Setting.delete().where(Setting.key == HQ_CERT_NOT_AFTER_SETTING).execute()


def record_hq_certificate(not_after: datetime) -> None:
    """When head office's certificate ends, as it presented it (written only when it changed)."""
    if hq_cert_not_after() == not_after:
        return
    with unit_of_work():
        Setting.replace(key=HQ_CERT_NOT_AFTER_SETTING, value=utc_iso(not_after)).execute()


def record_reply(
    events: list[dict[str, Any]],
    reply: UploadReply,
    *,
    at: datetime,
    clock_offset: timedelta | None,
) -> None:
    """Head office's answer to one batch, recorded in one transaction. ``reply`` answers ``events``
    one for one (``protocol.parse_upload_reply`` checked it). Recording the same answer twice (two
    uploaders on one file) changes nothing."""
    if not events:
        return
    rows = [
        {
            "seq": event["seq"],
            "event_id": result.id,
            # held at head office until its entity's creation arrives: delivered, not dead
            "outcome": Outcome.STORED.value
            if result.outcome is Outcome.QUARANTINED and result.reason == WAITING_REASON
            else result.outcome.value,
            "reason": result.reason[:500],
            "detail": result.detail[:2000],
            "answered_at": at,
        }
        for event, result in zip(events, reply.results, strict=True)
    ]
    first, last = events[0]["seq"], events[-1]["seq"]
    with unit_of_work():
        SyncDelivery.insert_many(rows).on_conflict_ignore().execute()
        state = sync_state()
        through = state.answered_through
        if first <= through + 1:  # contiguous with what was answered before: move the cursor
            through = max(through, last)
        changes: dict[Any, Any] = {
            SyncState.answered_through: through,
            SyncState.last_attempt_at: at,
            SyncState.last_attempt_ok: True,
            SyncState.last_success_at: at,
            SyncState.last_heard_at: at,
            SyncState.hq_highest_seq: reply.highest_seq,
            SyncState.hq_chain_state: reply.chain.state.value,
            SyncState.hq_chain_detail: reply.chain.detail[:500],
        }
        if clock_offset is not None:
            changes[SyncState.clock_offset_ms] = _ms(clock_offset)
            changes[SyncState.clock_offset_at] = at
        SyncState.update(changes).where(SyncState.id == 1).execute()


def record_contact(*, at: datetime, clock_offset: timedelta | None) -> None:
    """An exchange with head office succeeded with nothing to record (an empty queue, a check)."""
    changes: dict[Any, Any] = {
        SyncState.last_attempt_at: at,
        SyncState.last_attempt_ok: True,
        SyncState.last_success_at: at,
        SyncState.last_heard_at: at,
    }
    if clock_offset is not None:
        changes[SyncState.clock_offset_ms] = _ms(clock_offset)
        changes[SyncState.clock_offset_at] = at
    with unit_of_work():
        SyncState.update(changes).where(SyncState.id == 1).execute()


def record_failure(code: str, detail: str, *, at: datetime) -> None:
    with unit_of_work():
        SyncState.update(
            last_attempt_at=at,
            last_attempt_ok=False,
            last_error_code=code,
            last_error_detail=detail[:500],
            last_error_at=at,
        ).where(SyncState.id == 1).execute()


def _ms(offset: timedelta) -> int:
    return round(offset / timedelta(milliseconds=1))
