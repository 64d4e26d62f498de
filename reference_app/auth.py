"""Agent authentication: LOGIN / PASSWORD / ENTER, the first-login password, sessions, CSRF.

ENTER's click handler opens the ``interact_desk`` window synchronously, then posts the
credentials with ``fetch``; ``POST /interact_multiagent/login`` answers JSON
(``{"ok": true, "desk_url"}`` or 401 ``{"ok": false, "error"}``). A browser without
JavaScript posts the same form and gets a redirect or the page again with the error.
``desk_url`` is the desk, the admin page for an administrator, or the page where an agent
an administrator created "pending password" chooses one before anything else.

A session is valid while the agent's row holds the key its cookie names: logout clears the
key, which ends every window of that agent; the STATUS is kept, but a signed-out agent
receives no chats.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, Response, flash, redirect, render_template, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.security import check_password_hash, generate_password_hash

from . import inbox, store
from .web import field, json_error, wants_html

__all__ = ["MIN_PASSWORD", "AgentUser", "admin_required", "agent_required", "authenticate",
           "bp", "init_app", "password_problem"]

bp = Blueprint("auth", __name__, url_prefix="/interact_multiagent")

MIN_PASSWORD = 6
_BAD_CREDENTIALS = "Invalid login or password."
_UNKNOWN_AGENT_HASH = generate_password_hash("no such agent")  # equalises timing


class AgentUser(UserMixin):
    """The signed-in agent or administrator, as Flask-Login holds it."""

    def __init__(self, agent: dict[str, Any]) -> None:
        self.agent_id = int(agent["id"])
        self.login = agent["login"]
        self.role = agent["role"]
        self.password_set = bool(agent["password_set"])
        self.session_key = agent["session"]

    def get_id(self) -> str:
        return f"{self.agent_id}:{self.session_key}"


def authenticate(login: str, password: str) -> dict[str, Any] | None:
    """The agent whose login and password match, else None. An agent created without a
    password (pending) signs in with the login alone, once, to choose one."""
    agent = store.agent_by_login(login)
    if agent is not None and agent["password_hash"] is None:
        return agent if not password and not agent["password_set"] else None
    hashed = agent["password_hash"] if agent else _UNKNOWN_AGENT_HASH
    return agent if password and check_password_hash(hashed, password) and agent else None


def password_problem(password: str, confirmation: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"Choose a password of at least {MIN_PASSWORD} characters."
    if password != confirmation:
        return "The two passwords differ: type the same password twice."
    return None


def _landing_url(user: AgentUser) -> str:
    if not user.password_set:
        return url_for("auth.password_page")
    return url_for("admin.index") if user.role == "admin" else url_for("desk.desk")


def _role_required(role: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _unauthorized()
            if not current_user.password_set or current_user.role != role:
                if wants_html():
                    return redirect(_landing_url(current_user))
                return json_error(403, f"This page is for an {role} with a password set.")
            return view(*args, **kwargs)
        return wrapped
    return decorator


agent_required = _role_required("agent")
admin_required = _role_required("admin")


def _unauthorized() -> Any:
    if wants_html():
        return redirect(url_for("auth.login_page"))
    return json_error(401, "Your session has ended: log in again.")


def init_app(app: Flask) -> None:
    """Sessions (Flask-Login) and CSRF (Flask-WTF) for every form and fetch of the desk."""
    manager = LoginManager(app)
    manager.login_view = "auth.login_page"
    manager.unauthorized_handler(_unauthorized)

    @manager.user_loader
    def load_agent(user_id: str) -> AgentUser | None:
        agent_id, _, key = user_id.partition(":")
        agent = store.agent_by_id(int(agent_id)) if agent_id.isdigit() else None
        return AgentUser(agent) if agent and key and agent["session"] == key else None

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
    agent = authenticate(login_name, password) if login_name else None
    if agent is None:
        error = _BAD_CREDENTIALS if login_name and password else "Fill in login and password."
        if wants_html():
            flash(error, "error")
            return render_template("auth/login.html", login=login_name), 401
        return json_error(401, error)
    user = AgentUser({**agent, "session": store.start_session(agent["id"])})
    login_user(user)
    if agent["status"] == "operating":
        inbox.schedule_routing()  # back at the desk: waiting chats may come now
    landing = _landing_url(user)
    return redirect(landing) if wants_html() else {"ok": True, "desk_url": landing}


@bp.get("/password")
def password_page() -> Any:
    if not current_user.is_authenticated:
        return _unauthorized()
    return render_template("auth/password.html", is_first=not current_user.password_set)


@bp.post("/password")
def choose_password() -> Any:
    if not current_user.is_authenticated:
        return _unauthorized()
    problem = password_problem(field("password"), field("confirmation"))
    if problem:
        if wants_html():
            flash(problem, "error")
            return render_template("auth/password.html",
                                   is_first=not current_user.password_set), 400
        return json_error(400, problem)
    store.set_password(current_user.agent_id, field("password"))
    landing = _landing_url(AgentUser(store.agent_by_id(current_user.agent_id)))
    return redirect(landing) if wants_html() else {"ok": True, "desk_url": landing}


@bp.post("/logout")
def logout() -> Response:
    if current_user.is_authenticated:
        store.end_session(current_user.agent_id)
        logout_user()
    return redirect(url_for("auth.login_page"))
