"""Handover protocol: `POST /{page}/pass_thread_control|take_thread_control|
request_thread_control|release_thread_control`, `GET /{page}/thread_owner`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, request

from simulator import errors, handover, policy
from simulator.errors import GraphError
from simulator.extension import current_world
from simulator.graph import params
from simulator.graph.routes import graph_route

bp = Blueprint("handover", __name__)


@graph_route(bp, "/<node>/<any(pass_thread_control, take_thread_control, "
                 "request_thread_control, release_thread_control):action>", methods=["POST"])
def thread_control(version: str | None, node: str, action: str) -> dict[str, bool]:
    world = current_world()
    fields = params.request_params(request)
    token = params.authenticate(world, request, fields)
    page = policy.page_for_node(policy.require_page_token(world, token), node)
    recipient = params.json_object(fields, "recipient")
    if recipient is None:
        raise GraphError(errors.PARAM_REQUIRED, name="recipient")
    g.journal_psid = str(recipient.get("id", "")) or None
    target = fields.get("target_app_id")
    handover.change_control(world, token, page, action, recipient,
                            None if target in (None, "") else str(target), fields.get("metadata"))
    return {"success": True}


@graph_route(bp, "/<node>/thread_owner", methods=["GET"])
def thread_owner(version: str | None, node: str) -> dict[str, Any]:
    world = current_world()
    token = params.authenticate(world, request)
    page = policy.page_for_node(policy.require_page_token(world, token), node, "get")
    recipient = request.args.get("recipient")
    if not recipient:
        raise GraphError(errors.PARAM_REQUIRED, name="recipient")
    return handover.owner_of(world, page, {"id": recipient})
