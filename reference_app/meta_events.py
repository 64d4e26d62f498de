"""Meta's webhook payloads read into typed events (no HTTP, no SQL).

``parse_delivery`` turns a verified ``object: page`` (Messenger) or ``object: instagram``
delivery into events sorted by ``timestamp`` (Meta does not guarantee order): customer
messages (postbacks too), echoes of what the Page sent, delivery and read receipts, and
Instagram unsends. Reactions, referrals and the rest are skipped on purpose. A malformed
event is skipped (logged) and odd values are made storable, so one bad event never fails the
commit of the others (the raw delivery is kept verbatim by ``store.record_delivery``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["CHANNELS", "CustomerMessage", "Echo", "Event", "Receipt", "Unsend",
           "parse_delivery"]

log = logging.getLogger(__name__)

CHANNELS = {"page": "messenger", "instagram": "instagram"}  # webhook object -> channel
_INT64 = (-(2 ** 63), 2 ** 63 - 1)


@dataclass(frozen=True)
class CustomerMessage:
    """A message (or button tap) from the customer: it opens or joins a chat."""

    channel: str
    account_id: str  # Page id or Instagram professional account id (entry.id)
    psid: str        # PSID or IGSID
    mid: str
    text: str
    timestamp: int


@dataclass(frozen=True)
class Echo:
    """A message the Page sent (this desk, another app or Meta's inbox)."""

    channel: str
    account_id: str
    psid: str
    mid: str
    text: str
    timestamp: int


@dataclass(frozen=True)
class Receipt:
    """The customer's client got (``delivered``) or saw (``read``) the Page's messages."""

    channel: str
    account_id: str
    psid: str
    status: str  # "delivered" | "read"
    mids: tuple[str, ...]
    watermark: int | None
    timestamp: int


@dataclass(frozen=True)
class Unsend:
    """An Instagram customer removed a message (``is_deleted``)."""

    channel: str
    account_id: str
    psid: str
    mid: str
    timestamp: int


Event = CustomerMessage | Echo | Receipt | Unsend


def parse_delivery(payload: dict[str, Any]) -> list[Event]:
    """Every event of a delivery we act on, oldest first."""
    channel = CHANNELS[payload["object"]]
    events = [event for entry in _objects(payload.get("entry"))
              for raw in _objects(entry.get("messaging"))
              if (event := _event(channel, _str(entry.get("id", "")), raw, entry)) is not None]
    return sorted(events, key=lambda event: event.timestamp)


def _event(channel: str, account_id: str, raw: dict[str, Any],
           entry: dict[str, Any]) -> Event | None:
    sender, recipient = _id_of(raw.get("sender")), _id_of(raw.get("recipient"))
    stamp = _int(raw.get("timestamp")) or _int(entry.get("time")) or 0
    if not (account_id and sender and recipient):
        log.warning("skipped an event without entry id, sender or recipient: %r", raw)
        return None
    if isinstance(raw.get("message"), dict):
        return _message_event(channel, account_id, sender, recipient, raw["message"], stamp)
    if isinstance(raw.get("postback"), dict):
        postback = raw["postback"]
        mid = postback.get("mid") or f"postback.{sender}.{stamp}"
        text = _str(postback.get("title") or postback.get("payload") or "[button]")
        return CustomerMessage(channel, account_id, sender, _str(mid), text, stamp)
    for status in ("delivery", "read"):
        if isinstance(raw.get(status), dict):
            return _receipt(channel, account_id, sender, status, raw[status], stamp)
    return None


def _message_event(channel: str, account_id: str, sender: str, recipient: str,
                   message: dict[str, Any], stamp: int) -> Event | None:
    mid = message.get("mid")
    if not mid:
        log.warning("skipped a message without mid: %r", message)
        return None
    if message.get("is_echo"):  # sender is the Page / IG account, recipient the customer
        return Echo(channel, account_id, recipient, _str(mid), _text_of(message), stamp)
    if message.get("is_deleted"):
        return Unsend(channel, account_id, sender, _str(mid), stamp)
    return CustomerMessage(channel, account_id, sender, _str(mid), _text_of(message), stamp)


def _receipt(channel: str, account_id: str, psid: str, kind: str, body: dict[str, Any],
             stamp: int) -> Receipt:
    listed = body.get("mids") if isinstance(body.get("mids"), list) else []
    mids = tuple(_str(mid) for mid in listed if mid)
    if body.get("mid"):  # Instagram's messaging_seen names the message it read
        mids += (_str(body["mid"]),)
    status = "delivered" if kind == "delivery" else "read"
    return Receipt(channel, account_id, psid, status, mids, _int(body.get("watermark")), stamp)


def _objects(value: object) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def _id_of(party: object) -> str:
    """``sender`` / ``recipient`` id; '' when the party is not an object with an id."""
    return _str(party.get("id", "")) if isinstance(party, dict) else ""


def _str(value: object) -> str:
    """``value`` as text SQLite can store: a lone surrogate (JSON allows ``\\ud800``) is
    replaced by U+FFFD instead of failing the whole delivery's commit."""
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _int(value: object) -> int | None:
    """An integer SQLite can store (64-bit), else None."""
    try:
        number = int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number is not None and _INT64[0] <= number <= _INT64[1] else None


def _text_of(message: dict[str, Any]) -> str:
    if isinstance(message.get("text"), str):
        return _str(message["text"])
    kinds = [a.get("type", "attachment") for a in _objects(message.get("attachments"))]
    if kinds:
        return _str(" ".join(f"[{kind}]" for kind in kinds))
    return "[unsupported message]" if message.get("is_unsupported") else "[message]"
