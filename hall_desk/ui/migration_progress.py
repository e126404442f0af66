"""The window a long store upgrade shows (issue 22: 54 s with nothing on screen at a million rows).

:meth:`MigrationWindow.run` opens the store through the UI's one door for background work
(:mod:`hall_desk.ui.runner`, issue 21): the upgrade runs on a worker thread and reports where it is
(:class:`MigrationProgress`); the window stays silent for the first :data:`SHOW_AFTER_S` seconds,
then shows a progress dialog naming the stage (the upgrade copy, schema step n of m, the rows a
converting step has done of its total) with a 中断
button, while the UI thread waits in its own event loop (no ``processEvents`` loop). 中断 makes the
upgrade's next report raise :class:`MigrationInterrupted`: the step under way is rolled back and
the next start resumes at that step.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from hall_desk.services.store import MigrationInterrupted, MigrationProgress, StoreError

SHOW_AFTER_S = 2.0
ROWS = "rows"  # the stage shown while a step converts rows: done and total count rows

T = TypeVar("T")
Progress = Callable[[MigrationProgress], None]


class MigrationWindow:
    """Runs an upgrade on a worker thread and shows where it is once it takes a while."""

    def __init__(self, show_after_s: float = SHOW_AFTER_S) -> None:
        self.started = time.monotonic()
        self.show_after_s = show_after_s
        self.dialog: Any = None
        self._cancel: Callable[[], None] | None = None

    def run(self, upgrade: Callable[[Progress], T]) -> T:
        """``upgrade(progress)`` on a worker thread (for example ``open_store(path, progress=…)``);
        its result, or the exception it raised (:class:`MigrationInterrupted` after 中断) raised
        here, on the UI thread, once it has ended."""
        from PySide6.QtCore import QEventLoop

        from hall_desk.ui import runner

        def work(report: runner.Report) -> T:
            rows_of: dict[int, MigrationProgress] = {}  # a converting step's last row count

            def progress(where: MigrationProgress) -> None:
                if where.rows_total:
                    rows_of[where.version] = where
                # a step converting rows in batches (compact events) shows rows, not its ticks
                rows = rows_of.get(where.version) if where.stage == "step" else None
                if rows is not None:
                    going = report(rows.rows_done, rows.rows_total, ROWS)
                else:
                    going = report(where.done, where.total, where.stage)
                if not going:
                    raise MigrationInterrupted

            try:
                return upgrade(progress)
            except (MigrationInterrupted, StoreError) as expected:  # told to the user, not logged
                return expected  # type: ignore[return-value]  # raised again on the UI thread

        self.started = time.monotonic()
        waiting = QEventLoop()
        job = runner.Job("hall-desk-upgrade", work)
        job.progressed.connect(self.show)
        job.finished.connect(lambda _outcome: waiting.quit())
        self._cancel = job.cancel
        job.start()
        try:
            # Its end is delivered through this loop (queued signals), so it cannot be missed.
            waiting.exec()
        finally:
            self._cancel = None
            self.close()
        if isinstance(job.outcome, BaseException):
            raise job.outcome
        return job.outcome  # type: ignore[return-value]  # the work's result: a T

    def show(self, done: int, total: int, stage: str) -> None:
        """One report of the upgrade, on the UI thread."""
        from PySide6.QtCore import QCoreApplication

        if self.dialog is None:
            if time.monotonic() - self.started < self.show_after_s:
                return
            self._show()
        dialog = self.dialog
        if stage == "copy":
            text = QCoreApplication.translate("MigrationWindow", "正在备份升级前的数据…")
        elif stage == ROWS:
            text = QCoreApplication.translate(
                "MigrationWindow", "正在转换事件记录（{done} / {total} 条）…"
            ).format(done=f"{done:,}", total=f"{total:,}")
        else:
            text = QCoreApplication.translate(
                "MigrationWindow", "正在升级数据（第 {done}/{total} 步）…"
            ).format(done=min(done + 1, total), total=total)
        dialog.setLabelText(
            text
            + "\n"
            + QCoreApplication.translate("MigrationWindow", "可以中断，下次启动时从中断处继续。")
        )
        dialog.setMaximum(max(1, total))
        dialog.setValue(done)
        if dialog.wasCanceled():  # reset by cancel() without the button's signal
            self._interrupt()

    def _show(self) -> None:
        from PySide6.QtCore import QCoreApplication, Qt
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog()
        dialog.setWindowTitle(QCoreApplication.translate("MigrationWindow", "数据升级"))
        dialog.setCancelButtonText(QCoreApplication.translate("MigrationWindow", "中断"))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._interrupt)
        dialog.show()
        self.dialog = dialog

    def _interrupt(self) -> None:
        if self._cancel is not None:
            self._cancel()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None
