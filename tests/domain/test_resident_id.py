"""居民身份证号码: 18 digits, check digit (ISO 7064 MOD 11-2), birth date, region (python-stdnum)."""

from __future__ import annotations

from datetime import date

import pytest

from hall_desk.domain.errors import ValidationError
from hall_desk.domain.identity import mask_id_number, validate_resident_id

WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2


def check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2, computed here independently of the code under test."""
    value = (12 - sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11) % 11
    return "X" if value == 10 else str(value)


def rid(region: str, born: str, sequence: str = "123") -> str:
    first17 = region + born + sequence
    return first17 + check_digit(first17)


def wrong_check(number: str) -> str:
    digit = "0" if number[-1] != "0" else "1"
    return number[:-1] + digit


def code_of(text: str, **kwargs: date) -> tuple[str, dict[str, object]]:
    with pytest.raises(ValidationError) as caught:
        validate_resident_id(text, "new_owner.id_number", **kwargs)
    assert caught.value.field == "new_owner.id_number"
    return caught.value.code, caught.value.params


def test_weights_match_the_standard() -> None:
    assert WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


@pytest.mark.parametrize(
    "number",
    [
        rid("110101", "19900307"),  # 北京市东城区
        rid("310104", "19851225", "004"),  # 上海市徐汇区
        rid("440305", "20000229", "015"),  # 深圳市南山区, a leap day
        rid("510107", "19721109", "888"),  # 成都市武侯区
        rid("110103", "19800101"),  # 崇文区: abolished in 2010, born before: still valid
    ],
)
def test_valid_numbers(number: str) -> None:
    assert validate_resident_id(number, today=date(2026, 11, 29)) == number


def test_a_check_digit_x_is_accepted_typed_lower_case_spaced_or_full_width() -> None:
    sequence = next(f"{n:03d}" for n in range(1000) if check_digit(f"11010119900307{n:03d}") == "X")
    number = rid("110101", "19900307", sequence)
    assert number.endswith("X")
    assert validate_resident_id(number.lower()) == number
    assert validate_resident_id(f" {number[:6]} {number[6:14]} {number[14:].lower()} ") == number
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number) + "\u3000"
    assert validate_resident_id(full_width) == number


def test_a_region_code_created_after_the_birth_year_is_accepted() -> None:
    # 110112 通州区 exists since 1997; someone born in 1990 who registered there later has it.
    # (stdnum alone refuses it — python-stdnum issue #442.)
    number = rid("110112", "19900101")
    assert validate_resident_id(number) == number


@pytest.mark.parametrize("text", ["", "   ", None])
def test_required(text: str | None) -> None:
    assert code_of(text)[0] == "id.required"  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["11010119900307123", "110101900307123", "1101011990030712345"])
def test_length(text: str) -> None:
    code, params = code_of(text)
    assert code == "id.length" and params == {"length": len(text), "needed": 18}


@pytest.mark.parametrize("text", ["11010119900307A234", "11010119900307123Y", "110101-19900307123"])
def test_format(text: str) -> None:
    assert code_of(text)[0] == "id.format"


@pytest.mark.parametrize("born", ["19900230", "19901301", "19900000", "18991231"])
def test_impossible_birth_dates(born: str) -> None:
    assert code_of(rid("110101", born))[0] == "id.birth_date"


def test_a_birth_date_after_today_when_today_is_given() -> None:
    number = rid("110101", "20261130")
    assert code_of(number, today=date(2026, 11, 29))[0] == "id.birth_date"
    assert validate_resident_id(number, today=date(2026, 11, 30)) == number


@pytest.mark.parametrize(
    "region",
    [
        "990000",  # no such province
        "119999",  # a province without that county (stdnum itself raises KeyError here)
    ],
)
def test_unknown_regions(region: str) -> None:
    code, params = code_of(rid(region, "19900101"))
    assert code == "id.region" and params == {"region": region}


def test_a_region_abolished_before_the_birth_year_is_refused() -> None:
    assert code_of(rid("110103", "20120101"))[0] == "id.region"  # 崇文区 ended in 2010


def test_checksum() -> None:
    assert code_of(wrong_check(rid("110101", "19900307")))[0] == "id.checksum"
    # one digit of the sequence mistyped: only the check digit can tell
    good = rid("310104", "19851225", "004")
    assert code_of(good[:15] + "5" + good[16:])[0] == "id.checksum"


def test_masked_for_screen_and_print() -> None:
    assert mask_id_number(rid("110101", "19900307")).startswith("110101********")


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("110101199003071234", "110101********1234"),
        ("110101900307123", "110101*****7123"),  # the old 15-digit card
        ("H1234567890", "H*******890"),  # a Hong Kong/Macao permit: most of it hidden
        ("E12345678", "E*****678"),
        ("C1234567", "C****567"),
        ("1234567", "*******"),
        ("", ""),
    ],
)
def test_masking_follows_the_convention_and_hides_most_of_shorter_documents(
    number: str, masked: str
) -> None:
    assert mask_id_number(number) == masked
    if len(number) < 15:  # a resident ID hides its birth date and sequence (DOMAIN.md convention)
        assert sum(ch == "*" for ch in masked) >= len(number) / 2
