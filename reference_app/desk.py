"""The agent desk: the page, its JSON snapshot, STATUS, replies, Accept and closing a chat."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, redirect, render_template, url_for
from flask_login import current_user

from . import events, inbox, store
from .auth import agent_required
from .graph_client import GraphApiError
from .web import field, json_error, wants_html

__all__ = ["TEXT_LIMITS", "bp", "reply_problem"]

bp = Blueprint("desk", __name__, url_prefix="/interact_multiagent")

# Messenger counts characters (2000), Instagram counts UTF-8 bytes (1000).
TEXT_LIMITS = {"messenger": (2000, "characters"), "instagram": (1000, "bytes")}
_CHANNEL_NAMES = {"messenger": "Messenger", "instagram": "Instagram"}


def reply_problem(text: str, channel: str = "messenger") -> str | None:
    """Why ``text`` cannot be sent as a reply on ``channel``; None when it can."""
    if not text.strip():
        return "Type a message before sending."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: once sent, the reply could not be stored
        return "The reply contains a character that is not valid text: retype it."
    limit, unit = TEXT_LIMITS[channel]
    size = len(text.encode("utf-8")) if unit == "bytes" else len(text)
    if size > limit:
        return (f"{_CHANNEL_NAMES[channel]} accepts at most {limit} {unit}; this reply has"
                f" {size}.")
    return None


def _status_payload(status: str) -> dict[str, str]:
    return {"status": status, "label": current_app.config["STATUS_LABELS"][status]}


def _own_chat(chat_id: int, states: tuple[str, ...]) -> tuple[dict[str, Any] | None, Any]:
    """The chat if it is on this agent's desk in one of ``states``, else the error reply."""
    chat = store.chat_by_id(chat_id)
    if chat is None:
        return None, json_error(404, "This chat does not exist.")
    if chat["agent_id"] != current_user.agent_id or chat["state"] not in states:
        if chat["state"] == "offered" and chat["agent_id"] == current_user.agent_id:
            return None, json_error(409, "Accept the chat before answering it.")
        return None, json_error(409, "This chat is no longer open on your desk.")
    return chat, None


@bp.get("/desk")
@agent_required
def desk() -> str:
    agent = store.agent_by_id(current_user.agent_id)
    return render_template("desk/desk.html", agent=agent,
                           status=_status_payload(agent["status"]))


@bp.get("/chats")
@agent_required
def chats() -> Any:
    agent = store.agent_by_id(current_user.agent_id)
    return jsonify(ok=True, status=_status_payload(agent["status"]),
                   positions=agent["positions"], auto_answer=agent["auto_answer"],
                   chats=inbox.desk_snapshot(agent["id"]), queue=inbox.queue_payload())


@bp.post("/status")
@agent_required
def change_status() -> Any:
    status = field("status")
    if status not in store.AGENT_STATUSES:
        return json_error(400, f"Unknown status {status!r}: choose one of the menu's options.")
    store.set_agent_status(current_user.agent_id, status)
    if status == "operating":
        inbox.schedule_routing()
    payload = _status_payload(status)
    events.publish(current_user.agent_id, "status", payload)
    return redirect(url_for("desk.desk")) if wants_html() else jsonify(ok=True, **payload)


@bp.post("/chats/<int:chat_id>/reply")
@agent_required
def reply(chat_id: int) -> Any:
    chat, refusal = _own_chat(chat_id, ("open",))
    if refusal:
        return refusal
    text = field("text").strip()
    problem = reply_problem(text, chat["channel"])
    if problem:
        return json_error(400, problem)
    try:
        message = inbox.send_reply(chat, current_user.agent_id, text)
    except inbox.ReplyRefused as refusal:
        return json_error(422, refusal.plain, code=refusal.code, subcode=refusal.subcode)
    except GraphApiError as error:
        status = 502 if error.code is None else 422
        return json_error(status, error.plain, code=error.code, subcode=error.subcode)
    return jsonify(ok=True, message=message)


@bp.post("/chats/<int:chat_id>/accept")
@agent_required
def accept(chat_id: int) -> Any:
    chat, refusal = _own_chat(chat_id, ("offered",))
    if refusal:
        return refusal
    inbox.accept(chat["id"], current_user.agent_id)
    return jsonify(ok=True, chat=inbox.chat_payload(store.chat_by_id(chat_id), True))


@bp.post("/chats/<int:chat_id>/close")
@agent_required
def close(chat_id: int) -> Any:
    chat, refusal = _own_chat(chat_id, ("offered", "open"))
    if refusal:
        return refusal
    service = store.service_by_id(chat["service_id"]) if chat["service_id"] else None
    classification = field("classification").strip() or None
    if service and service["classification"] and not classification:
        return json_error(400, "This service classifies its calls: type a classification"
                               " before closing the chat.", reason="classification")
    state = inbox.close(chat, current_user.agent_id, classification)
    return jsonify(ok=True, state=state)


@bp.post("/chats/<int:chat_id>/finish")
@agent_required
def finish(chat_id: int) -> Any:
    chat, refusal = _own_chat(chat_id, ("wrapup",))
    if refusal:
        return refusal
    inbox.finish_wrapup(chat["id"], current_user.agent_id)
    return jsonify(ok=True, state="closed")
