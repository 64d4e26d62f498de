"""The Facebook Page connection (SQL): the Pages a Facebook Login offered and the one in use."""

from __future__ import annotations

from typing import Any

from .db import now_ms, row, rows, transaction

__all__ = ["connect_page", "connected_page", "disconnect_pages", "login_pages",
           "save_login_pages"]

_FIELDS = ("page_id, name, access_token, instagram_id, granted, declined, connected,"
           " updated_at")


def _page(found: dict[str, Any] | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {**found, "granted": [p for p in found["granted"].split(",") if p],
            "declined": [p for p in found["declined"].split(",") if p],
            "connected": bool(found["connected"])}


def save_login_pages(pages: list[dict[str, Any]], granted: list[str],
                     declined: list[str]) -> None:
    """Replace the offered Pages (the connected one stays until another is chosen); each
    page is ``{"id", "name", "access_token"[, "instagram_id"]}``."""
    now = now_ms()
    with transaction() as db:
        db.execute("DELETE FROM facebook_pages WHERE connected = 0")
        for page in pages:
            db.execute("INSERT INTO facebook_pages (page_id, name, access_token, instagram_id,"
                       " granted, declined, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT"
                       " (page_id) DO UPDATE SET name = excluded.name, access_token ="
                       " excluded.access_token, instagram_id = excluded.instagram_id, granted ="
                       " excluded.granted, declined = excluded.declined, updated_at ="
                       " excluded.updated_at",
                       (page["id"], page["name"], page["access_token"], page.get("instagram_id"),
                        ",".join(granted), ",".join(declined), now))


def login_pages() -> list[dict[str, Any]]:
    return [_page(r) for r in rows(f"SELECT {_FIELDS} FROM facebook_pages ORDER BY name")]


def connected_page() -> dict[str, Any] | None:
    return _page(row(f"SELECT {_FIELDS} FROM facebook_pages WHERE connected = 1"))


def connect_page(page_id: str) -> dict[str, Any] | None:
    """Mark `page_id` as the connected Page (one at a time); None when it was not offered."""
    with transaction() as db:
        if db.execute("SELECT 1 FROM facebook_pages WHERE page_id = ?", (page_id,)).fetchone() \
                is None:
            return None
        db.execute("UPDATE facebook_pages SET connected = (page_id = ?), updated_at = ?",
                   (page_id, now_ms()))
    return connected_page()


def disconnect_pages() -> None:
    with transaction() as db:
        db.execute("DELETE FROM facebook_pages")
