"""The Page: `GET /{page-username}/` (or `/{page-id}/`), with the login prompt when logged out."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from simulator.extension import current_world
from simulator.web.auth import current_account, safe_next

bp = Blueprint("page", __name__)


@bp.get("/<page_ref>/")
def show(page_ref: str) -> str:
    world = current_world()
    page = world.find_page(page_ref)
    if page is None:
        abort(404)
    target = safe_next(request.args.get("next"), request.path)
    return render_template("page/page.html", page=page, account=current_account(world),
                           error=None, email="", next=target)
