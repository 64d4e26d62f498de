"""The desk against a real simulator: messages cross HTTP both ways, no fake in between.

``DeskOnSim`` starts the reference app on the simulated world's secrets and tokens,
subscribes its webhook (Messenger and Instagram), and acts as the agent over HTTP with a
``requests`` session carrying the CSRF token, as the desk's JavaScript does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import requests
from desk_helpers import settle
from flask import Flask

from homologa import servers
from reference_app import store
from simulator.client import Control


class DeskOnSim:
    """One reference app wired to one simulated world, plus the agent's HTTP session."""

    def __init__(self, control: Control, world: dict[str, Any],
                 make_app: Callable[..., Flask], **overrides: Any) -> None:
        self.control, self.world, self._make_app = control, world, make_app
        self.overrides = overrides
        self._start()

    def _start(self) -> None:
        self.app: Flask = self._build()
        self.server: servers.RunningServer | None = servers.start(self.app)
        self.url = self.server.url
        self.control.subscribe_webhook(f"{self.url}/webhook")
        self.control.subscribe_webhook(f"{self.url}/webhook", object="instagram",
                                       fields="messages,messaging_seen,messaging_postbacks")
        self.agent = requests.Session()

    def _build(self) -> Flask:
        world = self.world
        return self._make_app(**{
            "GRAPH_URL": self.control.base_url, "GRAPH_VERSION": world["graph_version"],
            "APP_SECRET": world["app"]["secret"], "VERIFY_TOKEN": world["app"]["verify_token"],
            "PAGE_TOKEN": world["page"]["access_token"], "WTF_CSRF_ENABLED": True,
            **self.overrides})

    def restart(self, **overrides: Any) -> None:
        """Stop the server, then start a new app on the same database (a new port)."""
        self.stop()
        self.overrides.update(overrides)
        self._start()

    def stop(self) -> None:
        if self.server is None:
            return
        self.agent.close()
        broker = self.app.extensions["reference_app.broker"]
        broker.close_all()
        broker.wait_closed(timeout=10)  # no stream is still writing when the server stops
        self.server.stop()
        self.server = None

    # -- the agent -------------------------------------------------------------------------
    def login(self, login: str = "agente", password: str = "Aa123*") -> dict[str, Any]:
        page = self.agent.get(f"{self.url}/interact_multiagent", timeout=10).text
        token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        self.agent.headers["X-CSRFToken"] = token
        return self.post("/interact_multiagent/login", login=login, password=password)

    def post(self, path: str, **body: Any) -> dict[str, Any]:
        reply = self.agent.post(f"{self.url}{path}", json=body, timeout=30,
                                headers={"Accept": "application/json"})
        return {"status": reply.status_code, **reply.json()}

    def set_status(self, status: str) -> dict[str, Any]:
        result = self.post("/interact_multiagent/status", status=status)
        settle(self.app)
        return result

    def snapshot(self) -> dict[str, Any]:
        return self.agent.get(f"{self.url}/interact_multiagent/chats", timeout=10).json()

    def chats(self) -> list[dict[str, Any]]:
        return self.snapshot()["chats"]

    def reply(self, chat_id: int, text: str) -> dict[str, Any]:
        return self.post(f"/interact_multiagent/chats/{chat_id}/reply", text=text)

    def close(self, chat_id: int) -> dict[str, Any]:
        result = self.post(f"/interact_multiagent/chats/{chat_id}/close")
        settle(self.app)
        return result

    # -- the customers ---------------------------------------------------------------------
    def customer(self, index: int) -> dict[str, Any]:
        return self.world["test_accounts"][index]

    def send(self, index: int, text: str, channel: str = "messenger",
             deliveries: int = 1) -> str:
        """The customer writes; returns once Meta delivered it to the desk and the desk settled."""
        mid = self.control.customer_send(self.customer(index)["id"], text, channel=channel)["mid"]
        self.wait_delivered(mid, deliveries)
        return mid

    def wait_delivered(self, needle: str, deliveries: int = 1) -> None:
        seen: set[int] = set()

        def delivered(entry: dict[str, Any]) -> bool:
            if entry.get("outcome") == "delivered" and needle in (entry.get("body") or ""):
                seen.add(entry["seq"])
            return len(seen) >= deliveries

        self.control.wait_for_journal(delivered, kind="webhook")
        settle(self.app)

    def count(self, table: str) -> int:
        with self.app.app_context():
            return store.count_rows(table)
