"""The repository keeps its shape: layer contracts, lint, and generated forms that match their .ui.

The tools are the ones installed beside the running Python (the project's .venv); a missing tool
skips, which the root conftest turns into a failure under CI=true.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINTED = ("hall_desk", "tests", "benchmarks", "packaging")


def tool(name: str) -> str:
    """The console script ``name`` of this environment (else on PATH), or skip."""
    scripts = Path(sys.executable).parent
    for candidate in (scripts / name, scripts / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return found


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )


def explain(result: subprocess.CompletedProcess[str]) -> str:
    return (
        f"{' '.join(result.args)} exited {result.returncode}\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    )


def test_import_contracts_hold() -> None:
    """The import-linter contracts in pyproject.toml (domain pure, no Qt below ui, layers)."""
    result = run([tool("lint-imports"), "--no-cache"])
    assert result.returncode == 0, explain(result)


def test_ruff_finds_nothing() -> None:
    paths = [name for name in LINTED if (REPO / name).exists()]
    result = run([tool("ruff"), "check", "--no-cache", *paths])
    assert result.returncode == 0, explain(result)


def test_ruff_format_changes_nothing() -> None:
    """One formatting for the whole tree (``ruff format``): a file it would change fails here."""
    paths = [name for name in LINTED if (REPO / name).exists()]
    result = run([tool("ruff"), "format", "--check", "--no-cache", *paths])
    assert result.returncode == 0, explain(result)


def test_generated_forms_are_up_to_date() -> None:
    """hall_desk/ui/forms/*_ui.py are what packaging/compile_forms.py makes of forms/*.ui now."""
    result = run([sys.executable, "packaging/compile_forms.py", "--check"])
    if result.returncode == 2:
        pytest.skip(result.stderr.strip())
    assert result.returncode == 0, explain(result)
