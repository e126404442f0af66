"""Phone numbers: validation (through libphonenumber) and masking for screen, print and logs."""

from __future__ import annotations

import re

import phonenumbers

from hall_desk.domain.errors import ValidationError

_SEPARATORS = re.compile(r"[\s\-()（）]")


def normalise_phone(text: str, field: str = "phone") -> str:
    """A mainland mobile (11 digits) or fixed line with area code (0xx-xxxxxxxx) → digits only.

    Raises ValidationError with code ``phone.required`` or ``phone.invalid``.
    """
    raw = _SEPARATORS.sub("", text or "")
    if raw.startswith("+86"):
        raw = raw[3:]
    elif raw.startswith("0086"):
        raw = raw[4:]
    if not raw:
        raise ValidationError("phone.required", field)
    if not raw.isdigit() or len(raw) > 12:
        raise ValidationError("phone.invalid", field)
    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError("phone.invalid", field) from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError("phone.invalid", field)
    kind = phonenumbers.number_type(parsed)
    if kind == phonenumbers.PhoneNumberType.MOBILE:
        return str(parsed.national_number)
    # Fixed lines keep their trunk 0 and area code: 01012345678, 075512345678.
    return "0" + str(parsed.national_number)


def is_complete_phone(text: str) -> bool:
    try:
        normalise_phone(text)
    except ValidationError:
        return False
    return True


def mask_phone(phone: str) -> str:
    """138****5678 for mobiles; fixed lines keep area code and last four: 010****5678."""
    digits = phone or ""
    if len(digits) <= 7:
        return "*" * len(digits)
    if digits.startswith("0"):
        area = 3 if digits[1] in "12" else 4
        return digits[:area] + "*" * (len(digits) - area - 4) + digits[-4:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id_number(number: str) -> str:
    """110101********1234"""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
