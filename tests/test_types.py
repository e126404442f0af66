"""hall_desk type-checks with 0 errors (issue 21 item 6), under the configuration in pyproject.toml.

mypy runs as a subprocess with the project's [tool.mypy] settings: strict for domain, sync,
services, hq and storage, the default for ui and documents. Its cache (.mypy_cache, git-ignored)
makes a rerun quick; a cold run of the whole package takes about 20 s on one core.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
STRICT_PACKAGES = ("domain", "sync", "services", "hq", "storage")
# the flags `mypy --strict` turns on that can be set per module (warn_redundant_casts is global)
STRICT_FLAGS = {
    "disallow_any_generics": True,
    "disallow_subclassing_any": True,
    "disallow_untyped_calls": True,
    "disallow_untyped_defs": True,
    "disallow_incomplete_defs": True,
    "check_untyped_defs": True,
    "disallow_untyped_decorators": True,
    "warn_return_any": True,
    "implicit_reexport": False,
    "strict_equality": True,
    "extra_checks": True,
}


def mypy_config() -> dict[str, Any]:
    with (REPO / "pyproject.toml").open("rb") as file:
        config: dict[str, Any] = tomllib.load(file)["tool"]["mypy"]
    return config


def test_hall_desk_type_checks_with_no_error() -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[dev]')")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 0 and not errors, (
        f"mypy found {len(errors)} error(s):\n{result.stdout}{result.stderr}"
    )


def test_strict_layers_are_checked_strictly() -> None:
    config = mypy_config()
    assert config["warn_redundant_casts"] is True
    assert config["warn_unused_ignores"] is True
    strict_modules: set[str] = set()
    for override in config["overrides"]:
        if all(override.get(flag) == value for flag, value in STRICT_FLAGS.items()):
            strict_modules.update(override["module"])
    for package in STRICT_PACKAGES:
        assert f"hall_desk.{package}.*" in strict_modules, package


def test_no_error_is_silenced_wholesale() -> None:
    """No module's errors are ignored, and every ``# type: ignore`` names the error it accepts."""
    config = mypy_config()
    assert "ignore-without-code" in config["enable_error_code"]
    assert "ignore_errors" not in config
    assert all("ignore_errors" not in override for override in config["overrides"])
    bare = re.compile(r"#\s*type:\s*ignore(?!\[)")
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "hall_desk").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bare.search(line)
    ]
    assert offenders == []
