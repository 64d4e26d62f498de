"""The world's one source of time: real time by default, frozen or advanced by tests."""

from __future__ import annotations

import threading
import time

__all__ = ["Clock"]


class Clock:
    """Epoch milliseconds; `freeze()` stops it, `advance(ms)` moves it (frozen or not)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frozen_at: int | None = None
        self._offset_ms = 0

    def now_ms(self) -> int:
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return time.time_ns() // 1_000_000 + self._offset_ms

    def freeze(self, at_ms: int | None = None) -> int:
        """Stop the clock at `at_ms` (default: now); returns the frozen time."""
        now = self.now_ms() if at_ms is None else at_ms
        with self._lock:
            self._frozen_at = now
        return now

    def unfreeze(self) -> None:
        """Let time run again from the frozen instant."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset_ms = self._frozen_at - time.time_ns() // 1_000_000
            self._frozen_at = None

    def advance(self, ms: int) -> int:
        """Move time forward by `ms`; returns the new time."""
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += ms
            else:
                self._offset_ms += ms
        return self.now_ms()

    @property
    def is_frozen(self) -> bool:
        return self._frozen_at is not None
