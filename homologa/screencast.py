"""Record a Chromium's windows through the DevTools screencast (every page target, each frame timed)."""

from __future__ import annotations

import base64
import itertools
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests
import websocket
from selenium.webdriver.remote.webdriver import WebDriver

__all__ = ["Frame", "ScreencastRecorder", "debugger_address"]

_TWO_ANIMATION_FRAMES = (
    "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(1))))")


@dataclass(frozen=True)
class Frame:
    """One screencast frame: when it arrived (time.monotonic), from which window, where it is,
    and when Chromium drew it (time.time(), from the frame's metadata)."""

    time: float
    target_id: str
    path: Path
    drawn: float = 0.0


def debugger_address(driver: WebDriver) -> str | None:
    """host:port of the browser's DevTools, or None when the browser is remote or not Chromium."""
    options = driver.capabilities.get("goog:chromeOptions") or {}
    return options.get("debuggerAddress")


class ScreencastRecorder:
    """Screencasts every page (window) of one browser while it runs.

    One browser-level DevTools socket attaches to each page target (flattened sessions), so a
    window opened mid-scenario (the desk after ENTER) is recorded from its first paint. Frames
    are acknowledged at once, or Chromium stops sending them. Headless Chromium only sends a
    frame when the page repaints, so skipping frames (everyNthFrame > 1) can lose a whole step
    of a quiet page; our pages have no perpetual animations, so every frame is cheap enough.

    A reused browser keeps one recorder for the whole run: `begin(out_dir)` and `end()` cut
    it into scenarios (connecting and attaching again per scenario costs ~0.1 s a browser);
    frames between scenarios are acknowledged and dropped.
    """

    def __init__(self, address: str, out_dir: Path | None = None, every_nth_frame: int = 1,
                 quality: int = 70) -> None:
        self._address = address
        self._out_dir = out_dir
        self._params = {"format": "jpeg", "quality": quality, "everyNthFrame": every_nth_frame}
        self._frames: list[Frame] = []
        self._latest: dict[str, Frame] = {}  # target id -> its newest frame
        self._frames_lock = threading.Lock()  # begin/end swap what the reader appends to
        self._session_targets: dict[str, str] = {}
        self._target_sessions: dict[str, str] = {}  # target id -> its screencast session
        self._ids = itertools.count(1)
        self._send_lock = threading.Lock()
        self._on_reply: dict[int, Callable[[dict], None]] = {}  # message id -> what to do
        self._replies_lock = threading.Lock()
        self._frame_arrived = threading.Condition(self._frames_lock)
        self._socket: websocket.WebSocket | None = None
        self._reader: threading.Thread | None = None
        self.error: BaseException | None = None

    @property
    def address(self) -> str:
        return self._address

    def begin(self, out_dir: Path) -> None:
        """Keep the frames from now on, in `out_dir`."""
        out_dir.mkdir(parents=True, exist_ok=True)
        with self._frames_lock:
            self._out_dir, self._frames, self._latest = out_dir, [], {}

    def end(self) -> list[Frame]:
        """Stop keeping frames; the ones kept since `begin`, in arrival order."""
        with self._frames_lock:
            frames, self._out_dir, self._frames, self._latest = self._frames, None, [], {}
        return frames

    def start(self) -> None:
        if self._out_dir is not None:
            self.begin(self._out_dir)
        version = requests.get(f"http://{self._address}/json/version", timeout=5).json()
        self._socket = websocket.create_connection(
            version["webSocketDebuggerUrl"], suppress_origin=True, timeout=None)
        self._reader = threading.Thread(target=self._read, name="screencast", daemon=True)
        self._reader.start()
        # also announces the pages that exist already, each once
        self._send("Target.setDiscoverTargets", {"discover": True})

    def stop(self) -> list[Frame]:
        """Stop recording and return the frames in arrival order (harmless twice, or after the
        browser went away and closed the socket)."""
        if self._socket is not None and self._socket.sock is not None:
            try:
                self._socket.sock.shutdown(socket.SHUT_RDWR)  # unblocks the reader's recv
            except OSError:
                pass
            self._socket.close()
        if self._reader is not None:
            self._reader.join(timeout=5)
        return list(self._frames)

    def latest_frame(self, target_id: str) -> Frame | None:
        """The newest frame of one window (target), or None before its first paint."""
        return self._latest.get(target_id)

    def ask_frame(self, target_id: str) -> Callable[[float], Frame | None] | None:
        """Ask for a frame of one window showing the page as it is now, without waiting for
        it: returns `wait(timeout)`, which gives that frame (None if it did not come within
        `timeout` seconds). The caller goes on meanwhile; it must not send the browser anything
        that changes the page before it has waited. None when the window is not recorded.

        Two animation frames make the renderer commit what the page changed (a redraw alone
        can still show the page from before its last change: 1 in 20 typed texts was missing);
        then starting the running screencast again makes Chromium draw it once more, changed
        or not. ~60 ms, where a PNG screenshot beside a screencast costs ~100-300 ms."""
        session_id = self._target_sessions.get(target_id)
        if session_id is None or self._socket is None or self.error is not None:
            return None
        committed: dict[str, float] = {}

        def redraw(reply: dict) -> None:  # on the reader thread, when the page has committed
            if "result" in reply and "exceptionDetails" not in reply["result"]:
                committed["at"] = time.time()
                self._send("Page.startScreencast", self._params, session_id)

        with self._replies_lock:
            message_id = next(self._ids)
            self._on_reply[message_id] = redraw
        try:
            self._send("Runtime.evaluate", {"expression": _TWO_ANIMATION_FRAMES,
                                            "awaitPromise": True}, session_id, message_id)
        except (websocket.WebSocketException, OSError):
            return None  # the browser went away: the caller takes a screenshot or says so

        def drawn_since_commit() -> Frame | None:  # the first one: later ones may show more
            at = committed.get("at")
            if at is None or not self._frames:
                return None
            return next((f for f in self._frames if f.target_id == target_id and f.drawn >= at),
                        None)

        def wait(timeout: float) -> Frame | None:
            with self._frame_arrived:
                frame = self._frame_arrived.wait_for(drawn_since_commit, timeout)
            with self._replies_lock:
                self._on_reply.pop(message_id, None)
            return frame

        return wait

    def _attach(self, target_id: str) -> None:
        self._send("Target.attachToTarget", {"targetId": target_id, "flatten": True})

    def _send(self, method: str, params: dict, session_id: str | None = None,
              message_id: int | None = None) -> None:
        message = {"id": message_id or next(self._ids), "method": method, "params": params}
        if session_id:
            message["sessionId"] = session_id
        with self._send_lock:
            self._socket.send(json.dumps(message))

    def _read(self) -> None:
        try:
            while True:
                raw = self._socket.recv()
                if not raw:
                    return
                self._handle(json.loads(raw))
        except (websocket.WebSocketConnectionClosedException, OSError):
            return  # stop() closed the socket, or the browser went away
        except Exception as exc:  # noqa: BLE001 - kept for the caller, who reports it
            self.error = exc

    def _handle(self, message: dict) -> None:
        if "id" in message:
            with self._replies_lock:
                on_reply = self._on_reply.pop(message["id"], None)
            if on_reply is not None:
                on_reply(message)
            return
        method, params = message.get("method"), message.get("params", {})
        if method == "Target.targetCreated" and params["targetInfo"]["type"] == "page":
            self._attach(params["targetInfo"]["targetId"])
        elif method == "Target.attachedToTarget" and params["targetInfo"]["type"] == "page":
            session_id = params["sessionId"]
            self._session_targets[session_id] = params["targetInfo"]["targetId"]
            self._target_sessions[params["targetInfo"]["targetId"]] = session_id
            self._send("Page.startScreencast", self._params, session_id)
        elif method == "Page.screencastFrame":
            self._keep_frame(message["sessionId"], params)

    def _keep_frame(self, session_id: str, params: dict) -> None:
        arrived, now = time.monotonic(), time.time()
        self._send("Page.screencastFrameAck", {"sessionId": params["sessionId"]}, session_id)
        drawn = params.get("metadata", {}).get("timestamp") or now
        with self._frames_lock:
            if self._out_dir is None:
                return  # between scenarios
            path = self._out_dir / f"{len(self._frames):05d}.jpg"
            path.write_bytes(base64.b64decode(params["data"]))
            frame = Frame(arrived, self._session_targets.get(session_id, "?"), path, drawn)
            self._frames.append(frame)
            self._latest[frame.target_id] = frame  # written in full before it is offered
            self._frame_arrived.notify_all()
