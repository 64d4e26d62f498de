"""Facebook Login for Business, the person's side: `/{version}/dialog/oauth`, its login form,
the consent screen (each permission can be declined), the Page picker and Meta's error pages.
The rules and the codes live in `simulator/oauth.py`."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from werkzeug import Response

from simulator import oauth
from simulator.errors import GraphError
from simulator.extension import current_world
from simulator.web.session import MISSING_FIELDS, NO_ACCOUNT, WRONG_PASSWORD, start_session
from simulator.world import TestAccount, World

__all__ = ["bp"]

bp = Blueprint("oauth", __name__)


def _who(world: World) -> TestAccount | None:
    if session.get("generation") != world.generation:
        return None
    return oauth.person(world, session.get("account_id"))


def _request(world: World, request_id: str) -> oauth.LoginRequest:
    login = oauth.request_of(world, request_id)
    if login is None:
        abort(404)
    return login


def _render(world: World, version: str, login: oauth.LoginRequest, **extra: object) -> str:
    """The dialog's current step: login when logged out, then consent, then the Pages."""
    who = _who(world)
    step = "login" if who is None else login.step
    pages = oauth.manageable_pages(world, who) if who is not None else []
    return render_template(f"oauth/{step}.html", app=world.apps[login.app_id], login=login,
                           who=who, account=who, pages=pages, version=version,
                           accounts=[world.developer, *world.accounts.values()], **extra)


@bp.get("/<version:version>/dialog/oauth")
def dialog(version: str) -> str | tuple[str, int]:
    world = current_world()
    try:
        login = oauth.open_request(world, request.args.to_dict())
    except GraphError as error:
        title, _, detail = error.message.partition(": ")
        return render_template("oauth/error.html", title=title, detail=detail,
                               code=error.spec.code, account=_who(world)), 400
    return _render(world, version, login)


@bp.get("/<version:version>/dialog/oauth/<request_id>")
def resume(version: str, request_id: str) -> str:
    world = current_world()
    return _render(world, version, _request(world, request_id))


@bp.post("/<version:version>/dialog/oauth/<request_id>/login")
def log_in(version: str, request_id: str) -> Response | str:
    world = current_world()
    login = _request(world, request_id)
    email, password = request.form.get("email", ""), request.form.get("password", "")
    who = oauth.account_by_email(world, email) if email.strip() and password else None
    if who is None or who.password != password:
        error = MISSING_FIELDS if not (email.strip() and password) else (
            NO_ACCOUNT if who is None else WRONG_PASSWORD)
        session.clear()
        return _render(world, version, login, error=error, email=email)
    start_session(world, who)
    return redirect(url_for(".resume", version=version, request_id=request_id), code=303)


@bp.post("/<version:version>/dialog/oauth/<request_id>/consent")
def consent(version: str, request_id: str) -> Response:
    world = current_world()
    login, who = _request(world, request_id), _who(world)
    if request.form.get("action") == "cancel":
        return redirect(oauth.denial_url(login), code=303)
    if who is not None:
        oauth.record_consent(login, who, request.form.getlist("permission"))
    return redirect(url_for(".resume", version=version, request_id=request_id), code=303)


@bp.post("/<version:version>/dialog/oauth/<request_id>/pages")
def pick_pages(version: str, request_id: str) -> Response:
    world = current_world()
    login = _request(world, request_id)
    if request.form.get("action") == "cancel":
        return redirect(oauth.denial_url(login), code=303)
    if _who(world) is None or login.step != "pages":
        return redirect(url_for(".resume", version=version, request_id=request_id), code=303)
    return redirect(oauth.issue_code(world, login, request.form.getlist("page_id")), code=303)
