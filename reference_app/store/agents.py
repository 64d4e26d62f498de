"""Agents, administrators, services and who answers which service (all their SQL)."""

from __future__ import annotations

import secrets
import sqlite3
from typing import Any

from werkzeug.security import generate_password_hash

from .db import now_ms, row, rows, transaction

__all__ = [
    "AGENT_STATUSES", "AUTO_ANSWER_MODES", "SERVICE_FLAGS", "add_service_agent", "agent_by_id",
    "agent_by_login", "available_agents", "create_agent", "create_service",
    "end_all_sessions", "end_session", "list_agents", "list_services", "remove_service_agent",
    "service_by_id", "service_by_name", "set_agent_status", "set_password", "social_service",
    "start_session", "update_agent", "update_service",
]

AGENT_STATUSES = ("operating", "paused", "offline")
AUTO_ANSWER_MODES = ("automatic", "manual")
SERVICE_FLAGS = ("classification", "post_service", "social_entry")


# -- agents --------------------------------------------------------------------------------

def create_agent(login: str, display_name: str | None = None, *, password: str | None = None,
                 role: str = "agent", positions: int = 8, auto_answer: str = "automatic",
                 password_set: bool | None = None) -> int:
    """Insert an agent; ``password=None`` leaves it pending (the first login chooses one).

    Raises ``ValueError`` when the login is taken or a value is out of range.
    """
    _check_agent_values(positions, auto_answer)
    hashed = generate_password_hash(password) if password else None
    is_set = bool(password) if password_set is None else password_set
    try:
        with transaction() as db:
            cursor = db.execute(
                "INSERT INTO agents (login, password_hash, password_set, display_name, role,"
                " positions, auto_answer, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (login, hashed, int(is_set), display_name or login.title(), role, positions,
                 auto_answer, now_ms()))
    except sqlite3.IntegrityError as exc:
        raise ValueError(f"the login {login!r} is already taken") from exc
    return int(cursor.lastrowid)


def _check_agent_values(positions: int | None, auto_answer: str | None) -> None:
    if positions is not None and not 1 <= int(positions) <= 50:
        raise ValueError(f"positions must be between 1 and 50, not {positions}")
    if auto_answer is not None and auto_answer not in AUTO_ANSWER_MODES:
        raise ValueError(f"auto-answer must be one of {', '.join(AUTO_ANSWER_MODES)},"
                         f" not {auto_answer!r}")


def agent_by_login(login: str) -> dict[str, Any] | None:
    return row("SELECT * FROM agents WHERE login = ?", (login,))


def agent_by_id(agent_id: int) -> dict[str, Any] | None:
    return row("SELECT * FROM agents WHERE id = ?", (agent_id,))


def list_agents() -> list[dict[str, Any]]:
    """Every agent and administrator, each with ``services`` (service ids it answers)."""
    agents = rows("SELECT * FROM agents ORDER BY role DESC, id")
    links = rows("SELECT service_id, agent_id FROM service_agents ORDER BY service_id")
    for agent in agents:
        agent["services"] = [link["service_id"] for link in links
                             if link["agent_id"] == agent["id"]]
    return agents


def update_agent(agent_id: int, *, positions: int | None = None,
                 auto_answer: str | None = None, display_name: str | None = None) -> None:
    _check_agent_values(positions, auto_answer)
    with transaction() as db:
        db.execute(
            "UPDATE agents SET positions = COALESCE(?, positions),"
            " auto_answer = COALESCE(?, auto_answer), display_name = COALESCE(?, display_name),"
            " updated_at = ? WHERE id = ?",
            (positions, auto_answer, display_name, now_ms(), agent_id))


def set_agent_status(agent_id: int, status: str) -> None:
    if status not in AGENT_STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of {AGENT_STATUSES}")
    with transaction() as db:
        db.execute("UPDATE agents SET status = ?, updated_at = ? WHERE id = ?",
                   (status, now_ms(), agent_id))


def set_password(agent_id: int, password: str) -> None:
    with transaction() as db:
        db.execute("UPDATE agents SET password_hash = ?, password_set = 1, updated_at = ?"
                   " WHERE id = ?", (generate_password_hash(password), now_ms(), agent_id))


def start_session(agent_id: int) -> str:
    """The agent's session key (kept if already signed in elsewhere, so windows agree)."""
    with transaction() as db:
        db.execute("UPDATE agents SET session = COALESCE(session, ?) WHERE id = ?",
                   (secrets.token_urlsafe(16), agent_id))
        return db.execute("SELECT session FROM agents WHERE id = ?", (agent_id,)).fetchone()[0]


def end_session(agent_id: int) -> None:
    with transaction() as db:
        db.execute("UPDATE agents SET session = NULL WHERE id = ?", (agent_id,))


def end_all_sessions() -> None:
    """At a start with a new secret key every cookie is void: nobody is signed in."""
    with transaction() as db:
        db.execute("UPDATE agents SET session = NULL WHERE session IS NOT NULL")


def available_agents(service_id: int) -> list[dict[str, Any]]:
    """Signed-in Operating agents of the service, with ``load`` (busy positions)."""
    return rows(
        "SELECT a.*, (SELECT COUNT(*) FROM chats c WHERE c.agent_id = a.id"
        "  AND c.state IN ('offered', 'open', 'wrapup')) AS load"
        " FROM agents a JOIN service_agents s ON s.agent_id = a.id AND s.service_id = ?"
        " WHERE a.role = 'agent' AND a.status = 'operating' AND a.session IS NOT NULL"
        " AND a.password_set = 1 ORDER BY a.updated_at, a.id", (service_id,))


# -- services ------------------------------------------------------------------------------

def create_service(name: str, *, kind: str = "receptive", classification: bool = False,
                   post_service: bool = False, social_entry: bool = False) -> int:
    try:
        with transaction() as db:
            if social_entry:
                db.execute("UPDATE services SET social_entry = 0")
            cursor = db.execute(
                "INSERT INTO services (name, kind, classification, post_service, social_entry)"
                " VALUES (?, ?, ?, ?, ?)",
                (name, kind, int(classification), int(post_service), int(social_entry)))
            if social_entry:
                _adopt_unserviced_chats(db, cursor.lastrowid)
    except sqlite3.IntegrityError as exc:
        raise ValueError(f"a service named {name!r} exists, or kind {kind!r} is unknown") from exc
    return int(cursor.lastrowid)


def update_service(service_id: int, **flags: bool) -> None:
    """Switch ``classification``, ``post_service`` or ``social_entry`` (only one service
    receives the social chats, so turning it on turns it off elsewhere)."""
    unknown = set(flags) - set(SERVICE_FLAGS)
    if unknown:
        raise ValueError(f"unknown service setting {sorted(unknown)}; use {SERVICE_FLAGS}")
    with transaction() as db:
        if flags.get("social_entry"):
            db.execute("UPDATE services SET social_entry = 0")
        for flag, value in flags.items():
            db.execute(f"UPDATE services SET {flag} = ? WHERE id = ?", (int(value), service_id))
        if flags.get("social_entry"):
            _adopt_unserviced_chats(db, service_id)


def _adopt_unserviced_chats(db: sqlite3.Connection, service_id: int) -> None:
    """Chats that arrived while no service took social chats wait in the new one's queue."""
    db.execute("UPDATE chats SET service_id = ? WHERE service_id IS NULL AND state = 'queued'",
               (service_id,))


def service_by_id(service_id: int) -> dict[str, Any] | None:
    return row("SELECT * FROM services WHERE id = ?", (service_id,))


def service_by_name(name: str) -> dict[str, Any] | None:
    return row("SELECT * FROM services WHERE name = ?", (name,))


def social_service() -> dict[str, Any] | None:
    """The service Messenger and Instagram chats enter (None if none is marked)."""
    return row("SELECT * FROM services WHERE social_entry = 1 ORDER BY id LIMIT 1")


def list_services() -> list[dict[str, Any]]:
    """Every service, each with ``agents`` (ids of the agents who answer it)."""
    services = rows("SELECT * FROM services ORDER BY id")
    links = rows("SELECT service_id, agent_id FROM service_agents ORDER BY agent_id")
    for service in services:
        service["agents"] = [link["agent_id"] for link in links
                             if link["service_id"] == service["id"]]
    return services


def add_service_agent(service_id: int, agent_id: int) -> None:
    with transaction() as db:
        db.execute("INSERT OR IGNORE INTO service_agents (service_id, agent_id) VALUES (?, ?)",
                   (service_id, agent_id))


def remove_service_agent(service_id: int, agent_id: int) -> None:
    with transaction() as db:
        db.execute("DELETE FROM service_agents WHERE service_id = ? AND agent_id = ?",
                   (service_id, agent_id))

