"""What the desk does with a conversation once it is committed: route, name, push, reply.

The webhook view only stores and schedules; ``handle_inbound`` runs on the app's worker
after the commit: it routes a queued chat (``routing``), tells the agent's desks
(``events``), then asks the Profile API for the customer's name and updates the card.
``send_reply`` is the agent's side: Send API first, then the store, then the desks.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app

from . import events, routing, store
from .graph_client import GraphApiError, current_graph
from .worker import current_worker

__all__ = ["chat_payload", "desk_snapshot", "handle_inbound", "message_payload",
           "route_waiting_chats", "schedule_inbound", "schedule_routing", "send_reply"]

log = logging.getLogger(__name__)


def chat_payload(chat: dict[str, Any], with_messages: bool = False) -> dict[str, Any]:
    """A chat as the desk's JavaScript and SSE events see it."""
    payload = {key: chat[key] for key in (
        "id", "channel", "customer_name", "has_profile_name", "profile_pic", "state",
        "last_message", "last_timestamp", "last_direction", "created_at", "updated_at")}
    if with_messages:
        payload["messages"] = [message_payload(m) for m in store.messages_for_chat(chat["id"])]
    return payload


def message_payload(message: dict[str, Any]) -> dict[str, Any]:
    return {key: message[key] for key in ("mid", "chat_id", "direction", "text", "timestamp")}


def desk_snapshot(agent_id: int) -> list[dict[str, Any]]:
    """Every open chat of the agent, with its messages (what a desk loads on connect)."""
    return [chat_payload(chat, with_messages=True) for chat in store.chats_for_agent(agent_id)]


def schedule_inbound(saved: list[store.SavedInbound]) -> None:
    """Hand new messages to the worker (duplicates were already answered once)."""
    for item in saved:
        if item.is_new:
            current_worker().submit(handle_inbound, item.chat_id, item.mid)


def schedule_routing() -> None:
    current_worker().submit(route_waiting_chats)


def handle_inbound(chat_id: int, mid: str) -> None:
    """Post-commit work for one new customer message."""
    chat = store.chat_by_id(chat_id)
    if chat is None:
        raise LookupError(f"chat {chat_id} vanished before its message {mid} was routed")
    if chat["state"] == "queued":
        agent_id = routing.route_chat(chat_id)
        if agent_id is not None:
            _announce(chat_id, agent_id)
    elif chat["state"] == "open" and chat["agent_id"] is not None:
        message = next((m for m in store.messages_for_chat(chat_id) if m["mid"] == mid), None)
        if message is not None:
            events.publish(chat["agent_id"], "message", message_payload(message))
        events.publish(chat["agent_id"], "chat_updated", chat_payload(chat))
    refresh_profile(chat_id)


def route_waiting_chats() -> None:
    for chat_id, agent_id in routing.route_waiting():
        _announce(chat_id, agent_id)


def _announce(chat_id: int, agent_id: int) -> None:
    chat = store.chat_by_id(chat_id)
    events.publish(agent_id, "chat_new", chat_payload(chat, with_messages=True))


def refresh_profile(chat_id: int) -> None:
    """Fetch the customer's name once; on refusal keep the fallback name."""
    chat = store.chat_by_id(chat_id)
    if chat is None or chat["profile_checked"]:
        return
    try:
        profile = current_graph().get_profile(chat["psid"])
    except GraphApiError as error:
        log.warning("profile of chat %s unavailable: %s", chat_id, error)
        if not error.transient:
            store.mark_profile_checked(chat_id)
        return
    store.set_profile(chat_id, profile.name, profile.profile_pic)
    chat = store.chat_by_id(chat_id)
    if chat["agent_id"] is not None and chat["state"] == "open":
        events.publish(chat["agent_id"], "chat_updated", chat_payload(chat))


def send_reply(chat: dict[str, Any], agent_id: int, text: str) -> dict[str, Any]:
    """Send through the Send API, store what Graph accepted, push it to the desks.

    Raises ``GraphApiError`` (nothing stored) when Graph refuses.
    """
    mid = current_graph().send_text(chat["psid"], text)
    message = message_payload(store.save_outbound(chat["id"], agent_id, mid, text))
    events.publish(agent_id, "message", message)
    events.publish(agent_id, "chat_updated", chat_payload(store.chat_by_id(chat["id"])))
    current_app.logger.info("reply %s sent in chat %s", mid, chat["id"])
    return message
