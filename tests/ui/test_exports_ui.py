"""导出… from the screens: the complaint list as searched (every page of it) to .xlsx read back with
openpyxl, numbers masked; a store manager's 导出完整号码 (audited); nobody else sees that choice;
我的跟进 to .csv."""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.exports import ExportResult, Progress
from hall_desk.storage.models import Event
from hall_desk.ui.exports import ExportControls, PreparedExport, with_suffix_of
from hall_desk.ui.mainwindow import MainWindow
from tests.services.closed import recorded
from tests.ui.conftest import sign_in
from tests.ui.helpers import press, type_text

SCREENSHOTS = Path("/tmp/hall_desk_screens")


@pytest.fixture
def complaints_made(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    """60 about 话费 (more than a page) and 3 about 信号."""
    for n in range(60):
        recorded(
            ctx,
            hall["clerk"],
            phone=f"1390013{n:04d}",
            customer_name=f"客户{n}",
            description=f"话费多扣 {n} 元",
        )
    for n in range(3):
        recorded(
            ctx,
            hall["clerk"],
            phone=f"1370013{n:04d}",
            customer_name=f"信号{n}",
            main_class="网络质量",
            sub_class="信号覆盖",
            network_urgency="一般",
            description="家里信号很差",
        )


def export_to(window_part: object, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(window_part, "ask_export_path", lambda: path)


def click_export(qtbot: QtBot, controls: ExportControls) -> None:
    """导出… clicked; the export runs in the background: wait until its outcome is shown."""
    qtbot.mouseClick(controls.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not controls.running, timeout=60_000)


def sheet_rows(path: Path) -> list[list[object]]:
    return [[c.value for c in r] for r in openpyxl.load_workbook(path).active.iter_rows()]


def test_the_searched_list_exports_every_page_masked(
    qtbot: QtBot,
    window: MainWindow,
    complaints_made: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sign_in(qtbot, window, "1001")
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.list_page
    type_text(qtbot, "话费")
    press(qtbot, Qt.Key.Key_Return)
    assert page.page_label.text() == "共 60 条，第 1/2 页" and page.model.rowCount() == 50
    controls = page.export_controls
    assert controls.full_check.isVisible() and not controls.full_check.isChecked()
    target = tmp_path / "清单.xlsx"
    export_to(controls, monkeypatch, target)
    before = Event.select().count()
    click_export(qtbot, controls)
    rows = sheet_rows(target)
    assert rows[0][:4] == ["投诉编号", "受理时间", "客户姓名", "客户号码"]
    assert len(rows) == 61  # the header and all 60, not the 50 shown
    assert {r[2] for r in rows[1:]} == {f"客户{n}" for n in range(60)}
    assert all(str(r[3]).startswith("139****") for r in rows[1:])
    assert controls.status_label.text() == "已导出 60 条到 清单.xlsx"
    assert Event.select().count() == before
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "export_list.png"))

    # full values, for the store manager: audited
    controls.full_check.setChecked(True)
    full = tmp_path / "完整.xlsx"
    export_to(controls, monkeypatch, full)
    click_export(qtbot, controls)
    numbers = {r[3] for r in sheet_rows(full)[1:]}
    assert numbers == {f"1390013{n:04d}" for n in range(60)}
    event = Event.select().order_by(Event.seq.desc()).first()
    assert event.type == "export.full_values" and event.actor == "1001"
    payload = json.loads(event.payload)
    assert (payload["rows"], payload["file_name"], payload["filter"]["text"]) == (
        60,
        "完整.xlsx",
        "话费",
    )
    assert "已记入审计日志" in controls.status_label.text()
    window.grab().save(str(SCREENSHOTS / "export_full.png"))


@pytest.mark.parametrize(
    ("staff_no", "offered"), [("3001", False), ("2001", False), ("1001", True)]
)
def test_only_a_store_manager_is_offered_full_numbers(
    qtbot: QtBot, window: MainWindow, complaints_made: None, staff_no: str, offered: bool
) -> None:
    sign_in(qtbot, window, staff_no)
    for page in (window.list_page, window.followup_page):
        assert page.export_controls.full_check.isHidden() is not offered
        assert page.export_controls.button.isEnabled()


def test_follow_ups_export_to_csv(
    qtbot: QtBot,
    window: MainWindow,
    complaints_made: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sign_in(qtbot, window, "3001")
    press(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    controls = window.followup_page.export_controls
    target = tmp_path / "跟进.csv"
    export_to(controls, monkeypatch, target)
    click_export(qtbot, controls)
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert len(rows) == 64 and rows[0][3] == "客户号码"
    assert all("****" in r[3] for r in rows[1:])


def test_a_name_without_extension_takes_the_chosen_filters() -> None:
    assert with_suffix_of("/tmp/a", "CSV 文件（逗号分隔，UTF-8） (*.csv)") == Path("/tmp/a.csv")
    assert with_suffix_of("/tmp/a", "Excel 工作簿 (*.xlsx)") == Path("/tmp/a.xlsx")
    assert with_suffix_of("/tmp/a.CSV", "Excel 工作簿 (*.xlsx)") == Path("/tmp/a.CSV")


def test_cancel_in_the_progress_dialog_leaves_no_file(
    qtbot: QtBot,
    window: MainWindow,
    complaints_made: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sign_in(qtbot, window, "1001")
    controls = window.list_page.export_controls
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "取消.xlsx"
    export_to(controls, monkeypatch, target)
    # the export waits after its first report until 取消 is pressed (the page's own export runs)
    reported, go = threading.Event(), threading.Event()
    page_exporter = controls.exporter

    def held(path: Path, full: bool) -> PreparedExport:
        prepared = page_exporter(path, full)

        def run(*, progress: Progress) -> ExportResult:
            def step(done: int, total: int) -> bool:
                reported.set()
                go.wait(60)
                return progress(done, total)

            return prepared(progress=step)

        return run

    controls.exporter = held
    qtbot.mouseClick(controls.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reported.is_set, timeout=60_000)
    assert not controls.button.isEnabled()  # one export at a time
    assert isinstance(controls.progress, QProgressDialog)
    cancel_button = controls.progress.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "取消"
    cancel_button.click()
    go.set()
    qtbot.waitUntil(lambda: not controls.running, timeout=60_000)
    assert controls.status_label.text() == "导出已取消，未生成文件"
    assert list(folder.iterdir()) == [] and controls.button.isEnabled()
