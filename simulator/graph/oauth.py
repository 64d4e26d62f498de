"""Facebook Login's token endpoint: `GET|POST /{version}/oauth/access_token` (code → short-lived
user token; `grant_type=fb_exchange_token` → long-lived), and taking a grant back:
`DELETE /{version}/me/permissions[/{permission}]`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, request

from simulator import errors, oauth
from simulator.errors import GraphError
from simulator.extension import current_world
from simulator.graph import params
from simulator.graph.routes import graph_route

bp = Blueprint("oauth", __name__)


@graph_route(bp, "/oauth/access_token", methods=["GET", "POST"])
def access_token(version: str | None) -> dict[str, Any]:
    world = current_world()
    fields = params.request_params(request)
    g.journal_app_id = str(fields.get("client_id") or "") or None
    if fields.get("grant_type") == "fb_exchange_token":
        token = oauth.exchange_token(world, fields)
    else:
        token = oauth.redeem_code(world, fields)
    return {"access_token": token.value, "token_type": "bearer",
            "expires_in": token.expires_at - world.clock.now_ms() // 1000}


@graph_route(bp, "/<node>/permissions", methods=["DELETE"])
def remove_app(version: str | None, node: str) -> dict[str, bool]:
    return _remove(None)


@graph_route(bp, "/<node>/permissions/<permission>", methods=["DELETE"])
def remove_permission(version: str | None, node: str, permission: str) -> dict[str, bool]:
    return _remove(permission)


def _remove(permission: str | None) -> dict[str, bool]:
    world = current_world()
    token = params.authenticate(world, request)
    if token.kind != "user":
        raise GraphError(errors.PAGE_PERMISSIONS_EDGE)
    oauth.remove_permission(world, token, permission)
    return {"success": True}
