"""常用投诉模板 travel (issue 23): head office's default set in the policy and a template the hall's
store manager saves at one desk reach every desk of the hall, through a real head office and two
desks as real processes (the set-up of tests/sync/test_downlink_two_desks.py)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.domain.test_default_templates import DEFAULT_POLICY_FILE
from tests.hq.live import LiveHQ
from tests.sync.test_downlink_two_desks import Desk, hq_command, pulled_line, two_desks

__all__ = ["two_desks"]  # the fixture, shared

HQ_TEMPLATE = {
    "id": "hq-dkhf",
    "version": 1,
    "name": "多扣话费",
    "main_class": "电信资费",
    "sub_class": "资费争议/乱收费",
    "description": "客户反映【日期】的账单多扣话费【金额】元。",
    "customer_request": "核实并退还多扣费用",
}
HALL_TEMPLATE = {
    "name": "宽带故障",
    "main_class": "业务种类",
    "sub_class": "宽带业务",
    "description": "客户家中宽带自【日期】起无法上网，光猫【指示灯】。",
    "customer_request": "尽快上门修复",
}


def test_templates_reach_every_desk_from_head_office_and_from_the_store_manager(
    two_desks: tuple[Desk, Desk, LiveHQ], tmp_path: Path
) -> None:
    desk1, desk2, hq = two_desks
    assert desk1.as_manager("templates") == []

    # the hall's store manager saves one at desk 1 ...
    saved = desk1.as_manager("save-template", json.dumps(HALL_TEMPLATE, ensure_ascii=False))
    assert saved["version"] == 1
    desk1.sync()
    counts = pulled_line(desk2.sync())
    assert counts["letters"] == 0
    # ... and desk 2 offers it, from the hall
    assert desk2.as_manager("templates") == [
        {"id": saved["id"], "version": 1, "name": "宽带故障", "source": "本厅", "usable": True}
    ]
    # a new version saved at desk 2 comes back to desk 1
    again = desk2.as_manager(
        "save-template",
        json.dumps({**HALL_TEMPLATE, "id": saved["id"], "name": "宽带断网"}, ensure_ascii=False),
    )
    assert again == {"id": saved["id"], "version": 2}
    desk2.sync()
    desk1.sync()
    assert [(t["name"], t["version"]) for t in desk1.as_manager("templates")] == [("宽带断网", 2)]

    # head office publishes its default set in the policy: both desks list it first
    policy = tmp_path / "policy.json"
    policy.write_text(
        json.dumps({"version": 2, "templates": [HQ_TEMPLATE]}, ensure_ascii=False),
        encoding="utf-8",
    )
    hq_command(hq, "set-policy", str(policy))
    for desk in (desk1, desk2):
        assert "new policy in force" in desk.sync()
        listed = desk.as_manager("templates")
        assert [(t["id"], t["source"], t["usable"]) for t in listed] == [
            ("hq-dkhf", "总部", True),
            (saved["id"], "本厅", True),
        ]
        assert desk.show()["dead_letters"] == []
    status = hq.status()
    for desk in (desk1, desk2):
        assert status[desk.code]["quarantined"] == 0


def test_a_clerk_may_not_save_a_template(two_desks: tuple[Desk, Desk, LiveHQ]) -> None:
    desk1, _, _ = two_desks
    desk1.as_manager("add-staff", "3005", "孙五", "营业员", "clerk-3005")
    refused = desk1.drive(
        "save-template",
        "3005",
        "clerk-3005",
        json.dumps(HALL_TEMPLATE, ensure_ascii=False),
        ok=False,
    )
    assert refused == {"error": "permission.denied"}


def test_head_offices_shipped_default_set_reaches_the_desks_beside_the_halls_own(
    two_desks: tuple[Desk, Desk, LiveHQ],
) -> None:
    """The set-policy file shipped in resources/policy (head office's default 常用投诉模板),
    published as it is: every desk offers all of it, from 总部, before the hall's own."""
    desk1, desk2, hq = two_desks
    saved = desk1.as_manager("save-template", json.dumps(HALL_TEMPLATE, ensure_ascii=False))
    desk1.sync()
    shipped = json.loads(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))["templates"]
    hq_command(hq, "set-policy", str(DEFAULT_POLICY_FILE))
    for desk in (desk1, desk2):
        assert "new policy in force" in desk.sync()
        listed = desk.as_manager("templates")
        assert [(t["id"], t["name"], t["source"], t["usable"]) for t in listed] == [
            *((t["id"], t["name"], "总部", True) for t in shipped),
            (saved["id"], "宽带故障", "本厅", True),
        ]
        assert desk.show()["dead_letters"] == []
    status = hq.status()
    for desk in (desk1, desk2):
        assert status[desk.code]["quarantined"] == 0
