"""Head office's console limits (issue 17), the policy document's ``console`` section: how many
wrong passwords or codes per account and client address within how many minutes lock that pair
(for as long), and when a console session ends (idle minutes, hours in all). Validated on its own;
a document without the section keeps the defaults (5 within 15 minutes; 15 minutes idle, 10 hours).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hall_desk.domain.errors import ValidationError, ValidationErrors


@dataclass(frozen=True)
class ConsoleLimits:
    failures_allowed: int = 5
    failure_window_minutes: int = 15
    idle_minutes: int = 15
    total_hours: int = 10

    def to_json(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in CONSOLE_RANGES}


DEFAULT_CONSOLE_LIMITS = ConsoleLimits()
CONSOLE_RANGES: dict[str, tuple[int, int]] = {  # key → (lowest, highest) accepted
    "failures_allowed": (1, 20),
    "failure_window_minutes": (1, 24 * 60),
    "idle_minutes": (1, 240),
    "total_hours": (1, 24),
}


def parse_console_limits(raw: object) -> ConsoleLimits:
    """The ``console`` section checked; raises ``ValidationErrors`` naming each bad key
    (``console.<key>``). Keys left out keep their default."""
    if not isinstance(raw, Mapping):
        raise ValidationError("policy.not_object", "console")
    errors: list[ValidationError] = []
    values: dict[str, int] = {}
    for key in raw:
        if key not in CONSOLE_RANGES:
            errors.append(ValidationError("policy.unknown_key", f"console.{key}"))
    for key, (low, high) in CONSOLE_RANGES.items():
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors.append(
                ValidationError("policy.out_of_range", f"console.{key}", min=low, max=high)
            )
        else:
            values[key] = value
    if errors:
        raise ValidationErrors(errors)
    return ConsoleLimits(**values)
