"""Attachment Upload API: `POST /{version}/{page-id}/message_attachments` -> `{attachment_id}`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from simulator import errors, policy, sending
from simulator.errors import GraphError
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
    attachment = _object(message.get("attachment"), "message[attachment]")
    if attachment is not None:
        _object(attachment.get("payload"), "message[attachment][payload]")
    filedata = request.files.get("filedata")
    # one byte over the limit is enough for sending.upload_attachment to refuse it
    upload = None if filedata is None else (filedata.mimetype,
                                            filedata.read(sending.MAX_UPLOAD_BYTES + 1))
    return {"attachment_id": sending.upload_attachment(world, page, attachment, upload,
                                                       request.url_root)}


def _object(value: Any, name: str) -> dict[str, Any] | None:
    """`value` when it is a JSON object or absent; Graph's 100 for anything else."""
    if value is not None and not isinstance(value, dict):
        raise GraphError(errors.PARAM_NOT_JSON_OBJECT, name=name)
    return value
