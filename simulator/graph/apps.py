"""App-level webhook configuration: `POST`/`GET /{version}/{app-id}/subscriptions`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from simulator import errors, handshake, policy
from simulator.errors import GraphError
from simulator.extension import current_world
from simulator.graph import params
from simulator.graph.routes import graph_route
from simulator.world import Subscription

bp = Blueprint("apps", __name__)

OBJECTS = ("page", "instagram", "user", "permissions", "application")


@graph_route(bp, "/<app_id>/subscriptions", methods=["POST"])
def post_subscription(version: str | None, app_id: str) -> dict[str, Any]:
    world = current_world()
    fields = params.request_params(request)
    token = params.authenticate(world, request, fields)
    app = policy.require_app_token(world, token, app_id)
    subscription = parse_subscription(fields, version or world.graph_version)
    handshake.verify_callback(world, subscription.callback_url, subscription.verify_token)
    world.subscribe_app(app.id, subscription)
    return {"success": True}


@graph_route(bp, "/<app_id>/subscriptions", methods=["GET"])
def get_subscriptions(version: str | None, app_id: str) -> dict[str, Any]:
    world = current_world()
    token = params.authenticate(world, request)
    app = policy.require_app_token(world, token, app_id)
    with world.lock:
        data = [{"object": s.object, "callback_url": s.callback_url, "active": s.active,
                 "fields": [{"name": f, "version": s.version} for f in s.fields]}
                for s in app.subscriptions.values()]
    return {"data": data}


def parse_subscription(fields: dict[str, Any], version: str) -> Subscription:
    """object, callback_url, verify_token and fields (comma string or JSON list) are required."""
    for name in ("object", "callback_url", "verify_token", "fields"):
        if not fields.get(name):
            raise GraphError(errors.PARAM_REQUIRED, name=name)
    if fields["object"] not in OBJECTS:
        raise GraphError(errors.INVALID_PARAMETER,
                         detail=f"Param object must be one of {{{', '.join(OBJECTS)}}}")
    names = fields["fields"]
    if isinstance(names, str):
        names = names.strip("[]").replace('"', "").split(",")
    return Subscription(object=str(fields["object"]), callback_url=str(fields["callback_url"]),
                        verify_token=str(fields["verify_token"]),
                        fields=[str(n).strip() for n in names if str(n).strip()], version=version)
