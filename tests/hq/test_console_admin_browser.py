"""The console's accounts page in a real browser (issue 17): a supervisor adds an account and sees
its one-time enrolment link, proposes a director's role (shown as waiting), signs out; a second
supervisor signs in, sees the pending change and confirms it; the audit page lists both, and the
policy page shows a new version as a diff. Chromium through /usr/bin/chromedriver as in
test_console_browser; screenshots in the test's output folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hall_desk.hq.store import HQStore
from tests.hq.console_client import PASSWORD, Authenticator, ConsoleClient, enrol, seed
from tests.hq.live import LiveHQ
from tests.hq.test_console_browser import browser, submit_and_wait  # noqa: F401  (the fixture)


@pytest.fixture
def supervisors(tmp_path: Path) -> Iterator[tuple[LiveHQ, dict[str, Authenticator]]]:
    hq = LiveHQ(tmp_path / "hq")
    store = HQStore.open(hq.database)
    try:
        seed(store)
        tokens = {}
        for login, name in (("chen.jing", "陈静"), ("lin.tao", "林涛")):
            store.add_operator(login, display_name=name, role="supervisor")
            tokens[login] = store.start_enrolment(login)
    finally:
        store.close()
    hq.start()
    try:
        apps = {login: enrol(ConsoleClient(hq.url), token) for login, token in tokens.items()}
        yield hq, apps
    finally:
        hq.stop()


def test_a_supervisor_adds_an_account_and_a_second_confirms_a_director(
    browser: Any,  # noqa: F811
    supervisors: tuple[LiveHQ, dict[str, Authenticator]],
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as shown
    from selenium.webdriver.support.ui import Select, WebDriverWait

    hq, apps = supervisors
    shots = tmp_path / "screenshots"
    shots.mkdir()

    def fill(fields: dict[str, str]) -> None:
        for name, value in fields.items():
            element = browser.find_element(By.ID, name)
            element.clear()
            element.send_keys(value)

    def after(click: Any, element_id: str) -> Any:
        """Click, then wait for the next page's element (a form's answer loads after the click)."""
        submit_and_wait(browser, click)
        return WebDriverWait(browser, 15).until(
            shown.presence_of_element_located((By.ID, element_id))
        )

    def sign_in_as(login: str) -> None:
        browser.get(f"{hq.url}/console/login")
        fill({"login": login, "password": PASSWORD, "code": apps[login].code()})
        after(browser.find_element(By.ID, "sign-in"), "main")
        assert browser.current_url.endswith("/console/refunds"), browser.page_source[:2000]

    sign_in_as("chen.jing")
    after(browser.find_element(By.LINK_TEXT, "账户"), "add-account")
    fill({"login": "li.wei", "display_name": "李伟"})
    link = after(browser.find_element(By.ID, "add"), "enrol-url").text
    assert "/console/enrol/" in link
    browser.save_screenshot(str(shots / "1-account-added.png"))

    row = browser.find_element(By.ID, "account-li.wei")
    Select(row.find_element(By.NAME, "role")).select_by_value("director")
    notice = after(row.find_element(By.XPATH, ".//button[text()='变更角色']"), "notice")
    assert "等待另一位主管确认" in notice.text
    assert not browser.find_elements(By.ID, "confirm-li.wei")  # the proposer cannot confirm
    browser.save_screenshot(str(shots / "2-pending.png"))
    after(browser.find_element(By.XPATH, "//button[text()='退出']"), "sign-in")

    sign_in_as("lin.tao")
    pending = after(browser.find_element(By.LINK_TEXT, "账户"), "pending").text
    assert "li.wei" in pending and "chen.jing" in pending
    browser.save_screenshot(str(shots / "3-to-confirm.png"))
    notice = after(browser.find_element(By.ID, "confirm-li.wei"), "notice")
    assert "已改为投诉中心主任" in notice.text
    assert "投诉中心主任" in browser.find_element(By.ID, "account-li.wei").text
    browser.save_screenshot(str(shots / "4-confirmed.png"))

    log = after(browser.find_element(By.LINK_TEXT, "审计"), "audit").text
    assert "角色变更" in log and "提议角色" in log and "新增账户" in log
    browser.save_screenshot(str(shots / "5-audit.png"))

    document = after(browser.find_element(By.LINK_TEXT, "政策"), "document")
    text = document.get_attribute("value").replace('"regulator_days": 15', '"regulator_days": 10')
    document.clear()
    document.send_keys(text)
    diff = after(browser.find_element(By.ID, "preview"), "diff-HA01")
    assert diff.find_elements(By.CSS_SELECTOR, ".added") and diff.find_elements(
        By.CSS_SELECTOR, ".removed"
    )
    browser.save_screenshot(str(shots / "6-policy-diff.png"))
    notice = after(browser.find_element(By.ID, "publish"), "notice")
    assert "已发布第 2 版" in notice.text
    # 恢复启用 (issue 17, console17b): li.wei (a director) disabled, then enabled by two
    after(browser.find_element(By.LINK_TEXT, "账户"), "accounts")
    notice = after(browser.find_element(By.ID, "disable-li.wei"), "notice")
    assert "已停用 li.wei" in notice.text
    notice = after(browser.find_element(By.ID, "enable-li.wei"), "notice")
    assert "等待另一位主管确认" in notice.text
    assert not browser.find_elements(By.ID, "enable-li.wei")  # the proposer cannot confirm
    after(browser.find_element(By.XPATH, "//button[text()='退出']"), "sign-in")
    sign_in_as("chen.jing")
    after(browser.find_element(By.LINK_TEXT, "账户"), "accounts")
    button = browser.find_element(By.ID, "enable-li.wei")
    assert "确认恢复启用（lin.tao 提议）" in button.text
    notice = after(button, "notice")
    assert "已恢复启用 li.wei" in notice.text
    assert "使用中" in browser.find_element(By.ID, "account-li.wei").text
    browser.save_screenshot(str(shots / "7-enabled-again.png"))
    store = HQStore.open(hq.database)
    try:
        assert store.operator("li.wei").role == "director"
        assert store.policy("HA01")["regulator_days"] == 10  # type: ignore[index]
        assert store.verify_audit().intact
    finally:
        store.close()
