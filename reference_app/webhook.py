"""Meta's webhook: the verification handshake and signed event deliveries.

Order is the contract: verify ``X-Hub-Signature-256`` over the exact raw bytes (the legacy
sha1 ``X-Hub-Signature`` only when ``ACCEPT_SHA1_SIGNATURE`` is set and the sha256 header is
absent), parse (``meta_events``), commit (deduplicated by ``mid``), answer
``200 EVENT_RECEIVED``; routing, the profile and the desk pushes run afterwards on the
app's workers (``inbox``). ``object`` is ``page`` (Messenger) or ``instagram``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from . import inbox, store
from .meta_events import CHANNELS, parse_delivery

__all__ = ["bp", "signature_problem", "verify_signature"]

log = logging.getLogger(__name__)

bp = Blueprint("webhook", __name__)
_OBJECTS = tuple(CHANNELS)  # a tuple: `in` compares, so an unhashable `object` is no error


_SCHEMES = {"sha256": ("X-Hub-Signature-256", hashlib.sha256),
            "sha1": ("X-Hub-Signature", hashlib.sha1)}


def signature_problem(raw: bytes, header: str | None, app_secret: str,
                      scheme: str = "sha256") -> str | None:
    """Why ``header`` does not sign ``raw`` with ``app_secret``; None when it does."""
    name, digest = _SCHEMES[scheme]
    if not header:
        return f"missing {name} header"
    given, _, received = header.partition("=")
    if given != scheme or not received:
        return f"{name} must look like {scheme}=<hex>"
    expected = hmac.new(app_secret.encode("utf-8"), raw, digest).hexdigest()
    if not hmac.compare_digest(expected.encode(), received.strip().lower().encode()):
        return f"{name} does not match the body"
    return None


def verify_signature(raw: bytes) -> str | None:
    """The request's signature problem, if any (sha1 only as the configured fallback)."""
    config, headers = current_app.config, request.headers
    if "X-Hub-Signature-256" not in headers and config["ACCEPT_SHA1_SIGNATURE"]:
        return signature_problem(raw, headers.get("X-Hub-Signature"), config["APP_SECRET"],
                                 "sha1")
    return signature_problem(raw, headers.get("X-Hub-Signature-256"), config["APP_SECRET"])


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
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:  # MAX_CONTENT_LENGTH: nothing is read, nothing stored
        return _refuse(413, f"body is over the {current_app.config['MAX_CONTENT_LENGTH']} "
                            "bytes this app accepts")
    problem = verify_signature(raw)
    if problem:
        return _refuse(403, problem)
    try:
        body = raw.decode("utf-8")  # Meta sends UTF-8; json.loads(bytes) would take UTF-16 too
        payload = json.loads(body)
    except ValueError:  # UnicodeDecodeError is a ValueError
        return _refuse(400, "body is not UTF-8 JSON")
    if not isinstance(payload, dict) or payload.get("object") not in _OBJECTS:
        return _refuse(404, "only object=page and object=instagram deliveries are handled")
    service = store.social_service()
    changes = store.record_delivery(payload["object"], body, parse_delivery(payload),
                                    service and service["id"])
    inbox.schedule_changes(changes)
    return Response("EVENT_RECEIVED", 200, mimetype="text/plain")
