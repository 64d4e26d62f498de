"""The Page: `GET /{page-username}/` (or `/{page-id}/`), with the login prompt when logged out."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from simulator.extension import current_world
from simulator.web.session import current_account, safe_next
from simulator.world import Page, World

__all__ = ["bp", "render_page"]

bp = Blueprint("page", __name__)


def render_page(world: World, page: Page, *, error: str | None = None, email: str = "",
                next_path: str | None = None) -> str:
    """The Page as the current visitor sees it; a login error re-renders it with the form."""
    return render_template("page/page.html", page=page, account=current_account(world),
                           error=error, email=email, next=next_path or world.page_url(page),
                           test_accounts=list(world.accounts.values()))


@bp.get("/<page_ref>/")
def show(page_ref: str) -> str:
    world = current_world()
    page = world.find_page(page_ref)
    if page is None:
        abort(404)
    return render_page(world, page, next_path=safe_next(request.args.get("next"), request.path))
