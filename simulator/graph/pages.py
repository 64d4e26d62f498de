"""Pages and people: `/{page-id}/subscribed_apps` (POST/GET/DELETE), `/me/accounts`,
`/me/permissions`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from simulator import errors, policy, subscriptions
from simulator.errors import GraphError
from simulator.extension import current_world
from simulator.graph import params
from simulator.graph.routes import graph_route

bp = Blueprint("pages", __name__)


@graph_route(bp, "/<node>/subscribed_apps", methods=["POST"])
def subscribe_page(version: str | None, node: str) -> dict[str, bool]:
    world = current_world()
    fields = params.request_params(request)
    token = params.authenticate(world, request, fields)
    page = policy.page_for_node(policy.require_page_token(world, token), node)
    names = subscriptions.field_list(fields.get("subscribed_fields"))
    policy.check_subscribed_fields(world, token, page, names)
    subscriptions.subscribe_page(world, page, token.app_id, names)
    return {"success": True}


@graph_route(bp, "/<node>/subscribed_apps", methods=["GET"])
def list_page_apps(version: str | None, node: str) -> dict[str, Any]:
    world = current_world()
    token = params.authenticate(world, request)
    page = policy.page_for_node(policy.require_page_token(world, token), node, "get")
    return {"data": subscriptions.installed_apps(world, page)}


@graph_route(bp, "/<node>/subscribed_apps", methods=["DELETE"])
def unsubscribe_page(version: str | None, node: str) -> dict[str, bool]:
    world = current_world()
    token = params.authenticate(world, request)
    page = policy.page_for_node(policy.require_page_token(world, token), node, "delete")
    subscriptions.unsubscribe_page(world, page, token.app_id)
    return {"success": True}


@graph_route(bp, "/<node>/accounts", methods=["GET"])
def accounts(version: str | None, node: str) -> dict[str, Any]:
    world = current_world()
    token = params.authenticate(world, request)
    if token.kind != "user":
        raise GraphError(errors.NONEXISTING_FIELD, field="accounts", node_type="Page")
    if "pages_show_list" not in token.scopes:
        raise GraphError(errors.PERMISSIONS_ERROR)
    return subscriptions.accounts_of(world, token)


@graph_route(bp, "/<node>/permissions", methods=["GET"])
def permissions(version: str | None, node: str) -> dict[str, Any]:
    world = current_world()
    token = params.authenticate(world, request)
    if token.kind != "user":
        raise GraphError(errors.PAGE_PERMISSIONS_EDGE)
    data = [{"permission": p, "status": "granted"} for p in token.scopes]
    data += [{"permission": p, "status": "declined"} for p in token.declined]
    return {"data": data}
