"""Messages: a verified delivery committed in one transaction, replies, receipts (SQL).

``record_delivery`` applies Meta's events idempotently: a ``mid`` already stored changes
nothing (Meta's retries and duplicates), echoes and receipts never create a chat, and
every message keeps Meta's timestamp so the conversation reads in order whatever order the
webhooks came in. It returns the ``Change``s the desk must be told about after the commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..meta_events import CustomerMessage, Echo, Event, Receipt, Unsend
from .db import get_db, now_ms, row, rows, transaction

__all__ = ["Change", "count_messages", "last_customer_timestamp", "message_by_mid",
           "messages_for_chat", "record_delivery", "save_outbound"]

_HISTORY = 200  # messages per chat handed to the desk
_RANK = "CASE status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 0 END"
_RANKS = {"sent": 1, "delivered": 2, "read": 3}
_MESSAGE_FIELDS = "id, mid, chat_id, direction, text, timestamp, status, agent_id"
UNSENT_TEXT = "[message removed by the customer]"


@dataclass(frozen=True)
class Change:
    """Something new the desk shows: ``kind`` is inbound, outbound, status or text."""

    kind: str
    chat_id: int
    mid: str


def record_delivery(obj: str, body: str, events: Iterable[Event],
                    service_id: int | None) -> list[Change]:
    """Journal one verified delivery and apply its events, all in one transaction."""
    with transaction() as db:
        changes = [change for event in events for change in _apply(db, event, service_id)]
        db.execute("INSERT INTO webhook_events (received_at, object, body, new_messages)"
                   " VALUES (?, ?, ?, ?)",
                   (now_ms(), obj, body, sum(c.kind == "inbound" for c in changes)))
    return changes


def _apply(db: sqlite3.Connection, event: Event, service_id: int | None) -> list[Change]:
    if isinstance(event, CustomerMessage):
        return _save_inbound(db, event, service_id)
    if isinstance(event, Echo):
        return _save_echo(db, event)
    if isinstance(event, Receipt):
        return _apply_receipt(db, event)
    if isinstance(event, Unsend):
        cursor = db.execute("UPDATE messages SET text = ? WHERE mid = ? AND direction = 'in'",
                            (UNSENT_TEXT, event.mid))
        known = db.execute("SELECT chat_id FROM messages WHERE mid = ?", (event.mid,)).fetchone()
        return [Change("text", known[0], event.mid)] if cursor.rowcount and known else []
    raise TypeError(f"unknown event {event!r}")


def _contact_id(db: sqlite3.Connection, event: Event, create: bool) -> int | None:
    key = (event.channel, event.account_id, event.psid)
    if create:
        db.execute("INSERT OR IGNORE INTO contacts (channel, account_id, psid) VALUES (?, ?, ?)",
                   key)
    found = db.execute("SELECT id FROM contacts WHERE channel = ? AND account_id = ?"
                       " AND psid = ?", key).fetchone()
    return found[0] if found else None


def _live_chat_id(db: sqlite3.Connection, contact_id: int) -> int | None:
    found = db.execute("SELECT id FROM chats WHERE contact_id = ? AND state IN"
                       " ('queued', 'offered', 'open')", (contact_id,)).fetchone()
    return found[0] if found else None


def _save_inbound(db: sqlite3.Connection, event: CustomerMessage,
                  service_id: int | None) -> list[Change]:
    if db.execute("SELECT 1 FROM messages WHERE mid = ?", (event.mid,)).fetchone():
        return []
    contact_id = _contact_id(db, event, create=True)
    chat_id = _live_chat_id(db, contact_id)
    if chat_id is None:
        chat_id = db.execute(
            "INSERT INTO chats (contact_id, service_id, state, created_at, updated_at)"
            " VALUES (?, ?, 'queued', ?, ?)", (contact_id, service_id, now_ms(), now_ms())
        ).lastrowid
    db.execute("INSERT INTO messages (mid, chat_id, direction, text, timestamp, created_at)"
               " VALUES (?, ?, 'in', ?, ?, ?)",
               (event.mid, chat_id, event.text, event.timestamp, now_ms()))
    db.execute("UPDATE chats SET updated_at = ? WHERE id = ?", (now_ms(), chat_id))
    return [Change("inbound", chat_id, event.mid)]


def _save_echo(db: sqlite3.Connection, event: Echo) -> list[Change]:
    if db.execute("UPDATE messages SET echoed = 1, timestamp = ? WHERE mid = ?",
                  (event.timestamp, event.mid)).rowcount:
        return _catch_up(db, event.mid)  # our own reply coming back, with Meta's timestamp
    contact_id = _contact_id(db, event, create=False)
    chat_id = _live_chat_id(db, contact_id) if contact_id else None
    if chat_id is None:
        return []  # the Page wrote to someone with no chat open: no chat is created for it
    db.execute("INSERT INTO messages (mid, chat_id, direction, text, timestamp, status, echoed,"
               " created_at) VALUES (?, ?, 'out', ?, ?, 'sent', 1, ?)",
               (event.mid, chat_id, event.text, event.timestamp, now_ms()))
    return [Change("outbound", chat_id, event.mid)]


def _catch_up(db: sqlite3.Connection, mid: str) -> list[Change]:
    """Apply the receipts' watermarks that already cover a reply now stamped in Meta's time."""
    found = db.execute(
        f"SELECT m.id, m.chat_id, m.timestamp, {_RANK} AS rank, k.delivered_watermark,"
        " k.read_watermark FROM messages m JOIN chats c ON c.id = m.chat_id"
        " JOIN contacts k ON k.id = c.contact_id WHERE m.mid = ? AND m.direction = 'out'",
        (mid,)).fetchone()
    if found is None:
        return []
    status = ("read" if found["read_watermark"] >= found["timestamp"] else
              "delivered" if found["delivered_watermark"] >= found["timestamp"] else None)
    if status is None or _RANKS[status] <= found["rank"]:
        return []
    db.execute("UPDATE messages SET status = ? WHERE id = ?", (status, found["id"]))
    return [Change("status", found["chat_id"], mid)]


def _apply_receipt(db: sqlite3.Connection, event: Receipt) -> list[Change]:
    contact_id = _contact_id(db, event, create=False)
    if contact_id is None:
        return []
    column = "delivered_watermark" if event.status == "delivered" else "read_watermark"
    if event.watermark:
        db.execute(f"UPDATE contacts SET {column} = MAX({column}, ?) WHERE id = ?",
                   (event.watermark, contact_id))
    limit = event.watermark or 0
    for mid in event.mids:  # Instagram's read names one message: everything before it too
        stamp = db.execute("SELECT timestamp FROM messages WHERE mid = ?", (mid,)).fetchone()
        if stamp is None:
            db.execute("INSERT INTO pending_receipts (mid, status) VALUES (?, ?) ON CONFLICT"
                       " (mid) DO UPDATE SET status = MAX(status, excluded.status)",
                       (mid, event.status))
        elif event.status == "read":
            limit = max(limit, stamp[0])
    marks = ",".join("?" * len(event.mids)) or "NULL"
    targets = db.execute(
        f"SELECT m.id, m.chat_id, m.mid FROM messages m JOIN chats c ON c.id = m.chat_id"
        f" WHERE c.contact_id = ? AND m.direction = 'out' AND {_RANK} < ?"
        f" AND (m.timestamp <= ? OR m.mid IN ({marks}))",
        (contact_id, _RANKS[event.status], limit, *event.mids)).fetchall()
    for target in targets:
        db.execute("UPDATE messages SET status = ? WHERE id = ?", (event.status, target[0]))
    return [Change("status", target[1], target[2]) for target in targets]


def save_outbound(chat_id: int, agent_id: int, mid: str, text: str) -> dict[str, Any]:
    """Store a reply the Send API accepted (its echo may have been stored first).

    Until the echo brings Meta's timestamp, the reply is stamped after everything the agent
    could see in the chat, so the desk's clock never puts it before the message it answers.
    """
    sent_at = now_ms()
    with transaction() as db:
        latest = db.execute("SELECT MAX(timestamp) FROM messages WHERE chat_id = ?",
                            (chat_id,)).fetchone()[0]
        sent_at = max(sent_at, (latest or 0) + 1)
        db.execute(
            "INSERT INTO messages (mid, chat_id, direction, text, timestamp, agent_id, status,"
            " created_at) VALUES (?, ?, 'out', ?, ?, ?, 'sent', ?)"
            " ON CONFLICT (mid) DO UPDATE SET agent_id = excluded.agent_id",
            (mid, chat_id, text, sent_at, agent_id, sent_at))
        pending = db.execute("SELECT status FROM pending_receipts WHERE mid = ?",
                             (mid,)).fetchone()
        if pending:
            db.execute(f"UPDATE messages SET status = ? WHERE mid = ? AND {_RANK} < ?",
                       (pending[0], mid, _RANKS[pending[0]]))
            db.execute("DELETE FROM pending_receipts WHERE mid = ?", (mid,))
        db.execute("UPDATE chats SET updated_at = ? WHERE id = ?", (sent_at, chat_id))
    return message_by_mid(mid)


def message_by_mid(mid: str) -> dict[str, Any] | None:
    return row(f"SELECT {_MESSAGE_FIELDS} FROM messages WHERE mid = ?", (mid,))


def messages_for_chat(chat_id: int) -> list[dict[str, Any]]:
    """The chat's last messages in Meta's timestamp order."""
    return rows(f"SELECT * FROM (SELECT {_MESSAGE_FIELDS} FROM messages WHERE chat_id = ?"
                " ORDER BY timestamp DESC, id DESC LIMIT ?) ORDER BY timestamp, id",
                (chat_id, _HISTORY))


def last_customer_timestamp(contact_id: int) -> int | None:
    """Meta's timestamp of the customer's last message (any chat): where Meta's windows start."""
    found = row("SELECT MAX(m.timestamp) AS last FROM messages m JOIN chats c ON c.id = m.chat_id"
                " WHERE c.contact_id = ? AND m.direction = 'in'", (contact_id,))
    return found["last"] if found else None


def count_messages(mid: str | None = None) -> int:
    if mid is None:
        return get_db().execute("SELECT COUNT(*) FROM messages").fetchone()[0]
    return get_db().execute("SELECT COUNT(*) FROM messages WHERE mid = ?", (mid,)).fetchone()[0]
