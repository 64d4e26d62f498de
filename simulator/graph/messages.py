"""Send API: `POST /{version}/me/messages` and `POST /{version}/{page-id}/messages`."""

from __future__ import annotations

from flask import Blueprint, request

from simulator import policy
from simulator.extension import current_world
from simulator.graph import params

bp = Blueprint("messages", __name__)


@bp.post("/<version:version>/<node>/messages")
def post_message(version: str, node: str) -> dict[str, str]:
    world = current_world()
    fields = params.request_params(request)
    token = policy.resolve_token(world, params.access_token_of(request, fields))
    page = policy.page_for_node(policy.require_page_token(world, token), node)
    outgoing = params.parse_send(fields)
    account = policy.recipient_account(world, page, outgoing.recipient)
    policy.check_send(world, page, account, outgoing.messaging_type, outgoing.tag)
    psid = account.psids[page.id]
    if outgoing.sender_action is not None:
        return {"recipient_id": psid}
    message = world.page_sends(page.id, psid, outgoing.text, outgoing.attachment)
    return {"recipient_id": psid, "message_id": message.mid}
