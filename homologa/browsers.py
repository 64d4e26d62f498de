"""Chromium for the rehearsal: options measured on these machines, local or remote WebDriver."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.command import Command
from selenium.webdriver.remote.webdriver import WebDriver

__all__ = [
    "OPEN_KEY",
    "SETTINGS_KEY",
    "BrowserSettings",
    "TrackedChrome",
    "add_options",
    "before_next_command",
    "configure",
    "current_window",
    "grant_notifications",
    "last_command_at",
    "reset_browser",
    "role_of",
    "start_chrome",
]

CHROMIUM_BINARY = "/usr/lib/chromium/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
_QUIET_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # stop Chromium's background DNS lookups on a machine with no internet
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
    # memory (measured, ~30 MB PSS a browser): our pages are one site on 127.0.0.1, so one
    # renderer serves them all; no GPU process, no spare renderer, no back-forward cache
    "--renderer-process-limit=1",
    "--in-process-gpu",
    "--disable-site-isolation-trials",
    "--disable-features=SpareRendererForSitePerProcess,BackForwardCache",
    # no zygote (it needs the sandbox, which is off): the renderer is started directly, as
    # are the utilities, so the two zygote processes a browser keeps for the whole run
    # (~31 MB PSS) are gone; the pages and the processes that run them are the same
    "--no-zygote",
)


@dataclass(frozen=True)
class BrowserSettings:
    headless: bool = True
    remote_url: str | None = None
    window_size: tuple[int, int] = (1280, 800)  # a 1280x657 viewport in headless Chromium


SETTINGS_KEY = pytest.StashKey[BrowserSettings]()
OPEN_KEY = pytest.StashKey[dict]()  # "agent" / "customer" -> the run's WebDriver


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("homologa")
    group.addoption("--headed", action="store_true",
                    help="show the browsers instead of running them headless")
    group.addoption("--remote-url", metavar="URL",
                    help="drive browsers through a remote WebDriver (Selenium Grid) at URL")


def configure(config: pytest.Config) -> None:
    config.stash[SETTINGS_KEY] = BrowserSettings(
        headless=not config.getoption("headed"), remote_url=config.getoption("remote_url"))
    config.stash[OPEN_KEY] = {}


def role_of(config: pytest.Config, driver: WebDriver) -> str:
    """Which actor a browser plays ("agent", "customer"), as its fixture registered it."""
    open_browsers = config.stash[OPEN_KEY]
    return next((role for role, d in open_browsers.items() if d is driver), "browser")


def _options(settings: BrowserSettings) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    if settings.headless:
        options.add_argument("--headless=new")
    for flag in _QUIET_FLAGS:
        options.add_argument(flag)
    options.add_argument("--window-size={},{}".format(*settings.window_size))
    if not settings.remote_url:
        options.binary_location = _chromium_binary()
    return options


def _chromium_binary() -> str:
    if Path(CHROMIUM_BINARY).exists():
        return CHROMIUM_BINARY  # the /usr/bin wrapper prints a shell warning on every start
    found = shutil.which("chromium") or shutil.which("google-chrome")
    if not found:
        raise RuntimeError("Chromium not found: install it with `make setup` (apt-get install chromium)")
    return found


class TrackedChrome(webdriver.Chrome):
    """Chrome that remembers which window it is on and when its last command ended.

    Evidence needs both after every step; asking the browser costs a command (~30 ms) each.
    """

    window: str | None = None
    last_command_at: float = 0.0
    _before_next_command: Callable[[], None] | None = None

    def execute(self, driver_command: str, params: dict | None = None) -> dict:
        before, self._before_next_command = self._before_next_command, None
        if before is not None:
            before()
        try:
            response = super().execute(driver_command, params)
        finally:
            self.last_command_at = time.monotonic()
        if driver_command == Command.SWITCH_TO_WINDOW:
            self.window = params["handle"]
        elif driver_command == Command.W3C_GET_CURRENT_WINDOW_HANDLE:
            self.window = response["value"]
        elif driver_command in (Command.CLOSE, Command.QUIT):
            self.window = None  # unknown until asked or switched again
        return response


def before_next_command(driver: WebDriver, action: Callable[[], None]) -> bool:
    """Run `action` just before the driver's next command (once; it replaces one not run yet),
    while the page is still as the last command left it; False if the driver cannot do that."""
    if not isinstance(driver, TrackedChrome):
        return False
    driver._before_next_command = action
    return True


def current_window(driver: WebDriver) -> str:
    """The handle (DevTools target id) of the window the driver is on."""
    window = getattr(driver, "window", None)
    return window if window is not None else driver.current_window_handle


def last_command_at(driver: WebDriver) -> float | None:
    """When (time.monotonic) the driver's last command ended; None if it does not say."""
    return getattr(driver, "last_command_at", None)


def start_chrome(settings: BrowserSettings, temp_dir: Path | None = None) -> WebDriver:
    """Start one Chromium; SE_OFFLINE keeps Selenium Manager off the network.

    `temp_dir` becomes Chromium's TMPDIR: it leaves an org.chromium.* directory there per
    start, so the caller passes a short per-run directory and removes it afterwards.
    """
    os.environ.setdefault("SE_OFFLINE", "true")
    options = _options(settings)
    if settings.remote_url:
        return webdriver.Remote(command_executor=settings.remote_url, options=options)
    driver_path = CHROMEDRIVER if Path(CHROMEDRIVER).exists() else shutil.which("chromedriver")
    if not driver_path:
        raise RuntimeError("chromedriver not found: install it with `make setup` (chromium-driver)")
    env = {**os.environ, "TMPDIR": str(temp_dir)} if temp_dir else None
    return TrackedChrome(service=Service(driver_path, env=env), options=options)


def reset_browser(driver: WebDriver) -> None:
    """Bring a reused browser back to one blank window with no cookies or permissions."""
    handles = driver.window_handles
    for handle in handles[1:]:
        driver.switch_to.window(handle)
        driver.close()
    driver.switch_to.window(handles[0])
    driver.get("about:blank")
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.execute_cdp_cmd("Browser.resetPermissions", {})


def grant_notifications(driver: WebDriver, origin: str) -> None:
    """What clicking "Allow" on Chromium's notification prompt does, for one origin."""
    driver.execute_cdp_cmd(
        "Browser.grantPermissions", {"origin": origin, "permissions": ["notifications"]}
    )
