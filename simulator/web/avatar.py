"""Profile pictures the Profile API links to: a generated SVG per PSID or IGSID (initials on a
colour)."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort
from markupsafe import escape

from simulator.extension import current_world
from simulator.world import TestAccount, World

bp = Blueprint("avatar", __name__)

_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">'
        '<rect width="200" height="200" fill="{colour}"/>'
        '<text x="100" y="100" dy=".35em" text-anchor="middle" font-family="sans-serif" '
        'font-size="80" fill="#ffffff">{initials}</text></svg>')


def _account_of(world: World, scoped_id: str) -> TestAccount | None:
    """The account behind a PSID of any Page or an IGSID of any Instagram account."""
    for page in world.pages.values():
        account = world.account_by_psid(page.id, scoped_id)
        if account is None and page.instagram is not None:
            account = world.account_by_igsid(page.instagram.id, scoped_id)
        if account is not None:
            return account
    return None


@bp.get("/_sim/avatar/<psid>.svg")
def avatar(psid: str) -> Response:
    account = _account_of(current_world(), psid)
    if account is None:
        abort(404)
    hue = int(hashlib.sha256(psid.encode()).hexdigest()[:4], 16) % 360
    initials = escape(account.first_name[:1] + account.last_name[:1])
    svg = _SVG.format(colour=f"hsl({hue}, 45%, 45%)", initials=initials)
    return Response(svg, mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})
