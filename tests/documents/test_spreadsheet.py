"""The table writer: text that looks like a formula stays text (CSV injection), times are date
cells, a failure leaves neither the file nor its part file."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from hall_desk.documents.spreadsheet import DATETIME_FORMAT, write_table

ROWS = [
    ['=HYPERLINK("http://x")', datetime(2026, 11, 22, 10, 5), "+86 138"],
    ["@SUM(A1)", None, "张三"],
]


def test_xlsx_keeps_formula_looking_text_as_text_and_times_as_dates(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    assert write_table(path, "xlsx", ["a", "b", "c"], ROWS, widths=[10, 18, 10], title="清单") == 2
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "清单" and sheet.freeze_panes == "A2"
    assert sheet["A2"].value == '=HYPERLINK("http://x")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == datetime(2026, 11, 22, 10, 5)
    assert sheet["B2"].number_format == DATETIME_FORMAT


def test_csv_puts_an_apostrophe_before_formula_looking_text(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_table(path, "csv", ["a", "b", "c"], ROWS)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "2026-11-22 10:05", "'+86 138"]
    assert rows[2] == ["'@SUM(A1)", "", "张三"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_failure_midway_leaves_nothing(tmp_path: Path, fmt: str) -> None:
    def rows() -> Iterator[list[str]]:
        yield ["a"]
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_table(tmp_path / f"t.{fmt}", fmt, ["h"], rows())
    assert list(tmp_path.iterdir()) == []
