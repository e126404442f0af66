"""The console's header counts, search box and full values (issue 17 items 4 and 5, hdr17), over
real HTTP against a running head office on SQLite and PostgreSQL: the counts JSON agrees with the
queues and changes when a new event arrives; the search finds a complaint, a refund and a desk by
number or code (hostile text shown as text); a search by a full phone number needs an operator (or
a director and above) and a reason, and writes head office's ``identity.viewed``; 显示完整号码 shows
the number once with a reason and writes ``identity.viewed``, refused to auditors with a page that
says so; opening a file needs a reason and writes ``document.viewed``; the full number never
reaches an event or the server's log; a complaint's page shows who else opened it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from hall_desk.domain.clock import utc_iso
from hall_desk.hq.store import DeskIdentity, HQStore
from tests.hq.console_client import HOSTILE, ConsoleClient, enrol, field_value, seed, sign_in
from tests.hq.envelopes import DeskChain, complaint_state
from tests.hq.live import LiveHQ
from tests.hq.test_console_exec import approved_at_hall
from tests.hq.test_console_transferred import seed_transferred, transferred_state

PHONE = "13912345678"  # the customers' full number in seed_transferred
MASKED = "139****5678"
SHANGHAI_TZ = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n% a transfer's signed agreement\n%%EOF\n"


@pytest.fixture
def console(tmp_path: Path, database_url: str) -> Iterator[tuple[LiveHQ, dict[str, Any]]]:
    store = HQStore.open(database_url)
    try:
        made: dict[str, Any] = {"refunds": seed(store), **seed_transferred(store)}
        store.add_operator("shen.audit", display_name="沈审", role="auditor")
        made["enrol"] = store.start_enrolment("wang.wu")
        made["enrol_director"] = store.start_enrolment("zhou.min")
        made["enrol_auditor"] = store.start_enrolment("shen.audit")
        # a desk last heard of ten days ago: silent for more than a working day
        store.add_desk("HA01-04")
        with store._transaction() as db:
            db.execute(
                "UPDATE desk SET last_seen_at = ? WHERE code = 'HA01-04'",
                (utc_iso(datetime.now(UTC) - timedelta(days=10)),),
            )
        desk = DeskIdentity("HA01-03", "HA01", revoked=False)
        made["file"] = hashlib.sha256(PDF).hexdigest()
        store.put_file(desk, made["file"], "application/pdf", PDF)
        store.add_desk("HA01-05")
        made["executable"] = approved_at_hall(store, "HA01-05", 1, "30.00")  # 待执行退费
        made["operator_token"] = store.add_operator("li.wei", role="operator")
        made["auditor_token"] = store.add_operator("qian.audit", role="auditor")
    finally:
        store.close()
    hq = LiveHQ(tmp_path / "hq", database=database_url).start()
    try:
        yield hq, made
    finally:
        hq.stop()


def signed_in(hq: LiveHQ, login: str, token: str) -> ConsoleClient:
    client = ConsoleClient(hq.url)
    assert sign_in(client, login, enrol(client, token)).status_code == 303
    return client


def head_office_events(hq: LiveHQ, kind: str) -> list[dict[str, Any]]:
    store = hq.store()
    try:
        return [e for e in store.events_of("HA01-00") if e["type"] == kind]
    finally:
        store.close()


def test_header_counts_agree_with_the_queues_and_follow_new_events(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, made = console
    client = signed_in(hq, "wang.wu", made["enrol"])
    page = client.get("/console/refunds")
    assert 'id="counts"' in page.text and 'data-refresh-seconds="30"' in page.text
    assert 'id="search"' in page.text and 'action="/console/search"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    counts = client.get("/console/counts.json")
    assert counts.status_code == 200 and counts.headers["cache-control"] == "no-store"
    figures = counts.json()
    transferred = client.get("/v1/ops/transferred-complaints").json()["total"]
    awaiting = client.get("/v1/ops/refunds/awaiting").json()["total"]
    executions = client.get("/v1/ops/refunds/executions").json()["total"]
    assert (figures["transferred"], figures["awaiting"], figures["executions"]) == (
        transferred, awaiting, executions,
    )  # fmt: skip
    assert (transferred, awaiting, executions) == (3, 2, 1)
    assert figures["media_important"] == 1  # the media complaint
    assert figures["near_reply_due"] == 1  # the overdue one
    assert figures["near_regulator_due"] == 0
    assert figures["silent_desks"] == 1 and figures["held"] == 0
    assert figures["refresh"] == 30
    desks = client.get("/console/desks?desk=HA01-04")
    assert "超过一个工作日未联系" in desks.text  # the desks page marks the same desk

    # a complaint transferred to head office arrives: the next read counts it
    store = hq.store()
    try:
        chain = DeskChain("HA01-03", start_seq=11, prev=store.events_of("HA01-03")[-1]["hash"])
        state = {
            **complaint_state("HA01-03", 9), "media": True, "important": True,
            "reply_due": utc_iso(datetime.now(UTC) + timedelta(hours=1)),
            "regulator_due": utc_iso(datetime.now(UTC) + timedelta(days=1)),
        }  # fmt: skip
        desk = DeskIdentity("HA01-03", "HA01", revoked=False)
        events = [chain.next(payload=state), chain.next("complaint.transferred",
                                                        transferred_state(state))]  # fmt: skip
        assert [r.outcome.value for r in store.upload(desk, events).results] == ["stored"] * 2
    finally:
        store.close()
    after = client.get("/console/counts.json").json()
    assert after["transferred"] == 4 and after["media_important"] == 2
    assert after["near_reply_due"] == 2 and after["near_regulator_due"] == 1

    # without a session: 401, no figures
    assert ConsoleClient(hq.url).get("/console/counts.json").status_code == 401


def test_search_by_number_and_desk_masked_and_hostile_text_escaped(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, made = console
    client = signed_in(hq, "wang.wu", made["enrol"])
    csrf = field_value(client.get("/console/refunds").text, "csrf")
    assert client.post("/console/search", {"q": made["later"]["number"]}).status_code == 403
    found = client.post("/console/search", {"csrf": csrf, "q": made["later"]["number"]})
    assert found.status_code == 200
    assert f'id="found-{made["later"]["number"]}"' in found.text
    assert MASKED in found.text and PHONE not in found.text
    refund = made["refunds"]["450.00"]
    by_refund = client.post("/console/search", {"csrf": csrf, "q": refund["number"]})
    assert f'id="found-{refund["number"]}"' in by_refund.text
    by_desk = client.post("/console/search", {"csrf": csrf, "q": "ha01-03"})
    assert "台席 HA01-03" in by_desk.text
    hostile = client.post("/console/search", {"csrf": csrf, "q": HOSTILE[:60]})
    assert hostile.status_code == 200 and 'id="nothing"' in hostile.text
    assert "<script>alert" not in hostile.text and "&lt;script&gt;alert" in hostile.text
    assert client.post("/console/search", {"csrf": csrf, "q": "  "}).status_code == 400
    assert head_office_events(hq, "identity.viewed") == []  # no full value was seen


def test_phone_search_needs_a_working_role_and_a_reason_and_is_recorded(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, made = console
    auditor = signed_in(hq, "shen.audit", made["enrol_auditor"])
    csrf = field_value(auditor.get("/console/refunds").text, "csrf")
    refused = auditor.post("/console/search", {"csrf": csrf, "q": PHONE, "reason": "核查"})
    assert refused.status_code == 403 and "只能看到打码后的号码" in refused.text

    client = signed_in(hq, "wang.wu", made["enrol"])
    csrf = field_value(client.get("/console/refunds").text, "csrf")
    asked = client.post("/console/search", {"csrf": csrf, "q": PHONE})
    assert asked.status_code == 200 and 'id="phone-search"' in asked.text
    assert 'id="found-complaints"' not in asked.text  # nothing found before a reason
    empty = client.post("/console/search", {"csrf": csrf, "q": PHONE, "reason": " "})
    assert empty.status_code == 400 and "请填写查询原因" in empty.text
    assert head_office_events(hq, "identity.viewed") == []
    found = client.post("/console/search", {"csrf": csrf, "q": PHONE, "reason": "客户来电催办"})
    assert found.status_code == 200
    for name in ("later", "overdue", "media"):
        assert f'id="found-{made[name]["number"]}"' in found.text
    assert PHONE not in found.text and MASKED in found.text
    viewed = head_office_events(hq, "identity.viewed")
    assert len(viewed) == 1 and viewed[0]["actor"] == "op:wang.wu"
    payload = viewed[0]["payload"]
    assert payload["reason"] == "客户来电催办" and payload["operator"] == "wang.wu"
    assert MASKED in payload["viewed"] and made["later"]["number"] in payload["viewed"]
    assert payload["viewed_at"].endswith("Z")
    assert PHONE not in str(viewed) and PHONE not in hq.log_text()

    # a number nobody called from: recorded in head office's own audit log
    client.post("/console/search", {"csrf": csrf, "q": "13800000000", "reason": "核对"})
    store = hq.store()
    try:
        entries, _total = store.audit_page(kind="identity.viewed")
    finally:
        store.close()
    assert [(e.operator, e.detail["reason"]) for e in entries] == [("wang.wu", "核对")]


def test_full_number_shown_once_with_a_reason_and_refused_to_auditors(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, made = console
    later = made["later"]
    client = signed_in(hq, "wang.wu", made["enrol"])
    page = client.get(f"/console/transferred/{later['id']}")
    assert 'id="reveal"' in page.text and PHONE not in page.text
    csrf = field_value(page.text, "csrf")
    assert client.post(f"/console/reveal/{later['id']}", {"reason": "回访"}).status_code == 403
    no_reason = client.post(f"/console/reveal/{later['id']}", {"csrf": csrf, "reason": ""})
    assert no_reason.status_code == 400 and "请填写原因" in no_reason.text
    shown = client.post(f"/console/reveal/{later['id']}", {"csrf": csrf, "reason": "电话回访客户"})
    assert shown.status_code == 200 and PHONE in shown.text
    assert shown.headers["cache-control"] == "no-store"
    refund = made["refunds"]["450.00"]
    for_refund = client.post(
        f"/console/reveal/{refund['number']}", {"csrf": csrf, "reason": "执行退费核对账户"}
    )
    assert for_refund.status_code == 200 and refund["number"] in for_refund.text
    # on a 待执行退费 row: the phone account the refund is paid to
    executable = made["executable"]
    rows = client.get("/console/executions")
    assert f'id="reveal-{executable["number"]}"' in rows.text
    assert executable["phone"] not in rows.text
    paid_to = client.post(f"/console/reveal/{executable['id']}", {
        "csrf": csrf, "reason": "执行退费", "back": "/console/executions",
    })  # fmt: skip
    assert paid_to.status_code == 200 and executable["phone"] in paid_to.text
    assert 'href="/console/executions"' in paid_to.text
    viewed = head_office_events(hq, "identity.viewed")
    assert [e["payload"]["reason"] for e in viewed] == [
        "电话回访客户",
        "执行退费核对账户",
        "执行退费",
    ]
    assert later["number"] in viewed[0]["payload"]["viewed"]
    assert PHONE not in str(viewed) and PHONE not in hq.log_text()

    auditor = signed_in(hq, "shen.audit", made["enrol_auditor"])
    page = auditor.get(f"/console/transferred/{later['id']}")
    assert 'id="reveal"' not in page.text and "只能看到打码后的号码" in page.text
    refused = auditor.post(
        f"/console/reveal/{later['id']}",
        {"csrf": field_value(page.text, "csrf"), "reason": "审计抽查"},
    )
    assert refused.status_code == 403 and "只能看到打码后的号码" in refused.text
    assert PHONE not in refused.text
    assert len(head_office_events(hq, "identity.viewed")) == 3
    assert executable["phone"] not in hq.log_text()


def test_opening_a_file_needs_a_reason_and_writes_document_viewed(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, made = console
    path = f"/v1/ops/files/{made['file']}"
    token = hq.auth(made["operator_token"])
    refused = httpx.get(hq.url + path, headers=token, timeout=10)
    assert refused.status_code == 400 and refused.json()["error"] == "identity.reason_required"
    assert "reason" in refused.json()["message"]
    auditor = httpx.get(hq.url + path + "?reason=x", headers=hq.auth(made["auditor_token"]))
    assert auditor.status_code == 403
    fetched = httpx.get(hq.url + path, params={"reason": "核对过户协议"}, headers=token, timeout=10)
    assert fetched.status_code == 200 and fetched.content == PDF
    by_header = httpx.get(
        hq.url + path, headers={**token, "X-Reason": "%E5%A4%8D%E6%A0%B8"}, timeout=10
    )
    assert by_header.status_code == 200

    client = signed_in(hq, "wang.wu", made["enrol"])
    assert client.get(f"/console/files/{made['file']}").status_code == 400
    opened = client.get(f"/console/files/{made['file']}?reason=客户投诉核实")
    assert opened.status_code == 200 and opened.content == PDF
    viewed = head_office_events(hq, "document.viewed")
    assert [(e["actor"], e["payload"]["reason"]) for e in viewed] == [
        ("op:li.wei", "核对过户协议"), ("op:li.wei", "复核"), ("op:wang.wu", "客户投诉核实"),
    ]  # fmt: skip
    assert all(made["file"] in e["payload"]["viewed"] for e in viewed)


def test_a_complaint_page_shows_who_else_opened_it(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, made = console
    later = made["later"]
    wang = signed_in(hq, "wang.wu", made["enrol"])
    first = wang.get(f"/console/transferred/{later['id']}")
    assert "打开（15 分钟内）" not in first.text  # nobody else yet
    zhou = signed_in(hq, "zhou.min", made["enrol_director"])
    seen = zhou.get(f"/console/transferred/{later['id']}")
    assert "王五 于 " in seen.text and "打开（15 分钟内）" in seen.text
    again = wang.get(f"/console/transferred/{later['id']}")
    assert "周敏 于 " in again.text and "王五 于 " not in again.text


def test_an_operators_phone_search_finds_only_their_queues_items(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    """Issue 17 item 4 (console17b): an operator searches by a full number only the complaints of
    head office's queues; a number whose complaints are all elsewhere is refused with a message
    (and audited); a director finds every complaint."""
    hq, made = console
    other = "13700001111"
    store = hq.store()
    try:
        store.add_desk("HA01-06")
        desk = DeskIdentity("HA01-06", "HA01", revoked=False)
        chain = DeskChain("HA01-06")
        state = {**complaint_state("HA01-06", 1), "phone": other}  # open at the hall, no refund
        assert [
            r.outcome.value for r in store.upload(desk, [chain.next(payload=state)]).results
        ] == ["stored"]
    finally:
        store.close()
    operator = signed_in(hq, "wang.wu", made["enrol"])
    csrf = field_value(operator.get("/console/refunds").text, "csrf")
    refused = operator.post("/console/search", {"csrf": csrf, "q": other, "reason": "客户来电"})
    assert refused.status_code == 403 and "不在您的队列中" in refused.text
    assert state["number"] not in refused.text
    # the queues' complaints: found (a transferred one; one with a refund waiting for head office)
    queued = operator.post("/console/search", {"csrf": csrf, "q": PHONE, "reason": "客户来电"})
    assert queued.status_code == 200 and f'id="found-{made["later"]["number"]}"' in queued.text
    waiting = operator.post(
        "/console/search", {"csrf": csrf, "q": "13800138000", "reason": "客户来电"}
    )
    assert waiting.status_code == 200
    assert f'id="found-{made["refunds"]["450.00"]["complaint"]}"' in waiting.text
    director = signed_in(hq, "zhou.min", made["enrol_director"])
    csrf = field_value(director.get("/console/refunds").text, "csrf")
    everything = director.post("/console/search", {"csrf": csrf, "q": other, "reason": "核查"})
    assert everything.status_code == 200 and f'id="found-{state["number"]}"' in everything.text
    store = hq.store()
    try:
        entries, _total = store.audit_page(kind="identity.viewed")
    finally:
        store.close()
    assert [(e.operator, e.detail["reason"]) for e in entries] == [("wang.wu", "客户来电")]
    assert "outside the operator's queues" in entries[0].detail["viewed"]
    assert other not in str(entries[0].detail)
    # 显示完整号码 on an item: an operator on their queues' items only, a director on any
    csrf = field_value(operator.get("/console/refunds").text, "csrf")
    outside = operator.post(f"/console/reveal/{state['number']}", {"csrf": csrf, "reason": "回拨"})
    assert outside.status_code == 403 and "不在您的队列中" in outside.text
    assert "显示完整号码" in outside.text and other not in outside.text
    inside = operator.post(
        f"/console/reveal/{made['later']['id']}", {"csrf": csrf, "reason": "回拨"}
    )
    assert inside.status_code == 200 and PHONE in inside.text
    csrf = field_value(director.get("/console/refunds").text, "csrf")
    shown = director.post(f"/console/reveal/{state['number']}", {"csrf": csrf, "reason": "核查"})
    assert shown.status_code == 200 and other in shown.text
    store = hq.store()
    try:
        entries, _total = store.audit_page(kind="identity.viewed")
    finally:
        store.close()
    refusals = [e for e in entries if "refused" in e.detail["viewed"]]
    assert [(e.operator, e.subject) for e in refusals if "full number" in e.detail["viewed"]] == [
        ("wang.wu", state["number"])
    ]


def test_silent_desks_in_the_header_follow_the_halls_own_calendar(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    """Issue 17 item 5 (console17b): the header's silent desks count by each hall's published
    calendar — HA01-04, last heard of ten days ago, is not silent once HA01's policy makes every
    day since then a holiday — as 营业厅与台席 marks them."""
    hq, made = console
    client = signed_in(hq, "wang.wu", made["enrol"])
    assert client.get("/console/counts.json").json()["silent_desks"] == 1
    today = datetime.now(SHANGHAI_TZ).date()
    days = [today + timedelta(days=n) for n in range(-14, 3)]
    published = {
        "years": sorted({d.year for d in days}),
        "holidays": [d.isoformat() for d in days],
        "workdays": [],
    }
    store = hq.store()
    try:
        store.set_policy({"version": 2, "calendar": published}, store.operator("wang.wu"),
                         hall="HA01")  # fmt: skip
    finally:
        store.close()
    assert client.get("/console/counts.json").json()["silent_desks"] == 0
    assert 'id="desk-HA01-04" class="silent"' not in client.get("/console/desks?desk=HA01-04").text
