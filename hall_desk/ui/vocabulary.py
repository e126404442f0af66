"""The domain's vocabulary in the UI language.

The domain's enum values are Chinese on purpose: they are stored, synced to head office and printed
on documents for Chinese customers. On screen they go through ``term``, which looks them up in the
"Domain" translation context (extracted from the generated ``domain_terms`` module); a value the
translation does not know (a catalogue class added by head office's policy) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QWidget

from hall_desk.domain.pinyin_match import matches
from hall_desk.ui import domain_terms  # noqa: F401  (the markers lupdate reads)

CONTEXT = "Domain"


def term(value: object) -> str:
    """A domain value (enum member or its string) as shown in the UI language."""
    text = value.value if isinstance(value, Enum) else value
    if not text:
        return "" if text is None else str(text)
    return QCoreApplication.translate(CONTEXT, str(text))


class PinyinComboBox(QComboBox):
    """A pick list searched by typing (issue 23): letters typed in a row (a pause of
    :attr:`PAUSE_MS` starts a new search) choose the first item whose shown text or value they
    spell, by initials or full pinyin (``zf`` and ``zifei`` both find 资费争议/乱收费; every reading
    of a polyphonic character counts). Backspace takes the last letter back. pypinyin is loaded on
    the first letter typed (after sign-in: the desk warms it up then)."""

    PAUSE_MS = 1500

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.query = ""
        self._since = QElapsedTimer()

    def _texts(self, index: int) -> list[str]:
        data = self.itemData(index)
        values = list(data) if isinstance(data, (tuple, list)) else [data]
        return [self.itemText(index), *(str(v) for v in values if isinstance(v, str) and v)]

    def find_spelled(self, query: str) -> int:
        """The first item ``query`` spells (-1 when none); an empty item is never chosen."""
        for index in range(self.count()):
            texts = self._texts(index)
            if texts[0] and any(matches(text, query) for text in texts):
                return index
        return -1

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt API name
        text = event.text()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if plain and len(text) == 1 and text.isascii() and text.isalpha():
            if not self._since.isValid() or self._since.elapsed() > self.PAUSE_MS:
                self.query = ""
            self._since.restart()
            self.query += text.lower()
            index = self.find_spelled(self.query)
            if index < 0:  # not a continuation: a new search from this letter
                self.query = text.lower()
                index = self.find_spelled(self.query)
            if index >= 0:
                self.setCurrentIndex(index)
            event.accept()
            return
        if plain and event.key() == Qt.Key.Key_Backspace and self.query:
            self.query = self.query[:-1]
            self._since.restart()
            index = self.find_spelled(self.query) if self.query else -1
            if index >= 0:
                self.setCurrentIndex(index)
            event.accept()
            return
        self.query = ""
        super().keyPressEvent(event)


class TermCombo(PinyinComboBox):
    """A choice among domain values that shows them in the UI language.

    The item text is ``term(value)``, the item data the value itself; ``currentText`` and
    ``setCurrentText`` speak values (what the services take), so the forms read and restore
    values whatever the language. ``valueChanged`` carries the value (Qt's own
    ``currentTextChanged`` carries the shown text)."""

    valueChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentIndexChanged.connect(lambda _index: self.valueChanged.emit(self.currentText()))

    def addItems(self, values: Iterable[object]) -> None:
        for value in values:
            raw = value.value if isinstance(value, Enum) else str(value)
            self.addItem(term(raw), raw)

    def currentText(self) -> str:
        value = self.currentData()
        return "" if value is None else str(value)

    def setCurrentText(self, value: str) -> None:
        index = self.findData(value)
        if index >= 0:
            self.setCurrentIndex(index)


# -- punctuation: Chinese full-width forms on a Chinese screen, plain ones on an English one ----


def with_number(name: str, number: object) -> str:
    """A person or thing with its number: 张三（1001） / Zhang San (1001)."""
    return QCoreApplication.translate("Format", "{name}（{number}）").format(
        name=name, number=number
    )


def listing(items: Iterable[str]) -> str:
    """Items joined into one list: 甲、乙 / A, B."""
    return QCoreApplication.translate("Format", "、").join(items)


def labelled(label: str, text: object = "") -> str:
    """A label and its value: 状态：已受理 / Status: accepted (value "" gives the label only)."""
    return QCoreApplication.translate("Format", "{label}：{text}").format(label=label, text=text)
