"""The simulator's response class sends its wire headers after Werkzeug's own."""

from __future__ import annotations

from werkzeug.test import EnvironBuilder

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
