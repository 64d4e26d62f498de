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


def _upload(client: FlaskClient, world: World, kind: str, data: bytes, declared: str) -> str:
    reply = client.post(f"/v25.0/{world.page.id}/message_attachments",
                        query_string={"access_token": world.page.access_token},
                        data={"message": json.dumps({"attachment": {"type": kind,
                                                                    "payload": {}}}),
                              "filedata": (io.BytesIO(data), "upload.bin", declared)})
    assert reply.status_code == 200, reply.json
    return reply.json["attachment_id"]


@pytest.mark.parametrize(("kind", "declared", "served"), [
    ("image", "image/png", "image/png"),
    ("video", "video/mp4", "video/mp4"),
    ("file", "application/pdf", "application/pdf"),
    ("file", "text/html", "application/octet-stream"),
    ("image", "image/svg+xml", "application/octet-stream"),
    ("image", "application/javascript", "application/octet-stream"),
    ("image", "video/mp4", "application/octet-stream"),  # not a type of its kind
    ("audio", "", "application/octet-stream"),
])
def test_an_uploaded_file_is_served_as_a_media_type_of_its_kind_never_sniffed(
        app: Flask, client: FlaskClient, kind: str, declared: str, served: str) -> None:
    world: World = app.extensions["homologa.world"]
    data = b"<html><script>alert(document.cookie)</script></html>"
    attachment_id = _upload(client, world, kind, data, declared)
    reply = client.get(f"/_sim/attachments/{attachment_id}")
    assert (reply.status_code, reply.data, reply.mimetype) == (200, data, served)
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in reply.headers["Content-Security-Policy"]
