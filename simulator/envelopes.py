"""What Meta POSTs to a callback: messaging events, their webhook field, entries, batches, bytes.

Pure functions (no I/O, no state): `webhooks.py` decides who gets what and when.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.models import Message

__all__ = ["PendingEvent", "batch_envelope", "field_of", "message_event", "object_of",
           "serialize", "signature_headers"]

MESSENGER_FIELDS = {"message": "messages", "echo": "message_echoes",
                    "delivery": "message_deliveries", "read": "message_reads",
                    "reaction": "message_reactions", "postback": "messaging_postbacks",
                    "referral": "messaging_referrals", "pass_thread_control": "messaging_handovers",
                    "take_thread_control": "messaging_handovers",
                    "request_thread_control": "messaging_handovers"}
INSTAGRAM_FIELDS = {**MESSENGER_FIELDS, "echo": "messages", "read": "messaging_seen",
                    "referral": "messaging_referral", "delivery": ""}
FIELD_ALIASES = {"messaging_referral": "messaging_referrals",
                 "messaging_handover": "messaging_handovers"}


@dataclass(frozen=True)
class PendingEvent:
    """One messaging event waiting for its batch: where it goes and what it says."""

    app_id: str
    object: str  # "page" | "instagram"
    entry_id: str  # Page id or IG account id
    event: dict[str, Any]
    field: str
    mid: str | None
    user_id: str  # PSID / IGSID of the customer (journal filter)
    standby: bool = False


def object_of(channel: str) -> str:
    return "instagram" if channel == "instagram" else "page"


def field_of(channel: str, kind: str) -> str:
    """The webhook field an event kind is subscribed through (meta-api.md 2.3 and 8)."""
    return (INSTAGRAM_FIELDS if channel == "instagram" else MESSENGER_FIELDS)[kind]


def same_field(subscribed: Iterable[str], field: str) -> bool:
    """Both spellings count (`messaging_referral` / `messaging_referrals`)."""
    if isinstance(subscribed, (list, tuple)) and field in subscribed:  # the usual case: no alias set
        return True
    names = {FIELD_ALIASES.get(name, name) for name in subscribed}
    return FIELD_ALIASES.get(field, field) in names


def message_event(sender: str, recipient: str, message: Message,
                  echo: bool = False) -> dict[str, Any]:
    """`{"sender","recipient","timestamp","message":{...}}`; echoes carry app_id and metadata."""
    body: dict[str, Any] = {}
    if echo:
        body["is_echo"] = True
        if message.app_id is not None:
            body["app_id"] = int(message.app_id)  # a JSON number, as in Meta's example
        if message.metadata is not None:
            body["metadata"] = message.metadata
    body["mid"] = message.mid
    if message.text is not None:
        body["text"] = message.text
    if message.attachment is not None:
        body["attachments"] = [message.attachment]
    for key in ("quick_reply", "reply_to"):
        if key in message.extra:
            body[key] = message.extra[key]
    return {"sender": {"id": sender}, "recipient": {"id": recipient},
            "timestamp": message.timestamp, "message": body}


def plain_event(sender: str, recipient: str, timestamp: int, key: str,
                payload: dict[str, Any]) -> dict[str, Any]:
    return {"sender": {"id": sender}, "recipient": {"id": recipient}, "timestamp": timestamp,
            key: payload}


def batch_envelope(events: list[PendingEvent]) -> dict[str, Any]:
    """One POST body: `object` and one entry per event (several Pages may share a POST).

    Meta keeps exactly one event per `messaging[]` (or `standby[]`) array; `time` is in ms
    (the event's own time, as in Meta's examples).
    """
    entries = []
    for pending in events:
        key = "standby" if pending.standby else "messaging"
        entries.append({"id": pending.entry_id, "time": pending.event["timestamp"],
                        key: [pending.event]})
    return {"object": events[0].object, "entry": entries}


def serialize(envelope: dict[str, Any]) -> bytes:
    """Meta's rendering: compact, non-ASCII as lowercase `\\uXXXX` (surrogate pairs for emoji)."""
    return json.dumps(envelope, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def signature_headers(secret: str, body: bytes) -> dict[str, str]:
    """Both signatures Meta sends, over exactly `body`."""
    key = secret.encode()
    return {"X-Hub-Signature": "sha1=" + hmac.new(key, body, hashlib.sha1).hexdigest(),
            "X-Hub-Signature-256": "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()}
