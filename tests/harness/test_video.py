"""Cutting screencasts into a scenario video: which frames each step shows, captions, encoding."""

import json
import subprocess
from pathlib import Path

import pytest

from homologa import video
from homologa.screencast import Frame


def frame(tmp_path: Path, name: str, at: float, target: str = "w1") -> Frame:
    path = tmp_path / f"{name}.jpg"
    path.write_bytes(b"jpeg")
    return Frame(at, target, path)


def test_each_step_shows_the_browser_it_used(tmp_path: Path) -> None:
    agent = [frame(tmp_path, "a0", 0.0), frame(tmp_path, "a1", 1.2)]
    customer = [frame(tmp_path, "c0", 0.5), frame(tmp_path, "c1", 2.5)]
    steps = [video.StepSpan(0.0, 2.0, "agent step", ("agent",)),
             video.StepSpan(2.0, 4.0, "customer step", ("customer",))]
    cuts = video.edit(steps, {"agent": agent, "customer": customer}, min_step_seconds=0)
    assert [(c.frame.name, round(c.seconds, 3), c.caption) for c in cuts] == [
        ("a0.jpg", 1.2, "agent step"), ("a1.jpg", 0.8, "agent step"),
        ("c0.jpg", 0.5, "customer step"), ("c1.jpg", 1.5, "customer step")]


def test_a_step_shows_the_window_its_browser_was_on(tmp_path: Path) -> None:
    frames = [frame(tmp_path, "login", 0.1, "login"), frame(tmp_path, "desk", 1.5, "desk"),
              frame(tmp_path, "login-again", 1.6, "login")]
    steps = [video.StepSpan(1.0, 1.55, "ENTER opens the desk", ("agent",), {"agent": "desk"}),
             video.StepSpan(1.55, 3.0, "status", ("agent",))]
    cuts = video.edit(steps, {"agent": frames}, min_step_seconds=0)
    assert [c.frame.name for c in cuts if c.caption == "status"] == ["desk.jpg"]


def test_a_step_without_a_browser_keeps_showing_the_last_one(tmp_path: Path) -> None:
    frames = [frame(tmp_path, "a0", 0.0)]
    steps = [video.StepSpan(0.0, 1.0, "acts", ("agent",)), video.StepSpan(1.0, 2.0, "checks", ())]
    cuts = video.edit(steps, {"agent": frames}, min_step_seconds=0)
    assert [(c.frame.name, c.caption) for c in cuts] == [("a0.jpg", "acts"), ("a0.jpg", "checks")]


def test_a_short_step_is_held_long_enough_to_read(tmp_path: Path) -> None:
    steps = [video.StepSpan(0.0, 0.2, "quick", ("agent",))]
    cuts = video.edit(steps, {"agent": [frame(tmp_path, "a0", 0.0)]}, min_step_seconds=1.5)
    assert sum(c.seconds for c in cuts) == pytest.approx(1.5)


def test_captions_are_one_cue_per_step(tmp_path: Path) -> None:
    a, b = frame(tmp_path, "a", 0), frame(tmp_path, "b", 0)
    cuts = [video.Cut(a.path, 1.0, 'When the reviewer clicks on the "ENTER" button'),
            video.Cut(b.path, 0.5, 'When the reviewer clicks on the "ENTER" button'),
            video.Cut(b.path, 2.25, "Then {braces} and ação")]
    video.write_captions(cuts, tmp_path / "c.ass", tmp_path / "c.vtt")
    assert (tmp_path / "c.vtt").read_text(encoding="utf-8") == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n"
        'When the reviewer clicks on the "ENTER" button\n\n'
        "00:00:01.500 --> 00:00:03.750\nThen {braces} and ação\n")
    dialogue = [line for line in (tmp_path / "c.ass").read_text(encoding="utf-8").splitlines()
                if line.startswith("Dialogue:")]
    assert dialogue[1] == "Dialogue: 0,0:00:01.50,0:00:03.75,Step,Then (braces) and ação"


def test_encoded_video_lasts_as_long_as_its_cuts(tmp_path: Path) -> None:
    stills = []
    for color in ("red", "blue"):
        path = tmp_path / f"{color}.jpg"
        subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                        f"color={color}:s=1280x657", "-frames:v", "1", str(path)], check=True)
        stills.append(path)
    cuts = [video.Cut(stills[0], 1.0, "first"), video.Cut(stills[1], 1.5, "second")]
    out = video.encode(cuts, tmp_path / "scenario.mp4", "SIMULATED")
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration:stream=width,height,codec_name",
         "-of", "json", str(out)], capture_output=True, text=True, check=True)
    info = json.loads(probe.stdout)
    assert float(info["format"]["duration"]) == pytest.approx(2.5, abs=0.15)
    assert (info["streams"][0]["codec_name"], info["streams"][0]["width"],
            info["streams"][0]["height"]) == ("h264", 1280, video.HEIGHT)
    assert (tmp_path / "scenario.vtt").exists()


def test_encoded_video_has_no_b_frames(tmp_path: Path) -> None:
    """x264 holds frames back to reorder them around B-frames (~26 MB more per encoder, which
    runs beside the browsers); stills gain nothing from them."""
    still = tmp_path / "still.jpg"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=s=1280x657",
                    "-frames:v", "1", str(still)], check=True)
    cuts = [video.Cut(still, 0.3, f"step {n}") for n in range(6)]
    out = video.encode(cuts, tmp_path / "scenario.mp4", "SIMULATED")
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "frame=pict_type",
                            "-of", "csv=p=0", str(out)], capture_output=True, text=True, check=True)
    assert "B" not in probe.stdout.split()
