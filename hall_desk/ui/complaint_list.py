"""The complaint list: newest first, searchable by number, phone or name; masked numbers."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local
from hall_desk.domain.staff import Permission, may
from hall_desk.services import complaints
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.ui.tablemodels import ComplaintTableModel


class ComplaintListPage(QWidget):
    open_requested = Signal(str)  # complaint id

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session: StaffSession | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(self.tr("按投诉编号、号码或客户姓名查找"))
        self.search_edit.setClearButtonEnabled(True)
        self.scope_label = QLabel()
        bar.addWidget(QLabel(self.tr("查找(&F)")))
        bar.itemAt(0).widget().setBuddy(self.search_edit)  # type: ignore[union-attr]
        bar.addWidget(self.search_edit, 1)
        self.open_only_check = QCheckBox(self.tr("只看未办结(&O)"))
        self.open_only_check.setObjectName("openOnly")
        self.open_only_check.toggled.connect(lambda _: self.refresh())
        bar.addWidget(self.open_only_check)
        bar.addWidget(self.scope_label)
        layout.addLayout(bar)
        # The hall view holds other desks' records only as of the last exchange with head office.
        self.freshness_label = QLabel()
        self.freshness_label.setObjectName("freshnessLabel")
        self.freshness_label.setWordWrap(True)
        layout.addWidget(self.freshness_label)
        self.model = ComplaintTableModel()
        self.table = QTableView()
        self.table.setObjectName("complaintTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.activated.connect(lambda index: self._open(index.row()))
        layout.addWidget(self.table, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _: self._debounce.start())
        self.search_edit.returnPressed.connect(self.refresh)

    def set_session(self, session: StaffSession | None) -> None:
        self.session = session
        self.search_edit.clear()
        self.refresh()

    def refresh(self) -> None:
        if self.session is None:
            self.model.set_rows([], self.ctx.clock.now())
            return
        rows = complaints.list_complaints(
            self.session, self.search_edit.text(), open_only=self.open_only_check.isChecked()
        )
        self.model.set_rows(rows, self.ctx.clock.now())
        hall_wide = may(self.session.role, Permission.SEE_HALL_COMPLAINTS)
        scope = self.tr("全厅") if hall_wide else self.tr("我受理的")
        self.scope_label.setText(self.tr("{scope}：{count} 条").format(scope=scope, count=len(rows)))
        self.show_freshness(hall_wide)

    def show_freshness(self, hall_wide: bool) -> None:
        if not hall_wide:
            self.freshness_label.hide()
            return
        from hall_desk.services.sync import hall_view_freshness  # the uploader's imports: lazily

        freshness = hall_view_freshness(self.ctx)
        if freshness.last_heard is None:
            text = self.tr("尚未与总部同步：列表只含本台席受理的投诉。")
        else:
            when = format_local(freshness.last_heard)
            text = self.tr("其他台席的记录截至最后一次与总部同步：{when}").format(when=when)
            if freshness.stale:
                text = self.tr("⚠ 已有一段时间未与总部同步，其他台席的记录可能不是最新（最后同步：{when}）").format(
                    when=when
                )
        self.freshness_label.setStyleSheet(
            "color: #e65100;" if freshness.stale else "color: #616161;"
        )
        self.freshness_label.setText(text)
        self.freshness_label.show()

    def _open(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_requested.emit(self.model.row_at(row).id)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()
