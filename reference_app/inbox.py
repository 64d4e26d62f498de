"""What the desk does once a delivery is committed, and the agent's own chat actions.

The webhook view only stores and schedules; ``apply_changes`` runs on the app's worker
after the commit: it routes waiting chats (``routing``), tells the desks (``events``) and
hands profile lookups to the profile worker, so a slow Profile API never delays routing.
``send_reply``, ``accept`` and ``close`` are the agent's side.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app

from . import events, routing, store
from .graph_client import GraphApiError, current_graph
from .worker import current_worker, profile_worker

__all__ = ["ReplyRefused", "accept", "apply_changes", "chat_events", "chat_payload", "close",
           "desk_snapshot", "init_app", "message_payload", "messaging_for", "queue_payload",
           "refresh_profile", "route_waiting_chats", "schedule_changes", "schedule_routing",
           "send_reply"]

log = logging.getLogger(__name__)

_CHAT_FIELDS = ("id", "channel", "customer_name", "has_profile_name", "profile_pic", "state",
                "last_message", "last_timestamp", "last_direction", "created_at",
                "updated_at", "psid")


def init_app(app: Flask) -> None:
    app.extensions["reference_app.chat_events"] = threading.RLock()


@contextmanager
def chat_events() -> Iterator[None]:
    """Read chats and publish what was read as one step, one thread at a time.

    Two threads tell the desks about the same chat: the worker (``chat_new`` once routed) and
    the profile worker (``chat_updated`` once named). Each payload is read from the database
    and published afterwards; without this lock the worker could read the chat before the
    name was saved and publish after the profile worker's ``chat_updated``, and the desk (which
    keeps the last payload of a chat) showed the fallback name for good. Held, the events
    reach the desks in the order their payloads were read, so the last one is the newest.
    """
    with current_app.extensions["reference_app.chat_events"]:
        yield


def chat_payload(chat: dict[str, Any], with_messages: bool = False) -> dict[str, Any]:
    """A chat as the desk's JavaScript and SSE events see it."""
    payload = {key: chat[key] for key in _CHAT_FIELDS}
    if with_messages:
        payload["messages"] = [message_payload(m) for m in store.messages_for_chat(chat["id"])]
    return payload


def message_payload(message: dict[str, Any]) -> dict[str, Any]:
    return {key: message[key] for key in ("mid", "chat_id", "direction", "text", "timestamp",
                                          "status")}


def desk_snapshot(agent_id: int) -> list[dict[str, Any]]:
    """The chats holding the agent's positions, with messages (what a desk loads)."""
    return [chat_payload(chat, with_messages=True) for chat in store.chats_for_agent(agent_id)]


def queue_payload() -> list[dict[str, Any]]:
    """The chats waiting for a position, first come first served."""
    return [chat_payload(chat) for chat in store.queued_chats()]


def schedule_changes(changes: list[store.Change]) -> None:
    """Hand a committed delivery's changes to the worker (duplicates brought none)."""
    if changes:
        current_worker().submit(apply_changes, changes)


def schedule_routing() -> None:
    current_worker().submit(route_waiting_chats)


def apply_changes(changes: list[store.Change]) -> None:
    """Post-commit work: push what is new to the desks, route what waits, ask for names."""
    queue_touched = False
    for change in changes:
        with chat_events():
            chat = store.chat_by_id(change.chat_id)
            if chat["state"] == "queued":
                queue_touched = True
            elif chat["agent_id"] is not None and chat["state"] != "closed":
                message = store.message_by_mid(change.mid)
                events.publish(chat["agent_id"], "message", message_payload(message))
                events.publish(chat["agent_id"], "chat_updated", chat_payload(chat))
        if change.kind == "inbound" and not chat["profile_checked"]:
            profile_worker().submit(refresh_profile, change.chat_id)
    if queue_touched:
        route_waiting_chats()


def route_waiting_chats() -> None:
    """Route the queue; announce each routed chat and the queue that is left."""
    routed = routing.route_waiting()
    with chat_events():
        for chat_id, agent_id in routed:
            events.publish(agent_id, "chat_new", chat_payload(store.chat_by_id(chat_id), True))
        events.publish_all("queue", {"chats": queue_payload()})


def refresh_profile(chat_id: int) -> None:
    """Fetch the customer's name and picture once; on refusal keep the fallback name."""
    chat = store.chat_by_id(chat_id)
    if chat is None or chat["profile_checked"]:
        return
    try:
        profile = current_graph().get_profile(chat["psid"], chat["channel"])
    except GraphApiError as error:
        log.warning("profile of chat %s unavailable: %s", chat_id, error)
        if not error.transient:
            store.mark_profile_checked(chat["contact_id"])
        return
    store.set_profile(chat["contact_id"], profile.name, profile.profile_pic)
    with chat_events():
        chat = store.chat_by_id(chat_id)
        if chat["state"] == "queued":
            events.publish_all("queue", {"chats": queue_payload()})
        elif chat["agent_id"] is not None:
            events.publish(chat["agent_id"], "chat_updated", chat_payload(chat))


DAY_MS = 24 * 60 * 60 * 1000
STANDARD_WINDOW_MS = DAY_MS  # RESPONSE: up to 24 h after the customer's last message
HUMAN_AGENT_WINDOW_MS = 7 * DAY_MS  # MESSAGE_TAG / HUMAN_AGENT: up to 7 days, feature granted
_WINDOW_SUBCODES = (2018278, 2534022)  # Messenger / Instagram: outside the allowed window

NO_HUMAN_AGENT = ("More than 24 hours have passed since the customer's last message. Only the"
                  " Human Agent tag can deliver a reply now, and this app does not have the"
                  " Human Agent feature: the customer has to write again before you can"
                  " reply.")
TOO_OLD = ("The customer's last message is more than 7 days old: not even the Human Agent"
           " tag can deliver a reply now. The customer has to write again before you can"
           " reply.")
HUMAN_AGENT_REFUSED = ("More than 24 hours have passed and Meta refused the Human Agent tag:"
                       " the app's Human Agent feature is not approved (App Review). The"
                       " customer has to write again before you can reply.")


class ReplyRefused(Exception):
    """A reply that cannot be sent, in words an agent can act on (``plain``)."""

    def __init__(self, plain: str, code: int | None = None,
                 subcode: int | None = None) -> None:
        super().__init__(plain)
        self.plain, self.code, self.subcode = plain, code, subcode


def messaging_for(chat: dict[str, Any], now_ms: int | None = None) -> dict[str, str]:
    """The Send API's messaging fields for a reply, from the customer's last message.

    Inside 24 h: ``RESPONSE``. From 24 h to 7 days: ``MESSAGE_TAG`` / ``HUMAN_AGENT`` when
    the app has the Human Agent feature (config ``HUMAN_AGENT``). Otherwise ``ReplyRefused``.
    """
    last = store.last_customer_timestamp(chat["contact_id"])
    age = (store.now_ms() if now_ms is None else now_ms) - last if last else 0
    if age <= STANDARD_WINDOW_MS:
        return {"messaging_type": "RESPONSE"}
    if age > HUMAN_AGENT_WINDOW_MS:
        raise ReplyRefused(TOO_OLD)
    if not current_app.config["HUMAN_AGENT"]:
        raise ReplyRefused(NO_HUMAN_AGENT)
    return {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}


def send_reply(chat: dict[str, Any], agent_id: int, text: str) -> dict[str, Any]:
    """Send through the Send API, store what Graph accepted, push it to the desks.

    Raises ``ReplyRefused`` (nothing sent) when no window allows the reply, and
    ``GraphApiError`` (nothing stored) when Graph refuses.
    """
    try:
        messaging = messaging_for(chat)
    except ReplyRefused as refusal:
        log.warning("reply in chat %s not sent: %s", chat["id"], refusal.plain)
        raise
    try:
        mid = current_graph().send_text(chat["psid"], text, **messaging)
    except GraphApiError as error:
        log.warning("reply in chat %s not sent: %s", chat["id"], error)
        if messaging.get("tag") == "HUMAN_AGENT" and error.subcode in _WINDOW_SUBCODES:
            raise ReplyRefused(HUMAN_AGENT_REFUSED, error.code, error.subcode) from error
        raise
    saved = store.save_outbound(chat["id"], agent_id, mid, text)
    with chat_events():
        message = message_payload(saved)
        events.publish(agent_id, "message", message)
        events.publish(agent_id, "chat_updated", chat_payload(store.chat_by_id(chat["id"])))
    log.info("reply %s sent in chat %s (%s)", mid, chat["id"], messaging["messaging_type"])
    return message


def accept(chat_id: int, agent_id: int) -> bool:
    """A MANUAL agent accepts an offered chat."""
    if not store.accept_chat(chat_id, agent_id):
        return False
    with chat_events():
        events.publish(agent_id, "chat_updated", chat_payload(store.chat_by_id(chat_id)))
    return True


def close(chat: dict[str, Any], agent_id: int, classification: str | None) -> str:
    """Close the chat (post-service keeps the position until finished); the queue moves."""
    service = store.service_by_id(chat["service_id"]) if chat["service_id"] else None
    wrapup = bool(service and service["post_service"])
    if not store.close_chat(chat["id"], agent_id, classification, wrapup):
        raise LookupError(f"chat {chat['id']} is not open on this desk")
    state = "wrapup" if wrapup else "closed"
    with chat_events():
        events.publish(agent_id, "chat_updated" if wrapup else "chat_closed",
                       chat_payload(store.chat_by_id(chat["id"])))
    if not wrapup:
        schedule_routing()
    return state


def finish_wrapup(chat_id: int, agent_id: int) -> bool:
    if not store.finish_wrapup(chat_id, agent_id):
        return False
    with chat_events():
        events.publish(agent_id, "chat_closed", chat_payload(store.chat_by_id(chat_id)))
    schedule_routing()
    return True
