"""Compile the Qt Designer forms: ``forms/<name>.ui`` -> ``hall_desk/ui/forms/<name>_ui.py``.

    python packaging/compile_forms.py           # (re)generate; removes modules whose .ui is gone
    python packaging/compile_forms.py --check   # compile into a temp dir, compare, change nothing;
                                                # exit 1 listing missing, stale and orphaned modules

Uses the ``pyside6-uic`` of the running Python's environment (the console script beside
``sys.executable``, else PySide6's own tool wrapper; ``python -m PySide6.scripts.pyside_tool uic``
is not used: it is broken in PySide6 6.12). uic writes no timestamp and only the basename of the
.ui file, but it does write its Qt version into the header; that line is normalised so that the
check tests the form, not which PySide6 release compiled it. Line endings are normalised to LF.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FORMS = REPO / "forms"
OUTPUT = REPO / "hall_desk" / "ui" / "forms"
SUFFIX = "_ui.py"
INIT_TEXT = (
    '"""Modules generated from ../../../forms/*.ui by packaging/compile_forms.py: do not edit;\n'
    'change the .ui file in Qt Designer and run the script again."""\n'
)
_VERSION_LINE = re.compile(r"^(## Created by: Qt User Interface Compiler) version \S+$", re.M)


class UicMissing(RuntimeError):
    pass


def find_uic() -> list[str] | None:
    """The command that runs PySide6's uic in this environment, or None."""
    scripts = Path(sys.executable).parent
    for name in ("pyside6-uic", "pyside6-uic.exe"):
        if (scripts / name).is_file():
            return [str(scripts / name)]
    if importlib.util.find_spec("PySide6") is not None:
        return [
            sys.executable,
            "-c",
            "import sys; from PySide6.scripts.pyside_tool import uic; "
            "sys.argv[0] = 'pyside6-uic'; uic()",
        ]
    return None


def module_name(ui_file: Path) -> str:
    name = ui_file.stem.replace("-", "_")
    if not name.isidentifier():
        raise SystemExit(f"compile_forms: {ui_file.name}: not usable as a module name")
    return name + SUFFIX


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n")
    return _VERSION_LINE.sub(r"\1 (pyside6-uic)", text)


def compile_form(uic: list[str], ui_file: Path, workdir: Path) -> str:
    target = workdir / module_name(ui_file)
    result = subprocess.run(
        [*uic, ui_file.name, "-o", str(target)],
        cwd=ui_file.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not target.is_file():
        raise SystemExit(
            f"compile_forms: uic failed on {ui_file.name} ({result.returncode}):\n"
            f"{result.stdout}{result.stderr}"
        )
    return normalise(target.read_text(encoding="utf-8"))


def compiled_forms(forms: Path = FORMS) -> dict[str, str]:
    """Module file name -> generated source, for every forms/*.ui."""
    ui_files = sorted(forms.glob("*.ui")) if forms.is_dir() else []
    if not ui_files:
        return {}
    uic = find_uic()
    if uic is None:
        raise UicMissing("pyside6-uic not found: install PySide6 in this environment")
    with tempfile.TemporaryDirectory(prefix="compile_forms-") as tmp:
        return {module_name(ui): compile_form(uic, ui, Path(tmp)) for ui in ui_files}


def differences(expected: dict[str, str], output: Path = OUTPUT) -> list[str]:
    problems = []
    init = output / "__init__.py"
    if not init.is_file():
        problems.append(f"missing: {init.relative_to(REPO)}")
    for name, text in expected.items():
        module = output / name
        if not module.is_file():
            problems.append(f"missing: {module.relative_to(REPO)}")
        elif module.read_text(encoding="utf-8") != text:
            problems.append(f"stale: {module.relative_to(REPO)}")
    if output.is_dir():
        for module in sorted(output.glob("*" + SUFFIX)):
            if module.name not in expected:
                problems.append(f"orphan (no forms/*.ui): {module.relative_to(REPO)}")
    return problems


def write(expected: dict[str, str], output: Path = OUTPUT) -> None:
    output.mkdir(parents=True, exist_ok=True)
    init = output / "__init__.py"
    if not init.is_file():
        init.write_text(INIT_TEXT, encoding="utf-8", newline="\n")
        print(f"compile_forms: created {init.relative_to(REPO)}")
    for name, text in expected.items():
        module = output / name
        if not module.is_file() or module.read_text(encoding="utf-8") != text:
            module.write_text(text, encoding="utf-8", newline="\n")
            print(f"compile_forms: wrote {module.relative_to(REPO)}")
    for module in sorted(output.glob("*" + SUFFIX)):
        if module.name not in expected:
            module.unlink()
            print(f"compile_forms: removed {module.relative_to(REPO)} (its .ui is gone)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if anything is out of date"
    )
    args = parser.parse_args(argv)
    try:
        expected = compiled_forms()
    except UicMissing as error:
        print(f"compile_forms: {error}", file=sys.stderr)
        return 2
    if args.check:
        problems = differences(expected)
        if problems:
            print("compile_forms: generated form modules out of date:", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
            print("run: python packaging/compile_forms.py", file=sys.stderr)
            return 1
        print(f"compile_forms: {len(expected)} form module(s) up to date")
        return 0
    write(expected)
    print(f"compile_forms: {len(expected)} form module(s) up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
