"""The filter row of the complaint list: state, class, tier, 超时 / 重复 / 升级 / 批量 / 只看我的,
and a date range of acceptance. Holds no query: it only says which :class:`ComplaintSearch` the
form describes (:meth:`SearchFilters.apply_to`).

:meth:`SearchFilters.show_search` sets the form to a given search (the dashboard's "open the
complaints of this bar"); the conditions without a widget of their own (sub-class, channel, first
responder) are kept and shown beside the filters until 清除筛选."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import to_local
from hall_desk.domain.complaints import OPEN_STATES, ComplaintState
from hall_desk.domain.policy import Tier
from hall_desk.services.context import DeskContext
from hall_desk.services.search import ComplaintSearch
from hall_desk.ui import style
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.vocabulary import PinyinComboBox, labelled, listing, term

OPEN_STATE_VALUES = tuple(s.value for s in ComplaintState if s in OPEN_STATES)
# ComplaintSearch fields the row has no widget for, as the label beside the filters names them
# (and those whose combo cannot show the values asked for: several, or one it does not hold)
EXTRA_FIELDS = {
    "sub_classes": QT_TRANSLATE_NOOP("SearchFilters", "子类"), "channels": QT_TRANSLATE_NOOP("SearchFilters", "渠道"), "first_responders": QT_TRANSLATE_NOOP("SearchFilters", "首问工号"),
    "states": QT_TRANSLATE_NOOP("SearchFilters", "状态"), "main_classes": QT_TRANSLATE_NOOP("SearchFilters", "大类"), "tiers": QT_TRANSLATE_NOOP("SearchFilters", "品牌"),
}  # fmt: skip
_COMBO_FIELDS = ("states", "main_classes", "tiers")


translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("SearchFilters", text)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class SearchFilters(QWidget):
    changed = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Two rows (issue 19): in one, the filters made the main window wider than a 1024×768 screen.
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()
        flags = QHBoxLayout()
        rows.addLayout(layout)
        rows.addLayout(flags)

        def labelled(text: str, widget: QWidget) -> None:
            label = QLabel(text)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)

        self.state_combo = PinyinComboBox()  # issue 23: pinyin search
        self.state_combo.setObjectName("stateFilter")
        self.state_combo.addItem(translate("SearchFilters", "全部"), ())
        self.state_combo.addItem(translate("SearchFilters", "未办结"), OPEN_STATE_VALUES)
        for state in ComplaintState:
            self.state_combo.addItem(term(state), (state.value,))
        labelled(translate("SearchFilters", "状态(&A)"), self.state_combo)

        self.class_combo = PinyinComboBox()  # issue 23: pinyin search
        self.class_combo.setObjectName("classFilter")
        self.class_combo.addItem(translate("SearchFilters", "全部"), ())
        labelled(translate("SearchFilters", "大类(&L)"), self.class_combo)

        self.tier_combo = PinyinComboBox()  # issue 23: pinyin search
        self.tier_combo.setObjectName("tierFilter")
        self.tier_combo.addItem(translate("SearchFilters", "全部"), ())
        for tier in Tier:
            self.tier_combo.addItem(term(tier), (tier.value,))
        labelled(translate("SearchFilters", "品牌(&B)"), self.tier_combo)
        layout.addSpacing(8)

        self.overdue_check = QCheckBox(translate("SearchFilters", "超时"))
        self.overdue_check.setObjectName("overdueFilter")
        self.overdue_check.setToolTip(
            translate("SearchFilters", "未办结且已过答复时限，或答复晚于时限")
        )
        self.repeat_check = QCheckBox(translate("SearchFilters", "重复"))
        self.repeat_check.setObjectName("repeatFilter")
        self.escalated_check = QCheckBox(translate("SearchFilters", "升级"))
        self.escalated_check.setObjectName("escalatedFilter")
        self.incident_check = QCheckBox(translate("SearchFilters", "批量"))
        self.incident_check.setObjectName("incidentFilter")
        self.incident_check.setToolTip(translate("SearchFilters", "属于重大批量投诉事件"))
        self.mine_check = QCheckBox(translate("SearchFilters", "我的(&M)"))
        self.mine_check.setObjectName("mineFilter")
        self.mine_check.setToolTip(translate("SearchFilters", "我是首问责任人或当前处理人"))
        self.flag_checks = (
            self.overdue_check,
            self.repeat_check,
            self.escalated_check,
            self.incident_check,
            self.mine_check,
        )
        for check in self.flag_checks:
            flags.addWidget(check)

        self.date_check = QCheckBox(translate("SearchFilters", "受理日期(&D)"))
        self.date_check.setObjectName("dateFilter")
        self.from_edit = QDateEdit()
        self.from_edit.setObjectName("acceptedFrom")
        self.to_edit = QDateEdit()
        self.to_edit.setObjectName("acceptedTo")
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        layout.addWidget(self.date_check)
        layout.addWidget(self.from_edit)
        layout.addWidget(QLabel(translate("SearchFilters", "至")))
        layout.addWidget(self.to_edit)
        layout.addStretch(1)
        self.extra: dict[str, tuple[str, ...]] = {}
        self.extra_label = QLabel()
        self.extra_label.setObjectName("extraFilters")
        self.extra_label.setStyleSheet(style.colour(style.ACCENT))
        self.extra_label.hide()
        flags.addWidget(self.extra_label)
        flags.addStretch(1)
        self.clear_button = QPushButton(translate("SearchFilters", "清除筛选"))
        self.clear_button.setObjectName("clearFilters")
        flags.addWidget(self.clear_button)

        for combo in (self.state_combo, self.class_combo, self.tier_combo):
            combo.currentIndexChanged.connect(lambda _: self.changed.emit())
        for check in self.flag_checks:
            check.toggled.connect(lambda _: self.changed.emit())
        self.date_check.toggled.connect(self._date_toggled)
        # The range can never be upside down: each end bounds the other.
        self.from_edit.dateChanged.connect(self._from_changed)
        self.to_edit.dateChanged.connect(self._to_changed)
        self.clear_button.clicked.connect(self.clear)
        self.reset_dates()

    # -------------------------------------------------------------- setup
    def load_classes(self) -> None:
        """The catalogue's classes (read from the store: after sign-in, not at construction)."""
        current = self.class_combo.currentData()
        self.class_combo.blockSignals(True)
        while self.class_combo.count() > 1:
            self.class_combo.removeItem(1)
        for main in self.ctx.catalogue.classes():
            self.class_combo.addItem(term(main), (main,))
        index = self.class_combo.findData(current)
        self.class_combo.setCurrentIndex(max(index, 0))
        self.class_combo.blockSignals(False)

    def set_mine_available(self, available: bool) -> None:
        """A clerk's search is already theirs alone: the box would change nothing."""
        self.mine_check.setVisible(available)
        if not available:
            self.mine_check.setChecked(False)

    def reset_dates(self) -> None:
        today = to_local(self.ctx.clock.now()).date()
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(True)
        self.from_edit.setMaximumDate(_qdate(today))
        self.to_edit.setMinimumDate(_qdate(today - timedelta(days=30)))
        self.from_edit.setDate(_qdate(today - timedelta(days=30)))
        self.to_edit.setDate(_qdate(today))
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(False)

    # ------------------------------------------------------------- change
    def clear(self) -> None:
        widgets: list[QWidget] = [
            self.state_combo,
            self.class_combo,
            self.tier_combo,
            *self.flag_checks,
            self.date_check,
        ]
        for widget in widgets:
            widget.blockSignals(True)
        for combo in (self.state_combo, self.class_combo, self.tier_combo):
            combo.setCurrentIndex(0)
        for check in (*self.flag_checks, self.date_check):
            check.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.from_edit.setEnabled(False)
        self.to_edit.setEnabled(False)
        self._set_extra({})
        self.reset_dates()
        self.changed.emit()

    def show_search(self, search: ComplaintSearch) -> None:
        """The form set to ``search``'s filters (its text and sort are the list's), then one
        ``changed``. What no widget can show is kept beside the filters (:data:`EXTRA_FIELDS`)."""
        widgets: list[QWidget] = [
            self.state_combo, self.class_combo, self.tier_combo, *self.flag_checks,
            self.date_check, self.from_edit, self.to_edit,
        ]  # fmt: skip
        extra = {name: tuple(getattr(search, name)) for name in EXTRA_FIELDS}
        for widget in widgets:
            widget.blockSignals(True)
        try:
            for combo, name in zip(
                (self.state_combo, self.class_combo, self.tier_combo), _COMBO_FIELDS, strict=True
            ):
                wanted = extra[name]
                found = [
                    i for i in range(combo.count()) if tuple(combo.itemData(i) or ()) == wanted
                ]
                combo.setCurrentIndex(found[0] if found else 0)
                if found:
                    del extra[name]
            for check, flag in (
                (self.overdue_check, search.overdue), (self.repeat_check, search.repeat),
                (self.escalated_check, search.escalated), (self.incident_check, search.in_incident),
            ):  # fmt: skip
                check.setChecked(bool(flag))
            self.mine_check.setChecked(search.mine)
            dated = search.accepted_from is not None or search.accepted_to is not None
            self.date_check.setChecked(dated)
            self.from_edit.setEnabled(dated)
            self.to_edit.setEnabled(dated)
            if dated:
                first = search.accepted_from or search.accepted_to
                last = search.accepted_to or search.accepted_from
                assert first is not None and last is not None
                self.from_edit.setMaximumDate(_qdate(max(first, last)))
                self.to_edit.setMinimumDate(_qdate(first))
                self.from_edit.setDate(_qdate(first))
                self.to_edit.setDate(_qdate(last))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._set_extra(extra)
        self.changed.emit()

    def _set_extra(self, extra: dict[str, tuple[str, ...]]) -> None:
        self.extra = {name: values for name, values in extra.items() if values}
        parts = [
            labelled(_t(EXTRA_FIELDS[name]), listing(map(term, values)))
            for name, values in self.extra.items()
        ]
        self.extra_label.setText(
            "+ " + translate("SearchFilters", "；").join(parts) if parts else ""
        )
        self.extra_label.setToolTip(
            translate("SearchFilters", "来自统计看板的条件；“清除筛选”去掉")
        )
        self.extra_label.setVisible(bool(parts))

    def _date_toggled(self, on: bool) -> None:
        self.from_edit.setEnabled(on)
        self.to_edit.setEnabled(on)
        self.changed.emit()

    def _from_changed(self, day: QDate) -> None:
        self.to_edit.setMinimumDate(day)
        if self.date_check.isChecked():
            self.changed.emit()

    def _to_changed(self, day: QDate) -> None:
        self.from_edit.setMaximumDate(day)
        if self.date_check.isChecked():
            self.changed.emit()

    def set_open_only(self, on: bool) -> None:
        """只看未办结 is the state filter's 未办结 (without a second signal)."""
        target = 1 if on else (0 if self.state_combo.currentIndex() == 1 else None)
        if target is not None and target != self.state_combo.currentIndex():
            self.state_combo.setCurrentIndex(target)

    def open_only(self) -> bool:
        return self.state_combo.currentIndex() == 1

    # -------------------------------------------------------------- query
    def apply_to(self, search: ComplaintSearch) -> ComplaintSearch:
        def flag(check: QCheckBox) -> bool | None:
            return True if check.isChecked() else None

        dated = self.date_check.isChecked()
        # tuple-valued fields named in EXTRA_FIELDS: mypy cannot match a dict's keys to parameters
        extra: dict[str, Any] = dict(self.extra)
        return replace(
            search,
            states=tuple(self.state_combo.currentData() or ()),
            main_classes=tuple(self.class_combo.currentData() or ()),
            tiers=tuple(self.tier_combo.currentData() or ()),
            overdue=flag(self.overdue_check),
            repeat=flag(self.repeat_check),
            escalated=flag(self.escalated_check),
            in_incident=flag(self.incident_check),
            mine=self.mine_check.isChecked(),
            accepted_from=_pydate(self.from_edit.date()) if dated else None,
            accepted_to=_pydate(self.to_edit.date()) if dated else None,
            **extra,
        )

    def active(self) -> bool:
        return (
            any(c.currentIndex() > 0 for c in (self.state_combo, self.class_combo, self.tier_combo))
            or any(c.isChecked() for c in self.flag_checks)
            or self.date_check.isChecked()
            or bool(self.extra)
        )
