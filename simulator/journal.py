"""The one journal: every Graph request, webhook attempt, fault and alert, with blocking waits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = ["KINDS", "Journal"]

Entry = dict[str, Any]

GRAPH_FIELDS = ("method", "path", "status", "error_code", "error_subcode", "psid", "app_id",
                "latency_ms", "messaging_type", "tag")
WEBHOOK_FIELDS = ("url", "event", "status", "outcome", "reason", "latency_ms", "attempt", "body",
                  "mid", "mids", "psid", "psids", "app_id", "page_ids", "delivery")
FAULT_FIELDS = ("fault_id", "target", "action", "uses_left", "method", "path", "event")
ALERT_FIELDS = ("alert", "app_id", "page_id", "reason", "failing_since")
KINDS = {"graph": GRAPH_FIELDS, "webhook": WEBHOOK_FIELDS, "fault": FAULT_FIELDS,
         "alert": ALERT_FIELDS}
_ALLOWED = {kind: frozenset(names) for kind, names in KINDS.items()}
_BLANK = {kind: dict.fromkeys(names) for kind, names in KINDS.items()}


class Journal:
    """Append-only list of entries (`seq`, `kind`, `time` + kind fields) behind a Condition."""

    def __init__(self, now_ms: Callable[[], int]) -> None:
        self._now_ms = now_ms
        # Appends take the lock itself (a C-level `with`; Condition.__enter__ is a Python call);
        # waiters use the Condition built on that very lock (an RLock, Condition's default), so
        # notifying under it is allowed.
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._entries: list[Entry] = []
        self._seq = 0
        self._waiting = 0  # threads blocked in wait_for / wait_after

    # The two hot recorders (a Send API call journals its request and two webhook outcomes)
    # build their entry as one dict display in GRAPH_FIELDS / WEBHOOK_FIELDS order: Python's
    # keyword checking replaces the field check, and no blank template is merged per call.
    # tests/simulator/test_journal_fields.py keeps these signatures equal to the field lists.
    def record_graph(self, *, method: Any = None, path: Any = None, status: Any = None,
                     error_code: Any = None, error_subcode: Any = None, psid: Any = None,
                     app_id: Any = None, latency_ms: Any = None, messaging_type: Any = None,
                     tag: Any = None) -> Entry:
        return self._append({
            "seq": 0, "kind": "graph", "time": self._now_ms(), "method": method, "path": path,
            "status": status, "error_code": error_code, "error_subcode": error_subcode,
            "psid": psid, "app_id": app_id, "latency_ms": latency_ms,
            "messaging_type": messaging_type, "tag": tag})

    def record_webhook(self, *, url: Any = None, event: Any = None, status: Any = None,
                       outcome: Any = None, reason: Any = None, latency_ms: Any = None,
                       attempt: Any = None, body: Any = None, mid: Any = None, mids: Any = None,
                       psid: Any = None, psids: Any = None, app_id: Any = None,
                       page_ids: Any = None, delivery: Any = None) -> Entry:
        return self._append({
            "seq": 0, "kind": "webhook", "time": self._now_ms(), "url": url, "event": event,
            "status": status, "outcome": outcome, "reason": reason, "latency_ms": latency_ms,
            "attempt": attempt, "body": body, "mid": mid, "mids": mids, "psid": psid,
            "psids": psids, "app_id": app_id, "page_ids": page_ids, "delivery": delivery})

    def record_fault(self, **fields: Any) -> Entry:
        return self._record("fault", fields)

    def record_alert(self, **fields: Any) -> Entry:
        return self._record("alert", fields)

    def _record(self, kind: str, fields: dict[str, Any]) -> Entry:
        if not fields.keys() <= _ALLOWED[kind]:
            unknown = sorted(set(fields) - _ALLOWED[kind])
            raise TypeError(f"unknown {kind} journal fields: {unknown}")
        return self._append({"seq": 0, "kind": kind, "time": self._now_ms(), **_BLANK[kind],
                             **fields})

    def _append(self, entry: Entry) -> Entry:
        with self._lock:
            self._seq += 1
            entry["seq"] = self._seq
            self._entries.append(entry)
            if self._waiting:
                self._changed.notify_all()
        return entry

    def entries(self, kind: str | None = None, path: str | None = None,
                psid: str | None = None) -> list[Entry]:
        """Entries in order, filtered by kind, by path prefix (Graph) and by PSID/IGSID."""
        with self._changed:
            snapshot = list(self._entries)
        return [dict(e) for e in snapshot if _matches(e, kind, path, psid)]

    @property
    def last_seq(self) -> int:
        return self._seq

    def wait_after(self, seq: int, timeout: float) -> bool:
        """Block until an entry newer than `seq` exists (True) or `timeout` passes (False)."""
        with self._changed:
            self._waiting += 1
            try:
                return self._changed.wait_for(lambda: self._seq > seq, timeout)
            finally:
                self._waiting -= 1

    def __len__(self) -> int:
        return len(self._entries)

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
                self._waiting += 1
                try:
                    self._changed.wait(remaining)
                finally:
                    self._waiting -= 1


def _matches(entry: Entry, kind: str | None, path: str | None, psid: str | None) -> bool:
    if kind is not None and entry["kind"] != kind:
        return False
    if path is not None and not str(entry.get("path") or entry.get("url") or "").startswith(path):
        return False
    return psid is None or entry.get("psid") == psid or psid in (entry.get("psids") or ())
