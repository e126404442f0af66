"""The policy document's ``console`` section (issue 17, format 5): head office's console lockout
and session limits, validated on its own, published only when given."""

from __future__ import annotations

import pytest

from hall_desk.domain.console_limits import DEFAULT_CONSOLE_LIMITS, ConsoleLimits
from hall_desk.domain.errors import ValidationErrors
from hall_desk.domain.policy_document import (
    POLICY_FORMAT,
    parse_policy_document,
    policy_document,
)


def test_a_console_section_is_read_and_written_back() -> None:
    document = parse_policy_document(
        {"version": 2, "format": 5, "console": {"failures_allowed": 3, "idle_minutes": 30}}
    )
    assert document.console == ConsoleLimits(failures_allowed=3, idle_minutes=30)
    written = policy_document(document)
    assert written["console"] == {
        "failures_allowed": 3, "failure_window_minutes": 15, "idle_minutes": 30, "total_hours": 10,
    }  # fmt: skip
    assert written["format"] == POLICY_FORMAT == 5
    assert parse_policy_document(written).console == document.console


def test_without_the_section_the_defaults_hold_and_nothing_is_written() -> None:
    document = parse_policy_document({"version": 2})
    assert document.console is None
    assert "console" not in policy_document(document)
    assert ConsoleLimits(5, 15, 15, 10) == DEFAULT_CONSOLE_LIMITS


@pytest.mark.parametrize(
    ("section", "fields"),
    [
        ({"failures_allowed": 0}, ["console.failures_allowed"]),
        (
            {"idle_minutes": 241, "total_hours": "10"},
            ["console.idle_minutes", "console.total_hours"],
        ),
        ({"failure_window_minutes": True}, ["console.failure_window_minutes"]),
        ({"lockout": 5}, ["console.lockout"]),
        ("5", ["console"]),
    ],
)
def test_a_bad_console_section_is_refused_naming_each_key(
    section: object, fields: list[str]
) -> None:
    with pytest.raises(ValidationErrors) as refused:
        parse_policy_document({"version": 2, "console": section, "regulator_days": 0})
    named = [e.field for e in refused.value.errors]
    assert "regulator_days" in named  # the rest of the document is still checked
    assert sorted(f for f in named if f and f.startswith("console")) == sorted(fields)
