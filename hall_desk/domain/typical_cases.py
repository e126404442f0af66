"""典型案例库 (DOMAIN.md "Reporting and improvement"): a closed complaint written up as a typical case
by its handler; each handler's monthly count against the quota; the quarter's best cases.

Pure rules, "now" passed in. Months and quarters are Asia/Shanghai calendar ones (a case written at
23:30 on 31 October, local time, counts for October although it is stored as 15:30 UTC).

- Only a closed complaint (已归档) is written up, and only by its handler: the first responder or the
  colleague it was transferred to (``handler_no``).
- Required: title, background (背景), handling (处理过程), lessons (经验启示) and the class
  (大类 / 子类 from the catalogue, the complaint's by default); each with a maximum length.
- Quota: ``Policy.typical_case_monthly_quota`` a month per handler. A target shown against the count
  (本月已写 1/2), not a cap: a third case is welcome.
- Best: a store manager marks at most ``Policy.best_cases_per_quarter`` cases of a quarter (the
  quarter the case was written in) as its best; the next one is refused, unmarking frees a place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from hall_desk.domain.catalogue import Catalogue
from hall_desk.domain.clock import SHANGHAI
from hall_desk.domain.complaints import ComplaintState
from hall_desk.domain.errors import (
    DomainError,
    ErrorCollector,
    PermissionDenied,
    ValidationError,
)
from hall_desk.domain.text import NUL, TEXT_NUL

NOT_CLOSED = "typical_case.not_closed"  # refused: params number, state
NOT_HANDLER = "typical_case.not_handler"  # permission: params number
NOT_AUTHOR = "typical_case.not_author"  # permission: only its author changes a case
ALREADY_WRITTEN = "typical_case.already_written"  # refused: params number (one case per complaint)
BEST_FULL = "typical_case.best_full"  # refused: params quarter, limit
ALREADY_BEST = "typical_case.already_best"  # refused: params quarter
NOT_BEST = "typical_case.not_best"  # refused: nothing to unmark
NOT_FOUND = "typical_case.not_found"
OTHER_DESK = "typical_case.other_desk"  # refused: params desk (change it where it was written)

MAX_LEN = {"title": 60, "background": 2000, "handling": 2000, "lessons": 1000}
TEXT_FIELDS = ("title", "background", "handling", "lessons")


class CaseRefused(DomainError):
    """A typical-case action the case's or complaint's state does not allow."""


@dataclass
class TypicalCaseDraft:
    """What the form holds, as typed."""

    title: str = ""
    main_class: str = ""
    sub_class: str = ""
    background: str = ""
    handling: str = ""
    lessons: str = ""


@dataclass(frozen=True)
class TypicalCaseText:
    """A checked write-up."""

    title: str
    main_class: str
    sub_class: str
    background: str
    handling: str
    lessons: str


def validate_case(draft: TypicalCaseDraft, catalogue: Catalogue) -> TypicalCaseText:
    """Every bad field at once (:class:`~hall_desk.domain.errors.ValidationErrors`)."""
    errors = ErrorCollector()
    texts: dict[str, str] = {}
    for name in TEXT_FIELDS:
        text = (getattr(draft, name) or "").strip()
        if not text:
            errors.add("text.required", name)
        elif NUL in text:
            errors.add(TEXT_NUL, name)
        elif len(text) > MAX_LEN[name]:
            errors.add("text.too_long", name, max=MAX_LEN[name])
        texts[name] = text
    if not draft.main_class:
        errors.add("choice.required", "main_class")
    elif draft.main_class not in catalogue.classes():
        errors.add("choice.invalid", "main_class")
    elif not draft.sub_class:
        errors.add("choice.required", "sub_class")
    elif draft.sub_class not in catalogue.sub_classes(draft.main_class):
        errors.add("choice.invalid", "sub_class")
    errors.raise_if_any()
    return TypicalCaseText(main_class=draft.main_class, sub_class=draft.sub_class, **texts)


def is_handler(staff_no: str, first_responder_no: str, handler_no: str) -> bool:
    """The complaint's handler: its first responder, or the colleague it was transferred to."""
    return bool(staff_no) and staff_no in (first_responder_no, handler_no or None)


def check_may_write_up(
    *, state: str, number: str, staff_no: str, first_responder_no: str, handler_no: str
) -> None:
    """Only a closed complaint, only by its handler."""
    if state != ComplaintState.CLOSED.value:
        raise CaseRefused(NOT_CLOSED, number=number, state=state)
    if not is_handler(staff_no, first_responder_no, handler_no):
        raise PermissionDenied(NOT_HANDLER, number=number)


# -- months and quarters (Asia/Shanghai) ----------------------------------------------------------


def month_of(at: datetime) -> tuple[int, int]:
    local = at.astimezone(SHANGHAI)
    return local.year, local.month


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar month, in UTC."""
    start = datetime(year, month, 1, tzinfo=SHANGHAI)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=SHANGHAI)
    return start.astimezone(UTC), end.astimezone(UTC)


def quarter_of(at: datetime) -> str:
    """'2026Q4' for any time of October–December 2026, local time."""
    local = at.astimezone(SHANGHAI)
    return f"{local.year}Q{(local.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[datetime, datetime]:
    """[start, end) of a quarter ('2026Q4'), in UTC."""
    try:
        year, q = int(quarter[:4]), int(quarter[5:])
        if len(quarter) != 6 or quarter[4] != "Q" or not 1 <= q <= 4:
            raise ValueError(quarter)
    except ValueError:
        raise ValidationError("typical_case.quarter_invalid", "quarter") from None
    start = datetime(year, 3 * q - 2, 1, tzinfo=SHANGHAI)
    end = datetime(year + (q == 4), (3 * q) % 12 + 1, 1, tzinfo=SHANGHAI)
    return start.astimezone(UTC), end.astimezone(UTC)


@dataclass(frozen=True)
class QuotaStatus:
    """One handler's month: written / quota."""

    staff_no: str
    name: str
    written: int
    quota: int

    @property
    def met(self) -> bool:
        return self.written >= self.quota

    @property
    def missing(self) -> int:
        return max(self.quota - self.written, 0)


def count_in_month(written_at: list[datetime], year: int, month: int) -> int:
    """How many of these times fall in the local month."""
    start, end = month_bounds(year, month)
    return sum(1 for at in written_at if start <= at < end)


# -- the quarter's best ---------------------------------------------------------------------------


def check_may_mark_best(
    *, already_best: str | None, quarter: str, marked_in_quarter: int, limit: int
) -> None:
    """A case not marked yet, and a place left among the quarter's ``limit``."""
    if already_best is not None:
        raise CaseRefused(ALREADY_BEST, quarter=already_best)
    if marked_in_quarter >= limit:
        raise CaseRefused(BEST_FULL, quarter=quarter, limit=limit)


def check_may_unmark(already_best: str | None) -> None:
    if already_best is None:
        raise CaseRefused(NOT_BEST)
