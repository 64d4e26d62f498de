"""SQLite persistence for the desk: every SQL statement of the reference app lives here.

Follows flaskr's ``db.py``: one connection per application context (``get_db`` on ``g``),
closed on teardown, so request threads and the background worker never share one.
Writes that must be atomic run in ``transaction()`` (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from werkzeug.security import generate_password_hash

__all__ = [
    "AGENT_STATUSES", "InboundMessage", "SavedInbound", "agent_by_id", "agent_by_login",
    "assign_chat", "chat_by_id", "chats_for_agent", "close_db", "count_messages",
    "fallback_customer_name", "get_db", "init_app", "init_db", "mark_all_offline",
    "mark_profile_checked", "messages_for_chat", "now_ms", "open_chat_counts",
    "operating_agents", "queued_chat_ids", "record_delivery", "save_outbound",
    "seed_agent", "set_agent_status", "set_profile", "transaction",
]

AGENT_STATUSES = ("operating", "paused", "offline")
_MESSAGE_HISTORY = 200  # messages per chat handed to the desk


@dataclass(frozen=True)
class InboundMessage:
    """One customer message taken from a verified webhook event."""

    page_id: str
    psid: str
    mid: str
    text: str
    timestamp: int
    channel: str = "messenger"


@dataclass(frozen=True)
class SavedInbound:
    """What ``record_delivery`` did with one message: ``is_new`` is False for a duplicate mid."""

    mid: str
    chat_id: int
    message_id: int | None
    is_new: bool


def now_ms() -> int:
    return int(time.time() * 1000)


def fallback_customer_name(psid: str) -> str:
    """The name shown until (or instead of) the Profile API's answer."""
    return f"Facebook user {psid[-4:]}"


# -- connection lifecycle ------------------------------------------------------------------

def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = _connect(current_app.config["DATABASE"])
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def _connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=10, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=10000")
    return db


@contextmanager
def transaction() -> Iterator[sqlite3.Connection]:
    """Run the block in one write transaction; commit on success, roll back on error."""
    db = get_db()
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def init_db(reset: bool = False) -> None:
    """Create the tables that are missing; with ``reset``, drop everything first."""
    db = get_db()
    if reset:
        for table in ("webhook_events", "messages", "chats", "services", "agents"):
            db.execute(f"DROP TABLE IF EXISTS {table}")
    db.executescript(current_app.open_resource("schema.sql").read().decode("utf-8"))


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Drop and recreate the tables, then seed the configured agent."""
    init_db(reset=True)
    seed_agent(current_app.config["AGENT_LOGIN"], current_app.config["AGENT_PASSWORD"])
    click.echo("Initialized the database.")


def init_app(app: Flask) -> None:
    """Register teardown and the CLI command; create the schema and seed the agent."""
    Path(app.config["DATABASE"]).parent.mkdir(parents=True, exist_ok=True)
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
    with app.app_context():
        init_db()
        seed_agent(app.config["AGENT_LOGIN"], app.config["AGENT_PASSWORD"])
        mark_all_offline()


# -- agents --------------------------------------------------------------------------------

def seed_agent(login: str, password: str, display_name: str | None = None) -> None:
    """Create the agent if missing (an existing agent keeps its password and name)."""
    with transaction() as db:
        db.execute(
            "INSERT OR IGNORE INTO agents (login, password_hash, display_name, password_set,"
            " updated_at) VALUES (?, ?, ?, 1, ?)",
            (login, generate_password_hash(password), display_name or login.title(), now_ms()),
        )


def agent_by_login(login: str) -> dict[str, Any] | None:
    row = get_db().execute("SELECT * FROM agents WHERE login = ?", (login,)).fetchone()
    return dict(row) if row else None


def agent_by_id(agent_id: int) -> dict[str, Any] | None:
    row = get_db().execute("SELECT * FROM agents WHERE id = ?", (agent_id,)).fetchone()
    return dict(row) if row else None


def set_agent_status(agent_id: int, status: str) -> None:
    if status not in AGENT_STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of {AGENT_STATUSES}")
    with transaction() as db:
        db.execute("UPDATE agents SET status = ?, updated_at = ? WHERE id = ?",
                   (status, now_ms(), agent_id))


def mark_all_offline() -> None:
    """At start no desk is connected (sessions are per start), so nobody is Operating."""
    with transaction() as db:
        db.execute("UPDATE agents SET status = 'offline' WHERE status != 'offline'")


def operating_agents() -> list[dict[str, Any]]:
    rows = get_db().execute(
        "SELECT * FROM agents WHERE status = 'operating' ORDER BY updated_at, id").fetchall()
    return [dict(row) for row in rows]


def open_chat_counts() -> dict[int, int]:
    rows = get_db().execute(
        "SELECT agent_id, COUNT(*) AS n FROM chats WHERE state = 'open' GROUP BY agent_id")
    return {row["agent_id"]: row["n"] for row in rows}


# -- inbound messages ----------------------------------------------------------------------

def record_delivery(obj: str, body: str,
                    messages: Iterable[InboundMessage]) -> list[SavedInbound]:
    """Journal one verified delivery and store its messages, all in one transaction."""
    with transaction() as db:
        saved = [_save_inbound(db, message) for message in messages]
        db.execute(
            "INSERT INTO webhook_events (received_at, object, body, new_messages)"
            " VALUES (?, ?, ?, ?)", (now_ms(), obj, body, sum(s.is_new for s in saved)))
    return saved


def _save_inbound(db: sqlite3.Connection, message: InboundMessage) -> SavedInbound:
    known = db.execute("SELECT id, chat_id FROM messages WHERE mid = ?",
                       (message.mid,)).fetchone()
    if known:
        return SavedInbound(message.mid, known["chat_id"], known["id"], is_new=False)
    chat_id = _live_chat_id(db, message)
    cursor = db.execute(
        "INSERT INTO messages (mid, chat_id, direction, text, timestamp, created_at)"
        " VALUES (?, ?, 'in', ?, ?, ?)",
        (message.mid, chat_id, message.text, message.timestamp, now_ms()))
    db.execute("UPDATE chats SET updated_at = ? WHERE id = ?", (now_ms(), chat_id))
    return SavedInbound(message.mid, chat_id, cursor.lastrowid, is_new=True)


def _live_chat_id(db: sqlite3.Connection, message: InboundMessage) -> int:
    row = db.execute(
        "SELECT id FROM chats WHERE channel = ? AND page_id = ? AND psid = ?"
        " AND state != 'closed'", (message.channel, message.page_id, message.psid)).fetchone()
    if row:
        return row["id"]
    cursor = db.execute(
        "INSERT INTO chats (channel, page_id, psid, state, created_at, updated_at)"
        " VALUES (?, ?, ?, 'queued', ?, ?)",
        (message.channel, message.page_id, message.psid, now_ms(), now_ms()))
    return cursor.lastrowid


def count_messages(mid: str | None = None) -> int:
    if mid is None:
        return get_db().execute("SELECT COUNT(*) FROM messages").fetchone()[0]
    return get_db().execute("SELECT COUNT(*) FROM messages WHERE mid = ?", (mid,)).fetchone()[0]


# -- chats ---------------------------------------------------------------------------------

_CHAT_SUMMARY = """
    SELECT c.*, m.text AS last_message, m.timestamp AS last_timestamp,
           m.direction AS last_direction
    FROM chats c
    LEFT JOIN messages m ON m.id = (
        SELECT id FROM messages WHERE chat_id = c.id ORDER BY timestamp DESC, id DESC LIMIT 1)
"""


def _chat(row: sqlite3.Row) -> dict[str, Any]:
    chat = dict(row)
    chat["has_profile_name"] = chat["customer_name"] is not None
    chat["customer_name"] = chat["customer_name"] or fallback_customer_name(chat["psid"])
    return chat


def chat_by_id(chat_id: int) -> dict[str, Any] | None:
    row = get_db().execute(_CHAT_SUMMARY + " WHERE c.id = ?", (chat_id,)).fetchone()
    return _chat(row) if row else None


def chats_for_agent(agent_id: int) -> list[dict[str, Any]]:
    rows = get_db().execute(
        _CHAT_SUMMARY + " WHERE c.agent_id = ? AND c.state = 'open' ORDER BY c.created_at, c.id",
        (agent_id,)).fetchall()
    return [_chat(row) for row in rows]


def queued_chat_ids() -> list[int]:
    rows = get_db().execute(
        "SELECT id FROM chats WHERE state = 'queued' ORDER BY created_at, id").fetchall()
    return [row["id"] for row in rows]


def assign_chat(chat_id: int, agent_id: int) -> bool:
    """Give a queued chat to an agent; False if someone else took it first."""
    with transaction() as db:
        cursor = db.execute(
            "UPDATE chats SET state = 'open', agent_id = ?, updated_at = ?"
            " WHERE id = ? AND state = 'queued'", (agent_id, now_ms(), chat_id))
    return cursor.rowcount == 1


def set_profile(chat_id: int, name: str | None, profile_pic: str | None) -> None:
    with transaction() as db:
        db.execute(
            "UPDATE chats SET customer_name = ?, profile_pic = ?, profile_checked = 1,"
            " updated_at = ? WHERE id = ?", (name, profile_pic, now_ms(), chat_id))


def mark_profile_checked(chat_id: int) -> None:
    """The Profile API refused for good: keep the fallback name, stop asking."""
    with transaction() as db:
        db.execute("UPDATE chats SET profile_checked = 1 WHERE id = ?", (chat_id,))


# -- messages ------------------------------------------------------------------------------

def messages_for_chat(chat_id: int) -> list[dict[str, Any]]:
    rows = get_db().execute(
        "SELECT * FROM (SELECT id, mid, chat_id, direction, text, timestamp FROM messages"
        " WHERE chat_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?)"
        " ORDER BY timestamp, id", (chat_id, _MESSAGE_HISTORY)).fetchall()
    return [dict(row) for row in rows]


def save_outbound(chat_id: int, agent_id: int, mid: str, text: str) -> dict[str, Any]:
    """Store a reply the Send API accepted; returns it as the desk shows it."""
    sent_at = now_ms()
    with transaction() as db:
        db.execute(
            "INSERT OR IGNORE INTO messages (mid, chat_id, direction, text, timestamp,"
            " agent_id, created_at) VALUES (?, ?, 'out', ?, ?, ?, ?)",
            (mid, chat_id, text, sent_at, agent_id, sent_at))
        db.execute("UPDATE chats SET updated_at = ? WHERE id = ?", (sent_at, chat_id))
        row = db.execute("SELECT id, mid, chat_id, direction, text, timestamp FROM messages"
                         " WHERE mid = ?", (mid,)).fetchone()
    return dict(row)
