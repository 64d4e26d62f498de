"""Token introspection: `GET /{version}/debug_token?input_token=...` with an app token."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from simulator import errors, policy
from simulator.errors import GraphError
from simulator.extension import current_world
from simulator.graph import params
from simulator.graph.routes import graph_route
from simulator.models import Token
from simulator.world import World

bp = Blueprint("tokens", __name__)

DATA_ACCESS_SECONDS = 90 * 86400


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
    problem = _token_problem(world, raw)
    return {"data": {**_describe_token(world, token, is_valid=problem is None),
                     **(problem or {})}}


def _token_problem(world: World, raw: str) -> dict[str, Any] | None:
    """The inner error debug_token shows for a known token that policy refuses, or None."""
    try:
        policy.resolve_token(world, raw)
    except GraphError as exc:
        return errors.inner_error(exc.spec.code, exc.message, exc.spec.subcode)
    return None


def _describe_token(world: World, token: Token, *, is_valid: bool) -> dict[str, Any]:
    """What debug_token says about a known token, valid or not."""
    app = world.apps[token.app_id]
    data: dict[str, Any] = {
        "app_id": app.id, "type": token.kind.upper(), "application": app.name,
        "data_access_expires_at": token.issued_at + DATA_ACCESS_SECONDS,
        "expires_at": token.expires_at, "is_valid": is_valid,
        "issued_at": token.issued_at, "scopes": list(token.scopes),
        "granular_scopes": _granular_scopes(token),
        "user_id": token.user_id or (world.developer.id if world.developer else None)}
    if token.page_id is not None:
        data["profile_id"] = token.page_id
    return data


def _granular_scopes(token: Token) -> list[dict[str, Any]]:
    """Each scope, with the token's Page as target for the `pages_*` ones."""
    return [{"scope": scope,
             **({"target_ids": [token.page_id]}
                if token.page_id and scope.startswith("pages_") else {})}
            for scope in token.scopes]
