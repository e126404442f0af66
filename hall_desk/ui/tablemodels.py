"""Item models for tables. Phone numbers are masked here: the screen never shows a full number."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from hall_desk.domain.clock import format_local
from hall_desk.domain.identity import mask_phone
from hall_desk.services.complaints import ComplaintSummary

Index = QModelIndex | QPersistentModelIndex


class ComplaintTableModel(QAbstractTableModel):
    HEADERS = ("投诉编号", "受理时间", "客户号码", "客户", "品牌", "分类", "状态", "答复时限", "首问责任人", "标记")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ComplaintSummary] = []
        self._now: datetime | None = None

    def set_rows(self, rows: list[ComplaintSummary], now: datetime) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now
        self.endResetModel()

    def row_at(self, row: int) -> ComplaintSummary:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == 7 and self._overdue(item):
            return QColor("#c62828")
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return item.description[:200]
        return None

    def _overdue(self, item: ComplaintSummary) -> bool:
        return self._now is not None and item.state == "已受理" and item.reply_due < self._now

    def _text(self, item: ComplaintSummary, column: int) -> str:
        flags = [
            text for text, on in (("重复", item.repeat), ("升级", item.escalated), ("重要", item.important))
            if on
        ]
        values = (
            item.number,
            format_local(item.accepted_at),
            mask_phone(item.phone),
            item.customer_name,
            item.tier,
            f"{item.main_class}/{item.sub_class}",
            item.state,
            format_local(item.reply_due),
            f"{item.first_responder_name}（{item.first_responder_no}）",
            "、".join(flags),
        )
        return values[column]
