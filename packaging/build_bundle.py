"""Build the one-folder bundle of the desk app with PyInstaller, then measure it.

    .venv/bin/python packaging/build_bundle.py                 # -> dist/hall_desk/
    .venv/bin/python packaging/build_bundle.py --dist DIR --work DIR [--with-test-keyring]

Runs on the platform it builds for (PyInstaller does not cross-compile): on Linux it makes the
Linux bundle, on Windows the one the installer (packaging/windows/hall_desk.nsi) ships. Steps:

1. the generated sources must be current (``PRE_BUILD``: the forms match forms/*.ui);
2. PyInstaller with packaging/hall_desk.spec (resources/ as a whole: fonts and their licences,
   icons, translations — whatever is in resources/translations when the build runs is shipped;
   when the .qm files come to be built by a script, run it here, before step 2);
3. prints the bundle's size, the build time and its cold start: the bundled app started offscreen
   on a fresh data directory with the demo hall (``HALL_DESK_QUIT_AFTER_SHOWN=1``: it quits as soon
   as the main window is shown) — the first start, and the median of three more.

``--with-test-keyring`` adds the test suite's file keyring (``tests.sync.keyrings``, not secret) as
a hidden import (packaging/hall_desk.spec, via ``HALL_DESK_BUNDLE_TEST_KEYRING``) so that the
bundle's ``self-test`` can run headless in CI
(``PYTHON_KEYRING_BACKEND=tests.sync.keyrings.FileKeyring``); a bundle for a hall is built without
it and uses the system keyring.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "packaging" / "hall_desk.spec"
NAME = "hall_desk"
EXECUTABLE = "hall-desk.exe" if sys.platform == "win32" else "hall-desk"
TEST_KEYRING_ENV = "HALL_DESK_BUNDLE_TEST_KEYRING"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


# Scripts run before PyInstaller, each must exit 0: the generated sources the bundle ships must
# be current. HOOK: when the translations' .qm files come to be built by a script (rather than
# committed under resources/translations/), add it here, e.g. ("compile_translations.py", []):
# the whole resources/ folder is shipped as it is after these have run.
PRE_BUILD: list[tuple[str, list[str]]] = [
    ("compile_forms.py", ["--check"]),  # hall_desk/ui/forms/*_ui.py match forms/*.ui
]


def pre_build() -> None:
    for script, args in PRE_BUILD:
        result = subprocess.run(
            [sys.executable, str(REPO / "packaging" / script), *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"build_bundle: {script} failed:\n{result.stderr or result.stdout}")


def build(dist: Path, work: Path, *, test_keyring: bool) -> Path:
    env = dict(os.environ)
    env.pop(TEST_KEYRING_ENV, None)
    if test_keyring:
        env[TEST_KEYRING_ENV] = "1"
    # A fresh analysis every time (no stale module from an earlier build); PyInstaller's own cache
    # of processed binaries (keyed by their content) is kept.
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(dist / NAME, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    result = subprocess.run(command, cwd=REPO, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"build_bundle: PyInstaller failed ({result.returncode})")
    executable = dist / NAME / EXECUTABLE
    if not executable.is_file():
        raise SystemExit(f"build_bundle: {executable} was not made")
    return dist / NAME


def app_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "HALL_DESK_QUIT_AFTER_SHOWN": "1",
            "HALL_DESK_NONINTERACTIVE": "1",
            "HALL_DESK_DATA_DIR": str(data_dir),
        }
    )
    return env


def start_once(bundle: Path, data_dir: Path) -> float:
    """Seconds from starting the bundled app (demo hall) to it quitting once its window showed."""
    started = time.perf_counter()
    result = subprocess.run(
        [str(bundle / EXECUTABLE), "--demo"],
        env=app_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(
            f"build_bundle: the bundled app did not start ({result.returncode}):\n"
            f"{result.stdout}{result.stderr}"
        )
    return seconds


def cold_start(bundle: Path) -> tuple[float, float]:
    """(first start on a fresh data directory, median of three starts after it)."""
    with tempfile.TemporaryDirectory(prefix="hall_desk-coldstart-") as tmp:
        first = start_once(bundle, Path(tmp))
        again = [start_once(bundle, Path(tmp)) for _ in range(3)]
    return first, statistics.median(again)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="default: dist/")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller")
    parser.add_argument(
        "--with-test-keyring",
        action="store_true",
        help="include the test suite's file keyring (headless self-test in CI; not for halls)",
    )
    parser.add_argument("--no-timing", action="store_true", help="skip the cold-start runs")
    args = parser.parse_args(argv)

    pre_build()
    started = time.perf_counter()
    bundle = build(args.dist.resolve(), args.work.resolve(), test_keyring=args.with_test_keyring)
    build_seconds = time.perf_counter() - started
    size_mb = folder_size(bundle) / 1_000_000
    print(f"build_bundle: {bundle} ({size_mb:.0f} MB, built in {build_seconds:.0f} s)")
    if not args.no_timing:
        first, median = cold_start(bundle)
        print(
            f"build_bundle: cold start to the main window shown: first {first * 1000:.0f} ms, "
            f"then median of 3 {median * 1000:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
