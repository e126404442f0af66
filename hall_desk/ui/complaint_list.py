"""The complaint list: search by number, phone, name or Chinese words of the description (two
characters too), with filters, a sortable table (sorted by the query, not in memory), pages of 50
with the total, masked numbers. Enter searches at once; PageDown / PageUp turn the page. 导出… writes
every complaint of the search to .xlsx / .csv (:mod:`hall_desk.ui.exports`)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local
from hall_desk.domain.errors import DomainError
from hall_desk.domain.staff import Permission, may
from hall_desk.services import exports, search
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.search import PAGE_SIZE, ComplaintSearch
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.exports import ExportControls
from hall_desk.ui.search_filters import SearchFilters
from hall_desk.ui.tablemodels import ComplaintTableModel, UrgencyDelegate
from hall_desk.ui.widgets import read_only

_PAGE_KEYS = (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)


class ComplaintListPage(QWidget):
    open_requested = Signal(str)  # complaint id

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session: StaffSession | None = None
        self.page = 0
        self.total = 0
        self.sort = "accepted_at"
        self.descending = True
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(
            self.tr("投诉编号、号码（全部或部分数字）、客户姓名或问题描述中的词，如“话费”“信号”")
        )
        self.search_edit.setClearButtonEnabled(True)
        find_label = QLabel(self.tr("查找(&F)"))
        find_label.setBuddy(self.search_edit)
        bar.addWidget(find_label)
        bar.addWidget(self.search_edit, 1)
        self.open_only_check = QCheckBox(self.tr("只看未办结(&O)"))
        self.open_only_check.setObjectName("openOnly")
        bar.addWidget(self.open_only_check)
        self.scope_label = QLabel()
        self.scope_label.setObjectName("scopeLabel")
        bar.addWidget(self.scope_label)
        layout.addLayout(bar)
        self.filters = SearchFilters(ctx)
        layout.addWidget(self.filters)
        # The hall view holds other desks' records only as of the last exchange with head office.
        self.freshness_label = QLabel()
        self.freshness_label.setObjectName("freshnessLabel")
        self.freshness_label.setWordWrap(True)
        layout.addWidget(self.freshness_label)
        self.model = ComplaintTableModel()
        self.table = QTableView()
        self.table.setObjectName("complaintTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(UrgencyDelegate(self.table))
        read_only(self.table)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Sorting is the query's (SORTABLE): the header only shows and asks for it.
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self.model.column_of(self.sort), Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort_requested)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        layout.addWidget(self.table, 1)
        pager = QHBoxLayout()
        self.message_label = QLabel()
        self.message_label.setObjectName("searchMessage")
        self.message_label.setStyleSheet(style.ERROR_TEXT)
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.prev_button = QPushButton(self.tr("上一页 (PgUp)"))
        self.next_button = QPushButton(self.tr("下一页 (PgDn)"))
        for button in (self.prev_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys do it; Tab stays short
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        # 导出…: every complaint of the search as filtered here, not only this page.
        self.export_controls = ExportControls(
            ctx, self.tr("投诉清单"),
            lambda path, full: partial(  # the search as it is now, run in the background
                exports.export_search, self.ctx, self._signed_in(), self.current_search(), path,
                full_values=full,
            ),
        )  # fmt: skip
        pager.addWidget(self.message_label, 1)
        pager.addWidget(self.export_controls, 2)
        pager.addSpacing(12)
        pager.addWidget(self.page_label)
        pager.addWidget(self.prev_button)
        pager.addWidget(self.next_button)
        layout.addLayout(pager)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _: self._debounce.start())
        self.search_edit.returnPressed.connect(self.search)
        self.open_only_check.toggled.connect(self._open_only_toggled)
        self.filters.changed.connect(self._filters_changed)
        self.search_edit.installEventFilter(self)
        self.table.installEventFilter(self)

    # ------------------------------------------------------------ session
    def set_session(self, session: StaffSession | None) -> None:
        self.session = session
        self.export_controls.set_session(session)
        self._debounce.stop()
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.filters.blockSignals(True)
        self.filters.clear()
        if session is not None:
            self.filters.load_classes()
            self.filters.set_mine_available(may(session.role, Permission.SEE_HALL_COMPLAINTS))
        self.filters.blockSignals(False)
        self._sync_open_only()
        self.page = 0
        self.refresh()

    def _signed_in(self) -> StaffSession:
        assert self.session is not None
        return self.session

    def current_search(self) -> ComplaintSearch:
        base = ComplaintSearch(
            text=self.search_edit.text().strip(), sort=self.sort, descending=self.descending
        )
        return self.filters.apply_to(base)

    def show_search(self, query: ComplaintSearch) -> None:
        """List the complaints of ``query`` (a dashboard figure's): its filters in the filter row,
        the search box emptied, first page."""
        self._debounce.stop()
        self.search_edit.blockSignals(True)
        self.search_edit.setText(query.text)
        self.search_edit.blockSignals(False)
        self.filters.blockSignals(True)
        self.filters.show_search(query)
        self.filters.blockSignals(False)
        self._sync_open_only()
        self.search()

    # ------------------------------------------------------------- search
    def search(self) -> None:
        """A new question: back to the first page."""
        self._debounce.stop()
        self.page = 0
        self.refresh()

    def refresh(self) -> None:
        """The current page again (after a save, a step, a sync round)."""
        now = self.ctx.clock.now()
        if self.session is None:
            self.model.set_rows([], now)
            self.page_label.clear()
            self.message_label.clear()
            return
        query = self.current_search()
        try:
            self.total = search.count_search_results(self.ctx, self.session, query)
            self.page = min(self.page, max(self._pages() - 1, 0))
            rows = search.search_complaints(self.ctx, self.session, query, page=self.page)
        except DomainError as error:
            self.model.set_rows([], now)
            self.total = 0
            self.message_label.setText(error_text(error))
            self._show_pager()
            return
        self.message_label.clear()
        self.model.set_rows(rows, now)
        self._show_pager()
        hall_wide = may(self.session.role, Permission.SEE_HALL_COMPLAINTS)
        if self.filters.mine_check.isChecked() or not hall_wide:
            scope = self.tr("范围：我受理的和转给我的")
        else:
            scope = self.tr("范围：全厅")
        self.scope_label.setText(scope)
        self.show_freshness(hall_wide)

    def _pages(self) -> int:
        return max((self.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)

    def _show_pager(self) -> None:
        pages = self._pages()
        self.page_label.setText(
            self.tr("共 {total} 条，第 {page}/{pages} 页").format(
                total=self.total,
                page=self.page + 1 if self.total else 0,
                pages=pages if self.total else 0,
            )
        )
        self.prev_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page + 1 < pages)

    def next_page(self) -> bool:
        if self.page + 1 >= self._pages():
            return False
        self.page += 1
        self.refresh()
        return True

    def previous_page(self) -> bool:
        if self.page == 0:
            return False
        self.page -= 1
        self.refresh()
        return True

    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        key = self.model.SORT_KEYS[column] if 0 <= column < len(self.model.SORT_KEYS) else None
        if key is None:  # not sortable: put the indicator back
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                self.model.column_of(self.sort),
                Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)
            return
        self.sort, self.descending = key, order == Qt.SortOrder.DescendingOrder
        self.search()

    def _filters_changed(self) -> None:
        self._sync_open_only()
        self.search()

    def _open_only_toggled(self, on: bool) -> None:
        self.filters.set_open_only(on)  # → filters.changed → search

    def _sync_open_only(self) -> None:
        self.open_only_check.blockSignals(True)
        self.open_only_check.setChecked(self.filters.open_only())
        self.open_only_check.blockSignals(False)

    # ---------------------------------------------------------- freshness
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
                text = self.tr(
                    "⚠ 已有一段时间未与总部同步，其他台席的记录可能不是最新（最后同步：{when}）"
                ).format(when=when)
        self.freshness_label.setStyleSheet(
            style.ATTENTION_TEXT if freshness.stale else style.MUTED_TEXT
        )
        self.freshness_label.setText(text)
        self.freshness_label.show()

    # ---------------------------------------------------------- keyboard
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search_edit:
            if key == Qt.Key.Key_PageDown:
                self.next_page()
                return True
            if key == Qt.Key.Key_PageUp:
                self.previous_page()
                return True
            if key == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                self.table.setCurrentIndex(self.model.index(0, 0))
                return True
        elif watched is self.table and key in _PAGE_KEYS:
            # Within the page the keys scroll as usual; at its end they turn the page.
            row = self.table.currentIndex().row()
            last = self.model.rowCount() - 1
            if key == Qt.Key.Key_PageDown and row >= last and self.next_page():
                self.table.setCurrentIndex(self.model.index(0, 0))
                return True
            if key == Qt.Key.Key_PageUp and row <= 0 and self.previous_page():
                self.table.setCurrentIndex(self.model.index(self.model.rowCount() - 1, 0))
                return True
        elif watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open(self.table.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def _open(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_requested.emit(self.model.row_at(row).id)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def showing_filtered(self) -> bool:
        return bool(self.search_edit.text().strip()) or self.filters.active()
