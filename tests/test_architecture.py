"""The repository keeps its shape: layer contracts, lint, and generated forms that match their .ui.

The tools are the ones installed beside the running Python (the project's .venv); a missing tool
skips, which the root conftest turns into a failure under CI=true.
"""

from __future__ import annotations

import re
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


def import_cycles(package: str) -> list[list[str]]:
    """The import cycles among ``package``'s modules (strongly connected components of more than
    one module, or a module importing itself), counting imports inside functions too."""
    import grimp  # import-linter's graph builder

    graph = grimp.build_graph(package)
    modules = sorted(graph.modules)
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in graph.modules:
                continue
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            looped = module in graph.find_modules_directly_imported_by(module)
            if len(component) > 1 or looped:
                cycles.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(modules) + 100))
    try:
        for module in modules:
            if module not in order:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return cycles


def test_no_import_cycles_inside_hall_desk() -> None:
    """No module of hall_desk reaches itself through its imports (lazy imports count)."""
    assert import_cycles("hall_desk") == []


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic import b\n")
    (package / "b.py").write_text("def later():\n    from cyclic import a\n")
    (package / "c.py").write_text("from cyclic import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("cyclic") == [["cyclic.a", "cyclic.b"]]


def test_importing_the_services_loads_no_keyring() -> None:
    """Key wiring happens at start-up (app, CLI), never on import: a service that uses no key
    (complaints, refunds) loads no keyring, and importing storage's sealing sets no key source."""
    code = (
        "import sys\n"
        "import hall_desk.services.complaints, hall_desk.services.refunds\n"
        "import hall_desk.services.lifecycle, hall_desk.storage.sealed as sealed\n"
        "assert 'keyring' not in sys.modules, 'keyring loaded on import'\n"
        "assert 'hall_desk.credentials' not in sys.modules, 'credentials loaded on import'\n"
        "assert sealed._source is None, 'a key source was wired on import'\n"
    )
    result = run([sys.executable, "-c", code])
    assert result.returncode == 0, explain(result)


# -- colours come from hall_desk/ui/style.py ---------------------------------------------------

COLOUR_LITERAL = re.compile(
    r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b"  # #c62828, #777, #80c62828
    r"|\brgba?\s*\("  # rgb(198, 40, 40) in a stylesheet
    r"|\bQColor\(\s*(?:\d|[\"'])"  # QColor(12, 12, 20), QColor("red")
    r"|\bGlobalColor\.(?!transparent\b)\w+"  # Qt.GlobalColor.red (transparent is no colour)
    r"|\b(?:color|background(?:-color)?|border(?:-[a-z]+)?)\s*:\s*[^;'\"{}]*?"
    r"\b(?:white|black|red|green|blue|gr[ae]y|orange|yellow|purple|brown|pink|darkred)\b"
)


def colour_literals(text: str) -> list[str]:
    """The colour literals written in ``text`` (hex, rgb(), QColor of numbers or a name, Qt's
    named colours, named colours in a stylesheet)."""
    return [match.group(0) for match in COLOUR_LITERAL.finditer(text)]


def test_colours_in_the_ui_come_from_the_style_module() -> None:
    """Every colour of the desk UI is named by meaning in hall_desk/ui/style.py; a literal anywhere
    else in hall_desk/ui (the generated forms apart) fails here."""
    ui = REPO / "hall_desk" / "ui"
    found = {
        f"{path.relative_to(REPO)}:{number}": literals
        for path in sorted(ui.rglob("*.py"))
        if path.name != "style.py" and "forms" not in path.relative_to(ui).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if (literals := colour_literals(line))
    }
    assert found == {}, "colour literals outside hall_desk/ui/style.py (use its names)"


FONT_SIZE_LITERAL = re.compile(
    r"font-size\s*:\s*\d"  # font-size: 15px written out in a stylesheet or HTML
    r"|\.set(?:PointSize|PointSizeF|PixelSize)\("  # a QFont sized by hand
)


def test_font_sizes_in_the_ui_come_from_the_style_module() -> None:
    """Font sizes are named in hall_desk/ui/style.py (HEADING_PX …, sized_font and its *_PT
    sizes); a size written out anywhere else in hall_desk/ui (the generated forms apart) fails."""
    ui = REPO / "hall_desk" / "ui"
    found = {
        f"{path.relative_to(REPO)}:{number}": line.strip()
        for path in sorted(ui.rglob("*.py"))
        if path.name != "style.py" and "forms" not in path.relative_to(ui).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FONT_SIZE_LITERAL.search(line)
    }
    assert found == {}, "font sizes outside hall_desk/ui/style.py (use its sizes and sized_font)"
    assert FONT_SIZE_LITERAL.search("QLabel { font-size: 15px; }")
    assert FONT_SIZE_LITERAL.search("font.setPointSize(font.pointSize() + 8)")
    assert not FONT_SIZE_LITERAL.search("f'font-size: {style.LARGE_PX}px'")


def test_the_colour_check_finds_literals() -> None:
    assert colour_literals('label.setStyleSheet("color: #b00020; border: 1px solid #777;")') == [
        "#b00020",
        "#777",
    ]
    assert colour_literals("QColor(12, 12, 20), QColor('#fff'), Qt.GlobalColor.gray") == [
        "QColor(1",
        "QColor('",
        "#fff",
        "GlobalColor.gray",
    ]
    assert colour_literals("<span style='background:red; color: white'>") == [
        "background:red",
        "color: white",
    ]
    assert colour_literals("QLabel { background: rgb(1, 2, 3); }") == ["rgb("]
    # what is no colour: style names, object-name selectors, transparency, comments' numbers
    assert (
        colour_literals(
            'f"color: {style.ERROR};" "#savedBanner { }" Qt.GlobalColor.transparent  # issue 21'
        )
        == []
    )
