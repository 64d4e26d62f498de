"""Headless Chromium for the desk's browser tests: the browser, waits, login through ENTER."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from homologa.browsers import BrowserSettings, start_chrome


def by_testid(name: str) -> tuple[str, str]:
    return By.CSS_SELECTOR, f'[data-testid="{name}"]'


def chrome_session() -> Iterator[WebDriver]:
    temp_dir = Path(tempfile.mkdtemp(prefix="hmq-", dir="/tmp"))
    driver = start_chrome(BrowserSettings(), temp_dir)
    yield driver
    driver.quit()
    shutil.rmtree(temp_dir, ignore_errors=True)


def wait(driver: WebDriver, condition: Any, message: str) -> Any:
    return WebDriverWait(driver, 15, poll_frequency=0.1).until(condition, message)


def texts(driver: WebDriver, testid: str) -> list[str]:
    """The elements' texts read in one script (the desk re-renders lists live)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent.trim());",
        f'[data-testid="{testid}"]')


def enter_desk(driver: WebDriver, url: str) -> None:
    driver.get(f"{url}/interact_multiagent")
    driver.find_element(*by_testid("login-input")).send_keys("agente")
    driver.find_element(*by_testid("password-input")).send_keys("Aa123*")
    before = set(driver.window_handles)
    driver.find_element(*by_testid("enter-button")).click()
    handle = wait(driver, lambda d: next(iter(set(d.window_handles) - before), None),
                   "ENTER opened no window")
    driver.switch_to.window(handle)
    wait(driver, lambda d: d.find_elements(*by_testid("desk")), "the desk did not load")
    driver.find_element(*by_testid("status-menu")).click()
    driver.find_element(By.CSS_SELECTOR, '[data-testid="status-option"][data-status="operating"]'
                        ).click()
    wait(driver, lambda d: d.find_element(*by_testid("current-status")).text == "Operating",
          "the agent did not become Operating")



def close_desk_windows(driver: WebDriver) -> None:
    """Back to the first window (the login page) for the next test."""
    for handle in driver.window_handles[1:]:
        driver.switch_to.window(handle)
        driver.close()
    driver.switch_to.window(driver.window_handles[0])
