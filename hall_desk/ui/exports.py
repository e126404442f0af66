"""导出… on a complaint list (投诉列表, 我的跟进): the whole list as filtered on screen to .xlsx or .csv.

:class:`ExportControls` is the button, the store manager's 导出完整号码 choice (hidden from everyone
else; the service refuses them anyway) and a line saying what was written. The file name comes from
:meth:`ExportControls.ask_export_path` (a save dialog; tests replace it), the format from its
extension. The export runs in the background (:mod:`hall_desk.ui.runner`); a long one shows a
progress dialog that can cancel it (no file is left then).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from hall_desk.domain.clock import to_local
from hall_desk.domain.errors import DomainError
from hall_desk.domain.staff import Permission, may
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.exports import ExportCancelled, ExportResult, Progress
from hall_desk.ui import runner, style
from hall_desk.ui.errors import error_text
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP


class PreparedExport(Protocol):
    """One export ready to run on a worker thread (it touches no widget): what it wrote."""

    def __call__(self, *, progress: Progress) -> ExportResult: ...


# (path, full values) → the export, with the page's own list and filters read when it is called
# (on the UI thread).
Exporter = Callable[[Path, bool], PreparedExport]

XLSX_FILTER = QT_TRANSLATE_NOOP("Exports", "Excel 工作簿 (*.xlsx)")
CSV_FILTER = QT_TRANSLATE_NOOP("Exports", "CSV 文件（逗号分隔，UTF-8） (*.csv)")


translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("Exports", text)


def with_suffix_of(path: str, chosen_filter: str) -> Path:
    """The typed name, given the chosen filter's extension when it has neither .xlsx nor .csv."""
    target = Path(path)
    if target.suffix.lower() in (".xlsx", ".csv"):
        return target
    return target.with_name(target.name + (".csv" if "*.csv" in chosen_filter else ".xlsx"))


class ExportControls(QWidget):
    """导出… and, for a store manager, 导出完整号码; the outcome in :attr:`status_label`."""

    def __init__(
        self, ctx: DeskContext, base_name: str, exporter: Exporter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.base_name = base_name
        self.exporter = exporter
        self.session: StaffSession | None = None
        self.last_result: ExportResult | None = None
        self.job: runner.Job | None = None
        self.progress: QProgressDialog | None = None
        self.last_folder = Path.home()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status_label = QLabel()
        self.status_label.setObjectName("exportStatus")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.full_check = QCheckBox(translate("Exports", "导出完整号码"))
        self.full_check.setObjectName("exportFullValues")
        self.full_check.setToolTip(
            translate(
                "Exports",
                "仅店长可选。导出的文件含客户完整号码，本次导出将记入审计日志；请妥善保管文件。",
            )
        )
        self.full_check.toggled.connect(self._show_full_warning)
        self.button = QPushButton(translate("Exports", "导出(&E)…"))
        self.button.setObjectName("exportButton")
        self.button.setToolTip(
            translate(
                "Exports",
                "把当前筛选出的全部投诉（不只本页）导出为 Excel 或 CSV 文件，号码默认隐去中间四位",
            )
        )
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.export)
        layout.addWidget(self.status_label, 1)
        layout.addWidget(self.full_check)
        layout.addWidget(self.button)
        self.set_session(None)

    def set_session(self, session: StaffSession | None) -> None:
        self.session = session
        self.full_check.setChecked(False)
        self.full_check.setVisible(
            session is not None and may(session.role, Permission.SEE_FULL_ID_IN_EXPORTS)
        )
        self.button.setEnabled(session is not None)
        self.status_label.clear()

    def _show_full_warning(self, on: bool) -> None:
        self.full_check.setStyleSheet(style.ERROR_TEXT_BOLD if on else "")

    # -------------------------------------------------------------- asking
    def default_name(self) -> str:
        stamp = to_local(self.ctx.clock.now()).strftime("%Y%m%d-%H%M")
        return f"{self.base_name}-{stamp}.xlsx"

    def ask_export_path(self) -> Path | None:
        """The file to write (a save dialog); None when cancelled. Tests replace this."""
        path, chosen = QFileDialog.getSaveFileName(
            self,
            translate("Exports", "导出投诉清单"),
            str(self.last_folder / self.default_name()),
            f"{_t(XLSX_FILTER)};;{_t(CSV_FILTER)}",
        )
        return with_suffix_of(path, chosen) if path else None

    # ------------------------------------------------------------- exporting
    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def export(self) -> runner.Job | None:
        """Ask for the file, then write it in the background (:mod:`hall_desk.ui.runner`); the
        outcome arrives in :meth:`_finished`. None when nothing was started."""
        if self.session is None or self.running:
            return None
        path = self.ask_export_path()
        if path is None:
            return None
        self.last_folder = path.parent
        full = self.full_check.isVisible() and self.full_check.isChecked()
        try:
            prepared = self.exporter(path, full)  # the page's list and filters, read here
        except DomainError as error:
            self.show_status(error_text(error), error=True)
            return None
        progress = QProgressDialog(
            translate("Exports", "正在导出…"), translate("Exports", "取消"), 0, 100, self.window()
        )
        progress.setObjectName("exportProgress")
        progress.setWindowTitle(translate("Exports", "导出"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # short exports never show it
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.progress = progress

        def work(report: runner.Report) -> ExportResult:
            return prepared(progress=lambda done, total: report(done, total))

        job = runner.Job("hall-desk-export", work)
        progress.canceled.connect(job.cancel)
        job.progressed.connect(self._progressed)
        job.finished.connect(self._finished)
        self.button.setEnabled(False)
        self.job = job.start()
        return job

    def _progressed(self, done: int, total: int, _stage: str) -> None:
        progress = self.progress
        if progress is None:
            return
        progress.setMaximum(max(total, 1))
        progress.setValue(done)
        progress.setLabelText(
            translate("Exports", "正在导出… {done}/{total} 条").format(done=done, total=total)
        )

    def _finished(self, outcome: object) -> None:
        self.job = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.button.setEnabled(self.session is not None)
        if isinstance(outcome, ExportCancelled):
            self.show_status(translate("Exports", "导出已取消，未生成文件"), error=False)
            return
        if isinstance(outcome, DomainError):
            self.show_status(error_text(outcome), error=True)
            return
        if not isinstance(outcome, ExportResult):  # an unexpected error (logged by the runner)
            self.show_status(translate("Exports", "导出失败，未生成文件"), error=True)
            return
        self.last_result = outcome
        text = translate("Exports", "已导出 {rows} 条到 {name}").format(
            rows=outcome.rows, name=outcome.path.name
        )
        if outcome.full_values:
            text += translate("Exports", "（含完整号码，已记入审计日志）")
        self.show_status(text, error=False)
        self.status_label.setToolTip(str(outcome.path))

    def show_status(self, text: str, *, error: bool) -> None:
        self.status_label.setStyleSheet(style.ERROR_TEXT if error else style.OK_TEXT)
        self.status_label.setText(text)
