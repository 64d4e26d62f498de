"""The Page: `GET /{page-username}/` (or `/{page-id}/`), with the login prompt when logged out."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from simulator import policy
from simulator.extension import current_world
from simulator.web.session import current_account, is_customer, safe_next
from simulator.world import Page, World

__all__ = ["bp", "render_page", "render_unavailable"]

bp = Blueprint("page", __name__)


def render_page(world: World, page: Page, *, error: str | None = None, email: str = "",
                next_path: str | None = None) -> str | tuple[str, int]:
    """The Page as the current visitor sees it; a login error re-renders it with the form.
    An unpublished Page is Facebook's "not available" answer to anyone who does not manage it,
    and shows its managers that it is unpublished."""
    account = current_account(world)
    next_path = next_path or world.page_url(page)
    if not policy.page_visible_to(world, page, account):
        return render_unavailable(world, page, error=error, email=email, next_path=next_path)
    return render_template("page/page.html", page=page, account=account,
                           can_message=is_customer(world, account), error=error, email=email,
                           next=next_path, test_accounts=list(world.accounts.values()))


@bp.get("/<page_ref>/")
def show(page_ref: str) -> str | tuple[str, int]:
    world = current_world()
    page = world.find_page(page_ref)
    if page is None:
        abort(404)
    return render_page(world, page, next_path=safe_next(request.args.get("next"), request.path))


def render_unavailable(world: World, page: Page, *, error: str | None = None, email: str = "",
                       next_path: str = "/") -> tuple[str, int]:
    """What Facebook shows for an unpublished Page to anyone who does not manage it; logged
    out, the login form (a person who manages the Page logs in to see it)."""
    return render_template("page/unavailable.html", page=page, account=current_account(world),
                           error=error, email=email, next=next_path,
                           test_accounts=list(world.accounts.values())), 404
