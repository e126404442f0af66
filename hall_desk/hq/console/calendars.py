"""A hall's working calendar as the console uses it (issue 17, console17b): the ``calendar``
section of the hall's published policy over the holiday package's data, as 营业厅与台席 layers
them; and the latest last contact that makes a desk silent now (more than one working day)."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.errors import DomainError
from hall_desk.domain.policy_document import parse_calendar
from hall_desk.domain.workdays import (
    CHINESE_CALENDAR,
    LayeredCalendar,
    WorkingCalendar,
    add_working_days,
)

log = logging.getLogger(__name__)


def layered_calendar(section: dict[str, Any] | None) -> WorkingCalendar:
    """A published ``calendar`` section over the package's data (the package's alone when the
    section is missing or not usable)."""
    if not section:
        return CHINESE_CALENDAR
    try:
        published = parse_calendar(section)
    except DomainError:
        log.warning("a published calendar is not usable here: the package's data instead")
        return CHINESE_CALENDAR
    return LayeredCalendar(published, CHINESE_CALENDAR) if published.years else CHINESE_CALENDAR


def silent_before(now: datetime, calendar: WorkingCalendar = CHINESE_CALENDAR) -> str:
    """The latest last contact that makes a desk silent now: more than one working day ago by
    ``calendar`` (to the hour)."""
    candidate = now - timedelta(days=1)
    for _ in range(24 * 40):
        if add_working_days(candidate, 1, calendar).due <= now:
            break
        candidate -= timedelta(hours=1)
    return utc_iso(candidate)


def silent_cutoffs(
    now: datetime, sections: dict[str, dict[str, Any]]
) -> tuple[str, dict[str, str]]:
    """The package calendar's cutoff, and each hall's own where its published calendar gives
    another (one computation per distinct calendar)."""
    default = silent_before(now)
    by_section: dict[str, str] = {}
    halls = {}
    for hall, section in sections.items():
        key = json.dumps(section, sort_keys=True)
        if key not in by_section:
            by_section[key] = silent_before(now, layered_calendar(section))
        if by_section[key] != default:
            halls[hall] = by_section[key]
    return default, halls
