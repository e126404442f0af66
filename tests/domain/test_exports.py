"""Export columns: sensitive ones masked unless full values are chosen, any mask function; numbers
never in what an audit record says about a list."""

from __future__ import annotations

import pytest

from hall_desk.domain.errors import ValidationError
from hall_desk.domain.exports import (
    Column,
    format_of,
    mask_numbers_in,
    row_values,
    sensitive_keys,
)
from hall_desk.domain.identity import mask_id_number, mask_phone

COLUMNS: list[Column[dict[str, str]]] = [
    Column("name", "姓名", lambda r: r["name"]),
    Column("phone", "号码", lambda r: r["phone"], mask=mask_phone),
    Column("id_number", "证件号码", lambda r: r["id_number"], mask=mask_id_number),
]
RECORD = {"name": "陈先生", "phone": "13812345678", "id_number": "11010519491231002X"}


def test_sensitive_columns_are_masked_by_default_each_with_its_own_mask() -> None:
    assert row_values(COLUMNS, RECORD, full_values=False) == [
        "陈先生",
        "138****5678",
        "110105********002X",
    ]
    assert sensitive_keys(COLUMNS) == ["phone", "id_number"]


def test_full_values_when_chosen() -> None:
    assert row_values(COLUMNS, RECORD, full_values=True) == [
        "陈先生",
        "13812345678",
        "11010519491231002X",
    ]


def test_an_empty_sensitive_value_stays_empty() -> None:
    assert row_values(COLUMNS, {**RECORD, "id_number": ""}, full_values=False)[2] == ""


@pytest.mark.parametrize(("name", "fmt"), [("a.xlsx", "xlsx"), ("清单.CSV", "csv")])
def test_the_format_comes_from_the_extension(name: str, fmt: str) -> None:
    assert format_of(name) == fmt


@pytest.mark.parametrize("name", ["a.xls", "a", "a.pdf"])
def test_other_extensions_are_refused(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        format_of(name)
    assert caught.value.code == "export.format_unknown"


def test_numbers_in_an_audit_description_are_masked() -> None:
    assert mask_numbers_in("13812345678") == "138****5678"
    assert mask_numbers_in("话费 01012345678") == "话费 010****5678"
    assert mask_numbers_in("11010519491231002X") == "110105********002X"
    assert mask_numbers_in("5678 话费") == "5678 话费"  # some digits: not a number to hide
