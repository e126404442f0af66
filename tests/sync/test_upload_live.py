"""The upload path against a real head office on loopback (``hall-desk-hq serve``)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hall_desk import credentials
from hall_desk.domain.clock import FixedClock
from hall_desk.domain.errors import SetupError, ValidationError
from hall_desk.services import sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import SyncDelivery
from hall_desk.sync import outbox
from hall_desk.sync.errors import AuthRefused, DeskMismatch
from hall_desk.sync.protocol import MAX_BATCH
from tests.hq.envelopes import DeskChain
from tests.hq.live import LiveHQ
from tests.sync.fixtures import DESK, add_events, newer_desk_family, own_seqs


def hq_seqs(hq: LiveHQ) -> list[int]:
    store = hq.store()
    try:
        return [e["seq"] for e in store.events_of(DESK)]
    finally:
        store.close()


def hq_ids(hq: LiveHQ) -> list[str]:
    store = hq.store()
    try:
        return [e["id"] for e in store.events_of(DESK)]
    finally:
        store.close()


def test_register_checks_the_token_and_keeps_it_only_in_the_keyring(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ, memory_keyring
) -> None:
    token = hq.add_desk(DESK)
    result = sync.register_desk(ctx, hq.url + "/", " ha01-02 ", f"  {token}\n")
    assert result.verified and result.warning is None
    assert result.hq_url == hq.url
    assert credentials.load_token(DESK) == token
    status = sync.queue_status()
    assert status.registered and status.online and status.hq_url == hq.url
    assert status.clock_offset is not None


def test_a_wrong_token_is_refused_and_nothing_is_stored(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ
) -> None:
    hq.add_desk(DESK)
    with pytest.raises(AuthRefused) as caught:
        sync.register_desk(ctx, hq.url, DESK, "hd1_" + "x" * 43)
    assert caught.value.code == "sync.auth_invalid"
    assert credentials.load_token(DESK) is None
    assert not sync.queue_status().registered


def test_another_desks_token_or_code_is_refused(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ
) -> None:
    other = hq.add_desk("HA01-03")
    with pytest.raises(DeskMismatch):
        sync.register_desk(ctx, hq.url, DESK, other)
    with pytest.raises(DeskMismatch):
        sync.register_desk(ctx, hq.url, "HA01-03", other)
    assert credentials.load_token(DESK) is None
    assert not sync.queue_status().registered


@pytest.mark.parametrize(
    "url", ["ftp://x", "hq.example", "http://", "http://u:p@h", "http://h?a=1"]
)
def test_a_bad_url_is_refused(hall: dict[str, StaffSession], ctx: DeskContext, url: str) -> None:
    with pytest.raises(ValidationError) as caught:
        sync.register_desk(ctx, url, DESK, "hd1_" + "x" * 43)
    assert caught.value.code == "hq_url.invalid"


def test_head_office_unreachable_at_registration_stores_with_a_warning(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ
) -> None:
    token = hq.add_desk(DESK)
    url = hq.url
    hq.stop()
    result = sync.register_desk(ctx, url, DESK, token)
    assert not result.verified and result.warning is not None
    assert result.warning.code == "sync.offline"
    assert credentials.load_token(DESK) == token
    hq.start()
    assert sync.sync_now(ctx).ok


def test_the_demo_desk_never_registers(store, ctx: DeskContext) -> None:
    from hall_desk.services.demo import create_demo_hall

    create_demo_hall(ctx)
    with pytest.raises(SetupError) as caught:
        sync.register_desk(ctx, "http://127.0.0.1:9", "DEMO-01", "hd1_" + "x" * 43)
    assert caught.value.code == "demo.cannot_register"
    assert credentials.load_token("DEMO-01") is None


def test_every_event_arrives_once_in_seq_order_in_bounded_batches(
    registered: str, ctx: DeskContext, hq: LiveHQ
) -> None:
    add_events(ctx, 2 * MAX_BATCH + 7)
    total = len(own_seqs())
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert report.sent == report.stored == total
    assert report.batches == 3
    assert hq_seqs(hq) == own_seqs()
    assert hq.status()[DESK]["chain_state"] == "intact"
    status = report.status
    assert status is not None
    assert (status.waiting, status.delivered, status.dead_letters) == (0, total, 0)
    # Nothing more to send: a second round sends nothing and stays online.
    again = sync.sync_now(ctx)
    assert again.ok and again.sent == 0 and again.status.online


def test_a_quarantined_event_is_a_dead_letter_and_blocks_nothing(
    registered: str, ctx: DeskContext, hq: LiveHQ, tmp_path
) -> None:
    add_events(ctx, 50)
    with newer_desk_family("gadget"):  # head office does not know this type
        add_events(ctx, 1, type="gadget.invented")
    add_events(ctx, 49)
    report = sync.sync_now(ctx)
    assert report.ok
    assert report.quarantined == 1 and report.stored == report.sent - 1
    letters = sync.dead_letters()
    assert [(d.type, d.outcome.value, d.reason) for d in letters] == [
        ("gadget.invented", "quarantined", "type.unknown")
    ]
    status = sync.queue_status()
    assert status.waiting == 0 and status.dead_letters == 1
    assert status.delivered == len(own_seqs())  # quarantined: head office holds it
    assert hq_seqs(hq) == own_seqs()
    assert hq.status()[DESK]["chain_state"] == "intact"
    # Not re-sent.
    assert sync.sync_now(ctx).sent == 0
    path = tmp_path / "out" / "dead.jsonl"
    assert sync.export_dead_letters(path) == 1
    import json

    (line,) = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(line)
    assert row["outcome"] == "quarantined" and row["reason"] == "type.unknown"
    assert row["envelope"]["type"] == "gadget.invented" and row["envelope"]["hash"]


def test_refused_events_are_dead_letters_and_the_rest_still_arrives(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ
) -> None:
    """Head office already holds other content at seq 1–2 of this desk (a reinstalled desk, say):
    the desk's own seq 1–2 are refused as conflicts, its seq 3 as not linking to the seq 2 head
    office holds (chain.link), and everything after still goes up."""
    token = hq.add_desk(DESK)
    hq.seed_staff("HA01", "1001")  # head office knows the store manager (the desk's setup is lost)
    store = hq.store()
    try:
        from hall_desk.hq.store import DeskIdentity  # noqa: F401  (the store's own upload)

        identity = store.desk_for_token(token)
        store.upload(identity, DeskChain(DESK).complaints(2))
    finally:
        store.close()
    sync.register_desk(ctx, hq.url, DESK, token)
    add_events(ctx, 20)
    report = sync.sync_now(ctx)
    assert report.ok
    assert report.refused == 3 and report.stored == report.sent - 3
    letters = sync.dead_letters()
    assert [(d.seq, d.outcome.value, d.reason) for d in letters] == [
        (1, "refused", "conflict"),
        (2, "refused", "conflict"),
        (3, "refused", "chain.link"),
    ]
    status = sync.queue_status()
    assert status.waiting == 0 and status.dead_letters == 3
    assert status.delivered == len(own_seqs()) - 3
    assert sync.sync_now(ctx).sent == 0  # refused: never re-sent


def test_a_revoked_token_is_a_clear_error_and_nothing_is_dropped(
    registered: str, ctx: DeskContext, hq: LiveHQ
) -> None:
    assert sync.sync_now(ctx).ok
    add_events(ctx, 30)
    hq.revoke(DESK)
    report = sync.sync_now(ctx)
    assert report.error is not None and report.error.code == "sync.auth_revoked"
    status = report.status
    assert status.waiting == 30 and not status.online
    assert status.last_error.code == "sync.auth_revoked"
    assert SyncDelivery.select().count() == len(own_seqs()) - 30


def test_a_wrong_token_in_the_keyring_is_a_clear_error(
    registered: str, ctx: DeskContext, hq: LiveHQ
) -> None:
    credentials.save_token(DESK, "hd1_" + "y" * 43)
    add_events(ctx, 3)
    report = sync.sync_now(ctx)
    assert report.error.code == "sync.auth_invalid"
    assert report.status.waiting == len(own_seqs())


def test_head_office_down_while_5000_events_accumulate_then_all_arrive_in_order(
    registered: str, ctx: DeskContext, hq: LiveHQ
) -> None:
    hq.stop()
    add_events(ctx, 5000)
    report = sync.sync_now(ctx)
    assert report.error is not None and report.error.code == "sync.offline"
    status = report.status
    assert status.waiting == len(own_seqs()) and status.delivered == 0
    assert status.last_error.code == "sync.offline" and not status.online
    hq.start()
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert hq_seqs(hq) == own_seqs()
    assert hq.status()[DESK]["chain_state"] == "intact"
    assert report.status.waiting == 0 and report.status.online


def test_head_office_killed_mid_batch_loses_and_doubles_nothing(
    registered: str, ctx: DeskContext, hq: LiveHQ
) -> None:
    add_events(ctx, 300)
    hq.restart(env={"HALL_DESK_HQ_FAULT": "kill-mid-batch"})
    report = sync.sync_now(ctx)
    assert not report.ok
    hq.wait_dead()
    assert report.status.delivered == 0  # the reply never came: nothing marked
    hq.start(env={})
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert report.duplicate > 0  # the half head office had committed
    ids = hq_ids(hq)
    assert len(ids) == len(set(ids)) and hq_seqs(hq) == own_seqs()


def test_a_desk_clock_three_days_wrong_keeps_order_and_records_the_offset(
    registered: str, ctx: DeskContext, clock: FixedClock, hq: LiveHQ
) -> None:
    from datetime import UTC, datetime

    clock.set(datetime.now(UTC) + timedelta(days=3))
    add_events(ctx, 10)
    clock.set(datetime.now(UTC) - timedelta(days=3))  # and then wrong the other way
    add_events(ctx, 10)
    report = sync.sync_now(ctx)
    assert report.ok
    assert hq_seqs(hq) == own_seqs()
    status = report.status
    assert status.clock_offset is not None and status.clock_skewed
    assert abs(status.clock_offset + timedelta(days=3)) < timedelta(minutes=1)


def test_events_of_other_desks_are_never_uploaded(
    registered: str, ctx: DeskContext, hq: LiveHQ
) -> None:
    # An event pulled from another desk of the hall (part 2's downlink writes such rows).
    with unit_of_work():
        append_event(
            hall="HA01",
            desk="HA01-03",
            type="document.noted",
            actor="9",
            at=ctx.clock.now(),
            state={"id": "x"},
        )
    add_events(ctx, 5)
    report = sync.sync_now(ctx)
    assert report.ok and report.sent == len(own_seqs())
    assert outbox.next_batch(DESK) == []
    assert "HA01-03" not in hq.status()
