"""Sync health in the window, against a real head office: online or not, what waits, the last
success, the last error in plain Chinese, the clock warning, 立即同步 and the dead-letter view."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import FixedClock
from hall_desk.services import sync as sync_service
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Event
from hall_desk.ui import style
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.sync_panel import DeadLetterDialog
from tests.hq.certificates import TestCA
from tests.hq.live import LiveHQ
from tests.hq.netns import TestHost
from tests.sync.fixtures import DESK, add_events, newer_desk_family
from tests.ui.conftest import open_window, sign_in
from tests.ui.helpers import press


@pytest.fixture
def on_time(clock: FixedClock) -> FixedClock:
    """The desk clock agrees with head office's (the suite's fixed T0 is a week in the past)."""
    clock.set(datetime.now(UTC))
    return clock


def panel_text(win: MainWindow) -> str:
    panel = win.sync_panel
    labels = (
        panel.online_label,
        panel.waiting_label,
        panel.success_label,
        panel.error_label,
        panel.clock_label,
    )
    return " | ".join(label.text() for label in labels if label.isVisible())


def head_office_seqs(hq: LiveHQ) -> list[int]:
    return [env["seq"] for env in hq.store().events_of(DESK)]


def test_an_unregistered_desk_says_so_and_keeps_counting(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    win = open_window(qtbot, ctx)
    win.start_sync()
    qtbot.waitUntil(lambda: "未连接总部" in panel_text(win))
    waiting = Event.select().where(Event.desk == DESK).count()
    assert f"待上传 {waiting} 条" in panel_text(win)
    assert win.sync.worker is None  # nothing to talk to: no thread, no retries
    win.close()


def test_the_waiting_count_follows_the_desk_and_f5_says_why_it_cannot_sync(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """Issue 19: 待上传 stayed at 41 while 58 waited (it changed only with the uploader's rounds),
    and F5 on a desk without head office showed nothing."""
    from hall_desk.domain.complaints import ComplaintDraft
    from hall_desk.services import complaints

    win = open_window(qtbot, ctx)
    win.start_sync()
    sign_in(qtbot, win, "3001")
    qtbot.waitUntil(lambda: "未连接总部" in panel_text(win))
    before = Event.select().where(Event.desk == DESK).count()
    assert f"待上传 {before} 条" in panel_text(win)
    # recorded elsewhere than the intake form (a step, a refund …): the count follows by itself
    complaints.record_complaint(
        ctx,
        hall["clerk"],
        ComplaintDraft(
            phone="13812345678",
            customer_name="陈先生",
            main_class="电信资费",
            sub_class="资费争议/乱收费",
            description="彩铃未订购被扣费",
            customer_request="退还多收费用",
        ),
    )
    after = Event.select().where(Event.desk == DESK).count()
    assert after > before
    win._queue_timer.setInterval(50)  # every 10 s at the counter
    qtbot.waitUntil(lambda: f"待上传 {after} 条" in panel_text(win))
    press(qtbot, Qt.Key.Key_F5)
    assert "尚未登记到总部" in win.statusBar().currentMessage()
    win.close()


def test_online_sync_now_uploads_and_the_bar_says_so(
    qtbot: QtBot, on_time: FixedClock, ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    win = open_window(qtbot, ctx)
    win.start_sync()
    try:
        qtbot.waitUntil(lambda: "● 在线" in panel_text(win), timeout=10_000)
        qtbot.waitUntil(lambda: "待上传 0 条" in panel_text(win), timeout=10_000)
        assert "最近上传：从未" not in panel_text(win)
        assert "时钟" not in panel_text(win)
        before = len(head_office_seqs(hq))

        add_events(ctx, 3)
        sign_in(qtbot, win, "3001")
        press(qtbot, Qt.Key.Key_F5)  # 立即同步
        qtbot.waitUntil(lambda: len(head_office_seqs(hq)) == before + 3, timeout=10_000)
        qtbot.waitUntil(lambda: "待上传 0 条" in panel_text(win), timeout=10_000)
    finally:
        win.close()
    assert win.sync.worker is None


def test_head_office_down_shows_offline_in_chinese_and_keeps_the_queue(
    qtbot: QtBot, on_time: FixedClock, ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    hq.kill()
    add_events(ctx, 2)
    win = open_window(qtbot, ctx)
    win.start_sync()
    try:
        qtbot.waitUntil(lambda: "● 离线" in panel_text(win), timeout=15_000)
        text = panel_text(win)
        assert "连不上总部" in text or "超时" in text
        assert "待上传 0 条" not in text
    finally:
        win.close()


def test_a_desk_clock_three_days_wrong_is_shown(
    qtbot: QtBot, clock: FixedClock, ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    clock.set(datetime.now(UTC) - timedelta(days=3))
    win = open_window(qtbot, ctx)
    win.start_sync()
    try:
        # Measured on this exchange (registration saw the suite's T0, a week behind).
        qtbot.waitUntil(
            lambda: "本机时钟比总部慢约 3 天" in win.sync_panel.clock_label.text(), timeout=10_000
        )
        # Ordering comes from seq, not the clock: everything arrived, in order.
        qtbot.waitUntil(lambda: "待上传 0 条" in panel_text(win), timeout=10_000)
        seqs = head_office_seqs(hq)
        assert seqs == sorted(seqs) == list(range(1, len(seqs) + 1))
    finally:
        win.close()


def test_dead_letters_are_listed_with_the_reason_and_exported(
    qtbot: QtBot,
    on_time: FixedClock,
    ctx: DeskContext,
    registered: str,
    hq: LiveHQ,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with newer_desk_family("mystery"):  # head office does not know this type
        add_events(ctx, 1, type="mystery.happened")
    report = sync_service.sync_now(ctx)
    assert report.error is None
    dialog = DeadLetterDialog()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[:2] == ["上传总部", DESK]
    assert row[3] == "mystery.happened" and row[5] == "已隔离"
    assert row[6] == "总部不认识的事件类型"
    out = tmp_path / "dead.jsonl"
    monkeypatch.setattr(dialog, "ask_export_path", lambda: out)
    monkeypatch.setattr("hall_desk.ui.sync_panel.QMessageBox.information", lambda *a: None)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)  # written in the background
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["envelope"]["type"] for line in lines] == ["mystery.happened"]
    assert lines[0]["reason"] == "type.unknown"


def test_the_hall_list_says_when_it_last_heard_from_head_office(
    qtbot: QtBot, on_time: FixedClock, ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    assert sync_service.sync_now(ctx).error is None
    win = open_window(qtbot, ctx)
    sign_in(qtbot, win, "1001")
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    label = win.list_page.freshness_label
    assert "其他台席的记录截至最后一次与总部同步" in label.text() and "⚠" not in label.text()
    on_time.advance(minutes=30)  # no word from head office for half an hour
    win.list_page.refresh()
    assert label.text().startswith("⚠") and "可能不是最新" in label.text()
    win.close()


def test_a_plain_http_link_to_another_machine_is_shown_in_red(
    qtbot: QtBot, on_time: FixedClock, hall: dict[str, StaffSession], ctx: DeskContext,
    tmp_path: Path, remote_host: TestHost,
) -> None:  # fmt: skip
    hq = LiveHQ(tmp_path / "lan-hq", on=remote_host).start()
    try:
        hq.add_hall("HA01", "人民路营业厅")
        token = hq.add_desk(DESK)
        sync_service.register_desk(ctx, hq.url, DESK, token, allow_plain_http=True)
        win = open_window(qtbot, ctx)
        win.start_sync()
        try:
            qtbot.waitUntil(lambda: "● 在线" in panel_text(win), timeout=10_000)
            link = win.sync_panel.link_label
            assert link.isVisible() and link.text() == "⚠ 未加密连接总部"
            assert link.styleSheet() == style.ERROR_TEXT_BOLD
        finally:
            win.close()
    finally:
        hq.stop()


def test_head_offices_certificate_ending_within_30_days_is_shown(
    qtbot: QtBot, on_time: FixedClock, hall: dict[str, StaffSession], ctx: DeskContext,
    tmp_path: Path,
) -> None:  # fmt: skip
    ca = TestCA.make(tmp_path / "ca")
    hq = LiveHQ(tmp_path / "hq", tls=ca.issue(tmp_path / "certs", days=12.5)).start()
    try:
        hq.add_hall("HA01", "人民路营业厅")
        token = hq.add_desk(DESK)
        ca_pem = sync_service.read_ca_bundle(ca.pem)
        sync_service.register_desk(ctx, hq.url, DESK, token, ca_pem=ca_pem)
        win = open_window(qtbot, ctx)
        win.start_sync()
        try:
            link = win.sync_panel.link_label
            qtbot.waitUntil(lambda: link.isVisible(), timeout=10_000)
            assert link.text() == "⚠ 总部证书将于 12 天后过期"
            assert "● 在线" in panel_text(win)
        finally:
            win.close()
    finally:
        hq.stop()


def test_a_secure_link_with_a_distant_expiry_shows_no_warning(
    qtbot: QtBot, on_time: FixedClock, ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    win = open_window(qtbot, ctx)
    win.start_sync()
    try:
        qtbot.waitUntil(lambda: "● 在线" in panel_text(win), timeout=10_000)
        assert not win.sync_panel.link_label.isVisible()  # loopback http: nothing crosses a wire
    finally:
        win.close()


def test_a_complaint_marked_media_after_intake_is_uploaded_at_once(
    qtbot: QtBot,
    on_time: FixedClock,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    registered: str,
    hq: LiveHQ,
) -> None:
    """Issue 20, item 5: marked 媒体 in the detail's 升级 after intake, the complaint is 重要投诉 and
    transferred to head office by the same save, and its upload starts at once (not at the
    uploader's next round, a minute later)."""
    from hall_desk.domain.lifecycle import Step
    from hall_desk.storage.models import Complaint
    from tests.ui.test_lifecycle_ui import CTRL, Steps, record

    win = open_window(qtbot, ctx)
    win.start_sync()
    try:
        qtbot.waitUntil(lambda: "● 在线" in panel_text(win), timeout=10_000)
        qtbot.waitUntil(lambda: "待上传 0 条" in panel_text(win), timeout=10_000)
        complaint_id = record(ctx, hall["clerk"])  # after the round: it waits for the next
        sign_in(qtbot, win, "3001")
        detail = win.make_detail(complaint_id)
        with qtbot.waitExposed(detail):
            detail.show()

        def to_the_media(_dialog: object) -> None:
            press(qtbot, Qt.Key.Key_Down, times=4)  # 10086管理层, 通信管理局, 工信部, 媒体
            press(qtbot, Qt.Key.Key_Return, CTRL)

        Steps(qtbot, detail).take(Step.UPGRADE, to_the_media)
        row = Complaint.get_by_id(complaint_id)
        assert (row.media, row.important, row.state) == (True, True, "已转派")

        def held() -> bool:
            store = hq.store()
            try:
                complaint = store.complaint(complaint_id)
            finally:
                store.close()
            return complaint is not None and complaint["state"] == "已转派"

        qtbot.waitUntil(held, timeout=15_000)
        detail.close()
    finally:
        win.close()


def test_a_media_complaint_saved_at_intake_is_uploaded_at_once(
    qtbot: QtBot,
    on_time: FixedClock,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    registered: str,
    hq: LiveHQ,
) -> None:
    """Issue 20, item 5: saved with 媒体记者 ticked, the complaint reaches head office at once (the
    save starts the upload), transferred (已转派), and the saved banner shows the instruction."""
    from hall_desk.storage.models import Complaint
    from tests.ui.test_counter import ReadBack, fill_walk_in_complaint

    win = open_window(qtbot, ctx)
    win.start_sync()
    try:
        qtbot.waitUntil(lambda: "● 在线" in panel_text(win), timeout=10_000)
        qtbot.waitUntil(lambda: "待上传 0 条" in panel_text(win), timeout=10_000)
        sign_in(qtbot, win, "3001")
        win.intake.ask_read_back = ReadBack()  # type: ignore[method-assign]
        qtbot.mouseClick(win.intake.media_check, Qt.MouseButton.LeftButton)
        assert win.intake.media_check.isChecked()
        win.intake.phone_edit.setFocus()
        fill_walk_in_complaint(qtbot)
        row = Complaint.get()
        assert (row.media, row.state) == (True, "已转派"), win.intake.error_message()
        assert "综合部" in win.saved_label.text()

        def held() -> bool:
            store = hq.store()
            try:
                complaint = store.complaint(row.id)
            finally:
                store.close()
            return complaint is not None and complaint["state"] == "已转派"

        qtbot.waitUntil(held, timeout=15_000)
    finally:
        win.close()
