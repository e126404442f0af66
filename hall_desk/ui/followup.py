"""我的跟进 (首问责任制): the open complaints I must see through, nearest deadline first, the counts
for the main window and a notice before one of mine becomes overdue.

Everything here reads through :mod:`hall_desk.services.followup` (indexed, a few milliseconds); the
monitor runs on a timer and, after an action, on a short coalescing timer: never on the save path.
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local
from hall_desk.domain.errors import DomainError
from hall_desk.domain.money import format_yuan
from hall_desk.services import followup, refund_loop
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.exports import export_follow_ups as followup_export
from hall_desk.services.followup import FollowUp, FollowUpCounts, Scope
from hall_desk.services.refund_loop import RefundFollowUp, RefundFollowUpReason
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.exports import ExportControls
from hall_desk.ui.tablemodels import FollowUpTableModel, UrgencyDelegate
from hall_desk.ui.vocabulary import term
from hall_desk.ui.widgets import read_only

log = logging.getLogger(__name__)

MINUTE_MS = 60_000
NOTICE_MINUTES = 30  # warn this long before one of mine becomes overdue


translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("FollowUp", text)


def counts_html(counts: FollowUpCounts, scope: Scope) -> str:
    """ "跟进 5 · 超时 1 · 2小时内到期 2", the non-zero alarms in red and amber."""

    def part(label: str, value: int, colour: str) -> str:
        text = f"{label} {value}"
        return f'<b style="color:{colour}">{text}</b>' if value else text

    head = (
        translate("FollowUp", "全厅跟进")
        if scope is Scope.HALL
        else translate("FollowUp", "我的跟进")
    )
    return " · ".join(
        (
            f"{head} {counts.open}",
            part(translate("FollowUp", "超时"), counts.overdue, style.ERROR_STRONG),
            part(translate("FollowUp", "2小时内到期"), counts.due_soon, style.WARNING),
        )
    )


def refund_follow_up_text(item: RefundFollowUp, days: int) -> str:
    """One line of 我的跟进's refund reminders (issue 16)."""
    refund = item.refund
    what = {
        RefundFollowUpReason.EXECUTED: translate("FollowUp", "总部已到账，请告知客户"),
        RefundFollowUpReason.FAILED: translate("FollowUp", "总部执行失败，请告知客户"),
        RefundFollowUpReason.HELD: translate("FollowUp", "总部超过 {days} 个工作日未执行").format(
            days=days
        ),
    }[item.reason]
    return translate(
        "FollowUp", "【{what}】{refund} {amount} · 投诉 {complaint}（{state}）"
    ).format(
        what=what,
        refund=refund.number,
        amount=format_yuan(refund.amount),
        complaint=item.complaint_number,
        state=term(item.complaint_state),
    )


class FollowUpPage(QWidget):
    """The 我的跟进 tab. Shift leaders and store managers see the hall's list, with 只看我的."""

    open_requested = Signal(str)  # complaint id
    scope_changed = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session: StaffSession | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("followUpTitle")
        self.title_label.setFont(style.bold_font(self.title_label.font(), 1.15))
        self.counts_label = QLabel()
        self.counts_label.setObjectName("followUpCounts")
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.mine_only_check = QCheckBox(translate("FollowUp", "只看我的(&M)"))
        self.mine_only_check.setObjectName("mineOnly")
        self.mine_only_check.setToolTip(
            translate("FollowUp", "只显示我是首问责任人或当前处理人的投诉")
        )
        self.mine_only_check.toggled.connect(self._scope_toggled)
        self.refresh_button = QPushButton(translate("FollowUp", "刷新"))
        self.refresh_button.setToolTip(
            translate("FollowUp", "每分钟自动刷新；保存、同步后也会刷新")
        )
        self.refresh_button.clicked.connect(self.refresh)
        bar.addWidget(self.title_label)
        bar.addSpacing(16)
        bar.addWidget(self.counts_label)
        bar.addStretch(1)
        bar.addWidget(self.mine_only_check)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)
        self.hint_label = QLabel(
            translate(
                "FollowUp",
                "红色：已超时；黄色：2 小时内到期。首问责任人在投诉办结前始终负责跟进（含已转派的）。"
                "回车或双击打开。",
            )
        )
        # issue 20: a media complaint head office has not received within 5 minutes
        self.media_label = QLabel()
        self.media_label.setObjectName("mediaUndelivered")
        self.media_label.setWordWrap(True)
        self.media_label.setStyleSheet(style.banner(error=True))
        self.media_label.hide()
        layout.addWidget(self.media_label)
        self.hint_label.setObjectName("followUpHint")
        self.hint_label.setStyleSheet(style.MUTED_TEXT)
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)
        # issue 16: refunds that ask something of me — head office credited or failed one (tell
        # the customer, even on a closed complaint), or has held one too long without executing it
        self.refund_list = QListWidget()
        self.refund_list.setObjectName("refundFollowUps")
        self.refund_list.setMaximumHeight(96)
        self.refund_list.itemActivated.connect(
            lambda item: self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.refund_list.hide()
        layout.addWidget(self.refund_list)
        self.model = FollowUpTableModel()
        self.table = QTableView()
        self.table.setObjectName("followUpTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(UrgencyDelegate(self.table))
        read_only(self.table)
        self.table.setAlternatingRowColors(False)  # the row colours carry the urgency
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(translate("FollowUp", "没有需要跟进的投诉。"))
        self.empty_label.setObjectName("followUpEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet(style.MUTED_TEXT + " padding: 24px;")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        self.updated_label = QLabel()
        self.updated_label.setObjectName("followUpUpdated")
        self.updated_label.setStyleSheet(style.MUTED_TEXT)
        # 导出…: every complaint of this list (mine or the hall's), not only those shown.
        self.export_controls = ExportControls(
            ctx, translate("FollowUp", "我的跟进"),
            lambda path, full: partial(  # the list as it is now, run in the background
                followup_export, self.ctx, self._signed_in(), self.scope(), path, full_values=full,
            ),
        )  # fmt: skip
        bottom = QHBoxLayout()
        bottom.addWidget(self.updated_label, 1)
        bottom.addWidget(self.export_controls, 1)
        layout.addLayout(bottom)

    def show_media_warning(self, text: str) -> None:
        """Issue 20: shown until head office has the media complaints."""
        self.media_label.setText(text)
        self.media_label.setVisible(bool(text))

    # ------------------------------------------------------------ scope
    def set_session(self, session: StaffSession | None) -> None:
        self.session = session
        self.export_controls.set_session(session)
        hall = session is not None and followup.default_scope(session) is Scope.HALL
        self.mine_only_check.blockSignals(True)
        self.mine_only_check.setChecked(False)
        self.mine_only_check.blockSignals(False)
        self.mine_only_check.setVisible(hall)
        self.refresh()

    def _signed_in(self) -> StaffSession:
        assert self.session is not None
        return self.session

    def scope(self) -> Scope:
        if self.session is None:
            return Scope.MINE
        if self.mine_only_check.isChecked():
            return Scope.MINE
        return followup.default_scope(self.session)

    def _scope_toggled(self, _checked: bool) -> None:
        self.refresh()
        self.scope_changed.emit()

    # ---------------------------------------------------------- refresh
    def refresh(self) -> None:
        now = self.ctx.clock.now()
        if self.session is None:
            self.model.set_rows([], now)
            self.title_label.clear()
            self.counts_label.clear()
            self.updated_label.clear()
            return
        scope = self.scope()
        self.title_label.setText(
            translate("FollowUp", "全厅未办结投诉")
            if scope is Scope.HALL
            else translate("FollowUp", "我的跟进")
        )
        try:
            rows = followup.follow_ups(self.ctx, self.session, scope)
            counts = followup.follow_up_counts(self.ctx, self.session, scope)
        except DomainError as error:
            self.model.set_rows([], now)
            self.counts_label.setText(error_text(error))
            return
        self._show_refunds()
        current = self._current_id()
        self.model.set_rows(rows, now)
        self._reselect(current)
        self.counts_label.setText(counts_html(counts, scope))
        self.empty_label.setVisible(not rows)
        shown = (
            translate("FollowUp", "（显示最近到期的 {n} 条）").format(n=len(rows))
            if counts.open > len(rows)
            else ""
        )
        self.updated_label.setText(
            translate("FollowUp", "更新于 {when}，每分钟自动刷新").format(when=format_local(now))
            + shown
        )

    def _show_refunds(self) -> None:
        self.refund_list.clear()
        if self.session is None:
            self.refund_list.hide()
            return
        items = refund_loop.refund_follow_ups(self.ctx, self.session)
        for item in items:
            row = QListWidgetItem(
                refund_follow_up_text(item, self.ctx.policy.execution_wait_working_days)
            )
            row.setData(Qt.ItemDataRole.UserRole, item.refund.complaint_id)
            colour = (
                style.ERROR_STRONG if item.reason is not RefundFollowUpReason.EXECUTED else style.OK
            )
            row.setForeground(QColor(colour))
            self.refund_list.addItem(row)
        self.refund_list.setVisible(bool(items))

    def refresh_if_visible(self) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _current_id(self) -> str | None:
        index = self.table.currentIndex()
        if index.isValid() and index.row() < self.model.rowCount():
            return self.model.row_at(index.row()).complaint.id
        return None

    def _reselect(self, complaint_id: str | None) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).complaint.id == complaint_id:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return

    def _open(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_requested.emit(self.model.row_at(row).complaint.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter opens the current row even where the style does not map it to "activated".
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open(self.table.currentIndex().row())
            return True
        return super().eventFilter(watched, event)


class FollowUpMonitor(QObject):
    """Counts for the main window and "about to be overdue" notices, every minute and shortly
    after an action (:meth:`poke`, coalesced). A complaint is announced once per person."""

    counts_changed = Signal(object, object)  # FollowUpCounts, Scope
    becoming_overdue = Signal(list)  # [FollowUp] newly within NOTICE_MINUTES of their deadline
    media_undelivered = Signal(str)  # issue 20: the warning ("" when head office has them all)

    def __init__(self, ctx: DeskContext, scope_of: object, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._scope_of = scope_of  # () -> Scope: what the follow-up page shows
        self.session: StaffSession | None = None
        self._announced: set[tuple[str, str]] = set()  # (staff no, complaint id)
        self.timer = QTimer(self)
        self.timer.setInterval(MINUTE_MS)
        self.timer.timeout.connect(self.check)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(300)
        self._soon.timeout.connect(self.check)

    def set_session(self, session: StaffSession | None) -> None:
        self.session = session
        if session is None:
            self.timer.stop()
            self._soon.stop()
            return
        self.timer.start()
        self.poke()

    def poke(self) -> None:
        """Check again shortly (after a save, a step, a sync round): several pokes, one check."""
        if self.session is not None:
            self._soon.start()

    def check(self) -> None:
        session = self.session
        if session is None:
            return
        scope = self._scope_of()  # type: ignore[operator]
        try:
            counts = followup.follow_up_counts(self.ctx, session, scope)
            soon = followup.becoming_overdue(self.ctx, session, within_minutes=NOTICE_MINUTES)
            undelivered = followup.undelivered_media_complaints(self.ctx, session)
        except DomainError as error:
            log.warning("follow-up check failed: %s", error.code)
            return
        self.media_undelivered.emit(media_warning_text(undelivered))
        self.counts_changed.emit(counts, scope)
        fresh = [f for f in soon if (session.staff_no, f.complaint.id) not in self._announced]
        if fresh:
            self._announced.update((session.staff_no, f.complaint.id) for f in fresh)
            self.becoming_overdue.emit(fresh)


def media_warning_text(items: list[followup.UndeliveredMedia]) -> str:
    """Issue 20: 媒体投诉未送达总部，请电话报告 and which ones ("" when none)."""
    if not items:
        return ""
    return translate("FollowUp", "⚠ 媒体投诉未送达总部，请电话报告：{numbers}").format(
        numbers="、".join(i.number for i in items)
    )


def overdue_notice_text(items: list[FollowUp]) -> str:
    lines = [
        translate("FollowUp", "{number}（{customer}）将于 {due} 超时").format(
            number=f.complaint.number,
            customer=f.complaint.customer_name,
            due=format_local(f.complaint.reply_due),
        )
        for f in items[:5]
    ]
    if len(items) > 5:
        lines.append(translate("FollowUp", "……另有 {n} 条").format(n=len(items) - 5))
    return "\n".join(lines)


class OverdueNotice(QFrame):
    """A small non-modal notice over the window's bottom-right corner (a child widget, not a window
    of its own): it never takes the keyboard from the clerk typing at the counter."""

    show_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overdueNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(style.notice_frame("overdueNotice"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        title = QLabel(translate("FollowUp", "⚠ 即将超时"))
        title.setFont(style.bold_font(title.font()))
        title.setStyleSheet(style.colour(style.WARNING_DARK))
        self.text_label = QLabel()
        self.text_label.setObjectName("overdueNoticeText")
        buttons = QHBoxLayout()
        self.show_button = QPushButton(translate("FollowUp", "查看我的跟进"))
        self.close_button = QPushButton(translate("FollowUp", "知道了"))
        for button in (self.show_button, self.close_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.show_button.clicked.connect(self._show_list)
        self.close_button.clicked.connect(self.hide)
        buttons.addStretch(1)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.close_button)
        layout.addWidget(title)
        layout.addWidget(self.text_label)
        layout.addLayout(buttons)
        self.hide()
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(5 * MINUTE_MS)
        self._hide_timer.timeout.connect(self.hide)

    def announce(self, text: str) -> None:
        self.text_label.setText(text)
        self.adjustSize()
        self.place()
        self.show()
        self.raise_()
        self._hide_timer.start()

    def place(self, bottom_margin: int = 36) -> None:
        """Bottom-right of the owner, above its status bar."""
        owner = self.parentWidget()
        if owner is not None:
            self.move(
                owner.width() - self.width() - 16, owner.height() - self.height() - bottom_margin
            )

    def _show_list(self) -> None:
        self.hide()
        self.show_requested.emit()
