"""``hall-desk support-bundle [FILE]`` as a real process, without a display: on a sound store, on
one that cannot be opened (the bundle says why), and into a folder that cannot be written."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.schema import LATEST_VERSION
from tests.conftest import PASSWORDS
from tests.logscan import leaks_in
from tests.services.closed import recorded
from tests.sync.cli_helpers import desk_env


@pytest.fixture
def keyring_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keyring") / "keyring.json"


def support_bundle(
    data_dir: Path, keyring_file: Path, *args: str, cwd: Path
) -> subprocess.CompletedProcess[str]:
    env = desk_env(keyring_file)
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):  # no display at all
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "hall_desk", "support-bundle", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
        check=False,
    )


def read(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as bundle:
        return {
            name: json.loads(bundle.read(name)) if name.endswith(".json") else bundle.read(name)
            for name in bundle.namelist()
        }


def written(result: subprocess.CompletedProcess[str]) -> Path:
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("support bundle written: ")
    return Path(line.removeprefix("support bundle written: ").rsplit(" (", 1)[0])


def test_a_bundle_of_a_working_desk_into_the_current_folder(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    tmp_path: Path,
    keyring_file: Path,
) -> None:
    recorded(ctx, hall["clerk"])
    here = tmp_path / "here"
    here.mkdir()
    path = written(support_bundle(store.parent, keyring_file, cwd=here))
    assert path.parent == here
    assert path.name.startswith("hall_desk-diagnostics-HA01-02-") and path.suffix == ".zip"
    content = read(path)
    assert content["manifest.json"]["desk"] == "HA01-02"
    assert content["store.json"]["schema_version"] == LATEST_VERSION
    assert content["store.json"]["quick_check"]["ok"] is True
    assert content["sync_status.json"]["available"] is True
    assert content["sync_status.json"]["waiting"] >= 1  # the complaint's event, never sent
    assert content["versions.json"]["qt"]  # Qt loads without a display
    assert "logs/hall_desk.log" in content  # --data-dir given: its logs/ folder
    for name, value in content.items():
        text = value.decode("utf-8") if isinstance(value, bytes) else json.dumps(value)
        assert leaks_in(text, tuple(PASSWORDS.values())) == [], name

    # FILE may name the zip itself.
    named = tmp_path / "for-support.zip"
    assert written(support_bundle(store.parent, keyring_file, str(named), cwd=here)) == named


def test_a_store_that_cannot_be_opened_still_gives_a_bundle_saying_why(
    tmp_path: Path, keyring_file: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "desk.sqlite3").write_bytes(b"this is no SQLite file " * 200)
    result = support_bundle(data_dir, keyring_file, str(tmp_path), cwd=tmp_path)
    path = written(result)
    assert "the store could not be opened (db.damaged" in result.stderr
    assert path.name.startswith("hall_desk-diagnostics-unknown-")
    content = read(path)
    assert content["store.json"]["opened"] is False
    assert content["store.json"]["open_problem"].startswith("db.damaged")
    assert content["store.json"]["quick_check"]["ok"] is False
    assert content["sync_status.json"]["available"] is False
    assert content["sync_status.json"]["reason"].startswith("db.damaged")
    assert "logs/hall_desk.log" in content

    # No store at all (the app never started here): said too.
    empty = tmp_path / "empty"
    content = read(
        written(support_bundle(empty, keyring_file, str(tmp_path / "e.zip"), cwd=tmp_path))
    )
    assert content["store.json"]["exists"] is False
    assert content["sync_status.json"]["reason"].startswith("no store file")


def test_a_folder_that_cannot_be_written(tmp_path: Path, keyring_file: Path) -> None:
    result = support_bundle(
        tmp_path / "data", keyring_file, str(tmp_path / "gone" / "b.zip"), cwd=tmp_path
    )
    assert result.returncode == 1
    assert (
        "cannot be written to" in result.stderr and "support.folder_not_writable" in result.stderr
    )
    assert not (tmp_path / "gone").exists()


def test_log_dir_chooses_where_the_log_goes_and_what_the_bundle_takes(
    tmp_path: Path, keyring_file: Path
) -> None:
    logs = tmp_path / "my logs"
    result = support_bundle(
        tmp_path / "data",
        keyring_file,
        str(tmp_path / "b.zip"),
        "--log-dir",
        str(logs),
        cwd=tmp_path,
    )
    content = read(written(result))
    assert content["manifest.json"]["log_dir"] == str(logs.resolve())
    assert (logs / "hall_desk.log").is_file() and not (tmp_path / "data" / "logs").exists()
    assert "logs/hall_desk.log" in content
