"""Meta's webhook: the verification handshake and signed event deliveries.

Order is the contract: verify ``X-Hub-Signature-256`` over the exact raw bytes, parse,
commit the messages (deduplicated by ``mid``), answer ``200 EVENT_RECEIVED``; routing,
the profile and the desk pushes run afterwards on the app's worker (``inbox``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, current_app, request

from . import inbox, store

__all__ = ["bp", "parse_messages", "signature_problem"]

log = logging.getLogger(__name__)

bp = Blueprint("webhook", __name__)


def signature_problem(raw: bytes, header: str | None, app_secret: str) -> str | None:
    """Why ``header`` does not sign ``raw`` with ``app_secret``; None when it does."""
    if not header:
        return "missing X-Hub-Signature-256 header"
    scheme, _, received = header.partition("=")
    if scheme != "sha256" or not received:
        return "X-Hub-Signature-256 must look like sha256=<hex>"
    expected = hmac.new(app_secret.encode("utf-8"), raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), received.strip().lower().encode()):
        return "X-Hub-Signature-256 does not match the body"
    return None


def parse_messages(payload: dict[str, Any]) -> Iterator[store.InboundMessage]:
    """The customer messages of a ``page`` delivery; echoes, receipts and the rest skipped."""
    for entry in _objects(payload.get("entry")):
        page_id = str(entry.get("id", ""))
        for event in _objects(entry.get("messaging")):
            message = event.get("message")
            if not isinstance(message, dict) or message.get("is_echo"):
                continue
            psid = str((event.get("sender") or {}).get("id", ""))
            mid = message.get("mid")
            if not (psid and mid and page_id):
                log.warning("skipped a message event without sender, mid or page: %r", event)
                continue
            stamp = event.get("timestamp") or entry.get("time") or store.now_ms()
            yield store.InboundMessage(page_id, psid, str(mid), _text_of(message), int(stamp))


def _objects(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text_of(message: dict[str, Any]) -> str:
    if isinstance(message.get("text"), str):
        return message["text"]
    kinds = [a.get("type", "attachment") for a in _objects(message.get("attachments"))]
    return " ".join(f"[{kind}]" for kind in kinds) or "[unsupported message]"


def _refuse(status: int, reason: str) -> Response:
    log.warning("webhook refused (%s): %s", status, reason)
    return Response(json.dumps({"error": reason}), status, mimetype="application/json")


@bp.get("/webhook")
def handshake() -> Response:
    args = request.args
    if (args.get("hub.mode") == "subscribe"
            and hmac.compare_digest(args.get("hub.verify_token", "").encode(),
                                    current_app.config["VERIFY_TOKEN"].encode())):
        return Response(args.get("hub.challenge", ""), 200, mimetype="text/plain")
    return Response("Forbidden", 403, mimetype="text/plain")


@bp.post("/webhook")
def receive() -> Response:
    raw = request.get_data(cache=True)
    problem = signature_problem(raw, request.headers.get("X-Hub-Signature-256"),
                                current_app.config["APP_SECRET"])
    if problem:
        return _refuse(403, problem)
    try:
        payload = json.loads(raw)
    except ValueError:  # also covers bytes that are not UTF-8
        return _refuse(400, "body is not JSON")
    if not isinstance(payload, dict) or payload.get("object") != "page":
        return _refuse(404, "only object=page deliveries are handled")
    saved = store.record_delivery("page", raw.decode("utf-8"), parse_messages(payload))
    inbox.schedule_inbound(saved)
    return Response("EVENT_RECEIVED", 200, mimetype="text/plain")
