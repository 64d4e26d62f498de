"""HTTP conventions shared by the desk's blueprints: content negotiation, fields, errors.

Browsers posting a plain form get HTML (redirects, flashed errors); the desk's
``fetch`` calls and API clients get JSON ``{"ok": true, ...}`` or ``{"ok": false, "error"}``.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

__all__ = ["field", "json_error", "wants_html"]


def wants_html() -> bool:
    """True when the client prefers an HTML page to JSON (a no-JavaScript form post)."""
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


def field(name: str) -> str:
    """A form or JSON body field as a string ('' when absent)."""
    data = request.get_json(silent=True) if request.is_json else request.form
    value = data.get(name, "") if isinstance(data, dict) or hasattr(data, "get") else ""
    return value if isinstance(value, str) else str(value)


def json_error(status: int, message: str, **extra: Any) -> tuple[Response, int]:
    return jsonify(ok=False, error=message, **extra), status
