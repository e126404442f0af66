"""Issue 18 item 4: head office's escrow and secrets keys with several workers or hosts, on both
stores. Serving desks needs only the escrow public key (``--escrow-public-key FILE`` or the record);
opening needs ``--escrow-key``; ``escrow-key new`` / ``secrets-key new`` make a key once and record
its fingerprint; with PostgreSQL nothing is made on first use, and a worker given another key than
the recorded one refuses to start, naming both fingerprints."""

from __future__ import annotations

import base64
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hall_desk.hq.cli import main
from hall_desk.hq.escrow_keeper import make_key_file as make_escrow_key
from hall_desk.hq.key_check import KeyCheckError, KeyFiles, worker_keys
from hall_desk.hq.secrets_keeper import fingerprint_of
from hall_desk.hq.secrets_keeper import make_key_file as make_secrets_key
from hall_desk.hq.store import ESCROW_RECORD, SECRETS_RECORD, HQStore
from hall_desk.sync import escrow
from tests.hq.live import LiveHQ
from tests.hq.test_escrow_hq import DESK, ask_open, bundle, put_escrow, reissue


@pytest.fixture
def store(database_url: str) -> Iterator[HQStore]:
    opened = HQStore.open(database_url)
    try:
        yield opened
    finally:
        opened.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_escrow_key_new_makes_the_pair_once_and_records_its_fingerprint(
    tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "keys" / "escrow.key"
    code, out, err = run(capsys, "escrow-key", "new", str(key), "--database", database_url)
    assert code == 0, err
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    public = (tmp_path / "keys" / "escrow.key.pub").read_text().strip()
    assert out.strip() == escrow.fingerprint(public)
    assert key.read_text().strip() not in out + err  # the private key is never printed
    store = HQStore.open(database_url)
    try:
        record = store.key_record(ESCROW_RECORD)
    finally:
        store.close()
    assert record is not None
    assert (record.public_key, record.fingerprint) == (public, escrow.fingerprint(public))
    # a second key is refused, whether its file exists or not: nothing is replaced
    private = key.read_text()
    again, _, err = run(capsys, "escrow-key", "new", str(key), "--database", database_url)
    assert again == 1 and record.fingerprint in err and key.read_text() == private
    other = tmp_path / "other.key"
    again, _, err = run(capsys, "escrow-key", "new", str(other), "--database", database_url)
    assert again == 1 and record.fingerprint in err and not other.exists()


def test_secrets_key_new_records_a_fingerprint_and_never_the_key(
    tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "secrets.key"
    code, out, err = run(capsys, "secrets-key", "new", str(key), "--database", database_url)
    assert code == 0, err
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    import base64

    raw = base64.b64decode(key.read_text().strip())
    store = HQStore.open(database_url)
    try:
        record = store.key_record(SECRETS_RECORD)
    finally:
        store.close()
    assert record is not None and record.public_key is None
    assert record.fingerprint == fingerprint_of(raw) == out.strip()
    assert key.read_text().strip() not in out + err


def test_a_worker_with_another_key_than_the_recorded_one_refuses_to_start_naming_both(
    tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    recorded_key, other_key = tmp_path / "escrow.key", tmp_path / "other.key"
    assert run(capsys, "escrow-key", "new", str(recorded_key), "--database", database_url)[0] == 0
    make_escrow_key(other_key)
    recorded = escrow.fingerprint((tmp_path / "escrow.key.pub").read_text().strip())
    other = escrow.fingerprint((tmp_path / "other.key.pub").read_text().strip())
    serve = ("serve", "--database", database_url, "--port", "0")
    secrets = ("--secrets-key", str(tmp_path / "secrets.key"))
    make_secrets_key(tmp_path / "secrets.key")
    for given in (("--escrow-key", str(other_key)), ("--escrow-public-key", f"{other_key}.pub")):
        code, out, err = run(capsys, *serve, *given, *secrets)
        assert code == 1 and "listening" not in out
        assert recorded in err and other in err and "refuses to start" in err
    # the console's secrets key the same way
    assert run(capsys, "secrets-key", "new", str(tmp_path / "s2.key"), "--database", database_url)
    code, out, err = run(capsys, *serve, "--escrow-key", str(recorded_key), *secrets)
    store = HQStore.open(database_url)
    try:
        wanted = store.key_record(SECRETS_RECORD)
    finally:
        store.close()
    assert wanted is not None
    given = fingerprint_of(base64.b64decode((tmp_path / "secrets.key").read_text()))
    assert code == 1 and "listening" not in out
    assert wanted.fingerprint in err and given in err and "refuses to start" in err


def test_with_postgresql_no_key_is_made_on_first_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.hq.databases import database

    with database("postgresql", tmp_path / "db") as url:
        HQStore.open(url).close()
        for option, command in (("--escrow-key", "escrow-key"), ("--secrets-key", "secrets-key")):
            missing = tmp_path / f"{command}.missing"
            args = ["serve", "--database", url, "--port", "0", option, str(missing)]
            if option == "--secrets-key":
                make_escrow_key(tmp_path / "e.key")
                args += ["--escrow-key", str(tmp_path / "e.key")]
            code, out, err = run(capsys, *args)
            assert code == 1 and "listening" not in out
            assert f"hall-desk-hq {command} new" in err and not missing.exists()


def test_a_worker_without_key_files_serves_the_recorded_public_key(
    tmp_path: Path, store: HQStore
) -> None:
    none = KeyFiles(None, None, None)
    escrow_keeper, _ = worker_keys(store, none, make=False)
    assert escrow_keeper.mode == "none"  # nothing recorded: no escrow kept here
    public = make_escrow_key(tmp_path / "escrow.key")
    store.record_key(ESCROW_RECORD, escrow.fingerprint(public), public)
    escrow_keeper, _ = worker_keys(store, none, make=False)
    assert escrow_keeper.mode == "public" and escrow_keeper.public_key() == public
    # a private key file that is the recorded one: this worker opens escrows
    escrow_keeper, _ = worker_keys(store, KeyFiles(tmp_path / "escrow.key", None, None), make=False)
    assert escrow_keeper.mode == "private" and escrow_keeper.public_key() == public
    # a public file that is not the private key's is refused, naming both
    other = make_escrow_key(tmp_path / "other.key")
    with pytest.raises(KeyCheckError) as refused:
        worker_keys(
            store,
            KeyFiles(tmp_path / "escrow.key", tmp_path / "other.key.pub", None),
            make=False,
        )
    assert escrow.fingerprint(other) in refused.value.message
    assert escrow.fingerprint(public) in refused.value.message


def test_a_desk_escrows_through_a_public_key_only_worker_and_opens_only_on_the_private_one(
    tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two ``serve`` processes on one database: one given only the public key file, one the
    private key; the desk deposits through the first, opening works only on the second."""
    key, secrets = tmp_path / "keys" / "escrow.key", tmp_path / "keys" / "secrets.key"
    assert run(capsys, "escrow-key", "new", str(key), "--database", database_url)[0] == 0
    assert run(capsys, "secrets-key", "new", str(secrets), "--database", database_url)[0] == 0
    shared = {"HALL_DESK_HQ_SECRETS_KEY": str(secrets)}
    private = LiveHQ(
        tmp_path / "private",
        database=database_url,
        env={**shared, "HALL_DESK_HQ_ESCROW_KEY": str(key)},
    )
    public = LiveHQ(
        tmp_path / "public",
        database=database_url,
        env={**shared, "HALL_DESK_HQ_ESCROW_KEY": ""},
        args=["--escrow-public-key", f"{key}.pub"],
    )
    private.start()
    try:
        public.start()
        try:
            private.add_hall("HA01", "人民路营业厅")
            token = private.add_desk(DESK)
            with (
                httpx.Client(base_url=public.url, timeout=30) as at_public,
                httpx.Client(base_url=private.url, timeout=30) as at_private,
            ):
                assert at_public.get("/v1/health").json()["escrow"] == "public"
                assert at_private.get("/v1/health").json()["escrow"] == "private"
                stored = put_escrow(at_public, public, token, DESK)
                assert stored.status_code == 200, stored.text
                assert stored.json()["version"] == 1
                issued = reissue(private, DESK)
                assert issued.recovery_code is not None
                token = issued.token
                refused, _ = ask_open(at_public, public, token, issued.recovery_code)
                assert refused.status_code == 503
                assert refused.json()["error"] == escrow.ESCROW_UNAVAILABLE
                assert "--escrow-key" in refused.json()["message"]
                # the code was not spent on the refusal: the private worker opens with it
                reply, ephemeral = ask_open(at_private, private, token, issued.recovery_code)
                assert reply.status_code == 200, reply.text
                opened = escrow.open_sealed(
                    reply.json()["sealed"], ephemeral, escrow.opened_context(DESK)
                )
                assert opened == bundle(DESK)
        finally:
            public.stop()
    finally:
        private.stop()
    assert key.read_text().strip() not in public.log_text() + private.log_text()


def test_each_worker_process_checks_its_key_files_against_the_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What ``serve --workers N`` hands each worker (its key files included: the secrets key too)
    is checked in the worker as in ``serve``: another escrow key stops it from starting."""
    from hall_desk.hq.worker import WORKER_ENV, WorkerSettings, app_from_environment
    from tests.hq.databases import database

    with database("postgresql", tmp_path / "db") as url:
        assert run(capsys, "escrow-key", "new", str(tmp_path / "e.key"), "--database", url)[0] == 0
        make_escrow_key(tmp_path / "other.key")
        make_secrets_key(tmp_path / "s.key")
        settings = WorkerSettings(
            url, 2, 15.0, str(tmp_path / "other.key"), "", "warning",
            None, str(tmp_path / "s.key"), False,
        )  # fmt: skip
        monkeypatch.setenv(WORKER_ENV, settings.to_environment())
        assert WorkerSettings.from_environment() == settings  # the secrets key travels too
        with pytest.raises(KeyCheckError) as refused:
            app_from_environment()
    recorded = escrow.fingerprint((tmp_path / "e.key.pub").read_text().strip())
    other = escrow.fingerprint((tmp_path / "other.key.pub").read_text().strip())
    assert recorded in refused.value.message and other in refused.value.message
