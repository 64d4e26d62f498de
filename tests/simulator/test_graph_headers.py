"""Graph's response headers as they leave the app (WSGI), for answers, errors and other JSON."""

from __future__ import annotations

import json
import re

from flask import Flask, Response
from flask.testing import FlaskClient

from simulator.graph import finish_graph_response

TRACE_ID = re.compile(r"A[A-Za-z0-9_-]{10}")
REQUEST_ID = re.compile(r"A[A-Za-z0-9_-]{22}")
GRAPH_NAMES = ["Content-Type", "Content-Length", "facebook-api-version", "x-fb-trace-id",
               "x-fb-request-id", "Cache-Control", "Access-Control-Allow-Origin"]


def _tester_psid(app: Flask, client: FlaskClient) -> tuple[str, str]:
    world = app.extensions["homologa.world"]
    state = world.describe()
    tester = next(a for a in state["test_accounts"] if a["role"] == "tester")
    client.post(f"/_sim/customers/{tester['id']}/messages", json={"text": "Oi"})
    return state["page"]["access_token"], tester["psid"]


def test_send_api_answer_headers_in_order(app: Flask, client: FlaskClient) -> None:
    token, psid = _tester_psid(app, client)
    reply = client.post("/v25.0/me/messages", query_string={"access_token": token},
                        json={"recipient": {"id": psid}, "message": {"text": "Olá"}})
    names = [name for name, _ in reply.headers]
    assert names == [*GRAPH_NAMES, "x-business-use-case-usage"]
    assert reply.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert reply.headers["Content-Length"] == str(len(reply.data))
    assert reply.headers["facebook-api-version"] == "v25.0"
    assert TRACE_ID.fullmatch(reply.headers["x-fb-trace-id"])
    assert REQUEST_ID.fullmatch(reply.headers["x-fb-request-id"])
    assert reply.headers["Cache-Control"] == "private, no-cache, no-store, must-revalidate"
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    usage = json.loads(reply.headers["x-business-use-case-usage"])
    page_id = app.extensions["homologa.world"].page.id
    assert usage[page_id][0]["type"] == "messenger"


def test_error_answer_carries_graph_headers_and_its_own(client: FlaskClient) -> None:
    reply = client.post("/v25.0/me/messages", query_string={"access_token": "EAAbogus"},
                        json={"recipient": {"id": "1"}, "message": {"text": "Olá"}})
    names = [name for name, _ in reply.headers]
    assert reply.status_code == 400
    assert names == ["Content-Type", "Content-Length", "WWW-Authenticate", *GRAPH_NAMES[2:]]
    assert reply.headers["Content-Type"] == "application/json; charset=UTF-8"


def test_unversioned_and_expired_versions_are_named(client: FlaskClient) -> None:
    assert client.get("/me").headers["facebook-api-version"] == "v25.0"
    assert client.get("/v2.6/me").headers["facebook-api-version"] == "v23.0"


def test_json_answer_not_built_by_jsonify_gets_the_utf8_type(app: Flask) -> None:
    response = Response('{"ok": true}', headers={"X-Before": "1"},
                        content_type="application/json")
    with app.test_request_context("/v25.0/me"):
        app.preprocess_request()
        finish_graph_response(response)
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert [name for name, _ in response.headers].count("Content-Type") == 1


def test_other_content_types_are_kept(app: Flask) -> None:
    response = Response("plain", content_type="text/plain; charset=utf-8")
    with app.test_request_context("/v25.0/me"):
        app.preprocess_request()
        finish_graph_response(response)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["facebook-api-version"] == "v25.0"
