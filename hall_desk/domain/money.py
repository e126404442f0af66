"""Exact money: Decimal yuan in the domain, integer fen (分) in storage."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from hall_desk.domain.errors import ValidationError

MAX_AMOUNT = Decimal("100000000")  # one hundred million yuan: beyond any complaint


def parse_amount(text: str | Decimal | None, field: str = "amount") -> Decimal | None:
    """Parse a yuan amount typed by a person: ≥ 0, at most two decimals. Empty → None."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        value = text
    else:
        cleaned = text.strip().replace(",", "").replace("，", "").replace("¥", "").replace("元", "")
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
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise ValidationError("amount.too_many_decimals", field)
    if value >= MAX_AMOUNT:
        raise ValidationError("amount.too_large", field, max=str(MAX_AMOUNT))
    return value.quantize(Decimal("0.01"))


def to_fen(amount: Decimal) -> int:
    return int((amount * 100).to_integral_exact())


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def format_yuan(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"
