"""Starting the app as a person would, in a real process: the demo, refusals, first start."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hall_desk.domain.errors import SetupError
from hall_desk.services import setup
from hall_desk.services.context import DeskContext
from hall_desk.services.demo import DEMO_ACCOUNTS, create_demo_hall
from hall_desk.services.staff import sign_in
from hall_desk.storage.models import Complaint, Hall, Staff
from hall_desk.storage.schema import APPLICATION_ID, LATEST_VERSION
from hall_desk.ui.setup_dialog import SetupDialog


def start(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HALL_DESK_QUIT_AFTER_SHOWN="1",
        HALL_DESK_NONINTERACTIVE="1",
    )
    return subprocess.run(
        [sys.executable, "-m", "hall_desk", "--data-dir", str(data_dir), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_demo_starts_and_creates_the_demo_hall(tmp_path: Path) -> None:
    result = start(tmp_path, "--demo")
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(tmp_path / "desk.sqlite3")
    assert conn.execute("SELECT code, demo FROM desk").fetchone() == ("DEMO-01", 1)
    assert conn.execute("SELECT count(*) FROM complaint").fetchone()[0] >= 24
    assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == len(DEMO_ACCOUNTS)
    # A second start of the demo reuses it.
    assert start(tmp_path, "--demo").returncode == 0
    assert conn.execute("SELECT count(*) FROM hall").fetchone()[0] == 1
    assert (tmp_path / "logs" / "hall_desk.log").exists()


def test_the_app_starts_in_english_with_lang_en(tmp_path: Path) -> None:
    result = start(tmp_path, "--demo", "--lang", "en")
    assert result.returncode == 0, result.stderr
    log_text = (tmp_path / "logs" / "hall_desk.log").read_text(encoding="utf-8")
    assert "UI language en" in log_text
    assert start(tmp_path, "--demo").returncode == 0  # the stored choice (none): Chinese
    assert (tmp_path / "logs" / "hall_desk.log").read_text(encoding="utf-8").rstrip().count(
        "UI language zh_CN"
    ) == 1


def test_demo_is_refused_on_a_real_hall(store: Path, ctx: DeskContext) -> None:
    setup.set_up_hall(
        ctx,
        hall_code="HA01",
        hall_name="人民路营业厅",
        district="城东区",
        service_phone="10086",
        desk_no=1,
        manager_no="1001",
        manager_name="王店长",
        manager_password="secret1",
    )
    with pytest.raises(SetupError) as caught:
        create_demo_hall(ctx)
    assert caught.value.code == "demo.real_data"
    from hall_desk.storage.db import close_store

    close_store()
    result = start(store.parent, "--demo")
    assert result.returncode == 2
    assert "真实营业厅数据" in result.stderr


def test_a_demo_desk_can_never_be_registered_with_head_office(
    store: Path, ctx: DeskContext
) -> None:
    create_demo_hall(ctx, complaints=3)
    with pytest.raises(SetupError) as caught:
        setup.ensure_may_register_with_hq()
    assert caught.value.code == "demo.cannot_register"


def test_a_real_desk_may_register(store: Path, ctx: DeskContext) -> None:
    setup.set_up_hall(
        ctx,
        hall_code="HA01",
        hall_name="人民路营业厅",
        district="城东区",
        service_phone="10086",
        desk_no=1,
        manager_no="1001",
        manager_name="王店长",
        manager_password="secret1",
    )
    assert setup.ensure_may_register_with_hq().desk_code == "HA01-01"


def test_a_newer_database_stops_the_start_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    result = start(tmp_path)
    assert result.returncode == 2
    assert "更新版本" in result.stderr and str(path) in result.stderr
    english = start(tmp_path, "--lang", "en")  # before the store is open: --lang already holds
    assert english.returncode == 2
    assert "Cannot open the data: The data file was created by a newer version" in english.stderr


def test_a_damaged_database_is_named_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    path.write_bytes(b"\x00garbage" * 1000)
    result = start(tmp_path)
    assert result.returncode == 2
    assert "已损坏" in result.stderr and str(path) in result.stderr
    assert path.read_bytes() == b"\x00garbage" * 1000


def test_first_start_asks_for_hall_desk_and_manager(
    qtbot: QtBot, store: Path, ctx: DeskContext
) -> None:
    dialog = SetupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.hall_code, "ha01")
    dialog.hall_name.setText("人民路营业厅")
    dialog.district.setText("城东区")
    qtbot.keyClicks(dialog.service_phone, "10086")
    dialog.desk_no.setValue(2)
    qtbot.keyClicks(dialog.manager_no, "1001")
    dialog.manager_name.setText("王店长")
    qtbot.keyClicks(dialog.password, "secret1")
    qtbot.keyClicks(dialog.password_again, "secret2")
    dialog.submit()
    assert "不一致" in dialog.error_label.text()
    assert Hall.select().count() == 0
    dialog.password_again.clear()
    qtbot.keyClicks(dialog.password_again, "secret1")
    dialog.hall_name.clear()
    dialog.submit()
    assert "营业厅名称" in dialog.error_label.text()
    assert dialog.password.text() == "secret1"  # nothing typed is lost
    dialog.hall_name.setText("人民路营业厅")
    dialog.submit()
    assert dialog.result() == SetupDialog.DialogCode.Accepted
    assert dialog.result_info is not None and dialog.result_info.desk_code == "HA01-02"
    assert Staff.get().role == "店长"
    assert sign_in(ctx, "1001", "secret1").hall_code == "HA01"
    assert Complaint.select().count() == 0
