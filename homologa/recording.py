"""One captioned screencast per scenario: record every browser, time each step, encode at the end.

Encoding runs on one background thread while the next scenario plays; the HTML report gets a
player whose sources are placeholders, filled with the encoded video once the run is over
(`finish_run`, after pytest-html has written the file).
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_html import extras
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from homologa import browsers, reports, video
from homologa.screencast import Frame, ScreencastRecorder, debugger_address

__all__ = [
    "SIMULATED_MARK",
    "add_options",
    "ask_frame",
    "attach_to_report",
    "configure",
    "finish",
    "finish_run",
    "is_recording",
    "newest_frame",
    "start",
    "step_finished",
    "step_started",
    "video_of",
    "wait_for_videos",
]

SIMULATED_MARK = "SIMULATED REHEARSAL - Homologa, not real Facebook"
ENABLED_KEY = pytest.StashKey[bool]()
RECORDING_KEY = pytest.StashKey["Recording"]()
ENCODER_KEY = pytest.StashKey[ThreadPoolExecutor]()
PLAYERS_KEY = pytest.StashKey[list]()  # Recordings whose player in the report awaits its video
RECORDERS_KEY = pytest.StashKey[dict]()  # role -> the run's ScreencastRecorder of that browser
_PLACEHOLDER = "homologa-pending-{kind}-{number}"
_PLACEHOLDER_RE = re.compile(r"homologa-pending-(mp4|vtt)-(\d+)")


@dataclass
class Recording:
    folder: Path
    recorders: dict[str, ScreencastRecorder]
    steps: list[video.StepSpan] = field(default_factory=list)
    step_start: float = 0.0
    video: Path | None = None
    problem: str | None = None
    encoding: Future | None = None
    number: int = 0


def add_options(parser: pytest.Parser) -> None:
    parser.getgroup("homologa").addoption(
        "--no-video", action="store_true", help="do not record a captioned video per scenario")


def configure(config: pytest.Config) -> None:
    config.stash[ENABLED_KEY] = not config.getoption("no_video")
    config.stash[PLAYERS_KEY] = []
    config.stash[RECORDERS_KEY] = {}


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
        recorder = _recorder(config, role, address)
        recorder.begin(folder / "frames" / role)
        recording.recorders[role] = recorder


def _recorder(config: pytest.Config, role: str, address: str) -> ScreencastRecorder:
    """The browser's recorder for the whole run (a new one if the browser is new)."""
    recorders = config.stash[RECORDERS_KEY]
    recorder = recorders.get(role)
    if recorder is None or recorder.address != address or recorder.error:
        if recorder is not None:
            recorder.stop()
        recorder = recorders[role] = ScreencastRecorder(address)
        recorder.start()
    return recorder


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
            windows[role] = browsers.current_window(driver)
        except WebDriverException:
            pass  # the window closed during the step; the previous one stays on screen
    recording.steps.append(video.StepSpan(recording.step_start, end, caption, roles, windows, failed))


def ask_frame(item: pytest.Item, role: str,
              driver: WebDriver) -> Callable[[float], Path | None] | None:
    """Ask the browser's recorder for a frame of its current window as it is now; returns
    `wait(timeout)` for that frame's picture. None when the browser is not recorded."""
    recording = item.stash.get(RECORDING_KEY, None)
    recorder = recording.recorders.get(role) if recording else None
    wait = recorder.ask_frame(browsers.current_window(driver)) if recorder else None
    if wait is None:
        return None

    def picture(timeout: float) -> Path | None:
        frame = wait(timeout)
        return frame.path if frame is not None else None

    return picture


def newest_frame(item: pytest.Item, role: str, window: str) -> Frame | None:
    """The newest screencast frame of one window of a browser, None without one."""
    recording = item.stash.get(RECORDING_KEY, None)
    recorder = recording.recorders.get(role) if recording else None
    return recorder.latest_frame(window) if recorder is not None else None


def is_recording(item: pytest.Item, role: str) -> bool:
    recording = item.stash.get(RECORDING_KEY, None)
    return recording is not None and role in recording.recorders


def finish(item: pytest.Item) -> None:
    """Stop the recorders and queue the video's encoding; a failure is noted, not raised."""
    recording = item.stash.get(RECORDING_KEY, None)
    if not recording or not recording.recorders:
        return
    frames = {role: recorder.end() for role, recorder in recording.recorders.items()}
    broken = [role for role, r in recording.recorders.items() if r.error]
    cuts = video.edit(recording.steps, frames)
    if broken or not cuts:
        recording.problem = f"no video: the screencast of {broken or 'every browser'} gave no frames"
        shutil.rmtree(recording.folder / "frames", ignore_errors=True)
        return
    if ENCODER_KEY not in item.config.stash:
        item.config.stash[ENCODER_KEY] = ThreadPoolExecutor(1, thread_name_prefix="encode")
    recording.encoding = item.config.stash[ENCODER_KEY].submit(_encode, recording, cuts)


def _encode(recording: Recording, cuts: list[video.Cut]) -> None:
    try:
        recording.video = video.encode(cuts, recording.folder / "scenario.mp4", SIMULATED_MARK)
    except subprocess.CalledProcessError as exc:
        recording.problem = f"no video: ffmpeg failed ({exc.stderr.strip()[:300]})"
    finally:
        shutil.rmtree(recording.folder / "frames", ignore_errors=True)


def wait_for_videos(config: pytest.Config) -> None:
    """Block until every queued video is encoded (packs and the report need them)."""
    encoder = config.stash.get(ENCODER_KEY, None)
    if encoder is not None:
        encoder.shutdown(wait=True)
        del config.stash[ENCODER_KEY]


def finish_run(config: pytest.Config, html_path: Path | None) -> list[str]:
    """Put each encoded video into its player of the written report; return the problems."""
    for recorder in config.stash.get(RECORDERS_KEY, {}).values():
        recorder.stop()
    wait_for_videos(config)
    players: list[Recording] = config.stash.get(PLAYERS_KEY, [])
    problems = [r.problem for r in players if r.problem]
    if not players or html_path is None or not html_path.exists():
        return problems
    by_number = {r.number: r for r in players if r.video is not None}

    def source(match: re.Match) -> str:
        recording = by_number.get(int(match.group(2)))
        if recording is None:
            return match.group(0)
        kind = match.group(1)
        path = recording.video if kind == "mp4" else recording.video.with_suffix(".vtt")
        mime = "video/mp4" if kind == "mp4" else "text/vtt"
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    html = html_path.read_text(encoding="utf-8")  # one pass: the file holds every video
    html_path.write_text(_PLACEHOLDER_RE.sub(source, html), encoding="utf-8")
    return problems


def video_of(item: pytest.Item) -> Path | None:
    """Where the scenario's video is (or will be, once `wait_for_videos` returns)."""
    recording = item.stash.get(RECORDING_KEY, None)
    if recording is None or (recording.encoding is None and recording.video is None):
        return None
    return recording.folder / "scenario.mp4"


def attach_to_report(item: pytest.Item, report: pytest.TestReport) -> None:
    """A player (and its captions track) whose sources are filled in by `finish_run`."""
    recording = item.stash.get(RECORDING_KEY, None)
    if report.when != "call" or recording is None:
        return
    if recording.problem:
        report.sections.append(("video", recording.problem))
    if recording.encoding is None:
        return
    players = item.config.stash[PLAYERS_KEY]
    recording.number = len(players) + 1
    players.append(recording)
    mp4 = _PLACEHOLDER.format(kind="mp4", number=recording.number)
    vtt = _PLACEHOLDER.format(kind="vtt", number=recording.number)
    player = (
        '<video controls preload="metadata" width="640" style="display:block;margin:8px 0">'
        f'<source type="video/mp4" src="{mp4}">'
        f'<track default kind="captions" srclang="en" label="Steps" src="{vtt}"></video>'
    )
    report.extras = [*getattr(report, "extras", []), extras.html(player)]
