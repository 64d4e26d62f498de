"""Evidence of a rehearsal: a screenshot of each browser a step used, saved and put in the report."""

from __future__ import annotations

import base64
from dataclasses import dataclass

import pytest
from pytest_html import extras
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from homologa import browsers, reports

__all__ = [
    "Screenshot",
    "add_options",
    "attach_to_report",
    "capture_step",
    "configure",
    "drivers_of_step",
]

ENABLED_KEY = pytest.StashKey[bool]()
SHOTS_KEY = pytest.StashKey[list]()        # item -> [Screenshot]
LAST_DRIVERS_KEY = pytest.StashKey[list]()  # item -> drivers of the last step that used any


@dataclass(frozen=True)
class Screenshot:
    step: str
    browser: str
    png: bytes
    at_failure: bool = False


def add_options(parser: pytest.Parser) -> None:
    parser.getgroup("homologa").addoption(
        "--no-screenshots", action="store_true", help="do not take a screenshot after each step")


def configure(config: pytest.Config) -> None:
    config.stash[ENABLED_KEY] = not config.getoption("no_screenshots")


def drivers_used(step_func_args: dict[str, object]) -> list[WebDriver]:
    """The browsers a step touched: WebDriver arguments and the drivers of its page objects."""
    found: dict[str, WebDriver] = {}
    for value in step_func_args.values():
        driver = value if isinstance(value, WebDriver) else getattr(value, "driver", None)
        if isinstance(driver, WebDriver):
            found.setdefault(driver.session_id, driver)
    return list(found.values())


def drivers_of_step(item: pytest.Item, step_func_args: dict[str, object]) -> list[WebDriver]:
    """The browsers a step used, or those of the last step that used any (a journal check)."""
    drivers = drivers_used(step_func_args) or item.stash.get(LAST_DRIVERS_KEY, [])
    item.stash[LAST_DRIVERS_KEY] = drivers
    return drivers


def capture_step(item: pytest.Item, step_name: str, drivers: list[WebDriver],
                 at_failure: bool = False) -> None:
    if not item.config.stash[ENABLED_KEY]:
        return
    shots = item.stash.setdefault(SHOTS_KEY, [])
    for driver in drivers:
        try:
            png = _screenshot(driver)
        except WebDriverException as exc:  # a dead browser must not hide the step's own outcome
            item.add_report_section("call", "screenshot", f"{step_name}: no screenshot ({exc.msg})")
            continue
        shot = Screenshot(step_name, browsers.role_of(item.config, driver), png, at_failure)
        shots.append(shot)
        _save(item, len(shots), shot)


def _screenshot(driver: WebDriver) -> bytes:
    """The viewport as PNG; through DevTools with fast encoding (~45 ms, not ~115 ms) on Chromium."""
    try:
        shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                      {"format": "png", "optimizeForSpeed": True})
    except (AttributeError, WebDriverException):  # not Chromium, or a remote end without CDP
        return driver.get_screenshot_as_png()
    return base64.b64decode(shot["data"])


def _save(item: pytest.Item, number: int, shot: Screenshot) -> None:
    run_dir = reports.run_dir(item.config)
    if run_dir is None:
        return
    folder = run_dir / "screenshots" / reports.slug(item.name)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "-FAILED" if shot.at_failure else ""
    (folder / f"{number:02d}-{shot.browser}-{reports.slug(shot.step)[:60]}{suffix}.png").write_bytes(shot.png)


def attach_to_report(item: pytest.Item, report: pytest.TestReport) -> None:
    """Put the scenario's screenshots, in step order, into its row of the HTML report."""
    shots: list[Screenshot] = item.stash.get(SHOTS_KEY, [])
    if report.when != "call" or not shots:
        return
    report.extras = [*getattr(report, "extras", []), *(
        extras.image(base64.b64encode(s.png).decode("ascii"), name=_caption(s)) for s in shots
    )]


def _caption(shot: Screenshot) -> str:
    return f"{'FAILED at: ' if shot.at_failure else ''}{shot.step} [{shot.browser}]"
