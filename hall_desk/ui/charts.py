"""Small charts drawn with QPainter (no QtCharts: a large add-on for three kinds of chart).

- :class:`BarChart`: horizontal bars with their labels and values; a click (or Enter on the
  highlighted bar, arrows to move) emits :attr:`BarChart.activated` with the bar's index. With
  ``target`` set the bars are shares (0…1), green at or above the target, red below, the target a
  dashed line.
- :class:`LineChart`: a trend by day with a dot per day; a click on a day emits its index.
- :class:`ChartPanel`: a title, the chart, and a 数字 toggle that shows the same figures as a
  table (double-click or Enter on a row does what a click on the bar does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hall_desk.ui import style
from hall_desk.ui.widgets import ReadOnlyTable

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")

BAR = QColor(style.ACCENT)
BAR_HOVER = QColor(style.ACCENT_LIGHT)
GOOD = QColor(style.OK)
BAD = QColor(style.ERROR_STRONG)
NONE = QColor(style.CHART_NONE)
TARGET = QColor(style.CHART_TARGET)
GRID = QColor(style.CHART_GRID)
TEXT = QColor(style.TEXT)
MUTED = QColor(style.MUTED)


@dataclass(frozen=True)
class ChartItem:
    label: str
    value: float | None  # None: nothing to show (a rate without a denominator)
    text: str  # the value as shown at the bar's end


class BarChart(QWidget):
    activated = Signal(int)

    ROW = 24  # px per bar

    def __init__(self, parent: QWidget | None = None, *, target: float | None = None) -> None:
        super().__init__(parent)
        self.items: list[ChartItem] = []
        self.target = target
        self.hover = -1
        self.current = -1
        self.clickable = True
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_items(self, items: Sequence[ChartItem]) -> None:
        self.items = list(items)
        self.hover = -1
        self.current = min(self.current, len(self.items) - 1)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, max(self.ROW * max(len(self.items), 1) + 12, 60))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, min(self.sizeHint().height(), self.ROW * 4 + 12))

    # ------------------------------------------------------------ geometry
    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(i.label) for i in self.items), default=0)
        return min(widest + 10, int(self.width() * 0.42))

    def _value_width(self) -> int:
        metrics = QFontMetrics(self.font())
        return max((metrics.horizontalAdvance(i.text) for i in self.items), default=0) + 10

    def _row_height(self) -> float:
        room = self.height() - 12 - (16 if self.target is not None else 0)
        return min(float(self.ROW), room / max(len(self.items), 1))

    def bar_rect(self, index: int) -> QRectF:
        """Where bar ``index`` is drawn (its full row, for hit tests and tests)."""
        row = self._row_height()
        return QRectF(0, 6 + index * row, self.width(), row)

    def index_at(self, y: float) -> int:
        row = self._row_height()
        index = int((y - 6) // row) if y >= 6 else -1
        return index if 0 <= index < len(self.items) else -1

    def _scale(self) -> float:
        if self.target is not None:
            return 1.0
        return max((i.value or 0.0 for i in self.items), default=0.0) or 1.0

    # ------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_w = self._label_width()
        value_w = self._value_width()
        left = label_w
        span = max(self.width() - left - value_w - 4, 10)
        scale = self._scale()
        row = self._row_height()
        metrics = QFontMetrics(self.font())
        if not self.items:
            painter.setPen(MUTED)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, translate("Charts", "（没有数据）")
            )
            return
        for index, item in enumerate(self.items):
            top = 6 + index * row
            text_rect = QRectF(0, top, label_w - 6, row)
            painter.setPen(TEXT)
            label = metrics.elidedText(item.label, Qt.TextElideMode.ElideRight, label_w - 6)
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
            length = 0.0 if item.value is None else span * max(item.value, 0.0) / scale
            bar = QRectF(
                left, top + row * 0.18, max(length, 1.0 if item.value else 0.0), row * 0.64
            )
            painter.fillRect(bar, self._colour(index, item))
            painter.setPen(MUTED if item.value is None else TEXT)
            painter.drawText(
                QRectF(left + length + 4, top, value_w, row),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                item.text,
            )
            if index == self.current and self.hasFocus():
                painter.setPen(QPen(BAR, 1, Qt.PenStyle.DotLine))
                painter.drawRect(QRectF(1, top + 1, self.width() - 2, row - 2))
        if self.target is not None:
            x = left + span * self.target
            painter.setPen(QPen(TARGET, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, 2), QPointF(x, self.height() - 16))
            painter.setPen(TARGET)
            painter.drawText(
                QRectF(x - 40, self.height() - 16, 80, 16), Qt.AlignmentFlag.AlignCenter,
                translate("Charts", "目标 {value:g}%").format(value=self.target * 100),
            )  # fmt: skip

    def _colour(self, index: int, item: ChartItem) -> QColor:
        if item.value is None:
            return NONE
        colour = BAR if self.target is None else GOOD if item.value >= self.target else BAD
        return colour.lighter(130) if index == self.hover and self.clickable else colour

    # ------------------------------------------------------------- events
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hover = self.index_at(event.position().y())
        if hover != self.hover:
            self.hover = hover
            cursor = (
                Qt.CursorShape.PointingHandCursor
                if hover >= 0 and self.clickable
                else Qt.CursorShape.ArrowCursor
            )
            self.setCursor(cursor)
            if 0 <= hover < len(self.items):
                self.setToolTip(f"{self.items[hover].label}：{self.items[hover].text}")
            self.update()

    def leaveEvent(self, event: object) -> None:
        self.hover = -1
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().y())
        if index >= 0 and self.clickable and event.button() == Qt.MouseButton.LeftButton:
            self.current = index
            self.activated.emit(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.items:
            step = 1 if key == Qt.Key.Key_Down else -1
            self.current = max(0, min(len(self.items) - 1, self.current + step))
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.clickable and self.current >= 0:
            self.activated.emit(self.current)
            return
        super().keyPressEvent(event)


class LineChart(QWidget):
    """Counts by day: a line with a dot per day, the largest value and a few dates on the axis."""

    activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[ChartItem] = []
        self.hover = -1
        self.setMouseTracking(True)
        self.setMinimumSize(280, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_items(self, items: Sequence[ChartItem]) -> None:
        self.items = list(items)
        self.update()

    def _plot(self) -> QRectF:
        return QRectF(40, 10, max(self.width() - 56, 10), max(self.height() - 36, 10))

    def _top(self) -> float:
        """The axis' top: the largest value rounded up to a number that splits in four."""
        return nice_ceiling(max((i.value or 0.0 for i in self.items), default=0.0))

    def point(self, index: int) -> QPointF:
        plot = self._plot()
        top = self._top()
        n = len(self.items)
        x = plot.left() + (plot.width() * (index + 0.5) / n if n else 0)
        y = plot.bottom() - plot.height() * (self.items[index].value or 0.0) / top
        return QPointF(x, y)

    def index_at(self, x: float) -> int:
        plot = self._plot()
        if not self.items or not plot.left() <= x <= plot.right():
            return -1
        return min(int((x - plot.left()) / plot.width() * len(self.items)), len(self.items) - 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self._plot()
        top = self._top()
        painter.setPen(GRID)
        for step in range(5):
            y = plot.bottom() - plot.height() * step / 4
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(MUTED)
        small = style.sized_font(
            self.font(), scale=style.CHART_AXIS_SCALE, at_least=style.CHART_AXIS_MIN_PT
        )
        painter.setFont(small)
        for step in (0, 2, 4):
            y = plot.bottom() - plot.height() * step / 4
            value = top * step / 4
            painter.drawText(
                QRectF(0, y - 8, plot.left() - 4, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:g}",
            )
        if not self.items:
            painter.drawText(
                plot, Qt.AlignmentFlag.AlignCenter, translate("Charts", "（没有数据）")
            )
            return
        # dates: the first, the last and a few between (never overlapping)
        metrics = QFontMetrics(small)
        label_w = metrics.horizontalAdvance("12-31") + 12
        every = max(1, int(len(self.items) * label_w / plot.width()) + 1)
        for index, item in enumerate(self.items):
            if index % every == 0 or (index == len(self.items) - 1 and every == 1):
                x = self.point(index).x()
                painter.drawText(
                    QRectF(x - label_w / 2, plot.bottom() + 4, label_w, 16),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, item.label,
                )  # fmt: skip
        painter.setPen(QPen(BAR, 2))
        points = [self.point(i) for i in range(len(self.items))]
        for a, b in pairwise(points):
            painter.drawLine(a, b)
        for index, p in enumerate(points):
            radius = 5.0 if index == self.hover else 3.0
            painter.setBrush(BAR_HOVER if index == self.hover else BAR)
            painter.drawEllipse(p, radius, radius)
        if 0 <= self.hover < len(self.items):
            item = self.items[self.hover]
            p = points[self.hover]
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(p.x() - 60, p.y() - 22, 120, 16), Qt.AlignmentFlag.AlignCenter,
                f"{item.label}：{item.text}",
            )  # fmt: skip

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hover = self.index_at(event.position().x())
        if hover != self.hover:
            self.hover = hover
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if hover >= 0 else Qt.CursorShape.ArrowCursor
            )
            self.update()

    def leaveEvent(self, event: object) -> None:
        self.hover = -1
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().x())
        if index >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit(index)


def nice_ceiling(value: float) -> float:
    """The smallest of 4, 8, 20, 40, 80, 200, 400 … at or above ``value``: an axis whose quarters
    are round whole numbers (1, 2, 5, 10, 20, 50, 100 …)."""
    top = 4.0
    while top < value:
        for factor in (2.0, 2.5, 2.0):  # 4 → 8 → 20 → 40 …
            top *= factor
            if top >= value:
                break
    return top


class ChartPanel(QWidget):
    """A titled chart with a 数字 toggle showing its figures as a table."""

    activated = Signal(int)

    def __init__(
        self, title: str, chart: BarChart | LineChart, headers: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.chart = chart
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.title_label = QLabel(f"<b>{title}</b>")
        self.title_label.setWordWrap(True)  # a long (English) title must not widen the window
        bar.addWidget(self.title_label, 1)
        self.numbers_button = QToolButton()
        self.numbers_button.setText(translate("Charts", "数字"))
        self.numbers_button.setCheckable(True)
        self.numbers_button.setToolTip(translate("Charts", "以表格显示这张图的数字"))
        bar.addWidget(self.numbers_button)
        layout.addLayout(bar)
        self.table = ReadOnlyTable(headers)
        self.stack = QStackedWidget()
        self.stack.addWidget(chart)
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)
        self.numbers_button.toggled.connect(self.show_numbers)
        chart.activated.connect(self.activated)
        # Enter, or a double-click (the style's activation), on a row
        self.table.activated.connect(lambda index: self.activated.emit(index.row()))

    def show_numbers(self, on: bool) -> None:
        self.numbers_button.setChecked(on)
        self.stack.setCurrentIndex(1 if on else 0)

    def set_data(self, items: Sequence[ChartItem], rows: Sequence[Sequence[str]]) -> None:
        self.chart.set_items(items)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = QTableWidgetItem(value)
                if c > 0:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, cell)
