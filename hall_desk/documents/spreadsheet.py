"""A table written to .xlsx (openpyxl, write-only: row by row, memory flat however many rows) or .csv
(UTF-8 with a BOM, so that Excel opens the Chinese correctly; comma-separated, CRLF).

The file appears whole or not at all: rows go to ``.<name>.part`` beside it, which replaces the
target only once complete; a failure or a cancel (any exception from ``rows``) removes the part file.

Text that a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-`` or ``@``) is
kept as text: in .xlsx as a string cell, in .csv behind an apostrophe (CSV injection).
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

# openpyxl (~0.1 s to import) is loaded by the first .xlsx export, not with the desk's windows.

DATETIME_FORMAT = "yyyy-mm-dd hh:mm"  # the spreadsheet's; the CSV writes the same as text
_FORMULA_START = ("=", "+", "-", "@")


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _xlsx_value(sheet: Any, value: Any, make_cell: Any) -> Any:
    """A plain value (cheap), or a styled cell (``make_cell``: openpyxl's ``WriteOnlyCell``) where
    one is needed: a time in our format, text that must not become a formula."""
    if isinstance(value, datetime):
        cell = make_cell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = make_cell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    return value


def _part_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.part")


def write_table(
    path: Path,
    fmt: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[int] = (),
    title: str = "Sheet1",
) -> int:
    """Write ``headers`` then ``rows`` (datetimes naive, in the time zone to show) to ``path`` as
    ``fmt`` (``xlsx`` or ``csv``); the number of rows written."""
    part = _part_path(path)
    try:
        if fmt == "xlsx":
            count = _write_xlsx(part, headers, rows, widths, title)
        elif fmt == "csv":
            count = _write_csv(part, headers, rows)
        else:
            raise ValueError(f"unknown format {fmt!r}")
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    return count


def _write_csv(part: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with part.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_text(v) for v in row])
            count += 1
    return count


def _write_xlsx(
    part: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int],
    title: str,
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF7")
    centred = Alignment(vertical="center")
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill, cell.alignment = bold, fill, centred
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    try:
        for row in rows:
            sheet.append([_xlsx_value(sheet, value, WriteOnlyCell) for value in row])
            count += 1
    except BaseException:
        # openpyxl's row stream must be closed in order (else it fails when collected): finish
        # the part file, which the caller removes.
        with contextlib.suppress(Exception):
            book.save(part)
        raise
    if count:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    book.save(part)
    return count
