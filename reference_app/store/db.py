"""The SQLite connection of the desk: per application context, transactions, schema, seeding.

Follows flaskr's ``db.py``: one connection per application context (``get_db`` on ``g``),
closed on teardown, so request threads and the background workers never share one.
Writes that must be atomic run in ``transaction()`` (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import current_app, g

__all__ = ["SCHEMA_VERSION", "close_db", "get_db", "init_db", "now_ms", "restore", "row", "rows",
           "snapshot", "transaction"]

SCHEMA_VERSION = 3
_TABLES = ("facebook_pages", "pending_receipts", "webhook_events", "messages", "chats", "contacts",
           "service_agents", "services", "agents")


def now_ms() -> int:
    return int(time.time() * 1000)


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


def row(sql: str, params: tuple[Any, ...] = ()) -> dict[str, Any] | None:
    found = get_db().execute(sql, params).fetchone()
    return dict(found) if found else None


def rows(sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    return [dict(found) for found in get_db().execute(sql, params).fetchall()]


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
    """Create the missing tables; with ``reset``, drop everything first.

    Raises ``RuntimeError`` for a database written by an older schema (run init-db).
    """
    Path(current_app.config["DATABASE"]).parent.mkdir(parents=True, exist_ok=True)
    db = get_db()
    if reset:
        for table in _TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    has_tables = db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'agents'").fetchone()[0]
    if has_tables and version == 2:  # 3 adds the Page's linked Instagram account; chats stay
        db.execute("ALTER TABLE facebook_pages ADD COLUMN instagram_id TEXT")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        version = SCHEMA_VERSION
    if has_tables and version != SCHEMA_VERSION:
        raise RuntimeError(
            f"{current_app.config['DATABASE']} has schema version {version}, this app needs"
            f" {SCHEMA_VERSION}: run `flask --app reference_app init-db` (it erases the chats)")
    db.executescript(current_app.open_resource("store/schema.sql").read().decode("utf-8"))


def snapshot() -> sqlite3.Connection:
    """The whole database as it is now, copied into memory (for ``restore``)."""
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    get_db().backup(copy)
    return copy


def restore(saved: sqlite3.Connection) -> None:
    """Put every table back as ``snapshot`` saw it (the rows, the sequences, the schema).

    The caller makes sure nothing else writes meanwhile (no request, no background job).
    """
    saved.backup(get_db())
