"""帮助 → 导出诊断包… (issue 10): asks where to save (the user's Documents, else the Desktop, with
the bundle's default name), writes the bundle in a worker thread behind a busy indicator, then says
where it was saved or, plainly, why not (folder not writable, disk full).

Anyone at the desk may export it, signed in or not: it holds no personal data and no secret
(:mod:`hall_desk.services.support`), and a clerk who cannot sign in is just who calls support.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal, qVersion
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from hall_desk.domain.errors import DomainError
from hall_desk.logfiles import active_log_dir
from hall_desk.paths import log_dir
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.ui import runner
from hall_desk.ui.errors import error_text

if TYPE_CHECKING:
    from hall_desk.services.support import SupportBundle

# hall_desk.services.support (zip, metadata of every package…) is imported when a bundle is made,
# not with the main window (issue 22).

log = logging.getLogger(__name__)


def default_folder() -> Path:
    """The user's Documents folder, else the Desktop, else home."""
    for kind in (
        QStandardPaths.StandardLocation.DocumentsLocation,
        QStandardPaths.StandardLocation.DesktopLocation,
    ):
        found = QStandardPaths.writableLocation(kind)
        if found and Path(found).is_dir():
            return Path(found)
    return Path.home()


class SupportBundleExporter(QObject):
    """The menu action's work; :meth:`ask_path` and :meth:`show_result` are replaced in tests."""

    finished = Signal(object)  # SupportBundle, or the error

    def __init__(
        self,
        ctx: DeskContext,
        desk_code: str,
        session: Callable[[], StaffSession | None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.desk_code = desk_code
        self.session = session
        self.owner = parent
        self.progress: QProgressDialog | None = None
        self.last_result: SupportBundle | DomainError | None = None
        self.finished.connect(self._finished)

    @property
    def running(self) -> bool:
        return self.progress is not None

    def default_path(self) -> Path:
        from hall_desk.services.support import bundle_name

        return default_folder() / bundle_name(self.desk_code, self.ctx.clock.now())

    def ask_path(self, default: Path) -> Path | None:
        """The save dialog; None when cancelled."""
        path, _ = QFileDialog.getSaveFileName(
            self.owner, self.tr("导出诊断包"), str(default), self.tr("诊断包 (*.zip)")
        )
        if not path:
            return None
        chosen = Path(path)
        return chosen if chosen.suffix.lower() == ".zip" else chosen.with_name(chosen.name + ".zip")

    def export(self) -> bool:
        """Ask where, then write in the background; False when cancelled or already running."""
        if self.running:
            return False
        target = self.ask_path(self.default_path())
        if target is None:
            return False
        progress = QProgressDialog(self.tr("正在生成诊断包，请稍候…"), "", 0, 0, self.owner)
        progress.setObjectName("supportBundleProgress")
        progress.setWindowTitle(self.tr("导出诊断包"))
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        self.progress = progress
        session = self.session()
        from hall_desk.services.support import export_support_bundle

        actor = session.staff_no if session is not None else "(not signed in)"
        logs = active_log_dir() or log_dir()
        runner.run(
            "hall-desk-support-bundle",
            lambda _report: export_support_bundle(
                self.ctx, target, logs, qt_version=qVersion(), actor=actor
            ),
            on_done=self.finished.emit,
        )
        return True

    def _finished(self, result: object) -> None:
        from hall_desk.services.support import SupportBundle

        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if isinstance(result, SupportBundle):
            self.last_result = result
            self.show_result(
                self.tr(
                    "诊断包已保存：{path}\n\n请把这个文件发给技术支持。其中没有客户资料和密码。"
                ).format(path=result.path),
                error=False,
            )
        elif isinstance(result, DomainError):
            self.last_result = result
            self.show_result(
                self.tr("诊断包未保存：{text}").format(text=error_text(result)), error=True
            )
        else:  # already logged with its traceback by the worker thread
            self.show_result(self.tr("诊断包未保存：发生了意外错误，已记录到日志。"), error=True)

    def show_result(self, text: str, *, error: bool) -> None:
        if error:
            QMessageBox.critical(self.owner, self.tr("导出诊断包"), text)
        else:
            QMessageBox.information(self.owner, self.tr("导出诊断包"), text)
