"""Prints (and records) how many inputs each validator and parser was given."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.properties.support import EXAMPLES, PROFILE


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not EXAMPLES:
        return
    terminalreporter.section(f"hypothesis examples per validator (profile {PROFILE})")
    width = max(len(name) for name in EXAMPLES)
    for name, count in sorted(EXAMPLES.items()):
        terminalreporter.write_line(f"{name:<{width}}  {count:>6}")
    target = os.environ.get("HALL_DESK_PROPERTY_REPORT")
    if target:
        Path(target).write_text(
            json.dumps({"profile": PROFILE, "examples": dict(sorted(EXAMPLES.items()))}, indent=2),
            encoding="utf-8",
        )
