"""Meta's webhook sender: verification handshake, envelopes, signing, the delivery queue.

A customer's message becomes a `Delivery` (exact bytes + signatures) queued for the sender
loop, so the customer's request never waits on the app. Every attempt, refusal and handshake
is journaled. Retries, batching and faults grow here (attempt counter, one loop).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import queue
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import requests

from simulator import errors, policy
from simulator.errors import GraphError

if TYPE_CHECKING:
    from simulator.world import App, Message, Page, TestAccount, World

__all__ = ["Delivery", "WebhookSender", "message_envelope", "serialize", "signature_headers",
           "verify_callback"]

USER_AGENT = "facebookexternalua"
RECEIVED_PREVIEW = 100  # characters of a wrong handshake answer quoted in (#2201) (unconfirmed)


def message_envelope(page: Page, psid: str, message: Message) -> dict[str, Any]:
    """`{"object":"page","entry":[...]}` for one inbound text message (meta-api.md 2.3)."""
    event = {"sender": {"id": psid}, "recipient": {"id": page.id}, "timestamp": message.timestamp,
             "message": {"mid": message.mid, "text": message.text}}
    return {"object": "page", "entry": [{"id": page.id, "time": message.timestamp,
                                         "messaging": [event]}]}


def serialize(envelope: dict[str, Any]) -> bytes:
    """Meta's rendering: compact, non-ASCII as lowercase `\\uXXXX` (surrogate pairs for emoji)."""
    return json.dumps(envelope, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def signature_headers(secret: str, body: bytes) -> dict[str, str]:
    """Both signatures Meta sends, over exactly `body`."""
    key = secret.encode()
    return {"X-Hub-Signature": "sha1=" + hmac.new(key, body, hashlib.sha1).hexdigest(),
            "X-Hub-Signature-256": "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()}


@dataclass
class Delivery:
    """One POST to an app's callback: exact bytes and headers, plus what the journal needs."""

    url: str
    body: bytes
    headers: dict[str, str]
    event: str
    mid: str | None
    generation: int
    attempt: int = 1
    created: float = field(default_factory=time.monotonic)


class WebhookSender:
    """Queue + one daemon loop posting deliveries with the configured ack deadline."""

    def __init__(self, world: World) -> None:
        self._world = world
        self._queue: queue.Queue[Delivery | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    @property
    def timeout(self) -> float:
        return float(self._world.settings.get("WEBHOOK_TIMEOUT", 5.0))

    def notify_message(self, page: Page, account: TestAccount, message: Message) -> None:
        """Queue a `messages` webhook for every app subscribed to the Page, or journal why not."""
        world = self._world
        with world.lock:
            apps = [world.apps[app_id] for app_id in page.subscribed_apps if app_id in world.apps]
            if not apps:
                apps = [world.apps[page.app_id]]
            decisions = [(app, policy.webhook_refusal(world, app, page, account, "messages"))
                         for app in apps]
            generation = world.generation
        psid = account.psids[page.id]
        for app, refusal in decisions:
            if refusal is not None:
                world.journal.record_webhook(url=app.callback_url, event="messages",
                                             outcome="not_sent", reason=refusal, attempt=0,
                                             mid=message.mid)
                continue
            body = serialize(message_envelope(page, psid, message))
            self.enqueue(self._delivery(app, body, message.mid, generation))

    def _delivery(self, app: App, body: bytes, mid: str, generation: int) -> Delivery:
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
                   **signature_headers(app.secret, body)}
        return Delivery(app.callback_url or "", body, headers, "messages", mid, generation)

    def enqueue(self, delivery: Delivery) -> None:
        self._ensure_running()
        self._queue.put(delivery)

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=self.timeout + 5)
            self._thread = None

    def _ensure_running(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="webhook-sender",
                                                daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            delivery = self._queue.get()
            if delivery is None:
                return
            if delivery.generation != self._world.generation:
                continue  # queued before a reset: that world is gone, its journal too
            self._attempt(delivery)

    def _attempt(self, delivery: Delivery) -> None:
        started = time.monotonic()
        status, reason = None, None
        try:
            reply = requests.post(delivery.url, data=delivery.body, headers=delivery.headers,
                                  timeout=self.timeout, allow_redirects=False)
            status = reply.status_code
            if status != 200:
                reason = f"HTTP {status} (Meta needs 200 OK)"
        except requests.Timeout:
            reason = f"no answer within the {self.timeout:g} s ack deadline"
        except requests.RequestException as exc:
            reason = f"connection failed: {exc.__class__.__name__}: {exc}"
        latency_ms = round((time.monotonic() - started) * 1000, 1)
        self._world.journal.record_webhook(
            url=delivery.url, event=delivery.event, status=status,
            outcome="delivered" if reason is None else "failed", reason=reason,
            latency_ms=latency_ms, attempt=delivery.attempt, body=delivery.body.decode("ascii"),
            mid=delivery.mid)


def verify_callback(world: World, callback_url: str, verify_token: str) -> None:
    """The GET handshake of meta-api.md section 1; raises (#2200)/(#2201) unless it succeeds."""
    challenge = str(world.new_challenge())
    query = urlencode([("hub.mode", "subscribe"), ("hub.verify_token", verify_token),
                       ("hub.challenge", challenge)])
    url = f"{callback_url}{'&' if '?' in callback_url else '?'}{query}"
    timeout = float(world.settings.get("WEBHOOK_TIMEOUT", 5.0))
    started = time.monotonic()
    status: int | None = None
    try:
        reply = requests.get(url, timeout=timeout, allow_redirects=False,
                             headers={"User-Agent": USER_AGENT})
    except requests.RequestException as exc:
        error: GraphError | None = GraphError(errors.CALLBACK_VERIFICATION_FAILED,
                                              details=_curl_details(exc))
    else:
        status, error = reply.status_code, _judge_handshake(reply, challenge)
    world.journal.record_webhook(
        url=url, event="verification", status=status, outcome="handshake",
        reason=error.message if error else None, attempt=1, body=None,
        latency_ms=round((time.monotonic() - started) * 1000, 1))
    if error is not None:
        raise error


def _judge_handshake(reply: requests.Response, challenge: str) -> GraphError | None:
    if reply.status_code != 200:
        phrase = _phrase(reply.status_code)
        return GraphError(errors.CALLBACK_VERIFICATION_FAILED,
                          details=f"HTTP Status Code = {reply.status_code}; HTTP Message = {phrase}")
    if reply.text != challenge:
        received = reply.text
        if len(received) > RECEIVED_PREVIEW:
            received = received[:RECEIVED_PREVIEW] + "..."
        return GraphError(errors.CHALLENGE_MISMATCH, expected=challenge, received=received)
    return None


def _curl_details(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "curl_errno = 28; curl_error = Operation timed out; HTTP Status Code = 0"
    return "curl_errno = 7; curl_error = Couldn't connect to server; HTTP Status Code = 0"


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
