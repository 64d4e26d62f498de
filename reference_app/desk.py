"""The agent desk: the page, its JSON snapshot, the STATUS change and replies."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required

from . import events, inbox, store
from .graph_client import GraphApiError
from .web import field, json_error, wants_html

__all__ = ["MAX_TEXT", "bp", "reply_problem"]

bp = Blueprint("desk", __name__, url_prefix="/interact_multiagent")

MAX_TEXT = 2000  # Messenger's limit on message.text


def reply_problem(text: str) -> str | None:
    """Why ``text`` cannot be sent as a reply; None when it can."""
    if not text.strip():
        return "Type a message before sending."
    if len(text) > MAX_TEXT:
        return f"Messenger accepts at most {MAX_TEXT} characters; this reply has {len(text)}."
    return None


def _status_payload(status: str) -> dict[str, str]:
    return {"status": status, "label": current_app.config["STATUS_LABELS"][status]}


@bp.get("/desk")
@login_required
def desk() -> str:
    agent = store.agent_by_id(current_user.agent_id)
    return render_template("desk/desk.html", agent=agent,
                           status=_status_payload(agent["status"]))


@bp.get("/chats")
@login_required
def chats() -> Any:
    agent = store.agent_by_id(current_user.agent_id)
    return jsonify(ok=True, status=_status_payload(agent["status"]),
                   chats=inbox.desk_snapshot(agent["id"]))


@bp.post("/status")
@login_required
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
@login_required
def reply(chat_id: int) -> Any:
    chat = store.chat_by_id(chat_id)
    if chat is None:
        return json_error(404, "This chat does not exist.")
    if chat["agent_id"] != current_user.agent_id or chat["state"] != "open":
        return json_error(403, "This chat is not on your desk.")
    text = field("text").strip()
    problem = reply_problem(text)
    if problem:
        return json_error(400, problem)
    try:
        message = inbox.send_reply(chat, current_user.agent_id, text)
    except GraphApiError as error:
        status = 502 if error.code is None else 422
        return json_error(status, error.plain, code=error.code, subcode=error.subcode)
    return jsonify(ok=True, message=message)
