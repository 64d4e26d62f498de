"""Helpers for the simulator's contract tests: Graph calls over real HTTP and whole-error checks,
written against Meta's documented shapes (never the simulator's own helpers)."""

from __future__ import annotations

import json
import re
from typing import Any

import requests

from simulator.client import Control

TRACE = re.compile(r"A[A-Za-z0-9_-]{22}")


def graph_post(base_url: str, path: str, token: str | None, body: dict | None = None,
               version: str | None = "v25.0", **kwargs: Any) -> requests.Response:
    params = kwargs.pop("params", {})
    if token is not None:
        params = {"access_token": token, **params}
    prefix = f"/{version}" if version else ""
    return requests.post(f"{base_url}{prefix}{path}", json=body, params=params, timeout=10,
                         **kwargs)


def graph_get(base_url: str, path: str, token: str | None, version: str | None = "v25.0",
              **params: Any) -> requests.Response:
    if token is not None:
        params["access_token"] = token
    prefix = f"/{version}" if version else ""
    return requests.get(f"{base_url}{prefix}{path}", params=params, timeout=10)


def send_text(base_url: str, token: str, recipient: str, text: str = "Olá!",
              **fields: Any) -> requests.Response:
    body = {"recipient": {"id": recipient}, "messaging_type": "RESPONSE",
            "message": {"text": text}, **fields}
    return graph_post(base_url, "/me/messages", token, body)


def whole_error(reply: requests.Response) -> tuple[int, int, int | None, str, str]:
    """(HTTP status, code, subcode, type, message) after checking the envelope's other keys."""
    error = reply.json()["error"]
    assert TRACE.fullmatch(error["fbtrace_id"]), error
    assert set(error) <= {"message", "type", "code", "error_subcode", "fbtrace_id",
                          "is_transient", "error_user_title", "error_user_msg"}, error
    return (reply.status_code, error["code"], error.get("error_subcode"), error["type"],
            error["message"])


def account(world: dict, role: str | None) -> dict:
    return next(a for a in world["test_accounts"] if a["role"] == role)


def event_in(entry: dict, key: str, inner: str | None = None) -> dict:
    """The messaging (or standby) event holding `key` (and `inner` inside it) in a journaled,
    possibly batched, delivery body."""
    events = [event for item in json.loads(entry["body"])["entry"]
              for event in item.get("messaging", []) + item.get("standby", [])]
    return next(e for e in events if key in e and (inner is None or inner in e[key]))


def _matches(entry: dict, match: dict[str, Any]) -> bool:
    """Equal values; `event` matches one of the comma-joined fields of a batched delivery."""
    for key, value in match.items():
        if key == "event":
            if value not in str(entry.get("event") or "").split(","):
                return False
        elif key == "mid":
            if value != entry.get("mid") and value not in (entry.get("mids") or ()):
                return False
        elif entry.get(key) != value:
            return False
    return True


def webhook_entries(control: Control, **match: Any) -> list[dict]:
    return [e for e in control.journal("webhook") if _matches(e, match)]


def wait_webhook(control: Control, timeout: float = 10.0, **match: Any) -> dict:
    return control.wait_for_journal(lambda e: e["kind"] == "webhook" and _matches(e, match),
                                    timeout=timeout)
