"""大写金额: amounts in Chinese capitals by DOMAIN.md's banking rule, expected strings written by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hall_desk.domain.errors import ValidationError
from hall_desk.domain.money import yuan_in_capitals

CASES = [
    # DOMAIN.md's own examples
    ("300.00", "叁佰元整"),
    ("100.50", "壹佰元伍角整"),
    ("1005.00", "壹仟零伍元整"),
    ("10010.07", "壹万零壹拾元零柒分"),
    # whole yuan
    ("1.00", "壹元整"),
    ("10.00", "壹拾元整"),
    ("15.00", "壹拾伍元整"),
    ("100.00", "壹佰元整"),
    ("150.00", "壹佰伍拾元整"),
    ("999.00", "玖佰玖拾玖元整"),
    # zeros in every position of the yuan
    ("1000.00", "壹仟元整"),
    ("1001.00", "壹仟零壹元整"),
    ("1010.00", "壹仟零壹拾元整"),
    ("1100.00", "壹仟壹佰元整"),
    ("1100.10", "壹仟壹佰元壹角整"),
    ("101.00", "壹佰零壹元整"),
    ("110.00", "壹佰壹拾元整"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("2005.05", "贰仟零伍元零伍分"),
    # jiao only, fen only, jiao and fen without yuan
    ("0.50", "伍角整"),
    ("0.05", "伍分"),
    ("0.35", "叁角伍分"),
    ("0.01", "壹分"),
    # yuan with jiao and/or fen
    ("1.05", "壹元零伍分"),
    ("1.50", "壹元伍角整"),
    ("1.55", "壹元伍角伍分"),
    ("100.05", "壹佰元零伍分"),
    ("60.10", "陆拾元壹角整"),
    # ten thousand and more: the 万 section
    ("10000.00", "壹万元整"),
    ("10000.01", "壹万元零壹分"),
    ("10001.00", "壹万零壹元整"),
    ("10100.00", "壹万零壹佰元整"),
    ("11000.00", "壹万壹仟元整"),
    ("100000.00", "壹拾万元整"),
    ("100010.00", "壹拾万零壹拾元整"),
    ("101000.00", "壹拾万零壹仟元整"),
    ("110000.00", "壹拾壹万元整"),
    ("1000100.00", "壹佰万零壹佰元整"),
    ("10001000.00", "壹仟万零壹仟元整"),
    ("12345678.90", "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整"),
    # a hundred million and more: the 亿 section, and an empty 万 section
    ("100000000.00", "壹亿元整"),
    ("100000001.00", "壹亿零壹元整"),
    ("100001000.00", "壹亿零壹仟元整"),
    ("101000000.00", "壹亿零壹佰万元整"),
    ("110000000.00", "壹亿壹仟万元整"),
    ("1000000000.10", "壹拾亿元壹角整"),
    ("1000010000.00", "壹拾亿零壹万元整"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    # zero
    ("0.00", "零元整"),
]


@pytest.mark.parametrize(("amount", "expected"), CASES, ids=[a for a, _ in CASES])
def test_amount_in_capitals(amount: str, expected: str) -> None:
    assert yuan_in_capitals(Decimal(amount)) == expected


def test_at_least_thirty_amounts() -> None:
    assert len(CASES) >= 30


def test_fewer_written_decimals_mean_the_same_amount() -> None:
    assert yuan_in_capitals(Decimal("150")) == "壹佰伍拾元整"
    assert yuan_in_capitals(Decimal("0.5")) == "伍角整"
    assert yuan_in_capitals(Decimal("1.500")) == "壹元伍角整"  # trailing zero: still two decimals


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-1.00", "amount.negative"),
        ("-0.01", "amount.negative"),
        ("1.005", "amount.too_many_decimals"),
        ("0.001", "amount.too_many_decimals"),
        ("NaN", "amount.not_a_number"),
        ("Infinity", "amount.not_a_number"),
        ("1000000000000.00", "amount.too_large"),
    ],
)
def test_refused(amount: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        yuan_in_capitals(Decimal(amount))
    assert caught.value.code == code
