"""One door for background work in the UI (issue 21): a backup, the store check, an export, the
support bundle, a recovery — each runs as a :class:`Job` on its own worker thread, never on the UI
thread, and tells the UI what happened through Qt signals delivered on the UI thread.

``work`` gets a :data:`Report` function: ``report(done, total, stage)`` sends progress (queued to
:attr:`Job.progressed`) and answers False once :meth:`Job.cancel` was asked, for work that can stop
part-way. When the work ends, exactly one of :attr:`Job.succeeded` (the result) or
:attr:`Job.failed` (the exception) is emitted, then :attr:`Job.finished` (the result or the
exception); progress reported before the end always arrives before them. An exception never leaves
the thread; one that is not a :class:`DomainError` is logged with its traceback. The thread's own
store connection is closed at its end.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from hall_desk.domain.errors import DomainError
from hall_desk.services.store import close_thread_connection

log = logging.getLogger(__name__)


class Report(Protocol):
    """What the work calls to report progress; False: it was asked to stop."""

    def __call__(self, done: int, total: int, stage: str = "") -> bool: ...


Work = Callable[[Report], Any]

_RUNNING: set[Job] = set()  # jobs kept alive until their end is delivered on the UI thread


class Job(QObject):
    """One piece of background work. Create it on the UI thread (its signals are delivered there),
    connect to its signals, then :meth:`start` it — or use :func:`run`. Give it no parent that may
    be deleted while it runs (a closed dialog): the running job keeps itself alive."""

    progressed = Signal(int, int, str)  # done, total, stage
    succeeded = Signal(object)  # the work's result
    failed = Signal(object)  # the exception
    finished = Signal(object)  # the result or the exception, after succeeded / failed
    _release = Signal()  # after finished: the job need no longer keep itself alive

    def __init__(self, name: str, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.work = work
        self.worker: threading.Thread | None = None  # the worker thread, once started
        self._cancel = threading.Event()
        self._ended = threading.Event()
        self.outcome: object = None  # the result or the exception, once finished on the UI thread
        self._over = False
        self.finished.connect(self._delivered)  # first: ``running`` is False for the other slots
        self._release.connect(self._let_go)

    # ------------------------------------------------------------------ control
    def start(self) -> Job:
        if self.worker is not None:
            raise RuntimeError(f"{self.name} was started already")
        _RUNNING.add(self)
        self.worker = threading.Thread(target=self._run, name=self.name, daemon=True)
        self.worker.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop: its next report answers False (work that never asks runs on)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def running(self) -> bool:
        """True from :meth:`start` until its end is being delivered on the UI thread."""
        return self.worker is not None and not self._over

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work itself has ended (its signals may still wait in the event loop);
        False on time-out. For shutting down; the UI listens to the signals instead."""
        return self._ended.wait(timeout)

    # ----------------------------------------------------------- worker thread
    def _report(self, done: int, total: int, stage: str = "") -> bool:
        self.progressed.emit(done, total, stage)
        return not self._cancel.is_set()

    def _run(self) -> None:
        failed = False
        try:
            result: object = self.work(self._report)
        except Exception as error:  # never out of the thread
            if not isinstance(error, DomainError):
                log.exception("%s failed", self.name)
            result, failed = error, True
        finally:
            try:
                close_thread_connection()
            except Exception:
                log.exception("closing the %s thread's connection failed", self.name)
        self._ended.set()
        # Emitted from this thread, delivered (queued, in this order) on the UI thread.
        (self.failed if failed else self.succeeded).emit(result)
        self.finished.emit(result)
        self._release.emit()

    # --------------------------------------------------------------- UI thread
    def _delivered(self, outcome: object) -> None:
        self.outcome = outcome
        self._over = True

    def _let_go(self) -> None:
        # Not in a slot of ``finished``: dropping the last reference there would delete the job
        # before its other slots ran (a caller that keeps no reference to the job).
        _RUNNING.discard(self)


def run(
    name: str,
    work: Work,
    *,
    on_done: Callable[[object], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    parent: QObject | None = None,
) -> Job:
    """Start ``work`` on a worker thread named ``name``; ``on_done`` gets its result or exception
    and ``on_progress`` its reports, both on the UI thread."""
    job = Job(name, work, parent)
    if on_progress is not None:
        job.progressed.connect(on_progress)
    if on_done is not None:
        job.finished.connect(on_done)
    return job.start()


__all__ = ["Job", "Report", "Work", "run"]
