"""One captioned screencast per scenario: record every browser, time each step, encode at the end."""

from __future__ import annotations

import base64
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_html import extras
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from homologa import browsers, reports, video
from homologa.screencast import ScreencastRecorder, debugger_address

__all__ = [
    "SIMULATED_MARK",
    "add_options",
    "attach_to_report",
    "configure",
    "finish",
    "start",
    "step_finished",
    "step_started",
    "video_of",
]

SIMULATED_MARK = "SIMULATED REHEARSAL - Homologa, not real Facebook"
ENABLED_KEY = pytest.StashKey[bool]()
RECORDING_KEY = pytest.StashKey["Recording"]()


@dataclass
class Recording:
    folder: Path
    recorders: dict[str, ScreencastRecorder]
    steps: list[video.StepSpan] = field(default_factory=list)
    step_start: float = 0.0
    video: Path | None = None
    problem: str | None = None


def add_options(parser: pytest.Parser) -> None:
    parser.getgroup("homologa").addoption(
        "--no-video", action="store_true", help="do not record a captioned video per scenario")


def configure(config: pytest.Config) -> None:
    config.stash[ENABLED_KEY] = not config.getoption("no_video")


def start(request: pytest.FixtureRequest) -> None:
    """Start screencasting every open browser; a scenario with none (or no ffmpeg) has no video."""
    item, config = request.node, request.config
    run_dir = reports.run_dir(config)
    if not config.stash[ENABLED_KEY] or run_dir is None:
        return
    folder = run_dir / "videos" / reports.slug(item.name)
    recording = Recording(folder, {})
    item.stash[RECORDING_KEY] = recording
    if not shutil.which("ffmpeg"):
        recording.problem = "no video: ffmpeg is not installed (make setup installs it)"
        return
    for role, driver in config.stash[browsers.OPEN_KEY].items():
        address = debugger_address(driver)
        if address is None:
            recording.problem = f"no video of the {role}'s browser: it is remote"
            continue
        recorder = ScreencastRecorder(address, folder / "frames" / role)
        recorder.start()
        recording.recorders[role] = recorder


def step_started(item: pytest.Item) -> None:
    recording = item.stash.get(RECORDING_KEY, None)
    if recording:
        recording.step_start = time.monotonic()


def step_finished(item: pytest.Item, caption: str, drivers: list[WebDriver],
                  failed: bool = False) -> None:
    """Close the step's span; note which window of each browser it left in front."""
    recording = item.stash.get(RECORDING_KEY, None)
    if not recording:
        return
    end = time.monotonic()
    roles = tuple(browsers.role_of(item.config, d) for d in drivers)
    windows = {}
    for role, driver in zip(roles, drivers, strict=True):
        try:
            windows[role] = driver.current_window_handle
        except WebDriverException:
            pass  # the window closed during the step; the previous one stays on screen
    recording.steps.append(video.StepSpan(recording.step_start, end, caption, roles, windows, failed))


def finish(item: pytest.Item) -> None:
    """Stop the recorders and cut one video along the steps; a failure is noted, not raised."""
    recording = item.stash.get(RECORDING_KEY, None)
    if not recording or not recording.recorders:
        return
    frames = {role: recorder.stop() for role, recorder in recording.recorders.items()}
    broken = [role for role, r in recording.recorders.items() if r.error]
    cuts = video.edit(recording.steps, frames)
    if broken or not cuts:
        recording.problem = f"no video: the screencast of {broken or 'every browser'} gave no frames"
        return
    try:
        recording.video = video.encode(cuts, recording.folder / "scenario.mp4", SIMULATED_MARK)
    except subprocess.CalledProcessError as exc:
        recording.problem = f"no video: ffmpeg failed ({exc.stderr.strip()[:300]})"
    finally:
        shutil.rmtree(recording.folder / "frames", ignore_errors=True)


def video_of(item: pytest.Item) -> Path | None:
    """The scenario's encoded video, if it has one."""
    recording = item.stash.get(RECORDING_KEY, None)
    return recording.video if recording else None


def attach_to_report(item: pytest.Item, report: pytest.TestReport) -> None:
    """Embed the video (and its captions track) so the single HTML file plays it."""
    recording = item.stash.get(RECORDING_KEY, None)
    if report.when != "call" or recording is None:
        return
    if recording.problem:
        report.sections.append(("video", recording.problem))
    if recording.video is None:
        return
    mp4 = base64.b64encode(recording.video.read_bytes()).decode("ascii")
    vtt = base64.b64encode(recording.video.with_suffix(".vtt").read_bytes()).decode("ascii")
    player = (
        '<video controls preload="metadata" width="640" style="display:block;margin:8px 0">'
        f'<source type="video/mp4" src="data:video/mp4;base64,{mp4}">'
        f'<track default kind="captions" srclang="en" label="Steps" '
        f'src="data:text/vtt;base64,{vtt}"></video>'
    )
    report.extras = [*getattr(report, "extras", []), extras.html(player)]
