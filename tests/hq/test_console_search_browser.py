"""The console's header in a real browser (issue 17 items 4 and 5, hdr17): an operator signs in in
chromium; the header's counts appear, and after a complaint transferred to head office arrives they
change without the page being reloaded (the refresh interval, a data attribute read each second,
shortened from 30 s by the test); the search box finds complaints by a full phone number once a
reason is typed (masked); 显示完整号码 on the complaint's page shows it once. Screenshots go to the
test's output folder. One store (SQLite): the store's behaviour on both is
tests/hq/test_console_search.py's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hall_desk.domain.clock import utc_iso
from hall_desk.hq.store import DeskIdentity
from tests.hq.envelopes import DeskChain, complaint_state
from tests.hq.live import LiveHQ
from tests.hq.test_console_browser import (  # noqa: F401 (browser: the chromium fixture)
    browser,
    enrol_and_sign_in,
    submit_and_wait,
)
from tests.hq.test_console_search import MASKED, PHONE, console  # noqa: F401  (the fixture)
from tests.hq.test_console_transferred import transferred_state


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_header_counts_change_without_a_reload_and_the_search_box_works(
    browser: Any,  # noqa: F811
    console: tuple[LiveHQ, dict[str, Any]],  # noqa: F811
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    hq, made = console
    shots = tmp_path / "screenshots"
    shots.mkdir()

    def fill(fields: dict[str, str]) -> None:
        for name, value in fields.items():
            element = browser.find_element(By.ID, name)
            element.clear()
            element.send_keys(value)

    def text_of(element_id: str) -> str:
        return str(browser.find_element(By.ID, element_id).text)

    enrol_and_sign_in(browser, hq.url, made["enrol"], "wang.wu")
    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, "转总部投诉"))

    wait = WebDriverWait(browser, 35)
    wait.until(lambda _: text_of("count-transferred") == "3")
    assert text_of("count-awaiting") == "2"
    media = browser.find_element(By.ID, "alert-media_important")
    assert media.is_displayed() and "媒体/重要投诉" in media.text and "1" in media.text
    assert "超过一个工作日未联系的台席" in text_of("alert-silent_desks")
    browser.save_screenshot(str(shots / "1-header-counts.png"))

    # the page stays as it is (no reload) while a new complaint arrives
    browser.execute_script(
        "document.getElementById('counts').setAttribute('data-refresh-seconds', '2');"
        " document.getElementById('main').setAttribute('data-still-here', 'yes');"
    )
    store = hq.store()
    try:
        chain = DeskChain("HA01-03", start_seq=11, prev=store.events_of("HA01-03")[-1]["hash"])
        state = {
            **complaint_state("HA01-03", 9), "media": True, "important": True,
            "reply_due": utc_iso(datetime.now(UTC) + timedelta(hours=1)),
        }  # fmt: skip
        events = [chain.next(payload=state), chain.next("complaint.transferred",
                                                        transferred_state(state))]  # fmt: skip
        desk = DeskIdentity("HA01-03", "HA01", revoked=False)
        assert [r.outcome.value for r in store.upload(desk, events).results] == ["stored"] * 2
    finally:
        store.close()
    wait.until(lambda _: text_of("count-transferred") == "4")
    assert "2" in text_of("alert-media_important")
    assert browser.find_element(By.ID, "main").get_attribute("data-still-here") == "yes"
    browser.save_screenshot(str(shots / "2-header-counts-refreshed.png"))

    # the search box: a full phone number asks for a reason, then lists complaints masked
    fill({"search-q": PHONE})
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#search button[type=submit]"))
    fill({"search-reason": "客户来电催办"})
    submit_and_wait(
        browser, browser.find_element(By.CSS_SELECTOR, "#phone-search button[type=submit]")
    )
    found = browser.find_element(By.ID, "found-complaints").text
    assert made["later"]["number"] in found and MASKED in found
    assert PHONE not in browser.page_source.replace(f'value="{PHONE}"', "")
    browser.save_screenshot(str(shots / "3-search-by-phone.png"))

    # 显示完整号码 on the complaint's page, once, with a reason
    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, made["later"]["number"]))
    fill({"reveal-reason": "电话回访客户"})
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#reveal button[type=submit]"))
    assert text_of("revealed-phone") == PHONE
    browser.save_screenshot(str(shots / "4-full-number.png"))
