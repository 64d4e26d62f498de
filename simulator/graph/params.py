"""Reading Graph request parameters the ways Meta accepts them: query, form, JSON, Bearer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import Request

from simulator import errors
from simulator.errors import GraphError

__all__ = ["SendRequest", "access_token_of", "fields_of", "json_param", "parse_send",
           "request_params"]

TEXT_LIMIT = 2000
SENDER_ACTIONS = ("typing_on", "typing_off", "mark_seen", "react", "unreact")
MESSAGING_TYPES = ("RESPONSE", "UPDATE", "MESSAGE_TAG")


def request_params(request: Request) -> dict[str, Any]:
    """Query, then form, then JSON body fields (later wins), as one mapping."""
    params: dict[str, Any] = dict(request.args.items())
    params.update(request.form.items())
    if request.is_json and request.get_data():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise GraphError(errors.INVALID_PARAMETER, detail="Invalid JSON in the request body")
        params.update(body)
    return params


def access_token_of(request: Request, params: dict[str, Any] | None = None) -> str | None:
    """`access_token` from query/form/JSON, else `Authorization: Bearer <token>`."""
    params = request_params(request) if params is None else params
    token = params.get("access_token")
    if token:
        return str(token)
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() in ("bearer", "oauth") and value.strip():
        return value.strip()
    return None


def json_param(params: dict[str, Any], name: str) -> dict[str, Any] | None:
    """A parameter that is an object in JSON bodies and a JSON string in form/query."""
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise GraphError(errors.PARAM_NOT_JSON_OBJECT, name=name) from None
    if not isinstance(value, dict):
        raise GraphError(errors.PARAM_NOT_JSON_OBJECT, name=name)
    return value


def fields_of(request: Request) -> list[str]:
    """`?fields=a,b` as a list (empty when absent)."""
    return [f.strip() for f in request.args.get("fields", "").split(",") if f.strip()]


@dataclass(frozen=True)
class SendRequest:
    recipient: dict[str, Any]
    message: dict[str, Any] | None
    sender_action: str | None
    messaging_type: str | None
    tag: str | None

    @property
    def text(self) -> str | None:
        return None if self.message is None else self.message.get("text")

    @property
    def attachment(self) -> dict[str, Any] | None:
        return None if self.message is None else self.message.get("attachment")


def parse_send(params: dict[str, Any]) -> SendRequest:
    """Validate a Send API body in Meta's order: recipient, message/state, then contents."""
    recipient = json_param(params, "recipient")
    if recipient is None:
        raise GraphError(errors.PARAM_REQUIRED, name="recipient")
    message = json_param(params, "message")
    action = params.get("sender_action") or None
    if message is not None and action is not None:
        raise GraphError(errors.MESSAGE_AND_STATE)
    if message is None and action is None:
        raise GraphError(errors.MESSAGE_OR_STATE_REQUIRED)
    if action is not None and action not in SENDER_ACTIONS:
        raise GraphError(errors.INVALID_SENDER_ACTION, value=action)
    if message is not None:
        _check_message(message)
    messaging_type = params.get("messaging_type") or None
    if messaging_type is not None and messaging_type not in MESSAGING_TYPES:
        raise GraphError(errors.INVALID_MESSAGING_TYPE, value=messaging_type)
    return SendRequest(recipient, message, action, messaging_type, params.get("tag") or None)


def _check_message(message: dict[str, Any]) -> None:
    text, attachment = message.get("text"), message.get("attachment")
    if text is not None and attachment is not None:
        raise GraphError(errors.TEXT_AND_ATTACHMENT)
    if not text and not attachment:
        raise GraphError(errors.EMPTY_MESSAGE)
    if text is not None and not isinstance(text, str):
        raise GraphError(errors.INVALID_PARAMETER, detail="Param message[text] must be a string")
    if text is not None and len(text) > TEXT_LIMIT:
        raise GraphError(errors.TEXT_TOO_LONG, limit=TEXT_LIMIT)
    if attachment is not None and not isinstance(attachment, dict):
        raise GraphError(errors.PARAM_NOT_JSON_OBJECT, name="message[attachment]")
