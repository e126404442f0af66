"""Window sizes at the counter (issue 19): a window opens at its preferred size, made smaller to fit
the available geometry of the screen it opens on (a 1024×768 PC, 1366×768 at 125 %), never larger."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for the window frame and title bar around the client area.
FRAME = QSize(16, 40)


def available_size(widget: QWidget) -> QSize:
    """The client area a window can have on the screen it is (or will be) on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1008, 696)
    return screen.availableGeometry().size() - FRAME


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, made smaller where the screen is smaller."""
    room = available_size(widget)
    widget.resize(min(width, room.width()), min(height, room.height()))


def fill_screen(widget: QWidget) -> None:
    """The main window: as large as the screen's available geometry allows."""
    widget.resize(available_size(widget))
