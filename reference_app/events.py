"""Desk push: a publish/subscribe broker per app and the SSE stream each desk listens to.

Events are addressed to an agent (every desk window that agent has open receives them):
``chat_new``, ``chat_updated``, ``chat_closed``, ``message`` (``direction`` in/out, a
reply's ``status`` sent/delivered/read) and ``status``; ``queue`` (the chats waiting for a
position) goes to every desk.
The stream follows Flask's streaming pattern: headers go out first, then an immediate
comment line, then events or a heartbeat comment every ``SSE_HEARTBEAT`` seconds (which is
also how a closed connection is noticed and its subscription dropped).
"""

from __future__ import annotations

import itertools
import json
import queue
import threading
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Flask, Response, current_app
from flask_login import current_user, login_required

__all__ = ["EVENT_TYPES", "Broker", "bp", "current_broker", "init_app", "publish",
           "publish_all"]

EVENT_TYPES = ("chat_new", "chat_updated", "chat_closed", "message", "status", "queue")

bp = Blueprint("events", __name__, url_prefix="/interact_multiagent")

_END = ""  # queued by Broker.close_all: the stream ends


class Broker:
    """Fan-out of events to per-subscriber queues, keyed by agent id (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._emptied = threading.Condition(self._lock)
        self._subscribers: dict[int, set[queue.Queue[str]]] = {}
        self._ids = itertools.count(1)

    def subscribe(self, agent_id: int) -> queue.Queue[str]:
        inbox: queue.Queue[str] = queue.Queue()
        with self._lock:
            self._subscribers.setdefault(agent_id, set()).add(inbox)
        return inbox

    def unsubscribe(self, agent_id: int, inbox: queue.Queue[str]) -> None:
        with self._lock:
            self._subscribers.get(agent_id, set()).discard(inbox)
            self._emptied.notify_all()

    def wait_closed(self, timeout: float) -> bool:
        """Block until every stream has ended (after ``close_all``); False on timeout."""
        with self._emptied:
            return self._emptied.wait_for(
                lambda: not any(self._subscribers.values()), timeout)

    def close_all(self) -> None:
        """End every open stream (before stopping the server: no thread waits a heartbeat)."""
        with self._lock:
            inboxes = [inbox for group in self._subscribers.values() for inbox in group]
        for inbox in inboxes:
            inbox.put(_END)

    def publish(self, agent_id: int | None, event: str, data: dict[str, Any]) -> None:
        """Queue one SSE frame for every desk of ``agent_id`` (every desk when None)."""
        if event not in EVENT_TYPES:
            raise ValueError(f"unknown desk event {event!r}")
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            frame = f"id: {next(self._ids)}\nevent: {event}\ndata: {payload}\n\n"
            groups = (self._subscribers.values() if agent_id is None
                      else [self._subscribers.get(agent_id, ())])
            for inbox in (inbox for group in groups for inbox in group):
                inbox.put(frame)


def init_app(app: Flask) -> None:
    app.extensions["reference_app.broker"] = Broker()


def current_broker() -> Broker:
    return current_app.extensions["reference_app.broker"]


def publish(agent_id: int, event: str, data: dict[str, Any]) -> None:
    current_broker().publish(agent_id, event, data)


def publish_all(event: str, data: dict[str, Any]) -> None:
    current_broker().publish(None, event, data)


class _Stream:
    """The SSE body: a WSGI iterable whose ``close`` always drops the subscription."""

    def __init__(self, broker: Broker, agent_id: int, heartbeat: float) -> None:
        self._broker, self._agent_id, self._heartbeat = broker, agent_id, heartbeat
        self._inbox = broker.subscribe(agent_id)  # now: nothing published later is missed

    def __iter__(self) -> Iterator[str]:
        yield "retry: 2000\n: connected\n\n"
        while True:
            try:
                frame = self._inbox.get(timeout=self._heartbeat)
            except queue.Empty:
                frame = ": heartbeat\n\n"
            if frame is _END:
                return
            yield frame

    def close(self) -> None:
        self._broker.unsubscribe(self._agent_id, self._inbox)


@bp.get("/events")
@login_required
def stream() -> Response:
    body = _Stream(current_broker(), current_user.agent_id,
                   float(current_app.config["SSE_HEARTBEAT"]))
    response = Response(body, mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response
