"""Issue 17 (隔离与冲突): head office closes a desk's quarantined event in its console with a note;
the desk, after its next sync against the real head office, shows the note in 未送达事件. An event
head office re-applies is marked so there too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import FixedClock
from hall_desk.services import sync as sync_service
from hall_desk.services.context import DeskContext
from hall_desk.ui.sync_panel import DeadLetterDialog
from tests.hq.live import LiveHQ
from tests.sync.fixtures import DESK, add_events, newer_desk_family

NOTE = "总部已核实：台席版本较新，升级后由技术支持重发 <b>勿删</b>"


@pytest.fixture
def on_time(clock: FixedClock) -> FixedClock:
    clock.set(datetime.now(UTC))
    return clock


def test_a_close_note_from_the_console_shows_in_the_desks_dead_letters(
    qtbot: QtBot, on_time: FixedClock, ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    with newer_desk_family("mystery"):  # head office does not know this type: quarantined
        add_events(ctx, 2, type="mystery.happened")
    assert sync_service.sync_now(ctx).error is None
    store = hq.store()
    try:
        store.add_operator("wang.wu", role="operator")
        rows, total = store.held_events("quarantine", desk=DESK)
        assert total == 2 and {r.reason for r in rows} == {"type.unknown"}
        assert store.close_held([rows[0].ref], NOTE, store.operator("wang.wu")) == 1
        closed_id = rows[0].event_id
    finally:
        store.close()
    assert sync_service.sync_now(ctx).error is None  # pulls head office's held.closed

    letters = {letter.event_id: letter for letter in sync_service.dead_letters()}
    assert letters[closed_id].hq_answer == "closed" and letters[closed_id].hq_note == NOTE
    assert letters[rows[1].event_id].hq_answer == ""
    dialog = DeadLetterDialog()
    qtbot.addWidget(dialog)
    shown = {
        dialog.table.item(r, 8).text()
        for r in range(dialog.table.rowCount())
        if dialog.table.item(r, 8) is not None
    }
    assert f"总部已关闭（wang.wu）：{NOTE}" in shown and "" in shown
