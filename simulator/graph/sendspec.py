"""The Send API body, validated in Meta's order: recipient, message or state, then contents
(text, attachment by URL or id, quick replies, templates, metadata)."""

from __future__ import annotations

from typing import Any, NamedTuple

from simulator import errors
from simulator.customers import QUICK_REPLY_TITLE_CHARS
from simulator.errors import GraphError
from simulator.graph.params import json_object, json_param

__all__ = ["SendRequest", "parse_send"]

TEXT_LIMIT = 2000
IG_TEXT_BYTES = 1000
METADATA_LIMIT = 1000
SENDER_ACTIONS = ("typing_on", "typing_off", "mark_seen", "react", "unreact")
MESSAGING_TYPES = ("RESPONSE", "UPDATE", "MESSAGE_TAG")
ATTACHMENT_TYPES = ("image", "audio", "video", "file", "template")
QUICK_REPLY_TYPES = ("text", "user_phone_number", "user_email")
MAX_QUICK_REPLIES, QUICK_REPLY_PAYLOAD = 13, 1000
# meta-api.md 3.2: a title is truncated after 20 characters (shown, not refused): the customer
# side truncates it, and that one constant is the fact
QUICK_REPLY_TITLE = QUICK_REPLY_TITLE_CHARS
BUTTON_TYPES = ("web_url", "postback", "phone_number")
NOTIFICATION_TYPES = ("REGULAR", "SILENT_PUSH", "NO_PUSH")


class SendRequest(NamedTuple):
    """One validated Send API call (immutable; a tuple is built in a third of the time a
    frozen dataclass takes, and every Send API call builds one)."""

    recipient: dict[str, Any]
    message: dict[str, Any] | None
    sender_action: str | None
    messaging_type: str | None
    tag: str | None
    payload: dict[str, Any] | None = None  # react / unreact

    @property
    def text(self) -> str | None:
        return None if self.message is None else self.message.get("text")

    @property
    def attachment(self) -> dict[str, Any] | None:
        return None if self.message is None else self.message.get("attachment")


def parse_send(params: dict[str, Any]) -> SendRequest:
    recipient = json_object(params, "recipient")
    if recipient is None:
        raise GraphError(errors.PARAM_REQUIRED, name="recipient")
    message = json_object(params, "message")
    action = params.get("sender_action") or None
    if message is not None and action is not None:
        raise GraphError(errors.MESSAGE_AND_STATE)
    if message is None and action is None:
        raise GraphError(errors.MESSAGE_OR_STATE_REQUIRED)
    payload = None
    if action is not None:
        payload = _check_action(str(action), params)
    else:
        _check_message(message)
    messaging_type = params.get("messaging_type") or None
    if messaging_type is not None and messaging_type not in MESSAGING_TYPES:
        raise GraphError(errors.INVALID_MESSAGING_TYPE, value=messaging_type)
    notification = params.get("notification_type")
    if notification is not None and notification not in NOTIFICATION_TYPES:
        raise GraphError(errors.INVALID_PARAMETER,
                         detail="Param notification_type must be one of {REGULAR, SILENT_PUSH, "
                                f'NO_PUSH}} - got "{notification}"')
    return SendRequest(recipient, message, action, messaging_type, params.get("tag") or None,
                       payload)


def _check_action(action: str, params: dict[str, Any]) -> dict[str, Any] | None:
    if action not in SENDER_ACTIONS:
        raise GraphError(errors.INVALID_SENDER_ACTION, value=action)
    if action not in ("react", "unreact"):
        return None
    payload = json_object(params, "payload")
    if payload is None or not payload.get("message_id"):
        raise GraphError(errors.PARAM_REQUIRED, name="payload[message_id]")
    if action == "react" and not payload.get("reaction"):
        raise GraphError(errors.PARAM_REQUIRED, name="payload[reaction]")
    return payload


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
    if attachment is not None:
        check_attachment(attachment, "message[attachment]")
    if "quick_replies" in message:
        _check_quick_replies(message["quick_replies"])
    metadata = message.get("metadata")
    if metadata is not None and (not isinstance(metadata, str) or len(metadata) > METADATA_LIMIT):
        raise GraphError(errors.INVALID_PARAMETER,
                         detail=f"Length of param message[metadata] must be less than or equal "
                                f"to {METADATA_LIMIT}")


def check_attachment(attachment: Any, name: str) -> None:
    """`{"type", "payload": {"url"| "attachment_id" | template fields}}`."""
    if not isinstance(attachment, dict):
        raise GraphError(errors.PARAM_NOT_JSON_OBJECT, name=name)
    kind, payload = attachment.get("type"), attachment.get("payload")
    if kind not in ATTACHMENT_TYPES:
        raise GraphError(errors.INVALID_PARAMETER,
                         detail=f"Param {name}[type] must be one of "
                                f"{{{', '.join(ATTACHMENT_TYPES)}}} - got \"{kind}\"")
    if not isinstance(payload, dict):
        raise GraphError(errors.PARAM_REQUIRED, name=f"{name}[payload]")
    if kind == "template":
        _check_template(payload)
    elif not payload.get("url") and not payload.get("attachment_id"):
        raise GraphError(errors.INVALID_PARAMETER,
                         detail=f"Param {name}[payload] must have a url or an attachment_id")


def _check_quick_replies(replies: Any) -> None:
    if not isinstance(replies, list) or not replies:
        raise GraphError(errors.INVALID_PARAMETER, detail="param message[quick_replies] must be "
                                                          "a non-empty array")
    if len(replies) > MAX_QUICK_REPLIES:
        raise GraphError(errors.INVALID_PARAMETER,
                         detail=f"param message[quick_replies] must have at most "
                                f"{MAX_QUICK_REPLIES} items")
    for i, reply in enumerate(replies):
        name = f"message[quick_replies][{i}]"
        if not isinstance(reply, dict) or reply.get("content_type") not in QUICK_REPLY_TYPES:
            raise GraphError(errors.INVALID_PARAMETER,
                             detail=f"param {name}[content_type] must be one of "
                                    f"{{{', '.join(QUICK_REPLY_TYPES)}}}")
        if reply["content_type"] == "text":
            title = reply.get("title")
            if title is not None and not isinstance(title, str):
                raise GraphError(errors.INVALID_PARAMETER,
                                 detail=f"Param {name}[title] must be a string")
            if not title and not reply.get("image_url"):
                raise GraphError(errors.PARAM_REQUIRED, name=f"{name}[title]")
            payload = reply.get("payload")
            if payload in (None, ""):
                raise GraphError(errors.PARAM_REQUIRED, name=f"{name}[payload]")
            if len(str(payload)) > QUICK_REPLY_PAYLOAD:  # meta-api.md 3.2: payload <= 1000 chars
                raise GraphError(errors.INVALID_PARAMETER,
                                 detail=f"Length of param {name}[payload] must be less than or "
                                        f"equal to {QUICK_REPLY_PAYLOAD}")


def _check_template(payload: dict[str, Any]) -> None:
    kind = payload.get("template_type")
    if kind == "button":
        text, buttons = payload.get("text"), payload.get("buttons")
        if not isinstance(text, str) or not text or len(text) > 640:
            raise GraphError(errors.INVALID_PARAMETER,
                             detail="param message[attachment][payload][text] must be 1 to 640 "
                                    "characters")
        _check_buttons(buttons, "message[attachment][payload][buttons]")
    elif kind == "generic":
        elements = payload.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
            raise GraphError(errors.INVALID_PARAMETER,
                             detail="param message[attachment][payload][elements] must have 1 "
                                    "to 10 items")
        for i, element in enumerate(elements):
            if not isinstance(element, dict) or not element.get("title"):
                raise GraphError(errors.PARAM_REQUIRED,
                                 name=f"message[attachment][payload][elements][{i}][title]")
            if "buttons" in element:
                _check_buttons(element["buttons"],
                               f"message[attachment][payload][elements][{i}][buttons]")
    elif kind == "media":
        elements = payload.get("elements")
        if not isinstance(elements, list) or len(elements) != 1:
            raise GraphError(errors.INVALID_PARAMETER,
                             detail="param message[attachment][payload][elements] must have "
                                    "exactly 1 item")
    else:
        raise GraphError(errors.INVALID_PARAMETER,
                         detail="param message[attachment][payload][template_type] must be one "
                                f'of {{button, generic, media}} - got "{kind}"')


def _check_buttons(buttons: Any, name: str) -> None:
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        raise GraphError(errors.INVALID_PARAMETER, detail=f"param {name} must have 1 to 3 items")
    for i, button in enumerate(buttons):
        if not isinstance(button, dict) or button.get("type") not in BUTTON_TYPES:
            raise GraphError(errors.INVALID_PARAMETER,
                             detail=f"param {name}[{i}][type] must be one of "
                                    f"{{{', '.join(BUTTON_TYPES)}}}")
        if not button.get("title"):
            raise GraphError(errors.PARAM_REQUIRED, name=f"{name}[{i}][title]")
        needed = {"web_url": "url", "postback": "payload", "phone_number": "payload"}
        if not button.get(needed[button["type"]]):
            raise GraphError(errors.PARAM_REQUIRED, name=f"{name}[{i}][{needed[button['type']]}]")


def ig_text_too_long(text: str | None) -> bool:
    return text is not None and len(text.encode("utf-8")) > IG_TEXT_BYTES


__all__ += ["check_attachment", "ig_text_too_long", "json_param"]
