"""Head-office operators (issue 15, finding 11): an ASCII login with a display name of any script,
shown by ``status``; revoking an operator stops its token at once (over HTTP, on both stores); the
README's examples run as written; operators registered before schema 6 keep their login as name."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import httpx
import pytest

from hall_desk.hq.cli import main
from hall_desk.hq.store import LATEST_VERSION, HQStore
from tests.hq.acting import token_on_stdin
from tests.hq.live import LiveHQ

README = Path(__file__).resolve().parents[2] / "README.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def operator_rows(status: str) -> list[list[str]]:
    """The operators' table of ``status``: after the blank line."""
    _, _, operators = status.partition("\n\n")
    return [line.split("\t") for line in operators.splitlines()]


def test_readme_operator_examples_run_as_written(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        line.split("#", 1)[0].strip()
        for line in README.read_text(encoding="utf-8").splitlines()
        if re.match(r"hall-desk-hq (add|revoke)-operator ", line)
    ]
    assert any("--name 王五" in line for line in lines)
    assert (
        run(capsys, "add-hall", "HA01", "--name", "人民路营业厅", "--database", database_url)[0]
        == 0
    )
    for line in lines:
        argv = [*shlex.split(line)[1:], "--database", database_url]
        code, _, err = run(capsys, *argv)
        assert code == 0, (line, err)
    logins = {  # issue 16: the acting account's token comes on standard input
        match.group(1)
        for match in re.finditer(r"< (\S+)\.token", README.read_text(encoding="utf-8"))
    }
    store = HQStore.open(database_url)
    try:
        known = {row.login: row for row in store.operators()}
    finally:
        store.close()
    assert logins and logins <= set(known)  # every token in the README is a registered login's
    assert {row.display_name for row in known.values()} == {"王五", "周敏"}
    assert {row.login: row.role for row in known.values()} == {
        "wang.wu": "operator",
        "zhou.min": "director",
    }


def test_a_login_is_ascii_and_the_name_is_anything(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "add-hall", "HA01", "--name", "人民路营业厅", "--database", database_url)
    code, out, err = run(capsys, "add-operator", "王五", "--database", database_url)
    assert code == 1 and out == ""
    assert "--name" in err and err.count("\n") == 1  # one line, saying where the name goes
    code, token, _ = run(
        capsys, "add-operator", "wang.wu", "--name", "王五", "--database", database_url
    )
    assert code == 0 and token.strip()
    assert run(capsys, "add-operator", "li.wei", "--database", database_url)[0] == 0
    for bad in ("", "  ", "王\x00五", "名" * 41):
        code, _, err = run(
            capsys, "add-operator", "zhao.liu", "--name", bad, "--database", database_url
        )
        assert code == 1 and "name" in err
    code, status, _ = run(capsys, "status", "--database", database_url)
    assert code == 0 and status.startswith("desk\t")
    rows = operator_rows(status)
    assert rows[0] == ["operator", "name", "registered", "token", "role"]
    assert [(r[0], r[1], r[3], r[4]) for r in rows[1:]] == [
        ("li.wei", "li.wei", "active", "operator"),
        ("wang.wu", "王五", "active", "operator"),
    ]


def test_a_revoked_operators_token_stops_working_at_once(
    live_hq: LiveHQ, capsys: pytest.CaptureFixture[str]
) -> None:
    live_hq.add_hall("HA01", "人民路营业厅")
    code, out, _ = run(
        capsys, "add-operator", "wang.wu", "--name", "王五", "--database", live_hq.database
    )
    assert code == 0
    token = out.strip()
    disable = live_hq.url + "/v1/ops/halls/HA01/staff/3001/disable"
    with httpx.Client(timeout=10) as client:
        # the token works: the staff account is simply unknown
        before = client.post(disable, headers=live_hq.auth(token), json={})
        assert (before.status_code, before.json()["error"]) == (404, "staff.unknown")

        assert run(capsys, "revoke-operator", "wang.wu", "--database", live_hq.database)[0] == 0
        after = client.post(disable, headers=live_hq.auth(token), json={})
        assert (after.status_code, after.json()["error"]) == (403, "auth.revoked")
        files = client.get(live_hq.url + "/v1/ops/files/" + "0" * 64, headers=live_hq.auth(token))
        assert files.status_code == 403

        code, out, _ = run(
            capsys, "add-operator", "wang.wu", "--new-token", "--database", live_hq.database
        )
        assert code == 0
        renewed = out.strip()
        again = client.post(disable, headers=live_hq.auth(renewed), json={})
        assert again.status_code == 404  # working again, with the new token only
        old = client.post(disable, headers=live_hq.auth(token), json={})
        assert old.status_code == 401
    with token_on_stdin(token):  # the replaced token, on standard input as the CLI reads it
        code, _, err = run(capsys, "reply", "x", "--text", "t", "--database", live_hq.database)
    assert code == 1 and "not a head-office operator" in err
    with token_on_stdin("hdop1_nobody"):
        code, _, err = run(capsys, "reply", "x", "--text", "t", "--database", live_hq.database)
    assert code == 1 and "not a head-office operator" in err
    code, status, _ = run(capsys, "status", "--database", live_hq.database)
    assert operator_rows(status)[1][1] == "王五"  # the name stays when only the token is renewed


def test_a_revoked_operator_cannot_decide_from_the_command_line(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "add-hall", "HA01", "--name", "人民路营业厅", "--database", database_url)
    _, token, _ = run(
        capsys, "add-operator", "wang.wu", "--name", "王五", "--database", database_url
    )
    assert run(capsys, "revoke-operator", "wang.wu", "--database", database_url)[0] == 0
    with token_on_stdin(token.strip()):
        code, _, err = run(capsys, "disable-staff", "HA01", "3001", "--database", database_url)
    assert code == 1 and "revoked" in err
    # No token on standard input: refused, and nobody can be named instead.
    with token_on_stdin(""):
        code, _, err = run(capsys, "disable-staff", "HA01", "3001", "--database", database_url)
    assert code == 1 and "standard input" in err
    with pytest.raises(SystemExit):
        main(["disable-staff", "HA01", "3001", "--operator", "wang.wu", "--database", database_url])
    code, _, err = run(capsys, "revoke-operator", "zhao.liu", "--database", database_url)
    assert code == 1 and "zhao.liu" in err
    code, status, _ = run(capsys, "status", "--database", database_url)
    assert operator_rows(status)[1][3] == "revoked"


def test_operators_of_schema_5_keep_their_login_as_name(database_url: str) -> None:
    from tests.hq.test_files_hq import make_store_at

    make_store_at(
        database_url,
        5,
        "INSERT INTO operator (name, token_hash, created_at)"
        " VALUES ('zhou.min', 'a-hash', '2026-11-22T02:00:00.000000Z')",
    )
    store = HQStore.open(database_url)
    try:
        assert store.schema_version() == LATEST_VERSION
        [row] = store.operators()
        assert (row.login, row.display_name, row.revoked) == ("zhou.min", "zhou.min", False)
        assert store.operator("zhou.min").display_name == "zhou.min"
        token = store.add_operator("zhou.min", display_name="周敏", new_token_for_existing=True)
        found = store.operator_for_token(token)
        assert found is not None and (found.name, found.display_name) == ("zhou.min", "周敏")
        assert found.role == "operator"  # issue 16: operators registered before are operators
    finally:
        store.close()
