"""``hall-desk-hq`` commands: output, the token shown once, and one-line errors."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from hall_desk.hq.cli import main
from hall_desk.hq.store import LATEST_VERSION, HQStore, token_hash
from hall_desk.sync.escrow import normalise_recovery_code
from hall_desk.sync.protocol import TOKEN_PREFIX, upload_request
from tests.hq.certificates import TestCA
from tests.hq.envelopes import DeskChain, complaint_state, seed_staff
from tests.hq.live import LiveHQ


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("HALL_DESK_HQ_DATABASE", raising=False)
    return f"sqlite:///{tmp_path / 'hq.sqlite3'}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_hall_add_desk_prints_only_the_token(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "add-hall", "HA01", "--name", "人民路营业厅", "--database", db)[0] == 0
    code, out, err = run(capsys, "add-desk", "HA01-02", "--database", db)
    assert code == 0
    token = out.strip()
    assert out == token + "\n" and token.startswith(TOKEN_PREFIX)
    assert token not in err and "shown this once" in err
    store = HQStore.open(db)
    try:
        assert store.desk_for_token(token) is not None
    finally:
        store.close()
    raw = b"".join(p.read_bytes() for p in Path(db[len("sqlite:///") :]).parent.glob("hq.sqlite3*"))
    assert token.encode() not in raw and token_hash(token).encode() in raw


def test_add_desk_new_token_prints_the_token_and_a_recovery_code(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15: re-issuing a desk's token also issues the one-time recovery code that releases its
    key escrow (stdout: token, then code; what they are on stderr); a new desk gets none."""
    run(capsys, "add-hall", "HA01", "--name", "人民路营业厅", "--database", db)
    code, out, err = run(capsys, "add-desk", "HA01-02", "--database", db)
    assert code == 0 and "no recovery code" in err and len(out.splitlines()) == 1
    code, out, err = run(capsys, "add-desk", "HA01-02", "--new-token", "--database", db)
    assert code == 0
    token, recovery = out.splitlines()
    assert token.startswith(TOKEN_PREFIX)
    assert normalise_recovery_code(recovery) is not None and len(recovery) == 19
    assert "recovery code" in err and "holds no key escrow of this desk yet" in err
    assert token not in err and recovery not in err
    store = HQStore.open(db)
    try:
        desk = store.desk_for_token(token)
        assert desk is not None
        assert store.check_escrow_release(desk, normalise_recovery_code(recovery))  # type: ignore[arg-type]
        [released] = [e for e in store.events_of("HA01-00") if e["type"] == "escrow.released"]
        assert released["payload"]["desk"] == "HA01-02" and released["actor"] == "hq:add-desk"
    finally:
        store.close()
    raw = b"".join(p.read_bytes() for p in Path(db[len("sqlite:///") :]).parent.glob("hq.sqlite3*"))
    assert recovery.encode() not in raw and normalise_recovery_code(recovery).encode() not in raw  # type: ignore[union-attr]
    # --new-token for a desk head office did not know yet registers it: no escrow, no code
    code, out, err = run(capsys, "add-desk", "HA01-05", "--new-token", "--database", db)
    assert code == 0 and len(out.splitlines()) == 1 and "no recovery code" in err


def test_database_from_the_environment(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HALL_DESK_HQ_DATABASE", db)
    assert run(capsys, "add-hall", "HA01", "--name", "x")[0] == 0
    assert run(capsys, "status")[1].startswith("desk\t")


def test_no_database_is_a_clear_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "status")
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "HALL_DESK_HQ_DATABASE" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("add-desk", "HA09-01"), "hall HA09 does not exist"),
        (("add-desk", "HA01-2"), "is not like HA01-02"),
        (("revoke-desk", "HA01-77"), "desk HA01-77 does not exist"),
        (("add-hall", "HA01", "--name", "again"), "hall HA01 already exists"),
    ],
)
def test_one_line_errors(
    db: str, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    run(capsys, "add-hall", "HA01", "--name", "x", "--database", db)
    code, out, err = run(capsys, *argv, "--database", db)
    assert code != 0 and out == ""
    assert err.startswith("hall-desk-hq: ") and err.count("\n") == 1 and message in err


@pytest.mark.parametrize("url", ["hq.sqlite3", "mysql://x/y", "postgresql://hq@db/hq"])
def test_bad_database_url(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, out, err = run(capsys, "status", "--database", url)
    assert code != 0 and out == "" and err.count("\n") == 1


def test_a_newer_database_is_refused(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "add-hall", "HA01", "--name", "x", "--database", db)
    conn = sqlite3.connect(db[len("sqlite:///") :])
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    code, _, err = run(capsys, "status", "--database", db)
    assert code != 0 and "newer hall-desk-hq" in err and err.count("\n") == 1


def test_status_table(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "add-hall", "HA01", "--name", "x", "--database", db)
    run(capsys, "add-desk", "HA01-02", "--database", db)
    run(capsys, "add-desk", "HA01-03", "--database", db)
    assert run(capsys, "revoke-desk", "HA01-03", "--database", db)[0] == 0
    store = HQStore.open(db)
    try:
        desk = store.desk_for_token(store.add_desk("HA01-02", new_token_for_existing=True))
        assert desk is not None
        seed_staff(store)
        chain = DeskChain()
        bad = complaint_state("HA01-02", 2)
        del bad["number"]
        events = [chain.next(), chain.next(payload=bad), chain.next(), chain.next()]
        store.upload(desk, events[:2] + events[3:])
        store.upload(desk, [{**events[0], "hash": "0" * 64}])  # malformed: not a conflict
        scan = b"%PDF-1.7 evidence"
        store.put_file(desk, hashlib.sha256(scan).hexdigest(), "application/pdf", scan)
        store.put_escrow(desk, '{"sealed": 1}')
        store.put_escrow(desk, '{"sealed": 2}')
    finally:
        store.close()
    code, out, _ = run(capsys, "status", "--database", db)
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows == [
        [
            "desk",
            "hall",
            "stored",
            "highest_seq",
            "chain",
            "quarantined",
            "conflicts",
            "files",
            "escrow",
            "token",
            "waiting",
            "flagged",
        ],
        ["HA01-00", "HA01", "1", "1", "intact", "0", "0", "0", "-", "head office", "0", "0"],
        ["HA01-02", "HA01", "3", "2", "gap at 3", "1", "0", "1", "v2", "active", "0", "0"],
        ["HA01-03", "HA01", "0", "0", "intact", "0", "0", "0", "none", "revoked", "0", "0"],
    ]


def test_serve_prints_where_it_listens_and_refuses_a_bad_fault(tmp_path: Path) -> None:
    hq = LiveHQ(tmp_path).start()
    try:
        assert httpx.get(hq.url + "/v1/health", timeout=5).status_code == 200
    finally:
        hq.stop()
    result = subprocess.run(
        [sys.executable, "-m", "hall_desk.hq.cli", "serve", "--port", "0",
         "--database", hq.database],
        env={**os.environ, "HALL_DESK_HQ_FAULT": "explode"},
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode != 0 and "unknown fault" in result.stderr
    assert "listening" not in result.stdout


def test_serve_with_a_certificate_speaks_https_only(tmp_path: Path) -> None:
    ca = TestCA.make(tmp_path / "ca")
    hq = LiveHQ(tmp_path / "hq", tls=ca.issue(tmp_path / "certs")).start()
    try:
        assert hq.url.startswith("https://")
        verify = ssl_context_of(ca)
        assert httpx.get(hq.url + "/v1/health", timeout=5, verify=verify).status_code == 200
        with pytest.raises(httpx.HTTPError):  # plain http to the TLS port gets no answer
            httpx.get(hq.url.replace("https://", "http://") + "/v1/health", timeout=5)
    finally:
        hq.stop()
    assert "serving https with certificate" in hq.log_text()


def ssl_context_of(ca: TestCA) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(ca.pem))


def test_serve_refuses_unusable_certificate_files_in_one_line(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "add-hall", "HA01", "--name", "x", "--database", db)[0] == 0
    ca = TestCA.make(tmp_path / "ca")
    server, other = ca.issue(tmp_path / "a", name="a"), ca.issue(tmp_path / "b", name="b")
    cases = [
        (["--certfile", str(server.certfile)], "--certfile and --keyfile go together"),
        (
            ["--certfile", str(tmp_path / "missing.pem"), "--keyfile", str(server.keyfile)],
            f"cannot read --certfile {tmp_path / 'missing.pem'}: No such file or directory",
        ),
        (
            ["--certfile", str(server.certfile), "--keyfile", str(other.keyfile)],
            "do not make a usable TLS identity",
        ),
        (
            ["--certfile", str(server.keyfile), "--keyfile", str(server.keyfile)],
            "do not make a usable TLS identity",
        ),
    ]
    for options, message in cases:
        code, out, err = run(capsys, "serve", "--port", "0", "--database", db, *options)
        assert code == 1 and message in err and err.count("\n") == 1, err
        assert "listening" not in out


def test_the_installed_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("hall-desk-hq")
    if not script.exists():
        pytest.skip("hall-desk-hq is not installed (pip install -e '.[dev]')")
    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    subprocess.run([script, "add-hall", "HA01", "--name", "x", "--database", url], check=True)
    store = HQStore.open(url)
    seed_staff(store)
    store.close()
    done = subprocess.run(
        [script, "add-desk", "HA01-05", "--database", url], capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    token = done.stdout.strip()
    assert token.startswith(TOKEN_PREFIX)
    hq = LiveHQ(tmp_path).start()
    try:
        reply = httpx.post(
            hq.url + "/v1/events", headers=hq.auth(token),
            json=upload_request("HA01-05", DeskChain("HA01-05").complaints(2)), timeout=10,
        )  # fmt: skip
        assert [r["outcome"] for r in reply.json()["results"]] == ["stored", "stored"]
    finally:
        hq.stop()


@pytest.mark.parametrize(
    "command", [("status",), ("add-desk", "HA01-02"), ("revoke-desk", "HA01-02")]
)
def test_only_add_hall_creates_a_database(
    db: str, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, *command, "--database", db)
    assert code != 0 and out == "" and "does not exist" in err
    assert not Path(db[len("sqlite:///") :]).exists()


def test_status_shows_a_refused_link(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A desk uploads an event whose prev is not the hash of the one before: it is refused (not
    stored, counted as a conflict) and the next one waits behind the gap it leaves."""
    run(capsys, "add-hall", "HA01", "--name", "x", "--database", db)
    store = HQStore.open(db)
    try:
        desk = store.desk_for_token(store.add_desk("HA01-02"))
        assert desk is not None
        seed_staff(store)
        chain = DeskChain()
        events = [chain.next(), chain.next(), chain.next(prev="f" * 64), chain.next()]
        store.upload(desk, events)
    finally:
        store.close()
    code, out, _ = run(capsys, "status", "--database", db)
    assert code == 0
    rows = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()}
    assert rows["HA01-02"][2:5] == ["3", "2", "gap at 3"]
    assert rows["HA01-02"][6] == "1"  # the refused link, kept for people in the conflict table
