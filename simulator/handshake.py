"""Meta's verification handshake (meta-api.md section 1): one GET, the challenge echoed exactly.

Outcomes are journaled; a failure raises (#2200) or (#2201) for the Graph caller.
"""

from __future__ import annotations

import time
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import requests

from simulator import errors
from simulator.errors import GraphError

if TYPE_CHECKING:
    from simulator.world import World

__all__ = ["USER_AGENT", "verify_callback"]

USER_AGENT = "facebookexternalua"
RECEIVED_PREVIEW = 100  # characters of a wrong handshake answer quoted in (#2201) (unconfirmed)


def verify_callback(world: World, callback_url: str, verify_token: str) -> None:
    """The GET handshake of meta-api.md section 1; raises (#2200)/(#2201) unless it succeeds."""
    challenge = str(world.new_challenge())
    query = urlencode([("hub.mode", "subscribe"), ("hub.verify_token", verify_token),
                       ("hub.challenge", challenge)])
    url = f"{callback_url}{'&' if '?' in callback_url else '?'}{query}"
    timeout = world.webhooks.timeout
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
