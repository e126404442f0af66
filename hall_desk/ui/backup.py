"""Backups and the store's health on screen (issue 9): the daily automatic backup, its status in
the status bar, the store manager's 数据备份 settings, and the start-up integrity check.

Backups and the check run in worker threads (a backup of a large store takes minutes, a quick check
seconds), never on the UI thread; each reports back through a queued signal.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local, parse_utc_iso
from hall_desk.domain.errors import DomainError
from hall_desk.services import backup
from hall_desk.services.backup import BackupOutcome, StoreCheck
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.field_errors import FieldErrors, error_line
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.threads import in_thread

log = logging.getLogger(__name__)

HOUR_MS = 3_600_000


translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("Backup", text)


def outcome_text(outcome: BackupOutcome | None) -> str:
    """The last attempt in one line: when, and whether it worked (why not, plainly)."""
    if outcome is None:
        return translate("Backup", "尚未备份")
    when = format_local(outcome.at)
    if outcome.ok:
        return translate("Backup", "最近备份：{when} ✓").format(when=when)
    error = DomainError(outcome.code, None, path=outcome.file)
    return translate("Backup", "备份失败（{when}）：{text}").format(
        when=when, text=error_text(error)
    )


class BackupScheduler(QObject):
    """The daily automatic backup: every hour (and at start), if today's backup is missing, one is
    made in a worker thread. :meth:`backup_now` is 立即备份. One backup at a time."""

    started = Signal()
    finished = Signal(object)  # backup.BackupDone or the error (a DomainError)

    def __init__(
        self, ctx: DeskContext, parent: QObject | None = None, interval_ms: int = HOUR_MS
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_due)
        self.worker: threading.Thread | None = None
        self.finished.connect(self._finished)

    def start(self) -> None:
        self.timer.start()
        self.check_due()

    def stop(self) -> None:
        self.timer.stop()

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.is_alive()

    def check_due(self) -> None:
        try:
            due = backup.backup_due(self.ctx)
        except Exception:
            log.exception("could not tell whether a backup is due")
            return
        if due:
            self.backup_now()

    def backup_now(self, session: StaffSession | None = None) -> bool:
        """Start a backup in the background; False when one is already running. With a
        ``session``: 立即备份, which the service lets only a signed-in store manager make."""
        if self.running:
            return False
        self.started.emit()

        def work() -> backup.BackupDone:
            if session is None:  # the daily backup
                return backup.run_backup(self.ctx)
            return backup.backup_now(self.ctx, session)

        self.worker = in_thread("hall-desk-backup", work, self.finished.emit)
        return True

    def _finished(self, _result: object) -> None:
        self.worker = None


def short_failure(code: str) -> str:
    """A failed backup's reason in a few words, for the status bar (the tooltip has it all)."""
    texts = {
        "backup.folder_missing": translate("Backup", "找不到备份文件夹（U 盘未插好？）"),
        "backup.no_folder": translate("Backup", "未选择备份文件夹"),
        "backup.keyring_unavailable": translate("Backup", "无系统密钥库，未备份"),
        "backup.write_failed": translate("Backup", "写入失败（U 盘已满或被拔出？）"),
        "backup.corrupt": translate("Backup", "校验未通过"),
        "backup.copy_failed": translate("Backup", "本机磁盘已满？"),
    }
    return texts.get(code, translate("Backup", "见详细说明"))


class BackupStatusLabel(QLabel):
    """The status bar's backup line; red when the last attempt failed (USB stick not plugged in)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupStatus")
        self.setContentsMargins(0, 0, 12, 0)
        self.refresh()

    def running(self) -> None:
        self.setText(self.tr("正在备份…"))
        self.setStyleSheet(style.MUTED_TEXT)

    def refresh(self, _result: object = None) -> None:
        try:
            status = backup.backup_status()
            folder = backup.backup_settings().folder
        except Exception:
            log.exception("could not read the backup status")
            return
        if folder is None and status.last is None:
            self.setText(self.tr("未设置备份"))
            self.setStyleSheet(style.WARNING_TEXT)
            self.setToolTip(self.tr("请店长在“设置 → 数据备份”中选择备份文件夹"))
            return
        last = status.last
        failed = last is not None and not last.ok
        if last is not None and failed:
            self.setText(self.tr("⚠ 备份失败：{reason}").format(reason=short_failure(last.code)))
        else:
            self.setText(outcome_text(last))
        self.setStyleSheet(style.ERROR_TEXT_BOLD if failed else style.OK_TEXT)
        tip = (
            outcome_text(last) + "\n" + self.tr("备份文件夹：{folder}").format(folder=folder or "")
        )
        if failed and status.last_success is not None:
            tip += "\n" + self.tr("最近一次成功：{when}").format(
                when=format_local(status.last_success.at)
            )
        self.setToolTip(tip)


class BackupDialog(QDialog):
    """数据备份 (store manager): the folder, how many generations, 立即备份, the last result and the
    backups in the folder."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        scheduler: BackupScheduler,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.scheduler = scheduler
        self.setWindowTitle(self.tr("数据备份"))
        fit_to_screen(self, 640, 440)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "每天自动备份一次到下面的文件夹（U 盘或网络共享），备份文件已加密，写完后逐一校验。"
                "在新电脑上恢复需要本台席的备份密钥（由总部托管）。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("backup_folder")
        self.choose_button = QPushButton(self.tr("选择…"))
        self.choose_button.setObjectName("chooseFolderButton")
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_button)
        form.addRow(self.tr("备份文件夹"), row)
        self.generations_spin = QSpinBox()
        self.generations_spin.setObjectName("backup_generations")
        self.generations_spin.setRange(1, backup.MAX_GENERATIONS)
        self.generations_spin.setSuffix(self.tr(" 份"))
        form.addRow(self.tr("保留份数"), self.generations_spin)
        layout.addLayout(form)
        self.error_label = error_line("backupErrors")
        layout.addWidget(self.error_label)
        self.field_errors = FieldErrors(
            self.error_label, lambda f: self.findChild(QWidget, f) if f else None
        )
        self.status_label = QLabel()
        self.status_label.setObjectName("backupResult")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        layout.addWidget(QLabel(self.tr("文件夹中的本台席备份（最新在前）：")))
        self.generations_list = QListWidget()
        self.generations_list.setObjectName("backupGenerations")
        layout.addWidget(self.generations_list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton(self.tr("保存设置"))
        self.save_button.setObjectName("saveBackupSettings")
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.setObjectName("backupNowButton")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ApplyRole)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.choose_button.clicked.connect(self.choose_folder)
        self.save_button.clicked.connect(self.save)
        self.backup_button.clicked.connect(self.backup_now)
        scheduler.finished.connect(self._backup_finished)
        settings = backup.backup_settings()
        self.folder_edit.setText(str(settings.folder) if settings.folder else "")
        self.generations_spin.setValue(settings.generations)
        self.refresh()

    def ask_folder(self, start: str) -> str | None:
        """Tests replace this to choose a folder without a dialog."""
        chosen = QFileDialog.getExistingDirectory(self, self.tr("选择备份文件夹"), start)
        return chosen or None

    def choose_folder(self) -> None:
        chosen = self.ask_folder(self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)
            self.save()

    def save(self) -> bool:
        try:
            backup.set_backup_folder(
                self.ctx, self.session, self.folder_edit.text(), self.generations_spin.value()
            )
        except DomainError as error:
            self.field_errors.show(error)
            return False
        self.field_errors.clear()
        self.refresh()
        return True

    def backup_now(self) -> None:
        settings = backup.backup_settings()
        changed = (str(settings.folder or ""), settings.generations) != (
            self.folder_edit.text().strip(),
            self.generations_spin.value(),
        )
        if changed and not self.save():
            return
        if self.scheduler.backup_now(self.session):
            self.backup_button.setEnabled(False)
            self.status_label.setText(self.tr("正在备份并校验，请稍候…（可以继续受理）"))

    def _backup_finished(self, result: object) -> None:
        self.backup_button.setEnabled(True)
        self.refresh()
        if isinstance(result, DomainError):
            self.status_label.setText(self.tr("备份失败：{text}").format(text=error_text(result)))
            self.status_label.setStyleSheet(style.ERROR_TEXT)
        elif isinstance(result, backup.BackupDone):
            self.status_label.setText(
                self.tr("已备份并校验：{name}（{mb:.1f} MB，{s:.1f} 秒）").format(
                    name=result.backup.path.name, mb=result.backup.size / 1e6, s=result.seconds
                )
            )
            self.status_label.setStyleSheet(style.OK_TEXT)

    def refresh(self) -> None:
        if not self.scheduler.running:
            self.status_label.setText(outcome_text(backup.backup_status().last))
            self.status_label.setStyleSheet("")
        self.generations_list.clear()
        for path, header in backup.list_backups():
            if header is None:
                self.generations_list.addItem(self.tr("{name}（无法读取）").format(name=path.name))
                continue
            self.generations_list.addItem(
                f"{format_local(parse_utc_iso(header.created))}  {path.name}  "
                f"{path.stat().st_size / 1e6:.1f} MB"
            )


class StoreChecker(QObject):
    """The start-up quick check of the store, in a worker thread, after the window shows."""

    checked = Signal(object)  # backup.StoreCheck, or the exception

    def start(self) -> threading.Thread:
        return in_thread("hall-desk-store-check", backup.store_check, self.checked.emit)


def damaged_store_text(check: StoreCheck) -> str:
    text = translate(
        "Backup",
        "数据文件已损坏：\n{path}\n\nSQLite 检查发现：{problem}\n\n"
        "请不要继续受理，以免新记录写进损坏的文件。",
    ).format(path=check.path, problem="；".join(check.problems[:3]))
    if check.latest is not None and check.latest_header is not None:
        text += "\n\n" + translate(
            "Backup",
            "最近的备份：{name}（{when}）。\n从该备份恢复时程序将关闭，损坏的文件保留为“{store}.replaced-时间”。",
        ).format(
            name=check.latest,
            when=format_local(parse_utc_iso(check.latest_header.created)),
            store=check.path.name,
        )
    else:
        text += "\n\n" + translate(
            "Backup",
            "备份文件夹中没有可用的备份（U 盘未插好？）。请联系技术支持；恢复命令：hall-desk restore 备份文件",
        )
    return text


def ask_restore_damaged(parent: QWidget, check: StoreCheck) -> bool:
    """The message about a damaged store; True when the user chooses to restore the latest backup.
    (MainWindow calls it through a method tests replace.)"""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        translate("Backup", "数据文件已损坏"),
        damaged_store_text(check),
        parent=parent,
    )
    restore = None
    if check.latest is not None:
        restore = box.addButton(
            translate("Backup", "从最近的备份恢复"), QMessageBox.ButtonRole.AcceptRole
        )
    box.addButton(translate("Backup", "稍后处理"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return restore is not None and box.clickedButton() is restore


__all__ = [
    "BackupDialog",
    "BackupScheduler",
    "BackupStatusLabel",
    "StoreChecker",
    "ask_restore_damaged",
    "damaged_store_text",
    "outcome_text",
]
