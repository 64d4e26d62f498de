"""Customer login: test accounts sign in with email and password; the session remembers them."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session
from werkzeug import Response

from simulator.extension import current_world
from simulator.world import Page, TestAccount, World

bp = Blueprint("auth", __name__)

LOGIN_ERROR = ("The email or password you entered is incorrect. Check them and try again "
               "(use a test account of the simulated world).")


def current_account(world: World) -> TestAccount | None:
    """The logged-in test account, or None (also after a world reset)."""
    if session.get("generation") != world.generation:
        return None
    return world.accounts.get(session.get("account_id", ""))


def safe_next(target: str | None, default: str) -> str:
    """Only local paths: `/x`, never `//host` or `http://...`."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return default


def page_for_path(world: World, path: str) -> Page:
    """The Page a login form was shown on, from its `next` path (else the seeded Page)."""
    for candidate in world.pages.values():
        refs = (f"/{candidate.username}/", f"/{candidate.id}/", f"/messages/t/{candidate.id}")
        if any(path.startswith(ref) for ref in refs):
            return candidate
    return world.page


@bp.post("/login")
def login() -> Response | str:
    world = current_world()
    email, password = request.form.get("email", ""), request.form.get("password", "")
    target = safe_next(request.form.get("next"), world.page_url(world.page))
    account = world.account_by_email(email)
    session.clear()
    if account is None or account.password != password:
        return render_template("page/page.html", page=page_for_path(world, target),
                               account=None, error=LOGIN_ERROR, email=email, next=target)
    session.update(account_id=account.id, generation=world.generation)
    return redirect(target, code=303)


@bp.post("/logout")
def logout() -> Response:
    world = current_world()
    session.clear()
    return redirect(safe_next(request.form.get("next"), world.page_url(world.page)), code=303)
