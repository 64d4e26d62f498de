"""Publish/subscribe for live pushes to the customer's pages (one queue per SSE subscriber)."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Hashable, Iterator
from typing import Any

__all__ = ["CLOSED", "Broker", "sse_stream"]

CLOSED = object()  # sentinel: the stream should end (world reset or shutdown)


class Broker:
    """Channels keyed by anything hashable, e.g. (page_id, psid); events are plain dicts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[Hashable, list[queue.Queue]] = {}

    def subscribe(self, channel: Hashable) -> queue.Queue:
        q: queue.Queue = queue.Queue()
        with self._lock:
            self._subscribers.setdefault(channel, []).append(q)
        return q

    def unsubscribe(self, channel: Hashable, q: queue.Queue) -> None:
        with self._lock:
            subscribers = self._subscribers.get(channel, [])
            if q in subscribers:
                subscribers.remove(q)

    def has_subscribers(self, channel: Hashable) -> bool:
        """Whether `channel` has a subscriber now (lock-free: one dict read, atomic under the
        GIL). Lets publishers skip building an event nobody reads; a subscriber arriving just
        after the check is the same as one arriving just after the publish."""
        return bool(self._subscribers.get(channel))

    def publish(self, channel: Hashable, event: dict[str, Any], name: str = "message") -> int:
        """Queue `event` (SSE event `name`) for every subscriber of `channel`; returns how many
        got it. Names: `message` (a chat message), `sender_action` (typing, seen, react)."""
        with self._lock:
            subscribers = list(self._subscribers.get(channel, []))
        for q in subscribers:
            q.put((name, event))
        return len(subscribers)

    def close_all(self) -> None:
        """End every open stream (their generators see CLOSED and return)."""
        with self._lock:
            subscribers = [q for qs in self._subscribers.values() for q in qs]
            self._subscribers.clear()
        for q in subscribers:
            q.put(CLOSED)


def sse_stream(broker: Broker, channel: Hashable, q: queue.Queue,
               heartbeat: float = 15.0) -> Iterator[str]:
    """Server-sent events for one subscriber: a comment at once, `message` events, heartbeats.

    The heartbeat comment makes a dead connection fail on write, which ends the generator;
    `finally` then drops the subscription.
    """
    try:
        yield ": connected\n\n"
        while True:
            try:
                event = q.get(timeout=heartbeat)
            except queue.Empty:
                yield ": heartbeat\n\n"
                continue
            if event is CLOSED:
                return
            name, data = event
            yield f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
    finally:
        broker.unsubscribe(channel, q)
