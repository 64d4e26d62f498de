"""`Control(base_url)`: the /_sim control API (plus webhook subscription) from Python, one to one."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Self

import requests

__all__ = ["Control", "GraphAPIError", "SimulatorControlError"]

DEFAULT_FIELDS = "messages,messaging_postbacks,message_deliveries,message_reads,message_echoes"


class GraphAPIError(Exception):
    """A Graph call answered with Graph's error envelope; `error` is its inner object."""

    def __init__(self, status: int, error: dict[str, Any]) -> None:
        self.status = status
        self.error = error
        self.code = error.get("code")
        self.subcode = error.get("error_subcode")
        super().__init__(f"HTTP {status}: ({self.code}/{self.subcode}) {error.get('message')}")


class SimulatorControlError(Exception):
    """The control API refused a request."""


class Control:
    """Drives a running simulator: reset, world, journal, webhook subscription, waits."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._http = requests.Session()

    def close(self) -> None:
        """Close the kept-alive connection (a waitress server waits for open ones on stop)."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def reset(self, seed: int | None = None) -> dict[str, Any]:
        return self._call("POST", "/_sim/reset", json={} if seed is None else {"seed": seed})

    def world(self) -> dict[str, Any]:
        return self._call("GET", "/_sim/world")

    def journal(self, kind: str | None = None) -> list[dict[str, Any]]:
        params = {"kind": kind} if kind else None
        return self._call("GET", "/_sim/journal", params=params)["entries"]

    def clear_journal(self) -> None:
        self._call("DELETE", "/_sim/journal")

    def subscribe_webhook(self, callback_url: str, verify_token: str | None = None,
                          fields: str = DEFAULT_FIELDS) -> dict[str, Any]:
        """`POST /{version}/{app-id}/subscriptions` with the app token; GraphAPIError if refused."""
        world = self.world()
        app = world["app"]
        reply = self._http.post(
            f"{self.base_url}/{world['graph_version']}/{app['id']}/subscriptions",
            data={"object": "page", "callback_url": callback_url,
                  "verify_token": verify_token or app["verify_token"], "fields": fields,
                  "include_values": "true", "access_token": app["app_token"]},
            timeout=self.timeout)
        body = reply.json()
        if reply.status_code != 200 or "error" in body:
            raise GraphAPIError(reply.status_code, body.get("error", {}))
        return body

    def wait_for_journal(self, predicate: Callable[[dict[str, Any]], bool],
                         timeout: float = 10.0, kind: str | None = None) -> dict[str, Any]:
        """Poll the journal (every 0.05 s) until an entry satisfies `predicate`."""
        deadline = time.monotonic() + timeout
        while True:
            entries = self.journal(kind)
            for entry in entries:
                if predicate(entry):
                    return entry
            if time.monotonic() >= deadline:
                seen = "\n".join(repr(e) for e in entries) or "(none)"
                raise AssertionError(f"no journal entry matched within {timeout} s; seen:\n{seen}")
            time.sleep(0.05)  # a poll interval while waiting for a condition, with a deadline

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        reply = self._http.request(method, self.base_url + path, timeout=self.timeout, **kwargs)
        if reply.status_code != 200:
            raise SimulatorControlError(f"{method} {path}: HTTP {reply.status_code}: {reply.text}")
        return reply.json()
