"""Customer login and logout: test accounts sign in with email and password, one per session."""

from __future__ import annotations

from flask import Blueprint, redirect, request, session
from werkzeug import Response

from simulator import oauth
from simulator.extension import current_world
from simulator.web import instagram, page
from simulator.web.session import (
    check_credentials,
    current_account,
    page_for_path,
    safe_next,
    start_session,
)

__all__ = ["bp", "current_account", "safe_next"]

bp = Blueprint("auth", __name__)


@bp.post("/login")
def login() -> Response | str:
    world = current_world()
    email, password = request.form.get("email", ""), request.form.get("password", "")
    target = safe_next(request.form.get("next"), world.page_url(world.page))
    account, error = check_credentials(world, email, password)
    if account is None:
        session.clear()
        the_page = page_for_path(world, target)
        if target.startswith("/instagram/") and the_page.instagram is not None:
            return instagram.render_profile(world, the_page, error=error, email=email,
                                            next_path=target)
        return page.render_page(world, the_page, error=error, email=email, next_path=target)
    start_session(world, account)
    return redirect(target, code=303)


@bp.post("/logout")
def logout() -> Response:
    """Log out of the simulated Facebook: the person's Facebook Login sessions end too."""
    world = current_world()
    who = current_account(world)
    if who is not None:
        oauth.log_out(world, who)
    session.clear()
    return redirect(safe_next(request.form.get("next"), world.page_url(world.page)), code=303)
