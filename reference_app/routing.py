"""Routing: which agent position gets a chat, and what waits in the queue.

A chat enters the service marked ``social_entry``. Only agents of that service who are
signed in and Operating receive it, each up to their ``positions`` simultaneous chats
(offered, open or in post-service). A chat that finds no free position stays ``queued``;
the queue is served first come first served whenever a position frees or an agent becomes
available. An AUTOMATIC agent gets the chat ``open``; a MANUAL one gets it ``offered``
until Accept.
"""

from __future__ import annotations

from typing import Any

from . import store

__all__ = ["pick_agents", "route_chat", "route_waiting"]


def pick_agents(service_id: int) -> list[dict[str, Any]]:
    """Agents able to take a chat of the service now: least busy first, then longest idle."""
    free = [agent for agent in store.available_agents(service_id)
            if agent["load"] < agent["positions"]]
    return sorted(free, key=lambda agent: agent["load"])  # stable: keeps the idle order


def route_chat(chat: dict[str, Any]) -> int | None:
    """Assign one queued chat; returns the agent's id, or None if the chat keeps waiting."""
    if chat["state"] != "queued" or chat["service_id"] is None:
        return None
    for agent in pick_agents(chat["service_id"]):
        state = "open" if agent["auto_answer"] == "automatic" else "offered"
        if store.assign_chat(chat["id"], agent["id"], state, agent["positions"]):
            return agent["id"]
    return None


def route_waiting() -> list[tuple[int, int]]:
    """Route queued chats oldest first while positions are free: ``[(chat_id, agent_id)]``."""
    routed, full_services = [], set()
    for chat in store.queued_chats():
        if chat["service_id"] in full_services:
            continue
        agent_id = route_chat(chat)
        if agent_id is None:
            full_services.add(chat["service_id"])
        else:
            routed.append((chat["id"], agent_id))
    return routed
