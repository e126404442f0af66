from pathlib import Path

import pytest

from hall_desk import paths


def test_data_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    default = paths.data_dir()
    assert default.name == "hall_desk"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "env"))
    assert paths.data_dir() == tmp_path / "env"
    assert paths.data_dir(tmp_path / "flag") == tmp_path / "flag"  # --data-dir wins


def test_the_font_ships_with_its_licence() -> None:
    assert paths.font_path().is_file()
    assert (paths.font_path().parent / "LICENSE-wqy-microhei.txt").is_file()
