"""Administration for an admin user: services, agents, auto-answer, positions, the check.

``/interact_multiagent/admin`` is one page of small forms (each posts, flashes a sentence
and comes back); ``/interact_multiagent/admin/check`` answers the best-practice check as
JSON. Every form also accepts JSON and answers ``{"ok": ...}`` for scripts.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from . import inbox, practices, store
from .auth import admin_required
from .web import abort_json, field, json_body, json_error, wants_html

__all__ = ["bp", "parse_positions"]

bp = Blueprint("admin", __name__, url_prefix="/interact_multiagent/admin")


def parse_positions(value: str) -> int | None:
    """Positions typed in a form ('' keeps the current value); ValueError when not a number."""
    if not value.strip():
        return None
    if not value.strip().isdigit():
        raise ValueError(f"positions must be a whole number, not {value!r}")
    return int(value)


def _flag(name: str) -> bool:
    return field(name).lower() in ("1", "on", "true", "yes")


def _service_ids() -> list[int] | None:
    """The services ticked in the form (or JSON ``services``); None when not submitted."""
    if request.is_json:
        values = json_body().get("services")
        if values is not None and not isinstance(values, list):
            abort_json("services must be a list of service ids.")
    else:
        values = request.form.getlist("services") if request.form.get("services_submitted") else None
    return None if values is None else [int(v) for v in values if str(v).isdigit()]


def _done(message: str, status: int = 200) -> Any:
    if wants_html():
        flash(message, "info" if status == 200 else "error")
        return redirect(url_for("admin.index"))
    return jsonify(ok=True, message=message) if status == 200 else json_error(status, message)


@bp.get("")
@admin_required
def index() -> str:
    return render_template("admin/index.html", services=store.list_services(),
                           agents=store.list_agents(), check=practices.check_practices(),
                           modes=store.AUTO_ANSWER_MODES)


@bp.get("/check")
@admin_required
def check() -> Any:
    return jsonify(practices.report())


@bp.post("/agents")
@admin_required
def create_agent() -> Any:
    service_ids = _service_ids()
    try:
        agent_id = store.create_agent(
            field("login").strip(), field("display_name").strip() or None,
            password=field("password") or None, positions=parse_positions(field("positions")) or 8,
            auto_answer=field("auto_answer") or "automatic")
    except ValueError as error:
        return _done(f"Agent not created: {error}.", 400)
    for service_id in service_ids or []:
        store.add_service_agent(service_id, agent_id)
    inbox.schedule_routing()
    return _done(f"Agent {field('login').strip()!r} created; the first login sets the password.")


@bp.post("/agents/<int:agent_id>")
@admin_required
def update_agent(agent_id: int) -> Any:
    if store.agent_by_id(agent_id) is None:
        return _done("No such agent.", 404)
    try:
        store.update_agent(agent_id, positions=parse_positions(field("positions")),
                           auto_answer=field("auto_answer") or None)
    except ValueError as error:
        return _done(f"Agent not changed: {error}.", 400)
    wanted = _service_ids()
    if wanted is not None:
        for service in store.list_services():
            change = store.add_service_agent if service["id"] in wanted else store.remove_service_agent
            change(service["id"], agent_id)
    inbox.schedule_routing()
    return _done("Agent saved.")


@bp.post("/services")
@admin_required
def create_service() -> Any:
    name = field("name").strip()
    if not name:
        return _done("Service not created: give it a name.", 400)
    try:
        store.create_service(name, classification=_flag("classification"),
                             post_service=_flag("post_service"), social_entry=_flag("social_entry"))
    except ValueError as error:
        return _done(f"Service not created: {error}.", 400)
    return _done(f"Service {name!r} created.")


@bp.post("/services/<int:service_id>")
@admin_required
def update_service(service_id: int) -> Any:
    if store.service_by_id(service_id) is None:
        return _done("No such service.", 404)
    flags = {flag: _flag(flag) for flag in store.SERVICE_FLAGS}
    if not flags["social_entry"]:
        flags.pop("social_entry")  # switched off only by marking another service
    store.update_service(service_id, **flags)
    inbox.schedule_routing()
    return _done("Service saved.")
