"""A form's error line and the fields it marks: the one way every form here shows a refusal.

The domain names the field of each error; the form says which widget shows that field. The message
names the field in Chinese, the widget gets a red border and the message as its tooltip, focus goes
to the first one, and nothing typed is touched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QLabel, QWidget

from hall_desk.domain.errors import DomainError, ValidationErrors
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.widgets import ErrorBanner

INVALID_STYLE = style.INVALID_FIELD
LABEL_STYLE = style.ERROR_BANNER


def error_line(object_name: str) -> ErrorBanner:
    """The hidden, word-wrapped label a form shows its refusals in."""
    return ErrorBanner(object_name)


class FieldErrors:
    """``labels`` names fields the form's own way (a refund's "amount" is 退费金额, not the
    complaint's 涉及金额); without it the shared field names apply."""

    def __init__(
        self,
        label: QLabel,
        widget_for: Callable[[str | None], QWidget | None],
        labels: Mapping[str, str] | None = None,
    ) -> None:
        self.label = label
        self.widget_for = widget_for
        self.labels = labels
        self.marked: list[QWidget] = []

    def unmark(self) -> None:
        for widget in self.marked:
            widget.setStyleSheet("")
            widget.setToolTip("")
        self.marked.clear()

    def clear(self) -> None:
        self.unmark()
        self.label.hide()

    def show(self, error: DomainError) -> None:
        self.unmark()
        items = error.errors if isinstance(error, ValidationErrors) else [error]
        first: QWidget | None = None
        for item in items:
            widget = self.widget_for(item.field)
            if widget is not None:
                widget.setStyleSheet(INVALID_STYLE)
                widget.setToolTip(error_text(item, self.labels))
                self.marked.append(widget)
                first = first or widget
        self.label.setText(error_text(error, self.labels))
        self.label.show()
        if first is not None:
            first.setFocus()

    def message(self, form: QWidget) -> str:
        """What the error line says, or "" while it is hidden."""
        return self.label.text() if self.label.isVisibleTo(form) else ""
