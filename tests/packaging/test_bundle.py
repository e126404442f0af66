"""The Linux one-folder bundle, built once per test session from this checkout (so never stale):
it carries every shipped resource and no Qt it does not use, starts offscreen, passes its own
self-test with a headless keyring, and the Windows installer script compiles around it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.hq.certificates import TestCA
from tests.hq.live import LiveHQ
from tests.packaging.scripts import REPO, load

pytestmark = pytest.mark.slow

builder = load("build_bundle")
installer = load("build_installer")


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip("PyInstaller is not installed (the dev extra brings it)")
    root = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "packaging" / "build_bundle.py"),
            "--dist",
            str(root / "dist"),
            "--work",
            str(root / "work"),
            "--with-test-keyring",
            "--no-timing",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    yield root / "dist" / "hall_desk"


def bundle_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """No PYTHONPATH, no virtual environment: the bundle must stand on its own."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HALL_DESK_", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(QT_QPA_PLATFORM="offscreen", HALL_DESK_NONINTERACTIVE="1", **extra)
    return env


def test_the_bundle_carries_every_resource_and_no_unused_qt(bundle: Path) -> None:
    shipped = bundle / "_internal" / "resources"
    source = REPO / "resources"
    wanted = [p.relative_to(source) for p in source.rglob("*") if p.is_file()]
    assert Path("fonts/wqy-microhei.ttc") in wanted and Path("icons/hall_desk.png") in wanted
    missing = [str(p) for p in wanted if not (shipped / p).is_file()]
    assert missing == []
    for path in wanted:  # the same bytes (a translation or font changed since: rebuilt)
        assert (shipped / path).read_bytes() == (source / path).read_bytes(), path
    names = {p.name for p in bundle.rglob("*")}
    for unused in (
        "libQt6Quick.so.6",
        "libQt6Qml.so.6",
        "libQt6WebEngineCore.so.6",
        "QtTest.abi3.so",
        "libQt6Test.so.6",
    ):
        assert unused not in names
    for used in (
        "QtWidgets.abi3.so",
        "QtPdf.abi3.so",
        "QtPrintSupport.abi3.so",
        "QtNetwork.abi3.so",
    ):
        assert used in names

    # The Python modules in the archive (PyInstaller's table of contents of the build).
    (toc,) = (bundle.parents[1] / "work").rglob("PYZ-00.toc")
    modules = set(re.findall(r"\('([\w.]+)'", toc.read_text(encoding="utf-8")))
    assert {
        "hall_desk.cli",
        "hall_desk.services.selftest",
        "hall_desk.ui.mainwindow",
        "hall_desk.ui.forms.signin_ui",
        "tests.sync.keyrings",
    } <= modules
    for absent in (
        "hall_desk.hq",
        "hall_desk.hq.app",
        "starlette",
        "uvicorn",
        "pytest",
        "aiohttp",
        "PyInstaller",
    ):
        assert absent not in modules, absent


def test_the_bundled_self_test_passes_offscreen(bundle: Path, tmp_path: Path) -> None:
    env = bundle_env(
        tmp_path,
        PYTHON_KEYRING_BACKEND="tests.sync.keyrings.FileKeyring",
        HALL_DESK_TEST_KEYRING=str(tmp_path / "keyring.json"),
    )
    result = subprocess.run(
        [str(bundle / builder.EXECUTABLE), "self-test", "--data-dir", str(tmp_path / "data")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("PASS 数据库") for line in lines)
    assert any(line.startswith("PASS 回执字体") and "WenQuanYiMicroHei" in line for line in lines)
    assert any(line.startswith("PASS 系统钥匙串") and "FileKeyring" in line for line in lines)
    assert "自检通过" in result.stdout


def test_the_bundled_self_test_fails_without_a_keyring(bundle: Path, tmp_path: Path) -> None:
    env = bundle_env(tmp_path, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    result = subprocess.run(
        [str(bundle / builder.EXECUTABLE), "self-test", "--data-dir", str(tmp_path / "data")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL 系统钥匙串" in result.stdout and "PASS 回执字体" in result.stdout


def test_the_bundled_app_starts_offscreen(bundle: Path, tmp_path: Path) -> None:
    env = bundle_env(tmp_path, HALL_DESK_QUIT_AFTER_SHOWN="1")
    result = subprocess.run(
        [str(bundle / builder.EXECUTABLE), "--demo", "--data-dir", str(tmp_path / "data")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "data" / "desk.sqlite3").is_file()


def test_the_installer_compiles_around_the_linux_bundle(bundle: Path, tmp_path: Path) -> None:
    if installer.shutil.which("makensis") is None:
        pytest.skip("makensis not installed (Debian: nsis; packaging/bootstrap.sh installs it)")
    out = tmp_path / "setup.exe"
    result = installer.build_installer(bundle, out, compress=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.stat().st_size > builder.folder_size(bundle) * 0.9  # the whole bundle is inside


def test_the_bundled_desk_trusts_a_private_ca_with_no_environment_variable(
    bundle: Path, tmp_path: Path, hall: dict[str, Any], data_dir: Path
) -> None:
    """``register --ca-file`` in the bundle, against head office on https with a test CA's
    certificate: the CA is kept with the registration, so neither ``SSL_CERT_FILE`` nor the file
    is needed afterwards (a sync and the self-test's probe trust it)."""
    ca = TestCA.make(tmp_path / "ca")
    hq = LiveHQ(tmp_path / "hq", tls=ca.issue(tmp_path / "certs")).start()
    env = bundle_env(
        tmp_path,
        PYTHON_KEYRING_BACKEND="tests.sync.keyrings.FileKeyring",
        HALL_DESK_TEST_KEYRING=str(tmp_path / "keyring.json"),
    )
    for name in ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE"):
        env.pop(name, None)

    def desk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bundle / builder.EXECUTABLE), *args, "--data-dir", str(data_dir)],
            input=stdin, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
            check=False,
        )  # fmt: skip

    try:
        hq.add_hall("HA01", "人民路营业厅")
        token = hq.add_desk("HA01-02")
        result = desk(
            "register", "--hq", hq.url, "--desk", "HA01-02", "--ca-file", str(ca.pem), stdin=token
        )
        assert result.returncode == 0, result.stdout + result.stderr
        ca.pem.unlink()  # kept with the registration: the file is not needed any more
        synced = desk("sync-now")
        assert synced.returncode == 0, synced.stdout + synced.stderr
        checked = desk("self-test")
    finally:
        hq.stop()
    lines = checked.stdout.splitlines()
    assert any(line.startswith("PASS 总部连接") for line in lines), checked.stdout
