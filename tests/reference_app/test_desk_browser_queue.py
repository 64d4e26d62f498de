"""In headless Chromium: the ninth simultaneous customer waits in the queue, then is routed.

The agent logs in through LOGIN / PASSWORD / ENTER, becomes Operating through the STATUS
menu, nine customers of the simulated Meta write to the Page, eight chats fill the eight
positions and the ninth shows in the queue; closing a chat routes the ninth to the desk.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from homologa.browsers import BrowserSettings, start_chrome


def _testid(name: str) -> tuple[str, str]:
    return By.CSS_SELECTOR, f'[data-testid="{name}"]'


@pytest.fixture(scope="module")
def chrome() -> Iterator[WebDriver]:
    if not (Path("/usr/lib/chromium/chromium").exists() or shutil.which("chromium")):
        pytest.skip("Chromium is not installed (make setup)")
    temp_dir = Path(tempfile.mkdtemp(prefix="hmq-", dir="/tmp"))
    driver = start_chrome(BrowserSettings(), temp_dir)
    yield driver
    driver.quit()
    shutil.rmtree(temp_dir, ignore_errors=True)


def _wait(driver: WebDriver, condition, message: str):
    return WebDriverWait(driver, 15, poll_frequency=0.1).until(condition, message)


def _texts(driver: WebDriver, testid: str) -> list[str]:
    """The elements' texts read in one script (the desk re-renders lists live)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent.trim());",
        f'[data-testid="{testid}"]')


def _enter_desk(driver: WebDriver, url: str) -> None:
    driver.get(f"{url}/interact_multiagent")
    driver.find_element(*_testid("login-input")).send_keys("agente")
    driver.find_element(*_testid("password-input")).send_keys("Aa123*")
    before = set(driver.window_handles)
    driver.find_element(*_testid("enter-button")).click()
    handle = _wait(driver, lambda d: next(iter(set(d.window_handles) - before), None),
                   "ENTER opened no window")
    driver.switch_to.window(handle)
    _wait(driver, lambda d: d.find_elements(*_testid("desk")), "the desk did not load")
    driver.find_element(*_testid("status-menu")).click()
    driver.find_element(By.CSS_SELECTOR, '[data-testid="status-option"][data-status="operating"]'
                        ).click()
    _wait(driver, lambda d: d.find_element(*_testid("current-status")).text == "Operating",
          "the agent did not become Operating")


def test_ninth_customer_waits_in_the_queue_and_is_routed_when_a_chat_closes(
        make_desk, chrome) -> None:
    desk = make_desk(customers=9)
    names = [desk.customer(index)["name"] for index in range(9)]
    try:
        _enter_desk(chrome, desk.url)
        for index in range(9):
            desk.send(index, f"Olá, sou o cliente {index + 1}")
        _wait(chrome, lambda d: len(_texts(d, "chat-card")) == 8
              and _texts(d, "queue-customer-name") == [names[8]],
              "eight chats on the desk and the ninth customer in the queue")
        assert chrome.find_element(*_testid("queue-count")).text == "1"
        assert chrome.find_element(*_testid("positions-used")).text == "8"
        assert names[8] not in _texts(chrome, "chat-customer-name")

        first = chrome.find_elements(*_testid("chat-card"))[0]
        first.click()
        chat_id = first.get_attribute("data-chat-id")
        _wait(chrome, lambda d: d.find_element(*_testid("chat-panel")).get_attribute(
            "data-chat-id") == chat_id, "the first chat did not open")
        chrome.find_element(*_testid("chat-close")).click()

        _wait(chrome, lambda d: names[8] in _texts(d, "chat-customer-name")
              and not d.find_elements(*_testid("queue-item")),
              "the ninth customer was not routed when a position freed")
        assert len(_texts(chrome, "chat-card")) == 8
        assert chrome.find_element(*_testid("queue-count")).text == "0"
        assert names[0] not in _texts(chrome, "chat-customer-name")
    finally:
        for handle in chrome.window_handles[1:]:
            chrome.switch_to.window(handle)
            chrome.close()
        chrome.switch_to.window(chrome.window_handles[0])
