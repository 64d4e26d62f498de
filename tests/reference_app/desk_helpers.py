"""Helpers for the reference app's tests: signing, Meta-shaped deliveries, agent actions."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from reference_app.worker import wait_all_idle

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
PAGE_TOKEN = "EAAtestpagetoken"
PAGE_ID = "109876543210987"
CLOSED_GRAPH = "http://127.0.0.1:1"  # nothing listens: profile lookups fail fast


def sign(raw: bytes, secret: str = APP_SECRET) -> str:
    """Independent of the app: hmac over the exact bytes, as Meta signs them."""
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def message_event(psid: str, mid: str, text: str, *, timestamp: int | None = None,
                  page_id: str = PAGE_ID, **message: Any) -> dict[str, Any]:
    """A customer's message; Meta's timestamp is now unless given (the reply windows run
    from it: an old default would put every chat past Human Agent's 7 days)."""
    if timestamp is None:
        timestamp = time.time_ns() // 1_000_000
    return {"sender": {"id": psid}, "recipient": {"id": page_id}, "timestamp": timestamp,
            "message": {"mid": mid, "text": text, **message}}


def delivery(*events: dict[str, Any], page_id: str = PAGE_ID) -> dict[str, Any]:
    return {"object": "page",
            "entry": [{"id": page_id, "time": 1767225600000, "messaging": [event]}
                      for event in events]}


def meta_bytes(payload: dict[str, Any]) -> bytes:
    """Meta's rendering: compact JSON with escaped unicode."""
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode()


class WebhookActions:
    """Posts signed deliveries to the app under test, like Meta's webhook sender."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def post_raw(self, raw: bytes, signature: str | None) -> Any:
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["X-Hub-Signature-256"] = signature
        return self._client.post("/webhook", data=raw, headers=headers)

    def post(self, payload: dict[str, Any], secret: str = APP_SECRET) -> Any:
        raw = meta_bytes(payload)
        return self.post_raw(raw, sign(raw, secret))

    def message(self, psid: str, mid: str, text: str) -> Any:
        return self.post(delivery(message_event(psid, mid, text)))


class AuthActions:
    """The agent's actions through the test client (JSON, as the desk's fetch does)."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, login: str = "agente", password: str = "Aa123*") -> Any:
        return self._client.post("/interact_multiagent/login",
                                 data={"login": login, "password": password},
                                 headers={"Accept": "application/json"})

    def set_status(self, status: str) -> Any:
        return self._client.post("/interact_multiagent/status", json={"status": status})

    def chats(self) -> list[dict[str, Any]]:
        return self._client.get("/interact_multiagent/chats").get_json()["chats"]


def settle(app: Flask, timeout: float = 10.0) -> None:
    """Wait for the app's background work to finish (a condition, not a sleep)."""
    assert wait_all_idle(app, timeout), "the app's workers are still busy"
    for key in ("reference_app.worker", "reference_app.profile_worker"):
        assert not app.extensions[key].failures, app.extensions[key].failures


def wait_for(predicate: Callable[[], Any], timeout: float = 10.0, what: str = "") -> Any:
    """Poll ``predicate`` until truthy or the deadline passes."""
    tick = threading.Event()
    deadline = threading.Event()
    timer = threading.Timer(timeout, deadline.set)
    timer.start()
    try:
        while not deadline.is_set():
            value = predicate()
            if value:
                return value
            tick.wait(0.02)
    finally:
        timer.cancel()
    raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
