"""Recovering a desk (issue 9) against a real head office, with refunds (one decided by head office),
a completed transfer with certified agreements and evidence, and more own events than one page:

- restored from an older backup on the same PC: the next round takes the rest back and fetches the
  transfer's files, and the agreements verify;
- a brand-new PC (empty data directory, empty keyring): the operator re-issues the desk's token
  and with it the one-time recovery code (issue 15), ``recover_new_desk`` / ``hall-desk recover
  --head-office … --desk …`` opens the key escrow with both, takes the chain back from seq 1, pulls
  the hall, fetches the files; no set-up event is written.

After recovery the next record does not reuse a day number, its event is seq N+1, and head office
takes it without conflict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import pytest

from hall_desk import cli, credentials
from hall_desk.domain.errors import ValidationError
from hall_desk.hq.store import DeskIdentity
from hall_desk.services import sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.desk_recovery import NOT_EMPTY, recover_new_desk
from hall_desk.services.escrow import EscrowRefused
from hall_desk.services.setup import current_desk
from hall_desk.services.staff import sign_in
from hall_desk.storage.db import close_store, open_store
from hall_desk.storage.events import verify_desk_chain
from hall_desk.storage.models import (
    Complaint,
    Event,
    Refund,
    StoredFile,
    Transfer,
    TransferFile,
    TypicalCase,
)
from hall_desk.sync.errors import AuthRefused
from tests.conftest import PASSWORDS
from tests.hq.envelopes import DeskChain
from tests.hq.live import LiveHQ
from tests.sync.desk_history import (
    PAGE,
    History,
    agreements_verify,
    complaint,
    copy_store,
    escrowed_keys,
    put_back,
    refund,
    transfer,
    work,
)
from tests.sync.downlink_events import complaint as downlink_complaint
from tests.sync.fixtures import DESK, own_seqs
from tests.sync.keyrings import MemoryKeyring


def _next_record_continues(
    ctx: DeskContext, session: StaffSession, hq: LiveHQ, history: History, n: int
) -> str:
    """The next complaint takes a day number not used before and seq n + 1, and head office
    stores it without conflict."""
    new = Complaint.get_by_id(complaint(ctx, session, "恢复后的新投诉"))
    assert new.number not in history.complaints.values()
    assert own_seqs()[-1] == n + 1
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert (report.sent, report.stored, report.refused) == (1, 1, 0)
    state = hq.status()[DESK]
    assert state["highest_seq"] == n + 1 and state["conflicts"] == 0 and state["chain"] == "intact"
    return str(new.id)


def _as_before(history: History) -> None:
    for complaint_id, number in history.complaints.items():
        assert Complaint.get_by_id(complaint_id).number == number
    for refund_id, state in history.refunds.items():
        assert Refund.get_by_id(refund_id).state == state
    for transfer_id, number in history.transfers.items():
        row = Transfer.get_by_id(transfer_id)
        assert (row.number, row.state) == (number, "已完成")
    for case_id, title in history.cases.items():
        assert TypicalCase.get_by_id(case_id).title == title


@pytest.mark.slow
def test_a_desk_restored_from_an_older_backup_takes_everything_back(
    registered: str,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    hq: LiveHQ,
    store: Path,
    tmp_path: Path,
) -> None:
    early, late = History(), History()
    work(ctx, hall, hq, early, "早")
    k = own_seqs()[-1]
    copy_store(store, tmp_path / "old.sqlite3")
    work(ctx, hall, hq, late, "晚", extra_events=PAGE + 120)
    n = own_seqs()[-1]
    assert n - k > PAGE
    put_back(store, tmp_path / "old.sqlite3")
    assert not Transfer.select().where(Transfer.id.in_(list(late.transfers))).exists()

    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert report.recovered == n - k and report.sent == 0
    assert report.recovered_files >= 3  # the evidence scan and the certified PDFs
    assert own_seqs() == list(range(1, n + 1)) and verify_desk_chain(DESK).intact
    _as_before(early)
    _as_before(late)
    _next_record_continues(ctx, hall["clerk"], hq, early, n)
    for transfer_id in late.transfers:
        assert len(agreements_verify(ctx, hall["clerk"], transfer_id)) == 4
        evidence = TransferFile.get(
            (TransferFile.transfer_id == transfer_id) & (TransferFile.role == "evidence")
        )
        assert StoredFile.get_by_id(evidence.sha256).size == evidence.size


@pytest.fixture
def worked(
    registered: str, hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ
) -> dict[str, Any]:
    """A desk with its keys escrowed and some of everything synced, more own events than a page."""
    escrowed_keys()
    history = History()
    work(ctx, hall, hq, history, "旧电脑", extra_events=PAGE + 30)  # the signing key made too
    keys = credentials.escrowed_secrets(DESK)
    assert set(keys) == set(credentials.ESCROWED_SERVICES)
    report = sync.sync_now(ctx)
    assert report.ok and report.escrow_error == ""
    assert sync.queue_status().waiting == 0
    return {
        "keys": keys,
        "history": history,
        "n": own_seqs()[-1],
        "passphrase": credentials.signing_passphrase(DESK, create=False),
    }


def _new_pc(tmp_path: Path, memory_keyring: MemoryKeyring) -> Path:
    """The old PC is gone: an empty data directory and an empty keyring."""
    close_store()
    keyring.set_keyring(MemoryKeyring())
    directory = tmp_path / "new-pc"
    directory.mkdir()
    return directory


def _reissue(hq: LiveHQ) -> tuple[str, str]:
    """hall-desk-hq add-desk DESK --new-token: (token, recovery code)."""
    return hq.reissue(DESK)


@pytest.mark.slow
def test_a_new_pc_recovers_the_desk_keys_records_and_agreements(
    worked: dict[str, Any],
    ctx: DeskContext,
    hq: LiveHQ,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    registered: str,
) -> None:
    history, n = worked["history"], worked["n"]
    directory = _new_pc(tmp_path, memory_keyring)
    token, code = _reissue(hq)
    other = hq.add_desk("HA01-03")  # another desk of the hall has recorded meanwhile
    other_complaint = downlink_complaint("HA01-03", 1)
    held = hq.store()
    try:
        held.upload(
            held.desk_for_token(other) or DeskIdentity("HA01-03", "HA01", False),
            [DeskChain("HA01-03").next(payload=other_complaint)],
        )
    finally:
        held.close()
    open_store(directory / "desk.sqlite3")
    try:
        stages: list[tuple[str, int, int]] = []
        result = recover_new_desk(
            ctx, hq.url, DESK.lower(), token, code, progress=lambda *a: stages.append(a)
        )
        assert result.events == n and result.to_seq == n
        assert {s for s, _, _ in stages} == {"connect", "keys", "events", "hall", "files"}
        assert ("events", n, n) in stages and ("events", PAGE, n) in stages  # page by page
        # the keys are back in this PC's keyring
        assert credentials.escrowed_secrets(DESK) == worked["keys"]
        assert credentials.signing_passphrase(DESK, create=False) == worked["passphrase"]
        assert credentials.load_token(DESK) == token
        # the chain from seq 1, with no set-up event of its own
        assert own_seqs() == list(range(1, n + 1)) and verify_desk_chain(DESK).intact
        assert (
            Event.select().where((Event.desk == DESK) & (Event.type == "hall.configured")).count()
            == 1
        )
        assert current_desk().desk_code == DESK and not current_desk().demo  # type: ignore[union-attr]
        # staff come back from head office's echoes: the manager signs in with the old password
        manager = sign_in(ctx, "1001", PASSWORDS["1001"])
        clerk = sign_in(ctx, "3001", PASSWORDS["3001"])
        _as_before(history)
        assert Complaint.get_by_id(other_complaint["id"]).desk_code == "HA01-03"  # pulled
        assert sync.queue_status().dead_letters == 0
        new = _next_record_continues(ctx, clerk, hq, history, n)
        used = {Refund.get_by_id(r).number for r in history.refunds}
        assert Refund.get_by_id(refund(ctx, clerk, new, "20")).number not in used
        used_transfers = set(history.transfers.values())
        assert Transfer.get_by_id(transfer(ctx, clerk)).number not in used_transfers
        assert sync.sync_now(ctx).ok and hq.status()[DESK]["conflicts"] == 0
        for transfer_id in history.transfers:  # opened and verified with the escrowed key
            assert len(agreements_verify(ctx, manager, transfer_id)) == 4
    finally:
        close_store()
    # the old PC's token no longer works
    with pytest.raises(AuthRefused):
        from hall_desk.sync.transport import HQClient

        with HQClient(hq.url, registered) as old:
            old.who_am_i()


@pytest.mark.slow
def test_hall_desk_recover_on_a_new_pc_from_the_command_line(
    worked: dict[str, Any],
    hq: LiveHQ,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    n = worked["n"]
    directory = _new_pc(tmp_path, memory_keyring)
    token, recovery_code = _reissue(hq)
    argv = ["recover", "--head-office", hq.url, "--desk", DESK, "--data-dir", str(directory)]
    # the token alone: head office keeps the keys, and says what is missing
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(token + "\n"))
    assert cli.main(argv) == 1
    refused = capsys.readouterr().err
    assert "recovery code" in refused and "escrow.release_required" in refused
    # token and code, one per line, as hall-desk-hq add-desk --new-token printed them
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(f"{token}\n{recovery_code}\n"))
    code = cli.main(argv)
    out = capsys.readouterr()
    assert code == 0, out.err
    assert f"desk {DESK} recovered from {hq.url}: {n} own events, chain at seq {n}" in out.out
    assert f"the next record is seq {n + 1}" in out.out
    assert token not in out.out + out.err and recovery_code not in out.out + out.err
    # run again on the same directory: it is a desk now, not an empty directory
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(token + "\n"))
    assert (
        cli.main(["recover", "--head-office", hq.url, "--desk", DESK, "--data-dir", str(directory)])
        == 1
    )
    assert "already holds a desk" in capsys.readouterr().err


def test_a_new_pc_is_told_clearly_what_stops_it(
    registered: str,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    hq: LiveHQ,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    complaint(ctx, hall["clerk"], "一条")
    assert sync.sync_now(ctx).ok
    store = hq.store()
    try:  # head office holds no escrow of this desk (never sent, or lost)
        store._conn.execute("DELETE FROM desk_escrow")  # autocommit
    finally:
        store.close()
    directory = _new_pc(tmp_path, memory_keyring)
    token, code = _reissue(hq)
    open_store(directory / "desk.sqlite3")
    try:
        with pytest.raises(AuthRefused):  # the old token was revoked by the re-issue
            recover_new_desk(ctx, hq.url, DESK, registered, code)
        with pytest.raises(EscrowRefused) as release:  # the token alone opens nothing
            recover_new_desk(ctx, hq.url, DESK, token)
        assert release.value.code == "escrow.release_required"
        with pytest.raises(ValidationError) as typo:  # not a recovery code: never sent
            recover_new_desk(ctx, hq.url, DESK, token, "7KQ2-M9XD")
        assert (typo.value.code, typo.value.field) == ("recovery_code.invalid", "recovery_code")
        with pytest.raises(EscrowRefused) as none:
            recover_new_desk(ctx, hq.url, DESK, token, code)
        assert none.value.code == "escrow.none"
        assert current_desk() is None and Event.select().count() == 0  # nothing half-done
        other = hq.add_desk("HA01-03")
        with pytest.raises(sync.DeskMismatch):
            recover_new_desk(ctx, hq.url, DESK, other, code)
        stopped = hq.url
        hq.stop()
        with pytest.raises(sync.HQUnreachable):
            recover_new_desk(ctx, stopped, DESK, token, code)
    finally:
        close_store()


def test_a_store_holding_a_desk_is_never_recovered_over(
    registered: str, hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ
) -> None:
    from hall_desk.domain.errors import SetupError

    with pytest.raises(SetupError) as refused:
        recover_new_desk(ctx, hq.url, DESK, registered, "7KQ2-M9XD-4TRV-0HCW")
    assert refused.value.code == NOT_EMPTY


def test_a_recovery_cut_off_part_way_is_finished_by_running_it_again(
    registered: str,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    hq: LiveHQ,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    import httpx

    from hall_desk.services.desk_recovery import recovery_unfinished
    from hall_desk.sync.protocol import PULL_PATH

    escrowed_keys()
    numbers = {
        Complaint.get_by_id(complaint(ctx, hall["clerk"], f"第{i}条")).number for i in range(3)
    }
    assert sync.sync_now(ctx).escrowed == 1
    n = own_seqs()[-1]
    directory = _new_pc(tmp_path, memory_keyring)
    token, code = _reissue(hq)
    real = httpx.Client(base_url=hq.url)

    def network_drops_at_the_pull(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path == PULL_PATH:
            raise httpx.ConnectError("the network went down")
        forwarded = real.request(
            request.method,
            request.url.path,
            params=request.url.params,
            headers={"Authorization": request.headers["Authorization"]},
            content=request.content,
        )
        return httpx.Response(
            forwarded.status_code,
            content=forwarded.content,
            headers={"Content-Type": forwarded.headers["content-type"]},
        )

    open_store(directory / "desk.sqlite3")
    try:
        with pytest.raises(sync.HQUnreachable):
            recover_new_desk(
                ctx,
                hq.url,
                DESK,
                token,
                code,
                transport=httpx.MockTransport(network_drops_at_the_pull),
            )
        assert recovery_unfinished() == DESK and own_seqs() == list(range(1, n + 1))
        assert sync.queue_status().hq_url == ""  # not registered: the desk does not open as is
        # the code was used up by the first attempt; the keys it put back are still here, so
        # going on needs no new code (and opens the escrow no second time)
        result = recover_new_desk(ctx, hq.url, DESK, token)
        assert (result.events, result.to_seq) == (0, n) and result.keys > 0
        store = hq.store()
        try:
            opened = [e for e in store.events_of("HA01-00") if e["type"] == "escrow.opened"]
        finally:
            store.close()
        assert len(opened) == 1
        assert recovery_unfinished() is None and sync.queue_status().hq_url == hq.url
        assert {c.number for c in Complaint.select()} == numbers
        assert sync.sync_now(ctx).ok
    finally:
        real.close()
        close_store()
