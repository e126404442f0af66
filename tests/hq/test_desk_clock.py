"""A desk's clock offset at head office (issue 17 item 6, console17b), over real HTTP against a
running head office on SQLite and PostgreSQL: the desk's sync client sends its clock and its
previous round trip with each upload; head office records the offset (± half the round trip) and
营业厅与台席 shows it instead of 总部未记录, and a refund's page shows it beside the desk's times;
an older desk's upload without them is still accepted (and shows 台席未报告); malformed clock
fields are ignored (the batch is never refused for them). The protocol's arithmetic on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from hall_desk.sync.protocol import ClockReport, ProtocolError, parse_clock_report, upload_request
from hall_desk.sync.transport import HQClient
from tests.hq.live import LiveHQ
from tests.hq.test_console_exec import console, signed_in  # noqa: F401  (the fixture)

AHEAD = timedelta(seconds=90)


class AheadClock:
    """A desk clock 90 s ahead of head office's (the same machine's clock plus 90 s)."""

    def now(self) -> datetime:
        return datetime.now(UTC) + AHEAD


def test_the_clock_report_is_optional_checked_and_bounded_by_half_the_round_trip() -> None:
    assert parse_clock_report(upload_request("HA01-02", [])) is None  # an older desk
    body = upload_request("HA01-02", [], sent_at="2026-12-07T02:00:10.000000Z", round_trip_ms=400)
    report = parse_clock_report(body)
    assert report == ClockReport(datetime(2026, 12, 7, 2, 0, 10, tzinfo=UTC), 400)
    received = datetime(2026, 12, 7, 2, 0, 0, 100000, tzinfo=UTC)  # 0.1 s after the desk's 0
    # sent 10 s "after" it arrived by the desk's clock; the trip took 0…0.4 s: 10.1 s ± 0.2 s
    assert report.offset(received) == (10_100, 200)
    assert ClockReport(report.sent_at, None).offset(received) == (9_900, None)
    for bad in (
        {"sent_at": "yesterday"},
        {"sent_at": "2026-12-07T02:00:10+08:00"},
        {"sent_at": "2026-12-07T02:00:10Z", "round_trip_ms": -1},
        {"sent_at": "2026-12-07T02:00:10Z", "round_trip_ms": True},
        {"round_trip_ms": 5},
    ):
        with pytest.raises(ProtocolError):
            parse_clock_report({**upload_request("HA01-02", []), **bad})


def test_a_desks_clock_offset_is_recorded_and_shown(
    console: tuple[LiveHQ, dict[str, Any]],  # noqa: F811
) -> None:
    hq, seeded = console
    token = seeded["desk_token"]  # HA01-03
    old = httpx.post(
        hq.url + "/v1/events", json=upload_request("HA01-03", []), headers=hq.auth(token),
        timeout=30,
    )  # fmt: skip
    assert old.status_code == 200  # an older desk's upload: no clock, still accepted
    for bad in ({"sent_at": "yesterday"}, {"round_trip_ms": 5}):  # ignored, never refused
        ignored = httpx.post(
            hq.url + "/v1/events", json={**upload_request("HA01-03", []), **bad},
            headers=hq.auth(token), timeout=30,
        )  # fmt: skip
        assert ignored.status_code == 200
    client, _ = signed_in(hq, seeded["enrol"]["wang.wu"], "wang.wu")
    page = client.get("/console/desks").text
    assert "台席未报告" in page.split('id="desk-HA01-03"', 1)[1].split("</tr>", 1)[0]
    with HQClient(hq.url, token, clock=AheadClock()) as desk:
        desk.pull(0)  # an exchange: the desk knows its round trip
        assert desk.last_round_trip is not None
        desk.upload("HA01-03", [])
    page = client.get("/console/desks").text
    row = page.split('id="desk-HA01-03"', 1)[1].split("</tr>", 1)[0]
    assert "台席时钟快 " in row and " 秒（±" in row and "台席于 " in row
    store = hq.store()
    try:
        recorded = store.desk_clocks(["HA01-03", "HA01-02"])
    finally:
        store.close()
    assert set(recorded) == {"HA01-03"}
    clock = recorded["HA01-03"]
    assert clock.bound_ms is not None and 0 <= clock.bound_ms < 30_000
    assert abs(clock.offset_ms - 90_000) <= clock.bound_ms + 2_000  # 90 s, within the bound
    other = page.split('id="desk-HA01-02"', 1)[1].split("</tr>", 1)[0]
    assert "台席未报告" in other
    # the JSON twin (GET /v1/ops/desks, in openapi.json)
    listed = {d["desk"]: d["clock"] for d in client.get("/v1/ops/desks").json()["desks"]}
    assert listed["HA01-02"] is None
    assert listed["HA01-03"] == {
        "offset_ms": clock.offset_ms, "bound_ms": clock.bound_ms, "at": clock.at,
    }  # fmt: skip
    # beside the desk's times on a refund's page
    refund = client.get(f"/console/refunds/{seeded['hall']['id']}").text
    assert "（台席时间，台席时钟快 " in refund
    # and beside the desk on the queue lists (待执行退费: this desk's approved refund)
    row = client.get("/console/executions").text.split("HA01 / HA01-03", 1)[1].split("</td>")[0]
    assert '<small class="clock">台席时钟快 ' in row
    assert "台席时钟" not in client.get("/console/refunds").text  # HA01-02's: none reported
