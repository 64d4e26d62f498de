"""Send API: `POST /{version}/me/messages` and `POST /{version}/{page-id}/messages`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from simulator import policy, sending
from simulator.extension import current_world
from simulator.graph import params
from simulator.graph.routes import graph_route
from simulator.graph.sendspec import parse_send

bp = Blueprint("messages", __name__)


@graph_route(bp, "/<node>/messages", methods=["POST"])
def post_message(version: str | None, node: str) -> dict[str, Any]:
    world = current_world()
    req = request._get_current_object()  # one context lookup, not one per attribute read
    fields = params.request_params(req)
    token = params.authenticate(world, req, fields)
    page = policy.page_for_node(policy.require_page_token(world, token), node)
    facts = params.request_facts()  # what finish_graph_response journals
    facts["usage_page"] = page
    outgoing = parse_send(fields)
    facts["journal_psid"] = str(outgoing.recipient.get("id", "")) or None
    facts["journal_messaging_type"], facts["journal_tag"] = outgoing.messaging_type, outgoing.tag
    body, _ = sending.send(world, token, page, outgoing)
    return body
