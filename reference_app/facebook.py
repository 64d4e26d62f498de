"""Administration > Facebook: connect a Facebook Page through Facebook Login, see the
connection, disconnect (``page_connection`` does the work)."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from . import page_connection, store
from .auth import admin_required
from .graph_client import GraphApiError

__all__ = ["bp"]

bp = Blueprint("facebook", __name__, url_prefix="/interact_multiagent/admin/facebook")

CANCELLED = ("Facebook Login was cancelled: no Page was connected. Click \"Continue with"
             " Facebook\" to try again.")
BAD_STATE = "This Facebook Login answer does not match the one started here: start again."


def _callback_url() -> str:
    return url_for("facebook.callback", _external=True)


def _declined_sentence(declined: list[str]) -> str:
    instagram = (" and instagram_basic, instagram_manage_messages and pages_read_engagement to"
                 " receive and answer the Direct messages of the Instagram account linked to"
                 " the Page" if page_connection.instagram_scopes() else "")
    return (f"You declined {', '.join(declined)}. Interact needs pages_show_list to list your"
            " Pages, pages_manage_metadata to receive their messages and pages_messaging to"
            f" answer them{instagram}: click \"Continue with Facebook\" again and keep every"
            " permission on.")


@bp.get("")
@admin_required
def index() -> str:
    return render_template("facebook/connect.html", connected=store.connected_page(),
                           pages=store.login_pages(), scopes=page_connection.requested_scopes(),
                           can_connect=bool(current_app.config["APP_ID"]))


@bp.post("/connect")
@admin_required
def start() -> Any:
    session["facebook_state"] = state = secrets.token_urlsafe(16)
    return redirect(page_connection.login_url(state, _callback_url()), code=303)


@bp.get("/callback")
@admin_required
def callback() -> Any:
    if request.args.get("error"):
        flash(CANCELLED, "error")
    elif not _state_matches(session.pop("facebook_state", None), request.args.get("state")):
        flash(BAD_STATE, "error")
    else:
        try:
            outcome = page_connection.complete_login(request.args.get("code", ""),
                                                     _callback_url())
        except GraphApiError as error:
            flash(f"Facebook refused the login: {error.message}", "error")
            return redirect(url_for("facebook.index"))
        if outcome.declined:
            flash(_declined_sentence(outcome.declined), "error")
        else:
            flash("Choose the Page whose messages Interact answers.", "info")
    return redirect(url_for("facebook.index"))


@bp.post("/pages/<page_id>")
@admin_required
def connect(page_id: str) -> Any:
    try:
        page = page_connection.connect(page_id)
    except GraphApiError as error:
        flash(f"Facebook refused to subscribe the app to this Page: {error.message}", "error")
        return redirect(url_for("facebook.index"))
    if page is None:
        flash("That Page was not offered by your last Facebook Login.", "error")
    else:
        flash(f"Connected to {page['name']}: its messages now reach Interact.", "info")
    return redirect(url_for("facebook.index"))


@bp.post("/disconnect")
@admin_required
def disconnect() -> Any:
    problem = page_connection.disconnect()
    flash("The Page was disconnected." + (f" Facebook said: {problem}" if problem else ""),
          "info")
    return redirect(url_for("facebook.index"))


def _state_matches(expected: str | None, received: str | None) -> bool:
    """The OAuth `state` this session started, and no other: a callback nobody started
    (no state in the session) is refused, or anyone could connect their Pages (CSRF)."""
    return bool(expected) and bool(received) and hmac.compare_digest(expected, received)
