"""转总部投诉 in a real browser (issue 17): a clerk transfers a complaint to head office at the desk
and syncs; an operator enrols, signs in, finds it in 转总部投诉, opens it (its timeline in the
desks' wording), answers it in chromium; the desk's next sync shows head office's answer (the
complaint 已答复, the answer in its timeline). Screenshots go to the test's output folder. One
store (SQLite): the store's behaviour on both is tests/hq/test_transferred_hq.py's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services import complaints, lifecycle, sync, timeline
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Complaint
from tests.hq.console_client import HOSTILE
from tests.hq.live import LiveHQ
from tests.hq.test_console_browser import (  # noqa: F401 (browser: the chromium fixture)
    browser,
    enrol_and_sign_in,
    submit_and_wait,
)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_transferred_complaint_is_answered_in_chromium_and_the_desk_shows_it(
    browser: Any,  # noqa: F811
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    hq: LiveHQ,
    registered: str,
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By

    clerk = hall["clerk"]
    recorded = complaints.record_complaint(ctx, clerk, ComplaintDraft(
        phone="13800138000", customer_name="陈先生", main_class="电信资费",
        sub_class="资费争议/乱收费", description=HOSTILE, customer_request="退费",
    ))  # fmt: skip
    lifecycle.transfer(ctx, clerk, recorded.id, to_kind="head_office", note="需总部协调计费中心")
    assert sync.sync_now(ctx).ok
    hq.add_operator("wang.wu", display_name="王五")
    store = hq.store()
    try:
        token = store.start_enrolment("wang.wu")
    finally:
        store.close()
    shots = tmp_path / "screenshots"
    shots.mkdir()

    enrol_and_sign_in(browser, hq.url, token, "wang.wu")

    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, "转总部投诉"))
    assert "转总部投诉" in browser.find_element(By.TAG_NAME, "h1").text
    browser.save_screenshot(str(shots / "1-transferred-queue.png"))
    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, recorded.number))
    browser.save_screenshot(str(shots / "2-complaint.png"))
    assert HOSTILE in browser.find_element(By.CSS_SELECTOR, "dd.text").text  # text, not markup
    assert not browser.find_elements(By.CSS_SELECTOR, "main img, main b, main script")
    steps = browser.find_element(By.ID, "timeline").text
    assert "受理" in steps and "转派" in steps and "13800138000" not in browser.page_source
    browser.find_element(By.ID, "reply-text").send_keys("经核查系计费错误，已退还并短信告知客户")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#reply button[type=submit]"))
    assert "已答复" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert not browser.find_elements(By.LINK_TEXT, recorded.number)  # it left the queue
    browser.save_screenshot(str(shots / "3-answered.png"))

    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert Complaint.get_by_id(recorded.id).state == "已答复"
    answer = next(
        e for e in timeline.timeline(clerk, recorded.id) if e.action == "complaint.replied"
    )
    assert answer.detail["reply"] == "经核查系计费错误，已退还并短信告知客户"
    assert answer.actor_name == "wang.wu" and answer.actor_no == ""
