"""What an exported list holds (issue 8): columns, and which of them are sensitive.

A column says how to get its value from a record and, when it holds a phone or identity number, the
function that masks it (:func:`~hall_desk.domain.identity.mask_phone`, ``mask_id_number``). An export
masks every sensitive column unless a store manager chose full values
(``Permission.SEE_FULL_ID_IN_EXPORTS``); that choice is audited by the service, never with the
numbers themselves: :func:`mask_numbers_in` hides any number in what the audit event says about the
list (a search text may be a phone number).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from hall_desk.domain.errors import ValidationError
from hall_desk.domain.identity import mask_id_number, mask_phone

R = TypeVar("R")

# Export formats, by the file's extension.
XLSX = "xlsx"
CSV = "csv"
FORMATS = (XLSX, CSV)
FORMAT_UNKNOWN = "export.format_unknown"  # params: name
CANCELLED = "export.cancelled"
WRITE_FAILED = "export.write_failed"  # params: reason


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header, its value for a record, and its mask if the value is sensitive."""

    key: str
    header: str
    value: Callable[[R], Any]
    mask: Callable[[str], str] | None = None
    width: int = 12  # characters, for the spreadsheet

    @property
    def sensitive(self) -> bool:
        return self.mask is not None


def row_values(columns: Sequence[Column[R]], record: R, *, full_values: bool) -> list[Any]:
    """The record's cells, sensitive ones masked unless ``full_values``."""
    cells = []
    for column in columns:
        value = column.value(record)
        if column.mask is not None and not full_values and value:
            value = column.mask(str(value))
        cells.append(value)
    return cells


def sensitive_keys(columns: Sequence[Column[R]]) -> list[str]:
    return [c.key for c in columns if c.sensitive]


def format_of(file_name: str) -> str:
    """``xlsx`` or ``csv`` from the file's extension (case-insensitive)."""
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in FORMATS:
        raise ValidationError(FORMAT_UNKNOWN, "path", name=file_name)
    return suffix


_LONG_NUMBER = re.compile(r"\d{7,}[\dXx]?")


def mask_numbers_in(text: str) -> str:
    """Any run of 7 digits or more masked (a phone as 138****5678, 15 or 18 characters as an
    identity number): for what an audit record says about a list, never the numbers themselves."""

    def masked(match: re.Match[str]) -> str:
        digits = match.group(0)
        return mask_id_number(digits) if len(digits) >= 15 else mask_phone(digits)

    return _LONG_NUMBER.sub(masked, text)
