"""Messenger chat between a logged-in customer and a Page: history, sending, live SSE."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from werkzeug import Response as BaseResponse

from simulator.errors import SimulatorError
from simulator.events import sse_stream
from simulator.extension import current_world
from simulator.web.auth import current_account
from simulator.world import Page, TestAccount

bp = Blueprint("messenger", __name__)

CUSTOMER_TEXT_LIMIT = 20000


def _chat_parties(page_id: str) -> tuple[Page, TestAccount | None]:
    world = current_world()
    page = world.pages.get(page_id)
    if page is None:
        abort(404)
    return page, current_account(world)


@bp.get("/messages/t/<page_id>")
def chat(page_id: str) -> BaseResponse | str:
    page, account = _chat_parties(page_id)
    if account is None:
        return redirect(url_for("web.page.show", page_ref=page.username, next=request.path))
    history = current_world().history(page.id, account.psids[page.id])
    return render_template("messenger/chat.html", page=page, account=account, messages=history)


@bp.post("/messages/t/<page_id>")
def send(page_id: str) -> BaseResponse | dict[str, str]:
    page, account = _chat_parties(page_id)
    payload = request.get_json(silent=True) if request.is_json else request.form
    text = str((payload or {}).get("text", ""))
    if account is None:
        raise SimulatorError("Log in to Facebook (simulated) before sending messages.", 401)
    if not text.strip() or len(text) > CUSTOMER_TEXT_LIMIT:
        raise SimulatorError(f"Type a message of 1 to {CUSTOMER_TEXT_LIMIT} characters.", 400)
    message = current_world().customer_sends(page.id, account.id, text)
    if request.is_json:
        return {"mid": message.mid}
    return redirect(url_for(".chat", page_id=page.id), code=303)


@bp.get("/messages/t/<page_id>/events")
def events(page_id: str) -> Response:
    page, account = _chat_parties(page_id)
    if account is None:
        raise SimulatorError("Log in to Facebook (simulated) to follow this chat.", 401)
    broker, channel = current_world().events, (page.id, account.psids[page.id])
    stream = sse_stream(broker, channel, broker.subscribe(channel))
    return Response(stream, mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
