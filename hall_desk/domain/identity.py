"""Phone numbers (through libphonenumber) and resident ID numbers (居民身份证号码, through
python-stdnum's ``cn.ric``): validation, and masking for screen, print and logs."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from hall_desk.domain.errors import ValidationError

if TYPE_CHECKING:
    import phonenumbers

_SEPARATORS = re.compile(r"[\s\-()（）]")


PHONE_REQUIRED = "phone.required"
PHONE_INVALID = "phone.invalid"
# 95xxx, 10xxx, 12315, 110 …: a service's short code, never a customer's own number (the customer
# called it); refused with its own message so the clerk asks for the customer's number.
PHONE_SHORT_CODE = "phone.short_code"

_REGION = "CN"


def load_numbering_plan() -> None:
    """Import libphonenumber and its data for CN (a few tens of milliseconds): done on the first
    number checked, or beforehand by the desk's warm-up once its window shows (issue 22: not
    before the sign-in window)."""
    import phonenumbers

    phonenumbers.parse("4008123123", _REGION)


def _is_mobile_or_service(kind: int) -> bool:
    """A customer's number is a mobile, a fixed line (kept with its trunk 0 and area code) or a
    400/800 number (an enterprise complaining about its own line): libphonenumber's number types,
    no prefixes. 800 is TOLL_FREE, 400 SHARED_COST in libphonenumber's data for CN; both dialled
    without a trunk 0."""
    from phonenumbers import PhoneNumberType

    return kind in (
        PhoneNumberType.MOBILE,
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.SHARED_COST,
    )


def _parsed_mainland(text: str, field: str) -> phonenumbers.PhoneNumber:
    import phonenumbers
    from phonenumbers import shortnumberinfo

    raw = _SEPARATORS.sub("", text or "")
    if raw.startswith("+86"):
        raw = raw[3:]
    elif raw.startswith("0086"):
        raw = raw[4:]
    if not raw:
        raise ValidationError(PHONE_REQUIRED, field)
    if not raw.isdigit() or len(raw) > 12:
        raise ValidationError(PHONE_INVALID, field)
    try:
        parsed = phonenumbers.parse(raw, _REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(PHONE_INVALID, field) from None
    if not phonenumbers.is_valid_number(parsed):
        if shortnumberinfo.is_valid_short_number_for_region(parsed, _REGION):
            raise ValidationError(PHONE_SHORT_CODE, field)
        raise ValidationError(PHONE_INVALID, field)
    return parsed


@lru_cache(maxsize=4096)
def is_service_number(phone: str) -> bool:
    """A 400/800 number (libphonenumber: toll-free or shared cost), in whichever form written."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(phone, _REGION)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.SHARED_COST,
    )


def normalise_phone(text: str, field: str = "phone") -> str:
    """A customer's number as stored: a mainland mobile (11 digits), a fixed line with its trunk 0
    and area code (``01012345678``), or a 400/800 number as typed (``4008123123``); digits only.

    Raises ValidationError with code ``phone.required``, ``phone.short_code`` (95xxx, 10xxx …:
    libphonenumber's short-number data) or ``phone.invalid``.
    """
    import phonenumbers

    parsed = _parsed_mainland(text, field)
    if _is_mobile_or_service(phonenumbers.number_type(parsed)):
        return str(parsed.national_number)
    # Fixed lines keep their trunk 0 and area code: 01012345678, 075512345678.
    return "0" + str(parsed.national_number)


def stored_phone(phone: str) -> str:
    """A number as stored now: a 400/800 number written before with a trunk 0 (``04008123123``,
    as desks before issue 20 stored it) loses it; any other value is returned unchanged."""
    if phone.startswith("0") and phone.isdigit() and is_service_number(phone):
        return phone[1:]
    return phone


def phone_forms(phone: str) -> tuple[str, ...]:
    """The forms a stored number may have in older rows and events: a 400/800 number also with the
    made-up trunk 0 older desks wrote; any other number as it is."""
    current = stored_phone(phone)
    return (current, "0" + current) if is_service_number(current) else (current,)


def is_complete_phone(text: str) -> bool:
    try:
        normalise_phone(text)
    except ValidationError:
        return False
    return True


def mask_phone(phone: str) -> str:
    """138****5678 for mobiles; fixed lines keep area code and last four: 010****5678; 400/800
    numbers keep their first three and last three: 400****123."""
    digits = phone or ""
    if len(digits) <= 7:
        return "*" * len(digits)
    if is_service_number(digits):
        digits = stored_phone(digits)
        return digits[:3] + "*" * (len(digits) - 6) + digits[-3:]
    if digits.startswith("0"):
        area = 3 if digits[1] in "12" else 4
        return digits[:area] + "*" * (len(digits) - area - 4) + digits[-4:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id_number(number: str) -> str:
    """110101********1234 for a resident ID (18 or the old 15 digits: region and last four shown).

    Shorter documents (permits, passports: 8–14 characters) show only their first character and
    last three, so at least half of the number stays hidden; anything shorter is hidden whole.
    """
    if len(number) >= 15:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    if len(number) >= 8:
        return number[:1] + "*" * (len(number) - 4) + number[-3:]
    return "*" * len(number)


# -- full numbers inside free text (logs, support bundles): found, then masked --------------------
# A digit or Latin letter on either side means a longer token (a hash, a seq, an ID), not a number.
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
FULL_MOBILE_IN_TEXT = re.compile(_EDGE_BEFORE + r"1[3-9]\d{9}" + _EDGE_AFTER)
FULL_RESIDENT_ID_IN_TEXT = re.compile(_EDGE_BEFORE + r"\d{17}[\dXx]" + _EDGE_AFTER)
# Issue 20: a mobile behind the country code (+8613812345678, 86 138…, 0086-138…) and a fixed line
# with its area code (010-12345678, 075512345678) were left in logs and dead-letter exports.
PREFIXED_MOBILE_IN_TEXT = re.compile(
    _EDGE_BEFORE + r"(?P<prefix>(?:\+|00)?86[ \-]?)(?P<number>1[3-9]\d{9})" + _EDGE_AFTER
)
# Not right after a hyphen: a UUID's last group (12 hex digits, now and then all decimal) is not a
# phone number, and event ids are logged. The area code may be in brackets: (0755)12345678.
FIXED_LINE_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z\-])(?:\(0[1-9]\d{1,2}\)|0[1-9]\d{1,2})[ \-]?\d{7,8}" + _EDGE_AFTER
)


def mask_numbers_in_text(text: str) -> str:
    """``text`` with every full mainland mobile number (also behind +86/86/0086), fixed-line number
    with its area code and 18-digit resident ID number masked (:func:`mask_phone`,
    :func:`mask_id_number`); masked forms and other digits are left alone."""
    text = FULL_RESIDENT_ID_IN_TEXT.sub(lambda found: mask_id_number(found.group()), text)
    text = PREFIXED_MOBILE_IN_TEXT.sub(
        lambda found: found.group("prefix") + mask_phone(found.group("number")), text
    )
    text = FIXED_LINE_IN_TEXT.sub(lambda found: _masked_fixed_line(found.group()), text)
    return FULL_MOBILE_IN_TEXT.sub(lambda found: mask_phone(found.group()), text)


def _masked_fixed_line(found: str) -> str:
    digits = re.sub(r"[ \-()]", "", found)
    if len(digits) < 10 or len(digits) > 12:
        return found
    return mask_phone(digits)


# -- 居民身份证号码 (GB 11643): 6-digit region, 8-digit birth date, 3-digit sequence, check digit --
RESIDENT_ID_LENGTH = 18
ID_REQUIRED = "id.required"
ID_LENGTH = "id.length"  # params: length (what was typed, spaces removed), needed (18)
ID_FORMAT = "id.format"  # not 17 digits followed by a digit or X
ID_BIRTH_DATE = "id.birth_date"  # digits 7–14 are no date, or a date after today
ID_REGION = "id.region"  # params: region (digits 1–6), unknown for the birth year
ID_CHECKSUM = "id.checksum"  # the 18th character does not match (ISO 7064 MOD 11-2)

EARLIEST_BIRTH_YEAR = 1900  # nobody alive at a counter was born earlier
_WHITESPACE = re.compile(r"\s+")
_RESIDENT_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


def normalise_resident_id(text: str | None) -> str:
    """Typed or pasted text → the bare number: full-width characters folded (NFKC), every space
    removed, a trailing x upper-cased."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text or "")).upper()


def _region_known(number: str, birth_year: int) -> bool:
    """Digits 1–6 name a county (or city/province) in stdnum's table of GB/T 2260 codes.

    stdnum refuses a code whose county was *created* after the birth year; that refuses real
    numbers (the number is assigned at household registration or first issue, which may be years
    after birth, under the code in force then — python-stdnum issue #442), so here only a county
    *abolished* before the birth year counts against the number. stdnum 2.2 also raises KeyError
    for a code known only down to its province (e.g. 119999); that is an unknown region here.
    """
    from stdnum import numdb  # the ID checks load stdnum's tables only when used
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError as StdnumError

    try:
        ric.get_birth_place(number)
        return True
    except (StdnumError, KeyError):
        pass
    names = [
        props["county"] for _, props in numdb.get("cn/loc").info(number[:6]) if "county" in props
    ]
    for county in ",".join(names).split(","):
        if not county:
            continue
        if not county.startswith("["):
            return True
        ended = county[1:].split("]", 1)[0].split("-")[-1]
        if not ended or birth_year <= int(ended):
            return True
    return False


def validate_resident_id(
    text: str | None, field: str = "id_number", *, today: date | None = None
) -> str:
    """An 18-digit resident ID number (居民身份证号码), normalised, or :class:`ValidationError`.

    Checked in the order that names the wrong part most precisely (a single mistyped digit also
    breaks the check digit, so the check digit comes last): ``id.required``, ``id.length``
    (``length``, ``needed``), ``id.format``, ``id.birth_date`` (no such date, before 1900, or after ``today``
    when given — the caller's clock, never the system's), ``id.region`` (``region``),
    ``id.checksum``.
    """
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError as StdnumError

    number = normalise_resident_id(text)
    if not number:
        raise ValidationError(ID_REQUIRED, field)
    if len(number) != RESIDENT_ID_LENGTH:
        raise ValidationError(ID_LENGTH, field, length=len(number), needed=RESIDENT_ID_LENGTH)
    if not _RESIDENT_ID_SHAPE.match(number):
        raise ValidationError(ID_FORMAT, field)
    try:
        born = ric.get_birth_date(number)
    except StdnumError:
        raise ValidationError(ID_BIRTH_DATE, field) from None
    if born.year < EARLIEST_BIRTH_YEAR or (today is not None and born > today):
        raise ValidationError(ID_BIRTH_DATE, field)
    if not _region_known(number, born.year):
        raise ValidationError(ID_REGION, field, region=number[:6])
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError(ID_CHECKSUM, field)
    return number
