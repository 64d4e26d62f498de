"""Attachment Upload API: `POST /{version}/{page-id}/message_attachments` -> `{attachment_id}`."""

from __future__ import annotations

from flask import Blueprint, request

from simulator import policy, sending
from simulator.extension import current_world
from simulator.graph import params
from simulator.graph.routes import graph_route

bp = Blueprint("attachments", __name__)


@graph_route(bp, "/<node>/message_attachments", methods=["POST"])
def upload(version: str | None, node: str) -> dict[str, str]:
    world = current_world()
    fields = params.request_params(request)
    token = params.authenticate(world, request, fields)
    page = policy.page_for_node(policy.require_page_token(world, token), node)
    message = params.json_object(fields, "message") or {}
    filedata = request.files.get("filedata")
    upload = None if filedata is None else (filedata.mimetype, filedata.read())
    return {"attachment_id": sending.upload_attachment(world, page, message.get("attachment"),
                                                       upload, request.url_root)}
