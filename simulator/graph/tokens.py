"""Token introspection: `GET /{version}/debug_token?input_token=...` with an app token."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from simulator import errors, policy
from simulator.errors import GraphError
from simulator.extension import current_world
from simulator.graph import params
from simulator.graph.routes import graph_route

bp = Blueprint("tokens", __name__)


@graph_route(bp, "/debug_token", methods=["GET"])
def debug_token(version: str | None) -> dict[str, Any]:
    world = current_world()
    caller = params.authenticate(world, request)
    if caller.kind not in ("app", "user"):
        raise GraphError(errors.DEBUG_TOKEN_APP_TOKEN)
    raw = request.args.get("input_token")
    if not raw:
        raise GraphError(errors.PARAM_REQUIRED, name="input_token")
    token = world.token(raw)
    if token is None:
        return {"data": {**errors.inner_error(190, "Invalid OAuth access token."),
                         "is_valid": False, "scopes": []}}
    try:
        policy.resolve_token(world, raw)
        problem = None
    except GraphError as exc:
        problem = errors.inner_error(exc.spec.code, exc.message, exc.spec.subcode)
    app = world.apps[token.app_id]
    data: dict[str, Any] = {
        "app_id": app.id, "type": token.kind.upper(), "application": app.name,
        "data_access_expires_at": token.issued_at + 90 * 86400,
        "expires_at": token.expires_at, "is_valid": problem is None,
        "issued_at": token.issued_at, "scopes": list(token.scopes),
        "granular_scopes": [{"scope": s, **({"target_ids": [token.page_id]} if token.page_id
                                            and s.startswith("pages_") else {})}
                            for s in token.scopes],
        "user_id": token.user_id or (world.developer.id if world.developer else None)}
    if token.page_id is not None:
        data["profile_id"] = token.page_id
    if problem is not None:
        data.update(problem)
    return {"data": data}
