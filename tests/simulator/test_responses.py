"""The simulator's response class and JSON provider send what Flask would, and the wire headers."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder

import simulator
from simulator.responses import SimulatorResponse


def test_wire_headers_follow_werkzeugs_headers_on_the_wire() -> None:
    response = SimulatorResponse('{"ok":true}', content_type="application/json")
    response.wire_headers = [("facebook-api-version", "v25.0"), ("x-fb-trace-id", "Aabc")]
    _, status, headers = response.get_wsgi_response(EnvironBuilder().get_environ())
    assert status == "200 OK"
    assert headers == [("Content-Type", "application/json"), ("Content-Length", "11"),
                       ("facebook-api-version", "v25.0"), ("x-fb-trace-id", "Aabc")]
    assert "facebook-api-version" not in response.headers  # joined on the way out only


def test_without_wire_headers_it_is_flasks_response() -> None:
    response = SimulatorResponse("plain")
    _, _, headers = response.get_wsgi_response(EnvironBuilder().get_environ())
    assert headers == [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "5")]


def _json_pair() -> tuple[Flask, Flask]:
    app = simulator.create_app({"SEED": 1})
    plain = Flask("plain")
    plain.json.sort_keys = False
    return app, plain


BODIES = [{"recipient_id": "1234567890123456", "message_id": "m_abc"},
          {"é": "ação", "n": [1, 2.5, None, True], "d": datetime(2026, 1, 2),
           "u": uuid.UUID(int=5)}, [1, "dois"], "texto"]


@pytest.mark.parametrize("body", BODIES)
def test_json_answers_are_the_bytes_flask_sends(body: object) -> None:
    app, plain = _json_pair()
    with app.app_context(), plain.app_context():
        assert app.json.response(body).get_data() == plain.json.response(body).get_data()
        app.json.sort_keys = plain.json.sort_keys = True  # an option changed: a new encoder
        assert app.json.response(body).get_data() == plain.json.response(body).get_data()


def test_indented_json_answers_are_flasks_too() -> None:
    app, plain = _json_pair()
    app.debug = plain.debug = True
    with app.app_context(), plain.app_context():
        assert app.json.response(BODIES[1]).get_data() == plain.json.response(BODIES[1]).get_data()
