"""What a customer does on Meta's side: send text or an attachment, react, tap a postback, read.

The customer pages (simulator/web) and the /_sim control API both call these functions, so a
scripted customer takes exactly the path of one clicking in a browser: validate, store in the
world (which opens the 24 h window), push to open chat pages, queue the webhooks Meta would send.
Every function takes the Page the customer talks to and the channel: "messenger" or "instagram"
(the Instagram professional account linked to that Page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.errors import SimulatorError

if TYPE_CHECKING:
    from simulator.world import Message, World

__all__ = ["ATTACHMENT_TYPES", "CHANNELS", "REACTIONS", "TEXT_LIMIT", "mark_read", "postback",
           "react", "referral", "send_attachment", "send_text", "unreact"]

CHANNELS = ("messenger", "instagram")
TEXT_LIMIT = 20000  # what the customer's composer accepts (Meta's own UI limit is higher)
ATTACHMENT_TYPES = ("image", "audio", "video", "file")
REACTIONS = {"smile": "\U0001f606", "angry": "\U0001f620", "sad": "\U0001f622",
             "wow": "\U0001f62e", "love": "\u2764\ufe0f", "like": "\U0001f44d",
             "dislike": "\U0001f44e", "other": "\U0001f44c"}


def _check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise SimulatorError(f"channel must be one of {', '.join(CHANNELS)}, not {channel!r}")


def send_text(world: World, page_id: str, account_id: str, text: str,
              channel: str = "messenger", *, quick_reply_payload: str | None = None,
              reply_to: str | None = None) -> Message:
    """The customer types `text` (or taps a quick reply whose title is `text`)."""
    _check_channel(channel)
    if not isinstance(text, str) or not text.strip() or len(text) > TEXT_LIMIT:
        raise SimulatorError(f"Type a message of 1 to {TEXT_LIMIT} characters.")
    extra: dict[str, Any] = {}
    if quick_reply_payload is not None:
        extra["quick_reply"] = {"payload": str(quick_reply_payload)}
    if reply_to is not None:
        extra["reply_to"] = {"mid": str(reply_to)}
    return world.customer_message(page_id, account_id, channel, text=text, extra=extra)


def send_attachment(world: World, page_id: str, account_id: str, type: str, url: str,
                    channel: str = "messenger") -> Message:
    """The customer sends a picture, audio, video or file (by URL, as Meta's CDN would host it)."""
    _check_channel(channel)
    if type not in ATTACHMENT_TYPES:
        raise SimulatorError(f"attachment type must be one of {', '.join(ATTACHMENT_TYPES)}, "
                             f"not {type!r}")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise SimulatorError(f"attachment url must be an http(s) URL, not {url!r}")
    attachment = {"type": type, "payload": {"url": url}}
    return world.customer_message(page_id, account_id, channel, attachment=attachment)


def react(world: World, page_id: str, account_id: str, mid: str, reaction: str = "love",
          channel: str = "messenger") -> dict[str, Any]:
    """The customer reacts to a message of the thread; returns the webhook payload."""
    _check_channel(channel)
    if reaction not in REACTIONS:
        raise SimulatorError(f"reaction must be one of {', '.join(REACTIONS)}, not {reaction!r}")
    payload = {"reaction": reaction, "emoji": REACTIONS[reaction], "action": "react",
               "mid": mid}
    return world.customer_event(page_id, account_id, channel, "reaction", payload, mid=mid)


def unreact(world: World, page_id: str, account_id: str, mid: str,
            channel: str = "messenger") -> dict[str, Any]:
    """The customer removes a reaction (Meta drops `reaction`/`emoji` on unreact)."""
    _check_channel(channel)
    payload = {"action": "unreact", "mid": mid}
    return world.customer_event(page_id, account_id, channel, "reaction", payload, mid=mid)


def postback(world: World, page_id: str, account_id: str, title: str, payload: str,
             channel: str = "messenger", referral: dict[str, Any] | None = None
             ) -> dict[str, Any]:
    """The customer taps a button (Get Started, a template button, an ice breaker)."""
    _check_channel(channel)
    if not title or not isinstance(payload, str):
        raise SimulatorError("a postback needs a button title and a string payload")
    body: dict[str, Any] = {"title": title, "payload": payload}
    if referral is not None:
        body["referral"] = referral
    return world.customer_event(page_id, account_id, channel, "postback", body, new_mid=True)


def referral(world: World, page_id: str, account_id: str, ref: str, source: str = "SHORTLINK",
             channel: str = "messenger") -> dict[str, Any]:
    """The customer opens the existing thread through an m.me link (or an ad)."""
    _check_channel(channel)
    body = {"ref": ref, "source": source, "type": "OPEN_THREAD"}
    return world.customer_event(page_id, account_id, channel, "referral", body)


def mark_read(world: World, page_id: str, account_id: str,
              channel: str = "messenger") -> dict[str, Any]:
    """The customer has seen the thread: a read receipt up to now (IG: the last Page message)."""
    _check_channel(channel)
    return world.customer_read(page_id, account_id, channel)
