"""The console in a real browser (issue 17): Debian's chromium driven by Selenium through
/usr/bin/chromedriver given explicitly (nothing downloaded), a fresh profile, headless. A director
enrols (the secret read off the page, as a person types it into their authenticator app), signs in
with password and TOTP, sees the 待总部审批退费 queue with a complaint's hostile text shown as text,
is told plainly that 800 is above their level, and approves 450 with their code asked again.
A second scenario (exec17): a refund a desk sent, approved at head office, appears in 待执行退费, is
marked executed in the browser, and the desk's next pull shows it 已到账.
Both run on SQLite and on PostgreSQL (``database_url``). Every click that leads to another page
waits for that page (:func:`submit_and_wait`, :func:`follow_and_wait`) before reading it: a click
does not wait for the navigation, and reading at once may read the old page (CI failures).
Screenshots go to the test's output folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hall_desk.hq.store import HQStore
from tests.hq.console_client import HOSTILE, PASSWORD, Authenticator, seed
from tests.hq.live import LiveHQ

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

webdriver = pytest.importorskip("selenium.webdriver")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.skip("chromium / chromium-driver are not installed (packaging/bootstrap.sh does)")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1366,768",
        "--lang=zh-CN",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def enrol_and_sign_in(driver: Any, url: str, enrolment: str, login: str) -> Authenticator:
    """Enrol through the one-time link (the secret read off the page, as a person types it into
    an authenticator app), then sign in as ``login`` with password and code; the app, for the
    codes asked later."""
    from selenium.webdriver.common.by import By

    def fill(fields: dict[str, str]) -> None:
        for name, value in fields.items():
            element = driver.find_element(By.ID, name)
            element.clear()
            element.send_keys(value)

    driver.get(f"{url}/console/enrol/{enrolment}")
    app = Authenticator(driver.find_element(By.ID, "secret").text.replace(" ", ""))
    fill({"password": PASSWORD, "password_again": PASSWORD, "code": app.code()})
    # the enrolment's answer must have arrived before the next page is asked for: a navigation
    # still under way may replace the sign-in page after it loaded (no 'login' field to fill)
    submit_and_wait(driver, driver.find_element(By.ID, "enrol"))
    driver.get(f"{url}/console/login")
    fill({"login": login, "password": PASSWORD, "code": app.code()})
    submit_and_wait(driver, driver.find_element(By.ID, "sign-in"))
    return app


def follow_and_wait(driver: Any, link: Any) -> None:
    """Follow a link and wait for the page it leads to (as :func:`submit_and_wait`)."""
    submit_and_wait(driver, link)


def submit_and_wait(driver: Any, button: Any) -> None:
    """Click a form's button and wait until the page it led to has replaced this one (a click
    does not wait for the navigation; reading the page at once may read the old one)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")

    def replaced(_driver: Any) -> bool:
        try:
            old.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            # chromium may answer for a node of the page just left with this inspector error
            # instead of a stale reference (seen under load): the page has been replaced too
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    button.click()
    WebDriverWait(driver, 30).until(replaced)


@pytest.fixture
def console(tmp_path: Path, database_url: str) -> Iterator[tuple[LiveHQ, dict[str, Any]]]:
    hq = LiveHQ(tmp_path / "hq", database=database_url)
    store = HQStore.open(hq.database)
    try:
        seeded: dict[str, Any] = seed(store)
        seeded["enrol"] = store.start_enrolment("zhou.min")
    finally:
        store.close()
    hq.start()
    try:
        yield hq, seeded
    finally:
        hq.stop()


def test_a_director_enrols_signs_in_and_decides_in_chromium(
    browser: Any, console: tuple[LiveHQ, dict[str, Any]], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    hq, seeded = console
    shots = tmp_path / "screenshots"
    shots.mkdir()

    def fill(fields: dict[str, str]) -> None:
        for name, value in fields.items():
            element = browser.find_element(By.ID, name)
            element.clear()
            element.send_keys(value)

    browser.get(f"{hq.url}/console/enrol/{seeded['enrol']}")
    browser.save_screenshot(str(shots / "1-enrol.png"))
    secret = browser.find_element(By.ID, "secret").text.replace(" ", "")
    # the QR code the app drew, as a phone's camera reads it: the same secret, for this account
    qr_png = shots / "1-enrol-qr.png"
    browser.find_element(By.CSS_SELECTOR, ".qr svg").screenshot(str(qr_png))
    import zxingcpp
    from PIL import Image

    # As an authenticator app scans: QR codes only (a 1-D decoder may see a spurious code in the
    # modules of some secrets' QR code).
    qr_only = zxingcpp.BarcodeFormat.QRCode
    read = [r.text for r in zxingcpp.read_barcodes(Image.open(qr_png), formats=qr_only)]
    assert len(read) == 1 and read[0].startswith("otpauth://totp/"), read
    assert f"secret={secret}" in read[0] and "zhou.min" in read[0]
    app = Authenticator(secret)
    fill({"password": PASSWORD, "password_again": PASSWORD, "code": app.code()})
    submit_and_wait(browser, browser.find_element(By.ID, "enrol"))
    assert "开户完成" in browser.find_element(By.TAG_NAME, "h1").text

    browser.get(f"{hq.url}/console/login")
    fill({"login": "zhou.min", "password": PASSWORD, "code": app.code()})
    browser.save_screenshot(str(shots / "2-login.png"))
    submit_and_wait(browser, browser.find_element(By.ID, "sign-in"))
    assert browser.current_url.endswith("/console/refunds"), browser.page_source[:2000]
    assert "待总部审批退费" in browser.find_element(By.TAG_NAME, "h1").text
    browser.save_screenshot(str(shots / "3-queue.png"))
    # the complaint's hostile text is text on the page: no element came of it, no alert opened
    texts = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "dd.text")]
    assert HOSTILE in texts
    assert not browser.find_elements(By.CSS_SELECTOR, "main img, main b, main script")

    def decide(refund: dict[str, Any], action: str, reason: str) -> None:
        article = browser.find_element(By.ID, f"refund-{refund['number']}")
        article.find_element(By.CSS_SELECTOR, f'input[value="{action}"]').click()
        article.find_element(By.NAME, "reason").send_keys(reason)
        article.find_element(By.NAME, "code").send_keys(app.code())
        submit_and_wait(browser, article.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    decide(seeded["800.00"], "approve", "同意")
    browser.save_screenshot(str(shots / "4-over-level.png"))
    assert "超出您的审批权限" in browser.find_element(By.ID, "message").text
    assert "refund.over_level" in browser.find_element(By.ID, "detail").text

    browser.get(f"{hq.url}/console/refunds")
    decide(seeded["450.00"], "approve", "核实误收，同意退费")
    browser.save_screenshot(str(shots / "5-approved.png"))
    assert "已批准" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert not browser.find_elements(By.ID, f"refund-{seeded['450.00']['number']}")
    store = HQStore.open(hq.database)
    try:
        assert store.refund(seeded["450.00"]["id"])["state"] == "总部已批准"  # type: ignore[index]
    finally:
        store.close()


# -- 待执行退费 (exec17): approved at head office, executed in the browser, pulled by the desk ----


@pytest.fixture
def desk_and_hq(
    tmp_path: Path, hall: dict[str, Any], ctx: Any, database_url: str
) -> Iterator[tuple[LiveHQ, dict[str, Any]]]:
    """Desk HA01-02 (the desk's own store) registered with a running head office (SQLite or
    PostgreSQL) that has a director and an operator (the operator's enrolment link ready)."""
    from hall_desk.services.sync import register_desk

    hq = LiveHQ(tmp_path / "hq", database=database_url).start()
    try:
        hq.add_hall("HA01", "人民路营业厅")
        assert register_desk(ctx, hq.url, "HA01-02", hq.add_desk("HA01-02")).verified
        hq.add_operator("zhou.min", display_name="周敏", role="director")
        hq.add_operator("wang.wu", display_name="王五")
        store = hq.store()
        try:
            seeded = {"enrol": store.start_enrolment("wang.wu")}
        finally:
            store.close()
        yield hq, seeded
    finally:
        hq.stop()


def test_an_approved_refund_is_executed_in_chromium_and_the_desk_shows_it_credited(
    browser: Any,
    desk_and_hq: tuple[LiveHQ, dict[str, Any]],
    hall: dict[str, Any],
    ctx: Any,
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By

    from hall_desk.services import refunds, sync
    from tests.hq.test_refund_loop_live import forwarded

    hq, seeded = desk_and_hq
    shots = tmp_path / "screenshots"
    shots.mkdir()
    # a desk's 450 goes to head office, where the director approves it
    refund_id = forwarded(ctx, hall, "450", "13800138000")
    assert sync.sync_now(ctx).ok
    store = hq.store()
    try:
        number = store.refund(refund_id)["number"]  # type: ignore[index]
        store.decide_refund(number, True, "核实误收，同意退费", store.operator("zhou.min"))
    finally:
        store.close()
    assert refunds.get_refund(hall["manager"], refund_id).execution_shown != "已到账"

    # the operator enrols and signs in
    enrol_and_sign_in(browser, hq.url, seeded["enrol"], "wang.wu")

    # 待执行退费 from the nav, the refund approved at head office in it, its phone masked
    follow_and_wait(browser, browser.find_element(By.LINK_TEXT, "待执行退费"))
    assert "待执行退费" in browser.find_element(By.TAG_NAME, "h1").text
    row = browser.find_element(By.ID, f"execution-{number}")
    assert "138****8000" in row.text and "13800138000" not in browser.page_source
    assert "周敏" in row.text and "总部已批准" in row.text and "待执行" in row.text
    browser.save_screenshot(str(shots / "6-executions.png"))

    # 已执行: the billing reference, the amount credited, the time (Beijing time)
    browser.find_element(By.XPATH, f"//summary[contains(., '{number}')]").click()
    form = browser.find_element(By.ID, f"executed-{number}")
    form.find_element(By.NAME, "reference").send_keys("BILL-20261122-0001")
    form.find_element(By.NAME, "amount").send_keys("450.00")
    at = form.find_element(By.NAME, "at")
    browser.execute_script("arguments[0].value = '2026-11-22T10:30';", at)
    browser.save_screenshot(str(shots / "7-execute-form.png"))
    submit_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert f"{number} 已登记到账" in browser.find_element(By.ID, "notice").text
    assert not browser.find_elements(By.ID, f"execution-{number}")
    browser.save_screenshot(str(shots / "8-executed.png"))

    # 营业厅与台席: the desk that just called, over plain http here (said in words)
    follow_and_wait(browser, browser.find_element(By.LINK_TEXT, "营业厅与台席"))
    desk = browser.find_element(By.ID, "desk-HA01-02")
    assert "未加密 http" in desk.text and "从未联系" not in desk.text
    browser.save_screenshot(str(shots / "9-desks.png"))

    # the desk pulls: 已到账
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    shown = refunds.get_refund(hall["manager"], refund_id)
    assert shown.execution_shown == "已到账"
    assert shown.execution is not None
