"""Item models for tables. Phone numbers are masked here: the screen never shows a full number.

Deadline colours: overdue red, due within 2 hours amber (:func:`hall_desk.domain.deadlines.urgency_of`),
only while the complaint is still open.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from hall_desk.domain.clock import format_local
from hall_desk.domain.complaints import OPEN_STATES
from hall_desk.domain.deadlines import Urgency, urgency_of
from hall_desk.domain.identity import mask_phone
from hall_desk.services.complaints import ComplaintSummary
from hall_desk.services.followup import FollowUp
from hall_desk.ui import style
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.vocabulary import listing, term, with_number

Index = QModelIndex | QPersistentModelIndex

OVERDUE_TEXT = style.qcolor(style.ERROR)
OVERDUE_BACKGROUND = style.qcolor(style.ERROR_BACKGROUND)
DUE_SOON_TEXT = style.qcolor(style.WARNING_DARK)
DUE_SOON_BACKGROUND = style.qcolor(style.WARNING_BACKGROUND)


translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("Tables", text)


def urgency_colours(urgency: Urgency | None) -> tuple[QColor, QColor] | None:
    """(text, background) for an open complaint's urgency; None when nothing is near."""
    if urgency is Urgency.OVERDUE:
        return OVERDUE_TEXT, OVERDUE_BACKGROUND
    if urgency is Urgency.DUE_SOON:
        return DUE_SOON_TEXT, DUE_SOON_BACKGROUND
    return None


def deadline_text(item: ComplaintSummary) -> str:
    """The reply deadline, with 估 when a working day counted lies beyond the calendar's data."""
    text = format_local(item.reply_due)
    # ComplaintSummary does not carry Deadlines.estimated yet (see the issue-5 report): shown once it does.
    if item.deadline_estimated:
        text += translate("Tables", "（估）")
    elif item.deadline_corrected:  # issue 20: the 估 estimate was replaced
        text += translate("Tables", "（已更正）")
    return text


def remaining_text(reply_due: datetime, now: datetime) -> str:
    """ "超时 3小时20分" / "还剩 1小时5分" / "还剩 2天3小时"."""
    late = now > reply_due
    span = (now - reply_due) if late else (reply_due - now)
    minutes = int(span / timedelta(minutes=1))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        amount = translate("Tables", "{d}天{h}小时").format(d=days, h=hours)
    elif hours:
        amount = translate("Tables", "{h}小时{m}分").format(h=hours, m=mins)
    else:
        amount = translate("Tables", "{m}分钟").format(m=mins)
    return (
        translate("Tables", "超时 {amount}") if late else translate("Tables", "还剩 {amount}")
    ).format(amount=amount)


def flags_text(item: ComplaintSummary) -> str:
    flags = [
        text
        for text, on in (
            (translate("Tables", "重复"), item.repeat),
            (translate("Tables", "升级"), item.escalated),
            (translate("Tables", "重要"), item.important),
            (translate("Tables", "批量"), item.incident_id is not None),
            (translate("Tables", "不满意"), item.dissatisfied),
            (translate("Tables", "媒体"), item.media),  # issue 20
            (translate("Tables", "补录"), bool(item.late_reply)),  # issue 20
            (translate("Tables", "总部退回"), bool(item.hq_returned_note)),  # issue 17
        )
        if on
    ]
    return listing(flags)


def state_text(item: ComplaintSummary) -> str:
    """The state, and head office's note when it handed the complaint back (issue 17)."""
    if not item.hq_returned_note:
        return term(item.state)
    return translate("Tables", "{state}（总部退回：{note}）").format(
        state=term(item.state), note=item.hq_returned_note[:80]
    )


def handler_text(item: ComplaintSummary) -> str:
    if not item.handler_name:
        return ""
    if item.handler_no:
        return with_number(item.handler_name, item.handler_no)
    return item.handler_name


class RowsModel(QAbstractTableModel):
    """A read-only table of rows under fixed ``HEADERS``, shown as of ``now``."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Any] = []
        self._now: datetime | None = None

    def set_rows(self, rows: list[Any], now: datetime) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def header_text(self, section: int, orientation: Qt.Orientation) -> str | None:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        return _t(self.HEADERS[section])


class ComplaintTableModel(RowsModel):
    """The complaint list / search results. Column → the search's sort key (None: not sortable)."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Tables", "投诉编号"),
        QT_TRANSLATE_NOOP("Tables", "受理时间"),
        QT_TRANSLATE_NOOP("Tables", "客户号码"),
        QT_TRANSLATE_NOOP("Tables", "客户"),
        QT_TRANSLATE_NOOP("Tables", "品牌"),
        QT_TRANSLATE_NOOP("Tables", "分类"),
        QT_TRANSLATE_NOOP("Tables", "状态"),
        QT_TRANSLATE_NOOP("Tables", "答复时限"),
        QT_TRANSLATE_NOOP("Tables", "首问责任人"),
        QT_TRANSLATE_NOOP("Tables", "当前处理人"),
        QT_TRANSLATE_NOOP("Tables", "标记"),
    )
    SORT_KEYS: tuple[str | None, ...] = (
        "number",
        "accepted_at",
        "phone",
        "customer_name",
        "tier",
        "main_class",
        "state",
        "reply_due",
        "first_responder_name",
        "handler_name",
        None,
    )
    DEADLINE_COLUMN = 7

    def row_at(self, row: int) -> ComplaintSummary:
        return self._rows[row]

    def column_of(self, sort_key: str) -> int:
        return self.SORT_KEYS.index(sort_key) if sort_key in self.SORT_KEYS else -1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        text = self.header_text(section, orientation)
        if text is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.InitialSortOrderRole:  # the first click on a column
            newest_first = self.SORT_KEYS[section] == "accepted_at"
            return Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.SORT_KEYS[section] is None:
                return translate("Tables", "此列不能排序")
            return translate("Tables", "点击按此列排序，再点一次反向")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if column == self.DEADLINE_COLUMN and role in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
            colours = urgency_colours(self.urgency(item))
            if colours is not None:
                return colours[0] if role == Qt.ItemDataRole.ForegroundRole else colours[1]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 5:
                return item.description[:200]
            if (
                column == self.DEADLINE_COLUMN
                and self._now is not None
                and item.state in OPEN_STATES
            ):
                return remaining_text(item.reply_due, self._now)
        return None

    def urgency(self, item: ComplaintSummary) -> Urgency | None:
        """Only an open complaint is red or amber: an answered one has met or missed its deadline."""
        if self._now is None or item.state not in OPEN_STATES:
            return None
        return urgency_of(item.reply_due, self._now)

    def _text(self, item: ComplaintSummary, column: int) -> str:
        values = (
            item.number,
            format_local(item.accepted_at),
            mask_phone(item.phone),
            item.customer_name,
            term(item.tier),
            f"{term(item.main_class)}/{term(item.sub_class)}",
            term(item.state),
            deadline_text(item),
            with_number(item.first_responder_name, item.first_responder_no),
            handler_text(item),
            flags_text(item),
        )
        return values[column]


class FollowUpTableModel(RowsModel):
    """我的跟进: nearest deadline first; the whole row red when overdue, amber when due within 2 h."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Tables", "答复时限"),
        QT_TRANSLATE_NOOP("Tables", "剩余时间"),
        QT_TRANSLATE_NOOP("Tables", "投诉编号"),
        QT_TRANSLATE_NOOP("Tables", "客户号码"),
        QT_TRANSLATE_NOOP("Tables", "客户"),
        QT_TRANSLATE_NOOP("Tables", "分类"),
        QT_TRANSLATE_NOOP("Tables", "状态"),
        QT_TRANSLATE_NOOP("Tables", "我是"),
        QT_TRANSLATE_NOOP("Tables", "首问责任人"),
        QT_TRANSLATE_NOOP("Tables", "当前处理人"),
        QT_TRANSLATE_NOOP("Tables", "标记"),
    )
    MINE_AS: ClassVar[dict[str, str]] = {
        "first_responder": QT_TRANSLATE_NOOP("Tables", "首问"),
        "handler": QT_TRANSLATE_NOOP("Tables", "当前处理人"),
    }

    def row_at(self, row: int) -> FollowUp:
        return self._rows[row]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return (
            self.header_text(section, orientation) if role == Qt.ItemDataRole.DisplayRole else None
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        follow_up = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(follow_up, column)
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            colours = urgency_colours(follow_up.urgency)
            if colours is not None:
                return colours[0] if role == Qt.ItemDataRole.ForegroundRole else colours[1]
        if (
            role == Qt.ItemDataRole.FontRole
            and column in (0, 1)
            and follow_up.urgency is Urgency.OVERDUE
        ):
            return style.bold_font(QFont())
        if role == Qt.ItemDataRole.ToolTipRole:
            item = follow_up.complaint
            if column == 5:
                return item.description[:200]
            if column == 0 and item.promised_at is not None:
                return translate("Tables", "已向客户承诺：{when}（时限不变）").format(
                    when=format_local(item.promised_at)
                )
        return None

    def _text(self, follow_up: FollowUp, column: int) -> str:
        item = follow_up.complaint
        values = (
            deadline_text(item),
            remaining_text(item.reply_due, self._now) if self._now is not None else "",
            item.number,
            mask_phone(item.phone),
            item.customer_name,
            f"{term(item.main_class)}/{term(item.sub_class)}",
            state_text(item),
            _t(self.MINE_AS[follow_up.mine_as]) if follow_up.mine_as in self.MINE_AS else "—",
            with_number(item.first_responder_name, item.first_responder_no),
            handler_text(item),
            flags_text(item),
        )
        return values[column]


class UrgencyDelegate(QStyledItemDelegate):
    """A selected red or amber cell stays red or amber (a deeper shade), so the row under the cursor
    still says it is overdue."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if isinstance(background, QColor) and option.state & QStyle.StateFlag.State_Selected:
            foreground = index.data(Qt.ItemDataRole.ForegroundRole)
            deeper = background.darker(125)
            palette = option.palette
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                palette.setBrush(group, QPalette.ColorRole.Highlight, QBrush(deeper))
                if isinstance(foreground, QColor):
                    palette.setColor(group, QPalette.ColorRole.HighlightedText, foreground)
            option.palette = palette
