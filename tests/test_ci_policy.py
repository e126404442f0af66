"""With CI=true a test skipped because a tool or service is missing counts as a failure; CI sets
CI=true itself."""

import os
import shutil
import subprocess
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
