"""The console's 待执行退费 and 营业厅与台席 (issue 17) over real HTTP against a running head office,
on SQLite and PostgreSQL: the queue with numbers masked and hostile text shown as text, CSRF,
pages and filters out of range said plainly, the three actions with the command line's rules
(an amount that differs is a failure, a refund recorded once and the second recorder told who, a
reference accepted once, a director refused), the pasted CSV import and its report, the JSON twins,
a desk's contact and TLS noted, a silent desk marked in words, and a supervisor's escrow release
code (the code asked again; nobody else)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hall_desk.hq.store import DeskIdentity, HQStore
from tests.hq.console_client import (
    HOSTILE,
    Authenticator,
    ConsoleClient,
    enrol,
    field_value,
    seed,
    sign_in,
)
from tests.hq.envelopes import DeskChain, complaint_state, refund_state
from tests.hq.live import LiveHQ

PAID_AT = "2026-11-22T10:30"  # typed in the page's datetime-local field: Asia/Shanghai


def approved_at_hall(store: HQStore, desk: str, n: int, amount: str) -> dict[str, Any]:
    """A refund approved at the hall (话费账户返还) on a desk of its own chain; its approver's
    name is hostile HTML."""
    chain = DeskChain(desk)
    complaint = complaint_state(desk, n)
    rid, number = str(uuid.uuid4()), f"{desk}-R261122-{n:04d}"
    kw = {"number": number, "amount": amount, "desk": desk}
    approved = {**kw, "decided_by_no": "3001", "decided_by_name": HOSTILE}
    reply = store.upload(DeskIdentity(desk, "HA01", revoked=False), [
        chain.next(payload=complaint),
        chain.next("refund.proposed", refund_state(complaint, rid, "待审批", **kw)),
        chain.next("refund.approved", refund_state(complaint, rid, "已批准", **approved)),
    ])  # fmt: skip
    assert [r.outcome.value for r in reply.results] == ["stored"] * 3
    return {"id": rid, "number": number, "phone": complaint["phone"], "amount": amount}


@pytest.fixture
def console(tmp_path: Path, database_url: str) -> Iterator[tuple[LiveHQ, dict[str, Any]]]:
    store = HQStore.open(database_url)
    try:
        seeded: dict[str, Any] = dict(seed(store))
        seeded["desk_token"] = store.add_desk("HA01-03")
        seeded["hall"] = approved_at_hall(store, "HA01-03", 1, "120.00")
        store.add_operator("chen.jing", display_name="陈静", role="supervisor")
        seeded["enrol"] = {
            name: store.start_enrolment(name) for name in ("zhou.min", "wang.wu", "chen.jing")
        }
    finally:
        store.close()
    hq = LiveHQ(tmp_path / "hq", database=database_url).start()
    try:
        yield hq, seeded
    finally:
        hq.stop()


def signed_in(hq: LiveHQ, token: str, login: str) -> tuple[ConsoleClient, Authenticator]:
    client = ConsoleClient(hq.url)
    app = enrol(client, token)
    assert sign_in(client, login, app).status_code == 303
    return client, app


def test_the_execution_queue_its_actions_and_the_import(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, seeded = console
    hall = seeded["hall"]
    client, _app = signed_in(hq, seeded["enrol"]["wang.wu"], "wang.wu")

    page = client.get("/console/executions")
    assert page.status_code == 200 and hall["number"] in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    # masked: the customer and where the money goes; hostile text shown as text
    assert hall["phone"] not in page.text and hall["phone"][:3] + "****" in page.text
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert 'href="/console/executions">待执行退费</a>' in page.text  # the nav
    csrf = field_value(page.text, "csrf")
    record = f"/console/executions/{hall['id']}/record"

    # without the CSRF token: 403, nothing recorded
    bare = {"action": "executed", "reference": "B-1", "amount": "120.00", "at": PAID_AT}
    assert client.post(record, bare).status_code == 403
    # pages and filters out of range: said plainly
    far = client.get("/console/executions?page=99")
    assert far.status_code == 400 and "没有第 99 页：共 1 页" in far.text
    assert "每页条数须为 1 到 100" in client.get("/console/executions?per_page=0").text
    assert client.get("/console/executions?execution=done").status_code == 400
    assert hall["number"] not in client.get("/console/executions?hall=HB02").text

    # the JSON twin with the console's cookie (a read: no CSRF token needed)
    listed = client.get("/v1/ops/refunds/executions").json()
    assert listed["total"] == 1 and listed["refunds"][0]["number"] == hall["number"]
    assert hall["phone"] not in str(listed)
    assert client.get("/v1/ops/refunds/executions?page=0").status_code == 400

    # an amount that differs is recorded as a failure, said plainly
    wrong = client.post(record, {**bare, "csrf": csrf, "amount": "12.00"})
    assert wrong.status_code == 409 and "金额不符" in wrong.text
    failed = client.get("/console/executions?execution=failed").text
    assert hall["number"] in failed and "执行失败" in failed and "第 1 次失败" in failed
    # retried with the right amount: executed, out of the queue
    done = client.post(record, {**bare, "csrf": csrf})
    assert done.status_code == 303 and "/console/executions?done=" in done.headers["location"]
    assert hall["number"] not in client.get("/console/executions").text
    # a second recorder is told who recorded it
    again = client.post(record, {**bare, "csrf": csrf, "reference": "B-2"})
    assert again.status_code == 409 and "已被登记为已到账" in again.text
    assert "refund.already_executed" in again.text and "王五" in again.text

    # a director does not record executions (the command line's rule)
    director, _ = signed_in(hq, seeded["enrol"]["zhou.min"], "zhou.min")
    store = hq.store()
    try:
        small = seeded["450.00"]
        store.decide_refund(small["id"], True, "核实无误", store.operator("zhou.min"))
    finally:
        store.close()
    by_director = director.get("/console/executions")
    assert small["number"] in by_director.text and "您的角色只能查看" in by_director.text
    refused = director.post(f"/console/executions/{small['id']}/record", {
        **bare, "csrf": field_value(by_director.text, "csrf"), "reference": "B-9",
    })  # fmt: skip
    assert refused.status_code == 409 and "您的角色不登记退费执行" in refused.text

    # the result file pasted: each line recorded and reported; a reference accepted once
    csv = (
        "number,reference,amount,time\n"
        f"{small['number']},B-1,450.00,2026-11-22T10:30:00+08:00\n"
        "HA01-02-R261122-0002,B-3\n"
        f"{small['number']},B-4,450.00,2026-11-22T10:30:00+08:00\n"
    )
    without = client.post("/console/executions/import", {"csv": csv})
    assert without.status_code == 403
    report = client.post("/console/executions/import", {"csrf": csrf, "csv": csv})
    assert report.status_code == 200, report.text
    text = report.text
    assert "共 3 行，1 行已登记到账" in text
    assert "计费流水号已经用于另一笔退费" in text and "refund.reference_taken" in text
    assert "这一行不是 4 列" in text and "已登记到账" in text
    assert small["number"] not in client.get("/console/executions").text


def test_the_desks_page_contact_silence_and_the_release_code(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, seeded = console
    # a desk calls head office over plain http: its contact is noted
    answer = httpx.get(hq.url + "/v1/desk", headers=hq.auth(seeded["desk_token"]), timeout=30)
    assert answer.status_code == 200
    store = hq.store()
    try:  # HA01-04 last called long ago (more than a working day), over TLS, never uploaded
        store.add_desk("HA01-04")
        with store._transaction() as db:
            db.execute(
                "UPDATE desk SET last_seen_at = '2026-11-02T01:00:00.000000Z', last_seen_tls = 1"
                " WHERE code = 'HA01-04'"
            )
    finally:
        store.close()

    client, _ = signed_in(hq, seeded["enrol"]["wang.wu"], "wang.wu")
    page = client.get("/console/desks")
    assert page.status_code == 200
    rows = {
        code: page.text.split(f'id="desk-{code}"', 1)[1].split("</tr>", 1)[0]
        for code in ("HA01-02", "HA01-03", "HA01-04")
    }
    assert "超过一个工作日未联系" in rows["HA01-04"] and "TLS" in rows["HA01-04"]
    assert 'class="silent"' in rows["HA01-04"]  # marked in words, and coloured
    assert "超过一个工作日未联系" not in rows["HA01-03"] and "未加密 http" in rows["HA01-03"]
    assert "2026-11-02 09:00 +08:00" in rows["HA01-04"]  # Asia/Shanghai, with the date
    assert "密钥托管释放码" not in page.text  # only a supervisor issues release codes
    assert client.get("/console/desks?page=5").status_code == 400
    assert "营业厅最多 10 个字符" in client.get("/console/desks?hall=" + "H" * 11).text
    listed = client.get("/v1/ops/desks?hall=HA01").json()
    assert [d["desk"] for d in listed["desks"]] == ["HA01-02", "HA01-03", "HA01-04"]
    assert listed["desks"][1]["last_contact_tls"] is False and listed["desks"][1]["last_contact"]
    csrf = field_value(page.text, "csrf")
    assert (
        client.post("/console/desks/HA01-03/release", {"csrf": csrf, "code": "1"}).status_code
        == 403
    )

    boss, app = signed_in(hq, seeded["enrol"]["chen.jing"], "chen.jing")
    page = boss.get("/console/desks")
    assert "签发 HA01-03 的密钥托管释放码" in page.text
    csrf = field_value(page.text, "csrf")
    assert boss.post("/console/desks/HA01-03/release", {"code": "000000"}).status_code == 403
    replay = boss.post("/console/desks/HA01-03/release", {"csrf": csrf, "code": app.used_code()})
    assert replay.status_code == 403 and "动态验证码不对" in replay.text
    issued = boss.post("/console/desks/HA01-03/release", {"csrf": csrf, "code": app.code()})
    assert issued.status_code == 200 and issued.headers["cache-control"] == "no-store"
    token = field_text(issued.text, "token")
    assert token != seeded["desk_token"]
    store = hq.store()
    try:  # the release is on the hall's chain, its actor the supervisor
        released = [e for e in store.events_of("HA01-00") if e["type"] == "escrow.released"]
    finally:
        store.close()
    assert [(e["actor"], e["payload"]["desk"]) for e in released] == [("op:chen.jing", "HA01-03")]
    # the old token stops working, the new one works
    assert httpx.get(hq.url + "/v1/desk", headers=hq.auth(seeded["desk_token"])).status_code == 401
    assert httpx.get(hq.url + "/v1/desk", headers=hq.auth(token)).status_code == 200


def field_text(page: str, element_id: str) -> str:
    marker = f'<code id="{element_id}">'
    assert marker in page, page
    return page.split(marker, 1)[1].split("</code>", 1)[0]
