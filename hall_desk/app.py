"""Composition root: logging, crash handler, the store, the QApplication and the first window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from hall_desk import __version__
from hall_desk.logfiles import setup_logging
from hall_desk.paths import data_dir as resolve_data_dir
from hall_desk.paths import log_dir, store_path

log = logging.getLogger("hall_desk")

QUIT_AFTER_SHOWN_ENV = "HALL_DESK_QUIT_AFTER_SHOWN"  # for the start-up benchmark and tests
# A file to write the names of the modules loaded when the first window shows, one a line (the
# start-up test checks no heavy module is among them: issue 22).
MODULES_AT_SHOWN_ENV = "HALL_DESK_MODULES_AT_SHOWN"
# What the desk needs soon after its window shows, not before: imported in a pool thread once the
# window is up (the user is typing their staff number by then).
WARM_UP_AFTER_MS = 200
NONINTERACTIVE_ENV = "HALL_DESK_NONINTERACTIVE"  # fatal messages to stderr only (tests, scripts)


def translate(context: str, text: str) -> str:
    """Qt's translation (the name pyside6-lupdate extracts); PySide6 is imported only when a
    message is shown, so the command line stays quick."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text)


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """An unexpected error is logged and shown; the window stays up and nothing saved is lost."""
    log.critical("unexpected error", exc_info=(kind, value, tb))
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None:
        QMessageBox.critical(
            None,
            translate("App", "程序错误"),
            translate("App", "发生了一个意外错误，已记录到日志。已保存的记录不受影响。")
            + "\n\n"
            + "".join(traceback.format_exception_only(kind, value)).strip(),
        )


def report_fatal(title: str, text: str) -> None:
    """A problem that stops the start: said on stderr and, for a person, in a message box."""
    log.error("%s: %s", title, text.replace("\n", " "))
    print(f"{title}: {text}", file=sys.stderr)
    if not os.environ.get(NONINTERACTIVE_ENV):
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, title, text)


def _import_services_before_qt() -> None:
    """The services the sign-in window uses, imported before PySide6: once PySide6 is loaded, its
    import hook (shiboken's ``__feature__`` support) reads the source of every module imported
    after it, about a tenth of the start-up (issue 22). The pages behind the sign-in, and their
    services, are built once the sign-in window shows (``MainWindow.build_rest``)."""
    import hall_desk.services.keys
    import hall_desk.services.preferences
    import hall_desk.services.setup
    import hall_desk.services.staff  # noqa: F401


def run(
    data_dir: str | None = None,
    demo: bool = False,
    logs: str | None = None,
    lang: str | None = None,
) -> int:
    directory = resolve_data_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    logs_dir = setup_logging(log_dir(data_dir, logs))
    log.info("hall_desk %s starting, data dir %s, logs in %s", __version__, directory, logs_dir)

    _import_services_before_qt()
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from hall_desk.services.keys import wire_keys
    from hall_desk.storage.lock import StoreLock

    wire_keys()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not isinstance(app, QApplication):  # the desk's windows need widgets, not a core app
        raise RuntimeError("a QCoreApplication without widgets is already running")
    app.setApplicationName("hall_desk")
    from hall_desk.ui import i18n

    # --lang / HALL_DESK_LANG apply from here on; the desk's stored choice once the store is open
    i18n.install(i18n.choose_language(None, lang))
    font = QFont(app.font())
    font.setFamilies(
        ["WenQuanYi Micro Hei", "Microsoft YaHei", "Noto Sans CJK SC", *font.families()]
    )
    app.setFont(font)
    from hall_desk.ui import focus_frame

    focus_frame.install(app)  # a focused drop-down shows a frame (issue 19)
    sys.excepthook = _excepthook

    # One process owns the store: a second window, or `hall-desk restore`, waits for this one.
    lock = StoreLock(directory)
    if not lock.acquire():
        report_fatal(
            translate("App", "程序已在运行"),
            translate(
                "App", "受理台程序已在使用这个数据目录：\n{directory}\n请切换到已打开的窗口。"
            ).format(directory=directory),
        )
        return 2
    pending: list[Path] = []  # a backup to restore once the window is gone (damaged store)
    restart: list[bool] = []  # the language changed and the user chose to restart now
    try:
        code = _run_locked(app, directory, demo, pending, lang, restart)
    finally:
        lock.release()
    if pending:
        return _restore_after_exit(directory, pending[0])
    if restart:
        _start_again()
    return code


def _start_again() -> None:
    """The same program with the same arguments, once this one has released the store."""
    import subprocess

    if getattr(sys, "frozen", False):  # the bundle: its executable is the program
        command = [sys.executable, *sys.argv[1:]]
    else:
        command = [sys.executable, "-m", "hall_desk", *sys.argv[1:]]
    log.info("restarting: %s", command)
    subprocess.Popen(command, close_fds=True)


def _restore_after_exit(directory: Path, backup: Path) -> int:
    """The start-up check found the store damaged and the user chose to restore the latest backup:
    done with the window gone, the store closed and the lock released (the damaged file is kept)."""
    from PySide6.QtWidgets import QMessageBox

    from hall_desk.domain.clock import SystemClock
    from hall_desk.domain.errors import DomainError
    from hall_desk.services.backup import restore_backup
    from hall_desk.ui.errors import error_text

    try:
        _, kept = restore_backup(store_path(directory), backup, now=SystemClock().now())
    except DomainError as error:
        report_fatal(
            translate("App", "恢复失败"),
            translate("App", "未能从备份恢复：\n{backup}\n{reason}").format(
                backup=backup, reason=error_text(error)
            ),
        )
        return 2
    log.warning("store restored from %s; damaged file kept as %s", backup, kept)
    text = translate(
        "App",
        "已从备份恢复：\n{backup}\n损坏的文件保留为：\n{kept}\n\n请重新启动程序。备份之后的记录需要重新录入。",
    ).format(backup=backup, kept=kept)
    print(text, file=sys.stderr)
    if not os.environ.get(NONINTERACTIVE_ENV):
        QMessageBox.information(None, translate("App", "已恢复"), text)
    return 0


def _tell_upgrade(notice: str) -> None:
    """The store of an older version was backed up, then upgraded: said once, before any window."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    log.warning("%s", notice)
    print(notice, file=sys.stderr)
    if not os.environ.get(NONINTERACTIVE_ENV):
        QMessageBox.information(None, QCoreApplication.translate("App", "数据已升级"), notice)


def _run_locked(
    app: Any,
    directory: Path,
    demo: bool,
    pending: list[Path],
    lang: str | None = None,
    restart: list[bool] | None = None,
) -> int:
    from PySide6.QtCore import QThreadPool, QTimer

    from hall_desk.domain.errors import DomainError
    from hall_desk.services.context import DeskContext
    from hall_desk.services.setup import current_desk
    from hall_desk.storage.db import (
        MigrationInterrupted,
        StoreError,
        checkpoint,
        close_store,
        last_upgrade_backup,
        open_store,
    )
    from hall_desk.ui.errors import (
        error_text,
        store_error_text,
        upgrade_backup_text,
        upgrade_sealed_text,
    )
    from hall_desk.ui.migration_progress import MigrationWindow

    path = store_path(directory)
    try:  # on a worker thread; a window only when the upgrade takes more than 2 s (issue 22)
        MigrationWindow().run(lambda progress: open_store(path, progress=progress))
    except MigrationInterrupted:
        log.warning("store upgrade interrupted by the user")
        report_fatal(
            translate("App", "数据升级已中断"),
            translate("App", "已完成的步骤已保存，下次启动时从中断处继续升级。"),
        )
        return 2
    except StoreError as error:
        log.error("cannot open store: %s", error.code)
        report_fatal(translate("App", "无法打开数据"), store_error_text(error))
        return 2
    from hall_desk.services.identity import seal_stored_identity

    seal_stored_identity()  # once, for a store from before identity data was sealed
    from hall_desk.storage import compact
    from hall_desk.storage.db import database

    # Once a new store holds enough events to train its dictionary, and again when payloads have
    # been stored long enough after the newest one to drift from it; the check alone does not load
    # the event log's module (and the domain's payload rules under it) before the window (issue 22).
    if compact.dictionary_due(database.connection()):
        from hall_desk.storage.events import compact_stored_events

        compact_stored_events()
    upgrade = last_upgrade_backup()
    upgrade_notice = None
    if upgrade is not None:  # the copy is gone when it held identity data the store now seals
        upgrade_notice = (
            upgrade_backup_text(upgrade.path) if upgrade.path.exists() else upgrade_sealed_text()
        )
        _tell_upgrade(upgrade_notice)

    from hall_desk.services.preferences import ui_language
    from hall_desk.ui import i18n

    i18n.install(i18n.choose_language(ui_language(), lang))
    log.info("UI language %s", i18n.current_language())

    ctx = DeskContext()
    try:
        if demo:
            from hall_desk.services.demo import create_demo_hall

            create_demo_hall(ctx)
    except DomainError as error:
        report_fatal(translate("App", "不能进入演示模式"), error_text(error))
        close_store()
        return 2

    info = current_desk()
    from hall_desk.services.setup import recovery_unfinished

    unfinished = recovery_unfinished() if info is not None else None
    if unfinished is not None:  # a new-PC recovery stopped part-way: finish it first
        from hall_desk.ui.recover_dialog import RecoverDeskDialog

        recovering = RecoverDeskDialog(ctx)
        recovering.desk_code.setText(unfinished)
        if recovering.exec() != RecoverDeskDialog.DialogCode.Accepted:
            close_store()
            return 0
    if info is None:
        from hall_desk.ui.setup_dialog import SetupDialog

        dialog = SetupDialog(ctx)
        if dialog.exec() != SetupDialog.DialogCode.Accepted or dialog.result_info is None:
            close_store()
            return 0
        info = dialog.result_info

    from hall_desk.ui.mainwindow import MainWindow

    window = MainWindow(ctx, info)
    window.show()
    modules_file = os.environ.get(MODULES_AT_SHOWN_ENV)
    if modules_file:
        Path(modules_file).write_text("\n".join(sorted(sys.modules)) + "\n", encoding="utf-8")
    if upgrade_notice is not None:
        window.statusBar().showMessage(upgrade_notice, 120_000)
    # Sync at start-up, once the window has painted (the uploader's imports cost ~0.1 s).
    QTimer.singleShot(300, window.start_sync)
    # The store's quick check in the background (seconds on a large file), then the daily backup.
    QTimer.singleShot(500, window.start_store_check)

    # The keyring, the PDF fonts, the spreadsheet writer… loaded off the UI thread (issue 22).
    from hall_desk.services.warmup import warm_up

    QTimer.singleShot(WARM_UP_AFTER_MS, lambda: QThreadPool.globalInstance().start(warm_up))

    # WAL checkpoints run off the save path, in a pool thread.
    checkpoints = QTimer()
    checkpoints.setInterval(60_000)
    checkpoints.timeout.connect(lambda: QThreadPool.globalInstance().start(checkpoint))
    checkpoints.start()

    if os.environ.get(QUIT_AFTER_SHOWN_ENV):
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    checkpoints.stop()
    if window.restore_requested is not None:
        pending.append(window.restore_requested)
    if window.restart_requested and restart is not None:
        restart.append(True)
    QThreadPool.globalInstance().waitForDone()
    close_store()
    log.info("hall_desk stopped")
    return int(code)
