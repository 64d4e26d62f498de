"""Chats and contacts: the queue, positions, accept, close, the customer's profile (SQL)."""

from __future__ import annotations

from typing import Any

from .db import now_ms, row, rows, transaction

__all__ = [
    "LIVE_STATES", "POSITION_STATES", "accept_chat", "assign_chat", "chat_by_id",
    "chats_for_agent", "close_chat", "fallback_customer_name", "finish_wrapup",
    "mark_profile_checked", "queued_chats", "set_profile",
]

LIVE_STATES = ("queued", "offered", "open")      # a new message joins such a chat
POSITION_STATES = ("offered", "open", "wrapup")  # such a chat holds an agent's position

_FALLBACK_PREFIX = {"messenger": "Facebook user", "instagram": "Instagram user"}

_CHAT_SUMMARY = """
    SELECT c.*, k.channel, k.account_id, k.psid, k.name AS profile_name, k.profile_pic,
           k.profile_checked, m.text AS last_message, m.timestamp AS last_timestamp,
           m.direction AS last_direction
    FROM chats c JOIN contacts k ON k.id = c.contact_id
    LEFT JOIN messages m ON m.id = (
        SELECT id FROM messages WHERE chat_id = c.id ORDER BY timestamp DESC, id DESC LIMIT 1)
"""


def fallback_customer_name(psid: str, channel: str = "messenger") -> str:
    """The name shown until (or instead of) the Profile API's answer."""
    return f"{_FALLBACK_PREFIX.get(channel, 'Customer')} {psid[-4:]}"


def _chat(found: dict[str, Any] | None) -> dict[str, Any] | None:
    if found is None:
        return None
    found["has_profile_name"] = found["profile_name"] is not None
    found["customer_name"] = found["profile_name"] or fallback_customer_name(
        found["psid"], found["channel"])
    return found


def chat_by_id(chat_id: int) -> dict[str, Any] | None:
    return _chat(row(_CHAT_SUMMARY + " WHERE c.id = ?", (chat_id,)))


def chats_for_agent(agent_id: int) -> list[dict[str, Any]]:
    """The chats holding the agent's positions, oldest first."""
    found = rows(_CHAT_SUMMARY + " WHERE c.agent_id = ? AND c.state IN ('offered', 'open',"
                 " 'wrapup') ORDER BY c.assigned_at, c.id", (agent_id,))
    return [_chat(chat) for chat in found]


def queued_chats(service_id: int | None = None) -> list[dict[str, Any]]:
    """Chats waiting for a position, first come first served."""
    if service_id is None:
        found = rows(_CHAT_SUMMARY + " WHERE c.state = 'queued' ORDER BY c.id")
    else:
        found = rows(_CHAT_SUMMARY + " WHERE c.state = 'queued' AND c.service_id = ?"
                     " ORDER BY c.id", (service_id,))
    return [_chat(chat) for chat in found]


def assign_chat(chat_id: int, agent_id: int, state: str, positions: int) -> bool:
    """Give a queued chat to the agent if a position is still free; False otherwise."""
    if state not in ("offered", "open"):
        raise ValueError(f"a routed chat is offered or open, not {state!r}")
    with transaction() as db:
        load = db.execute("SELECT COUNT(*) FROM chats WHERE agent_id = ? AND state IN"
                          " ('offered', 'open', 'wrapup')", (agent_id,)).fetchone()[0]
        if load >= positions:
            return False
        cursor = db.execute(
            "UPDATE chats SET state = ?, agent_id = ?, assigned_at = ?, updated_at = ?"
            " WHERE id = ? AND state = 'queued'", (state, agent_id, now_ms(), now_ms(), chat_id))
    return cursor.rowcount == 1


def accept_chat(chat_id: int, agent_id: int) -> bool:
    """The MANUAL agent's Accept: offered -> open. False if not offered to this agent."""
    with transaction() as db:
        cursor = db.execute("UPDATE chats SET state = 'open', updated_at = ? WHERE id = ?"
                            " AND agent_id = ? AND state = 'offered'",
                            (now_ms(), chat_id, agent_id))
    return cursor.rowcount == 1


def close_chat(chat_id: int, agent_id: int, classification: str | None,
               wrapup: bool) -> bool:
    """End the chat for the customer; with ``wrapup`` the position stays held."""
    state = "wrapup" if wrapup else "closed"
    with transaction() as db:
        cursor = db.execute(
            "UPDATE chats SET state = ?, classification = ?, closed_at = ?, updated_at = ?"
            " WHERE id = ? AND agent_id = ? AND state IN ('offered', 'open')",
            (state, classification, now_ms(), now_ms(), chat_id, agent_id))
    return cursor.rowcount == 1


def finish_wrapup(chat_id: int, agent_id: int) -> bool:
    with transaction() as db:
        cursor = db.execute("UPDATE chats SET state = 'closed', updated_at = ? WHERE id = ?"
                            " AND agent_id = ? AND state = 'wrapup'", (now_ms(), chat_id, agent_id))
    return cursor.rowcount == 1


def set_profile(contact_id: int, name: str | None, profile_pic: str | None) -> None:
    with transaction() as db:
        db.execute("UPDATE contacts SET name = ?, profile_pic = ?, profile_checked = 1"
                   " WHERE id = ?", (name, profile_pic, contact_id))


def mark_profile_checked(contact_id: int) -> None:
    """The Profile API refused for good: keep the fallback name, stop asking."""
    with transaction() as db:
        db.execute("UPDATE contacts SET profile_checked = 1 WHERE id = ?", (contact_id,))
