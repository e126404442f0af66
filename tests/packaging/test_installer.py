"""The Windows installer script compiles (Debian's makensis, with a stand-in bundle folder) and
keeps the hall's data: its uninstaller and upgrades touch the program folder only."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.packaging.scripts import REPO, load

installer = load("build_installer")
SCRIPT = installer.SCRIPT
build_installer = installer.build_installer
project_version = installer.project_version


def needs_makensis() -> None:
    if shutil.which("makensis") is None:
        pytest.skip("makensis not installed (Debian: nsis; packaging/bootstrap.sh installs it)")


def stand_in_bundle(folder: Path) -> Path:
    (folder / "_internal" / "resources").mkdir(parents=True)
    (folder / "hall-desk.exe").write_bytes(b"MZ stand-in")
    (folder / "_internal" / "resources" / "README.txt").write_text("stand-in", encoding="utf-8")
    return folder


def script_sections() -> tuple[str, str]:
    """(install section, uninstall section) of the .nsi, comments dropped."""
    text = SCRIPT.read_text(encoding="utf-8-sig")
    lines = [
        line.split(";", 1)[0].rstrip()
        if not line.lstrip().startswith(("Write", "Create"))
        else line.rstrip()
        for line in text.splitlines()
    ]
    code = "\n".join(lines)
    install = re.search(r'^Section "\$\{PRODUCT\}".*?^SectionEnd', code, re.M | re.S)
    uninstall = re.search(r'^Section "Uninstall".*?^SectionEnd', code, re.M | re.S)
    assert install and uninstall
    return install.group(0), uninstall.group(0)


def test_the_installer_compiles_with_the_project_version(tmp_path: Path) -> None:
    needs_makensis()
    out = tmp_path / "setup.exe"
    result = build_installer(stand_in_bundle(tmp_path / "bundle"), out)
    assert result.returncode == 0, result.stdout + result.stderr
    data = out.read_bytes()
    assert data[:2] == b"MZ" and b"Nullsoft" in data
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert project_version() == version
    # The version resource (UTF-16, not compressed) carries pyproject's version.
    assert product_version(data) == version


def product_version(exe: bytes) -> str:
    key = "ProductVersion".encode("utf-16-le")
    at = exe.index(key) + len(key)
    text = exe[at : at + 80].decode("utf-16-le", errors="replace").lstrip("\x00")
    return text.split("\x00", 1)[0]


def test_a_broken_script_does_not_compile(tmp_path: Path) -> None:
    """The test above would notice a script that rots: makensis refuses errors."""
    needs_makensis()
    out = tmp_path / "setup.exe"
    result = build_installer(tmp_path / "no such bundle", out)
    assert result.returncode != 0 and not out.exists()


def test_uninstalling_removes_the_program_folder_only() -> None:
    _, uninstall = script_sections()
    # Nothing of the data directory (%LOCALAPPDATA%\hall_desk) or any user folder is named.
    for variable in ("$LOCALAPPDATA", "$APPDATA", "$PROFILE", "$DOCUMENTS", "$TEMP"):
        assert variable not in uninstall
    removals = re.findall(r'^\s*(RMDir(?: /r)?|Delete)\s+"([^"]+)"', uninstall, re.M)
    assert removals
    for command, target in removals:
        assert target.startswith(("$INSTDIR\\", "$INSTDIR", "$SMPROGRAMS\\${PRODUCT}")), target
        if command == "RMDir /r":  # a recursive removal names a folder inside the program folder
            assert target.startswith("$INSTDIR\\") and target != "$INSTDIR\\", target
    assert ("RMDir", "$INSTDIR") in removals  # the folder itself only when empty
    assert 'DeleteRegKey HKLM "${UNINSTALL_KEY}"' in uninstall


def test_installing_over_an_older_version_replaces_program_files_only() -> None:
    install, _ = script_sections()
    old_files = install.index('RMDir /r "$INSTDIR\\_internal"')
    new_files = install.index('File /r "${BUNDLE_DIR}/*"')
    assert old_files < new_files  # stale modules of the old version are gone first
    for variable in ("$LOCALAPPDATA", "$APPDATA", "$PROFILE"):
        assert variable not in install
    for name in ("DisplayName", "DisplayVersion", "UninstallString", "InstallLocation"):
        assert f'"${{UNINSTALL_KEY}}" "{name}"' in install  # Add/Remove Programs
    assert 'CreateShortcut "$SMPROGRAMS\\${PRODUCT}\\${PRODUCT}.lnk" "$INSTDIR\\${EXE}"' in install
    # every shortcut made is removed by the uninstaller, so the start-menu folder goes too
    _, uninstall = script_sections()
    made = re.findall(r'CreateShortcut "([^"]+)"', install)
    assert len(made) == 3
    for shortcut in made:
        assert f'Delete "{shortcut}"' in uninstall
