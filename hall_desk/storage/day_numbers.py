"""Human-readable running numbers per desk and local day (ARCHITECTURE.md: numbers embed the desk
code so desks never collide): complaints ``<desk>-<yymmdd>-<nnnn>``, refunds ``<desk>-R<yymmdd>-…``,
transfers ``<desk>-G<yymmdd>-…``. One counter row per prefix and day; call inside the change's
transaction so a number is used only if the change commits."""

from __future__ import annotations

from datetime import datetime

from hall_desk.domain.clock import SHANGHAI
from hall_desk.storage.models import DayCounter


def next_day_number(desk_code: str, now: datetime, prefix: str = "") -> str:
    """The desk's next number for the local (Asia/Shanghai) day of ``now``."""
    key = prefix + now.astimezone(SHANGHAI).strftime("%y%m%d")
    DayCounter.insert(day=key, last=1).on_conflict(
        conflict_target=[DayCounter.day], update={DayCounter.last: DayCounter.last + 1}
    ).execute()
    last = DayCounter.get(DayCounter.day == key).last
    return f"{desk_code}-{key}-{last:04d}"
