"""The world's one source of time: real time by default, frozen or advanced by tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["Clock"]


class Clock:
    """Epoch milliseconds; `freeze()` stops it, `advance(ms)` moves it (frozen or not).

    Listeners (the webhook sender) are told whenever time is moved, so work due at a simulated
    instant runs as soon as a test advances the clock past it.
    """

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._frozen_at: int | None = None
        self._offset_ms = 0
        self._listeners: list[Callable[[], None]] = []

    def now_ms(self) -> int:
        frozen = self._frozen_at
        if frozen is not None:
            return frozen
        return time.time_ns() // 1_000_000 + self._offset_ms

    def reset(self) -> None:
        """Real time again (a new world): not frozen, no offset."""
        with self._lock:
            self._frozen_at, self._offset_ms = None, 0
        self._changed()

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _changed(self) -> None:
        with self._lock:
            self._lock.notify_all()
        for listener in self._listeners:
            listener()

    def freeze(self, at_ms: int | None = None) -> int:
        """Stop the clock at `at_ms` (default: now); returns the frozen time."""
        now = self.now_ms() if at_ms is None else at_ms
        with self._lock:
            self._frozen_at = now
        self._changed()
        return now

    def unfreeze(self) -> None:
        """Let time run again from the frozen instant."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset_ms = self._frozen_at - time.time_ns() // 1_000_000
            self._frozen_at = None
        self._changed()

    def set(self, at_ms: int) -> int:
        """Jump to `at_ms` (frozen stays frozen, running keeps running from there)."""
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = at_ms
            else:
                self._offset_ms = at_ms - time.time_ns() // 1_000_000
        self._changed()
        return self.now_ms()

    def advance(self, ms: int) -> int:
        """Move time forward by `ms`; returns the new time."""
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += ms
            else:
                self._offset_ms += ms
        self._changed()
        return self.now_ms()

    def wait_until(self, at_ms: int, timeout: float = 60.0) -> bool:
        """Block until the clock reads `at_ms` (real time passing, or a test advancing it)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self.now_ms() < at_ms:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                wait = remaining if self.is_frozen else min(remaining,
                                                            (at_ms - self.now_ms()) / 1000)
                self._lock.wait(max(wait, 0.001))
        return True

    @property
    def is_frozen(self) -> bool:
        return self._frozen_at is not None
