"""Routing: which agent position gets a chat, and what waits in the queue.

The skeleton has one receptive service and Operating agents with ``POSITIONS``
simultaneous positions each (the guide asks for 8). A chat that finds no free position
stays ``queued`` and is routed, oldest first, when an agent becomes Operating or a
position frees up. Services, skills and queue priorities grow here, behind ``route_chat``
and ``route_waiting``; callers only see which agent got which chat.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from . import store

__all__ = ["pick_agent", "route_chat", "route_waiting"]


def pick_agent() -> dict[str, Any] | None:
    """The Operating agent with a free position and the fewest open chats, if any."""
    positions = int(current_app.config["POSITIONS"])
    load = store.open_chat_counts()
    candidates = [agent for agent in store.operating_agents()
                  if load.get(agent["id"], 0) < positions]
    return min(candidates, key=lambda agent: load.get(agent["id"], 0), default=None)


def route_chat(chat_id: int) -> int | None:
    """Assign a queued chat; returns the agent's id, or None if the chat keeps waiting."""
    agent = pick_agent()
    if agent is None or not store.assign_chat(chat_id, agent["id"]):
        return None
    return agent["id"]


def route_waiting() -> list[tuple[int, int]]:
    """Route queued chats oldest first while positions are free: ``[(chat_id, agent_id)]``."""
    routed = []
    for chat_id in store.queued_chat_ids():
        agent_id = route_chat(chat_id)
        if agent_id is None:
            break
        routed.append((chat_id, agent_id))
    return routed
