"""Issue 21: the UI talks to services only. The import-linter contract in pyproject.toml forbids
``hall_desk.ui`` importing ``hall_desk.storage``, ``hall_desk.sync`` and ``hall_desk.hq`` (no
exemptions; tests/test_architecture.py runs every contract on the real tree). Here the same
contract runs on a small package shaped like ours: a screen importing the store breaks it, a screen
reaching the store through a service does not."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path
from typing import Any

from tests.test_architecture import REPO, explain, tool

NAME = "the UI talks to services only: no store, sync or head-office imports"


def ui_contract() -> dict[str, Any]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"] if c["name"] == NAME]
    return dict(contract)


def test_the_contract_forbids_store_sync_and_head_office_without_exemptions() -> None:
    contract = ui_contract()
    assert contract["type"] == "forbidden" and contract["source_modules"] == ["hall_desk.ui"]
    assert set(contract["forbidden_modules"]) == {
        "hall_desk.storage",
        "hall_desk.sync",
        "hall_desk.hq",
    }
    assert "ignore_imports" not in contract


def lint(tmp_path: Path, screen: str) -> subprocess.CompletedProcess[str]:
    """lint-imports with our contract (renamed to the package ``desk``) over a package whose one
    screen has ``screen`` as its source."""
    package = tmp_path / "desk"
    for folder in ("ui", "services", "storage", "sync", "hq"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "storage" / "db.py").write_text("class StoreError(Exception):\n    pass\n")
    (package / "services" / "store.py").write_text("from desk.storage.db import StoreError\n")
    (package / "ui" / "screen.py").write_text(screen)
    contract = ui_contract()
    lines = [
        "[importlinter]",
        "root_package = desk",
        "",
        "[importlinter:contract:ui]",
        f"name = {contract['name']}",
        f"type = {contract['type']}",
        "source_modules = desk.ui",
        "forbidden_modules =",
        *(f"    {m.replace('hall_desk.', 'desk.')}" for m in contract["forbidden_modules"]),
        f"allow_indirect_imports = {contract.get('allow_indirect_imports', False)}",
    ]
    config = tmp_path / ".importlinter"
    config.write_text("\n".join(lines) + "\n")
    return subprocess.run(
        [tool("lint-imports"), "--no-cache", "--config", str(config)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_a_screen_importing_the_store_breaks_the_contract(tmp_path: Path) -> None:
    result = lint(tmp_path, "from desk.storage.db import StoreError\n")
    assert result.returncode == 1, explain(result)
    assert "desk.ui.screen -> desk.storage.db" in result.stdout


def test_a_screen_importing_sync_or_head_office_breaks_it(tmp_path: Path) -> None:
    result = lint(tmp_path, "import desk.sync\nimport desk.hq\n")
    assert result.returncode == 1, explain(result)
    assert "desk.ui.screen -> desk.sync" in result.stdout
    assert "desk.ui.screen -> desk.hq" in result.stdout


def test_a_screen_using_a_service_keeps_it(tmp_path: Path) -> None:
    result = lint(tmp_path, "from desk.services.store import StoreError\n")
    assert result.returncode == 0, explain(result)
