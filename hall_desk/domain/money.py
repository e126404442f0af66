"""Exact money: Decimal yuan in the domain, integer fen (分) in storage."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from hall_desk.domain.errors import ValidationError

MAX_AMOUNT = Decimal("100000000")  # one hundred million yuan: beyond any complaint
# A comma is a thousands separator only: exactly three digits after it, then the end, the decimal
# point or the next comma. ``1,00`` (a decimal comma) was read as 100.00 yuan (issue 20).
AMOUNT_COMMA = "amount.comma"
_MISPLACED_COMMA = re.compile(r"[,，](?!\d{3}(?:[,，.]|$))")


def parse_amount(text: str | Decimal | None, field: str = "amount") -> Decimal | None:
    """Parse a yuan amount typed by a person: ≥ 0, at most two decimals. Empty → None."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        value = text
    else:
        typed = text.strip().replace("¥", "").replace("元", "").strip()
        if _MISPLACED_COMMA.search(typed):
            raise ValidationError(AMOUNT_COMMA, field)
        cleaned = typed.replace(",", "").replace("，", "")
        if not cleaned:
            return None
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError("amount.not_a_number", field) from None
    if not value.is_finite():
        raise ValidationError("amount.not_a_number", field)
    if value < 0:
        raise ValidationError("amount.negative", field)
    # Too large first: quantizing a number of more than 26 integer digits raises InvalidOperation.
    if value >= MAX_AMOUNT:
        raise ValidationError("amount.too_large", field, max=str(MAX_AMOUNT))
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise ValidationError("amount.too_many_decimals", field)
    return value.quantize(Decimal("0.01"))


def to_fen(amount: Decimal) -> int:
    return int((amount * 100).to_integral_exact())


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def format_yuan(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


# --- 大写金额: the amount in Chinese capitals, as written on a refund slip --------------------

_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACE_UNITS = ("", "拾", "佰", "仟")  # inside a section of four digits
_SECTION_UNITS = ("", "万", "亿")  # one per section of four digits, from the right
CAPITALS_LIMIT = Decimal("1000000000000")  # 壹万亿: the first amount with no section unit left


def yuan_in_capitals(amount: Decimal) -> str:
    """The amount in Chinese capitals by banking practice (DOMAIN.md, "Refunds for complaints").

    Returns the capitals only, without the currency word: a document prints
    ``人民币`` + ``yuan_in_capitals(amount)``.

    - Units 元, then 角, then 分; 整 closes an amount that ends at 元 or 角 (叁佰元整,
      壹佰元伍角整); an amount ending in 分 takes no 整 (壹元零伍分).
    - Inside the yuan, any run of zeros between two digits is one 零, across the 万 and 亿
      sections too (壹仟零伍元, 壹拾万零壹拾元, 壹亿零壹元); zeros at the end of the yuan are
      silent, and 元 closes the run (壹佰元伍角整, as in DOMAIN.md). A zero 角 between yuan and
      分 is written 零 (壹万零壹拾元零柒分).
    - 拾 always takes its digit, as on a cheque: 壹拾元整, 壹拾万元整.
    - Below one yuan there is no 元: 伍角整, 伍分, 叁角伍分. Zero is 零元整.

    Raises ValidationError for a negative amount, more than two decimals, a non-number, or an
    amount from 壹万亿 up (no unit left to write it with).
    """
    if not isinstance(amount, Decimal):
        amount = Decimal(amount)
    if not amount.is_finite():
        raise ValidationError("amount.not_a_number", "amount")
    if amount < 0:
        raise ValidationError("amount.negative", "amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError("amount.too_many_decimals", "amount")
    if amount >= CAPITALS_LIMIT:
        raise ValidationError("amount.too_large", "amount", max=str(CAPITALS_LIMIT))
    fen_total = to_fen(amount)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    if fen_total == 0:
        return "零元整"
    parts: list[str] = []
    if yuan:
        parts.append(_yuan_in_capitals(yuan) + "元")
    if jiao:
        parts.append(_CAPITAL_DIGITS[jiao] + "角")
    if fen:
        if yuan and not jiao:
            parts.append("零")
        parts.append(_CAPITAL_DIGITS[fen] + "分")
    else:
        parts.append("整")
    return "".join(parts)


def _yuan_in_capitals(yuan: int) -> str:
    """A whole positive number of yuan in capitals, without 元."""
    digits = str(yuan)
    out: list[str] = []
    zero_pending = False  # a run of zeros seen since the last digit written
    section_has_digit = False
    for index, char in enumerate(digits):
        power = len(digits) - 1 - index
        place, section = power % 4, power // 4
        digit = int(char)
        if digit == 0:
            zero_pending = True
        else:
            if zero_pending:
                out.append("零")
                zero_pending = False
            out.append(_CAPITAL_DIGITS[digit] + _PLACE_UNITS[place])
            section_has_digit = True
        if place == 0:
            if section_has_digit:
                out.append(_SECTION_UNITS[section])
            section_has_digit = False
    return "".join(out)
