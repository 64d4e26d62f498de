"""Agent authentication: the LOGIN / PASSWORD / ENTER page, sessions and CSRF.

ENTER's click handler opens the ``interact_desk`` window synchronously, then posts the
credentials with ``fetch``; ``POST /interact_multiagent/login`` answers JSON
(``{"ok": true, "desk_url"}`` or 401 ``{"ok": false, "error"}``). A browser without
JavaScript posts the same form and gets a redirect or the page again with the error.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, flash, redirect, render_template, url_for
from flask_login import (
    LoginManager,
    UserMixin,
    current_user,
    login_required,
    login_user,
    logout_user,
)
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.security import check_password_hash, generate_password_hash

from . import store
from .web import field, json_error, wants_html

__all__ = ["AgentUser", "authenticate", "bp", "init_app"]

bp = Blueprint("auth", __name__, url_prefix="/interact_multiagent")

_BAD_CREDENTIALS = "Invalid login or password."
_UNKNOWN_AGENT_HASH = generate_password_hash("no such agent")  # equalises timing


class AgentUser(UserMixin):
    """The logged-in agent, as Flask-Login holds it."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.id = str(row["id"])
        self.login = row["login"]
        self.display_name = row["display_name"]
        self.status = row["status"]

    @property
    def agent_id(self) -> int:
        return int(self.id)


def authenticate(login: str, password: str) -> dict[str, Any] | None:
    """The agent whose login and password match, else None."""
    agent = store.agent_by_login(login)
    hashed = agent["password_hash"] if agent else _UNKNOWN_AGENT_HASH
    return agent if check_password_hash(hashed, password) and agent else None


def init_app(app: Flask) -> None:
    """Sessions (Flask-Login) and CSRF (Flask-WTF) for every form and fetch of the desk."""
    manager = LoginManager(app)
    manager.login_view = "auth.login_page"

    @manager.user_loader
    def load_agent(agent_id: str) -> AgentUser | None:
        row = store.agent_by_id(int(agent_id)) if agent_id.isdigit() else None
        return AgentUser(row) if row else None

    @manager.unauthorized_handler
    def unauthorized() -> Any:
        if wants_html():
            return redirect(url_for("auth.login_page"))
        return json_error(401, "Your session has ended: log in again.")

    app.extensions["reference_app.csrf"] = CSRFProtect(app)

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> Any:
        message = f"The page expired ({error.description}). Reload it and try again."
        return json_error(400, message)


@bp.get("")
def login_page() -> str:
    return render_template("auth/login.html", login="")


@bp.post("/login")
def login() -> Any:
    login_name, password = field("login").strip(), field("password")
    agent = authenticate(login_name, password) if login_name and password else None
    if agent is None:
        error = _BAD_CREDENTIALS if login_name and password else "Fill in login and password."
        if wants_html():
            flash(error, "error")
            return render_template("auth/login.html", login=login_name), 401
        return json_error(401, error)
    login_user(AgentUser(agent))
    desk_url = url_for("desk.desk")
    return redirect(desk_url) if wants_html() else {"ok": True, "desk_url": desk_url}


@bp.post("/logout")
@login_required
def logout() -> Response:
    store.set_agent_status(current_user.agent_id, "offline")
    logout_user()
    return redirect(url_for("auth.login_page"))
