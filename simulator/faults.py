"""Armed faults: the next N matching Graph calls fail or lag, the next N webhooks misbehave.

A fault is state the test sets (as moto's queued results): `arm` adds it, the next matching call
consumes one use and journals it (kind "fault"), `clear` drops the rest.
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from simulator import errors
from simulator.errors import SimulatorError

if TYPE_CHECKING:
    from simulator.world import World

__all__ = ["GRAPH_ACTIONS", "WEBHOOK_ACTIONS", "Fault", "Faults"]

GRAPH_ACTIONS = ("error", "latency")
WEBHOOK_ACTIONS = ("drop", "duplicate", "reorder", "delay", "timeout")


@dataclass
class Fault:
    id: str
    target: str  # "graph" | "webhook"
    action: str
    times: int  # uses left
    method: str | None = None  # graph: HTTP method to match (None: any)
    path: str | None = None  # graph: regular expression searched in the request path
    error: str | None = None  # graph "error": a name of the errors catalogue, e.g. RATE_LIMIT
    latency_ms: int = 0  # graph "latency": the answer waits this long on the world clock
    delay_ms: int = 0  # webhook "delay": the delivery waits this long on the world clock
    field: str | None = None  # webhook: only deliveries carrying this field (None: any)

    def describe(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


class Faults:
    """The armed faults of one world, consumed in arming order."""

    def __init__(self, world: World) -> None:
        self._world = world
        self._lock = threading.Lock()
        self._armed: list[Fault] = []
        self._count = 0

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()

    def reset(self) -> None:
        """A new world: no faults, ids from fault-1 again."""
        with self._lock:
            self._armed.clear()
            self._count = 0

    @property
    def any_armed(self) -> bool:
        """Whether any fault waits (lock-free: one list read, atomic under the GIL). A fault
        armed just after the check is the same as one armed just after the call."""
        return bool(self._armed)

    def armed(self) -> list[dict[str, Any]]:
        with self._lock:
            return [f.describe() for f in self._armed]

    def arm(self, spec: dict[str, Any]) -> Fault:
        """Validate and queue a fault described as in docs/contracts.md (SimulatorError if bad)."""
        fault = _parse(spec)
        with self._lock:
            self._count += 1
            fault.id = f"fault-{self._count}"
            self._armed.append(fault)
        return fault

    def take_graph(self, method: str, path: str) -> Fault | None:
        return self._take(lambda f: f.target == "graph"
                          and (f.method is None or f.method == method)
                          and (f.path is None or re.search(f.path, path) is not None),
                          {"method": method, "path": path})

    def take_webhook(self, fields: list[str]) -> Fault | None:
        return self._take(lambda f: f.target == "webhook"
                          and (f.field is None or f.field in fields), {"event": ",".join(fields)})

    def _take(self, matches: Any, context: dict[str, Any]) -> Fault | None:
        if not self._armed:  # the common case, without taking the lock
            return None
        with self._lock:
            fault = next((f for f in self._armed if matches(f)), None)
            if fault is None:
                return None
            fault.times -= 1
            if fault.times <= 0:
                self._armed.remove(fault)
        self._world.journal.record_fault(fault_id=fault.id, target=fault.target,
                                         action=fault.action, uses_left=max(fault.times, 0),
                                         **context)
        return fault


def _parse(spec: dict[str, Any]) -> Fault:
    if not isinstance(spec, dict):
        raise SimulatorError("a fault is a JSON object")
    known = {"target", "action", "times", "method", "path", "error", "latency_ms", "delay_ms",
             "field"}
    unknown = sorted(set(spec) - known)
    if unknown:
        raise SimulatorError(f"unknown fault keys: {', '.join(unknown)}")
    target = spec.get("target", "graph")
    actions = {"graph": GRAPH_ACTIONS, "webhook": WEBHOOK_ACTIONS}.get(target)
    if actions is None:
        raise SimulatorError(f"fault target must be graph or webhook, not {target!r}")
    action = spec.get("action", "error" if target == "graph" else None)
    if action not in actions:
        raise SimulatorError(f"{target} fault action must be one of {', '.join(actions)}, "
                             f"not {action!r}")
    times = spec.get("times", 1)
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise SimulatorError(f"times must be a positive integer, not {times!r}")
    fault = Fault(id="", target=target, action=action, times=times,
                  method=(spec.get("method") or None) and str(spec["method"]).upper(),
                  path=spec.get("path"), error=spec.get("error"), field=spec.get("field"),
                  latency_ms=_ms(spec, "latency_ms"), delay_ms=_ms(spec, "delay_ms"))
    if fault.path is not None:
        try:
            re.compile(fault.path)
        except re.error as exc:
            raise SimulatorError(f"path is not a regular expression: {exc}") from None
    if action == "error" and errors.lookup(fault.error) is None:
        raise SimulatorError(f"error must name an entry of the errors catalogue, such as "
                             f"RATE_LIMIT or APP_RATE_LIMIT, not {fault.error!r}")
    if action == "latency" and fault.latency_ms <= 0:
        raise SimulatorError("a latency fault needs latency_ms > 0")
    if action == "delay" and fault.delay_ms <= 0:
        raise SimulatorError("a delay fault needs delay_ms > 0")
    return fault


def _ms(spec: dict[str, Any], name: str) -> int:
    value = spec.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SimulatorError(f"{name} must be a non-negative integer, not {value!r}")
    return value
