"""The customer's thread POSTs read a form or a JSON object; a body sent as JSON that is not
an object is a 400 that says so (a malformed one was read as an empty message, a list was a
500)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.world import World


def _logged_in(app: Flask) -> tuple[World, FlaskClient]:
    world: World = app.extensions["homologa.world"]
    tester = next(a for a in world.describe()["test_accounts"] if a["role"] == "tester")
    client = app.test_client()
    client.post("/login", data={"email": tester["email"], "password": tester["password"],
                                "next": "/pagina_da_sua_empresa/"})
    return world, client


@pytest.mark.parametrize(("path", "body", "message"), [
    ("", '{"text": "Oi"', "The request body is not valid JSON."),
    ("", '["Oi"]', "The request body must be a JSON object."),
    ("/quick_replies", "null", "The request body must be a JSON object."),
    ("/reactions", "{'mid': 'm_1'}", "The request body is not valid JSON."),
])
def test_a_thread_post_whose_json_is_not_an_object_is_a_400_that_says_so(
        app: Flask, path: str, body: str, message: str) -> None:
    world, client = _logged_in(app)
    reply = client.post(f"/messages/t/{world.page.id}{path}", data=body,
                        headers={"Content-Type": "application/json"})
    assert (reply.status_code, reply.json) == (
        400, {"error": {"message": message, "type": "SimulatorError"}})


def test_a_form_post_still_sends(app: Flask) -> None:
    world, client = _logged_in(app)
    reply = client.post(f"/messages/t/{world.page.id}", data={"text": "Oi"})
    assert reply.status_code == 303
    assert world.history(world.page.id, next(iter(world.conversations))[1])[-1].text == "Oi"
