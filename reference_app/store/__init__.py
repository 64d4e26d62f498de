"""SQLite persistence for the desk: every SQL statement of the reference app lives in here.

``db`` holds the connection and schema, ``agents`` agents and services, ``chats`` the
queue and positions, ``messages`` what Meta delivered and what the agents sent. This module
wires them to the app (``init_app``) and seeds the configuration the guide asks for.
"""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .agents import (
    AGENT_STATUSES,
    AUTO_ANSWER_MODES,
    SERVICE_FLAGS,
    add_service_agent,
    agent_by_id,
    agent_by_login,
    available_agents,
    create_agent,
    create_service,
    end_all_sessions,
    end_session,
    list_agents,
    list_services,
    remove_service_agent,
    service_by_id,
    service_by_name,
    set_agent_status,
    set_password,
    social_service,
    start_session,
    update_agent,
    update_service,
)
from .chats import (
    LIVE_STATES,
    POSITION_STATES,
    accept_chat,
    assign_chat,
    chat_by_id,
    chats_for_agent,
    close_chat,
    fallback_customer_name,
    finish_wrapup,
    mark_profile_checked,
    queued_chats,
    set_profile,
)
from .db import close_db, get_db, init_db, now_ms, restore, snapshot, transaction
from .facebook import (
    connect_page,
    connected_page,
    disconnect_pages,
    login_pages,
    save_login_pages,
)
from .messages import (
    Change,
    count_messages,
    last_customer_timestamp,
    message_by_mid,
    messages_for_chat,
    record_delivery,
    save_outbound,
)

__all__ = [
    "AGENT_STATUSES", "AUTO_ANSWER_MODES", "LIVE_STATES", "POSITION_STATES", "SERVICE_FLAGS",
    "Change", "accept_chat", "add_service_agent", "agent_by_id", "agent_by_login",
    "assign_chat", "available_agents", "chat_by_id", "chats_for_agent", "close_chat",
    "close_db", "connect_page", "connected_page", "count_messages", "count_rows", "create_agent", "create_service",
    "disconnect_pages", "end_all_sessions", "end_session", "fallback_customer_name", "finish_wrapup", "get_db",
    "init_app", "init_db", "last_customer_timestamp", "list_agents", "list_services", "login_pages",
    "mark_profile_checked",
    "message_by_mid", "messages_for_chat", "now_ms", "queued_chats", "record_delivery",
    "remove_service_agent", "restore", "save_login_pages", "save_outbound", "seed", "service_by_id", "service_by_name",
    "set_agent_status", "set_password", "set_profile", "snapshot", "social_service",
    "start_session",
    "transaction", "update_agent", "update_service",
]

_COUNTABLE = ("agents", "services", "chats", "contacts", "messages", "webhook_events")


def count_rows(table: str) -> int:
    """Rows in one of the desk's tables (for checks, tests and the bench)."""
    if table not in _COUNTABLE:
        raise ValueError(f"unknown table {table!r}; one of {_COUNTABLE}")
    return get_db().execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def seed() -> None:
    """The guide's defaults, once: one agent with its password already set, AUTOMATIC, with
    ``POSITIONS`` positions, alone on a receptive service without classification and without
    post-service; and an administrator. Existing rows are never changed."""
    config = current_app.config
    if agent_by_login(config["AGENT_LOGIN"]) is None:
        agent_id = create_agent(config["AGENT_LOGIN"], password=config["AGENT_PASSWORD"],
                                positions=int(config["POSITIONS"]),
                                auto_answer=str(config["AUTO_ANSWER"]))
        service = service_by_name(config["SERVICE_NAME"])
        service_id = service["id"] if service else create_service(
            config["SERVICE_NAME"], social_entry=social_service() is None)
        add_service_agent(service_id, agent_id)
    if config["ADMIN_LOGIN"] and agent_by_login(config["ADMIN_LOGIN"]) is None:
        create_agent(config["ADMIN_LOGIN"], "Administrator", password=config["ADMIN_PASSWORD"],
                     role="admin")


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Drop and recreate the tables, then seed the configured agent and service."""
    init_db(reset=True)
    seed()
    click.echo("Initialized the database.")


def init_app(app: Flask) -> None:
    """Register teardown and the CLI command; create the schema and seed the defaults.

    Sessions live in signed cookies: without a configured ``SECRET_KEY`` a start voids them
    all, so every agent is signed out (their STATUS is kept for their next login).
    """
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
    with app.app_context():
        init_db()
        seed()
        if not app.config["SECRET_KEY_CONFIGURED"]:
            end_all_sessions()
