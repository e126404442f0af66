"""The console (issue 17) over real HTTP against a running head office, on SQLite and PostgreSQL:
enrolment (secret shown once, no-store), sign-in with password and TOTP, a code accepted once,
lockout per account and client address with the holder told, sessions ended by revocation and a
reset, CSRF, the security headers, the 待总部审批退费 page and its JSON API, decisions by level
with the code asked again, hostile text shown as text, filters and pages out of range."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest

from hall_desk.hq.store import LATEST_VERSION, HQStore
from tests.hq.acting import hq_process, operator_token
from tests.hq.console_client import (
    HOSTILE,
    Authenticator,
    ConsoleClient,
    enrol,
    field_value,
    seed,
    sign_in,
)
from tests.hq.live import REPO, LiveHQ
from tests.hq.netns import TestHost


@pytest.fixture
def console(tmp_path: Path, database_url: str) -> Iterator[tuple[LiveHQ, dict[str, Any]]]:
    store = HQStore.open(database_url)
    try:
        refunds = seed(store)
        refunds["enrol"] = {
            "zhou.min": store.start_enrolment("zhou.min"),
            "wang.wu": store.start_enrolment("wang.wu"),
        }
    finally:
        store.close()
    hq = LiveHQ(tmp_path / "hq", database=database_url).start()
    try:
        yield hq, refunds
    finally:
        hq.stop()


def signed_in(hq: LiveHQ, token: str, login: str) -> tuple[ConsoleClient, Authenticator]:
    client = ConsoleClient(hq.url)
    app = enrol(client, token)
    answer = sign_in(client, login, app)
    assert answer.status_code == 303 and answer.headers["location"] == "/console/refunds"
    return client, app


def test_enrol_sign_in_and_decide_by_level(console: tuple[LiveHQ, dict[str, Any]]) -> None:
    hq, seeded = console
    client = ConsoleClient(hq.url)
    page = client.get(f"/console/enrol/{seeded['enrol']['zhou.min']}")
    # the secret's page: not kept by any cache, framed by nobody, no inline script
    assert page.headers["cache-control"] == "no-store"
    csp = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "<script>" not in page.text
    assert "<svg" in page.text  # the QR code, drawn by the app
    app = enrol(client, seeded["enrol"]["zhou.min"])
    # the link is spent
    assert client.get(f"/console/enrol/{seeded['enrol']['zhou.min']}").status_code == 404
    # the secret is in the database only sealed
    store = hq.store()
    try:
        sealed = store.console_account("zhou.min").totp_sealed  # type: ignore[union-attr]
    finally:
        store.close()
    assert sealed and sealed.startswith("v1:") and app.secret not in sealed
    assert app.secret not in hq.log_path.read_text(encoding="utf-8")

    signed = sign_in(client, "zhou.min", app)
    assert signed.status_code == 303
    session_cookie = next(c for c in signed.headers.get_list("set-cookie") if "__Host-" in c)
    for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
        assert attribute.lower() in session_cookie.lower()

    queue = client.get("/console/refunds")
    assert queue.status_code == 200
    assert "HA01-02-R261122-0001" in queue.text and "HA01-02-R261122-0002" in queue.text
    # the complaint's hostile text is shown as text, never as markup
    assert "<script>alert" not in queue.text and "<img src=x" not in queue.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in queue.text
    assert "138****8000" in queue.text and "13800138000" not in queue.text
    csrf = field_value(queue.text, "csrf")

    # 800 is above the director's level: refused, said plainly
    big = seeded["800.00"]["id"]
    over = client.post(f"/console/refunds/{big}/decide", {
        "csrf": csrf, "action": "approve", "reason": "同意", "code": app.code(),
    })  # fmt: skip
    assert over.status_code == 409
    assert "超出您的审批权限" in over.text and "refund.over_level" in over.text

    small = seeded["450.00"]["id"]
    # without the CSRF token: 403, nothing decided
    assert client.post(f"/console/refunds/{small}/decide", {
        "action": "approve", "reason": "同意", "code": "123456",
    }).status_code == 403  # fmt: skip
    # a wrong code, then a replayed one: refused
    wrong = client.post(f"/console/refunds/{small}/decide", {
        "csrf": csrf, "action": "approve", "reason": "同意",
        "code": pyotp.TOTP(app.secret).at(time.time() + 3600),
    })  # fmt: skip
    assert wrong.status_code == 403 and "动态验证码不对" in wrong.text
    replay = client.post(f"/console/refunds/{small}/decide", {
        "csrf": csrf, "action": "approve", "reason": "同意", "code": app.used_code(),
    })  # fmt: skip
    assert replay.status_code == 403
    decided = client.post(f"/console/refunds/{small}/decide", {
        "csrf": csrf, "action": "approve", "reason": "核实误收，同意退费", "code": app.code(),
    })  # fmt: skip
    assert decided.status_code == 303
    store = hq.store()
    try:
        assert store.refund(small)["state"] == "总部已批准"  # type: ignore[index]
        assert store.refund(big)["state"] == "待总部审批"  # type: ignore[index]
    finally:
        store.close()
    after = client.get("/console/refunds").text
    assert "HA01-02-R261122-0001" not in after and "HA01-02-R261122-0002" in after


def test_codes_lockout_and_the_holder_told(console: tuple[LiveHQ, dict[str, Any]]) -> None:
    hq, seeded = console
    client = ConsoleClient(hq.url)
    app = enrol(client, seeded["enrol"]["wang.wu"])
    # the code that enrolled is not accepted again
    replayed = sign_in(client, "wang.wu", app, code=app.used_code())
    assert replayed.status_code == 401 and "只能用一次" in replayed.text
    for _ in range(4):
        assert (
            sign_in(client, "wang.wu", app, password="wrong password", code="000000").status_code
            == 401
        )
    locked = sign_in(client, "wang.wu", app)
    assert locked.status_code == 429 and "15 分钟" in locked.text
    # the lock is per account and client address (the tests have one address: the store's count)
    store = hq.store()
    try:
        assert store.recent_failures("wang.wu", "127.0.0.1", 15) == 5
        assert store.recent_failures("wang.wu", "10.0.0.9", 15) == 0
    finally:
        store.close()


def test_sessions_end_on_revocation_and_reset_and_csrf_guards_logout(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, seeded = console
    client, _app = signed_in(hq, seeded["enrol"]["wang.wu"], "wang.wu")
    page = client.get("/console/refunds")
    assert page.status_code == 200
    # the JSON API with the session cookie: masked, paged, filtered
    api = client.get("/v1/ops/refunds/awaiting?per_page=1&page=2").json()
    assert api["total"] == 2 and len(api["refunds"]) == 1
    assert api["refunds"][0]["customer"] == "138****8000"
    assert api["refunds"][0]["description"] == HOSTILE
    one = client.get("/v1/ops/refunds/awaiting?number=HA01-02-R261122-0002").json()
    assert [r["amount"] for r in one["refunds"]] == ["800.00"]
    # out of range: said plainly, on the page and in the API
    zero = client.get("/v1/ops/refunds/awaiting?page=0")
    assert (
        zero.status_code == 400 and zero.json()["message"] == "page must be a whole number 1…10000"
    )
    bad = client.get("/console/refunds?per_page=1000")
    assert bad.status_code == 400 and "每页条数须为 1 到 100 之间的整数（收到 1000）" in bad.text
    beyond = client.get("/console/refunds?page=9")
    assert beyond.status_code == 400 and "没有第 9 页" in beyond.text
    # a state-changing /v1/ops/ call takes an operator's token, never the console's cookie
    cookie_only = client.request(
        "POST",
        f"/v1/ops/refunds/{seeded['450.00']['id']}/decision",
        json={"approve": True, "reason": "同意"},
    )
    assert cookie_only.status_code == 401
    # logout without the CSRF token: refused, still signed in
    assert client.post("/console/logout", {}).status_code == 403
    assert client.get("/console/refunds").status_code == 200
    # a reset (new token and enrolment) ends the session at once
    store = hq.store()
    try:
        store.add_operator("wang.wu", new_token_for_existing=True)
    finally:
        store.close()
    ended = client.get("/console/refunds")
    assert ended.status_code == 303 and ended.headers["location"] == "/console/login"


def test_a_revoked_accounts_session_ends(console: tuple[LiveHQ, dict[str, Any]]) -> None:
    hq, seeded = console
    client, _app = signed_in(hq, seeded["enrol"]["zhou.min"], "zhou.min")
    assert client.get("/console/refunds").status_code == 200
    store = hq.store()
    try:
        store.revoke_operator("zhou.min")
    finally:
        store.close()
    assert client.get("/console/refunds").status_code == 303
    assert client.get("/v1/ops/refunds/awaiting").status_code == 401


def test_login_form_without_csrf_and_static_assets(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, _seeded = console
    client = ConsoleClient(hq.url)
    client.get("/console/login")
    refused = client.post("/console/login", {"login": "zhou.min", "password": "x", "code": "1"})
    assert refused.status_code == 403
    css = httpx.get(f"{hq.url}/console/static/console.css", timeout=30)
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = httpx.get(f"{hq.url}/console/static/console.js", timeout=30)
    assert (
        js.status_code == 200 and "frame-ancestors 'none'" in js.headers["content-security-policy"]
    )
    assert httpx.get(f"{hq.url}/console/static/x.js", timeout=30).status_code == 404
    # without a session the queue sends to sign-in; the API wants a token or a session
    assert httpx.get(f"{hq.url}/console/refunds", timeout=30).status_code == 303
    assert httpx.get(f"{hq.url}/v1/ops/refunds/awaiting", timeout=30).status_code == 401


def test_an_idle_session_ends_and_the_holder_is_told_of_failures(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, seeded = console
    client = ConsoleClient(hq.url)
    app = enrol(client, seeded["enrol"]["wang.wu"])
    for _ in range(2):
        assert (
            sign_in(client, "wang.wu", app, password="wrong password", code="000000").status_code
            == 401
        )
    told = sign_in(client, "wang.wu", app)
    assert told.status_code == 200 and "有 2 次登录或验证码失败" in told.text
    assert client.get("/console/refunds").status_code == 200
    # told once: the next sign-in says nothing more
    again = ConsoleClient(hq.url)
    assert sign_in(again, "wang.wu", app).status_code == 303
    # 16 minutes without a request: the session has ended (its row is gone)
    store = hq.store()
    try:
        with store._transaction() as db:
            db.execute("UPDATE console_session SET seen_at = ?", ("2026-01-01T00:00:00.000000Z",))
    finally:
        store.close()
    assert client.get("/console/refunds").status_code == 303
    assert again.get("/v1/ops/refunds/awaiting").status_code == 401


def test_a_password_over_plain_http_from_another_address_is_refused(
    tmp_path: Path, remote_host: TestHost
) -> None:
    hq = LiveHQ(tmp_path / "hq", on=remote_host)
    store = HQStore.open(hq.database)
    try:
        seed(store)
        token = store.start_enrolment("zhou.min")
    finally:
        store.close()
    hq.start()
    try:
        client = ConsoleClient(hq.url)
        page = client.get("/console/login")
        assert page.status_code == 200 and "未加密的 http 连接" in page.text
        refused = client.post("/console/login", {
            "csrf": field_value(page.text, "csrf"), "login": "zhou.min", "password": "x",
            "code": "123456",
        })  # fmt: skip
        assert refused.status_code == 403 and "请使用 https" in refused.text
        assert client.get(f"/console/enrol/{token}").status_code == 403
    finally:
        hq.stop()


def test_roles_by_supervisors_a_deciding_role_needs_a_second_and_ends_sessions(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, seeded = console
    store = hq.store()
    try:
        first = store.add_operator("sup.a", role="supervisor")
        second = store.add_operator("sup.b", role="supervisor")
    finally:
        store.close()
    operator = operator_token(hq.database, "wang.wu")  # an operator's token, for the CLI
    client, _app = signed_in(hq, seeded["enrol"]["wang.wu"], "wang.wu")

    own = hq_process(hq.database, first, "set-role", "sup.a", "auditor")
    assert own.returncode == 1 and "nobody changes their own role" in own.stderr
    not_supervisor = hq_process(hq.database, operator, "set-role", "sup.a", "auditor")
    assert not_supervisor.returncode == 1 and "does not change roles" in not_supervisor.stderr

    pending = hq_process(hq.database, first, "set-role", "wang.wu", "director")
    assert pending.returncode == 0 and "second supervisor" in pending.stderr
    again = hq_process(hq.database, first, "set-role", "wang.wu", "director")
    assert again.returncode == 1 and "waits for a second supervisor" in again.stderr
    assert client.get("/console/refunds").status_code == 200  # nothing changed yet
    confirmed = hq_process(hq.database, second, "set-role", "wang.wu", "director")
    assert confirmed.returncode == 0 and "now director" in confirmed.stderr
    store = hq.store()
    try:
        assert store.operator("wang.wu").role == "director"
    finally:
        store.close()
    assert client.get("/console/refunds").status_code == 303  # the role change ended the session
    # a role that decides nothing is given by one supervisor at once
    plain = hq_process(hq.database, second, "set-role", "wang.wu", "auditor")
    assert plain.returncode == 0 and "now auditor" in plain.stderr


@pytest.mark.parametrize(
    "filters",
    [{}, {"hall": "HA01"}, {"desk": "HA01-02"}, {"number": "HA01-02-R261122-0001"}],
    ids=["unfiltered", "hall", "desk", "number"],
)
def test_the_queues_first_page_scans_neither_refund_nor_complaint(
    database_url: str, backend: str, filters: dict[str, str]
) -> None:
    """Issue 17 item 6 on a small seed: 待总部审批's page is read through the state index, never
    by a sequential scan of refund or complaint (PostgreSQL: with sequential scans priced out,
    the plan must still find an index path)."""
    store = HQStore.open(database_url)
    try:
        seed(store)
        _count, page_sql, params = store._awaiting_query(**filters)
        with store._transaction() as db:
            if backend == "sqlite":
                rows = db.execute(f"EXPLAIN QUERY PLAN {page_sql}", [*params, 20, 0]).fetchall()
                plan = "\n".join(str(row[-1]) for row in rows)
                assert not [
                    line for line in plan.splitlines() if line.startswith(("SCAN r", "SCAN c"))
                ], plan
                # the state index, or 待总部审批's own by desk (schema step 19)
                assert "refund_state_updated" in plan or "refund_awaiting_desk" in plan, plan
                if filters.keys() == {"desk"}:
                    assert "refund_awaiting_desk" in plan, plan
            else:
                db.execute("SET LOCAL enable_seqscan = off")
                rows = db.execute(f"EXPLAIN {page_sql}", [*params, 20, 0]).fetchall()
                plan = "\n".join(str(row[0]) for row in rows)
                assert "Seq Scan on refund " not in plan and "Seq Scan on complaint " not in plan
                assert "Index" in plan, plan
    finally:
        store.close()


def test_add_operator_prints_a_one_time_enrolment_link(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, _seeded = console
    made = subprocess.run(
        [sys.executable, "-m", "hall_desk.hq.cli", "add-operator", "li.na", "--name", "李娜",
         "--database", hq.database, "--console-url", hq.url],
        capture_output=True, text=True, timeout=60, cwd=REPO, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip().startswith("hdop1_")  # the token, alone on standard output
    link = re.search(rf"{re.escape(hq.url)}(/console/enrol/\S+)", made.stderr)
    assert link, made.stderr
    client = ConsoleClient(hq.url)
    app = enrol(client, link.group(1).rsplit("/", 1)[1])
    assert sign_in(client, "li.na", app).status_code == 303
    assert client.get(link.group(1)).status_code == 404  # spent
    # the secrets key: a file of its own beside the SQLite database, or the one LiveHQ names
    key = (
        hq.database_path.with_name(hq.database_path.name + ".secrets-key")
        if hq.database_path is not None
        else hq.directory / "secrets.key"
    )
    assert key.exists() and key.stat().st_mode & 0o777 == 0o600


def test_a_director_recommends_above_their_level_and_an_operator_does_not_decide(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, seeded = console
    big, small = seeded["800.00"], seeded["450.00"]
    operator, op_app = signed_in(hq, seeded["enrol"]["wang.wu"], "wang.wu")
    page = operator.get("/console/refunds").text
    refused = operator.post(f"/console/refunds/{small['id']}/decide", {
        "csrf": field_value(page, "csrf"), "action": "approve", "reason": "同意",
        "code": op_app.code(),
    })  # fmt: skip
    assert refused.status_code == 409 and "您的角色不审批退费" in refused.text
    director, app = signed_in(hq, seeded["enrol"]["zhou.min"], "zhou.min")
    page = director.get("/console/refunds").text
    recommended = director.post(f"/console/refunds/{big['id']}/decide", {
        "csrf": field_value(page, "csrf"), "action": "recommend_approve",
        "reason": "核实误收，建议同意", "code": app.code(),
    })  # fmt: skip
    assert recommended.status_code == 303, recommended.text
    listed = director.get(f"/console/refunds?number={big['number']}").text
    assert "建议人" in listed and "zhou.min" in listed
    assert "已提交建议" in director.get(recommended.headers["location"]).text


def test_operators_of_schema_10_keep_their_token_and_enrol_in_the_console(
    database_url: str,
) -> None:
    """Schema step 11 (issue 17) on both stores: an operator from before keeps its token and role,
    has no password or second factor (so no console sign-in) until it enrols."""
    from tests.hq.test_files_hq import make_store_at

    make_store_at(
        database_url,
        10,
        "INSERT INTO operator (name, token_hash, created_at, display_name, role) VALUES"
        " ('zhou.min', 'a-hash', '2026-11-22T02:00:00.000000Z', '周敏', 'director')",
    )
    store = HQStore.open(database_url)
    try:
        assert store.schema_version() == LATEST_VERSION >= 11
        account = store.console_account("zhou.min")
        assert account is not None and account.operator.role == "director"
        assert (account.password_hash, account.totp_sealed, account.totp_last_step) == (
            None,
            None,
            0,
        )
        assert store.enrolment_for(store.start_enrolment("zhou.min")) is not None
    finally:
        store.close()
