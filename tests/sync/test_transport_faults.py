"""Head office answering 500/503, too slowly, with garbage or with a reply about other events,
or not at all: nothing is lost, nothing is marked delivered, the error is recorded and typed."""

from __future__ import annotations

import socket

import pytest

from hall_desk.services import sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import SyncDelivery
from hall_desk.sync import outbox
from hall_desk.sync.runner import run_round
from hall_desk.sync.transport import HQClient, Timeouts
from tests.sync.fixtures import DESK, add_events, own_seqs
from tests.sync.misbehaving import misbehaving

FAST = Timeouts(connect=1.0, read=0.5, write=1.0, pool=1.0)
TOKEN = "hd1_" + "t" * 43


@pytest.mark.parametrize(
    ("behaviour", "code"),
    [
        ("500", "sync.server_error"),
        ("503", "sync.server_error"),
        ("slow", "sync.timeout"),
        ("garbage", "sync.server_error"),
        ("short", "sync.server_error"),
        ("others", "sync.server_error"),
        ("drop", None),  # offline or broken HTTP, depending on timing
        ("401", "sync.auth_invalid"),
        ("403", "sync.auth_revoked"),
    ],
)
def test_a_bad_answer_marks_nothing_and_is_recorded(
    hall: dict[str, StaffSession], ctx: DeskContext, behaviour: str, code: str | None
) -> None:
    add_events(ctx, 20)
    waiting = len(own_seqs())
    with (
        misbehaving([behaviour]) as server,
        HQClient(server.url, TOKEN, clock=ctx.clock, timeouts=FAST) as client,
    ):
        report = run_round(DESK, client, clock=ctx.clock)
    assert report.error is not None
    if code is not None:
        assert report.error.code == code
    assert report.sent == 0
    assert SyncDelivery.select().count() == 0
    status = outbox.queue_status(DESK)
    assert status.waiting == waiting and status.delivered == 0 and not status.online
    assert status.last_error.code == report.error.code


def test_after_trouble_the_next_round_delivers_everything(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    add_events(ctx, 1200)
    # each round starts with GET /v1/desk (is head office ahead of this desk's chain?), then batches
    with (
        misbehaving(["ok", "ok", "503", "ok"]) as server,
        HQClient(server.url, TOKEN, clock=ctx.clock, timeouts=FAST) as client,
    ):
        first = run_round(DESK, client, clock=ctx.clock)
        assert first.error.code == "sync.server_error" and first.sent == 500
        second = run_round(DESK, client, clock=ctx.clock)
    assert second.ok and first.sent + second.sent == len(own_seqs())
    sent_seqs = [e["seq"] for body in server.bodies for e in body["events"]]
    # The failed batch is sent again; everything else exactly once, in seq order.
    assert sent_seqs == own_seqs()[:1000] + own_seqs()[500:]
    assert all(len(body["events"]) <= 500 for body in server.bodies)


def test_nobody_listening_is_offline(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    add_events(ctx, 3)
    with HQClient(f"http://127.0.0.1:{port}", TOKEN, clock=ctx.clock, timeouts=FAST) as client:
        report = run_round(DESK, client, clock=ctx.clock)
    assert report.error.code == "sync.offline"
    assert outbox.queue_status(DESK).waiting == len(own_seqs())


def test_the_token_travels_as_a_bearer_header_with_time_outs_on_every_phase(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    import httpx

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            json={
                "protocol": 1,
                "server_time": "2026-11-22T02:00:00Z",
                "hall": "HA01",
                "desk": DESK,
                "highest_seq": 0,
                "chain": {"state": "intact"},
            },
        )

    client = HQClient(
        "http://hq.invalid", TOKEN, clock=ctx.clock, transport=httpx.MockTransport(handler)
    )
    client.who_am_i()
    assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
    timeout = seen[0].extensions["timeout"]
    assert all(timeout[phase] for phase in ("connect", "read", "write", "pool"))
    assert client.last_offset == ctx.clock.now() - ctx.clock.now().replace(hour=2, minute=0)
    client.close()


def test_sync_now_without_registration_says_so(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    add_events(ctx, 2)
    report = sync.sync_now(ctx)
    assert report.error.code == "sync.not_registered"
    assert report.status.waiting == len(own_seqs())
