"""The status bar tells "head office answered with an error" (总部返回错误) from offline (离线), against
a real head office (issue 15, finding 11)."""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import FixedClock
from hall_desk.services.context import DeskContext
from tests.hq.live import LiveHQ
from tests.sync.fixtures import DESK, add_events
from tests.ui.conftest import open_window
from tests.ui.test_sync_ui import panel_text


def test_a_revoked_desk_shows_head_office_answered_an_error_not_offline(
    qtbot: QtBot, clock: FixedClock, ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    clock.set(datetime.now(UTC))
    hq.revoke(DESK)
    add_events(ctx, 2)
    win = open_window(qtbot, ctx)
    win.start_sync()
    try:
        qtbot.waitUntil(lambda: "总部返回错误" in panel_text(win), timeout=15_000)
        text = panel_text(win)
        assert "● 总部返回错误（HTTP 403）" in text
        assert "离线" not in text and "● 在线" not in text
    finally:
        win.close()
