"""The one journal: every Graph request and webhook attempt, in order, with blocking waits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = ["Journal"]

Entry = dict[str, Any]

GRAPH_FIELDS = ("method", "path", "status", "error_code", "error_subcode")
WEBHOOK_FIELDS = ("url", "event", "status", "outcome", "reason", "latency_ms", "attempt", "body",
                  "mid")


class Journal:
    """Append-only list of entries (`seq`, `kind`, `time` + kind fields) behind a Condition."""

    def __init__(self, now_ms: Callable[[], int]) -> None:
        self._now_ms = now_ms
        self._changed = threading.Condition()
        self._entries: list[Entry] = []
        self._seq = 0

    def record_graph(self, **fields: Any) -> Entry:
        return self._record("graph", GRAPH_FIELDS, fields)

    def record_webhook(self, **fields: Any) -> Entry:
        return self._record("webhook", WEBHOOK_FIELDS, fields)

    def _record(self, kind: str, names: tuple[str, ...], fields: dict[str, Any]) -> Entry:
        unknown = set(fields) - set(names)
        if unknown:
            raise TypeError(f"unknown {kind} journal fields: {sorted(unknown)}")
        with self._changed:
            self._seq += 1
            entry = {"seq": self._seq, "kind": kind, "time": self._now_ms()}
            entry.update({name: fields.get(name) for name in names})
            self._entries.append(entry)
            self._changed.notify_all()
        return dict(entry)

    def entries(self, kind: str | None = None) -> list[Entry]:
        with self._changed:
            return [dict(e) for e in self._entries if kind is None or e["kind"] == kind]

    def clear(self) -> None:
        with self._changed:
            self._entries.clear()
            self._changed.notify_all()

    def wait_for(self, predicate: Callable[[Entry], bool], timeout: float = 10.0) -> Entry:
        """Block until an entry satisfies `predicate`; AssertionError listing entries on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for entry in self._entries:
                    if predicate(entry):
                        return dict(entry)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = "\n".join(repr(e) for e in self._entries) or "(none)"
                    raise AssertionError(f"no journal entry matched within {timeout} s; seen:\n"
                                         f"{seen}")
                self._changed.wait(remaining)
