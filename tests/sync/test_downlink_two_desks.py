"""The hall stays whole (issue 4): two desks of hall HA01 and one head office, each a real process.

Head office is ``hall-desk-hq serve`` (``LiveHQ``); each desk is its own data directory and file
keyring, driven by ``python -m tests.sync.desk_driver`` (the services, as the UI calls them) and the
real command line (``python -m hall_desk register`` / ``sync-now``); operators act through
``python -m hall_desk.hq.cli reply`` / ``set-policy`` / ``disable-staff``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from hall_desk.domain.clock import parse_utc_iso
from hall_desk.domain.deadlines import reply_deadline
from hall_desk.domain.policy import DEFAULT_POLICY, Tier
from tests.hq.acting import operator_token
from tests.hq.live import LiveHQ
from tests.sync.cli_helpers import REPO, desk_env, hall_desk

HALL = "HA01"


class Desk:
    def __init__(self, root: Path, number: int, manager: str) -> None:
        self.code = f"{HALL}-{number:02d}"
        self.number = number
        self.data_dir = root / f"desk{number}"
        self.keyring = root / f"keyring{number}.json"
        self.manager = manager
        self.password = f"pass-{manager}"

    def drive(self, *args: str, ok: bool = True) -> dict[str, Any]:
        result = subprocess.run(
            [sys.executable, "-m", "tests.sync.desk_driver", str(self.data_dir), *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO,
            env=desk_env(self.keyring),
        )
        if ok:
            assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def as_manager(self, command: str, *args: str) -> dict[str, Any]:
        return self.drive(command, self.manager, self.password, *args)

    def show(self) -> dict[str, Any]:
        return self.as_manager("show")

    def sync(self) -> str:
        result = hall_desk(self.data_dir, self.keyring, "sync-now")
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout


def hq_command(hq: LiveHQ, *args: str) -> str:
    """An acting command of head office's operator ``ops`` (its token on standard input)."""
    result = subprocess.run(
        [sys.executable, "-m", "hall_desk.hq.cli", *args, "--database", hq.database],
        input=operator_token(hq.database, "ops") + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def pulled_line(output: str) -> dict[str, int]:
    line = next(x for x in output.splitlines() if x.startswith("pulled "))
    parts = [p.strip().split(" ") for p in line.split(",")]
    return {p[-2] if len(p) > 2 else p[0]: int(p[-1]) for p in parts if p[-1].isdigit()}


@pytest.fixture
def two_desks(tmp_path: Path, live_hq: LiveHQ) -> tuple[Desk, Desk, LiveHQ]:
    live_hq.add_hall(HALL, "人民路营业厅")
    desks = (Desk(tmp_path, 1, "1001"), Desk(tmp_path, 2, "1002"))
    for desk in desks:
        desk.drive("setup", HALL, str(desk.number), desk.manager, desk.password)
        token = live_hq.add_desk(desk.code)
        result = hall_desk(
            desk.data_dir,
            desk.keyring,
            "register",
            "--hq",
            live_hq.url,
            "--desk",
            desk.code,
            stdin=token + "\n",
        )
        assert result.returncode == 0, result.stderr
    live_hq.add_operator("ops")
    return desks[0], desks[1], live_hq


def test_the_hall_stays_whole_across_two_desks_and_head_office(
    two_desks: tuple[Desk, Desk, LiveHQ], tmp_path: Path
) -> None:
    desk1, desk2, hq = two_desks

    # A complaint recorded at desk 1 appears at desk 2 after a sync.
    first = desk1.as_manager("record", "13812345678", "电信资费", "资费争议/乱收费")
    assert first["repeat"] is False
    desk1.sync()
    out = desk2.sync()
    counts = pulled_line(out)
    assert counts["applied"] >= 1 and counts["letters"] == 0, out
    seen = desk2.show()
    assert first["number"] in seen["complaints"]
    assert seen["complaints"][first["number"]]["desk"] == desk1.code
    assert first["number"] in seen["open"]
    assert seen["fresh"] is True and seen["dead_letters"] == []

    # The same customer about the same problem at the other counter is a repeat (重复投诉).
    second = desk2.as_manager("record", "13812345678", "电信资费", "资费争议/乱收费")
    assert second["repeat"] is True and second["repeat_of"] == [first["number"]]

    # A staff account made at desk 2 can sign in at desk 1.
    desk2.as_manager("add-staff", "3005", "孙五", "营业员", "clerk-3005")
    assert desk1.drive("sign-in", "3005", "clerk-3005", ok=False) == {
        "error": "auth.wrong_credentials"
    }
    desk2.sync()
    desk1.sync()
    assert desk1.drive("sign-in", "3005", "clerk-3005")["role"] == "营业员"
    # ... and a change made at desk 1 reaches desk 2 through head office's order.
    desk1.as_manager("change-staff", "3005", json.dumps({"name": "孙伍"}))
    desk1.sync()
    desk2.sync()
    assert desk2.show()["staff"]["3005"]["name"] == "孙伍"
    # A head-office reply and a policy change reach both desks.
    hq_command(hq, "reply", first["number"], "--text", "经核查已退还多扣话费12元。")
    policy = tmp_path / "policy.json"
    policy.write_text(
        json.dumps({"version": 2, "tier_reply_hours": {"普通": 24}}), encoding="utf-8"
    )
    hq_command(hq, "set-policy", str(policy))
    for desk in (desk1, desk2):
        out = desk.sync()
        assert "new policy in force" in out, out
        seen = desk.show()
        answered = seen["complaints"][first["number"]]
        assert answered["state"] == "已答复"
        assert answered["replies"] == ["经核查已退还多扣话费12元。"]
        assert first["number"] not in seen["open"]
        assert seen["policy_version"] == 2
        assert seen["dead_letters"] == []
    # What is accepted after the policy arrived gets its deadlines; what was accepted keeps its own.
    later = desk1.as_manager("record", "13900001111", "电信服务", "服务态度")
    seen = desk1.show()
    v2 = replace(
        DEFAULT_POLICY,
        version=2,
        tier_reply_hours={**DEFAULT_POLICY.tier_reply_hours, Tier.ORDINARY: 24},
    )
    for number, policy_then in ((first["number"], DEFAULT_POLICY), (later["number"], v2)):
        row = seen["complaints"][number]
        expected = reply_deadline(
            parse_utc_iso(row["accepted_at"]), Tier.ORDINARY, None, policy_then
        )
        assert parse_utc_iso(row["reply_due"]) == expected.reply_due, number
    assert (
        desk2.show()["complaints"][first["number"]]["reply_due"]
        == seen["complaints"][first["number"]]["reply_due"]
    )

    # Once both hold everything, another sync pulls nothing new and changes nothing.
    desk1.sync()
    desk2.sync()
    before = (desk1.show(), desk2.show())
    assert before[0]["complaints"].keys() == before[1]["complaints"].keys()
    for desk in (desk1, desk2):
        counts = pulled_line(desk.sync())
        assert counts["applied"] == 0 and counts["letters"] == 0
    assert (desk1.show(), desk2.show()) == before

    # Head office holds each desk's chain whole, and nothing pulled was ever uploaded again.
    status = hq.status()
    for desk in (desk1, desk2):
        assert status[desk.code]["chain_state"] == "intact"
        assert status[desk.code]["quarantined"] == 0


def test_head_office_disables_an_account_at_every_desk(
    two_desks: tuple[Desk, Desk, LiveHQ],
) -> None:
    desk1, desk2, hq = two_desks
    desk2.as_manager("add-staff", "3005", "孙五", "营业员", "clerk-3005")
    desk2.sync()
    desk1.sync()
    assert desk1.drive("sign-in", "3005", "clerk-3005")["role"] == "营业员"
    hq_command(hq, "disable-staff", HALL, "3005")
    desk1.sync()
    desk2.sync()
    for desk in (desk1, desk2):
        assert desk.drive("sign-in", "3005", "clerk-3005", ok=False) == {"error": "auth.disabled"}
        assert desk.show()["staff"]["3005"]["active"] is False


def test_a_desk_killed_between_receiving_and_applying_a_page_loses_and_doubles_nothing(
    two_desks: tuple[Desk, Desk, LiveHQ],
) -> None:
    desk1, desk2, _ = two_desks
    numbers = [
        desk1.as_manager("record", f"1381234{n:04d}", "电信服务", "服务态度")["number"]
        for n in range(3)
    ]
    desk1.sync()
    killed = hall_desk(
        desk2.data_dir, desk2.keyring, "sync-now", HALL_DESK_FAULT="after-pull-received"
    )
    assert killed.returncode == -9, killed.stdout + killed.stderr
    assert not set(numbers) & set(desk2.show()["complaints"])
    counts = pulled_line(desk2.sync())
    assert counts["applied"] >= 3 and counts["letters"] == 0
    seen = desk2.show()
    assert set(numbers) <= set(seen["complaints"]) and seen["dead_letters"] == []
    assert pulled_line(desk2.sync())["applied"] == 0


def test_the_same_page_from_head_office_applied_twice_changes_nothing(
    registered: str, hall: dict[str, Any], ctx: Any, hq: LiveHQ
) -> None:
    import httpx

    from hall_desk.services import sync
    from hall_desk.storage.db import database
    from hall_desk.sync import downlink
    from hall_desk.sync.transport import HQClient
    from tests.sync.downlink_events import OTHER_DESK, complaint, other_desk

    # Head office knows the hall's staff (3001 records the complaints below) from this desk's
    # events, and this desk has pulled their re-publication: the page below is the other desk's.
    assert sync.sync_now(ctx).error is None
    start = downlink.pull_cursor()
    token = hq.add_desk(OTHER_DESK)
    chain = other_desk()
    events = [chain.next("complaint.created", complaint(OTHER_DESK, n)) for n in range(1, 8)]
    response = httpx.post(
        hq.url + "/v1/events",
        headers=hq.auth(token),
        json={"protocol": 1, "desk": OTHER_DESK, "events": events},
    )
    assert response.status_code == 200
    assert {r["outcome"] for r in response.json()["results"]} == {"stored"}
    with HQClient(hq.url, registered, clock=ctx.clock) as client:
        reply = client.pull(start, 500)
    assert [e["id"] for e in reply.events] == [e["id"] for e in events] and not reply.more

    def tables() -> list[Any]:
        return [
            database.execute_sql(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("event", "complaint", "pull_dead_letter", "sync_state")
        ]

    first = downlink.apply_page(
        reply.events, hall=HALL, desk="HA01-02", after=start, cursor=reply.cursor,
        at=ctx.clock.now(),
    )  # fmt: skip
    assert first.applied == 7
    before = tables()
    second = downlink.apply_page(
        reply.events, hall=HALL, desk="HA01-02", after=start, cursor=reply.cursor,
        at=ctx.clock.now(),
    )  # fmt: skip
    assert (second.duplicate, second.applied, second.dead) == (7, 0, 0)
    assert tables() == before
