"""Send API bodies that are not a JSON object get Graph's (#100), whatever the JSON type."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

NOT_AN_OBJECT = [b"null", b"[1]", b"{bad", b"\xff\xfe", b"  ", b'"x"']


@pytest.mark.parametrize("content_type", ["application/json", "application/x+json"])
@pytest.mark.parametrize("body", NOT_AN_OBJECT)
def test_body_that_is_not_a_json_object(app: Flask, client: FlaskClient, body: bytes,
                                        content_type: str) -> None:
    token = app.extensions["homologa.world"].describe()["page"]["access_token"]
    reply = client.post("/v25.0/me/messages", query_string={"access_token": token},
                        data=body, content_type=content_type)
    error = reply.json["error"]
    assert (reply.status_code, error["code"], error["message"]) == (
        400, 100, "(#100) Invalid JSON in the request body")


def test_empty_json_body_reads_as_no_fields(app: Flask, client: FlaskClient) -> None:
    token = app.extensions["homologa.world"].describe()["page"]["access_token"]
    reply = client.post("/v25.0/me/messages", query_string={"access_token": token},
                        data=b"", content_type="application/json")
    assert reply.json["error"]["message"] == "(#100) The parameter recipient is required"


def test_json_with_a_utf8_bom_is_read(app: Flask, client: FlaskClient) -> None:
    token = app.extensions["homologa.world"].describe()["page"]["access_token"]
    reply = client.post("/v25.0/me/messages", query_string={"access_token": token},
                        data=b'\xef\xbb\xbf{"recipient": {"id": "1"}, "message": {"text": "oi"}}',
                        content_type="application/json")
    assert reply.json["error"]["message"] == "(#100) No matching user found"
