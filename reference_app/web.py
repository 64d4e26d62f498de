"""HTTP conventions shared by the desk's blueprints: content negotiation, fields, errors.

Browsers posting a plain form get HTML (redirects, flashed errors); the desk's
``fetch`` calls and API clients get JSON ``{"ok": true, ...}`` or ``{"ok": false, "error"}``.
A body sent as JSON that is not a JSON object is answered 400 at once, with a sentence
that says so: it is the client's mistake, not an empty field.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Response, abort, jsonify, request
from werkzeug.exceptions import BadRequest

__all__ = ["NOT_JSON", "NOT_JSON_OBJECT", "abort_json", "field", "json_body", "json_error", "wants_html"]

NOT_JSON = "The request body is not valid JSON (it was sent as application/json)."
NOT_JSON_OBJECT = "The request body must be a JSON object of fields, not {kind}."
_NOT_TEXT = "The field {name!r} must be text (or a number), not {kind}."
_KINDS = {list: "a list", dict: "an object", type(None): "null", str: "a string",
          bool: "a boolean", int: "a number", float: "a number"}


def wants_html() -> bool:
    """True when the client prefers an HTML page to JSON (a no-JavaScript form post)."""
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


def json_body() -> dict[str, Any]:
    """The JSON object the request carries; ends the request with a 400 JSON answer when
    the body is not valid JSON or is JSON but not an object."""
    try:
        data = request.get_json()
    except BadRequest:
        abort_json(NOT_JSON)
    if not isinstance(data, dict):
        abort_json(NOT_JSON_OBJECT.format(kind=_KINDS.get(type(data), "a value")))
    return data


def field(name: str) -> str:
    """A form or JSON body field as a string ('' when absent or null; a number as its
    digits). A malformed JSON body, or a list or object where text is expected, ends the
    request with a 400 JSON answer."""
    if not request.is_json:
        return request.form.get(name, "")
    value = json_body().get(name)
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        abort_json(_NOT_TEXT.format(name=name, kind=_KINDS[type(value)]))
    return value if isinstance(value, str) else str(value)


def json_error(status: int, message: str, **extra: Any) -> tuple[Response, int]:
    return jsonify(ok=False, error=message, **extra), status


def abort_json(message: str, status: int = 400) -> NoReturn:
    """End the request with ``json_error(status, message)``."""
    response, _ = json_error(status, message)
    response.status_code = status
    abort(response)
