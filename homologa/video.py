"""Cut a scenario's screencasts into one captioned video: each step shows the browser it used."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from homologa.screencast import Frame

__all__ = ["Cut", "StepSpan", "edit", "encode", "write_captions"]

WIDTH, PAGE_HEIGHT, HEIGHT = 1280, 657, 744  # the 1280x657 viewport over a caption band
_TICK = 0.04  # how long a still lasts without a duration (ffmpeg's image2 default, 25 fps)
# encoding runs beside the next scenario: at a lower priority it takes only the idle CPU
_NICE = ["nice", "-n", "10"] if shutil.which("nice") else []


@dataclass(frozen=True)
class StepSpan:
    """A step on the scenario's timeline (time.monotonic seconds), the browsers it used, and
    the window each showed at its end (a window handle, which is the DevTools target id)."""

    start: float
    end: float
    caption: str
    browsers: tuple[str, ...]
    windows: dict[str, str] = field(default_factory=dict)
    failed: bool = False


@dataclass(frozen=True)
class Cut:
    """One still of the final video: which frame, for how long, and the caption under it."""

    frame: Path
    seconds: float
    caption: str


def edit(steps: Sequence[StepSpan], frames: dict[str, list[Frame]],
         min_step_seconds: float = 1.5) -> list[Cut]:
    """Lay the frames of the browser each step used along the steps, in real time.

    A step shows the window its browser was on (the desk after ENTER, Messenger after
    "Message"); a step that used no browser keeps the previous picture; a step shorter than
    `min_step_seconds` holds its last frame so a viewer can read the caption.
    """
    cuts: list[Cut] = []
    role = next((s.browsers[0] for s in steps if s.browsers), None)
    target: dict[str, str] = {}
    for step in steps:
        role = step.browsers[0] if step.browsers else role
        target.update(step.windows)
        stream = frames.get(role, [])
        window = [f for f in stream if f.target_id == target.get(role)] or stream
        cuts.extend(_cuts_for_step(step, window, min_step_seconds))
    return cuts


def _cuts_for_step(step: StepSpan, window: list[Frame], min_seconds: float) -> list[Cut]:
    before = [f for f in window if f.time <= step.start]
    during = [f for f in window if step.start < f.time < step.end]
    shown = before[-1] if before else (during[0] if during else None)
    if shown is None:
        return []
    cuts, since = [], step.start
    for frame in during:
        if frame is not shown:
            cuts.append(Cut(shown.path, frame.time - since, step.caption))
            shown, since = frame, frame.time
    cuts.append(Cut(shown.path, step.end - since, step.caption))
    shortfall = min_seconds - (step.end - step.start)
    if shortfall > 0:
        cuts[-1] = Cut(shown.path, cuts[-1].seconds + shortfall, step.caption)
    return [c for c in cuts if c.seconds > 0]


_ASS_HEADER = f"""[Script Info]
ScriptType: v4.00+
PlayResX: {WIDTH}
PlayResY: {HEIGHT}
WrapStyle: 0

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, BackColour, Bold, Alignment, MarginL, MarginR, \
MarginV, BorderStyle, Outline, Shadow
Style: Step,DejaVu Sans,22,&H00FFFFFF,&H00211E1C,0,2,24,24,12,1,0,0

[Events]
Format: Layer, Start, End, Style, Text
"""  # the backslash joins the Format line, which is one line in the file written


def write_captions(cuts: Sequence[Cut], ass_path: Path, vtt_path: Path) -> None:
    """One caption per step: ASS (burned into the band under the page) and WebVTT (HTML player)."""
    cues: list[tuple[float, float, str]] = []
    at = 0.0
    for cut in cuts:
        if cues and cues[-1][2] == cut.caption:
            cues[-1] = (cues[-1][0], at + cut.seconds, cut.caption)
        else:
            cues.append((at, at + cut.seconds, cut.caption))
        at += cut.seconds
    ass = [f"Dialogue: 0,{_ass_stamp(a)},{_ass_stamp(b)},Step,{_ass_escape(text)}"
           for a, b, text in cues]
    vtt = [f"{_stamp(a, '.')} --> {_stamp(b, '.')}\n{text}\n" for a, b, text in cues]
    ass_path.write_text(_ASS_HEADER + "\n".join(ass) + "\n", encoding="utf-8")
    vtt_path.write_text("WEBVTT\n\n" + "\n".join(vtt), encoding="utf-8")


def _ass_stamp(seconds: float) -> str:
    centis = round(seconds * 100)
    return f"{centis // 360000}:{centis // 6000 % 60:02d}:{centis // 100 % 60:02d}.{centis % 100:02d}"


def _ass_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("{", "(").replace("}", ")").replace("\n", "\\N")


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def encode(cuts: Sequence[Cut], out_path: Path, mark: str) -> Path:
    """Encode the cuts to H.264 with the captions and a "simulated" mark burned in."""
    work = out_path.parent
    playlist = work / f"{out_path.stem}.ffconcat"
    ass = work / f"{out_path.stem}.ass"
    write_captions(cuts, ass, out_path.with_suffix(".vtt"))
    lines = ["ffconcat version 1.0"]
    for cut in cuts:
        lines += [f"file '{cut.frame.resolve()}'", f"duration {cut.seconds:.3f}"]
    # the concat demuxer drops the last duration: the last still again, at the end, one tick
    # long, so the one before it is held for its whole duration
    lines.append(f"file '{cuts[-1].frame.resolve()}'")
    playlist.write_text("\n".join(lines) + "\n", encoding="utf-8")
    filters = ",".join([
        f"scale={WIDTH}:{PAGE_HEIGHT}:force_original_aspect_ratio=decrease",
        f"pad={WIDTH}:{HEIGHT}:0:0:color=0x1c1e21",
        f"subtitles={ass.name}",
        # the mark sits in the band, never over the page (the STATUS menu is top right)
        (f"drawtext=text='{_drawtext_escape(mark)}':font='DejaVu Sans':fontsize=14:"
         f"fontcolor=0xff8a80:x=24:y={PAGE_HEIGHT + 10}"),
    ])
    subprocess.run(
        [*_NICE, "ffmpeg", "-y", "-loglevel", "error", "-f", "concat", "-safe", "0",
         "-i", playlist.name, "-vf", filters, "-t", f"{sum(c.seconds for c in cuts) + _TICK:.3f}",
         # the video is stills: each one encoded once, held for its duration by its timestamp
         # (a constant frame rate encodes every still again at every tick: ~1.7x the frames),
         # on x264's superfast preset (half the CPU of veryfast for stills, ~the same size)
         "-fps_mode", "vfr",
         "-c:v", "libx264", "-preset", "superfast", "-tune", "stillimage", "-pix_fmt", "yuv420p",
         # one thread and a short lookahead: ~120 MB instead of ~170 MB, and it leaves the
         # other core to the rehearsal it runs beside; no B-frames: x264 then holds no frames
         # back to reorder (~87 MB RSS instead of ~113 MB, measured on a 55-still scenario),
         # for about the same size and CPU (stills barely move between frames)
         "-threads", "1", "-x264-params", "rc-lookahead=5:bframes=0",
         "-movflags", "+faststart", out_path.name],
        cwd=work, check=True, capture_output=True, text=True,
    )
    playlist.unlink()
    return out_path


def _drawtext_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "\u2019").replace(":", "\\:").replace("%", "\\%")
