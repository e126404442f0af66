"""The window a long store upgrade shows (issue 22: 54 s with nothing on screen at a million rows).

:class:`MigrationWindow` is the ``progress`` callback of :func:`hall_desk.storage.db.open_store`:
silent for the first :data:`SHOW_AFTER_S` seconds, then a progress dialog naming the stage (the
upgrade copy, schema step n of m) with a 中断 button. Interrupting rolls the step under way back;
the next start resumes at that step.
"""

from __future__ import annotations

import time
from typing import Any

from hall_desk.services.store import MigrationInterrupted, MigrationProgress

SHOW_AFTER_S = 2.0


class MigrationWindow:
    """Call it with each :class:`MigrationProgress`; raises :class:`MigrationInterrupted` once
    the user pressed 中断."""

    def __init__(self, show_after_s: float = SHOW_AFTER_S) -> None:
        self.started = time.monotonic()
        self.show_after_s = show_after_s
        self.dialog: Any = None

    def __call__(self, where: MigrationProgress) -> None:
        from PySide6.QtCore import QCoreApplication

        if self.dialog is None:
            if time.monotonic() - self.started < self.show_after_s:
                return
            self._show()
        dialog = self.dialog
        if where.stage == "copy":
            text = QCoreApplication.translate("MigrationWindow", "正在备份升级前的数据…")
        else:
            text = QCoreApplication.translate(
                "MigrationWindow", "正在升级数据（第 {done}/{total} 步）…"
            ).format(done=min(where.done + 1, where.total), total=where.total)
        dialog.setLabelText(
            text
            + "\n"
            + QCoreApplication.translate("MigrationWindow", "可以中断，下次启动时从中断处继续。")
        )
        dialog.setMaximum(max(1, where.total))
        dialog.setValue(where.done)
        QCoreApplication.processEvents()
        if dialog.wasCanceled():
            raise MigrationInterrupted

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
        dialog.show()
        self.dialog = dialog

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None
