"""The Send API's domain operation: a validated request becomes a Page message (or a sender
action) after the policy allows it; attachments are fetched or looked up as Meta does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import requests

from simulator import errors, policy
from simulator.errors import GraphError
from simulator.graph.sendspec import IG_TEXT_BYTES, SendRequest, ig_text_too_long

if TYPE_CHECKING:
    from simulator.models import Page, Token
    from simulator.world import World

__all__ = ["fetch_check", "send", "upload_attachment"]

FETCH_TIMEOUT = 5.0
MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # Messenger's attachment size limit


def send(world: World, token: Token, page: Page, outgoing: SendRequest) -> tuple[dict, str]:
    """Deliver `outgoing`; returns (Graph's success body, the recipient's scoped id)."""
    account, channel = policy.recipient(world, page, outgoing.recipient)
    scoped = str(outgoing.recipient["id"])  # recipient() matched it: the thread's PSID or IGSID
    if channel == "instagram" and ig_text_too_long(outgoing.text):
        raise GraphError(errors.TEXT_TOO_LONG, limit=f"{IG_TEXT_BYTES} bytes")
    policy.check_send(world, token, page, account, channel, outgoing.messaging_type,
                      outgoing.tag)
    if outgoing.sender_action is not None:
        _sender_action(world, page.id, account.id, channel, outgoing)
        return {"recipient_id": scoped}, scoped
    message = outgoing.message or {}
    extra = {"quick_replies": message["quick_replies"]} if "quick_replies" in message else {}
    reply_to = message.get("reply_to")
    if isinstance(reply_to, dict) and reply_to.get("mid"):
        extra["reply_to"] = {"mid": reply_to["mid"]}
    attachment = _resolve_attachment(world, page, outgoing.attachment)
    sent = world.page_message(page, account, channel, text=outgoing.text, attachment=attachment,
                              extra=extra, metadata=message.get("metadata"),
                              app_id=token.app_id)
    return {"recipient_id": scoped, "message_id": sent.mid}, scoped


def _sender_action(world: World, page_id: str, account_id: str, channel: str,
                   outgoing: SendRequest) -> None:
    """Typing and seen (and react/unreact) reach the customer's open chat live."""
    business, user = world.thread_ids(page_id, account_id, channel)
    event: dict[str, Any] = {"sender_action": outgoing.sender_action}
    if outgoing.payload is not None:
        mid = str(outgoing.payload["message_id"])
        if not any(m.mid == mid for m in world.history(business, user)):
            raise GraphError(errors.INVALID_PARAMETER,
                             detail="Param payload[message_id] is not a message of this thread")
        event["payload"] = {"message_id": mid, "reaction": outgoing.payload.get("reaction")}
    world.events.publish((business, user), event, name="sender_action")


def _resolve_attachment(world: World, page: Page,
                        attachment: dict[str, Any] | None) -> dict[str, Any] | None:
    if attachment is None or attachment.get("type") == "template":
        return attachment
    payload = attachment["payload"]
    if payload.get("attachment_id"):
        stored = world.attachments.get(str(payload["attachment_id"]))
        if stored is None or stored["page_id"] != page.id:
            raise GraphError(errors.ATTACHMENT_NOT_OWNED)
        return {"type": stored["type"], "payload": {"url": stored["url"]}}
    fetch_check(world, str(payload["url"]))
    return {"type": attachment["type"], "payload": {"url": payload["url"]}}


def fetch_check(world: World, url: str) -> None:
    """Meta fetches attachment URLs: unreachable or non-200 fails with 2018008."""
    if not world.settings.get("FETCH_ATTACHMENTS", True):
        return
    try:
        with requests.get(url, timeout=FETCH_TIMEOUT, stream=True) as reply:
            ok = reply.status_code == 200
    except requests.RequestException:
        ok = False
    if not ok:
        raise GraphError(errors.ATTACHMENT_FETCH_FAILED)


def upload_attachment(world: World, page: Page, attachment: dict[str, Any] | None,
                      upload: tuple[str, bytes] | None = None, url_root: str = "") -> str:
    """`POST /{page}/message_attachments`: by URL (fetched once) or a multipart `filedata`
    (served back under /_sim/attachments/); kept reusable; returns its id."""
    if attachment is None:
        raise GraphError(errors.PARAM_REQUIRED, name="message[attachment]")
    kind, payload = attachment.get("type"), attachment.get("payload") or {}
    if kind not in ("image", "audio", "video", "file") or not (payload.get("url") or upload):
        raise GraphError(errors.UPLOAD_FAILURE)
    if upload is not None and len(upload[1]) > MAX_UPLOAD_BYTES:
        raise GraphError(errors.ATTACHMENT_TOO_LARGE)
    if upload is None:
        fetch_check(world, str(payload["url"]))
    with world.lock:
        attachment_id = world.digits(16)
        url = str(payload.get("url") or f"{url_root.rstrip('/')}/_sim/attachments/{attachment_id}")
        world.attachments[attachment_id] = {"page_id": page.id, "type": kind, "url": url,
                                            "content_type": upload[0] if upload else None,
                                            "data": upload[1] if upload else None}
    return attachment_id
