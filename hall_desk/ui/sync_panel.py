"""Sync health where staff can always see it (ARCHITECTURE.md, "Offline sync"): the status-bar
panel, the bridge from the background uploader's thread to the UI thread, and the dead-letter view.

The uploader itself (``hall_desk.sync``) has no Qt: it calls back from its own thread; the bridge
turns that call into a queued signal so the widgets are only touched on the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local, parse_utc_iso
from hall_desk.domain.errors import DomainError
from hall_desk.services.context import DeskContext
from hall_desk.services.store import DeadLetter, QueueStatus, Reachability
from hall_desk.ui import runner, style
from hall_desk.ui.errors import error_text, sync_error_text, sync_reason_text
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.vocabulary import listing
from hall_desk.ui.widgets import ReadOnlyTable

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")

log = logging.getLogger(__name__)


def _service() -> Any:
    # The uploader brings httpx (a tenth of a second to import): loaded after the window shows.
    from hall_desk.services import sync

    return sync


class SyncBridge(QObject):
    """Owns the background uploader; re-emits its status on the UI thread."""

    status_changed = Signal(object)
    unavailable = Signal()  # 立即同步 asked on a desk with no head office (a demo, not registered)
    started_round = Signal()  # 立即同步 asked and passed on to the uploader

    def __init__(self, ctx: DeskContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker: Any = None
        self._network: Any = None

    def start(self) -> None:
        """Starts the uploader (which syncs at once) and listens for the network coming back."""
        if self.worker is not None:
            return
        # The callback runs on the uploader's thread: emitting a signal of an object that lives
        # on the UI thread queues the delivery there.
        status = _service().queue_status()
        self.status_changed.emit(status)
        if not status.registered:  # a demo desk, or not yet `hall-desk register`ed
            return
        self.worker = _service().make_background_sync(self.ctx, self.status_changed.emit)
        self.worker.start()
        self._watch_network()

    def _watch_network(self) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if not QNetworkInformation.loadDefaultBackend():
            log.info("no network-information backend: relying on retries alone")
            return
        self._network = QNetworkInformation.instance()
        if self._network is not None:
            self._network.reachabilityChanged.connect(self._reachability_changed)

    @Slot(object)
    def _reachability_changed(self, reachability: object) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability in (
            QNetworkInformation.Reachability.Online,
            QNetworkInformation.Reachability.Site,
        ):
            self.network_back()

    def sync_now(self) -> None:
        if self.worker is not None:
            self.worker.sync_now()
            self.started_round.emit()
        else:
            self.unavailable.emit()

    def current_status(self) -> QueueStatus:
        """The queue as the store has it now (between the uploader's rounds too)."""
        status: QueueStatus = _service().queue_status()
        return status

    def network_back(self) -> None:
        if self.worker is not None:
            self.worker.network_back()

    def stop(self) -> None:
        if self.worker is not None:
            # A request in flight ends at its time-out; the queue is safe either way.
            self.worker.stop(timeout=5.0)
            self.worker = None


def _local(at: str) -> str:
    """An event's own time, shown local; a pulled event may carry anything, so never crash on it."""
    try:
        return format_local(parse_utc_iso(at))
    except (TypeError, ValueError):
        return at


class SyncStatusPanel(QWidget):
    """Online or not, how many events wait, the last success, the last error, clock skew."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.online_label = QLabel()
        self.online_label.setObjectName("syncOnline")
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("syncWaiting")
        self.success_label = QLabel()
        self.success_label.setObjectName("syncLastSuccess")
        self.error_label = QLabel()
        self.error_label.setObjectName("syncLastError")
        self.error_label.setStyleSheet(style.ERROR_TEXT)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("syncClock")
        self.clock_label.setStyleSheet(style.ERROR_TEXT_BOLD)
        # the link to head office (issue 15): plain http to another machine; certificate expiry
        self.link_label = QLabel()
        self.link_label.setObjectName("syncLink")
        self.link_label.setStyleSheet(style.ERROR_TEXT_BOLD)
        self.link_label.hide()
        for label in (
            self.online_label,
            self.waiting_label,
            self.success_label,
            self.error_label,
            self.clock_label,
            self.link_label,
        ):
            layout.addWidget(label)

    def show_status(self, status: QueueStatus) -> None:
        if not status.registered:
            self.online_label.setText(self.tr("● 未连接总部"))
            self.online_label.setStyleSheet(style.MUTED_TEXT)
        elif status.online:
            self.online_label.setText(self.tr("● 在线"))
            self.online_label.setStyleSheet(style.OK_TEXT)
        elif status.reachability is Reachability.HQ_ERROR:  # reached, but it answered an error
            http = status.last_error.http_status if status.last_error else None
            self.online_label.setText(
                self.tr("● 总部返回错误（HTTP {status}）").format(status=http)
                if http is not None
                else self.tr("● 总部返回错误")
            )
            self.online_label.setStyleSheet(style.ERROR_TEXT)
        else:
            self.online_label.setText(self.tr("● 离线"))
            self.online_label.setStyleSheet(style.ATTENTION_TEXT)
        text = self.tr("待上传 {n} 条").format(n=status.waiting)
        if status.files_waiting:
            text += self.tr("，待上传文件 {n} 个").format(n=status.files_waiting)
        if status.dead_letters:
            text += self.tr("，未送达 {n} 条").format(n=status.dead_letters)
        if status.files_failed:
            text += self.tr("，总部拒收文件 {n} 个").format(n=status.files_failed)
        self.waiting_label.setText(text)
        self.success_label.setText(
            self.tr("最近上传：{when}").format(
                when=format_local(status.last_success) if status.last_success else self.tr("从未")
            )
        )
        error = status.current_error
        if error is not None:
            self.error_label.setText(
                self.tr("最近错误（{when}）：{text}").format(
                    when=format_local(error.at), text=sync_error_text(error.code)
                )
            )
            self.error_label.setToolTip(error.detail)
            self.error_label.show()
        else:
            self.error_label.clear()
            self.error_label.hide()
        offset = status.clock_offset  # desk minus head office: > 0, the desk is ahead
        if status.clock_skewed and offset is not None:
            direction = self.tr("快") if offset > timedelta(0) else self.tr("慢")
            self.clock_label.setText(
                self.tr("⚠ 本机时钟比总部{direction}{amount}，请校准").format(
                    direction=direction, amount=self._amount(abs(offset))
                )
            )
            self.clock_label.show()
        else:
            self.clock_label.clear()
            self.clock_label.hide()
        self._show_link(status)

    def _show_link(self, status: QueueStatus) -> None:
        """In red while the link is plain http to another machine (``--allow-plain-http``), or
        while head office's certificate ends within 30 days."""
        days = status.cert_days_left(self.ctx.clock.now())
        if status.plain_http:
            self.link_label.setText(self.tr("⚠ 未加密连接总部"))
            self.link_label.setToolTip(
                self.tr("总部地址为 http://，令牌和客户号码以明文经过网络；请总部改用 https")
            )
        elif days is not None:
            self.link_label.setText(self.tr("⚠ 总部证书将于 {n} 天后过期").format(n=days))
            self.link_label.setToolTip(format_local(status.hq_cert_not_after))
        else:
            self.link_label.clear()
            self.link_label.setToolTip("")
            self.link_label.hide()
            return
        self.link_label.show()

    def _amount(self, offset: timedelta) -> str:
        minutes = int(offset.total_seconds() // 60)
        if minutes >= 48 * 60:
            return self.tr("约 {n} 天").format(n=round(minutes / 1440))
        if minutes >= 120:
            return self.tr("约 {n} 小时").format(n=round(minutes / 60))
        return self.tr(" {n} 分钟").format(n=minutes)


class DeadLetterDialog(QDialog):
    """未送达事件: events head office quarantined or refused, with the reason; exportable. Files head
    office refused (a transfer's evidence or final PDFs) are listed too, and may be sent again."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("DeadLetterDialog", "方向"),
        QT_TRANSLATE_NOOP("DeadLetterDialog", "台席"),
        QT_TRANSLATE_NOOP("DeadLetterDialog", "序号"),
        QT_TRANSLATE_NOOP("DeadLetterDialog", "事件"),
        QT_TRANSLATE_NOOP("DeadLetterDialog", "时间"),
        QT_TRANSLATE_NOOP("DeadLetterDialog", "结果"),
        QT_TRANSLATE_NOOP("DeadLetterDialog", "原因"),
        QT_TRANSLATE_NOOP("DeadLetterDialog", "说明"),
        QT_TRANSLATE_NOOP("DeadLetterDialog", "总部处理"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("未送达总部的事件"))
        fit_to_screen(self, 900, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "以下事件未能送达或应用：上传的被总部隔离或拒收，总部下发的未能在本台席应用；"
                "被总部拒收的文件（过户证明材料、协议 PDF）也列在这里。"
                "它们不会阻塞其他记录的同步；请导出后交总部技术支持处理。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = ReadOnlyTable(
            [self.tr(c) for c in self.COLUMNS], multi=True, fit=False, stretch=8
        )
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setObjectName("exportButton")
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.retry_files_button = QPushButton(self.tr("重新上传被拒文件"))
        self.retry_files_button.setObjectName("retryFilesButton")
        self.retry_files_button.setToolTip(
            self.tr("总部处理好拒收原因后，下次同步时再次上传这些文件")
        )
        buttons.addButton(self.retry_files_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)
        self.retry_files_button.clicked.connect(self.retry_files)
        layout.addWidget(buttons)
        self.job: runner.Job | None = None  # 导出… or 重新上传被拒文件, in the background
        self.refresh()

    def refresh(self) -> None:
        letters = _service().dead_letters()
        refused = _service().failed_files()
        self.table.setRowCount(len(letters) + len(refused))
        for row, failed in enumerate(refused, start=len(letters)):
            what = listing(failed.names) or failed.media_type
            cells = (
                self.tr("上传文件"),
                "",
                "",
                what,
                format_local(failed.created_at),
                self.tr("被拒收"),
                sync_reason_text(failed.reason),
                translate("SyncPanel", "SHA-256 {value}…，{size} 字节").format(
                    value=failed.sha256[:12], size=failed.size
                ),
                "",
            )
            self._fill(row, cells)
        for row, letter in enumerate(letters):
            if letter.direction == "pull":
                direction, outcome = self.tr("总部下发"), self.tr("未应用")
            else:
                direction = self.tr("上传总部")
                outcome = {
                    "quarantined": self.tr("已隔离"),
                    "refused": self.tr("被拒收"),
                }.get(letter.outcome.value, self.tr("总部暂存"))
            cells = (
                direction,
                letter.desk,
                str(letter.seq),
                letter.type,
                _local(letter.at),
                outcome,
                sync_reason_text(letter.reason),
                letter.detail,
                self.hq_answer_text(letter),
            )
            self._fill(row, cells)
        self.table.resizeColumnsToContents()
        self.export_button.setEnabled(bool(letters))
        self.retry_files_button.setEnabled(bool(refused))

    def hq_answer_text(self, letter: DeadLetter) -> str:
        """Issue 17: what head office did with it since, from its console."""
        if letter.hq_answer == "closed":
            return self.tr("总部已关闭（{operator}）：{note}").format(
                operator=letter.hq_operator, note=letter.hq_note
            )
        if letter.hq_answer == "reapplied":
            return self.tr("总部已重新受理并应用（{operator}）").format(operator=letter.hq_operator)
        return ""

    def _fill(self, row: int, cells: tuple[str, ...]) -> None:
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if column == 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def _in_background(
        self, name: str, work: Callable[[], Any], done: Callable[[Any], None]
    ) -> None:
        """An action's work through the runner; the buttons wait for it."""
        self.export_button.setEnabled(False)
        self.retry_files_button.setEnabled(False)
        self.job = runner.run(name, lambda _report: work(), on_done=done)

    def retry_files(self) -> None:
        self._in_background("hall-desk-retry-files", _service().retry_failed_files, self._retried)

    def _retried(self, outcome: object) -> None:
        self.job = None
        self.refresh()
        if isinstance(outcome, DomainError):
            QMessageBox.warning(self, self.tr("操作失败"), error_text(outcome))
        elif isinstance(outcome, BaseException):
            raise outcome  # as if it had run here (the runner logged it)
        else:
            QMessageBox.information(
                self,
                self.tr("已重新排队"),
                self.tr("{n} 个文件将在下次同步时重新上传").format(n=outcome),
            )

    def ask_export_path(self) -> Path | None:
        """Tests replace this to choose a file without a dialog."""
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出未送达事件"), "dead-letters.jsonl", self.tr("JSON Lines (*.jsonl)")
        )
        return Path(name) if name else None

    def export(self) -> None:
        path = self.ask_export_path()
        if path is None:
            return
        self._in_background(
            "hall-desk-export-dead-letters",
            lambda: _service().export_dead_letters(path),
            lambda outcome: self._exported(path, outcome),
        )

    def _exported(self, path: Path, outcome: object) -> None:
        self.job = None
        self.refresh()
        if isinstance(outcome, (DomainError, OSError)):
            text = error_text(outcome) if isinstance(outcome, DomainError) else str(outcome)
            QMessageBox.warning(self, self.tr("导出失败"), text)
        elif isinstance(outcome, BaseException):
            raise outcome  # as if it had run here (the runner logged it)
        else:
            QMessageBox.information(
                self,
                self.tr("已导出"),
                self.tr("已导出 {n} 条到 {path}").format(n=outcome, path=path),
            )
