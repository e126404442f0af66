"""A desk SIGKILLed while it applies head office's ``refund.executed`` (issue 16): the event and
its ``refund_execution`` row are there together or not at all, and the next pull applies it once.

The desk process applies a pulled page holding the execution, armed to die once the row is
written (``HALL_DESK_FAULT=refund-execution-applied``) or as soon as the page arrived
(``after-pull-received`` is the runner's; here the page is applied directly, so the kill lands
inside the page's transaction), then again unarmed."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hall_desk.services import refunds
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Event, RefundExecution
from hall_desk.sync import downlink
from tests.sync.cli_helpers import REPO, desk_env
from tests.sync.downlink_events import head_office
from tests.sync.test_refund_execution import approved_refund, executed, failed

KILLED = -signal.SIGKILL

CHILD_APPLY = """
import json, sys
from datetime import UTC, datetime
from hall_desk.storage.db import open_store
from hall_desk.sync import downlink
open_store(sys.argv[1])
events = json.loads(open(sys.argv[2], encoding="utf-8").read())
after = downlink.pull_cursor()
result = downlink.apply_page(events, hall="HA01", desk="HA01-02", after=after,
                             cursor=after + len(events), at=datetime.now(UTC))
print("applied", result.applied, result.duplicate, flush=True)
"""


def apply_in_a_desk_process(
    store: Path, page: Path, keyring_file: Path, fault: str = ""
) -> subprocess.CompletedProcess[str]:
    extra = {"HALL_DESK_FAULT": fault} if fault else {}
    return subprocess.run(
        [sys.executable, "-c", CHILD_APPLY, str(store), str(page)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
        env=desk_env(keyring_file, **extra),
    )  # fmt: skip


def held(event_id: str, refund_id: str) -> tuple[bool, bool]:
    return (
        Event.select().where(Event.id == event_id).exists(),
        RefundExecution.select().where(RefundExecution.refund_id == refund_id).exists(),
    )


@pytest.mark.parametrize("kind", ["executed", "failed"])
def test_killed_while_applying_an_execution_leaves_event_and_row_together_or_neither(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    keyring_file: Path,
    tmp_path: Path,
    kind: str,
) -> None:
    _complaint, view = approved_refund(ctx, hall)
    head = head_office()
    event = executed(view, head) if kind == "executed" else failed(view, head)
    page = tmp_path / "page.json"
    page.write_text(json.dumps([event], ensure_ascii=False), encoding="utf-8")
    cursor_before = downlink.pull_cursor()

    killed = apply_in_a_desk_process(store, page, keyring_file, "refund-execution-applied")
    assert killed.returncode == KILLED, killed.stderr
    assert "refund-execution-applied" in killed.stderr and "applied" not in killed.stdout
    assert held(event["id"], view.id) == (False, False)  # neither
    assert downlink.pull_cursor() == cursor_before
    assert refunds.get_refund(hall["clerk"], view.id).execution_shown == "未上传总部"

    again = apply_in_a_desk_process(store, page, keyring_file)
    assert again.returncode == 0, again.stderr
    assert again.stdout.split() == ["applied", "1", "0"]
    assert held(event["id"], view.id) == (True, True)  # together
    shown = refunds.get_refund(hall["clerk"], view.id)
    assert shown.execution_shown == ("已到账" if kind == "executed" else "执行失败")
    # Pulled once more (head office resends after the kill): a duplicate, applied once.
    third = apply_in_a_desk_process(store, page, keyring_file)
    assert third.stdout.split() == ["applied", "0", "1"]
    assert Event.select().where(Event.id == event["id"]).count() == 1
