"""The customer's conversation with a business: Messenger (`/messages/t/{page-id}`) and Instagram
Direct (`/instagram/direct/t/{ig-id}`): history, sending, uploads, reactions, seen, live SSE.

Both channels share these views; `channel` comes from the URL rule. Every action goes through
`simulator.customers`, the same code path as the /_sim control API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from werkzeug import Response as BaseResponse
from werkzeug.exceptions import BadRequest

from simulator import customers, policy
from simulator.errors import SimulatorError
from simulator.events import sse_stream
from simulator.extension import current_world
from simulator.web import uploads
from simulator.web.session import current_account, is_customer
from simulator.world import Page, TestAccount

__all__ = ["Thread", "bp"]

bp = Blueprint("thread", __name__)
_PREFIXES = {"messenger": "/messages/t/<ref>", "instagram": "/instagram/direct/t/<ref>"}
LOGIN_NEEDED = {"messenger": "Log in to Facebook (simulated) before using Messenger.",
                "instagram": "Log in to Instagram (simulated) before using Direct messages."}
MANAGER_CANNOT_MESSAGE = ("You are logged in as the app's developer, who manages the Page: log in "
                          "with a test account to message it.")


@dataclass(frozen=True)
class Thread:
    """One customer's conversation with a Page (Messenger) or its Instagram account."""

    channel: str
    page: Page
    account: TestAccount | None

    @property
    def business_name(self) -> str:
        ig = self.page.instagram
        return ig.username if self.channel == "instagram" and ig else self.page.name

    @property
    def ids(self) -> tuple[str, str]:
        return current_world().thread_ids(self.page.id, self.account.id, self.channel)


def thread_route(suffix: str = "", **options: Any) -> Callable:
    """Register a view under both channels' URL prefixes (`channel` becomes a view argument)."""
    def register(view: Callable) -> Callable:
        for channel, prefix in _PREFIXES.items():
            bp.add_url_rule(prefix + suffix, view.__name__, view,
                            defaults={"channel": channel}, **options)
        return view
    return register


def open_thread(ref: str, channel: str, login_required: bool = True) -> Thread:
    """The thread `ref` names on `channel` (404 when unknown); 401 without a login if required."""
    world = current_world()
    page = world.pages.get(ref) if channel == "messenger" else world.page_of_instagram(ref)
    if page is None or (channel == "instagram" and page.instagram is None):
        abort(404)
    thread = Thread(channel, page, current_account(world))
    if not policy.page_visible_to(world, page, thread.account):
        abort(404)  # an unpublished Page: nobody outside it can message it
    if login_required and thread.account is None:
        raise SimulatorError(LOGIN_NEEDED[channel], 401)
    if thread.account is not None and not is_customer(world, thread.account):
        raise SimulatorError(MANAGER_CANNOT_MESSAGE, 403)
    return thread


def _payload() -> dict[str, Any]:
    """The form, or the JSON object the customer's page posts (anything else is a clear 400)."""
    if not request.is_json:
        return dict(request.form)
    try:
        body = request.get_json()
    except BadRequest:
        raise SimulatorError("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise SimulatorError("The request body must be a JSON object.")
    return body


@thread_route(methods=["GET"])
def chat(ref: str, channel: str) -> BaseResponse | str:
    thread = open_thread(ref, channel, login_required=False)
    if thread.account is None:
        return redirect(_login_url(thread))
    history = current_world().history(*thread.ids)
    return render_template(f"threads/{channel}.html", thread=thread, page=thread.page,
                           account=thread.account, messages=history,
                           quick_replies=customers.offered_quick_replies(history),
                           quick_reply_title_chars=customers.QUICK_REPLY_TITLE_CHARS)


@thread_route(methods=["POST"])
def send(ref: str, channel: str) -> BaseResponse | dict[str, str]:
    thread = open_thread(ref, channel)
    text = str(_payload().get("text", ""))
    message = customers.send_text(current_world(), thread.page.id, thread.account.id, text,
                                  channel)
    if request.is_json:
        return {"mid": message.mid}
    return redirect(url_for(".chat", ref=ref, channel=channel), code=303)


@thread_route("/quick_replies", methods=["POST"])
def tap_quick_reply(ref: str, channel: str) -> dict[str, Any]:
    """`{"mid", "index"}`: the customer taps a quick reply of the last Page message."""
    thread = open_thread(ref, channel)
    body = _payload()
    index = body.get("index")
    index = int(index) if isinstance(index, str) and index.isdigit() else index
    message = customers.tap_quick_reply(current_world(), thread.page.id, thread.account.id,
                                        str(body.get("mid", "")), index, channel)
    return {"mid": message.mid, "text": message.text}


@thread_route("/attachments", methods=["POST"])
def upload(ref: str, channel: str) -> dict[str, Any]:
    thread = open_thread(ref, channel)
    stored = uploads.store_upload(request.files.get("file"))
    url = url_for("web.uploads.serve", upload_id=stored.id, name=stored.name,
                  _external=True)
    message = customers.send_attachment(current_world(), thread.page.id, thread.account.id,
                                        "image", url, channel)
    return {"mid": message.mid, "attachment": message.attachment}


@thread_route("/reactions", methods=["POST"])
def react(ref: str, channel: str) -> dict[str, Any]:
    thread = open_thread(ref, channel)
    body, world = _payload(), current_world()
    mid, reaction = str(body.get("mid", "")), str(body.get("reaction", ""))
    if not reaction:
        return customers.unreact(world, thread.page.id, thread.account.id, mid, channel)
    return customers.react(world, thread.page.id, thread.account.id, mid, reaction, channel)


@thread_route("/seen", methods=["POST"])
def seen(ref: str, channel: str) -> dict[str, Any]:
    thread = open_thread(ref, channel)
    return customers.mark_read(current_world(), thread.page.id, thread.account.id, channel)


@thread_route("/events", methods=["GET"])
def events(ref: str, channel: str) -> Response:
    thread = open_thread(ref, channel)
    broker, key = current_world().events, thread.ids
    stream = sse_stream(broker, key, broker.subscribe(key))
    return Response(stream, mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _login_url(thread: Thread) -> str:
    if thread.channel == "instagram":
        return url_for("web.instagram.profile", username=thread.page.instagram.username,
                       next=request.path)
    return url_for("web.page.show", page_ref=thread.page.username, next=request.path)
