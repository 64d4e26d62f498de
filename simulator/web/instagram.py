"""The Instagram professional account's profile (`/instagram/{username}/`), with the login
prompt when logged out and a Message button that opens the Direct thread."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from simulator.extension import current_world
from simulator.web.session import current_account, safe_next
from simulator.world import Page, World

__all__ = ["bp", "render_profile"]

bp = Blueprint("instagram", __name__)


def render_profile(world: World, page: Page, *, error: str | None = None, email: str = "",
                   next_path: str | None = None) -> str:
    """The profile as the current visitor sees it; a login error re-renders it with the form."""
    ig = page.instagram
    return render_template("instagram/profile.html", page=page, ig=ig,
                           account=current_account(world), error=error, email=email,
                           next=next_path or f"/instagram/{ig.username}/",
                           test_accounts=list(world.accounts.values()))


@bp.get("/instagram/<username>/")
def profile(username: str) -> str:
    world = current_world()
    page = next((p for p in world.pages.values()
                 if p.instagram is not None and p.instagram.username == username), None)
    if page is None:
        abort(404)
    return render_profile(world, page,
                          next_path=safe_next(request.args.get("next"), request.path))
