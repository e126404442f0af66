"""``hall-desk sync-status`` tells "head office answered with an error" from "offline" (issue 15,
finding 11): after a 500 or a 403 head office is up and said no, which is not the same trouble as a
network that is down, nor the same remedy."""

from __future__ import annotations

from pathlib import Path

from hall_desk.services import sync
from hall_desk.services.context import DeskContext
from hall_desk.sync import outbox
from hall_desk.sync.outbox import Reachability
from hall_desk.sync.runner import run_round
from hall_desk.sync.transport import HQClient, Timeouts
from tests.hq.live import LiveHQ
from tests.sync.cli_helpers import hall_desk
from tests.sync.fixtures import DESK, add_events
from tests.sync.misbehaving import misbehaving

FAST = Timeouts(connect=1.0, read=2.0, write=1.0, pool=1.0)


def online_line(data_dir: Path, keyring_file: Path) -> str:
    result = hall_desk(data_dir, keyring_file, "sync-status")
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    return lines["online"].strip()


def test_a_500_is_an_error_answer_not_offline(
    registered: str, ctx: DeskContext, data_dir: Path, keyring_file: Path
) -> None:
    add_events(ctx, 3)
    with (
        misbehaving(["500"]) as server,
        HQClient(server.url, registered, clock=ctx.clock, timeouts=FAST) as client,
    ):
        report = run_round(DESK, client, clock=ctx.clock)
    assert report.error is not None and report.error.code == "sync.server_error"
    status = outbox.queue_status(DESK)
    assert status.reachability is Reachability.HQ_ERROR and not status.online
    assert status.last_error is not None and status.last_error.http_status == 500
    assert (
        online_line(data_dir, keyring_file) == "head office answered with an error (HTTP 500 oops)"
    )


def test_a_revoked_token_is_an_error_answer_and_a_dead_head_office_is_offline(
    registered: str, ctx: DeskContext, hq: LiveHQ, data_dir: Path, keyring_file: Path
) -> None:
    assert sync.sync_now(ctx).ok
    assert online_line(data_dir, keyring_file) == "yes"
    assert outbox.queue_status(DESK).reachability is Reachability.ONLINE

    hq.revoke(DESK)
    add_events(ctx, 2)
    report = sync.sync_now(ctx)
    assert report.error is not None and report.error.code == "sync.auth_revoked"
    assert outbox.queue_status(DESK).reachability is Reachability.HQ_ERROR
    assert (
        online_line(data_dir, keyring_file)
        == "head office answered with an error (HTTP 403 auth.revoked)"
    )

    hq.kill()
    report = sync.sync_now(ctx)
    assert report.error is not None and report.error.code == "sync.offline"
    assert outbox.queue_status(DESK).reachability is Reachability.OFFLINE
    assert online_line(data_dir, keyring_file) == "no"
