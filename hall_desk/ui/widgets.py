"""The desk's shared widgets: the read-only table, the error banner and the form row.

- :class:`ReadOnlyTable`: a list to read and pick from. Headers, whole rows selected, nothing
  edited in place, the arrow keys move the selection, Ctrl+C copies the selected rows as
  tab-separated lines (to paste into a spreadsheet or a message).
- :class:`ErrorBanner`: the hidden red line a form shows a refusal in; :class:`~hall_desk.ui.
  field_errors.FieldErrors` fills it with the sentence naming the field and marks that field.
- :func:`form_row`: a form row whose label's mnemonic (``&N``) puts the cursor into its field, with
  an optional hint.

Colours come from :mod:`hall_desk.ui.style`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from hall_desk.ui import style


def read_only(
    table: QTableView,
    *,
    multi: bool = False,
    fit: bool = True,
    min_width: int = 0,
    stretch: int | None = -1,
) -> None:
    """Make ``table`` (a :class:`ReadOnlyTable` or a model's :class:`QTableView`) one to read and
    select whole rows of, never to edit: the same set-up for every list of the UI (see
    :class:`ReadOnlyTable` for the options)."""
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    if fit:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if min_width:
        header.setMinimumSectionSize(min_width)
    if stretch == -1:
        header.setStretchLastSection(True)
    elif stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class ReadOnlyTable(QTableWidget):
    """A table of rows to read and select, never to edit.

    ``headers`` are the column titles (already translated); ``multi`` lets Shift/Ctrl select
    several rows; ``fit`` sizes the columns to their contents (at least ``min_width`` px) instead of
    leaving them for the clerk to drag; ``stretch`` is the column that takes the remaining width
    (the last one by default, None: none)."""

    def __init__(
        self,
        headers: Sequence[str],
        name: str = "",
        *,
        multi: bool = False,
        fit: bool = True,
        min_width: int = 0,
        stretch: int | None = -1,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, len(headers), parent)
        if name:
            self.setObjectName(name)
        self.setHorizontalHeaderLabels(list(headers))
        read_only(self, multi=multi, fit=fit, min_width=min_width, stretch=stretch)

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """Replace the contents with ``rows`` of plain text, one cell a column."""
        self.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.setItem(row, column, QTableWidgetItem(text))

    def selected_text(self) -> str:
        """The selected rows (in table order) as lines of tab-separated cells."""
        rows = sorted({index.row() for index in self.selectedIndexes()})
        lines = []
        for row in rows:
            cells = []
            for column in range(self.columnCount()):
                item = self.item(row, column)
                cells.append(item.text() if item is not None else "")
            lines.append("\t".join(cells))
        return "\n".join(lines)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            text = self.selected_text()
            if text:
                QGuiApplication.clipboard().setText(text)
            event.accept()
            return
        super().keyPressEvent(event)


class ErrorBanner(QLabel):
    """The hidden, word-wrapped red line a form shows its refusals in."""

    def __init__(self, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.setWordWrap(True)
        self.setStyleSheet(style.ERROR_BANNER)
        self.hide()

    def say(self, text: str) -> None:
        """Show ``text`` (a refusal)."""
        self.setText(text)
        self.show()

    def dismiss(self) -> None:
        self.clear()
        self.hide()


def form_row(
    form: QFormLayout,
    label: str,
    field: QWidget,
    *,
    buddy: QWidget | None = None,
    hint: str = "",
) -> QLabel:
    """Add ``label`` and ``field`` as a row of ``form``. The label's mnemonic (``&P``) puts the
    cursor into ``buddy`` (the input inside a composite field) or else the field itself; ``hint``
    is the tooltip of both. Returns the label (to mark a row required, say)."""
    caption = QLabel(label)
    caption.setBuddy(buddy or field)
    if hint:
        caption.setToolTip(hint)
        field.setToolTip(hint)
    form.addRow(caption, field)
    return caption
