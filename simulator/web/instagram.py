"""The Instagram professional account's profile (`/instagram/{username}/`), with the login
prompt when logged out and a Message button that opens the Direct thread."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from simulator import policy
from simulator.extension import current_world
from simulator.web.session import current_account, is_customer, safe_next
from simulator.world import Page, World

__all__ = ["bp", "render_profile"]

bp = Blueprint("instagram", __name__)


def render_profile(world: World, page: Page, *, error: str | None = None, email: str = "",
                   next_path: str | None = None) -> str | tuple[str, int]:
    """The profile as the current visitor sees it; a login error re-renders it with the form.
    The account of an unpublished Page is unavailable, as its Direct thread is, to anyone who
    does not manage the Page."""
    ig, account = page.instagram, current_account(world)
    template, status = "instagram/profile.html", 200
    if not policy.page_visible_to(world, page, account):
        template, status = "instagram/unavailable.html", 404
    return render_template(template, page=page, ig=ig, account=account,
                           can_message=is_customer(world, account), error=error, email=email,
                           next=next_path or f"/instagram/{ig.username}/",
                           test_accounts=list(world.accounts.values())), status


@bp.get("/instagram/<username>/")
def profile(username: str) -> str | tuple[str, int]:
    world = current_world()
    page = next((p for p in world.pages.values()
                 if p.instagram is not None and p.instagram.username == username), None)
    if page is None:
        abort(404)
    return render_profile(world, page,
                          next_path=safe_next(request.args.get("next"), request.path))
