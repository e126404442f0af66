"""转总部投诉 in the console (issue 17) over real HTTP against a running head office, on SQLite and
PostgreSQL: the queue (media first, then overdue first; flags as text; phone numbers masked;
hostile complaint text shown as text), its JSON API (paged, filtered, out of range said plainly),
the complaint's page with its timeline, and the actions — a form without its CSRF token is 403, a
reply on a complaint changed since the page was opened is refused naming who changed it, a
progress note, a reply and a hand-back each leave head office's chain as their event."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hall_desk.domain.clock import utc_iso
from hall_desk.hq.store import DeskIdentity, HQStore
from tests.hq.console_client import HOSTILE, ConsoleClient, enrol, field_value, seed, sign_in
from tests.hq.envelopes import DeskChain, complaint_state, seed_staff
from tests.hq.live import LiveHQ
from tests.hq.test_late_replies_hq import confirmation, late_state

D3 = DeskIdentity("HA01-03", "HA01", revoked=False)


def seed_transferred(store: HQStore) -> dict[str, dict[str, Any]]:
    """On desk HA01-03: a complaint due in 3 days, one overdue, one media complaint due in 4 days,
    each transferred to head office; their description hostile HTML."""
    store.add_desk("HA01-03")
    chain = DeskChain("HA01-03")
    now = datetime.now(UTC)
    made: dict[str, dict[str, Any]] = {}
    events = []
    for n, (name, due, media) in enumerate(
        [("later", now + timedelta(days=3), False), ("overdue", now - timedelta(hours=3), False),
         ("media", now + timedelta(days=4), True)],
        start=1,
    ):  # fmt: skip
        state = {**complaint_state("HA01-03", n), "reply_due": utc_iso(due), "media": media,
                 "important": media, "phone": "13912345678", "description": HOSTILE,
                 "regulator_due": utc_iso(now + timedelta(days=10))}  # fmt: skip
        record = {"id": f"t-{n}", "to_kind": "head_office", "to_no": "", "to_name": "总部",
                  "note": HOSTILE, "staff_no": "3001", "staff_name": "张三"}  # fmt: skip
        moved = {**state, "state": "已转派", "handler_kind": "head_office", "handler_no": "",
                 "handler_name": "总部", "record": record}  # fmt: skip
        events += [chain.next(payload=state), chain.next("complaint.transferred", moved)]
        made[name] = state
    assert [r.outcome.value for r in store.upload(D3, events).results] == ["stored"] * 6
    # a fourth, answered late at the desk (补录) and its stated time confirmed by the store manager
    seed_staff(store, staff_no="3002", role="营业员")
    created = complaint_state("HA01-03", 4)
    state = transferred_state(created)
    fourth = [
        chain.next(payload=created),
        chain.next("complaint.transferred", state),
        chain.next(
            "complaint.replied_to_customer", {**late_state(state, "补录"), "record": {}},
            actor="3002",
        ),
        chain.next("complaint.late_reply_confirmed", confirmation(state, "3002")),
    ]  # fmt: skip
    assert [r.outcome.value for r in store.upload(D3, fourth).results] == ["stored"] * 4
    made["late"] = state
    return made


def transferred_state(state: dict[str, Any]) -> dict[str, Any]:
    record = {"id": "t-4", "to_kind": "head_office", "to_no": "", "to_name": "总部",
              "note": "转总部", "staff_no": "3001", "staff_name": "张三"}  # fmt: skip
    return {**state, "state": "已转派", "handler_kind": "head_office", "handler_no": "",
            "handler_name": "总部", "record": record}  # fmt: skip


@pytest.fixture
def console(tmp_path: Path, database_url: str) -> Iterator[tuple[LiveHQ, dict[str, Any]]]:
    store = HQStore.open(database_url)
    try:
        seed(store)
        made: dict[str, Any] = seed_transferred(store)
        made["enrol"] = store.start_enrolment("wang.wu")
        store.add_operator("shen.audit", display_name="沈审", role="auditor")
        made["enrol_auditor"] = store.start_enrolment("shen.audit")
    finally:
        store.close()
    hq = LiveHQ(tmp_path / "hq", database=database_url).start()
    try:
        yield hq, made
    finally:
        hq.stop()


def numbers_in_order(page: str) -> list[str]:
    return re.findall(r'<tr id="complaint-([^"]+)"', page)


def test_the_queue_its_api_and_working_a_complaint(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, made = console
    client = ConsoleClient(hq.url)
    app = enrol(client, made["enrol"])
    assert sign_in(client, "wang.wu", app).status_code == 303
    queue = client.get("/console/transferred")
    assert queue.status_code == 200
    assert "frame-ancestors 'none'" in queue.headers["content-security-policy"]
    order = [made["media"]["number"], made["overdue"]["number"], made["later"]["number"]]
    assert numbers_in_order(queue.text) == order  # media on top, then overdue first
    assert "（已超时）" in queue.text and "媒体 重要" in queue.text
    assert "13912345678" not in queue.text and "139****5678" in queue.text
    assert '<a href="/console/transferred">转总部投诉</a>' in queue.text  # in the nav

    # filters, paging and out-of-range values, on the page and in the JSON API
    only = client.get("/console/transferred?overdue=1")
    assert numbers_in_order(only.text) == [made["overdue"]["number"]]
    assert client.get("/console/transferred?page=0").status_code == 400
    api = client.get("/v1/ops/transferred-complaints?per_page=2&page=2").json()
    assert api["total"] == 3 and [c["number"] for c in api["complaints"]] == order[2:]
    assert api["complaints"][0]["customer"] == "139****5678"
    assert client.get("/v1/ops/transferred-complaints?overdue=perhaps").status_code == 400
    filtered = client.get(f"/v1/ops/transferred-complaints?number={order[1]}").json()
    assert [c["flags"] for c in filtered["complaints"]] == ["超时"]

    # the complaint's page: its timeline, hostile text as text, numbers masked
    later = made["later"]
    page = client.get(f"/console/transferred/{later['id']}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert" in page.text
    assert "13912345678" not in page.text
    assert "受理" in page.text and "转派" in page.text  # the desks' wording
    detail = client.get(f"/v1/ops/transferred-complaints/{later['number']}").json()["complaint"]
    assert [s["type"] for s in detail["timeline"]] == ["complaint.created", "complaint.transferred"]
    opened = field_value(page.text, "version")
    csrf = field_value(page.text, "csrf")

    # no CSRF token: 403, nothing written
    refused = client.post(f"/console/transferred/{later['id']}/progress",
                          {"version": opened, "text": "已转计费中心核查"})  # fmt: skip
    assert refused.status_code == 403
    # a progress note (a promised time at 23:30 moves to 08:00)
    noted = client.post(f"/console/transferred/{later['id']}/progress", {
        "csrf": csrf, "version": opened, "text": "已转计费中心核查",
        "promised_at": "2026-12-08T23:30",
    })  # fmt: skip
    assert noted.status_code == 303, noted.text
    # the reply carries the version the page was opened at: refused, naming who changed it
    stale = client.post(f"/console/transferred/{later['id']}/reply",
                        {"csrf": csrf, "version": opened, "text": "已退还多扣话费"})  # fmt: skip
    assert stale.status_code == 409
    assert "王五" in stale.text and "总部进展说明" in stale.text
    again = client.get(f"/console/transferred/{later['id']}")
    assert "总部进展说明" in again.text and "2026-12-09 08:00 +08:00" in again.text
    replied = client.post(f"/console/transferred/{later['id']}/reply", {
        "csrf": csrf, "version": field_value(again.text, "version"), "text": "已退还多扣话费",
        "method": "短信",
    })  # fmt: skip
    assert replied.status_code == 303 and replied.headers["location"].startswith(
        "/console/transferred?"
    )
    # hand the overdue one back to the hall
    overdue = made["overdue"]
    back_page = client.get(f"/console/transferred/{overdue['id']}")
    back = client.post(f"/console/transferred/{overdue['id']}/return", {
        "csrf": csrf, "version": field_value(back_page.text, "version"),
        "note": "请营业厅上门核实后答复",
    })  # fmt: skip
    assert back.status_code == 303
    assert numbers_in_order(client.get("/console/transferred").text) == [made["media"]["number"]]
    store = hq.store()
    try:
        written = [
            (e["type"], e["actor"]) for e in store.events_of("HA01-00")
            if e["type"].startswith("complaint.")
        ]  # fmt: skip
    finally:
        store.close()
    assert written == [
        ("complaint.progress", "op:wang.wu"),
        ("complaint.replied", "op:wang.wu"),
        ("complaint.returned", "op:wang.wu"),
    ]


def test_the_api_needs_a_session_or_a_token(console: tuple[LiveHQ, dict[str, Any]]) -> None:
    hq, made = console
    client = ConsoleClient(hq.url)
    assert client.get("/v1/ops/transferred-complaints").status_code == 401
    assert client.get(f"/v1/ops/transferred-complaints/{made['later']['id']}").status_code == 401
    assert client.get("/console/transferred").status_code == 303  # to sign-in


def test_an_auditor_reads_and_an_operator_accepts_a_confirmed_late_reply(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    hq, made = console
    late = made["late"]
    auditor = ConsoleClient(hq.url)
    assert sign_in(auditor, "shen.audit", enrol(auditor, made["enrol_auditor"])).status_code == 303
    page = auditor.get(f"/console/transferred/{late['id']}")
    assert page.status_code == 200 and 'id="accept-late"' in page.text
    assert "补录" in page.text and "店长已确认" in page.text
    form = {"csrf": field_value(page.text, "csrf"), "version": field_value(page.text, "version")}
    refused = auditor.post(f"/console/transferred/{late['id']}/accept-late", {**form, "note": "看"})
    assert refused.status_code == 409 and "operator.read_only" in refused.text
    reply = auditor.post(f"/console/transferred/{late['id']}/reply", {**form, "text": "答复"})
    assert reply.status_code == 409 and "operator.not_working" in reply.text

    operator = ConsoleClient(hq.url)
    assert sign_in(operator, "wang.wu", enrol(operator, made["enrol"])).status_code == 303
    page = operator.get(f"/console/transferred/{late['id']}")
    form = {"csrf": field_value(page.text, "csrf"), "version": field_value(page.text, "version")}
    no_csrf = operator.post(f"/console/transferred/{late['id']}/accept-late",
                            {"version": form["version"], "note": "核对无误"})  # fmt: skip
    assert no_csrf.status_code == 403
    accepted = operator.post(
        f"/console/transferred/{late['id']}/accept-late", {**form, "note": "核对短信平台记录无误"}
    )
    assert accepted.status_code == 303, accepted.text
    after = operator.get(f"/console/transferred/{late['id']}")
    assert "总部已认可" in after.text and 'id="accept-late"' not in after.text
    assert "总部认可补录时间" in after.text  # head office's step in the timeline
