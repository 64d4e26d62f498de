"""Profile pictures the Profile API links to: a generated SVG per PSID (initials on a colour)."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort
from markupsafe import escape

from simulator.extension import current_world

bp = Blueprint("avatar", __name__)

_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">'
        '<rect width="200" height="200" fill="{colour}"/>'
        '<text x="100" y="100" dy=".35em" text-anchor="middle" font-family="sans-serif" '
        'font-size="80" fill="#ffffff">{initials}</text></svg>')


@bp.get("/_sim/avatar/<psid>.svg")
def avatar(psid: str) -> Response:
    world = current_world()
    account = next((world.account_by_psid(p, psid) for p in world.pages
                    if world.account_by_psid(p, psid)), None)
    if account is None:
        abort(404)
    hue = int(hashlib.sha256(psid.encode()).hexdigest()[:4], 16) % 360
    initials = escape(account.first_name[:1] + account.last_name[:1])
    svg = _SVG.format(colour=f"hsl({hue}, 45%, 45%)", initials=initials)
    return Response(svg, mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})
