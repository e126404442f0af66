"""The console's administration pages (issue 17 items 2–3) over real HTTP against a running head
office, on SQLite and PostgreSQL: operator accounts (supervisors only; add with a one-time
enrolment link, disable, reset, change role; a deciding role needs a second supervisor; nobody
changes their own role; the changed account's session ends at once), head office's audit log page
(auditors and supervisors), the policy page (a new version validated and shown as a diff before it
is published) and the staff page (停用 / 恢复启用), each form refused without its CSRF token and
hostile text shown as text."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from hall_desk.hq.store import HQStore
from tests.hq.console_client import ConsoleClient, enrol, field_value, seed, sign_in
from tests.hq.live import LiveHQ
from tests.hq.test_console import signed_in

ACCOUNTS = {
    "chen.jing": ("陈静", "supervisor"),
    "lin.tao": ("林涛", "supervisor"),
    "sun.li": ("孙丽", "auditor"),
}


@pytest.fixture
def admin(tmp_path: Path, database_url: str) -> Iterator[tuple[LiveHQ, dict[str, ConsoleClient]]]:
    """A head office with supervisors chen.jing and lin.tao, auditor sun.li, director zhou.min and
    operator wang.wu, each signed in to the console."""
    store = HQStore.open(database_url)
    try:
        seed(store)
        for login, (name, role) in ACCOUNTS.items():
            store.add_operator(login, display_name=name, role=role)
        tokens = {
            login: store.start_enrolment(login) for login in (*ACCOUNTS, "zhou.min", "wang.wu")
        }
    finally:
        store.close()
    hq = LiveHQ(tmp_path / "hq", database=database_url).start()
    try:
        clients = {login: signed_in(hq, token, login)[0] for login, token in tokens.items()}
        yield hq, clients
    finally:
        hq.stop()


def csrf_of(client: ConsoleClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    return field_value(page.text, "csrf")


def enrolment_token(page: str) -> str:
    found = re.search(r'<code id="enrol-url">[^<]*/console/enrol/([A-Za-z0-9_-]+)</code>', page)
    assert found, "no enrolment link on the page"
    return found.group(1)


def still_signed_in(client: ConsoleClient) -> bool:
    answer = client.get("/console/refunds")
    return answer.status_code == 200


def test_the_accounts_page_is_for_supervisors_only(
    admin: tuple[LiveHQ, dict[str, ConsoleClient]],
) -> None:
    _hq, clients = admin
    for login in ("wang.wu", "zhou.min", "sun.li"):
        refused = clients[login].get("/console/accounts")
        assert refused.status_code == 403 and "无权访问" in refused.text and "主管" in refused.text
        assert 'href="/console/accounts"' not in refused.text  # not offered in the nav either
    page = clients["chen.jing"].get("/console/accounts")
    assert page.status_code == 200
    for login in ("chen.jing", "lin.tao", "sun.li", "zhou.min", "wang.wu"):
        assert f'id="account-{login}"' in page.text
    assert "已开户" in page.text and "上次登录" in page.text
    # the audit log: auditors and supervisors; not operators or deciders
    assert clients["sun.li"].get("/console/audit").status_code == 200
    assert clients["wang.wu"].get("/console/audit").status_code == 403
    # the staff page's actions: supervisors only
    assert clients["zhou.min"].get("/console/staff").status_code == 403


def test_a_supervisor_adds_an_account_and_its_link_enrols_once(
    admin: tuple[LiveHQ, dict[str, ConsoleClient]],
) -> None:
    hq, clients = admin
    chen = clients["chen.jing"]
    csrf = csrf_of(chen, "/console/accounts")
    added = chen.post("/console/accounts/add", {
        "csrf": csrf, "login": "li.wei", "display_name": "李伟", "role": "operator",
    })  # fmt: skip
    assert added.status_code == 200 and "只显示这一次" in added.text
    assert added.headers["cache-control"] == "no-store"
    token = enrolment_token(added.text)
    assert token not in chen.get("/console/accounts").text  # shown once
    newcomer = ConsoleClient(hq.url)
    enrol(newcomer, token)
    assert newcomer.get(f"/console/enrol/{token}").status_code == 404  # spent
    # a deciding role is not given at creation: it needs a second supervisor
    refused = chen.post("/console/accounts/add", {
        "csrf": csrf, "login": "qian.yi", "display_name": "钱一", "role": "director",
    })  # fmt: skip
    assert refused.status_code == 400 and "须第二位主管确认" in refused.text
    bad = chen.post("/console/accounts/add", {"csrf": csrf, "login": "李伟", "role": "operator"})
    assert bad.status_code == 400 and "登录名" in bad.text
    again = chen.post(
        "/console/accounts/add", {"csrf": csrf, "login": "li.wei", "role": "operator"}
    )
    assert again.status_code == 409
    store = hq.store()
    try:
        entries, _ = store.audit_page(operator="chen.jing")
        assert [(e.kind, e.subject) for e in entries] == [
            ("enrolment.issued", "li.wei"),
            ("account.added", "li.wei"),
            ("sign_in", "chen.jing"),
            ("enrolment.completed", "chen.jing"),
        ]
        assert entries[0].client == "127.0.0.1"
        assert store.console_account("qian.yi") is None
    finally:
        store.close()


def test_a_deciding_role_needs_a_second_supervisor_and_nobody_changes_their_own(
    admin: tuple[LiveHQ, dict[str, ConsoleClient]],
) -> None:
    hq, clients = admin
    chen, lin, wang = clients["chen.jing"], clients["lin.tao"], clients["wang.wu"]
    csrf = csrf_of(chen, "/console/accounts")
    own = chen.post("/console/accounts/chen.jing/role", {"csrf": csrf, "role": "leadership"})
    assert own.status_code == 403 and "不能变更自己的角色" in own.text
    proposed = chen.post("/console/accounts/wang.wu/role", {"csrf": csrf, "role": "director"})
    assert proposed.status_code == 303
    page = chen.get(proposed.headers["location"])
    assert "等待另一位主管确认" in page.text and 'id="confirm-wang.wu"' not in page.text
    assert still_signed_in(wang)  # nothing changed yet
    twice = chen.post("/console/accounts/wang.wu/role", {"csrf": csrf, "role": "director"})
    assert twice.status_code == 409 and "提议人不能自己确认" in twice.text
    # the pending change is shown to the other supervisor, who confirms it
    lin_page = lin.get("/console/accounts")
    assert 'id="confirm-wang.wu"' in lin_page.text
    confirmed = lin.post("/console/accounts/wang.wu/role", {
        "csrf": field_value(lin_page.text, "csrf"), "role": "director",
    })  # fmt: skip
    assert confirmed.status_code == 303
    assert "已改为投诉中心主任" in lin.get(confirmed.headers["location"]).text
    assert not still_signed_in(wang)  # its session ended at once
    # a non-deciding role is applied by one supervisor
    assert chen.post("/console/accounts/sun.li/role", {
        "csrf": csrf, "role": "operator",
    }).status_code == 303  # fmt: skip
    store = hq.store()
    try:
        assert store.operator("wang.wu").role == "director"
        assert store.operator("sun.li").role == "operator"
        kinds = [(e.operator, e.kind) for e in store.audit_page(kind="role.changed")[0]]
        assert kinds == [("chen.jing", "role.changed"), ("lin.tao", "role.changed")]
        assert store.verify_audit().intact
    finally:
        store.close()


def test_disabling_or_resetting_an_account_ends_its_session(
    admin: tuple[LiveHQ, dict[str, ConsoleClient]],
) -> None:
    hq, clients = admin
    chen = clients["chen.jing"]
    csrf = csrf_of(chen, "/console/accounts")
    assert still_signed_in(clients["wang.wu"]) and still_signed_in(clients["zhou.min"])
    disabled = chen.post("/console/accounts/wang.wu/disable", {"csrf": csrf})
    assert disabled.status_code == 303
    assert not still_signed_in(clients["wang.wu"])
    page = chen.get("/console/accounts").text
    assert "已停用" in page
    reset = chen.post("/console/accounts/zhou.min/reset", {"csrf": csrf})
    assert reset.status_code == 200 and "只显示这一次" in reset.text
    assert not still_signed_in(clients["zhou.min"])
    enrol(ConsoleClient(hq.url), enrolment_token(reset.text))  # the new link sets it up again
    assert chen.post("/console/accounts/wang.wu/reset", {"csrf": csrf}).status_code == 409
    own = chen.post("/console/accounts/chen.jing/disable", {"csrf": csrf})
    assert own.status_code == 403 and still_signed_in(chen)


def test_every_admin_form_needs_its_csrf_token(
    admin: tuple[LiveHQ, dict[str, ConsoleClient]],
) -> None:
    hq, clients = admin
    chen, lin = clients["chen.jing"], clients["lin.tao"]
    other = csrf_of(lin, "/console/accounts")  # another session's token does not do either
    forms: list[tuple[str, dict[str, str]]] = [
        ("/console/accounts/add", {"login": "li.wei", "role": "operator"}),
        ("/console/accounts/wang.wu/disable", {}),
        ("/console/accounts/wang.wu/reset", {}),
        ("/console/accounts/wang.wu/role", {"role": "supervisor"}),
        ("/console/policy/preview", {"hall": "HA01", "document": '{"version": 2}'}),
        ("/console/policy/publish", {"hall": "HA01", "document": '{"version": 2}'}),
        ("/console/staff/HA01/3001/disable", {}),
    ]
    for path, data in forms:
        for token in (None, other):
            sent = dict(data) if token is None else {**data, "csrf": token}
            answer = chen.post(path, sent)
            assert answer.status_code == 403 and "CSRF" in answer.text, path
    store = hq.store()
    try:
        assert store.console_account("li.wei") is None
        assert (
            not store.operator("wang.wu").revoked and store.operator("wang.wu").role == "operator"
        )
        assert store.policy("HA01") is None and not store.staff_held("HA01", "3001")
    finally:
        store.close()
    assert still_signed_in(clients["wang.wu"])


def test_hostile_text_is_shown_as_text_on_the_accounts_and_audit_pages(
    admin: tuple[LiveHQ, dict[str, ConsoleClient]],
) -> None:
    hq, clients = admin
    chen = clients["chen.jing"]
    hostile_name = '<script>alert("x")</script><b>王'
    csrf = csrf_of(chen, "/console/accounts")
    added = chen.post("/console/accounts/add", {
        "csrf": csrf, "login": "li.wei", "display_name": hostile_name, "role": "operator",
    })  # fmt: skip
    assert added.status_code == 200
    # a sign-in attempt with a hostile login lands in the audit log
    stranger = ConsoleClient(hq.url)
    page = stranger.get("/console/login").text
    stranger.post("/console/login", {
        "csrf": field_value(page, "csrf"), "login": "<img src=x onerror=alert(1)>",
        "password": "x", "code": "000000",
    })  # fmt: skip
    for path in ("/console/accounts", "/console/audit"):
        shown = chen.get(path).text
        assert "<script>alert" not in shown and "<img src=x" not in shown and "<b>王" not in shown
    assert (
        html.escape(hostile_name).replace("&quot;", "&#34;") in chen.get("/console/accounts").text
    )
    audit = chen.get("/console/audit?kind=sign_in.failed").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in audit and "登录失败" in audit


def test_the_audit_page_filters_pages_and_says_what_is_out_of_range(
    admin: tuple[LiveHQ, dict[str, ConsoleClient]],
) -> None:
    _hq, clients = admin
    sun = clients["sun.li"]
    page = sun.get("/console/audit?operator=lin.tao")
    assert page.status_code == 200
    rows = re.findall(r"<tr>\s*<td>(\d+)</td>", page.text)
    assert rows and "lin.tao" in page.text and "chen.jing</td>" not in page.text
    everything = sun.get("/console/audit").text
    numbers = [int(n) for n in re.findall(r"<tr>\s*<td>(\d+)</td>", everything)]
    assert numbers == sorted(numbers, reverse=True)  # newest first
    for query, said in (
        ("page=0", "页码"), ("page=abc", "页码"), ("page=99", "没有第 99 页"),
        ("kind=nonsense", "类别"), ("hall=ZZ99", "营业厅"),
    ):  # fmt: skip
        answer = sun.get(f"/console/audit?{query}")
        assert answer.status_code == 400 and said in answer.text, query
    hall = sun.get("/console/audit?hall=HA01").text
    assert 'id="hall-actions"' in hall and "staff.changed" in hall  # head office's own events


def test_the_policy_page_validates_shows_a_diff_and_publishes(
    admin: tuple[LiveHQ, dict[str, ConsoleClient]],
) -> None:
    hq, clients = admin
    chen, sun = clients["chen.jing"], clients["sun.li"]
    read_only = sun.get("/console/policy?hall=HA01")
    assert read_only.status_code == 200 and "现行政策：第 1 版" in read_only.text
    assert 'id="edit-form"' not in read_only.text and "只有主管" in read_only.text
    page = chen.get("/console/policy?hall=HA01")
    csrf = field_value(page.text, "csrf")
    draft = json.loads(html.unescape(re.search(
        r'<textarea id="document"[^>]*>(.*?)</textarea>', page.text, re.S
    ).group(1)))  # type: ignore[union-attr]  # fmt: skip
    assert draft["version"] == 2  # the one in force, one version up
    bad = chen.post("/console/policy/preview", {
        "csrf": csrf, "hall": "HA01", "scope": "hall",
        "document": json.dumps({**draft, "regulator_days": -3, "nonsense": 1}),
    })  # fmt: skip
    assert bad.status_code == 400 and "未通过校验" in bad.text
    assert "regulator_days" in bad.text and "nonsense" in bad.text
    not_json = chen.post("/console/policy/preview", {
        "csrf": csrf, "hall": "HA01", "document": "{<script>",
    })  # fmt: skip
    assert (
        not_json.status_code == 400 and "JSON" in not_json.text and "<script>" not in not_json.text
    )
    good = {**draft, "regulator_days": 10}
    # a document longer than the other forms' 16 KiB (templates, a calendar, whitespace) is taken
    padded = json.dumps(good, ensure_ascii=False, indent=2) + " " * 20_000
    preview = chen.post("/console/policy/preview", {
        "csrf": csrf, "hall": "HA01", "scope": "hall", "document": padded,
    })  # fmt: skip
    assert preview.status_code == 200
    diff = re.search(r'<pre class="diff" id="diff-HA01">(.*?)</pre>', preview.text, re.S)
    assert diff
    lines = re.findall(r'<span class="(\w+)">(.*?)</span>', diff.group(1))
    assert ("removed", "-   &#34;regulator_days&#34;: 15,") in lines
    assert ("added", "+   &#34;regulator_days&#34;: 10,") in lines
    assert ("added", "+   &#34;version&#34;: 2") in lines
    store = hq.store()
    try:
        assert store.policy("HA01") is None  # a preview publishes nothing
    finally:
        store.close()
    published = chen.post("/console/policy/publish", {
        "csrf": csrf, "hall": "HA01", "scope": "hall",
        "document": field_value(preview.text, "document"),
    })  # fmt: skip
    assert published.status_code == 303
    assert "已发布第 2 版" in chen.get(published.headers["location"]).text
    store = hq.store()
    try:
        assert store.policy_version("HA01") == 2
        assert store.policy("HA01")["regulator_days"] == 10  # type: ignore[index]
    finally:
        store.close()
    # the same version again: shown as not higher, and refused if posted anyway
    stale = chen.post("/console/policy/preview", {
        "csrf": csrf, "hall": "HA01", "scope": "hall", "document": json.dumps(good),
    })  # fmt: skip
    assert "须高于现行版本" in stale.text and 'id="publish"' not in stale.text
    again = chen.post("/console/policy/publish", {
        "csrf": csrf, "hall": "HA01", "scope": "hall", "document": json.dumps(good),
    })  # fmt: skip
    assert again.status_code == 409 and "already has policy version 2" in again.text
    assert sun.post("/console/policy/publish", {
        "csrf": csrf_of(sun, "/console/policy"), "hall": "HA01",
        "document": json.dumps({**good, "version": 3}),
    }).status_code == 403  # fmt: skip


def test_the_staff_page_disables_and_enables_like_the_cli(
    admin: tuple[LiveHQ, dict[str, ConsoleClient]],
) -> None:
    hq, clients = admin
    chen, sun = clients["chen.jing"], clients["sun.li"]
    listed = sun.get("/console/staff?hall=HA01")
    assert listed.status_code == 200 and 'id="staff-3001"' in listed.text
    assert "停用</button>" not in listed.text  # an auditor reads only
    page = chen.get("/console/staff?hall=HA01")
    csrf = field_value(page.text, "csrf")
    assert 'id="disable-3001"' in page.text
    done = chen.post("/console/staff/HA01/3001/disable", {"csrf": csrf})
    assert done.status_code == 303
    shown = chen.get(done.headers["location"]).text
    assert "3001 已停用" in shown and "总部已停用" in shown and 'id="enable-3001"' in shown
    store = hq.store()
    try:
        assert store.staff_held("HA01", "3001") and not store.staff("HA01", "3001")["active"]  # type: ignore[index]
    finally:
        store.close()
    assert chen.post("/console/staff/HA01/3001/enable", {"csrf": csrf}).status_code == 303
    unknown = chen.post("/console/staff/HA01/9999/disable", {"csrf": csrf})
    assert unknown.status_code == 409 and "没有这个营业员账户" in unknown.text
    assert sun.post("/console/staff/HA01/3001/disable", {
        "csrf": csrf_of(sun, "/console/staff"),
    }).status_code == 403  # fmt: skip
    store = hq.store()
    try:
        assert not store.staff_held("HA01", "3001") and store.staff("HA01", "3001")["active"]  # type: ignore[index]
        events = [a.type for a in store.head_office_actions("HA01")]
        assert events[:2] == ["staff.changed", "staff.changed"]
    finally:
        store.close()


def test_the_policys_console_section_sets_the_lockout(tmp_path: Path, database_url: str) -> None:
    """Policy format 5: the latest published ``console`` section (any hall) sets the lockout."""
    from hall_desk.domain.console_limits import DEFAULT_CONSOLE_LIMITS, ConsoleLimits
    from tests.hq.console_client import sign_in

    store = HQStore.open(database_url)
    try:
        seed(store)
        store.add_operator("chen.jing", role="supervisor")
        assert store.console_limits() == DEFAULT_CONSOLE_LIMITS
        chen = store.operator("chen.jing")
        section = {"failures_allowed": 2, "failure_window_minutes": 20}
        store.set_policy({"version": 2, "format": 5, "console": section}, chen)
        store.set_policy({"version": 3, "regulator_days": 12}, chen, hall="HA01")  # none in it
        assert store.console_limits() == ConsoleLimits(2, 20, 15, 10)
        token = store.start_enrolment("zhou.min")
    finally:
        store.close()
    hq = LiveHQ(tmp_path / "hq", database=database_url).start()
    try:
        client = ConsoleClient(hq.url)
        app = enrol(client, token)
        for _ in range(2):
            wrong = sign_in(client, "zhou.min", app, password="not the password", code="000000")
            assert wrong.status_code == 401
        locked = sign_in(client, "zhou.min", app)
        assert locked.status_code == 429
        assert "连续 2 次" in locked.text and "20 分钟" in locked.text
    finally:
        hq.stop()


def test_a_disabled_account_is_enabled_again_by_supervisors(
    tmp_path: Path, database_url: str
) -> None:
    """恢复启用 (issue 17, console17b): a supervisor enables a disabled operator again — its
    lockout cleared, its old session still ended, audited; a deciding account needs a second
    supervisor; nobody enables their own account; others may not."""
    store = HQStore.open(database_url)
    try:
        seed(store)
        for login, (name, role) in ACCOUNTS.items():
            store.add_operator(login, display_name=name, role=role)
        tokens = {login: store.start_enrolment(login) for login in ("chen.jing", "lin.tao",
                                                                     "wang.wu", "zhou.min")}  # fmt: skip
    finally:
        store.close()
    hq = LiveHQ(tmp_path / "hq", database=database_url).start()
    try:
        signed = {login: signed_in(hq, token, login) for login, token in tokens.items()}
        chen, lin = signed["chen.jing"][0], signed["lin.tao"][0]
        old_wang, wang_app = signed["wang.wu"]
        old_zhou = signed["zhou.min"][0]
        csrf = csrf_of(chen, "/console/accounts")
        for login in ("wang.wu", "zhou.min"):
            assert (
                chen.post(f"/console/accounts/{login}/disable", {"csrf": csrf}).status_code == 303
            )
        assert not still_signed_in(old_wang) and not still_signed_in(old_zhou)
        # wang.wu's address is locked out by five failures
        newcomer = ConsoleClient(hq.url)
        for _ in range(5):
            assert (
                sign_in(newcomer, "wang.wu", wang_app, password="wrong password!").status_code
                == 401
            )
        assert sign_in(newcomer, "wang.wu", wang_app).status_code == 429
        page = chen.get("/console/accounts").text
        assert 'id="enable-wang.wu"' in page and "（须两位主管）" in page
        # not without the CSRF token, not by a non-supervisor, not one's own
        assert chen.post("/console/accounts/wang.wu/enable", {}).status_code == 403
        by_old = old_wang.post("/console/accounts/wang.wu/enable", {"csrf": csrf})
        assert by_old.status_code == 303 and by_old.headers["location"] == "/console/login"
        assert "已停用" in chen.get("/console/accounts").text  # still disabled: not signed in
        own = chen.post("/console/accounts/chen.jing/enable", {"csrf": csrf})
        assert own.status_code == 403 and "不能恢复启用自己的账户" in own.text
        done = chen.post("/console/accounts/wang.wu/enable", {"csrf": csrf})
        assert done.status_code == 303
        shown = chen.get(done.headers["location"]).text
        assert "已恢复启用 wang.wu" in shown and 'id="enable-wang.wu"' not in shown
        again = chen.post("/console/accounts/wang.wu/enable", {"csrf": csrf})
        assert again.status_code == 409 and "无需恢复" in again.text
        assert not still_signed_in(old_wang)  # the old session stays ended
        back = sign_in(newcomer, "wang.wu", wang_app)  # the lockout is cleared
        assert back.status_code == 303 and still_signed_in(newcomer)
        # a director: one supervisor proposes, a second confirms
        proposed = chen.post("/console/accounts/zhou.min/enable", {"csrf": csrf})
        assert (
            proposed.status_code == 303
            and "等待另一位主管确认" in chen.get(proposed.headers["location"]).text
        )
        twice = chen.post("/console/accounts/zhou.min/enable", {"csrf": csrf})
        assert twice.status_code == 409 and "须由另一位主管确认" in twice.text
        lin_csrf = csrf_of(lin, "/console/accounts")
        assert "确认恢复启用（chen.jing 提议）" in lin.get("/console/accounts").text
        assert lin.post("/console/accounts/zhou.min/enable", {"csrf": lin_csrf}).status_code == 303
        assert not still_signed_in(old_zhou)
        store = hq.store()
        try:
            assert store.operator("zhou.min").name == "zhou.min"  # enabled
            entries, _ = store.audit_page(kind="account.enabled")
            assert [(e.operator, e.subject) for e in entries] == [
                ("lin.tao", "zhou.min"), ("chen.jing", "wang.wu"),
            ]  # fmt: skip
            assert entries[0].detail["proposed_by"] == "chen.jing"
            assert entries[1].detail["failures_cleared"] == 5
            proposals, _ = store.audit_page(kind="account.enable_proposed")
            assert [(e.operator, e.subject) for e in proposals] == [("chen.jing", "zhou.min")]
        finally:
            store.close()
    finally:
        hq.stop()
