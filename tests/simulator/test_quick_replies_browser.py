"""Quick replies in the customer's Messenger page (chat.js, headless Chromium): buttons that
arrive live with the Page's message show titles truncated after 20 characters, and a tap
shows the customer's message with that title and takes the buttons away."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from meta_helpers import account, graph_post
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from homologa.browsers import BrowserSettings, start_chrome
from simulator.client import Control

REPLIES = [{"content_type": "text", "title": "Falar com um atendente agora", "payload": "AGENT"},
           {"content_type": "text", "title": "Não, obrigado", "payload": "NO"}]


@pytest.fixture(scope="module")
def chrome() -> Iterator[WebDriver]:
    temp_dir = Path(tempfile.mkdtemp(prefix="hmq-", dir="/tmp"))
    driver = start_chrome(BrowserSettings(), temp_dir)
    yield driver
    driver.quit()
    shutil.rmtree(temp_dir, ignore_errors=True)


def _texts(driver: WebDriver, selector: str) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent);",
        selector)


def test_live_quick_replies_are_truncated_and_a_tap_sends_the_shown_title(
        chrome: WebDriver, base_url: str, control: Control, world: dict) -> None:
    tester = account(world, "tester")
    wait = WebDriverWait(chrome, 15, poll_frequency=0.1)
    chrome.get(f"{base_url}/_sim/world")
    chrome.delete_all_cookies()
    chrome.get(f"{base_url}/messages/t/{world['page']['id']}")
    chrome.find_element(By.CSS_SELECTOR, '[data-testid="login-email"]').send_keys(tester["email"])
    chrome.find_element(By.CSS_SELECTOR, '[data-testid="login-password"]').send_keys(
        tester["password"], "\n")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-chat]"), "no chat page")
    control.customer_send(tester["id"], "Oi")
    graph_post(base_url, "/me/messages", world["page"]["access_token"], {
        "recipient": {"id": tester["psid"]},
        "message": {"text": "Como podemos ajudar?", "quick_replies": REPLIES}}).raise_for_status()
    buttons = '[data-testid="quick-reply"]'
    wait.until(lambda d: _texts(d, buttons), "the quick replies did not arrive")
    assert _texts(chrome, buttons) == ["Falar com um atenden", "Não, obrigado"]
    chrome.find_element(By.CSS_SELECTOR, buttons).click()
    wait.until(lambda d: _texts(d, '.bubble.customer')[-1:] == ["Falar com um atenden"],
               "the tap did not show the customer's message")
    assert _texts(chrome, buttons) == []
    assert chrome.find_element(By.CSS_SELECTOR, '[data-testid="quick-replies"]').is_displayed() \
        is False
