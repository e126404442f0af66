"""销户退费 (DOMAIN.md "Refunds for complaints", issue 16): the balance of a closed account.

A refund may be marked as the balance of a closed account. It then records the account type, the
balance split (cash / top-up card) and the destination:

- a **transfer** to another number (转入其他号码): recommended, and the only route for a top-up-card
  balance and for a pre-paid account;
- a **refund** paid by head office to the destination the customer gives on the work order
  (退至客户指定账户): a 全球通 (post-paid) **cash** balance only.

The closed number is never credited. The refund's amount is the balance it pays (cash + card).
Every refusal is a :class:`ClosureRefused` naming the rule (its ``code``); the form marks the field.
The destination is shown masked everywhere at the hall (:func:`mask_destination`); only head office's
work order shows it whole. Pure Python: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from hall_desk.domain.errors import ValidationError
from hall_desk.domain.identity import mask_phone, normalise_phone
from hall_desk.domain.refunds import AccountType
from hall_desk.domain.text import NUL

# -- the rules, each a code a refusal names ---------------------------------------------------
PREPAID_TRANSFER_ONLY = "closure.prepaid_transfer_only"  # a pre-paid balance is only transferred
CARD_TRANSFER_ONLY = "closure.card_transfer_only"  # a top-up-card balance is only transferred
CLOSED_NUMBER_CREDITED = "closure.closed_number_credited"  # the closed number is never credited
DESTINATION_REQUIRED = "closure.destination_required"
DESTINATION_NOT_PHONE = "closure.destination_not_phone"  # a transfer goes to a phone number
DESTINATION_TOO_LONG = "closure.destination_too_long"  # params: max
CLOSED_NUMBER_INVALID = "closure.closed_number_invalid"
BALANCE_INVALID = "closure.balance_invalid"  # not a sum of money >= 0 with at most two decimals
BALANCE_EMPTY = "closure.balance_empty"  # nothing to pay back
AMOUNT_NOT_BALANCE = "closure.amount_not_balance"  # params: balance (cash + card)
HANDED_OVER_AT_HALL = "closure.not_at_hall"  # head office pays it, never a 充值卡返还 at the hall
ACCOUNT_TYPE_INVALID = "closure.account_type_invalid"
ROUTE_INVALID = "closure.route_invalid"

MAX_DESTINATION = 100
_DESTINATION_CHARS = re.compile(r"^[0-9A-Za-z \-\u4e00-\u9fff（）()·]+$")


class ClosureRefused(ValidationError):
    """A closure refund breaking one of the rules above (``code`` names it; ``field`` the field)."""


class BalanceKind(StrEnum):
    CASH = "现金余额"
    TOP_UP_CARD = "充值卡余额"


class ClosureRoute(StrEnum):
    TRANSFER = "转入其他号码"  # recommended; the only route for card balances and pre-paid accounts
    REFUND = "退至客户指定账户"  # 全球通 cash balance only, paid by head office


@dataclass(frozen=True)
class AccountClosure:
    """What a closure refund records (money in yuan)."""

    account_type: AccountType
    closed_number: str
    cash_balance: Decimal
    card_balance: Decimal
    route: ClosureRoute
    destination: str  # a phone number (transfer) or the account the customer names (refund)

    @property
    def balance(self) -> Decimal:
        return self.cash_balance + self.card_balance

    @property
    def masked_destination(self) -> str:
        return mask_destination(self.route, self.destination)

    def payload(self) -> dict[str, str]:
        """Its form in the refund's events (``closure``; money as string yuan, two decimals)."""
        return {
            "account_type": self.account_type.value,
            "closed_number": self.closed_number,
            "cash_balance": f"{self.cash_balance:.2f}",
            "card_balance": f"{self.card_balance:.2f}",
            "route": self.route.value,
            "destination": self.destination,
        }


def _phone(text: str) -> str | None:
    try:
        return normalise_phone(text)
    except ValidationError:
        return None


def _balance(text: str | Decimal, field: str) -> Decimal:
    try:
        value = Decimal(str(text).strip() or "0")
    except InvalidOperation:
        raise ClosureRefused(BALANCE_INVALID, field) from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise ClosureRefused(BALANCE_INVALID, field)
    return value.quantize(Decimal("0.01"))


def validate_closure(
    *,
    account_type: str,
    closed_number: str,
    cash_balance: str | Decimal,
    card_balance: str | Decimal,
    route: str,
    destination: str,
    amount: Decimal | None = None,
    hall_hand_over: bool = False,
) -> AccountClosure:
    """The closure rules, in the order a person reads the form; the first broken one is raised.

    ``amount`` (the refund's amount, when known) must equal the balance paid; ``hall_hand_over``
    (the refund's method is 充值卡返还) is refused: head office pays a closure balance.
    """
    try:
        account = AccountType(account_type)
    except ValueError:
        raise ClosureRefused(ACCOUNT_TYPE_INVALID, "account_type") from None
    closed = _phone(closed_number or "")
    if not closed:
        raise ClosureRefused(CLOSED_NUMBER_INVALID, "closed_number")
    cash = _balance(cash_balance, "cash_balance")
    card = _balance(card_balance, "card_balance")
    if cash + card <= 0:
        raise ClosureRefused(BALANCE_EMPTY, "cash_balance")
    try:
        how = ClosureRoute(route)
    except ValueError:
        raise ClosureRefused(ROUTE_INVALID, "route") from None
    if how is ClosureRoute.REFUND:
        if account is AccountType.PREPAID:
            raise ClosureRefused(PREPAID_TRANSFER_ONLY, "route")
        if card > 0:
            raise ClosureRefused(CARD_TRANSFER_ONLY, "route")
    text = (destination or "").strip()
    if not text:
        raise ClosureRefused(DESTINATION_REQUIRED, "destination")
    if NUL in text or len(text) > MAX_DESTINATION:
        raise ClosureRefused(DESTINATION_TOO_LONG, "destination", max=MAX_DESTINATION)
    if how is ClosureRoute.TRANSFER:
        number = _phone(text)
        if not number:
            raise ClosureRefused(DESTINATION_NOT_PHONE, "destination")
        if number == closed:
            raise ClosureRefused(CLOSED_NUMBER_CREDITED, "destination")
        text = number
    else:
        if not _DESTINATION_CHARS.match(text):
            raise ClosureRefused(DESTINATION_TOO_LONG, "destination", max=MAX_DESTINATION)
        digits = re.sub(r"\D", "", text)
        if digits and digits == closed:
            raise ClosureRefused(CLOSED_NUMBER_CREDITED, "destination")
    if amount is not None and amount != cash + card:
        raise ClosureRefused(AMOUNT_NOT_BALANCE, "amount", balance=f"{cash + card:.2f}")
    if hall_hand_over:
        raise ClosureRefused(HANDED_OVER_AT_HALL, "method")
    return AccountClosure(account, closed, cash, card, how, text)


def closure_from_payload(value: Mapping[str, Any], amount: Decimal | None = None) -> AccountClosure:
    """The ``closure`` object of a refund's event, checked by the same rules (head office refuses
    a closure refund breaking them; a desk applying one does the same)."""
    if not isinstance(value, Mapping):
        raise ClosureRefused(ROUTE_INVALID, "closure")
    texts = {}
    for key in ("account_type", "closed_number", "cash_balance", "card_balance", "route"):
        item = value.get(key)
        if not isinstance(item, str):
            raise ClosureRefused(ROUTE_INVALID if key == "route" else BALANCE_INVALID, key)
        texts[key] = item
    destination = value.get("destination")
    if not isinstance(destination, str):
        raise ClosureRefused(DESTINATION_REQUIRED, "destination")
    return validate_closure(
        account_type=texts["account_type"],
        closed_number=texts["closed_number"],
        cash_balance=texts["cash_balance"],
        card_balance=texts["card_balance"],
        route=texts["route"],
        destination=destination,
        amount=amount,
    )


def closure_rule_broken(value: Any) -> str | None:
    """The catalogue's validator of a refund's ``closure`` field: the rule it breaks, or None."""
    try:
        closure_from_payload(value)
    except ClosureRefused as error:
        return error.code
    return None


def mask_destination(route: ClosureRoute | str, destination: str) -> str:
    """A transfer's number as 138****5678; an account the customer named keeps its last four
    characters only (its bank or holder's words are hidden too)."""
    if route == ClosureRoute.TRANSFER.value:
        return mask_phone(destination)
    text = destination.strip()
    if len(text) <= 4:
        return "*" * len(text)
    return "*" * (len(text) - 4) + text[-4:]
