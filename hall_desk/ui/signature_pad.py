"""A pad the customer signs on, with a mouse, a pen (tablet) or a finger (touch screen).

The pad records strokes as lists of points (widget coordinates plus pen pressure), draws them as
smooth curves (quadratic segments through the midpoints of the recorded points, antialiased; a
pen's pressure sets the line width), and hands the signature out as a PNG for a PDF
(:meth:`SignaturePad.signature_png`). An empty pad refuses: :class:`SignatureEmpty`.

Used by the refund slip and the transfer agreement. Delete or Backspace clears the pad.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QEventPoint,
    QImage,
    QInputDevice,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from hall_desk.ui import style
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")

HINT = QT_TRANSLATE_NOOP("SignaturePad", "请在此处签名")
INK = QColor(style.SIGNATURE_INK)
PEN_WIDTH = 2.6
"""Line width in widget pixels at full pressure (mouse and touch always draw at full pressure)."""
EXPORT_SCALE = 4.0
"""Pixels of the PNG per widget pixel: a 60 mm wide signature on paper gets about 300 dpi."""
EXPORT_MARGIN = 8.0
"""Widget pixels kept around the strokes when the PNG is cropped."""

_MIN_PRESSURE_WIDTH = 0.35  # share of PEN_WIDTH at the lightest touch of a pen
_MIN_STEP = 0.8  # points closer than this to the previous one add nothing but noise


class SignatureEmpty(Exception):
    """:meth:`SignaturePad.signature_png` was asked for while nothing has been signed."""


@dataclass(frozen=True)
class StrokePoint:
    """One recorded point: widget coordinates and pressure (0–1; 1 for mouse and touch)."""

    x: float
    y: float
    pressure: float = 1.0


Stroke = tuple[StrokePoint, ...]


class SignaturePad(QWidget):
    """A signature field: draw with mouse, pen or finger; :meth:`clear`; :meth:`signature_png`."""

    changed = Signal()
    """A stroke was started or the pad was cleared: check :meth:`is_empty` again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[StrokePoint]] = []
        self._drawing = False  # a mouse button or the pen is down
        self._touch_strokes: dict[int, int] = {}  # touch point id → index in _strokes
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(320, 140)
        self.setAccessibleName(translate("SignaturePad", "客户签名"))
        self.setToolTip(translate("SignaturePad", "请客户在此签名；按 Delete 清除"))

    # --- the public API -------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self._strokes

    def strokes(self) -> list[Stroke]:
        """Copies of the recorded strokes, oldest first."""
        return [tuple(stroke) for stroke in self._strokes]

    def clear(self) -> None:
        """Forget every stroke. Emits :attr:`changed` if there was something to clear."""
        self._drawing = False
        self._touch_strokes.clear()
        if not self._strokes:
            return
        self._strokes.clear()
        self.update()
        self.changed.emit()

    def signature_png(self, *, scale: float = EXPORT_SCALE, margin: float = EXPORT_MARGIN) -> bytes:
        """The signature as PNG bytes: transparent background, dark ink, cropped to the strokes
        with ``margin`` around them, ``scale`` pixels per widget pixel.

        Raises :class:`SignatureEmpty` when nothing has been signed.
        """
        if self.is_empty():
            raise SignatureEmpty("nothing has been signed")
        bounds = self._ink_bounds().adjusted(-margin, -margin, margin, margin)
        size = QSize(max(1, round(bounds.width() * scale)), max(1, round(bounds.height() * scale)))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.scale(scale, scale)
            painter.translate(-bounds.topLeft())
            self._paint_strokes(painter)
        finally:
            painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6's stubs say the format is bytes; at run time only str is accepted
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        return bytes(data.data())

    def sizeHint(self) -> QSize:
        return QSize(520, 200)

    # --- recording --------------------------------------------------------------------------------

    def _begin(self, position: QPointF, pressure: float = 1.0) -> int:
        self._strokes.append([StrokePoint(position.x(), position.y(), _clamp(pressure))])
        index = len(self._strokes) - 1
        self._update_around(index, 1)
        if index == 0:
            self.update()  # the hint disappears
        self.changed.emit()
        return index

    def _extend(self, index: int, position: QPointF, pressure: float = 1.0) -> None:
        stroke = self._strokes[index]
        last = stroke[-1]
        if abs(position.x() - last.x) + abs(position.y() - last.y) < _MIN_STEP:
            return
        stroke.append(StrokePoint(position.x(), position.y(), _clamp(pressure)))
        self._update_around(index, 3)

    def _update_around(self, index: int, count: int) -> None:
        """Repaint only where the newest points of a stroke are."""
        points = self._strokes[index][-count:]
        xs = [p.x for p in points]
        ys = [p.y for p in points]
        pad = PEN_WIDTH * 2 + 2
        rect = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        self.update(rect.adjusted(-pad, -pad, pad, pad).toAlignedRect())

    # mouse

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not _from_mouse(event):
            event.ignore()
            return
        self._drawing = True
        self._begin(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self._drawing or not _from_mouse(event) or not self._strokes:
            event.ignore()
            return
        self._extend(len(self._strokes) - 1, event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._drawing and _from_mouse(event):
            self._extend(len(self._strokes) - 1, event.position())
            self._drawing = False
            event.accept()
            return
        event.ignore()

    # pen

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        pressure = event.pressure() if _has_pressure(event) else 1.0
        if kind == QTabletEvent.Type.TabletPress:
            self._drawing = True
            self._begin(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletMove and self._drawing and self._strokes:
            self._extend(len(self._strokes) - 1, event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletRelease and self._drawing:
            self._drawing = False
        # Accepted: Qt then synthesises no mouse event from the pen, so no stroke is drawn twice.
        event.accept()

    # touch

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QTouchEvent) and event.type() in _TOUCH_TYPES:
            self.handle_touch(event)
            return True
        return super().event(event)

    def handle_touch(self, event: QTouchEvent) -> None:
        """Each finger draws its own stroke. Accepted, so Qt synthesises no mouse events."""
        if event.type() == QTouchEvent.Type.TouchCancel:
            self._touch_strokes.clear()
            event.accept()
            return
        for point in event.points():
            state = point.state()
            # From the global position: a touch event built by hand (a test, a gesture
            # recogniser) may carry no widget-local position.
            position = self.mapFromGlobal(point.globalPosition())
            if state == QEventPoint.State.Pressed:
                self._touch_strokes[point.id()] = self._begin(position)
            elif point.id() in self._touch_strokes:
                index = self._touch_strokes[point.id()]
                if state in (QEventPoint.State.Updated, QEventPoint.State.Released):
                    self._extend(index, position)
                if state == QEventPoint.State.Released:
                    del self._touch_strokes[point.id()]
        event.accept()

    # keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- painting ---------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.fillRect(self.rect(), QColor(style.PAPER))
            self._paint_guides(painter)
            self._paint_strokes(painter)
        finally:
            painter.end()

    def _paint_guides(self, painter: QPainter) -> None:
        """The baseline, a × where the signature starts, and the hint while empty."""
        rect = QRectF(self.rect())
        margin = 18.0
        baseline = round(rect.bottom() - max(28.0, rect.height() * 0.22)) + 0.5  # crisp 1 px line
        guide = QColor(style.SIGNATURE_GUIDE)
        painter.setPen(QPen(guide, 1.0))
        painter.drawLine(QPointF(margin, baseline), QPointF(rect.right() - margin, baseline))
        font = style.sized_font(self.font(), at_least=style.PAD_MARK_MIN_PT)
        painter.setFont(font)
        painter.drawText(QPointF(margin, baseline - 6), "×")
        if self.is_empty():
            painter.setFont(
                style.sized_font(font, scale=style.PAD_HINT_SCALE, at_least=style.PAD_HINT_MIN_PT)
            )
            painter.setPen(QColor(style.SIGNATURE_HINT))
            painter.drawText(
                QRectF(rect.left(), rect.top(), rect.width(), baseline - rect.top()),
                Qt.AlignmentFlag.AlignCenter,
                translate("SignaturePad", HINT),
            )
        painter.setPen(QPen(QColor(style.SIGNATURE_FRAME), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))

    def _paint_strokes(self, painter: QPainter) -> None:
        for stroke in self._strokes:
            _paint_stroke(painter, stroke)

    def _ink_bounds(self) -> QRectF:
        xs = [p.x for stroke in self._strokes for p in stroke]
        ys = [p.y for stroke in self._strokes for p in stroke]
        half = PEN_WIDTH
        return QRectF(
            min(xs) - half,
            min(ys) - half,
            max(xs) - min(xs) + 2 * half,
            max(ys) - min(ys) + 2 * half,
        )


_TOUCH_TYPES = {
    QTouchEvent.Type.TouchBegin,
    QTouchEvent.Type.TouchUpdate,
    QTouchEvent.Type.TouchEnd,
    QTouchEvent.Type.TouchCancel,
}

_SYNTHESISING_DEVICES = {
    QInputDevice.DeviceType.TouchScreen,
    QInputDevice.DeviceType.TouchPad,
    QInputDevice.DeviceType.Stylus,
    QInputDevice.DeviceType.Airbrush,
    QInputDevice.DeviceType.Puck,
}


def _from_mouse(event: QMouseEvent) -> bool:
    """False for a mouse event Qt made up from a touch or a pen the pad did not take
    (those arrive through their own handlers; drawing them twice would double the stroke)."""
    device = event.device()
    return device is None or device.type() not in _SYNTHESISING_DEVICES


def _has_pressure(event: QTabletEvent) -> bool:
    device = event.pointingDevice()
    if device is None:
        return False
    return bool(device.capabilities() & QInputDevice.Capability.Pressure)


def _clamp(pressure: float) -> float:
    return min(1.0, max(0.0, pressure))


def _width(pressure: float) -> float:
    return PEN_WIDTH * (_MIN_PRESSURE_WIDTH + (1 - _MIN_PRESSURE_WIDTH) * pressure)


def _pen(width: float) -> QPen:
    pen = QPen(INK, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _paint_stroke(painter: QPainter, stroke: list[StrokePoint]) -> None:
    """Quadratic curves through the midpoints, each recorded point their control point.

    A stroke of even pressure is one path; a pen's stroke is drawn segment by segment, each
    with the width of its pressure (round caps hide the joins).
    """
    painter.setBrush(Qt.BrushStyle.NoBrush)
    points = [QPointF(p.x, p.y) for p in stroke]
    if len(points) == 1:
        width = _width(stroke[0].pressure)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        painter.drawEllipse(points[0], width / 2, width / 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return
    mids = [(a + b) / 2 for a, b in pairwise(points)]
    even = len({p.pressure for p in stroke}) == 1
    if even:
        path = QPainterPath(points[0])
        path.lineTo(mids[0])
        for control, end in zip(points[1:-1], mids[1:], strict=True):
            path.quadTo(control, end)
        path.lineTo(points[-1])
        painter.setPen(_pen(_width(stroke[0].pressure)))
        painter.drawPath(path)
        return
    painter.setPen(_pen(_width((stroke[0].pressure + stroke[1].pressure) / 2)))
    painter.drawLine(points[0], mids[0])
    for i in range(1, len(points) - 1):
        segment = QPainterPath(mids[i - 1])
        segment.quadTo(points[i], mids[i])
        painter.setPen(_pen(_width(stroke[i].pressure)))
        painter.drawPath(segment)
    painter.setPen(_pen(_width((stroke[-2].pressure + stroke[-1].pressure) / 2)))
    painter.drawLine(mids[-1], points[-1])
