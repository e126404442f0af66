"""全省指标 in the console (issue 17 item 3) over real HTTP against a running head office, on SQLite
and PostgreSQL: the page (per hall, the province's total, 回复及时率 against 95 % said in words,
hostile hall names as text, the SVG chart drawn by the server), each figure's list (numbers
masked), periods and filters out of range said plainly (page and JSON API), the JSON API, and the
CSV and xlsx exports read back — for directors and auditors only, each writing an audit entry."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from hall_desk.hq.store import HQStore
from tests.hq.console_client import ConsoleClient, enrol, sign_in
from tests.hq.live import LiveHQ
from tests.hq.test_figures_hq import HOSTILE_HALL, prepare, seed_history

PERIOD = "period=custom&from=2026-11-22&to=2026-11-22"


@pytest.fixture
def console(tmp_path: Path, database_url: str) -> Iterator[tuple[LiveHQ, dict[str, Any]]]:
    store = HQStore.open(database_url)
    try:
        prepare(store)
        made: dict[str, Any] = {"complaints": seed_history(store)[0]}
        for name, role in (("zhou.min", "director"), ("wang.wu", "operator"),
                           ("shen.audit", "auditor")):  # fmt: skip
            store.add_operator(name, display_name=name, role=role)
            made[name] = store.start_enrolment(name)
        made["operator_token"] = store.add_operator("api.reader", role="operator")
    finally:
        store.close()
    hq = LiveHQ(tmp_path / "hq", database=database_url).start()
    try:
        yield hq, made
    finally:
        hq.stop()


def signed_in(hq: LiveHQ, made: dict[str, Any], name: str) -> ConsoleClient:
    client = ConsoleClient(hq.url)
    app = enrol(client, made[name])
    assert sign_in(client, name, app).status_code == 303
    return client


def test_the_page_its_lists_and_the_api(console: tuple[LiveHQ, dict[str, Any]]) -> None:
    hq, made = console
    client = signed_in(hq, made, "wang.wu")
    page = client.get(f"/console/metrics?{PERIOD}")
    assert page.status_code == 200, page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    text = page.text
    assert '<a href="/console/metrics">全省指标</a>' in text  # in the nav
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    # at today's clock every open complaint of HA01 is past its deadline: 2 on time of 8
    assert "25.0% <strong>未达标（低于95%）</strong>" in text  # HA01, in words
    assert "100.0% <strong>达标</strong>" in text  # HA02
    assert "全省合计" in text and "33.3% <strong>未达标（低于95%）</strong>" in text
    assert "<svg" in text and "95% 目标" in text and "<rect" in text
    assert "export.csv" not in text  # an operator does not export
    # drill-down: the late ones of HA01, numbers masked
    late = client.get(f"/console/metrics/list?{PERIOD}&figure=late&hall=HA01")
    assert late.status_code == 200 and "超时答复" in late.text and "（6 件）" in late.text
    c = made["complaints"]
    assert all(c[k]["number"] in late.text for k in ("c2", "c3", "c5", "c6", "c7", "c8"))
    assert "13800138000" not in late.text and "138****8000" in late.text
    link = f"/console/metrics/list?{PERIOD}&figure=late&hall=HA01".replace("&", "&amp;")
    assert link in text
    # out of range: plain messages
    for bad, words in (
        ("period=month&month=2026-13", "月份须为"),
        ("period=year&year=1999", "年份须为"),
        ("period=custom&from=2026-11-30&to=2026-11-01", "开始日期不能晚于结束日期"),
        ("period=custom&from=2026-02-30&to=2026-03-01", "开始日期须为日期"),
        ("period=week", "时段须为"),
        (f"{PERIOD}&hall=" + "H" * 11, "营业厅最多"),
    ):
        refused = client.get(f"/console/metrics?{bad}")
        assert refused.status_code == 400 and words in refused.text, bad
    assert client.get(f"/console/metrics/list?{PERIOD}&figure=nope").status_code == 400
    assert client.get(f"/console/metrics/list?{PERIOD}&figure=late&page=9").status_code == 400

    # the JSON API with the session cookie, and with an operator token
    api = client.get(f"/v1/ops/figures?{PERIOD}").json()
    assert api["period"] == {"kind": "custom", "start": "2026-11-22T00:00:00+08:00",
                             "end": "2026-11-23T00:00:00+08:00"}  # fmt: skip
    ha01 = api["halls"][0]
    assert (ha01["hall"], ha01["on_time"], ha01["late"], ha01["meets_target"]) == (
        "HA01", 2, 6, False,
    )  # fmt: skip
    assert api["halls"][1]["name"] == HOSTILE_HALL
    assert api["total"]["accepted"] == 9
    token = ConsoleClient(hq.url)
    bearer = {"authorization": f"Bearer {made['operator_token']}"}
    listed = token.request("GET", f"/v1/ops/figures/list?{PERIOD}&figure=overdue", headers=bearer)
    assert listed.status_code == 200
    assert [r["number"] for r in listed.json()["complaints"]] == [
        c[k]["number"] for k in ("c5", "c6", "c8")
    ]
    assert listed.json()["complaints"][0]["customer"] == "138****8000"
    bad = token.request("GET", "/v1/ops/figures?period=year&year=20x6", headers=bearer)
    assert bad.status_code == 400 and "year must be" in bad.json()["message"]
    assert ConsoleClient(hq.url).get(f"/v1/ops/figures?{PERIOD}").status_code == 401
    # an operator may not export
    assert client.get(f"/console/metrics/export.csv?{PERIOD}").status_code == 403


def test_exports_read_back_and_audited(console: tuple[LiveHQ, dict[str, Any]]) -> None:
    hq, made = console
    director = signed_in(hq, made, "zhou.min")
    page = director.get(f"/console/metrics?{PERIOD}").text
    assert "export.csv" in page and "export.xlsx" in page
    answer = director.get(f"/console/metrics/export.csv?{PERIOD}")
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    heading, ha01, ha02, total = rows
    assert heading[:4] == ["营业厅", "名称", "时段开始", "时段结束"]
    assert ha01[:4] == ["HA01", "人民路营业厅", "2026-11-22T00:00:00+08:00",
                        "2026-11-23T00:00:00+08:00"]  # fmt: skip
    record = dict(zip(heading, ha01, strict=True))
    assert (record["按时答复"], record["超时答复"], record["当前超时"]) == ("2", "6", "3")
    assert record["是否达标"] == "未达标（低于95%）" and record["回复及时率"] == "25.0%"
    assert record["退费 投诉中心主任 待总部审批 金额（元）"] == "450.00"
    assert ha02[1] == HOSTILE_HALL and total[0] == "全省"
    assert record["生成时间"].endswith("+08:00")

    auditor = signed_in(hq, made, "shen.audit")
    book = auditor.get(f"/console/metrics/export.xlsx?{PERIOD}")
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == heading and values[1][0] == "HA01" and values[1][4] == 8
    assert values[3][0] == "全省" and values[3][4] == 9

    store = HQStore.open(hq.database)
    try:
        entries, total_entries = store.audit_page(kind="export")
    finally:
        store.close()
    assert total_entries == 2
    assert {(e.operator, e.detail["format"]) for e in entries} == {
        ("zhou.min", "csv"), ("shen.audit", "xlsx"),
    }  # fmt: skip
    assert all(e.subject == "全省指标" and e.detail["full_values"] is False for e in entries)


def test_refund_figures_drill_down_to_their_refunds_and_each_refund_has_a_page(
    console: tuple[LiveHQ, dict[str, Any]],
) -> None:
    """Issue 17 item 2 (console17b): each refund figure links to the list of those refunds
    (numbers masked); a refund's page shows its amount, level, state, hall, desk, complaint link,
    its events; 显示完整号码 as for complaints (directors yes with a reason, auditors no)."""
    hq, made = console
    director = signed_in(hq, made, "zhou.min")
    page = director.get(f"/console/metrics?{PERIOD}").text
    query = f"{PERIOD}&level=department_head&state=待总部审批&hall=HA01"
    listed = director.get(f"/console/metrics/refunds?{query}")
    assert listed.status_code == 200, listed.text
    assert "（1 笔）" in listed.text and "800.00" in listed.text
    assert "13800138000" not in listed.text and "138****8000" in listed.text
    link = "/console/metrics/refunds?period=custom&amp;from=2026-11-22&amp;to=2026-11-22&amp;level=department_head&amp;state=%E5%BE%85%E6%80%BB%E9%83%A8%E5%AE%A1%E6%89%B9&amp;hall=HA01"
    assert link in page  # the figure links to it
    every = director.get(f"/console/metrics/refunds?{PERIOD}&hall=HA01").text
    assert "（5 笔）" in every
    found = re.search(
        r'<a href="/console/refunds/([0-9a-f-]{36})">(HA01-02-R261122-0003)</a>', listed.text
    )
    assert found, listed.text
    refund_id, number = found.groups()
    detail = director.get(f"/console/refunds/{refund_id}")
    assert detail.status_code == 200, detail.text
    text = detail.text
    assert f"退费 {number}" in text and "800.00 元" in text and "部门负责人" in text
    assert 'id="state">待总部审批<' in text and "HA01 / HA01-02" in text
    assert 'id="complaint-link"' in text and made["complaints"]["c2"]["number"] in text
    assert "138****8000" in text and "13800138000" not in text and 'id="reveal"' in text
    assert 'id="timeline"' in text and "<li" in text
    by_number = director.get(f"/console/refunds/{number}")
    assert by_number.status_code == 200 and f"退费 {number}" in by_number.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', text).group(1)  # type: ignore[union-attr]
    shown = director.post(f"/console/reveal/{refund_id}", {"csrf": csrf, "reason": "回拨客户",
                                                           "back": f"/console/refunds/{refund_id}"})  # fmt: skip
    assert shown.status_code == 200 and "13800138000" in shown.text
    auditor = signed_in(hq, made, "shen.audit")
    masked = auditor.get(f"/console/refunds/{refund_id}").text
    assert 'id="reveal"' not in masked and "只能看到打码后的号码" in masked
    assert director.get("/console/refunds/no-such-refund").status_code == 404
    bad = director.get(f"/console/metrics/refunds?{PERIOD}&level=nobody")
    assert bad.status_code == 400 and "没有这个审批层级" in bad.text
    assert ConsoleClient(hq.url).get(f"/console/refunds/{refund_id}").status_code == 303
