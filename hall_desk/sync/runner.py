"""Sync rounds, the backoff between failed ones, and the background thread that runs them.

- :func:`run_round` first asks head office what it holds of this desk's chain and, when that is
  more than the desk holds (a restored or replaced desk), takes those own events back
  (:mod:`hall_desk.sync.recover`) before anything is uploaded. Then it sends bounded batches in ``seq`` order until the queue is empty or something
  fails; an event counts as delivered only once head office's reply for its batch is recorded.
  Then it pulls pages of the hall's events (:mod:`hall_desk.sync.downlink`) until head office says
  there are no more; each page is applied, and the pull cursor moved, in one transaction. Last, it
  sends the files head office must receive (:mod:`hall_desk.sync.files`), one at a time, oldest
  first, up to a budget per round: the events first, so the hall view stays fresh and a transfer's
  event usually reaches head office before its files (head office takes them in either order).
- :class:`Backoff`: exponential with full jitter (base 1 s, cap 5 minutes by default); the random
  source is injectable.
- :class:`BackgroundSync`: a plain ``threading.Thread`` (no Qt here; the UI wraps ``on_status`` in a
  signal) that syncs at start, then sleeps on a ``threading.Event`` — the idle interval after a good
  round, the backoff after a failed one (never shorter than a 503's ``Retry-After``) — and wakes early on :meth:`~BackgroundSync.sync_now` or
  :meth:`~BackgroundSync.network_back`. Nothing raises out of the thread.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from hall_desk import faults
from hall_desk.domain.clock import Clock
from hall_desk.domain.errors import DomainError
from hall_desk.storage.db import database
from hall_desk.sync import downlink, files, outbox, recover
from hall_desk.sync.errors import FileRefused, HQTrouble, SyncError, Unexpected
from hall_desk.sync.outbox import QueueStatus
from hall_desk.sync.protocol import (
    FILE_TOO_LARGE,
    MAX_BATCH,
    MAX_FILE_BYTES,
    FileReply,
    Outcome,
    OwnEventsReply,
    PullReply,
    UploadReply,
)
from hall_desk.sync.transport import BatchTooLarge

log = logging.getLogger(__name__)

_T = TypeVar("_T")


def _notify(callback: Callable[[_T], None] | None, value: _T) -> None:
    """Hand ``value`` to a status callback; a failing callback is logged, never fatal."""
    if callback is None:
        return
    try:
        callback(value)
    except Exception:
        log.exception("sync status callback failed")


class Uplink(Protocol):
    """What a round needs of head office (:class:`hall_desk.sync.transport.HQClient`)."""

    last_offset: timedelta | None

    def upload(self, desk: str, events: list[dict[str, Any]]) -> UploadReply: ...

    def who_am_i(self) -> object: ...

    def pull(self, after: int, limit: int = MAX_BATCH) -> PullReply: ...

    def put_file(self, sha256: str, media_type: str, content: bytes) -> FileReply: ...

    def own_events(self, after: int, limit: int = MAX_BATCH) -> OwnEventsReply: ...

    def get_file(self, sha256: str) -> tuple[str, bytes]: ...


@dataclass
class RoundReport:
    """What one round did. ``error`` is why it stopped early (also recorded as the last error)."""

    sent: int = 0
    stored: int = 0
    duplicate: int = 0
    quarantined: int = 0
    refused: int = 0
    batches: int = 0
    # the pull (downlink)
    pulled: int = 0  # events received
    applied: int = 0  # applied to the desk's tables
    pull_kept: int = 0  # kept in the log, nothing to apply (or a policy version not newer)
    pull_duplicate: int = 0  # already held: nothing changed
    pull_dead: int = 0  # quarantined or refused: dead letters
    pages: int = 0
    policy_changed: bool = False
    downlink_unavailable: bool = False  # head office answered 404/405 to the pull (part 1 only)
    # files (issue 7)
    files_sent: int = 0  # head office holds them now (stored or duplicate)
    files_failed: int = 0  # refused for good this round (kept, listed, not sent again)
    file_bytes: int = 0
    files_unavailable: bool = False  # head office answered 404/405 to the file upload (older one)
    # recovery (issue 9): own events fetched back from head office before uploading
    recovered: int = 0
    recovered_files: int = 0  # files of own transfers fetched back with them
    # key escrow (issue 9, hall_desk.services.escrow): head office's version when sent this round
    escrowed: int | None = None
    hq_escrow: tuple[int | None] | None = None  # (version head office holds,) when it said so
    escrow_error: str = ""  # why escrow failed this round (the round itself is not failed by it)
    error: SyncError | None = None
    status: QueueStatus | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def count(self, reply: UploadReply) -> None:
        self.batches += 1
        self.sent += len(reply.results)
        for result in reply.results:
            if result.outcome is Outcome.STORED:
                self.stored += 1
            elif result.outcome is Outcome.DUPLICATE:
                self.duplicate += 1
            elif result.outcome is Outcome.QUARANTINED:
                self.quarantined += 1
            else:
                self.refused += 1

    def count_page(self, page: downlink.PageResult) -> None:
        self.pages += 1
        self.pulled += page.received
        self.applied += page.applied
        self.pull_kept += page.kept
        self.pull_duplicate += page.duplicate
        self.pull_dead += page.dead
        self.policy_changed = self.policy_changed or page.policy_changed


def hall_of(desk: str) -> str:
    """``HA01-02`` → ``HA01``."""
    return desk.rsplit("-", 1)[0]


def run_round(
    desk: str,
    uplink: Uplink,
    *,
    clock: Clock,
    batch_size: int = MAX_BATCH,
    max_batches: int | None = None,
    pull: bool = True,
    page_size: int = MAX_BATCH,
    max_pages: int | None = None,
    send_files: bool = True,
    file_bytes: int = files.ROUND_BYTES,
    max_files: int = files.ROUND_FILES,
) -> RoundReport:
    """Send this desk's waiting events until none wait (or ``max_batches``), recording every
    answer; then (``pull``) pull and apply the hall's events until head office has no more (or
    ``max_pages``); then (``send_files``) send waiting files, one at a time, until ``file_bytes``
    have gone (at least one file) or ``max_files``. Never raises a :class:`SyncError`: it is
    recorded and returned in the report."""
    report = RoundReport()
    try:
        _upload(desk, uplink, report, clock=clock, batch_size=batch_size, max_batches=max_batches)
        if pull:
            _pull(desk, uplink, report, clock=clock, page_size=page_size, max_pages=max_pages)
        if send_files:
            _send_files(uplink, report, clock=clock, budget=file_bytes, max_files=max_files)
    except SyncError as error:
        log.warning("sync stopped: %s", error)
        report.error = error
        outbox.record_failure(error.code, error.detail, at=clock.now())
    except DomainError as error:  # identity data sealed at rest and no key to open or seal it
        log.warning("sync stopped: %s", error.code)
        report.error = SyncError(error.code, str(getattr(error, "detail", "")))
        outbox.record_failure(error.code, report.error.detail, at=clock.now())
    except Exception as error:
        log.exception("sync failed unexpectedly")
        report.error = Unexpected(f"{type(error).__name__}: {error}")
        outbox.record_failure(report.error.code, report.error.detail, at=clock.now())
    report.status = outbox.queue_status(desk)
    if report.sent:
        log.info(
            "upload round: sent %d (stored %d, duplicate %d, quarantined %d, refused %d), %d waiting",
            report.sent,
            report.stored,
            report.duplicate,
            report.quarantined,
            report.refused,
            report.status.waiting,
        )
    if report.pulled:
        log.info(
            "pull: %d events in %d pages (applied %d, kept %d, duplicate %d, dead letters %d)",
            report.pulled,
            report.pages,
            report.applied,
            report.pull_kept,
            report.pull_duplicate,
            report.pull_dead,
        )
    if report.files_sent or report.files_failed:
        log.info(
            "files: sent %d (%d bytes), refused %d, %d waiting, %d failed in all",
            report.files_sent,
            report.file_bytes,
            report.files_failed,
            report.status.files_waiting,
            report.status.files_failed,
        )
    return report


def _send_files(
    uplink: Uplink, report: RoundReport, *, clock: Clock, budget: int, max_files: int
) -> None:
    """Waiting files, oldest first, one in memory at a time. A refusal marks that file failed and
    goes on; no answer (or head office failing) stops here: the rest wait for the next round."""
    done = 0
    while done < max_files and (done == 0 or report.file_bytes < budget):
        pending = files.next_file()
        if pending is None:
            return
        done += 1
        if pending.size > MAX_FILE_BYTES:  # head office would refuse it: do not send 20 MB for that
            log.warning(
                "file %s… is %d bytes: over head office's limit", pending.sha256[:12], pending.size
            )
            files.record_refused(pending.sha256, FILE_TOO_LARGE, f"over {MAX_FILE_BYTES} bytes")
            report.files_failed += 1
            continue
        try:
            content = files.content_of(pending.sha256)
        except files.FileUnreadable as error:  # altered in the store: kept, listed as failed
            log.error("stored file %s… does not open: %s", pending.sha256[:12], error)
            files.record_refused(pending.sha256, files.UNREADABLE, "its seal does not open")
            report.files_failed += 1
            continue
        try:
            uplink.put_file(pending.sha256, pending.media_type, content)
        except FileRefused as error:
            log.warning("head office refused file %s…: %s", pending.sha256[:12], error.reason)
            files.record_refused(pending.sha256, error.reason, error.detail)
            report.files_failed += 1
            continue
        except HQTrouble as error:
            if error.status in (404, 405):
                log.warning("head office takes no files (HTTP %s): they wait", error.status)
                report.files_unavailable = True
                return
            raise
        files.record_uploaded(pending.sha256, at=clock.now())
        report.files_sent += 1
        report.file_bytes += pending.size


def _pull(
    desk: str,
    uplink: Uplink,
    report: RoundReport,
    *,
    clock: Clock,
    page_size: int,
    max_pages: int | None,
) -> None:
    hall = hall_of(desk)
    pages = 0
    while max_pages is None or pages < max_pages:
        after = downlink.pull_cursor()
        try:
            reply = uplink.pull(after, page_size)
        except HQTrouble as error:
            if error.status in (404, 405) and pages == 0:
                # A head office of part 1 (no downlink yet): uploading still works.
                log.warning(
                    "head office offers no downlink (HTTP %s): nothing pulled", error.status
                )
                report.downlink_unavailable = True
                return
            raise
        faults.hit("after-pull-received")  # head office sent the page; the desk has not applied it
        page = downlink.apply_page(
            reply.events, hall=hall, desk=desk, after=after, cursor=reply.cursor, at=clock.now()
        )
        report.count_page(page)
        pages += 1
        if not reply.more:
            downlink.record_pull_done(clock.now())
            return
        if reply.cursor == after:
            raise HQTrouble("pull: head office says there is more but the cursor did not move")


def _note_certificate(uplink: Uplink) -> None:
    """Over https, keep when head office's certificate ends (the status bar warns 30 days ahead);
    an uplink that does not say (plain http, a test double) leaves it as it was."""
    not_after = getattr(uplink, "peer_not_after", None)
    if isinstance(not_after, datetime):
        outbox.record_hq_certificate(not_after)


def _recover_if_behind(desk: str, uplink: Uplink, report: RoundReport, *, clock: Clock) -> None:
    """Say hello (the status shows online/offline, the token is checked, the clock offset
    measured) and, when head office holds more of this desk's chain than the desk does (restored
    from an older backup, or a new PC), take those events back first (:mod:`hall_desk.sync.recover`)
    so nothing uploaded reuses a seq. A refused recovery stops the round before any upload."""
    info = uplink.who_am_i()
    _note_certificate(uplink)
    if getattr(info, "escrow_reported", False):
        report.hq_escrow = (getattr(info, "escrow_version", None),)
    highest = getattr(info, "highest_seq", 0)
    if isinstance(highest, int) and highest > outbox.highest_own_seq(desk):
        recovered = recover.recover_own_events(desk, uplink, at=clock.now())
        report.recovered += recovered.fetched
        if recovered.fetched:  # the agreements and evidence of transfers taken back
            report.recovered_files += recover.fetch_own_files(desk, uplink, at=clock.now()).fetched


def _upload(
    desk: str,
    uplink: Uplink,
    report: RoundReport,
    *,
    clock: Clock,
    batch_size: int,
    max_batches: int | None,
) -> None:
    size = batch_size
    _recover_if_behind(desk, uplink, report, clock=clock)
    if not outbox.next_batch(desk, 1):
        outbox.record_contact(at=clock.now(), clock_offset=uplink.last_offset)
    while max_batches is None or report.batches < max_batches:
        batch = outbox.next_batch(desk, size)
        if not batch:
            break
        try:
            reply = uplink.upload(desk, batch)
        except BatchTooLarge as error:
            if len(batch) == 1:
                raise HQTrouble(
                    f"event seq {batch[0]['seq']} alone is too large: {error}"
                ) from None
            size = max(1, len(batch) // 2)
            continue
        faults.hit("after-hq-stored")  # head office holds the batch; the desk has not noted it
        outbox.record_reply(batch, reply, at=clock.now(), clock_offset=uplink.last_offset)
        report.count(reply)


class Backoff:
    """Exponential backoff with full jitter: the n-th consecutive failure waits a uniformly random
    time in [0, min(cap, base·2ⁿ⁻¹)]. :meth:`reset` after a success (or when the network returns)."""

    def __init__(
        self, base: float = 1.0, cap: float = 300.0, rng: random.Random | None = None
    ) -> None:
        if base <= 0 or cap < base:
            raise ValueError("backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
        self._rng = rng or random.Random()
        self.failures = 0

    def ceiling(self) -> float:
        """The longest wait after the current number of failures."""
        if self.failures == 0:
            return 0.0
        return min(self.cap, self.base * 2.0 ** min(self.failures - 1, 64))

    def next_delay(self) -> float:
        self.failures += 1
        return self._rng.uniform(0.0, self.ceiling())

    def reset(self) -> None:
        self.failures = 0


Wait = Callable[[threading.Event, float], bool]


def _wait_on_event(event: threading.Event, seconds: float) -> bool:
    return event.wait(seconds)


class BackgroundSync:
    """Runs ``round_fn`` in a thread of its own: at start, then after every wait.

    ``round_fn`` returns a :class:`RoundReport`; ``on_status`` receives its queue status after every
    round (called in this thread: the UI marshals it with a signal). ``wait(event, seconds)`` is
    injectable so tests never really sleep; it must return early when ``event`` is set.
    """

    def __init__(
        self,
        round_fn: Callable[[], RoundReport],
        *,
        on_status: Callable[[QueueStatus], None] | None = None,
        on_report: Callable[[RoundReport], None] | None = None,
        idle_interval: float = 60.0,
        backoff: Backoff | None = None,
        wait: Wait | None = None,
        on_exit: Callable[[], None] | None = None,
        clock: Clock | None = None,
        name: str = "hall-desk-sync",
    ) -> None:
        self._round_fn = round_fn
        self._on_status = on_status
        self._on_report = on_report
        self.idle_interval = idle_interval
        self.backoff = backoff or Backoff()
        self._wait = wait or _wait_on_event
        self._on_exit = on_exit
        self._clock = clock
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.rounds = 0
        self.last_report: RoundReport | None = None

    # -- control, from any thread ------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def sync_now(self) -> None:
        """ "立即同步": run a round as soon as the current one (if any) ends."""
        self.backoff.reset()
        self._wake.set()

    def network_back(self) -> None:
        """The network came back: forget the backoff and try at once."""
        self.backoff.reset()
        self._wake.set()

    def stop(self, timeout: float | None = 30.0) -> bool:
        """Ask the thread to finish and join it; True when it has ended. A request in flight ends at
        its time-out at the latest."""
        self._stopping.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    # -- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                report = self._one_round()
                if self._stopping.is_set():
                    break
                delay = self.idle_interval
                if report is None or not report.ok:
                    delay = self.backoff.next_delay()
                    # head office asked for at least this long (503 Retry-After, issue 18)
                    asked = getattr(report.error if report else None, "retry_after", None)
                    if asked is not None:
                        delay = max(delay, asked)
                else:
                    self.backoff.reset()
                self._wait(self._wake, delay)
                self._wake.clear()
        finally:
            self._finish()

    def _one_round(self) -> RoundReport | None:
        report: RoundReport | None = None
        try:
            report = self._round_fn()
        except BaseException as error:  # never out of the thread
            log.exception("background sync round failed")
            try:
                at = self._clock.now() if self._clock else None
                if at is not None:
                    outbox.record_failure(
                        "sync.unexpected", f"{type(error).__name__}: {error}", at=at
                    )
            except Exception:
                log.exception("could not record the sync failure")
            if not isinstance(error, Exception):
                self._stopping.set()
        self.rounds += 1
        self.last_report = report
        if report is not None:
            _notify(self._on_report, report)
            if report.status is not None:
                _notify(self._on_status, report.status)
        return report

    def _finish(self) -> None:
        if self._on_exit is not None:
            try:
                self._on_exit()
            except Exception:
                log.exception("closing the uplink failed")
        try:
            if not database.is_closed():
                database.close()  # this thread's own connection
        except Exception:
            log.exception("closing the sync thread's database connection failed")
