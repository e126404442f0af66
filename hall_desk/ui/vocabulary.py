"""The domain's vocabulary in the UI language.

The domain's enum values are Chinese on purpose: they are stored, synced to head office and printed
on documents for Chinese customers. On screen they go through ``term``, which looks them up in the
"Domain" translation context (extracted from the generated ``domain_terms`` module); a value the
translation does not know (a catalogue class added by head office's policy) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from hall_desk.ui import domain_terms  # noqa: F401  (the markers lupdate reads)

CONTEXT = "Domain"


def term(value: object) -> str:
    """A domain value (enum member or its string) as shown in the UI language."""
    text = value.value if isinstance(value, Enum) else value
    if not text:
        return "" if text is None else str(text)
    return QCoreApplication.translate(CONTEXT, str(text))


def add_terms(combo: QComboBox, values: object) -> None:
    """Items showing ``term(value)`` with the value itself as item data."""
    for value in values:  # type: ignore[attr-defined]
        raw = value.value if isinstance(value, Enum) else value
        combo.addItem(term(raw), raw)


# -- punctuation: Chinese full-width forms on a Chinese screen, plain ones on an English one ----


def with_number(name: str, number: object) -> str:
    """A person or thing with its number: 张三（1001） / Zhang San (1001)."""
    return QCoreApplication.translate("Format", "{name}（{number}）").format(name=name, number=number)


def listing(items: Iterable[str]) -> str:
    """Items joined into one list: 甲、乙 / A, B."""
    return QCoreApplication.translate("Format", "、").join(items)


def labelled(label: str, text: object = "") -> str:
    """A label and its value: 状态：已受理 / Status: accepted (value "" gives the label only)."""
    return QCoreApplication.translate("Format", "{label}：{text}").format(label=label, text=text)
