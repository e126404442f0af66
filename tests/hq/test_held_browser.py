"""隔离与冲突 in a real browser (issue 17): clerk 3002, disabled by head office, approved a refund at
the desk — quarantined (``actor.disabled``), and so is the next step of the same refund. An
operator signs in (chromium, as tests.hq.test_console_browser drives it), reads the reason in plain
Chinese and the envelope with the transfer's parties hidden, tries 重新受理 (still refused, the
reason shown again), head office lifts the disable with ``hall-desk-hq enable-staff``, and the
re-apply passes: both events are applied and gone from the list. Screenshots go to the test's
output folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hall_desk.hq.store import HQStore
from tests.hq.acting import act, operator_token
from tests.hq.console_client import seed, seed_held
from tests.hq.live import LiveHQ
from tests.hq.test_console_browser import (  # noqa: F401 (browser: the chromium fixture)
    browser,
    enrol_and_sign_in,
    submit_and_wait,
)


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[LiveHQ, dict[str, Any]]]:
    hq = LiveHQ(tmp_path / "hq")
    store = HQStore.open(hq.database)
    try:
        seed(store)
        sent: dict[str, Any] = seed_held(store)
        sent["enrol"] = store.start_enrolment("wang.wu")
    finally:
        store.close()
    hq.start()
    try:
        yield hq, sent
    finally:
        hq.stop()


def test_a_quarantined_approval_is_reapplied_in_chromium(
    browser: Any,  # noqa: F811
    held: tuple[LiveHQ, dict[str, Any]],
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By

    hq, sent = held
    shots = tmp_path / "screenshots"
    shots.mkdir()

    enrol_and_sign_in(browser, hq.url, sent["enrol"], "wang.wu")

    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, "隔离与冲突"))
    assert "隔离与冲突" in browser.find_element(By.TAG_NAME, "h1").text
    approval = sent["approved"]["id"]
    reapply = f'button[value="reapply:quarantine:{approval}"]'
    article = browser.find_element(By.CSS_SELECTOR, reapply).find_element(By.XPATH, "./..")
    assert "办理人的账户已被总部停用" in article.text and "actor.disabled" in article.text
    browser.save_screenshot(str(shots / "1-held.png"))
    transfer = browser.find_element(
        By.CSS_SELECTOR, f'button[value="reapply:quarantine:{sent["transfer"]["id"]}"]'
    ).find_element(By.XPATH, "./..")
    transfer.find_element(By.TAG_NAME, "summary").click()
    envelope = transfer.find_element(By.CSS_SELECTOR, "pre.envelope").text
    assert "（已隐藏）" in envelope and "欧阳娜娜" not in envelope
    assert "110101********4514" in envelope
    browser.execute_script("arguments[0].scrollIntoView()", transfer)
    browser.save_screenshot(str(shots / "2-envelope-masked.png"))

    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, reapply))  # 3002 disabled
    assert "重新受理未通过" in browser.find_element(By.TAG_NAME, "h1").text
    assert "办理人的账户已被总部停用" in browser.find_element(By.ID, "message").text
    browser.save_screenshot(str(shots / "3-still-held.png"))

    token = operator_token(hq.database, "li.wei", "leadership")
    assert act(token, "enable-staff", "HA01", "3002", "--database", hq.database) == 0
    browser.get(f"{hq.url}/console/held")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, reapply))
    assert "已重新受理并应用 2 条" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert not browser.find_elements(By.CSS_SELECTOR, reapply)
    assert sent["told"]["id"] not in browser.page_source
    browser.save_screenshot(str(shots / "4-reapplied.png"))
    store = HQStore.open(hq.database)
    try:
        assert store.refund("00000000-0000-4000-8000-000000000031")["state"] == "已批准"  # type: ignore[index]
    finally:
        store.close()
