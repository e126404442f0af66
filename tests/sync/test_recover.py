"""Recovering a desk (issue 9): after a restore of an older store, the desk takes back from a real
head office the events of its own it lacks and continues its chain without reusing a seq."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from hall_desk import cli
from hall_desk.domain.envelope import envelope_hash
from hall_desk.services import complaints, sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import close_store, open_store
from hall_desk.storage.events import verify_desk_chain
from hall_desk.storage.models import Complaint, Event, SyncDelivery
from hall_desk.sync import outbox
from hall_desk.sync.protocol import OWN_EVENTS_PATH
from hall_desk.sync.recover import RECOVERY_REFUSED, RecoveryRefused
from hall_desk.ui.errors import sync_error_text
from tests.hq.live import LiveHQ
from tests.services.test_complaints_service import draft
from tests.sync.fixtures import DESK, own_seqs


def _copy_store(store: Path, to: Path) -> None:
    """The store file as a backup would hold it (closed first, so the WAL is checkpointed)."""
    close_store()
    shutil.copyfile(store, to)
    open_store(store)


def _put_back(store: Path, old: Path) -> None:
    """Restore the older copy over the store (as ``hall-desk restore`` does)."""
    close_store()
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(old, store)
    open_store(store)


def _record(ctx: DeskContext, session: StaffSession, n: int, tag: str) -> list[str]:
    return [
        complaints.record_complaint(ctx, session, draft(description=f"{tag} {i}")).id
        for i in range(n)
    ]


@pytest.fixture
def restored(
    registered: str,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    hq: LiveHQ,
    store: Path,
    tmp_path: Path,
) -> dict[str, Any]:
    """Complaints synced, a copy of the store at seq k, more complaints synced (head office at n),
    then the copy put back: the desk's chain ends at k, head office's at n > k."""
    early = _record(ctx, hall["clerk"], 2, "早")
    assert sync.sync_now(ctx).ok
    k = own_seqs()[-1]
    _copy_store(store, tmp_path / "old.sqlite3")
    late = _record(ctx, hall["clerk"], 3, "晚")
    assert sync.sync_now(ctx).ok
    n = own_seqs()[-1]
    late_numbers = [Complaint.get_by_id(i).number for i in late]
    _put_back(store, tmp_path / "old.sqlite3")
    assert own_seqs()[-1] == k < n == hq.status()[DESK]["highest_seq"]
    assert not Complaint.select().where(Complaint.id.in_(late)).exists()
    return {"k": k, "n": n, "early": early, "late": late, "late_numbers": late_numbers}


def test_a_sync_round_takes_back_the_lost_events_before_uploading(
    restored: dict[str, Any], hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ
) -> None:
    k, n = restored["k"], restored["n"]
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert report.recovered == n - k
    assert report.sent == 0  # nothing re-uploaded: the recovered events count as delivered
    assert own_seqs() == list(range(1, n + 1))
    chain = verify_desk_chain(DESK)
    assert chain.intact and chain.count == n
    # the records are back, as they were
    back = {c.id: c for c in Complaint.select().where(Complaint.id.in_(restored["late"]))}
    assert set(back) == set(restored["late"])
    assert sorted(c.number for c in back.values()) == sorted(restored["late_numbers"])
    assert {c.description for c in back.values()} == {"晚 0", "晚 1", "晚 2"}
    assert {d.seq for d in SyncDelivery.select()} >= set(range(k + 1, n + 1))
    assert outbox.queue_status(DESK).waiting == 0

    # a new complaint continues the chain at n + 1, with a number not used before, and uploads
    new = complaints.record_complaint(ctx, hall["clerk"], draft(description="新"))
    assert own_seqs()[-1] == n + 1
    assert new.number not in restored["late_numbers"]
    after = sync.sync_now(ctx)
    assert after.ok and (after.sent, after.stored, after.refused) == (1, 1, 0)
    state = hq.status()[DESK]
    assert state["highest_seq"] == n + 1
    assert state["conflicts"] == 0
    assert hq.store().events_of(DESK)[-1]["payload"]["id"] == new.id


def test_recover_cli_prints_what_it_fetched(
    restored: dict[str, Any], store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    k, n = restored["k"], restored["n"]
    close_store()
    try:
        code = cli.main(["recover", "--data-dir", str(store.parent)])
    finally:
        open_store(store)
    out = capsys.readouterr()
    assert code == 0, out.err
    assert f"recovered {n - k} events from head office: seq {k + 1}..{n}" in out.out
    assert "complaint.created 3" in out.out
    assert own_seqs() == list(range(1, n + 1)) and verify_desk_chain(DESK).intact
    # again: nothing more to take
    assert sync.recover_from_hq(DeskContext()).fetched == 0


def test_head_office_answers_own_events_exactly_as_uploaded(
    restored: dict[str, Any], registered: str, hq: LiveHQ
) -> None:
    k = restored["k"]
    held = hq.store().events_of(DESK)
    reply = httpx.get(
        hq.url + OWN_EVENTS_PATH, params={"after": k, "limit": 2}, headers=hq.auth(registered)
    ).json()
    assert reply["events"] == held[k : k + 2] and reply["more"] is True
    assert all(envelope_hash(e) == e["hash"] for e in reply["events"])
    last = httpx.get(
        hq.url + OWN_EVENTS_PATH, params={"after": k + 2, "limit": 500}, headers=hq.auth(registered)
    ).json()
    assert last["events"] == held[k + 2 :] and last["more"] is False
    refused = httpx.get(
        hq.url + OWN_EVENTS_PATH, params={"after": "-1"}, headers=hq.auth(registered)
    )
    assert refused.status_code == 400
    assert httpx.get(hq.url + OWN_EVENTS_PATH).status_code == 401


@pytest.fixture
def tampering(hq: LiveHQ) -> Any:
    """``tampering(change)``: a transport giving head office's real answers, except the own-events
    page, changed by ``change``."""
    real = httpx.Client(base_url=hq.url)

    def make(change: Any) -> httpx.MockTransport:
        def handler(request: httpx.Request) -> httpx.Response:
            forwarded = real.request(
                request.method,
                request.url.path,
                params=request.url.params,
                headers={"Authorization": request.headers["Authorization"]},
                content=request.content,
            )
            body = forwarded.json()
            if request.url.path == OWN_EVENTS_PATH:
                change(body["events"])
            return httpx.Response(forwarded.status_code, json=body)

        return httpx.MockTransport(handler)

    yield make
    real.close()


def _edit_text(events: list[dict[str, Any]]) -> None:
    events[1]["payload"]["description"] = "改过的"  # hash left as it was


def _rehash_edit(events: list[dict[str, Any]]) -> None:
    events[1]["payload"]["description"] = "改过的"
    events[1]["hash"] = envelope_hash(events[1])  # consistent alone, but seq+1 no longer links


def _skip_one(events: list[dict[str, Any]]) -> None:
    del events[0]


@pytest.mark.parametrize("change", [_edit_text, _rehash_edit, _skip_one])
def test_a_tampered_page_is_refused_and_nothing_is_kept(
    restored: dict[str, Any], ctx: DeskContext, change: Any, tampering: Any
) -> None:
    k = restored["k"]
    events_before = Event.select().count()
    complaints_before = Complaint.select().count()
    with pytest.raises(RecoveryRefused) as refused:
        sync.recover_from_hq(ctx, transport=tampering(change))
    assert refused.value.code == RECOVERY_REFUSED
    assert (Event.select().count(), Complaint.select().count()) == (
        events_before,
        complaints_before,
    )
    assert own_seqs()[-1] == k
    # a round stops before uploading anything and says why
    report = sync.sync_now(ctx, transport=tampering(change))
    assert report.error is not None and report.error.code == RECOVERY_REFUSED
    assert report.sent == 0 and own_seqs()[-1] == k
    error = outbox.queue_status(DESK).current_error
    assert error is not None and error.code == RECOVERY_REFUSED
    assert sync_error_text(error.code).startswith("需要从总部恢复")


def test_nothing_to_recover_costs_nothing(
    registered: str, hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ
) -> None:
    _record(ctx, hall["clerk"], 1, "一")
    report = sync.sync_now(ctx)
    assert report.ok and report.recovered == 0 and report.sent == own_seqs()[-1]
    assert json.loads(json.dumps(sync.recover_from_hq(ctx).types)) == {}
