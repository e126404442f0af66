"""With CI=true a test skipped because a tool or service is missing counts as a failure; CI sets
CI=true itself; every package the code and the tests import is declared in pyproject.toml."""

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SKIPPING = """
import pytest

def test_needs_a_tool():
    pytest.skip("pdftotext not installed")
"""

SKIPPING_WHOLE = """
import pytest

pytest.importorskip("hall_desk_no_such_module")


def test_needs_the_module():
    pass
"""


def run_with_the_suite_s_conftest(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str, module: str
) -> pytest.RunResult:
    monkeypatch.setenv("CI", ci)
    # The suite's conftest loads fixture plugins from the ``tests`` package of this repository.
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(module)
    return pytester.runpytest_subprocess("-p", "no:cacheprovider")


@pytest.mark.parametrize(("ci", "outcome"), [("true", "failed"), ("", "skipped")])
def test_skips_fail_in_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str, outcome: str
) -> None:
    result = run_with_the_suite_s_conftest(pytester, monkeypatch, ci, SKIPPING)
    result.assert_outcomes(**{outcome: 1})


@pytest.mark.parametrize(("ci", "outcome"), [("true", "errors"), ("", "skipped")])
def test_a_module_skipped_whole_fails_in_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str, outcome: str
) -> None:
    """A module-level ``importorskip`` skips at collection, before any test runs."""
    result = run_with_the_suite_s_conftest(pytester, monkeypatch, ci, SKIPPING_WHOLE)
    result.assert_outcomes(**{outcome: 1})
    if ci:
        assert result.ret != 0
        result.stdout.fnmatch_lines(["*skipped whole in CI*hall_desk_no_such_module*"])


def test_the_ci_entry_point_sets_ci_itself(tmp_path: Path) -> None:
    """.ci/run, started without CI in the environment, runs the suite with CI=true."""
    (tmp_path / ".ci").mkdir()
    (tmp_path / "packaging").mkdir()
    shutil.copy2(REPO / ".ci" / "run", tmp_path / ".ci" / "run")
    stand_in = tmp_path / "packaging" / "run-tests.sh"  # the suite itself is not run here
    stand_in.write_text(
        '#!/usr/bin/env bash\necho "suite sees CI=${CI:-unset}"\n', encoding="utf-8"
    )
    stand_in.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    done = subprocess.run(
        [str(tmp_path / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "suite sees CI=true" in done.stdout


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(*groups: str) -> set[str]:
    """Distribution names required by pyproject.toml: ``dependencies`` and the named extras."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for group in groups:
        requirements += project["optional-dependencies"][group]
    names = (re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", r) for r in requirements)
    return {_canonical(name.group()) for name in names if name}


def _imported(folder: str) -> dict[str, str]:
    """Top-level modules imported by the Python files under ``folder`` (absolute imports that are
    neither the standard library nor this repository's), each with one file that imports it."""
    ours = {"hall_desk", "tests", "benchmarks", "seed", "__future__"}  # seed: benchmarks/seed.py
    found: dict[str, str] = {}
    for path in sorted((REPO / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ours:
                    found.setdefault(top, str(path.relative_to(REPO)))
    return found


@pytest.mark.parametrize(
    ("folder", "groups"),
    [
        ("hall_desk", ("hq",)),
        ("tests", ("hq", "dev")),
        ("benchmarks", ("hq", "dev")),
        ("packaging", ("hq", "dev")),
    ],
)
def test_every_imported_package_is_declared(folder: str, groups: tuple[str, ...]) -> None:
    """A package imported directly is declared directly (the app's in ``dependencies`` or the
    ``hq`` extra, the tests' in ``dev`` too), not merely brought by another one: a dependency
    dropping it must not break the suite or the app."""
    declared = _declared(*groups)
    installed = packages_distributions()
    undeclared = {
        f"{module} ({where})"
        for module, where in _imported(folder).items()
        if not any(_canonical(dist) in declared for dist in installed.get(module, [module]))
    }
    assert not undeclared, f"declare in pyproject.toml: {sorted(undeclared)}"
