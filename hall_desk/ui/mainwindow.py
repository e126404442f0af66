"""The counter's one window: sign-in / lock page, the intake form, 我的跟进 and the complaint list.

A shared counter: "切换用户" and the idle lock keep a half-typed form for the person who started it
(saved as their draft) and bring it back when they sign in again.

我的跟进 and its counts (tab title, status bar) are refreshed every minute, after a save or a step
and after a sync round, on a short coalescing timer (never on the save path); a notice says when one
of mine is about to become overdue, once per complaint.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QSystemTrayIcon,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local
from hall_desk.domain.errors import DomainError
from hall_desk.domain.staff import Permission, may
from hall_desk.services import preferences, staff
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.setup import HallInfo
from hall_desk.ui import i18n, style
from hall_desk.ui.errors import error_text
from hall_desk.ui.feedback import busy_in_background
from hall_desk.ui.screen import fill_screen
from hall_desk.ui.signin import SignInPage
from hall_desk.ui.support import SupportBundleExporter
from hall_desk.ui.vocabulary import term

if TYPE_CHECKING:
    from hall_desk.services.backup import StoreCheck
    from hall_desk.services.complaints import RecordedComplaint
    from hall_desk.services.followup import FollowUp, FollowUpCounts, Scope
    from hall_desk.services.search import ComplaintSearch
    from hall_desk.ui.backup import BackupDialog
    from hall_desk.ui.complaint_detail import ComplaintDetailDialog
    from hall_desk.ui.dashboard import DashboardWindow
    from hall_desk.ui.refunds import PendingRefundsDialog
    from hall_desk.ui.retention import RetentionDialog
    from hall_desk.ui.templates import TemplatesDialog
    from hall_desk.ui.transfer_wizard import TransferWizard
    from hall_desk.ui.transfers import TransferListDialog
    from hall_desk.ui.typical_cases import TypicalCaseLibrary

# The dialogs and windows opened from a menu or a list are imported when first opened, and the
# pages behind the sign-in (the intake form, 我的跟进, the list, sync and backups) are built just
# after the sign-in window shows, not before it: the sign-in window shows sooner (issue 22).

log = logging.getLogger(__name__)

# The pages and parts MainWindow.build_rest makes once the sign-in window has shown: asked for
# sooner, they are built then (MainWindow.__getattr__).
_BUILT_AFTER_SIGN_IN_SHOWS = frozenset(
    {
        "tabs",
        "saved_banner",
        "saved_label",
        "print_last_button",
        "intake",
        "followup_page",
        "list_page",
        "sync",
        "sync_panel",
        "monitor",
        "overdue_notice",
        "backups",
        "backup_status",
        "store_checker",
        "_queue_timer",
    }
)
# After the sign-in window has shown (and painted): the rest of the window is built then.
BUILD_REST_AFTER_MS = 50

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.InputMethod,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class IdleWatcher(QObject):
    """Calls ``on_idle`` after ``minutes`` without keyboard, mouse, pen or touch input."""

    def __init__(self, minutes: float, on_idle: object, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(minutes * 60_000))
        self.timer.timeout.connect(on_idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def app_name_in_titles() -> bool:
    """Whether the platform adds the application's display name to window titles itself (X11,
    Wayland): then the main window's title does not repeat it (issue 19: 营业厅投诉受理台 — … —
    营业厅投诉受理台)."""
    return QGuiApplication.platformName() in ("xcb", "wayland")


class MainWindow(QMainWindow):
    def __init__(self, ctx: DeskContext, info: HallInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info = info
        self.session: StaffSession | None = None
        title = self.tr("{hall}（台席 {desk}）").format(hall=info.name, desk=info.desk_code)
        if not app_name_in_titles():
            title = self.tr("营业厅投诉受理台 — {title}").format(title=title)
        if info.demo:
            title += self.tr("【演示】")
        self.setWindowTitle(title)
        fill_screen(self)

        self.stack = QStackedWidget()
        self.signin = SignInPage(
            lambda no, pw: staff.sign_in(self.ctx, no, pw),
            change_password=lambda no, pw, new: staff.change_own_password(self.ctx, no, pw, new),
        )
        self.signin.set_hall(f"{info.name}　{info.desk_code}")
        if info.demo:
            from hall_desk.services.demo import DEMO_ACCOUNTS

            self.signin.show_demo_accounts(DEMO_ACCOUNTS)
        self.signin.signed_in.connect(self.start_session)
        self.signin.setMaximumWidth(520)
        self.signin_page = QWidget()
        centred = QHBoxLayout(self.signin_page)
        centred.addStretch(1)
        centred.addWidget(self.signin, 3)
        centred.addStretch(1)
        self.stack.addWidget(self.signin_page)
        self.setCentralWidget(self.stack)
        self._last_saved: RecordedComplaint | None = None

        self.followup_counts_label = QLabel()
        self.followup_counts_label.setObjectName("followUpCountsLabel")
        self.followup_counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.followup_counts_label.setToolTip(self.tr("Ctrl+G 打开我的跟进"))
        self.followup_counts_label.setContentsMargins(0, 0, 12, 0)
        self.statusBar().addPermanentWidget(self.followup_counts_label)
        # issue 20: 媒体投诉未送达总部，请电话报告 until head office has it
        self.media_warning_label = QLabel()
        self.media_warning_label.setObjectName("mediaUndeliveredStatus")
        self.media_warning_label.setStyleSheet(f"color: {style.ERROR_STRONG}; font-weight: bold")
        self.media_warning_label.hide()
        self.statusBar().addPermanentWidget(self.media_warning_label)
        self.tray: QSystemTrayIcon | None = None
        self.store_check: StoreCheck | None = None
        self.restore_requested: Path | None = None  # the app restores it once the window is gone
        self.restart_requested = False  # the app starts again once the window is gone

        self._build_actions()
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(QLabel(f"{info.code} · {info.desk_code}"))
        self.statusBar().addPermanentWidget(self.user_label)

        self.idle = IdleWatcher(ctx.policy.idle_lock_minutes, self.lock, self)
        self._autosave = QTimer(self)
        self._autosave.setInterval(15_000)
        self._rest_built = False  # all of it (build_rest finished)
        self._building_rest = False
        self.show_signin()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._rest_built:  # the sign-in window is up: the rest while the clerk types
            QTimer.singleShot(BUILD_REST_AFTER_MS, self, self.build_rest)  # not once deleted

    def __getattr__(self, name: str) -> Any:
        """A page or part built after the sign-in window shows, asked for sooner (signing in
        before it was built, a test): built now."""
        state = self.__dict__
        if (
            name in _BUILT_AFTER_SIGN_IN_SHOWS
            and state.get("_rest_built") is False
            and not state.get("_building_rest")
        ):
            self.build_rest()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def build_rest(self) -> None:
        """The pages behind the sign-in (受理投诉, 我的跟进, 投诉列表), the sync and backup parts of
        the status bar and what drives them: built once, just after the sign-in window shows
        (issue 22: they and their services are most of what the window imports)."""
        if self._rest_built or self._building_rest:
            return
        self._building_rest = True
        try:
            self._build_rest()
        finally:
            self._building_rest = False
        self._rest_built = True

    def _build_rest(self) -> None:
        from hall_desk.documents.data import Paper
        from hall_desk.services import documents
        from hall_desk.ui.backup import BackupScheduler, BackupStatusLabel, StoreChecker
        from hall_desk.ui.complaint_list import ComplaintListPage
        from hall_desk.ui.followup import FollowUpMonitor, FollowUpPage, OverdueNotice
        from hall_desk.ui.intake import IntakeForm
        from hall_desk.ui.sync_panel import SyncBridge, SyncStatusPanel

        ctx = self.ctx
        self.tabs = QTabWidget()
        intake_page = QWidget()
        intake_layout = QVBoxLayout(intake_page)
        self.saved_banner = QWidget()
        self.saved_banner.setObjectName("savedBanner")
        self.saved_banner.setStyleSheet(f"#savedBanner {{ background: {style.OK_BACKGROUND}; }}")
        banner_layout = QHBoxLayout(self.saved_banner)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setWordWrap(True)  # a media complaint's instruction is long (issue 20)
        self.print_last_button = QPushButton(self.tr("打印回执 (Ctrl+P)"))
        banner_layout.addWidget(self.saved_label, 1)
        banner_layout.addWidget(self.print_last_button)
        self.saved_banner.hide()
        intake_layout.addWidget(self.saved_banner)
        self.intake = IntakeForm(ctx)
        intake_layout.addWidget(self.intake, 1)
        self.tabs.addTab(intake_page, self.tr("受理投诉"))
        self.followup_page = FollowUpPage(ctx)
        self.tabs.addTab(self.followup_page, self.tr("我的跟进"))
        self.list_page = ComplaintListPage(ctx)
        self.tabs.addTab(self.list_page, self.tr("投诉列表"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.stack.addWidget(self.tabs)

        self.intake.saved.connect(self._complaint_saved)
        # Through a lambda: tests replace open_complaint on the instance.
        self.list_page.open_requested.connect(lambda cid: self.open_complaint(cid))
        self.followup_page.open_requested.connect(lambda cid: self.open_complaint(cid))
        self.print_last_button.clicked.connect(self._print_last)
        self._autosave.timeout.connect(self.intake.stash)

        self.sync = SyncBridge(ctx, self)
        self.sync_panel = SyncStatusPanel(ctx)
        self.sync.status_changed.connect(self.sync_panel.show_status)
        self.sync.unavailable.connect(self._cannot_sync)
        self.sync.started_round.connect(
            lambda: self.statusBar().showMessage(self.tr("正在与总部同步…"), 5_000)
        )
        # The waiting count follows what this desk records, not only the uploader's rounds: it
        # stayed at 41 while 58 waited (issue 19).
        self._queue_timer = QTimer(self)
        self._queue_timer.setInterval(10_000)
        self._queue_timer.timeout.connect(self.refresh_sync_status)
        self._queue_timer.start()
        self.statusBar().addWidget(self.sync_panel)

        self.monitor = FollowUpMonitor(ctx, self.followup_page.scope, self)
        self.monitor.media_undelivered.connect(self._show_media_warning)
        self.monitor.counts_changed.connect(self._show_follow_up_counts)
        self.monitor.becoming_overdue.connect(self._notify_becoming_overdue)
        self.followup_page.scope_changed.connect(self.monitor.poke)
        self.sync.status_changed.connect(lambda _status: self._records_changed())
        self.overdue_notice = OverdueNotice(self)
        self.overdue_notice.show_requested.connect(self.show_follow_ups)

        # Backups (issue 9): daily and automatic once the start-up check found the store sound.
        self.backups = BackupScheduler(ctx, self)
        self.backup_status = BackupStatusLabel()
        self.backups.started.connect(self.backup_status.running)
        self.backups.finished.connect(self.backup_status.refresh)
        # After the follow-up counts and the media warning, before the desk and the user: the
        # status bar holds the sync panel, then those two (index 1 and 2).
        self.statusBar().insertPermanentWidget(3, self.backup_status)
        self.store_checker = StoreChecker(self)
        self.store_checker.checked.connect(self._store_checked)

        current = documents.receipt_paper()
        group = QActionGroup(self)
        for paper, text in ((Paper.A4, self.tr("A4")), (Paper.ROLL_80MM, self.tr("80 mm 小票"))):
            act = QAction(text, self, checkable=True)
            act.setChecked(paper == current)
            act.triggered.connect(lambda _=False, p=paper: documents.set_receipt_paper(p))
            group.addAction(act)
            self.paper_menu.addAction(act)

    # ------------------------------------------------------------- actions
    def _build_actions(self) -> None:
        def action(text: str, keys: str | QKeySequence.StandardKey, slot: object) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.new_action = action(self.tr("受理投诉"), "Ctrl+N", self.show_intake)
        self.followup_action = action(self.tr("我的跟进"), "Ctrl+G", self.show_follow_ups)
        self.list_action = action(self.tr("投诉列表"), "Ctrl+F", self.show_list)
        self.print_action = action(self.tr("打印回执"), "Ctrl+P", self._print_last)
        # No shortcut may be a text-editing key of Qt's Windows or X11 schemes (issue 19): on X11
        # Ctrl+U empties a line edit, Ctrl+K deletes to its end, Ctrl+D deletes a character.
        self.switch_action = action(self.tr("切换用户"), "Ctrl+Shift+L", self.switch_user)
        self.lock_action = action(self.tr("锁定"), "Ctrl+L", self.lock)
        self.refunds_action = action(self.tr("待审批退费"), "Ctrl+R", self.show_pending_refunds)
        self.dashboard_action = action(self.tr("统计看板…"), "Ctrl+Shift+D", self.show_dashboard)
        self.dashboard: DashboardWindow | None = None
        self.transfer_action = action(
            self.tr("办理过户…"), "Ctrl+T", lambda: self.show_transfer_wizard()
        )
        self.transfers_action = action(self.tr("过户记录"), "Ctrl+Shift+T", self.show_transfers)
        toolbar = self.addToolBar(self.tr("操作"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        for act in (
            self.new_action,
            self.followup_action,
            self.list_action,
            self.refunds_action,
            self.transfer_action,
            self.transfers_action,
            self.switch_action,
            self.lock_action,
        ):
            act.setToolTip(f"{act.text()} ({act.shortcut().toString()})")
            toolbar.addAction(act)
        self.sync_action = action(self.tr("立即同步"), "F5", lambda: self.sync.sync_now())
        self.dead_letters_action = action(self.tr("未送达事件…"), "", self.show_dead_letters)
        self.menuBar().addMenu(self.tr("统计(&T)")).addAction(self.dashboard_action)
        sync_menu = self.menuBar().addMenu(self.tr("同步(&Y)"))
        sync_menu.addAction(self.sync_action)
        sync_menu.addAction(self.dead_letters_action)
        settings = self.menuBar().addMenu(self.tr("设置(&S)"))
        self.staff_action = QAction(self.tr("人员管理…"), self)
        self.staff_action.triggered.connect(self.show_staff_admin)
        settings.addAction(self.staff_action)
        self.delegation_action = QAction(self.tr("退费审批授权…"), self)
        self.delegation_action.triggered.connect(self.show_delegations)
        settings.addAction(self.delegation_action)
        self.backup_action = QAction(self.tr("数据备份…"), self)
        self.backup_action.setObjectName("backupSettingsAction")
        self.backup_action.triggered.connect(self.show_backup_settings)
        settings.addAction(self.backup_action)
        self.retention_action = action(
            self.tr("资料保存期限…"), "Ctrl+Shift+B", self.show_retention
        )
        self.retention_action.setObjectName("retentionAction")
        settings.addAction(self.retention_action)
        self.templates_action = QAction(self.tr("常用模板…"), self)  # issue 23: store managers
        self.templates_action.setObjectName("templatesAction")
        self.templates_action.triggered.connect(self.show_templates)
        settings.addAction(self.templates_action)
        # Its two papers are added with the pages, just after the sign-in window shows.
        self.paper_menu = settings.addMenu(self.tr("回执纸张"))
        self.paper_menu.aboutToShow.connect(self.build_rest)
        language_menu = settings.addMenu(self.tr("界面语言"))
        language_menu.setObjectName("languageMenu")
        languages = QActionGroup(self)
        stored = preferences.ui_language()
        for language, name in i18n.LANGUAGE_NAMES.items():
            act = QAction(name, self, checkable=True)  # each language named in itself
            act.setObjectName(f"language_{language}")
            act.setChecked(language == stored)
            act.triggered.connect(lambda _=False, lang=language: self.choose_language(lang))
            languages.addAction(act)
            language_menu.addAction(act)
        self.cases_action = action(self.tr("典型案例库…"), "Ctrl+Shift+K", self.show_typical_cases)
        self.menuBar().addMenu(self.tr("案例(&C)")).addAction(self.cases_action)
        # 导出诊断包 (issue 10): for anyone at the desk, signed in or not (no personal data in it).
        self.support = SupportBundleExporter(
            self.ctx, self.info.desk_code, lambda: self.session, self
        )
        self.support_action = QAction(self.tr("导出诊断包…"), self)
        self.support_action.setObjectName("supportBundleAction")
        self.support_action.triggered.connect(self.support.export)
        self.menuBar().addMenu(self.tr("帮助(&H)")).addAction(self.support_action)
        self._session_actions = [
            self.new_action,
            self.followup_action,
            self.list_action,
            self.print_action,
            self.switch_action,
            self.lock_action,
            self.refunds_action,
            self.cases_action,
            self.transfer_action,
            self.transfers_action,
        ]

    def choose_language(self, language: str) -> None:
        """Stored for this desk; applied at the next start (every window is built in it)."""
        if language == preferences.ui_language():
            return
        preferences.set_ui_language(language)
        if self.ask_restart():
            self.restart()

    def ask_restart(self) -> bool:
        """The language notice offers the restart it needs (issue 19); tests replace this."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("界面语言"),
            self.tr("界面语言已更改，重启程序后生效。现在重启吗？填写中的内容会保留。"),
            parent=self,
        )
        now = box.addButton(self.tr("立即重启(&R)"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("稍后"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(now)
        box.exec()
        return box.clickedButton() is now

    def restart(self) -> None:
        """Close the window (as a person would: the form in progress is kept); the app starts
        again once it is gone (hall_desk.app)."""
        self.restart_requested = True
        if not self.close():
            self.restart_requested = False

    # ------------------------------------------------------------ sessions
    def show_signin(self, notice: str = "", staff_no: str = "") -> None:
        self.idle.timer.stop()
        self._autosave.stop()
        for act in self._session_actions:
            act.setEnabled(False)
        self.staff_action.setEnabled(False)
        self.delegation_action.setEnabled(False)
        self.backup_action.setEnabled(False)
        self.retention_action.setEnabled(False)
        self.templates_action.setEnabled(False)
        self.dashboard_action.setEnabled(False)
        self.signin.prepare(notice, staff_no)
        self.stack.setCurrentWidget(self.signin_page)
        self.user_label.setText(self.tr("未登录"))
        self.followup_counts_label.clear()
        if not self._rest_built:  # built later, as they are now
            return
        self.overdue_notice.hide()
        index = self.tabs.indexOf(self.followup_page)
        self.tabs.setTabText(index, self.tr("我的跟进"))
        self.tabs.tabBar().setTabTextColor(index, self.palette().windowText().color())

    def start_session(self, session: StaffSession) -> None:
        self.session = session
        self.intake.set_session(session)
        self.intake.restore()
        self.list_page.set_session(session)
        self.followup_page.set_session(session)
        self.monitor.set_session(session)
        for act in self._session_actions:
            act.setEnabled(True)
        self.staff_action.setEnabled(may(session.role, Permission.MANAGE_STAFF))
        self.delegation_action.setEnabled(may(session.role, Permission.DELEGATE_APPROVAL))
        self.backup_action.setEnabled(may(session.role, Permission.CHOOSE_BACKUP_FOLDER))
        self.retention_action.setEnabled(may(session.role, Permission.PURGE_RECORDS))
        self.templates_action.setEnabled(may(session.role, Permission.MANAGE_TEMPLATES))
        self.dashboard_action.setEnabled(may(session.role, Permission.SEE_HALL_COMPLAINTS))
        self.user_label.setText(
            self.tr("{name}（{staff_no}，{role}）").format(
                name=session.name, staff_no=session.staff_no, role=term(session.role)
            )
        )
        self.saved_banner.hide()
        self._last_saved = None
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentIndex(0)
        self.intake.phone_edit.setFocus()
        self.idle.timer.start()
        self._autosave.start()
        log.info("staff %s signed in", session.staff_no)
        self._tell_failed_attempts(session)

    def _tell_failed_attempts(self, session: StaffSession) -> None:
        """Issue 20: wrong passwords typed into this person's approval box at any desk of the hall
        they have not been told of at any desk of the hall: how many, from which desk, when."""
        try:
            notices = staff.failed_attempts_notice(self.ctx, session)
        except Exception:
            log.exception("could not read the failed approval attempts")
            return
        if not notices:
            return
        lines = [
            self.tr("{desk}：{count} 次，{first} 至 {last}").format(
                desk=n.desk,
                count=n.count,
                first=format_local(n.first_at),
                last=format_local(n.last_at),
            )
            for n in notices
        ]
        self.show_failed_attempts(
            self.tr("有人在审批框中以您的工号输错了密码：")
            + "\n"
            + "\n".join(lines)
            + "\n"
            + self.tr("您的登录不受影响。若不是您本人，请告知店长。")
        )

    def show_failed_attempts(self, text: str) -> None:
        """Tests replace this to read the notice without a dialog."""
        QMessageBox.warning(self, self.tr("审批密码输错提醒"), text)

    def _end_session(self) -> StaffSession | None:
        previous = self.session
        self.intake.stash()
        self.intake.set_session(None)
        self.intake.clear()
        self.list_page.set_session(None)
        self.followup_page.set_session(None)
        self.monitor.set_session(None)
        if self.dashboard is not None:  # the hall's figures are not for the next person
            self.dashboard.close()
            self.dashboard = None
        self.session = None
        return previous

    def switch_user(self) -> None:
        previous = self._end_session()
        name = previous.name if previous else ""
        self.show_signin(
            self.tr("{name} 已退出，填写中的内容已为其保留。请下一位登录。").format(name=name)
        )

    def lock(self) -> None:
        if self.session is None:
            return
        previous = self._end_session()
        assert previous is not None
        self.show_signin(
            self.tr("已锁定（{name}）。填写中的内容已保留，重新登录后继续。").format(
                name=previous.name
            ),
            previous.staff_no,
        )

    # --------------------------------------------------------------- pages
    def show_intake(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.intake.phone_edit.setFocus()

    def show_follow_ups(self) -> None:
        self.tabs.setCurrentWidget(self.followup_page)  # shown: it refreshes itself
        self.followup_page.focus_table()

    def show_list(self) -> None:
        self.tabs.setCurrentWidget(self.list_page)
        self.list_page.focus_search()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.list_page:
            self.list_page.refresh()

    # ----------------------------------------------------------- follow-up
    def _records_changed(self) -> None:
        """A save, a step or a sync round: the lists and counts catch up (shortly, coalesced)."""
        if self.session is not None:
            self.monitor.poke()  # its counts refresh the 我的跟进 page when it shows
            self.refresh_sync_status()

    def refresh_sync_status(self) -> None:
        """The status bar's 待上传 count read again from the store."""
        try:
            status = self.sync.current_status()
        except DomainError:  # no desk (yet): nothing to count
            return
        self.sync_panel.show_status(status)

    def _cannot_sync(self) -> None:
        """F5 / 立即同步 on a desk without head office: say why nothing happens."""
        if self.info.demo:
            text = self.tr("演示台席不连接总部，不能同步。演示数据只保存在本机。")
        else:
            text = self.tr(
                "本台席尚未登记到总部，不能同步。请技术支持运行 hall-desk register 登记本台席。"
            )
        self.statusBar().showMessage(text, 15_000)

    def _show_media_warning(self, text: str) -> None:
        """The status bar says it briefly (the numbers in the tooltip and on 我的跟进), so the
        window still fits 1024 pixels."""
        self.media_warning_label.setText(
            self.tr("⚠ 媒体投诉未送达总部，请电话报告") if text else ""
        )
        self.media_warning_label.setToolTip(text)
        self.media_warning_label.setVisible(bool(text))
        self.followup_page.show_media_warning(text)

    def _show_follow_up_counts(self, counts: FollowUpCounts, scope: Scope) -> None:
        from hall_desk.services.followup import Scope
        from hall_desk.ui.followup import counts_html

        self.followup_counts_label.setText(counts_html(counts, scope))
        title = self.tr("我的跟进") if scope is Scope.MINE else self.tr("全厅跟进")
        if counts.overdue:
            title += self.tr("（{open}，超时 {overdue}）").format(
                open=counts.open, overdue=counts.overdue
            )
        else:
            title += self.tr("（{open}）").format(open=counts.open)
        index = self.tabs.indexOf(self.followup_page)
        self.tabs.setTabText(index, title)
        if counts.overdue or counts.due_soon:
            colour = QColor(style.ERROR_STRONG if counts.overdue else style.WARNING)
        else:
            colour = self.palette().windowText().color()
        self.tabs.tabBar().setTabTextColor(index, colour)
        self.followup_page.refresh_if_visible()

    def _notify_becoming_overdue(self, items: list[FollowUp]) -> None:
        """Non-modal, once per complaint: the status bar, the system tray when there is one, else
        a small notice that does not take the keyboard."""
        from hall_desk.ui.followup import overdue_notice_text

        text = overdue_notice_text(items)
        first = items[0].complaint
        self.statusBar().showMessage(
            self.tr("⚠ 即将超时：{number} 将于 {due} 到期").format(
                number=first.number, due=format_local(first.reply_due)
            )
            + (self.tr("（另有 {n} 条）").format(n=len(items) - 1) if len(items) > 1 else ""),
            120_000,
        )
        log.info("%d follow-up(s) about to become overdue", len(items))
        tray = self._tray()
        if tray is not None:
            tray.showMessage(
                self.tr("即将超时的投诉"), text, QSystemTrayIcon.MessageIcon.Warning, 15_000
            )
        else:
            self.overdue_notice.announce(text)

    def _tray(self) -> QSystemTrayIcon | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        if self.tray is None:
            icon = self.windowIcon()
            if icon.isNull():
                icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.tray = QSystemTrayIcon(QIcon(icon), self)
            self.tray.setToolTip(self.windowTitle())
            self.tray.messageClicked.connect(self.show_follow_ups)
            self.tray.show()
        return self.tray

    def _complaint_saved(self, recorded: RecordedComplaint) -> None:
        self._last_saved = recorded
        text = self.tr("已保存投诉 {number}，答复时限 {due}。").format(
            number=recorded.number, due=format_local(recorded.deadlines.reply_due)
        )
        if recorded.repeat.is_repeat:
            text += self.tr("（已标记为重复投诉）")
        if recorded.media:  # issue 20: the instruction at once, and the upload starts now
            from hall_desk.domain.complaints import media_instruction

            text += "\n" + media_instruction(self.ctx.policy.general_office_phone)
            self.sync.sync_now()
        self.saved_label.setText(text)
        self.saved_banner.show()
        self.statusBar().showMessage(text, 10_000)
        self._records_changed()

    def _print_last(self) -> None:
        if self._last_saved is not None:
            self.print_receipt(self._last_saved.id)

    def make_detail(self, complaint_id: str) -> ComplaintDetailDialog:
        """The complaint's detail dialog, wired to the window's printing and lists."""
        from hall_desk.ui.complaint_detail import ComplaintDetailDialog

        assert self.session is not None
        dialog = ComplaintDetailDialog(self.session, complaint_id, self)
        dialog.print_requested.connect(self.print_receipt)
        dialog.refund_print_requested.connect(self.print_refund_slip)
        dialog.changed.connect(self._detail_changed)
        return dialog

    def _detail_changed(self, complaint_id: str) -> None:
        self._records_changed()
        # issue 20: a complaint marked 媒体记者 after intake is transferred to head office by the
        # same save; its upload starts at once, as at intake
        from hall_desk.services.complaints import get_complaint

        if self.session is not None and get_complaint(self.session, complaint_id).media:
            self.sync.sync_now()

    def open_complaint(self, complaint_id: str) -> None:
        if self.session is None:
            return
        try:
            dialog = self.make_detail(complaint_id)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("无法打开"), error_text(error))
            return
        dialog.exec()
        if self.list_page.isVisible():
            self.list_page.refresh()
        self._records_changed()

    # -------------------------------------------------------------- print
    def print_receipt(self, complaint_id: str) -> None:
        session = self.session
        if session is None:
            return
        from hall_desk.services import documents
        from hall_desk.ui.print_preview import PrintPreviewDialog  # QtPdf: loaded on first print

        def build(pdf: bytes) -> PrintPreviewDialog:
            dialog = PrintPreviewDialog(pdf, self.tr("投诉受理回执"), self)
            dialog.printed.connect(
                lambda: documents.record_print(self.ctx, session, documents.RECEIPT, complaint_id)
            )
            return dialog

        # the first document of a session takes a second (issue 19): made in the background
        self.document_job = busy_in_background(
            "hall-desk-receipt",
            lambda: documents.receipt_pdf(self.ctx, session, complaint_id),
            build,
            self.open_print_preview,
            lambda error: QMessageBox.warning(self, self.tr("无法生成回执"), error_text(error)),
        )

    def print_refund_slip(self, refund_id: str) -> None:
        """The 退费单 through the same preview as the receipt; a second print is 补打, one of a
        refund waiting for head office is provisional (待总部审批)."""
        session = self.session
        if session is None:
            return
        from hall_desk.services import documents
        from hall_desk.ui.print_preview import PrintPreviewDialog  # QtPdf: loaded on first print

        def build(pdf: bytes) -> PrintPreviewDialog:
            dialog = PrintPreviewDialog(pdf, self.tr("退费单"), self)
            dialog.printed.connect(
                lambda: documents.record_print(self.ctx, session, documents.REFUND_SLIP, refund_id)
            )
            return dialog

        self.document_job = busy_in_background(  # issue 19: a wait cursor from the click
            "hall-desk-refund-slip",
            lambda: documents.refund_slip_pdf(self.ctx, session, refund_id),
            build,
            self.open_print_preview,
            lambda error: QMessageBox.warning(self, self.tr("无法生成退费单"), error_text(error)),
        )

    def make_pending_refunds(self) -> PendingRefundsDialog:
        from hall_desk.ui.refunds import PendingRefundsDialog

        assert self.session is not None
        dialog = PendingRefundsDialog(self.ctx, self.session, self)
        dialog.print_requested.connect(self.print_refund_slip)
        dialog.open_complaint_requested.connect(lambda cid: self.open_complaint(cid))
        dialog.changed.connect(self._records_changed)
        return dialog

    def show_pending_refunds(self) -> None:
        """待审批退费: what waits for approval at this counter (and for head office)."""
        if self.session is None:
            return
        self.make_pending_refunds().exec()
        if self.list_page.isVisible():
            self.list_page.refresh()
        self._records_changed()

    def show_dashboard(self) -> None:
        """统计看板 (shift leaders and store managers), a window beside this one; its figures open
        their complaints in the 投诉列表 tab."""
        if self.session is None or not may(self.session.role, Permission.SEE_HALL_COMPLAINTS):
            return
        if self.dashboard is None:
            from hall_desk.ui.dashboard import DashboardWindow

            self.dashboard = DashboardWindow(self.ctx, self.session, self)
            self.dashboard.complaints_requested.connect(self.show_matching)
        else:
            self.dashboard.refresh()
        if self.dashboard.isMinimized():  # stepped aside for a list it asked for
            self.dashboard.showNormal()
        self.dashboard.show()
        self.dashboard.raise_()
        self.dashboard.activateWindow()

    def show_matching(self, query: ComplaintSearch) -> None:
        """The complaint list showing exactly ``query`` (a dashboard figure's complaints)."""
        self.tabs.setCurrentWidget(self.list_page)
        self.list_page.show_search(query)
        # The dashboard is this window's child and stays in front of it whatever is raised: it
        # steps aside (minimised) so the list is seen (issue 19); its shortcut brings it back.
        if self.dashboard is not None and self.dashboard.isVisible():
            self.dashboard.showMinimized()
            self.statusBar().showMessage(
                self.tr("统计看板已最小化，显示所点的投诉；按 {key} 回到统计看板").format(
                    key=self.dashboard_action.shortcut().toString(
                        QKeySequence.SequenceFormat.NativeText
                    )
                ),
                10_000,
            )
        self.raise_()
        self.activateWindow()
        self.list_page.table.setFocus()

    def show_delegations(self) -> None:
        from hall_desk.ui.refunds import DelegationDialog

        if self.session is None or not may(self.session.role, Permission.DELEGATE_APPROVAL):
            return
        DelegationDialog(self.ctx, self.session, self).exec()

    # ----------------------------------------------------------- transfers
    def make_transfer_wizard(self, transfer_id: str | None = None) -> TransferWizard:
        """办理过户 (new, or resuming one 填写中), printing through the window's preview."""
        from hall_desk.ui.transfer_wizard import TransferWizard

        assert self.session is not None
        return TransferWizard(
            self.ctx,
            self.session,
            transfer_id,
            self,
            open_preview=lambda dialog: self.open_print_preview(dialog),
        )

    def show_transfer_wizard(self, transfer_id: str | None = None) -> None:
        if self.session is None:
            return
        try:
            wizard = self.make_transfer_wizard(transfer_id)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("无法打开"), error_text(error))
            return
        self.open_transfer_wizard(wizard)

    def open_transfer_wizard(self, wizard: TransferWizard) -> None:
        """Shows the wizard modally; tests replace it to drive the wizard themselves."""
        wizard.exec()

    def make_transfer_list(self) -> TransferListDialog:
        from hall_desk.ui.transfers import TransferListDialog

        assert self.session is not None
        return TransferListDialog(
            self.ctx,
            self.session,
            self.show_transfer_wizard,
            lambda dialog: self.open_print_preview(dialog),
            self,
        )

    def show_transfers(self) -> None:
        """过户记录."""
        if self.session is None:
            return
        self.open_transfer_list(self.make_transfer_list())

    def open_transfer_list(self, dialog: TransferListDialog) -> None:
        """Shows 过户记录 modally; tests replace it to drive the list themselves."""
        dialog.exec()

    def open_print_preview(self, dialog: QDialog) -> None:
        """Shows the preview (a PrintPreviewDialog) modally; tests replace it to drive the dialog themselves."""
        dialog.exec()

    # ---------------------------------------------------------------- sync
    def start_sync(self) -> None:
        """Start the background uploader (the composition root calls this once the window shows)."""
        self.sync.start()

    # ------------------------------------------------------- store & backup
    def start_store_check(self) -> None:
        """The start-up quick check of the store, in the background (the composition root calls
        this once the window shows); the daily backup starts when it finds the store sound."""
        self.store_checker.start()

    def _store_checked(self, result: object) -> None:
        from hall_desk.services.backup import StoreCheck

        if not isinstance(result, StoreCheck):
            log.error("the store check could not run: %s", result)
            self.backups.start()
            return
        self.store_check = result
        if result.ok:
            self.backups.start()
            return
        self.statusBar().showMessage(self.tr("⚠ 数据文件已损坏：{path}").format(path=result.path))
        if self.ask_restore_damaged(result) and result.latest is not None:
            self.restore_requested = result.latest
            log.warning("restore of %s requested after a failed store check", result.latest)
            self.quit_for_restore()

    def quit_for_restore(self) -> None:
        """Close the window and end the app: the composition root restores once all is closed."""
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def ask_restore_damaged(self, check: StoreCheck) -> bool:
        """Tests replace this to answer without a modal dialog."""
        from hall_desk.ui.backup import ask_restore_damaged

        return ask_restore_damaged(self, check)

    def make_backup_dialog(self) -> BackupDialog:
        from hall_desk.ui.backup import BackupDialog

        assert self.session is not None
        return BackupDialog(self.ctx, self.session, self.backups, self)

    def show_backup_settings(self) -> None:
        if self.session is None or not may(self.session.role, Permission.CHOOSE_BACKUP_FOLDER):
            return
        self.make_backup_dialog().exec()
        self.backup_status.refresh()

    def make_retention(self) -> RetentionDialog:
        from hall_desk.ui.retention import RetentionDialog

        assert self.session is not None
        return RetentionDialog(self.ctx, self.session, self)

    def show_retention(self) -> None:
        """资料保存期限 (issue 9): store managers only."""
        if self.session is None or not may(self.session.role, Permission.PURGE_RECORDS):
            return
        self.make_retention().exec()

    def make_templates(self) -> TemplatesDialog:
        from hall_desk.ui.templates import TemplatesDialog

        assert self.session is not None
        return TemplatesDialog(self.ctx, self.session, self)

    def show_templates(self) -> None:
        """设置 → 常用模板 (issue 23): store managers only."""
        if self.session is None or not may(self.session.role, Permission.MANAGE_TEMPLATES):
            return
        self.make_templates().exec()

    def show_staff_admin(self) -> None:
        from hall_desk.ui.staff_admin import StaffAdminDialog

        if self.session is None:
            return
        StaffAdminDialog(self.ctx, self.session, self).exec()

    def make_typical_cases(self) -> TypicalCaseLibrary:
        from hall_desk.ui.typical_cases import TypicalCaseLibrary

        assert self.session is not None
        return TypicalCaseLibrary(self.ctx, self.session, self)

    def show_typical_cases(self) -> None:
        """典型案例库 (issue 8)."""
        if self.session is not None:
            self.make_typical_cases().exec()

    def show_dead_letters(self) -> None:
        from hall_desk.ui.sync_panel import DeadLetterDialog

        DeadLetterDialog(self).exec()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self._rest_built and self.overdue_notice.isVisible():
            self.overdue_notice.place()

    # --------------------------------------------------------------- close
    def closeEvent(self, event: object) -> None:
        self.idle.stop()
        if self.tray is not None:
            self.tray.hide()
        if self._rest_built:  # else nothing was typed, synced nor backed up
            self.intake.stash()
            self.monitor.set_session(None)
            self.overdue_notice.hide()
            self.sync.stop()
            self.backups.stop()
        super().closeEvent(event)  # type: ignore[arg-type]
