"""TLS between a desk and head office (issue 15, finding 10), against a real head office serving
https with certificates the tests make (``tests.hq.certificates``): a private CA given at
registration is kept and trusted by every later connection; a certificate that does not verify
stores nothing; plain http to another machine needs an explicit choice, recorded as an event and
shown for as long as it lasts; head office's certificate ending within 30 days is shown."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest

from hall_desk import cli, credentials
from hall_desk.domain.clock import FixedClock
from hall_desk.domain.errors import ValidationError
from hall_desk.domain.hq_link import HQ_LINK_REGISTERED
from hall_desk.services import sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.selftest import Outcome, run_self_test
from hall_desk.storage.db import close_store, open_store
from hall_desk.storage.events import events_of_desk
from hall_desk.sync import outbox
from hall_desk.sync.errors import CertificateRefused
from tests.hq.certificates import ServerCert, TestCA
from tests.hq.live import LiveHQ
from tests.hq.netns import TestHost
from tests.sync.cli_helpers import hall_desk
from tests.sync.desk_history import escrowed_keys
from tests.sync.fixtures import DESK, HALL, add_events, own_seqs
from tests.sync.keyrings import MemoryKeyring


@pytest.fixture
def ca(tmp_path: Path) -> TestCA:
    return TestCA.make(tmp_path / "ca")


@pytest.fixture
def on_time(clock: FixedClock) -> FixedClock:
    """Certificates are valid from now: the desk clock says now too, in whole seconds as a
    certificate's validity is (else a certificate made later in the same second ends "before"
    whole days from now and the days left round down by one)."""
    clock.set(datetime.now(UTC).replace(microsecond=0))
    return clock


def start_hq(directory: Path, tls: ServerCert | None, *, on: TestHost | None = None) -> LiveHQ:
    hq = LiveHQ(directory, tls=tls, on=on).start()
    hq.add_hall(HALL, "人民路营业厅")
    return hq


@pytest.fixture
def https_hq(tmp_path: Path, ca: TestCA) -> Iterator[LiveHQ]:
    """Head office serving https with a certificate for 127.0.0.1 from the test CA (a year)."""
    hq = start_hq(tmp_path / "hq", ca.issue(tmp_path / "certs"))
    try:
        yield hq
    finally:
        hq.stop()


def link_events() -> list[dict]:
    return [e for e in events_of_desk(DESK) if e["type"] == HQ_LINK_REGISTERED]


def hq_types(hq: LiveHQ) -> list[str]:
    store = hq.store()
    try:
        return [e["type"] for e in store.events_of(DESK)]
    finally:
        store.close()


def test_the_desk_talks_https_end_to_end_through_a_private_ca(
    hall: dict[str, StaffSession], on_time: FixedClock, ctx: DeskContext, ca: TestCA,
    https_hq: LiveHQ,
) -> None:  # fmt: skip
    token = https_hq.add_desk(DESK)
    assert https_hq.url.startswith("https://127.0.0.1:")
    result = sync.register_desk(ctx, https_hq.url, DESK, token, ca_pem=sync.read_ca_bundle(ca.pem))
    assert result.verified and result.private_ca and not result.plain_http
    status = sync.queue_status()
    assert status.private_ca and not status.plain_http
    # The CA is kept with the registration as text: the file can go away.
    ca.pem.unlink()
    assert outbox.hq_ca_pem().startswith("-----BEGIN CERTIFICATE-----")

    add_events(ctx, 25)
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert report.sent == len(own_seqs())
    assert report.quarantined == 0 and report.refused == 0
    # Every event arrived, the registration's own event among them, applied by head office.
    assert HQ_LINK_REGISTERED in hq_types(https_hq)
    assert https_hq.status()[DESK]["quarantined"] == 0
    # The recovery path after a restore goes through the same link (and its CA).
    assert sync.recover_from_hq(ctx).fetched == 0


def test_the_registration_is_an_event_written_with_it(
    hall: dict[str, StaffSession], on_time: FixedClock, ctx: DeskContext, ca: TestCA,
    https_hq: LiveHQ,
) -> None:  # fmt: skip
    token = https_hq.add_desk(DESK)
    ca_pem = sync.read_ca_bundle(ca.pem)
    sync.register_desk(ctx, https_hq.url, DESK, token, ca_pem=ca_pem)
    sync.register_desk(ctx, https_hq.url, DESK, token, ca_pem=ca_pem)  # again: its own event
    first, second = link_events()
    assert first["actor"] == second["actor"] == f"desk:{DESK}"
    assert first["schema"] == second["schema"] == 1
    state = {k: v for k, v in first["payload"].items() if k != "changes"}
    assert state == {"url": https_hq.url, "plain_http": False, "ca_file": True}
    assert first["payload"]["changes"]["url"] == [None, https_hq.url]
    assert second["payload"]["changes"] == {}  # the same link as before


def test_without_its_ca_head_offices_certificate_is_refused_and_nothing_is_stored(
    hall: dict[str, StaffSession], on_time: FixedClock, ctx: DeskContext, https_hq: LiveHQ
) -> None:
    token = https_hq.add_desk(DESK)
    events_before = len(own_seqs())
    with pytest.raises(CertificateRefused) as caught:
        sync.register_desk(ctx, https_hq.url, DESK, token)
    assert caught.value.code == "sync.certificate_refused"
    assert "unable to get local issuer certificate" in caught.value.detail
    assert not sync.queue_status().registered
    assert credentials.load_token(DESK) is None
    assert len(own_seqs()) == events_before and not link_events()


@pytest.mark.parametrize(
    ("days", "hosts", "reason"),
    [
        (-1, ("127.0.0.1", "localhost"), "certificate has expired"),
        (365, ("hq.example",), "mismatch"),
    ],
    ids=["expired", "another-name"],
)
def test_an_expired_or_misnamed_certificate_is_refused(
    hall: dict[str, StaffSession], on_time: FixedClock, ctx: DeskContext, ca: TestCA,
    tmp_path: Path, days: int, hosts: tuple[str, ...], reason: str,
) -> None:  # fmt: skip
    hq = start_hq(tmp_path / "hq", ca.issue(tmp_path / "certs", days=days, hosts=hosts))
    try:
        token = hq.add_desk(DESK)
        with pytest.raises(CertificateRefused) as caught:
            sync.register_desk(ctx, hq.url, DESK, token, ca_pem=sync.read_ca_bundle(ca.pem))
    finally:
        hq.stop()
    assert reason in caught.value.detail
    assert not sync.queue_status().registered


def test_a_certificate_refused_later_stops_the_round_and_keeps_the_queue(
    hall: dict[str, StaffSession], on_time: FixedClock, ctx: DeskContext, ca: TestCA,
    tmp_path: Path,
) -> None:  # fmt: skip
    hq = start_hq(tmp_path / "hq", ca.issue(tmp_path / "certs"))
    try:
        token = hq.add_desk(DESK)
        sync.register_desk(ctx, hq.url, DESK, token, ca_pem=sync.read_ca_bundle(ca.pem))
        # Head office now presents a certificate of a CA this desk was never given.
        stranger = TestCA.make(tmp_path / "other-ca", "another CA")
        hq.tls = stranger.issue(tmp_path / "other-certs")
        hq.restart()
        add_events(ctx, 3)
        report = sync.sync_now(ctx)
    finally:
        hq.stop()
    assert report.error is not None and report.error.code == "sync.certificate_refused"
    status = sync.queue_status()
    assert status.waiting == len(own_seqs()) and not status.online
    assert status.last_error is not None
    assert status.last_error.code == "sync.certificate_refused"


def test_head_offices_certificate_ending_within_30_days_is_kept_in_the_status(
    hall: dict[str, StaffSession], on_time: FixedClock, ctx: DeskContext, ca: TestCA,
    tmp_path: Path,
) -> None:  # fmt: skip
    long = ca.issue(tmp_path / "certs", days=365, name="long")
    hq = start_hq(tmp_path / "hq", long)
    try:
        token = hq.add_desk(DESK)
        sync.register_desk(ctx, hq.url, DESK, token, ca_pem=sync.read_ca_bundle(ca.pem))
        status = sync.queue_status()
        assert status.hq_cert_not_after == long.not_after
        assert status.cert_days_left(on_time.now()) is None  # a year: nothing to say

        short = ca.issue(tmp_path / "certs", days=10, name="short")
        hq.tls = short
        hq.restart()
        assert sync.sync_now(ctx).ok
    finally:
        hq.stop()
    status = sync.queue_status()
    assert status.hq_cert_not_after == short.not_after
    assert status.cert_days_left(on_time.now()) == 10


def test_plain_http_to_another_machine_is_refused_without_the_flag(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    for url in ("http://192.0.2.10:8470", "http://hq.example", "http://[2001:db8::1]:8470"):
        with pytest.raises(ValidationError) as caught:
            sync.register_desk(ctx, url, DESK, "hd1_" + "x" * 43)
        assert caught.value.code == "hq_url.plain_http"
    assert not sync.queue_status().registered
    assert credentials.load_token(DESK) is None and not link_events()


def test_plain_http_to_another_machine_with_the_flag_is_recorded_and_flagged(
    hall: dict[str, StaffSession],
    on_time: FixedClock,
    ctx: DeskContext,
    tmp_path: Path,
    remote_host: TestHost,
) -> None:
    address = remote_host.address
    hq = start_hq(tmp_path / "hq", None, on=remote_host)
    try:
        token = hq.add_desk(DESK)
        assert hq.url.startswith(f"http://{address}:")
        result = sync.register_desk(ctx, hq.url, DESK, token, allow_plain_http=True)
        assert result.verified and result.plain_http
        assert sync.sync_now(ctx).ok  # it keeps syncing, flagged
        assert HQ_LINK_REGISTERED in hq_types(hq)
    finally:
        hq.stop()
    (event,) = link_events()
    assert event["payload"]["plain_http"] is True and event["payload"]["url"] == hq.url
    assert "serving plain http on" in hq.log_text()  # head office warns its operator too
    status = sync.queue_status()
    assert status.plain_http and status.hq_cert_not_after is None


def test_loopback_plain_http_needs_no_flag(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ
) -> None:
    token = hq.add_desk(DESK)
    result = sync.register_desk(ctx, hq.url, DESK, token)
    assert result.verified and not result.plain_http
    assert not sync.queue_status().plain_http
    (event,) = link_events()
    assert event["payload"]["plain_http"] is False and event["payload"]["ca_file"] is False


def test_a_ca_file_that_is_no_certificate_is_refused(tmp_path: Path, ca: TestCA) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    for path in (junk, tmp_path / "missing.pem"):
        with pytest.raises(ValidationError) as caught:
            sync.read_ca_bundle(path)
        assert caught.value.code == "hq_ca.invalid"
    # A PEM holding a key beside the certificate: only the certificate is kept.
    server = ca.issue(tmp_path / "certs")
    both = tmp_path / "both.pem"
    both.write_text(server.keyfile.read_text() + ca.pem.read_text())
    kept = sync.read_ca_bundle(both)
    assert "PRIVATE KEY" not in kept and kept == ca.pem.read_text()


def test_the_self_test_probe_trusts_the_registrations_ca(ca: TestCA, https_hq: LiveHQ) -> None:
    trusted = run_self_test(https_hq.url, ca_pem=sync.read_ca_bundle(ca.pem))[-1]
    assert trusted.name == "总部连接" and trusted.outcome is Outcome.PASS
    refused = run_self_test(https_hq.url)[-1]
    assert refused.outcome is Outcome.FAIL and "证书未通过验证" in refused.text


def test_the_events_json_of_the_link_carries_no_credentials(
    hall: dict[str, StaffSession], on_time: FixedClock, ctx: DeskContext, ca: TestCA,
    https_hq: LiveHQ,
) -> None:  # fmt: skip
    token = https_hq.add_desk(DESK)
    sync.register_desk(ctx, https_hq.url, DESK, token, ca_pem=sync.read_ca_bundle(ca.pem))
    text = json.dumps(link_events())
    assert token not in text and "BEGIN CERTIFICATE" not in text


def test_a_new_pc_recovers_over_https_through_the_ca_file_and_keeps_it(
    hall: dict[str, StaffSession], on_time: FixedClock, ctx: DeskContext, ca: TestCA,
    https_hq: LiveHQ, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    token = https_hq.add_desk(DESK)
    sync.register_desk(ctx, https_hq.url, DESK, token, ca_pem=sync.read_ca_bundle(ca.pem))
    escrowed_keys()
    add_events(ctx, 7)
    assert sync.sync_now(ctx).escrowed == 1
    n = own_seqs()[-1]
    close_store()  # the old PC is gone: an empty data directory, an empty keyring
    keyring.set_keyring(MemoryKeyring())
    directory = tmp_path / "new-pc"
    token, recovery_code = https_hq.reissue(DESK)  # add-desk --new-token: token + recovery code
    credentials_in = f"{token}\n{recovery_code}\n"
    args = ["recover", "--head-office", https_hq.url, "--desk", DESK, "--data-dir", str(directory)]
    # Without the CA, head office's certificate is refused before anything is sent.
    monkeypatch.setattr("sys.stdin", io.StringIO(credentials_in))
    assert cli.main(args) == 1
    assert "sync.certificate_refused" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(credentials_in))
    code = cli.main([*args, "--ca-file", str(ca.pem)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert f"{n} own events, chain at seq {n}" in out.out
    open_store(directory / "desk.sqlite3")
    try:  # the CA came with the registration: the next rounds trust it
        assert outbox.hq_ca_pem() == ca.pem.read_text()
        assert sync.queue_status().private_ca
        assert sync.sync_now(ctx).ok
    finally:
        close_store()


# -- the command line, as real processes --------------------------------------------------------


def status_lines(data_dir: Path, keyring_file: Path) -> dict[str, str]:
    result = hall_desk(data_dir, keyring_file, "sync-status")
    assert result.returncode == 0, result.stderr
    return {k: v.strip() for k, v in (line.split(":", 1) for line in result.stdout.splitlines())}


def test_register_with_a_ca_file_then_sync_and_status_over_https(
    hall: dict[str, StaffSession], ctx: DeskContext, ca: TestCA, tmp_path: Path,
    data_dir: Path, keyring_file: Path,
) -> None:  # fmt: skip
    hq = start_hq(tmp_path / "hq", ca.issue(tmp_path / "certs", days=10.5))
    try:
        token = hq.add_desk(DESK)
        result = hall_desk(
            data_dir, keyring_file, "register", "--hq", hq.url, "--desk", DESK,
            "--ca-file", str(ca.pem), stdin=token,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "token checked, private CA kept" in result.stdout
        add_events(ctx, 5)
        assert hall_desk(data_dir, keyring_file, "sync-now").returncode == 0
        lines = status_lines(data_dir, keyring_file)
    finally:
        hq.stop()
    assert lines["head office"] == hq.url and lines["waiting"] == "0"
    assert lines["transport"] == "https (private CA)"
    assert "WARNING: head office's certificate expires in 10 days" in lines["certificate"]


def test_register_refuses_plain_http_to_another_machine_and_stores_nothing(
    hall: dict[str, StaffSession], data_dir: Path, keyring_file: Path
) -> None:
    result = hall_desk(
        data_dir, keyring_file, "register", "--hq", "http://192.0.2.10:8470", "--desk", DESK,
        stdin="hd1_" + "x" * 43,
    )  # fmt: skip
    assert result.returncode == 1
    assert "unencrypted" in result.stderr and "--allow-plain-http" in result.stderr
    assert "nothing was stored" in result.stderr
    assert status_lines(data_dir, keyring_file)["head office"] == "not registered"


def test_register_with_allow_plain_http_is_flagged_in_sync_status(
    hall: dict[str, StaffSession],
    tmp_path: Path,
    data_dir: Path,
    keyring_file: Path,
    remote_host: TestHost,
) -> None:
    hq = start_hq(tmp_path / "hq", None, on=remote_host)
    try:
        token = hq.add_desk(DESK)
        result = hall_desk(
            data_dir, keyring_file, "register", "--hq", hq.url, "--desk", DESK,
            "--allow-plain-http", stdin=token,
        )  # fmt: skip
    finally:
        hq.stop()
    assert result.returncode == 0, result.stderr
    assert "WARNING" in result.stderr and "unencrypted" in result.stderr
    assert status_lines(data_dir, keyring_file)["transport"] == "plain http (not encrypted)"


def test_register_exits_non_zero_when_head_office_cannot_be_reached(
    hall: dict[str, StaffSession], ca: TestCA, tmp_path: Path, data_dir: Path,
    keyring_file: Path,
) -> None:  # fmt: skip
    hq = start_hq(tmp_path / "hq", ca.issue(tmp_path / "certs"))
    try:
        token = hq.add_desk(DESK)
        # Its certificate is not trusted without the CA: refused, nothing stored.
        refused = hall_desk(
            data_dir, keyring_file, "register", "--hq", hq.url, "--desk", DESK, stdin=token
        )
    finally:
        hq.stop()
    assert refused.returncode == 1
    assert (
        "certificate was refused" in refused.stderr and "sync.certificate_refused" in refused.stderr
    )
    assert "nothing was stored" in refused.stderr
    assert status_lines(data_dir, keyring_file)["head office"] == "not registered"
    # Stopped: stored all the same (the message says so), exit 1.
    away = hall_desk(
        data_dir, keyring_file, "register", "--hq", hq.url, "--desk", DESK,
        "--ca-file", str(ca.pem), stdin=token,
    )  # fmt: skip
    assert away.returncode == 1
    assert "could not be reached" in away.stderr and "registered with" in away.stderr
    assert status_lines(data_dir, keyring_file)["head office"] == hq.url


def test_recover_takes_the_ca_file_only_for_a_new_pc(
    hall: dict[str, StaffSession], ca: TestCA, data_dir: Path, keyring_file: Path
) -> None:
    result = hall_desk(data_dir, keyring_file, "recover", "--ca-file", str(ca.pem))
    assert result.returncode == 2 and "--head-office" in result.stderr
