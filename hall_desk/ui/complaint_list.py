"""The complaint list: newest first, searchable by number, phone or name; masked numbers."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

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
        bar.addWidget(self.scope_label)
        layout.addLayout(bar)
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
        rows = complaints.list_complaints(self.session, self.search_edit.text())
        self.model.set_rows(rows, self.ctx.clock.now())
        scope = self.tr("全厅") if may(self.session.role, Permission.SEE_HALL_COMPLAINTS) else self.tr("我受理的")
        self.scope_label.setText(self.tr("{scope}：{count} 条").format(scope=scope, count=len(rows)))

    def _open(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_requested.emit(self.model.row_at(row).id)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()
