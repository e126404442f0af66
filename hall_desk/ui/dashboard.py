"""统计看板: the store manager's and shift leader's view of the hall (issue 8).

A window beside the main one: the period (今天 / 本周 / 本月 / 自定义 with two dates), the key
figures as tiles (a click lists their complaints), charts (complaints by class; the trend by day;
回复及时率 by class against the 95 % target; by sub-class, tier, channel and first responder), each
with a 数字 toggle showing its table, and the hot spots with their rule in one sentence. A click on
a bar, a day, a tile or a hot spot asks the main window to list exactly those complaints
(:attr:`DashboardWindow.complaints_requested` with a :class:`ComplaintSearch`).

"打印交班报表" prints today's handover report, "打印本期报表" the report of the period shown,
through the print preview.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local, to_local
from hall_desk.domain.errors import DomainError
from hall_desk.domain.reporting import (
    DEFAULT_HOT_SPOT_RULE,
    HotSpotRule,
    Period,
    PeriodKind,
    Timeliness,
    date_range,
    format_rate,
    period_of,
)
from hall_desk.services import dashboard, reports
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.dashboard import Bar, DashboardFigures, HotSpotReport
from hall_desk.services.search import ComplaintSearch
from hall_desk.ui import style
from hall_desk.ui.charts import BarChart, ChartItem, ChartPanel, LineChart
from hall_desk.ui.errors import error_text
from hall_desk.ui.feedback import busy_in_background
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.vocabulary import labelled, term, with_number

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("DashboardWindow", text)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


PERIODS = (
    (PeriodKind.TODAY, QT_TRANSLATE_NOOP("DashboardWindow", "今天(&1)")),
    (PeriodKind.WEEK, QT_TRANSLATE_NOOP("DashboardWindow", "本周(&2)")),
    (PeriodKind.MONTH, QT_TRANSLATE_NOOP("DashboardWindow", "本月(&3)")),
    (PeriodKind.RANGE, QT_TRANSLATE_NOOP("DashboardWindow", "自定义(&4)")),
)
TALLY_HEADERS = (
    QT_TRANSLATE_NOOP("DashboardWindow", "受理"),
    QT_TRANSLATE_NOOP("DashboardWindow", "按时"),
    QT_TRANSLATE_NOOP("DashboardWindow", "超时"),
    QT_TRANSLATE_NOOP("DashboardWindow", "未到期"),
    QT_TRANSLATE_NOOP("DashboardWindow", "及时率"),
    QT_TRANSLATE_NOOP("DashboardWindow", "未办结"),
)


def _tally_row(label: str, bar: Bar) -> list[str]:
    t = bar.tally.timeliness
    return [label, str(bar.count), str(t.on_time), str(t.late), str(t.pending),
            format_rate(t.rate), str(bar.tally.open)]  # fmt: skip


def _term_label(bar: Bar) -> str:
    return term(bar.label)


WEEKDAYS = (
    QT_TRANSLATE_NOOP("DashboardWindow", "星期一"),
    QT_TRANSLATE_NOOP("DashboardWindow", "星期二"),
    QT_TRANSLATE_NOOP("DashboardWindow", "星期三"),
    QT_TRANSLATE_NOOP("DashboardWindow", "星期四"),
    QT_TRANSLATE_NOOP("DashboardWindow", "星期五"),
    QT_TRANSLATE_NOOP("DashboardWindow", "星期六"),
    QT_TRANSLATE_NOOP("DashboardWindow", "星期日"),
)


def period_text(period: Period) -> str:
    """The period on screen (the printed report names it in Chinese: services.reports)."""
    first = period.first_day
    if period.kind is PeriodKind.TODAY:
        return translate("DashboardWindow", "{day}（{weekday}）").format(
            day=first.isoformat(), weekday=_t(WEEKDAYS[first.weekday()])
        )
    if period.kind is PeriodKind.MONTH:
        return translate("DashboardWindow", "{year}年{month}月").format(
            year=first.year, month=first.month
        )
    return translate("DashboardWindow", "{first} 至 {last}").format(
        first=first.isoformat(), last=period.last_day.isoformat()
    )


def hot_spot_rule_text(rule: HotSpotRule) -> str:
    return translate(
        "DashboardWindow",
        "热点：本期件数至少 {min_count} 件，且达到近 {periods} 个同类时段同一区间平均数的 {ratio:g} 倍、"
        "并高于“平均 + {z:g}×√平均”（超出偶然波动）的类别。",
    ).format(min_count=rule.min_count, periods=rule.baseline_periods, ratio=rule.ratio, z=rule.z)


def _count_items(
    bars: list[Bar], label: Callable[[Bar], str] = lambda b: b.label
) -> list[ChartItem]:
    return [ChartItem(label(b), float(b.count), str(b.count)) for b in bars]


class Tile(QPushButton):
    """One key figure: a small caption, a big number and a detail; a click lists its complaints."""

    STYLE = (
        f"QPushButton {{{{ border: 1px solid {style.PANEL_BORDER}; border-radius: 4px;"
        f" background: {style.PANEL_BACKGROUND}; }}}}"
        f" QPushButton:hover {{{{ background: {style.ACCENT_BACKGROUND}; }}}}"
        f" QPushButton:disabled {{{{ background: {style.PANEL_BACKGROUND}; }}}}"
    )

    def __init__(self, caption: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setMinimumHeight(66)
        self.setStyleSheet(self.STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(0)
        self.caption_label = QLabel(caption)
        self.caption_label.setStyleSheet(style.MUTED_TEXT)
        self.value_label = QLabel()
        self.value_label.setFont(style.bold_font(self.value_label.font(), 1.6))
        self.detail_label = QLabel()
        self.detail_label.setStyleSheet(style.MUTED_TEXT)
        self.detail_label.setWordWrap(True)  # a long detail (English) wraps, not widens the window
        self.caption_label.setWordWrap(True)
        for label in (self.caption_label, self.value_label, self.detail_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setAccessibleName(caption)

    def show_value(self, value: str, detail: str = "", colour: str = style.TEXT) -> None:
        self.value_label.setText(value)
        self.value_label.setStyleSheet(f"color: {colour};")
        self.detail_label.setText(detail)
        self.setToolTip(labelled(self.caption_label.text(), f"{value} {detail}".strip()))

    def sizeHint(self) -> QSize:
        layout = self.layout()
        inner = layout.sizeHint() if layout is not None else QSize()
        return QSize(max(inner.width(), 110), max(inner.height(), 66))

    def minimumSizeHint(self) -> QSize:  # Qt API name
        """Narrower than its text when the window is (the labels wrap): a button would not be."""
        layout = self.layout()
        height = layout.minimumSize().height() if layout is not None else 0
        return QSize(110, max(height, 66))


TILES_PER_ROW = 5  # nine tiles in two rows: in one they did not fit 1024 px in English


class DashboardWindow(QDialog):
    complaints_requested = Signal(object)  # ComplaintSearch

    def __init__(
        self, ctx: DeskContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.figures: DashboardFigures | None = None
        self.spots: HotSpotReport | None = None
        self.setWindowTitle(translate("DashboardWindow", "统计看板"))
        self.setObjectName("dashboardWindow")
        self.setWindowFlag(Qt.WindowType.Window, True)
        fit_to_screen(self, 1240, 820)
        outer = QVBoxLayout(self)

        # --- period bar
        bar = QHBoxLayout()
        bar.addWidget(QLabel(translate("DashboardWindow", "统计期间：")))
        self.period_group = QButtonGroup(self)
        self.period_buttons: dict[PeriodKind, QRadioButton] = {}
        for kind, text in PERIODS:
            button = QRadioButton(_t(text))
            button.setObjectName(f"period_{kind.value}")
            self.period_group.addButton(button)
            self.period_buttons[kind] = button
            bar.addWidget(button)
        self.from_edit = QDateEdit()
        self.from_edit.setObjectName("rangeFrom")
        self.to_edit = QDateEdit()
        self.to_edit.setObjectName("rangeTo")
        today = to_local(ctx.clock.now()).date()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(_qdate(today))
            edit.setEnabled(False)
        self.from_edit.setDate(_qdate(today.replace(day=1)))
        bar.addWidget(self.from_edit)
        bar.addWidget(QLabel(translate("DashboardWindow", "至")))
        bar.addWidget(self.to_edit)
        bar.addStretch(1)
        # The period shown and the buttons on a second row (issue 19): in one row they made the
        # window wider than a 1024×768 screen, and the print buttons fell off its right edge.
        outer.addLayout(bar)
        bar = QHBoxLayout()
        self.period_label = QLabel()
        self.period_label.setObjectName("periodLabel")
        self.period_label.setStyleSheet(style.MUTED_TEXT)
        bar.addWidget(self.period_label)
        bar.addStretch(1)
        self.refresh_button = QPushButton(translate("DashboardWindow", "刷新 (F5)"))
        self.refresh_button.setShortcut("F5")
        self.print_day_button = QPushButton(translate("DashboardWindow", "打印交班报表"))
        self.print_day_button.setObjectName("printHandover")
        self.print_period_button = QPushButton(translate("DashboardWindow", "打印本期报表"))
        self.print_period_button.setObjectName("printPeriod")
        for action in (self.refresh_button, self.print_day_button, self.print_period_button):
            bar.addWidget(action)
        outer.addLayout(bar)
        self.message_label = QLabel()
        self.message_label.setObjectName("dashboardMessage")
        self.message_label.setStyleSheet(style.ERROR_TEXT)
        self.message_label.hide()
        outer.addWidget(self.message_label)

        # --- tiles
        tiles = QGridLayout()
        self.tiles: dict[str, Tile] = {}
        for n, (key, caption) in enumerate((
            ("total", translate("DashboardWindow", "受理投诉")), ("rate", translate("DashboardWindow", "回复及时率")), ("late", translate("DashboardWindow", "超时（本期）")),
            ("open", translate("DashboardWindow", "未办结（本期）")), ("repeat", translate("DashboardWindow", "重复投诉")), ("escalated", translate("DashboardWindow", "升级投诉")),
            ("incident", translate("DashboardWindow", "批量投诉")), ("satisfaction", translate("DashboardWindow", "回访满意度")), ("now", translate("DashboardWindow", "全厅当前")),
        )):  # fmt: skip
            tile = Tile(_t(caption), f"tile_{key}")
            self.tiles[key] = tile
            tiles.addWidget(tile, n // TILES_PER_ROW, n % TILES_PER_ROW)
        self.tiles["satisfaction"].setEnabled(False)  # no list of its own
        self.tiles["now"].setToolTip(
            translate(
                "DashboardWindow", "全厅未办结 / 已超时 / 2 小时内到期（此刻，与所选期间无关）"
            )
        )
        # Tiles and charts scroll when the screen is low (1366×768 at 125 %): every control stays
        # reachable by Tab, the scroll area follows the focus.
        body = QWidget()
        body.setObjectName("dashboardBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(tiles)
        # issue 16: refunds of the period by state, and the amount head office credited in it
        self.refunds_label = QLabel()
        self.refunds_label.setObjectName("refundFigures")
        self.refunds_label.setWordWrap(True)
        body_layout.addWidget(self.refunds_label)

        # --- charts
        self.class_chart = ChartPanel(
            translate("DashboardWindow", "按大类（点击查看投诉）"),
            BarChart(),
            [translate("DashboardWindow", "大类"), *map(_t, TALLY_HEADERS)],
        )
        self.class_chart.setObjectName("classChart")
        self.trend_chart = ChartPanel(
            translate("DashboardWindow", "按日趋势"),
            LineChart(),
            [translate("DashboardWindow", "日期"), translate("DashboardWindow", "受理")],
        )
        self.trend_chart.setObjectName("trendChart")
        self.rate_chart = ChartPanel(
            translate("DashboardWindow", "回复及时率（虚线为目标；点击查看超时）"), BarChart(target=ctx.policy.reply_on_time_target),
            [translate("DashboardWindow", "大类"), translate("DashboardWindow", "及时率"), translate("DashboardWindow", "按时"), translate("DashboardWindow", "超时"), translate("DashboardWindow", "未到期")],
        )  # fmt: skip
        self.rate_chart.setObjectName("rateChart")
        self.sub_chart = ChartPanel(
            translate("DashboardWindow", "按子类"),
            BarChart(),
            [translate("DashboardWindow", "大类 / 子类"), *map(_t, TALLY_HEADERS)],
        )
        self.tier_chart = ChartPanel(
            translate("DashboardWindow", "按品牌"),
            BarChart(),
            [translate("DashboardWindow", "品牌"), *map(_t, TALLY_HEADERS)],
        )
        self.channel_chart = ChartPanel(
            translate("DashboardWindow", "按渠道"),
            BarChart(),
            [translate("DashboardWindow", "渠道"), *map(_t, TALLY_HEADERS)],
        )
        self.staff_chart = ChartPanel(
            translate("DashboardWindow", "按首问责任人"),
            BarChart(),
            [translate("DashboardWindow", "首问责任人"), *map(_t, TALLY_HEADERS)],
        )
        self.more_tabs = QTabWidget()
        self.more_tabs.setObjectName("breakdownTabs")
        for panel, title in (
            (self.sub_chart, translate("DashboardWindow", "子类")), (self.tier_chart, translate("DashboardWindow", "品牌")),
            (self.channel_chart, translate("DashboardWindow", "渠道")), (self.staff_chart, translate("DashboardWindow", "首问责任人")),
        ):  # fmt: skip
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(panel)
            self.more_tabs.addTab(scroll, _t(title))

        # --- hot spots
        self.hot_panel = QWidget()
        hot_layout = QVBoxLayout(self.hot_panel)
        hot_layout.setContentsMargins(4, 4, 4, 4)
        self.hot_chart = ChartPanel(
            translate("DashboardWindow", "投诉热点：明显多于平时"), BarChart(),
            [translate("DashboardWindow", "大类 / 子类"), translate("DashboardWindow", "本期"), translate("DashboardWindow", "平时平均"), translate("DashboardWindow", "倍数")],
        )  # fmt: skip
        self.hot_chart.setObjectName("hotSpots")
        self.hot_chart.show_numbers(True)
        hot_layout.addWidget(self.hot_chart, 1)
        self.hot_rule = QLabel(hot_spot_rule_text(DEFAULT_HOT_SPOT_RULE))
        self.hot_rule.setObjectName("hotSpotRule")
        self.hot_rule.setWordWrap(True)
        self.hot_rule.setStyleSheet(style.MUTED_TEXT)
        hot_layout.addWidget(self.hot_rule)

        grid = QGridLayout()
        grid.addWidget(self.class_chart, 0, 0)
        grid.addWidget(self.trend_chart, 0, 1)
        grid.addWidget(self.rate_chart, 0, 2)
        grid.addWidget(self.more_tabs, 1, 0, 1, 2)
        grid.addWidget(self.hot_panel, 1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(0, 2)
        grid.setRowStretch(1, 3)
        body_layout.addLayout(grid, 1)
        self.body_scroll = QScrollArea()
        self.body_scroll.setObjectName("dashboardScroll")
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body_scroll.setWidget(body)
        outer.addWidget(self.body_scroll, 1)

        # --- wiring
        self.period_buttons[PeriodKind.TODAY].setChecked(True)
        self.period_group.buttonToggled.connect(self._period_toggled)
        self.from_edit.dateChanged.connect(self._range_changed)
        self.to_edit.dateChanged.connect(self._range_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.print_day_button.clicked.connect(lambda: self.print_report(None))
        self.print_period_button.clicked.connect(lambda: self.print_report(self.period()))
        self.class_chart.activated.connect(self._class_activated)
        self.rate_chart.activated.connect(self._rate_activated)
        self.trend_chart.activated.connect(self._day_activated)
        self.sub_chart.activated.connect(self._sub_activated)
        self.tier_chart.activated.connect(
            lambda i: self._bar_activated(self._figures().by_tier, i, "tier")
        )
        self.channel_chart.activated.connect(
            lambda i: self._bar_activated(self._figures().by_channel, i, "channel")
        )
        self.staff_chart.activated.connect(
            lambda i: self._bar_activated(self._figures().by_staff, i, "first_responder")
        )
        self.hot_chart.activated.connect(self._hot_activated)
        for key, criteria in (
            ("total", {}), ("rate", {"late": True}), ("late", {"late": True}),
            ("open", {"open_only": True}), ("repeat", {"repeat": True}),
            ("escalated", {"escalated": True}), ("incident", {"incident": True}),
        ):  # fmt: skip
            self.tiles[key].clicked.connect(lambda _=False, c=criteria: self._request(**c))
        self.tiles["now"].clicked.connect(self._request_open_now)
        self.refresh()

    # ---------------------------------------------------------------- period
    def period(self) -> Period:
        """The period chosen (自定义: the two dates, checked by the domain)."""
        kind = next(k for k, b in self.period_buttons.items() if b.isChecked())
        if kind is PeriodKind.RANGE:
            return date_range(_pydate(self.from_edit.date()), _pydate(self.to_edit.date()))
        return period_of(kind, self.ctx.clock.now())

    def choose(self, kind: PeriodKind) -> None:
        self.period_buttons[kind].setChecked(True)

    def set_range(self, first: date, last: date) -> None:
        for edit, day in ((self.from_edit, first), (self.to_edit, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)
        self.choose(PeriodKind.RANGE)
        self.refresh()

    def _period_toggled(self, button: QRadioButton, on: bool) -> None:
        if not on:
            return
        custom = button is self.period_buttons[PeriodKind.RANGE]
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        self.refresh()

    def _range_changed(self) -> None:
        if self.period_buttons[PeriodKind.RANGE].isChecked():
            self.refresh()

    # --------------------------------------------------------------- figures
    def refresh(self) -> None:
        try:
            period = self.period()
            figures = dashboard.dashboard_figures(self.ctx, self.session, period)
            spots = dashboard.hot_spots(self.ctx, self.session, period)
        except DomainError as error:
            self.message_label.setText(
                error_text(error, {"last_day": translate("DashboardWindow", "结束日期")})
            )
            self.message_label.show()
            return
        self.message_label.hide()
        self.figures, self.spots = figures, spots
        self.period_label.setText(
            translate("DashboardWindow", "{period}　截至 {now}").format(
                period=period_text(period), now=format_local(figures.as_of)
            )
        )
        self._show_tiles(figures)
        self._show_charts(figures)
        self._show_hot_spots(spots)

    def _figures(self) -> DashboardFigures:
        assert self.figures is not None
        return self.figures

    def _show_tiles(self, figures: DashboardFigures) -> None:
        total = figures.total
        t: Timeliness = total.timeliness
        self.tiles["total"].show_value(
            f"{total.count}", translate("DashboardWindow", "件，点击查看")
        )
        if t.rate is None:
            self.tiles["rate"].show_value("—", translate("DashboardWindow", "尚无答复或到期"))
        else:
            ok = bool(t.meets(figures.target))
            self.tiles["rate"].show_value(
                format_rate(t.rate),
                translate("DashboardWindow", "目标 {target} {verdict}").format(
                    target=format_rate(figures.target, 0),
                    verdict=translate("DashboardWindow", "达标")
                    if ok
                    else translate("DashboardWindow", "未达标"),
                ),
                style.OK if ok else style.ERROR_STRONG,
            )
        self.tiles["late"].show_value(
            f"{t.late}", translate("DashboardWindow", "按时 {on_time}，未到期 {pending}").format(on_time=t.on_time, pending=t.pending),
            style.ERROR_STRONG if t.late else style.TEXT,
        )  # fmt: skip
        self.tiles["open"].show_value(
            f"{total.open}",
            translate("DashboardWindow", "其中超时 {n}").format(n=total.overdue)
            if total.overdue
            else "",
        )
        self.tiles["repeat"].show_value(f"{total.repeat}")
        self.tiles["escalated"].show_value(f"{total.escalated}")
        self.tiles["incident"].show_value(f"{total.incident}")
        sat = total.satisfaction
        self.tiles["satisfaction"].show_value(
            format_rate(sat.rate),
            translate("DashboardWindow", "回访 {n}，不满意 {bad}，曾不满意 {ever}").format(
                n=sat.called_back, bad=sat.dissatisfied, ever=sat.ever_dissatisfied
            ),
        )
        refunds = figures.refunds
        self.refunds_label.setText(
            translate(
                "DashboardWindow",
                "退费（本期提出）：待审批 {pending} · 已批准待执行 {approved} · 已到账 {executed}"
                " · 执行失败 {failed}；本期到账金额 {amount} 元",
            ).format(
                pending=refunds.pending,
                approved=refunds.approved,
                executed=refunds.executed,
                failed=refunds.failed,
                amount=f"{refunds.executed_amount:.2f}",
            )
        )
        now = figures.current
        self.tiles["now"].show_value(
            f"{now.open} / {now.overdue} / {now.due_soon}", translate("DashboardWindow", "未办结 / 超时 / 2小时内到期"),
            style.ERROR_STRONG if now.overdue else style.TEXT,
        )  # fmt: skip

    def _show_charts(self, figures: DashboardFigures) -> None:
        self.class_chart.set_data(
            _count_items(figures.by_class, _term_label),
            [_tally_row(term(b.label), b) for b in figures.by_class],
        )
        self.trend_chart.set_data(
            _count_items(figures.by_day), [[b.key, str(b.count)] for b in figures.by_day]
        )
        rates = [(translate("DashboardWindow", "全部"), figures.total.timeliness)]
        rates += [(term(b.label), b.tally.timeliness) for b in figures.by_class]
        self.rate_chart.set_data(
            [ChartItem(name, t.rate, format_rate(t.rate)) for name, t in rates],
            [[name, format_rate(t.rate), str(t.on_time), str(t.late), str(t.pending)]
             for name, t in rates],
        )  # fmt: skip
        self.sub_chart.set_data(
            _count_items(figures.by_sub_class, lambda b: f"{term(b.parent)} / {term(b.label)}"),
            [_tally_row(f"{term(b.parent)} / {term(b.label)}", b) for b in figures.by_sub_class],
        )
        for panel, bars in (
            (self.tier_chart, figures.by_tier), (self.channel_chart, figures.by_channel),
        ):  # fmt: skip
            panel.set_data(
                _count_items(bars, _term_label), [_tally_row(term(b.label), b) for b in bars]
            )
        self.staff_chart.set_data(
            _count_items(figures.by_staff, lambda b: with_number(b.label, b.key)),
            [_tally_row(with_number(b.label, b.key), b) for b in figures.by_staff],
        )

    def _show_hot_spots(self, report: HotSpotReport) -> None:
        def name(main: str, sub: str | None) -> str:
            if sub:
                return f"{term(main)} / {term(sub)}"
            return translate("DashboardWindow", "{main}（大类）").format(main=term(main))

        self.hot_chart.set_data(
            [ChartItem(name(s.main_class, s.sub_class), float(s.count),
                       translate("DashboardWindow", "{count}（平时 {mean:.1f}）").format(count=s.count, mean=s.mean)) for s in report.spots],
            [[name(s.main_class, s.sub_class), str(s.count), f"{s.mean:.1f}",
              f"{s.ratio:.1f}" if s.ratio else "—"] for s in report.spots],
        )  # fmt: skip
        if not report.spots:
            self.hot_chart.title_label.setText(
                translate("DashboardWindow", "<b>投诉热点</b>：本期没有明显多于平时的类别")
            )
        else:
            self.hot_chart.title_label.setText(
                translate("DashboardWindow", "<b>投诉热点</b>：{n} 个类别明显多于平时").format(
                    n=len(report.spots)
                )
            )

    # ------------------------------------------------------------ drill-down
    def _request(self, **criteria: object) -> None:
        if self.figures is None:
            return
        query = dashboard.matching(self.figures.period, **criteria)  # type: ignore[arg-type]
        self.complaints_requested.emit(query)

    def _request_open_now(self) -> None:
        from hall_desk.ui.search_filters import OPEN_STATE_VALUES

        self.complaints_requested.emit(ComplaintSearch(states=OPEN_STATE_VALUES))

    def _class_activated(self, index: int) -> None:
        self._bar_activated(self._figures().by_class, index, "main_class")

    def _rate_activated(self, index: int) -> None:
        """全部 (index 0) or a class: its late complaints (what keeps the rate down)."""
        bars = self._figures().by_class
        if index == 0:
            self._request(late=True)
        elif 0 < index <= len(bars):
            self._request(late=True, main_class=bars[index - 1].key)

    def _bar_activated(self, bars: list[Bar], index: int, field: str) -> None:
        if 0 <= index < len(bars):
            self._request(**{field: bars[index].key})

    def _sub_activated(self, index: int) -> None:
        bars = self._figures().by_sub_class
        if 0 <= index < len(bars):
            self._request(main_class=bars[index].parent, sub_class=bars[index].key)

    def _day_activated(self, index: int) -> None:
        bars = self._figures().by_day
        if 0 <= index < len(bars):
            self._request(day=date.fromisoformat(bars[index].key))

    def _hot_activated(self, index: int) -> None:
        if self.spots is not None and 0 <= index < len(self.spots.spots):
            spot = self.spots.spots[index]
            self._request(main_class=spot.main_class, sub_class=spot.sub_class)

    # ----------------------------------------------------------------- print
    def print_report(self, period: Period | None) -> None:
        """The handover report (``None``: today) or the period's, in the print preview."""
        from hall_desk.ui.print_preview import PrintPreviewDialog  # QtPdf: loaded on first print

        title = (
            translate("DashboardWindow", "交班报表")
            if period is None
            else translate("DashboardWindow", "投诉统计报表")
        )
        session = self.session
        self.report_job = busy_in_background(  # a wait cursor from the click (issue 19)
            "hall-desk-report",
            lambda: reports.report_pdf(self.ctx, session, period),
            lambda pdf: PrintPreviewDialog(pdf, title, self),
            self.open_print_preview,
            lambda error: QMessageBox.warning(
                self, translate("DashboardWindow", "无法生成报表"), error_text(error)
            ),
        )

    def open_print_preview(self, dialog: QDialog) -> None:
        """Shows the preview modally; tests replace it to look at the dialog themselves."""
        dialog.exec()
