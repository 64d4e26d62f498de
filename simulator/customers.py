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

__all__ = ["ATTACHMENT_TYPES", "CHANNELS", "QUICK_REPLY_TITLE_CHARS", "REACTIONS", "TEXT_LIMIT",
           "mark_read", "offered_quick_replies", "postback", "quick_reply_title", "react",
           "referral", "send_attachment", "send_text", "tap_quick_reply", "unreact"]

CHANNELS = ("messenger", "instagram")
TEXT_LIMIT = 20000  # what the customer's composer accepts (Meta's own UI limit is higher)
ATTACHMENT_TYPES = ("image", "audio", "video", "file")
REACTIONS = {"smile": "\U0001f606", "angry": "\U0001f620", "sad": "\U0001f622",
             "wow": "\U0001f62e", "love": "\u2764\ufe0f", "like": "\U0001f44d",
             "dislike": "\U0001f44e", "other": "\U0001f44c"}
# meta-api.md 3.2: a quick reply's title is truncated after 20 characters; the customer sees
# the truncated title on the button, and a tap sends what the button showed (2.3: "the button
# title comes back as `text`")
QUICK_REPLY_TITLE_CHARS = 20
NO_QUICK_REPLY = "That quick reply is no longer offered: the conversation has moved on."


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


def quick_reply_title(title: str) -> str:
    """A quick reply's title as Messenger shows it on the button (and sends it when tapped)."""
    return title[:QUICK_REPLY_TITLE_CHARS]


def offered_quick_replies(messages: list[Message]) -> list[dict[str, str]]:
    """The quick-reply buttons a thread shows: those of its last message, when the Page sent
    it (a later message of either side takes them away), each ``{"title", "payload"}`` with
    the title as shown. Only `text` quick replies with a title are buttons here."""
    last = messages[-1] if messages else None
    if last is None or last.sender != "page":
        return []
    offered = last.extra.get("quick_replies") or []
    return [{"title": quick_reply_title(str(reply["title"])), "payload": str(reply["payload"])}
            for reply in offered
            if isinstance(reply, dict) and reply.get("content_type") == "text"
            and reply.get("title") and reply.get("payload") not in (None, "")]


def tap_quick_reply(world: World, page_id: str, account_id: str, mid: str, index: int,
                    channel: str = "messenger") -> Message:
    """The customer taps button `index` of the quick replies that Page message `mid` offers:
    a message whose `text` is the title as the button showed it and whose `quick_reply`
    carries the developer's payload."""
    _check_channel(channel)
    with world.lock:  # the buttons cannot change between the look and the tap
        history = world.history(*world.thread_ids(page_id, account_id, channel))
        offered = offered_quick_replies(history)
        if not offered or history[-1].mid != mid:
            raise SimulatorError(NO_QUICK_REPLY, 409)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(offered):
            raise SimulatorError(f"index must be 0 to {len(offered) - 1}, not {index!r}")
        chosen = offered[index]
        return send_text(world, page_id, account_id, chosen["title"], channel,
                         quick_reply_payload=chosen["payload"])


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
