"""`Control(base_url)`: the /_sim control API (plus webhook subscription) from Python, one to one.

Every method is one HTTP call; names follow docs/contracts.md ("Growing the control API").
"""

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
    """Drives a running simulator: world, clock, settings, faults, customers, journal."""

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

    # --- world ---------------------------------------------------------------------------
    def reset(self, seed: int | None = None) -> dict[str, Any]:
        return self._call("POST", "/_sim/reset", json={} if seed is None else {"seed": seed})

    def seed(self, spec: dict[str, Any] | str) -> dict[str, Any]:
        """Rebuild the world from a seed spec: a dict (sent as JSON) or TOML text."""
        if isinstance(spec, str):
            return self._call("POST", "/_sim/seed", data=spec.encode(),
                              headers={"Content-Type": "application/toml"})
        return self._call("POST", "/_sim/seed", json=spec)

    def world(self) -> dict[str, Any]:
        return self._call("GET", "/_sim/world")

    # --- clock ---------------------------------------------------------------------------
    def clock(self) -> dict[str, Any]:
        return self._call("GET", "/_sim/clock")

    def freeze_clock(self, at_ms: int | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"freeze": True}
        if at_ms is not None:
            body["set_ms"] = at_ms
        return self._call("POST", "/_sim/clock", json=body)

    def unfreeze_clock(self) -> dict[str, Any]:
        return self._call("POST", "/_sim/clock", json={"freeze": False})

    def advance_clock(self, ms: int) -> dict[str, Any]:
        return self._call("POST", "/_sim/clock", json={"advance_ms": ms})

    def set_clock(self, at_ms: int) -> dict[str, Any]:
        return self._call("POST", "/_sim/clock", json={"set_ms": at_ms})

    # --- settings ------------------------------------------------------------------------
    def configure_app(self, **settings: Any) -> dict[str, Any]:
        """mode, access, features, require_appsecret_proof, profile_denied, rate_limit,
        ack_deadline_s, webhook_batch_ms, webhook_max_batch, fetch_attachments
        (docs/contracts.md)."""
        return self._call("POST", "/_sim/app", json=settings)

    def configure_user(self, user_id: str, **settings: Any) -> dict[str, Any]:
        """role, blocked_page, phone_only (user_id: account id, PSID or IGSID)."""
        return self._call("POST", f"/_sim/users/{user_id}", json=settings)

    def configure_page(self, page_id: str | None = None, **settings: Any) -> dict[str, Any]:
        """tasks (MODERATE, MESSAGING, ...) of the Page token's person (default: the first Page)."""
        return self._call("POST", f"/_sim/pages/{page_id or 'default'}", json=settings)

    def configure_token(self, token: str | None = None, **settings: Any) -> dict[str, Any]:
        """scopes, grant, revoke, invalid, expires_at of a token (default: the Page token)."""
        return self._call("POST", "/_sim/tokens", json={"token": token, **settings})

    def configure_instagram(self, **settings: Any) -> dict[str, Any]:
        return self._call("POST", "/_sim/instagram", json=settings)

    # --- faults --------------------------------------------------------------------------
    def arm_fault(self, **fault: Any) -> dict[str, Any]:
        """Graph: target="graph", action="error" (error=NAME) or "latency" (latency_ms),
        method, path (regex), times. Webhook: target="webhook", action=drop|duplicate|reorder|
        delay (delay_ms)|timeout, field, times."""
        return self._call("POST", "/_sim/faults", json=fault)

    def faults(self) -> list[dict[str, Any]]:
        return self._call("GET", "/_sim/faults")["faults"]

    def clear_faults(self) -> None:
        self._call("DELETE", "/_sim/faults")

    # --- customers and conversations -----------------------------------------------------
    def customer_send(self, user_id: str, text: str, channel: str = "messenger",
                      **extra: Any) -> dict[str, Any]:
        return self._customer(user_id, "messages", text=text, channel=channel, **extra)

    def customer_send_attachment(self, user_id: str, type: str, url: str,
                                 channel: str = "messenger") -> dict[str, Any]:
        return self._customer(user_id, "messages", attachment={"type": type, "url": url},
                              channel=channel)

    def customer_react(self, user_id: str, mid: str, reaction: str | None = "love",
                       channel: str = "messenger") -> dict[str, Any]:
        """reaction=None unreacts."""
        return self._customer(user_id, "reactions", mid=mid, reaction=reaction, channel=channel)

    def customer_postback(self, user_id: str, title: str, payload: str,
                          channel: str = "messenger", **extra: Any) -> dict[str, Any]:
        return self._customer(user_id, "postbacks", title=title, payload=payload,
                              channel=channel, **extra)

    def customer_read(self, user_id: str, channel: str = "messenger") -> dict[str, Any]:
        return self._customer(user_id, "reads", channel=channel)

    def customer_referral(self, user_id: str, ref: str, source: str = "SHORTLINK",
                          channel: str = "messenger") -> dict[str, Any]:
        return self._customer(user_id, "referrals", ref=ref, source=source, channel=channel)

    def seed_conversation(self, user_id: str, messages: list[dict[str, Any]],
                          channel: str = "messenger") -> list[dict[str, Any]]:
        """messages: [{"from": "customer"|"page", "text", "ago_ms"}] (no webhooks sent)."""
        return self._call("POST", "/_sim/conversations",
                          json={"user_id": user_id, "channel": channel,
                                "messages": messages})["messages"]

    def set_thread_owner(self, user_id: str, app_id: str | None = None,
                         channel: str = "messenger",
                         metadata: str | None = None) -> dict[str, Any]:
        """Another app (default: the Page Inbox) takes the thread; Meta sends the subscribed
        apps a `take_thread_control` event."""
        body = {"app_id": app_id, "channel": channel}
        if metadata is not None:
            body["metadata"] = metadata
        return self._call("POST", f"/_sim/threads/{user_id}/owner", json=body)

    def threads(self) -> list[dict[str, Any]]:
        """Every conversation with its `thread_owner` app id."""
        return self._call("GET", "/_sim/threads")["threads"]

    def _customer(self, user_id: str, action: str, **body: Any) -> dict[str, Any]:
        return self._call("POST", f"/_sim/customers/{user_id}/{action}", json=body)

    # --- journal and webhooks ------------------------------------------------------------
    def journal(self, kind: str | None = None, path: str | None = None,
                psid: str | None = None) -> list[dict[str, Any]]:
        params = {k: v for k, v in (("kind", kind), ("path", path), ("psid", psid)) if v}
        return self._call("GET", "/_sim/journal", params=params or None)["entries"]

    def clear_journal(self) -> None:
        self._call("DELETE", "/_sim/journal")

    def webhooks(self) -> dict[str, Any]:
        """{"idle": bool, "failing_since": {"app:page": ms}}."""
        return self._call("GET", "/_sim/webhooks")

    def subscribe_webhook(self, callback_url: str, verify_token: str | None = None,
                          fields: str = DEFAULT_FIELDS, object: str = "page") -> dict[str, Any]:
        """`POST /{version}/{app-id}/subscriptions` with the app token; GraphAPIError if refused."""
        world = self.world()
        app = world["app"]
        reply = self._http.post(
            f"{self.base_url}/{world['graph_version']}/{app['id']}/subscriptions",
            data={"object": object, "callback_url": callback_url,
                  "verify_token": verify_token or app["verify_token"], "fields": fields,
                  "include_values": "true", "access_token": app["app_token"]},
            timeout=self.timeout)
        body = reply.json()
        if reply.status_code != 200 or "error" in body:
            raise GraphAPIError(reply.status_code, body.get("error", {}))
        return body

    def wait_for_journal(self, predicate: Callable[[dict[str, Any]], bool],
                         timeout: float = 10.0, kind: str | None = None) -> dict[str, Any]:
        """Block until an entry satisfies `predicate`: each round long-polls the server, which
        waits on the journal's Condition for a newer entry (no client-side sleeping)."""
        deadline = time.monotonic() + timeout
        params: dict[str, Any] = {"kind": kind} if kind else {}
        while True:
            reply = self._call("GET", "/_sim/journal", params=params or None)
            for entry in reply["entries"]:
                if predicate(entry):
                    return entry
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = "\n".join(repr(e) for e in reply["entries"]) or "(none)"
                raise AssertionError(f"no journal entry matched within {timeout} s; seen:\n{seen}")
            params = {**params, "after": reply["last_seq"], "wait": round(remaining, 3)}

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        reply = self._http.request(method, self.base_url + path, timeout=self.timeout, **kwargs)
        if reply.status_code != 200:
            raise SimulatorControlError(f"{method} {path}: HTTP {reply.status_code}: {reply.text}")
        return reply.json()
