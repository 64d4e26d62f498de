"""Reading nodes: the User Profile API (`GET /{psid}`, `GET /{igsid}`), the Page and its
Instagram account (`GET /me`, `GET /{page-id}`, `GET /{ig-id}`), and the person (`/me` with a
user token)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, request

from simulator import errors, profiles
from simulator.errors import GraphError
from simulator.extension import current_world
from simulator.graph import params
from simulator.graph.routes import graph_route

bp = Blueprint("profile", __name__)


@graph_route(bp, "/<node>", methods=["GET"])
def get_node(version: str | None, node: str) -> dict[str, Any]:
    world = current_world()
    token = params.authenticate(world, request)
    fields = params.fields_of(request)
    if token.kind == "user":
        return profiles.person_node(world, token, node, fields)
    if token.kind != "page":
        raise GraphError(errors.UNSUPPORTED_GET, node=node)
    g.journal_psid = node
    return profiles.page_token_node(world, token, node, fields, url_root=request.url_root)
