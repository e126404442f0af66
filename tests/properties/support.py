"""Shared strategies, the run's hypothesis settings and the examples-per-validator count.

Profiles (``HALL_DESK_PROPERTIES=ci|soak``, default ``ci``): ``ci`` tries 200 inputs per validator,
``soak`` 5,000. The number of inputs each validator actually saw is printed at the end of the run
("hypothesis examples per validator", the README figure) and written as JSON to
``HALL_DESK_PROPERTY_REPORT`` when that is set.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from datetime import UTC
from enum import Enum
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from hall_desk.domain.errors import DomainError

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "soak", max_examples=5_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = os.environ.get("HALL_DESK_PROPERTIES", "ci")
run_settings = settings(settings.get_profile(PROFILE))

EXAMPLES: Counter[str] = Counter()
T = TypeVar("T")

# What a counter clerk (or a copy-paste) may put in any field.
NASTY = [
    "",
    " ",
    "\t",
    "\r\n",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\ud7ff",
    "👩‍👩‍👧",
    "🇨🇳",
    "'; DROP TABLE complaint;--",
    "<b>加粗</b>",
    "<script>alert(1)</script>",
    "&amp;",
    "%s%d",
    "{0}",
    "\\",
    "NaN",
    "Infinity",
    "-0",
    "1e9999",
    "0x10",
    "1_000",
    "１３８００１３８０００",
    "+86 138 0013 8000",
    "13800138000",
    "138-0013-8000",
    "١٢٣٤",
    "110105194912310029",
    "11010519491231002X",
    "110105194912310028",
    "2026-02-30",
    "12.345",
    "100.00",
    "-5",
    "¥100",
    "9" * 40,
    "甲" * 5000,
]
nasty_text = st.sampled_from(NASTY)
long_text = st.builds(
    lambda piece, n: piece * n, st.text(min_size=1, max_size=4), st.integers(0, 3000)
)
any_text = st.one_of(
    st.text(),
    nasty_text,
    long_text,
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Nd"])),
)


def text_or(*choices: str) -> st.SearchStrategy[str]:
    """Arbitrary text, or one of the values the field accepts (so valid paths are reached too)."""
    return st.one_of(any_text, st.sampled_from(choices)) if choices else any_text


def values_of(enum: type[Enum]) -> list[str]:
    return [member.value for member in enum]


moments = st.one_of(
    st.none(),
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(),  # naive: a bug elsewhere, but never a crash here
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | nasty_text,
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=30,
)


def check(
    name: str,
    call: Callable[[], T],
    valid: type | tuple[type, ...] | Callable[[Any], bool],
    errors: type[BaseException] | tuple[type[BaseException], ...] = DomainError,
) -> T | None:
    """``call()`` gives a valid value or raises a typed error (``errors``); anything else fails."""
    EXAMPLES[name] += 1
    try:
        value = call()
    except errors:
        return None
    ok = (
        valid(value)
        if callable(valid) and not isinstance(valid, type | tuple)
        else isinstance(value, valid)
    )
    assert ok, f"{name} gave {value!r}"
    return value
