"""Compile the Windows installer (packaging/windows/hall_desk.nsi) around a bundle folder.

    .venv/bin/python packaging/build_installer.py                      # dist/hall_desk -> dist/
    .venv/bin/python packaging/build_installer.py --bundle DIR --out FILE [--no-compress]

On Windows, give it the bundle packaging/build_bundle.py made there. On Linux, Debian's ``nsis``
(makensis) compiles the same script with the Linux bundle as a stand-in: the installer it makes
is a real Windows executable, but it would install Linux files — good for proving the script
compiles (the test suite does), not for shipping. The version comes from pyproject.toml.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "packaging" / "windows" / "hall_desk.nsi"


class MakensisMissing(RuntimeError):
    pass


def project_version() -> str:
    with (REPO / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        raise MakensisMissing("makensis not found: install NSIS (Debian: apt-get install nsis)")
    return found


def build_installer(
    bundle: Path, out: Path, *, compress: bool = True, version: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run makensis; returns its completed process (check ``returncode``; output in stdout)."""
    defines = [
        f"-DVERSION={version or project_version()}",
        f"-DBUNDLE_DIR={bundle.resolve()}",
        f"-DOUT_FILE={out.resolve()}",
    ]
    if not compress:
        defines.append("-DNO_COMPRESS")
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [makensis(), "-V2", "-INPUTCHARSET", "UTF8", *defines, str(SCRIPT)],
        capture_output=True,
        text=True,
        check=False,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "hall_desk")
    parser.add_argument(
        "--out", type=Path, default=None, help="default: dist/hall_desk-setup-<version>.exe"
    )
    parser.add_argument("--no-compress", action="store_true", help="faster, larger (tests)")
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(
            f"build_installer: no bundle at {args.bundle} (packaging/build_bundle.py first)",
            file=sys.stderr,
        )
        return 2
    out = args.out or REPO / "dist" / f"hall_desk-setup-{project_version()}.exe"
    try:
        result = build_installer(args.bundle, out, compress=not args.no_compress)
    except MakensisMissing as error:
        print(f"build_installer: {error}", file=sys.stderr)
        return 2
    if result.returncode != 0 or not out.is_file():
        print(
            f"build_installer: makensis failed ({result.returncode}):\n{result.stdout}"
            f"{result.stderr}",
            file=sys.stderr,
        )
        return 1
    print(f"build_installer: {out} ({out.stat().st_size / 1_000_000:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
