"""A customer's number (issue 20, item 3): a mobile, a fixed line or a 400/800 number, classified by
libphonenumber's number types and short-number data; 400/800 numbers stored as typed."""

import pytest

from hall_desk.domain.errors import ValidationError
from hall_desk.domain.identity import (
    PHONE_INVALID,
    PHONE_SHORT_CODE,
    mask_phone,
    normalise_phone,
    phone_forms,
    stored_phone,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("4008123123", "4008123123"),
        ("400-812-3123", "4008123123"),
        ("400 812 3123", "4008123123"),
        ("04008123123", "4008123123"),  # the trunk 0 older desks made up, typed again
        ("8008101234", "8008101234"),
        ("800-810-1234", "8008101234"),
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("010-12345678", "01012345678"),
        ("0755-12345678", "075512345678"),
    ],
)
def test_a_customers_number_is_stored_as_typed(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored
    assert normalise_phone(stored) == stored


@pytest.mark.parametrize("short", ["95588", "95555", "10086", "10010", "12315", "110"])
def test_a_short_code_is_refused_with_its_own_code_naming_the_field(short: str) -> None:
    with pytest.raises(ValidationError) as raised:
        normalise_phone(short, "phone")
    assert (raised.value.code, raised.value.field) == (PHONE_SHORT_CODE, "phone")


@pytest.mark.parametrize("bad", ["1234567", "400812312", "12345678901"])
def test_other_wrong_numbers_stay_invalid(bad: str) -> None:
    with pytest.raises(ValidationError) as raised:
        normalise_phone(bad, "service_phone")
    assert (raised.value.code, raised.value.field) == (PHONE_INVALID, "service_phone")


def test_masking_and_the_older_form() -> None:
    assert mask_phone("4008123123") == "400****123"
    assert mask_phone("04008123123") == "400****123"  # an older desk's row, pulled
    assert mask_phone("8008101234") == "800****234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("01012345678") == "010****5678"
    assert stored_phone("04008123123") == "4008123123"
    assert stored_phone("01012345678") == "01012345678"  # a fixed line keeps its trunk 0
    assert phone_forms("4008123123") == ("4008123123", "04008123123")
    assert phone_forms("13812345678") == ("13812345678",)


def test_free_text_masking_of_fixed_lines_and_country_code_mobiles() -> None:
    """The log filter and the dead-letter export (issue 20); an event id is not a number."""
    from hall_desk.domain.identity import mask_numbers_in_text

    text = (
        "tel 010-12345678, 075512345678, +8613812345678, 86 13912345678, 0086-13712345678;"
        " (0755)12345678, (010) 87654321; event 3f2a1b4c-1d2e-4f00-8a9b-012345678901"
    )
    assert mask_numbers_in_text(text) == (
        "tel 010****5678, 0755****5678, +86138****5678, 86 139****5678, 0086-137****5678;"
        " 0755****5678, 010****4321; event 3f2a1b4c-1d2e-4f00-8a9b-012345678901"
    )
