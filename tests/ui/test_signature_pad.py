"""The signature pad: mouse, pen and touch draw strokes; it clears; an empty pad signs nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QEventPoint,
    QImage,
    QInputDevice,
    QPointingDevice,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hall_desk.ui.signature_pad import EXPORT_SCALE, SignatureEmpty, SignaturePad, StrokePoint

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def pad(qtbot: QtBot) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(500, 200)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def drag(qtbot: QtBot, pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    first, *rest = [QPoint(x, y) for x, y in points]
    qtbot.mousePress(pad, LEFT, pos=first)
    for point in rest[:-1]:
        qtbot.mouseMove(pad, point)
    qtbot.mouseRelease(pad, LEFT, pos=rest[-1])


def dark_pixels(image: QImage) -> int:
    """Pixels that print as ink: opaque enough and dark."""
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = QColor(image.pixelColor(x, y))
            if colour.alpha() > 128 and colour.lightness() < 100:
                count += 1
    return count


def test_starts_empty_and_refuses_to_sign(pad: SignaturePad) -> None:
    assert pad.is_empty()
    assert pad.strokes() == []
    with pytest.raises(SignatureEmpty):
        pad.signature_png()


def test_mouse_drag_draws_a_stroke_that_exports_as_png(qtbot: QtBot, pad: SignaturePad) -> None:
    with qtbot.waitSignal(pad.changed):
        drag(qtbot, pad, [(40, 120), (80, 90), (120, 130), (160, 80), (220, 110)])
    assert not pad.is_empty()
    (stroke,) = pad.strokes()
    assert stroke[0] == StrokePoint(40, 120, 1.0)
    assert (stroke[-1].x, stroke[-1].y) == (220, 110)
    assert len(stroke) >= 4

    image = QImage.fromData(pad.signature_png())
    assert not image.isNull()
    assert image.hasAlphaChannel()
    # cropped to the strokes (180 × 50 widget pixels plus margins), at print resolution
    assert 180 * EXPORT_SCALE < image.width() < 260 * EXPORT_SCALE
    assert 50 * EXPORT_SCALE < image.height() < 110 * EXPORT_SCALE
    assert dark_pixels(image) > 200
    assert QColor(image.pixelColor(0, 0)).alpha() == 0  # transparent around the ink


def test_the_pad_shows_the_ink(qtbot: QtBot, pad: SignaturePad) -> None:
    before = pad.grab().toImage()
    drag(qtbot, pad, [(100, 60), (200, 70), (300, 60)])
    after = pad.grab().toImage()
    assert dark_pixels(after) > dark_pixels(before)


def test_clear_empties_the_pad(qtbot: QtBot, pad: SignaturePad) -> None:
    drag(qtbot, pad, [(40, 120), (140, 60), (240, 120)])
    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty()
    assert pad.strokes() == []
    with pytest.raises(SignatureEmpty):
        pad.signature_png()
    with qtbot.assertNotEmitted(pad.changed):
        pad.clear()  # nothing left to clear


@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace])
def test_delete_and_backspace_clear(qtbot: QtBot, pad: SignaturePad, key: Qt.Key) -> None:
    drag(qtbot, pad, [(40, 120), (140, 60), (240, 120)])
    qtbot.keyClick(pad, key)
    assert pad.is_empty()


def test_each_drag_is_its_own_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    drag(qtbot, pad, [(40, 120), (140, 60), (240, 120)])
    drag(qtbot, pad, [(300, 60), (320, 140)])
    assert len(pad.strokes()) == 2


def test_a_click_leaves_a_dot(qtbot: QtBot, pad: SignaturePad) -> None:
    qtbot.mouseClick(pad, LEFT, pos=QPoint(100, 100))
    assert len(pad.strokes()) == 1
    assert dark_pixels(QImage.fromData(pad.signature_png())) > 0


def test_right_button_draws_nothing(qtbot: QtBot, pad: SignaturePad) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.RightButton, pos=QPoint(100, 100))
    qtbot.mouseRelease(pad, Qt.MouseButton.RightButton, pos=QPoint(150, 100))
    assert pad.is_empty()


# --- a pen -----------------------------------------------------------------------------------


def _pen() -> QPointingDevice:
    caps = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
    return QPointingDevice(
        "test pen",
        7001,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        caps,
        1,
        2,
    )


def _tablet(
    pad: SignaturePad,
    device: QPointingDevice,
    kind: QTabletEvent.Type,
    x: float,
    y: float,
    pressure: float,
) -> None:
    local = QPointF(x, y)
    event = QTabletEvent(
        kind,
        device,
        local,
        pad.mapToGlobal(local),
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        Qt.KeyboardModifier.NoModifier,
        LEFT,
        Qt.MouseButton.NoButton if kind == QTabletEvent.Type.TabletRelease else LEFT,
    )
    QApplication.sendEvent(pad, event)
    assert event.isAccepted()


def test_pen_adds_a_stroke_with_its_pressure(qtbot: QtBot, pad: SignaturePad) -> None:
    pen = _pen()
    with qtbot.waitSignal(pad.changed):
        _tablet(pad, pen, QTabletEvent.Type.TabletPress, 50, 100, 0.2)
    _tablet(pad, pen, QTabletEvent.Type.TabletMove, 120, 80, 0.6)
    _tablet(pad, pen, QTabletEvent.Type.TabletMove, 200, 110, 0.9)
    _tablet(pad, pen, QTabletEvent.Type.TabletRelease, 200, 110, 0.0)
    _tablet(pad, pen, QTabletEvent.Type.TabletMove, 300, 50, 0.0)  # hovering: no ink
    (stroke,) = pad.strokes()
    assert [(p.x, p.y) for p in stroke] == [(50, 100), (120, 80), (200, 110)]
    assert [p.pressure for p in stroke] == pytest.approx([0.2, 0.6, 0.9])
    assert dark_pixels(QImage.fromData(pad.signature_png())) > 50


# --- a finger --------------------------------------------------------------------------------


def test_touch_adds_a_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    # Through Qt's own delivery path (QTest's touch sequence works on the offscreen platform).
    device = QTest.createTouchDevice()
    sequence = QTest.touchEvent(pad, device)
    sequence.press(0, QPoint(60, 100), pad).commit()
    sequence.move(0, QPoint(140, 70), pad).commit()
    sequence.move(0, QPoint(220, 120), pad).commit()
    sequence.release(0, QPoint(230, 120), pad).commit()
    (stroke,) = pad.strokes()
    assert [(p.x, p.y) for p in stroke] == [(60, 100), (140, 70), (220, 120), (230, 120)]
    assert not pad.is_empty()
    assert dark_pixels(QImage.fromData(pad.signature_png())) > 50


def test_touch_event_built_by_hand_adds_a_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    # A QTouchEvent constructed with a QPointingDevice, as Qt 6 requires, sent to the widget.
    screen = QPointingDevice(
        "test screen",
        7002,
        QInputDevice.DeviceType.TouchScreen,
        QPointingDevice.PointerType.Finger,
        QInputDevice.Capability.Position,
        10,
        0,
    )

    def send(kind: QTouchEvent.Type, state: QEventPoint.State, x: float, y: float) -> None:
        local = QPointF(x, y)
        point = QEventPoint(3, state, local, pad.mapToGlobal(local))
        event = QTouchEvent(kind, screen, Qt.KeyboardModifier.NoModifier, [point])
        QApplication.sendEvent(pad, event)

    with qtbot.waitSignal(pad.changed):
        send(QTouchEvent.Type.TouchBegin, QEventPoint.State.Pressed, 40, 60)
    send(QTouchEvent.Type.TouchUpdate, QEventPoint.State.Updated, 90, 90)
    send(QTouchEvent.Type.TouchEnd, QEventPoint.State.Released, 150, 70)
    (stroke,) = pad.strokes()
    assert [(p.x, p.y) for p in stroke] == [(40, 60), (90, 90), (150, 70)]


def test_two_fingers_draw_two_strokes(qtbot: QtBot, pad: SignaturePad) -> None:
    device = QTest.createTouchDevice()
    sequence = QTest.touchEvent(pad, device)
    sequence.press(0, QPoint(60, 100), pad).press(1, QPoint(300, 60), pad).commit()
    sequence.move(0, QPoint(120, 80), pad).move(1, QPoint(360, 120), pad).commit()
    sequence.release(0, QPoint(120, 80), pad).release(1, QPoint(360, 120), pad).commit()
    assert len(pad.strokes()) == 2


def test_hint_and_baseline_while_empty(pad: SignaturePad) -> None:
    image = pad.grab().toImage()
    assert QColor(image.pixelColor(image.width() // 2, 5)).lightness() > 240  # white ground
    # the baseline: a grey line across the lower part
    rows = [y for y in range(image.height()) if _grey_run(image, y) > image.width() * 0.6]
    assert rows and min(rows) > image.height() // 2


def _grey_run(image: QImage, y: int) -> int:
    return sum(
        1 for x in range(image.width()) if 100 < QColor(image.pixelColor(x, y)).lightness() < 200
    )
