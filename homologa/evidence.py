"""Evidence of a rehearsal: a screenshot of each browser a step used, saved and put in the report.

Screenshots live on disk, never in memory: the report gets a placeholder per picture, filled
in one pass once pytest-html has written it (`fill_report`). A step's picture is a screencast
frame when the browser is recorded: one asked of the recorder (`ScreencastRecorder.ask_frame`,
~60 ms) and awaited only before the browser's next command, or the previous shot when nothing
was sent to the browser and it drew nothing since; a PNG through WebDriver otherwise (no video,
a remote browser, or no frame came).
"""

from __future__ import annotations

import base64
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from pytest_html import extras
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from homologa import browsers, recording, reports

__all__ = [
    "Screenshot",
    "add_options",
    "attach_to_report",
    "capture_step",
    "configure",
    "drivers_of_step",
    "fill_report",
    "settle",
]

ENABLED_KEY = pytest.StashKey[bool]()
SHOTS_KEY = pytest.StashKey[list]()        # item -> [Screenshot]
LAST_DRIVERS_KEY = pytest.StashKey[list]()  # item -> drivers of the last step that used any
PENDING_KEY = pytest.StashKey[list]()      # [Screenshot] whose picture the report awaits
LAST_SHOT_KEY = pytest.StashKey[dict]()    # item -> role -> (taken at, window, path)
SCRATCH_KEY = pytest.StashKey[Path]()      # where shots go when the run has no reports folder
PENDING_SHOTS_KEY = pytest.StashKey[dict]()  # item -> role -> (its wait, driver, shot index)
_SHOT_SECONDS = 2.0  # how long a frame asked of the recorder is awaited (then: a PNG)
# valid base64 (pytest-html checks), so the report keeps it verbatim until `fill_report`
_PLACEHOLDER = "homologaShot{:08d}"
_PLACEHOLDER_RE = re.compile(r"(?:data:image/png;base64,)?homologaShot(\d{8})")


@dataclass(frozen=True)
class Screenshot:
    step: str
    browser: str
    path: Path
    at_failure: bool = False

    @property
    def mime_type(self) -> str:
        return "image/jpeg" if self.path.suffix == ".jpg" else "image/png"


def add_options(parser: pytest.Parser) -> None:
    parser.getgroup("homologa").addoption(
        "--no-screenshots", action="store_true", help="do not take a screenshot after each step")


def configure(config: pytest.Config) -> None:
    config.stash[ENABLED_KEY] = not config.getoption("no_screenshots")
    config.stash[PENDING_KEY] = []


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
    """A picture of each browser the step used, as the step left it. A frame asked of a
    recorded browser is awaited only just before that browser's next command (or at the
    scenario's end, `settle`): the rehearsal goes on meanwhile (the other browser, the
    journal), and pays the wait only when the same browser is used at once."""
    if not item.config.stash[ENABLED_KEY]:
        return
    shots = item.stash.setdefault(SHOTS_KEY, [])
    last_shots = item.stash.setdefault(LAST_SHOT_KEY, {})
    for driver in drivers:
        role = browsers.role_of(item.config, driver)
        settle(item, role)  # this browser's shot of an earlier step, if still waiting
        try:
            picture = _unchanged_shot(item, role, driver)
            asked = None if picture else recording.ask_frame(item, role, driver)
            png = None if picture or asked else _screenshot(driver)
            window = browsers.current_window(driver)
        except WebDriverException as exc:  # a dead browser must not hide the step's own outcome
            item.add_report_section("call", "screenshot", f"{step_name}: no screenshot ({exc.msg})")
            continue
        suffix = "-FAILED" if at_failure else ""
        name = f"{len(shots) + 1:02d}-{role}-{reports.slug(step_name)[:60]}{suffix}"
        path = _folder(item) / f"{name}{'.png' if png else '.jpg'}"
        if picture:
            shutil.copyfile(picture, path)  # a frame goes when the video is encoded
        elif png:
            path.write_bytes(png)
        last_shots[role] = (time.monotonic(), window, path)
        shots.append(Screenshot(step_name, role, path, at_failure))
        if asked:
            item.stash.setdefault(PENDING_SHOTS_KEY, {})[role] = (asked, driver, len(shots) - 1)
            if not browsers.before_next_command(driver, lambda r=role: settle(item, r)):
                settle(item, role)  # a driver that cannot say when it is next used: now


def settle(item: pytest.Item, role: str | None = None) -> None:
    """Put in place the picture of each shot still on its way (or only `role`'s); if it did
    not come, a PNG through WebDriver (the page has not changed meanwhile: nothing was sent to
    the browser since the step)."""
    pending = item.stash.get(PENDING_SHOTS_KEY, {})
    shots = item.stash.get(SHOTS_KEY, [])
    for waiting in [role] if role else list(pending):
        entry = pending.pop(waiting, None)
        if entry is None:
            continue
        asked, driver, index = entry
        shot = shots[index]
        picture = asked(_SHOT_SECONDS)
        if picture is not None:
            shutil.copyfile(picture, shot.path)
            continue
        try:
            png = _screenshot(driver)
        except WebDriverException as exc:
            item.add_report_section("call", "screenshot",
                                    f"{shot.step}: no screenshot ({exc.msg})")
            continue
        shots[index] = replace(shot, path=shot.path.with_suffix(".png"))
        shots[index].path.write_bytes(png)
        last = item.stash.get(LAST_SHOT_KEY, {}).get(waiting)
        if last is not None and last[2] == shot.path:
            item.stash[LAST_SHOT_KEY][waiting] = (*last[:2], shots[index].path)


def _unchanged_shot(item: pytest.Item, role: str, driver: WebDriver) -> Path | None:
    """The browser's previous shot in this scenario when its page cannot have changed since:
    the driver ran no command and the window sent no screencast frame (no repaint) after it."""
    last = item.stash.get(LAST_SHOT_KEY, {}).get(role)
    since = browsers.last_command_at(driver)
    if last is None or since is None or not recording.is_recording(item, role):
        return None
    taken_at, window, path = last
    if since > taken_at or browsers.current_window(driver) != window:
        return None
    frame = recording.newest_frame(item, role, window)
    return path if frame is None or frame.time <= taken_at else None


def _screenshot(driver: WebDriver) -> bytes:
    """The viewport as PNG; through DevTools with fast encoding (~45 ms, not ~115 ms) on Chromium."""
    try:
        shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                      {"format": "png", "optimizeForSpeed": True})
    except (AttributeError, WebDriverException):  # not Chromium, or a remote end without CDP
        return driver.get_screenshot_as_png()
    return base64.b64decode(shot["data"])


def _folder(item: pytest.Item) -> Path:
    config = item.config
    run_dir = reports.run_dir(config)
    if run_dir is None:  # --html chosen by hand: the pictures only go into that report
        if SCRATCH_KEY not in config.stash:
            config.stash[SCRATCH_KEY] = Path(tempfile.mkdtemp(prefix="homologa-shots-"))
        run_dir = config.stash[SCRATCH_KEY]
    folder = run_dir / "screenshots" / reports.slug(item.name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def attach_to_report(item: pytest.Item, report: pytest.TestReport) -> None:
    """Put the scenario's screenshots, in step order, into its row of the HTML report."""
    if report.when != "call":
        return
    settle(item)
    shots: list[Screenshot] = [shot for shot in item.stash.get(SHOTS_KEY, []) if shot.path.exists()]
    if not shots:
        return
    pending = item.config.stash[PENDING_KEY]
    images = []
    for shot in shots:
        pending.append(shot)
        images.append(extras.image(_PLACEHOLDER.format(len(pending)), name=_caption(shot)))
    report.extras = [*getattr(report, "extras", []), *images]


def fill_report(config: pytest.Config, html_path: Path | None) -> None:
    """Put each screenshot into its place in the written report (one pass over the file)."""
    pending: list[Screenshot] = config.stash.get(PENDING_KEY, [])
    if pending and html_path is not None and html_path.exists():
        def picture(match: re.Match) -> str:
            shot = pending[int(match.group(1)) - 1]
            data = base64.b64encode(shot.path.read_bytes()).decode("ascii")
            return f"data:{shot.mime_type};base64,{data}"

        html = html_path.read_text(encoding="utf-8")
        html_path.write_text(_PLACEHOLDER_RE.sub(picture, html), encoding="utf-8")
    scratch = config.stash.get(SCRATCH_KEY, None)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


def _caption(shot: Screenshot) -> str:
    return f"{'FAILED at: ' if shot.at_failure else ''}{shot.step} [{shot.browser}]"
