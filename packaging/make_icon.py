"""Draw the app icon (no download, no artwork file to licence): a rounded teal tile with a white
speech bubble holding a tick — "a complaint heard and answered". Writes
resources/icons/hall_desk.png (256 px) and hall_desk.ico (16–256 px, for the Windows executable,
the installer and the start-menu entry). Run again only to change the drawing:

    .venv/bin/python packaging/make_icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ICONS = REPO / "resources" / "icons"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]


def draw(size: int = 256):  # -> QImage
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#0f766e"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(44 * s, 52 * s, 168 * s, 120 * s), 28 * s, 28 * s)
    tail = QPainterPath()
    tail.moveTo(QPointF(84 * s, 160 * s))
    tail.lineTo(QPointF(70 * s, 208 * s))
    tail.lineTo(QPointF(124 * s, 166 * s))
    tail.closeSubpath()
    p.setBrush(QColor("white"))
    p.drawPath(bubble.united(tail))
    pen = QPen(QColor("#0f766e"), 20 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    check = QPainterPath()
    check.moveTo(QPointF(88 * s, 112 * s))
    check.lineTo(QPointF(118 * s, 140 * s))
    check.lineTo(QPointF(170 * s, 86 * s))
    p.drawPath(check)
    p.end()
    return image


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    ICONS.mkdir(parents=True, exist_ok=True)
    png = ICONS / "hall_desk.png"
    if not draw(256).save(str(png), "PNG"):
        raise SystemExit(f"make_icon: could not write {png}")
    # Pillow writes a multi-size .ico (Qt's ico writer keeps one size only).
    Image.open(png).save(ICONS / "hall_desk.ico", sizes=[(n, n) for n in ICO_SIZES])
    print(f"make_icon: wrote {png.relative_to(REPO)} and hall_desk.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
