"""全省指标 in Chromium (issue 17 item 3): a director signs in, opens 全省指标 from the header, sees
the figures, the 95 % target in words and the chart, follows a figure to its list and comes back;
screenshots at 1366×768 land in the test's folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hall_desk.hq.store import HQStore
from tests.hq.live import LiveHQ
from tests.hq.test_console_browser import (  # noqa: F401 (browser: the chromium fixture)
    browser,
    enrol_and_sign_in,
    submit_and_wait,
)
from tests.hq.test_figures_hq import prepare, seed_history


@pytest.fixture
def figures(tmp_path: Path) -> Iterator[tuple[LiveHQ, str]]:
    hq = LiveHQ(tmp_path / "hq")
    store = HQStore.open(hq.database)
    try:
        prepare(store)
        seed_history(store)
        store.add_operator("zhou.min", display_name="周敏", role="director")
        enrolment = store.start_enrolment("zhou.min")
    finally:
        store.close()
    hq.start()
    try:
        yield hq, enrolment
    finally:
        hq.stop()


def test_a_director_reads_the_province_figures_in_chromium(
    browser: Any,  # noqa: F811
    figures: tuple[LiveHQ, str],
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By

    hq, enrolment = figures
    shots = tmp_path / "screenshots"
    shots.mkdir()

    enrol_and_sign_in(browser, hq.url, enrolment, "zhou.min")

    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, "全省指标"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "全省指标"
    browser.get(f"{hq.url}/console/metrics?period=month&month=2026-11")
    ha01 = browser.find_element(By.ID, "hall-HA01").text
    assert "未达标（低于95%）" in ha01
    assert "<script>" in browser.find_element(By.ID, "hall-HA02").text  # shown as text
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    browser.save_screenshot(str(shots / "1-figures.png"))
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    browser.save_screenshot(str(shots / "2-refunds-and-chart.png"))

    submit_and_wait(
        browser, browser.find_element(By.CSS_SELECTOR, '#hall-HA01 a[aria-label$="超时答复清单"]')
    )
    assert "超时答复" in browser.find_element(By.TAG_NAME, "h1").text
    assert "138****8000" in browser.page_source and "13800138000" not in browser.page_source
    browser.save_screenshot(str(shots / "3-late-list.png"))
    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, "返回全省指标"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "全省指标"

    # issue 17 (console17b): a refund figure drills down to its refunds, each to its page
    refunds = browser.find_element(By.ID, "refunds")
    row = refunds.find_element(By.XPATH, ".//tr[contains(., '部门负责人') and contains(., 'HA01')]")
    submit_and_wait(browser, row.find_element(By.CSS_SELECTOR, "td a"))
    assert "退费清单" in browser.find_element(By.TAG_NAME, "h1").text
    listed = browser.find_element(By.ID, "refund-list")
    assert "800.00" in listed.text and "138****8000" in listed.text
    browser.save_screenshot(str(shots / "4-refund-list.png"))
    submit_and_wait(browser, listed.find_element(By.CSS_SELECTOR, "tbody a"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("退费 HA01-02-R")
    assert "800.00 元" in browser.find_element(By.ID, "amount").text
    assert browser.find_element(By.ID, "level").text == "部门负责人"
    assert browser.find_element(By.ID, "reveal")  # a director may show the full number
    browser.save_screenshot(str(shots / "5-refund-page.png"))
