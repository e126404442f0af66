"""A focus frame on a focused drop-down (issue 19).

Qt's Fusion style (Linux, and the suite's offscreen platform) draws nothing on a non-editable
QComboBox that has the keyboard focus, so a clerk tabbing through a form loses track of where the
keys go. :class:`FocusFrameStyle` wraps the application's style and draws a frame in the desk's
information blue around a focused combo box; :func:`install` puts it on the application (the app
does at start-up).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOptionComplex,
    QWidget,
)

from hall_desk.ui import style

FRAME_WIDTH = 2


class FocusFrameStyle(QProxyStyle):
    """The application's style, with a visible frame around a focused combo box."""

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        if control == QStyle.ComplexControl.CC_ComboBox and focused:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen = QPen(style.qcolor(style.INFO))
            pen.setWidth(FRAME_WIDTH)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = FRAME_WIDTH / 2
            painter.drawRoundedRect(QRectF(option.rect).adjusted(half, half, -half, -half), 3, 3)
            painter.restore()


def install(app: QApplication) -> None:
    """Wrap the application's current style (once)."""
    if isinstance(app.style(), FocusFrameStyle):
        return
    base = QStyleFactory.create(app.style().name())
    app.setStyle(FocusFrameStyle(base))
