"""The Attachment Upload API refuses a malformed `message` with Graph's error, not a 500."""

from __future__ import annotations

import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.world import World


@pytest.mark.parametrize(("message", "name"), [
    ({"attachment": "image"}, "message[attachment]"),
    ({"attachment": ["image"]}, "message[attachment]"),
    ({"attachment": {"type": "image", "payload": "https://example.com/a.png"}},
     "message[attachment][payload]"),
])
def test_attachment_that_is_not_an_object(app: Flask, client: FlaskClient, message: dict,
                                          name: str) -> None:
    world: World = app.extensions["homologa.world"]
    reply = client.post(f"/v25.0/{world.page.id}/message_attachments",
                        query_string={"access_token": world.page.access_token},
                        data={"message": json.dumps(message)})
    error = reply.json["error"]
    assert (reply.status_code, error["code"], error["type"], error["message"]) == (
        400, 100, "OAuthException", f"(#100) Param {name} must be a JSON object")


def test_file_over_the_limit_is_refused(app: Flask, client: FlaskClient) -> None:
    world: World = app.extensions["homologa.world"]
    too_big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (25 * 1024 * 1024 - 7)
    reply = client.post(f"/v25.0/{world.page.id}/message_attachments",
                        query_string={"access_token": world.page.access_token},
                        data={"message": json.dumps({"attachment": {"type": "image",
                                                                    "payload": {}}}),
                              "filedata": (io.BytesIO(too_big), "big.png", "image/png")})
    error = reply.json["error"]
    assert (reply.status_code, error["code"], error["error_subcode"], error["message"]) == (
        400, 100, 2018109, "(#100) Attachment size exceeds allowable limit")
