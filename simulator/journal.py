"""The one journal: every Graph request, webhook attempt, fault and alert, with blocking waits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

__all__ = ["KINDS", "Journal", "JournalEntry", "not_sent_webhook"]

Entry = dict[str, Any]

GRAPH_FIELDS = ("method", "path", "status", "error_code", "error_subcode", "psid", "app_id",
                "latency_ms", "messaging_type", "tag")
WEBHOOK_FIELDS = ("url", "event", "status", "outcome", "reason", "latency_ms", "attempt", "body",
                  "mid", "mids", "psid", "psids", "app_id", "page_ids", "delivery")
FAULT_FIELDS = ("fault_id", "target", "action", "uses_left", "method", "path", "event")
ALERT_FIELDS = ("alert", "app_id", "page_id", "reason", "failing_since")
KINDS = {"graph": GRAPH_FIELDS, "webhook": WEBHOOK_FIELDS, "fault": FAULT_FIELDS,
         "alert": ALERT_FIELDS}
LIST_FIELDS = ("mids", "psids", "page_ids")  # lists in entries, tuples in stored rows
_ALLOWED = {kind: frozenset(names) for kind, names in KINDS.items()}
_COLUMNS = {kind: ("seq", "kind", "time", *names) for kind, names in KINDS.items()}
_POSITION = {kind: {name: i for i, name in enumerate(names)} for kind, names in _COLUMNS.items()}
_LISTS_OF = {kind: tuple(n for n in LIST_FIELDS if n in names) for kind, names in KINDS.items()}

# A stored row is one flat tuple in `_COLUMNS[kind]` order, of plain values (list fields as
# tuples). The garbage collector stops tracking such a tuple in its first passes, so rows do not
# reach the full collections that every dict or list kept alive is traversed by (a Send API call
# journals three entries), and a tuple is cheaper to build than a 14- or 18-key dict. Readers
# get dicts.
Row = tuple[Any, ...]


class Journal:
    """Append-only rows (`seq`, `kind`, `time` + kind fields) behind a Condition."""

    def __init__(self, now_ms: Callable[[], int]) -> None:
        self._now_ms = now_ms
        # Appends take the lock itself (a C-level `with`; Condition.__enter__ is a Python call);
        # waiters use the Condition built on that very lock (an RLock, Condition's default), so
        # notifying under it is allowed.
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._rows: list[Row] = []
        self._seq = 0
        self._waiting = 0  # threads blocked in wait_for / wait_after

    # The two hot recorders (a Send API call journals its request and two webhook outcomes)
    # spell their fields out in GRAPH_FIELDS / WEBHOOK_FIELDS order: Python's keyword checking
    # replaces the field check and the row is one tuple display.
    # tests/simulator/test_journal_fields.py keeps these signatures equal to the field lists.
    def record_graph(self, *, method: Any = None, path: Any = None, status: Any = None,
                     error_code: Any = None, error_subcode: Any = None, psid: Any = None,
                     app_id: Any = None, latency_ms: Any = None, messaging_type: Any = None,
                     tag: Any = None) -> JournalEntry:
        return self._append(("graph", self._now_ms(), method, path, status, error_code,
                             error_subcode, psid, app_id, latency_ms, messaging_type, tag))

    def record_webhook(self, *, url: Any = None, event: Any = None, status: Any = None,
                       outcome: Any = None, reason: Any = None, latency_ms: Any = None,
                       attempt: Any = None, body: Any = None, mid: Any = None, mids: Any = None,
                       psid: Any = None, psids: Any = None, app_id: Any = None,
                       page_ids: Any = None, delivery: Any = None) -> JournalEntry:
        return self._append(("webhook", self._now_ms(), url, event, status, outcome, reason,
                             latency_ms, attempt, body, mid, _frozen(mids), psid, _frozen(psids),
                             app_id, _frozen(page_ids), delivery))

    def record_webhooks(self, rows: list[tuple[Any, ...]]) -> None:
        """Several webhook entries at one time, under one lock: each of `rows` holds the
        WEBHOOK_FIELDS in order, list fields as tuples (see `not_sent_webhook`). The webhook
        router journals a happening's refused events at once (a Send API call refused
        twice took the lock and the clock twice, and built an entry nobody read)."""
        now = self._now_ms()
        with self._lock:
            seq, append = self._seq, self._rows.append
            for fields in rows:
                seq += 1
                append((seq, "webhook", now, *fields))
            self._seq = seq
            if self._waiting:
                self._changed.notify_all()

    def record_fault(self, **fields: Any) -> JournalEntry:
        return self._record("fault", fields)

    def record_alert(self, **fields: Any) -> JournalEntry:
        return self._record("alert", fields)

    def _record(self, kind: str, fields: dict[str, Any]) -> JournalEntry:
        if not fields.keys() <= _ALLOWED[kind]:
            unknown = sorted(set(fields) - _ALLOWED[kind])
            raise TypeError(f"unknown {kind} journal fields: {unknown}")
        for name in _LISTS_OF[kind]:
            fields[name] = _frozen(fields.get(name))
        return self._append((kind, self._now_ms(), *(fields.get(n) for n in KINDS[kind])))

    def _append(self, values: tuple[Any, ...]) -> JournalEntry:
        """`values` is the row without its seq: (kind, time, *fields)."""
        with self._lock:
            self._seq += 1
            row = (self._seq, *values)
            self._rows.append(row)
            if self._waiting:
                self._changed.notify_all()
        return JournalEntry(row)

    def entries(self, kind: str | None = None, path: str | None = None,
                psid: str | None = None) -> list[Entry]:
        """Entries in order, filtered by kind, by path prefix (Graph) and by PSID/IGSID."""
        with self._lock:
            snapshot = list(self._rows)
        return [_entry(row) for row in snapshot if _matches(row, kind, path, psid)]

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
        return len(self._rows)

    def clear(self) -> None:
        with self._changed:
            self._rows.clear()
            self._changed.notify_all()

    def wait_for(self, predicate: Callable[[Entry], bool], timeout: float = 10.0) -> Entry:
        """Block until an entry satisfies `predicate`; AssertionError listing entries on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for row in self._rows:
                    entry = _entry(row)
                    if predicate(entry):
                        return entry
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = "\n".join(repr(_entry(r)) for r in self._rows) or "(none)"
                    raise AssertionError(f"no journal entry matched within {timeout} s; seen:\n"
                                         f"{seen}")
                self._waiting += 1
                try:
                    self._changed.wait(remaining)
                finally:
                    self._waiting -= 1


def not_sent_webhook(url: Any, event: Any, reason: Any, mid: Any, psid: Any, app_id: Any,
                     page_id: Any) -> tuple[Any, ...]:
    """The fields, in WEBHOOK_FIELDS order, of an event Meta sends no webhook for: outcome
    not_sent, attempt 0, the one Page (or IG account) in page_ids; for `record_webhooks`.
    Equal to the row `record_webhook(url=, event=, outcome="not_sent", reason=, attempt=0,
    mid=, psid=, app_id=, page_ids=[page_id])` stores (tests/simulator/test_journal_fields.py)."""
    return (url, event, None, "not_sent", reason, None, 0, None, mid, None, psid, None, app_id,
            (page_id,), None)


class JournalEntry(Mapping[str, Any]):
    """What a recorder returns: its new entry, read-only, read from the stored row."""

    __slots__ = ("_row",)

    def __init__(self, row: Row) -> None:
        self._row = row

    def __getitem__(self, name: str) -> Any:
        return _thawed(name, self._row[_POSITION[self._row[1]][name]])

    def __iter__(self) -> Iterator[str]:
        return iter(_COLUMNS[self._row[1]])

    def __len__(self) -> int:
        return len(self._row)

    def __repr__(self) -> str:
        return f"JournalEntry({_entry(self._row)!r})"


def _frozen(value: Any) -> Any:
    """A list field as a tuple: a row of plain values is left alone by the collector."""
    return tuple(value) if value.__class__ is list else value


def _thawed(name: str, value: Any) -> Any:
    return list(value) if name in LIST_FIELDS and value.__class__ is tuple else value


def _entry(row: Row) -> Entry:
    kind = row[1]
    entry = dict(zip(_COLUMNS[kind], row, strict=True))
    for name in _LISTS_OF[kind]:
        entry[name] = _thawed(name, entry[name])
    return entry


def _field(row: Row, name: str) -> Any:
    """One field of a row (None when its kind has no such field)."""
    position = _POSITION[row[1]].get(name)
    return None if position is None else row[position]


def _matches(row: Row, kind: str | None, path: str | None, psid: str | None) -> bool:
    if kind is not None and row[1] != kind:
        return False
    if path is not None and not str(_field(row, "path") or _field(row, "url") or "").startswith(
            path):
        return False
    return psid is None or _field(row, "psid") == psid or psid in (_field(row, "psids") or ())
