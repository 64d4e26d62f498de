"""The webhook sender survives its own errors: an unexpected error is journaled with its kind
and reason, what was queued stays queued, and sending resumes once the cause is gone."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sim_actors import Receiver

import simulator
from simulator.world import World


@pytest.fixture
def broken_app() -> Iterator[Flask]:
    """A simulator started with a malformed batching window (configuration from the edge, read
    by the sender thread each time it looks for work)."""
    app = simulator.create_app({"TESTING": True, "WEBHOOK_BATCH_MS": "soon"})
    yield app
    app.extensions["homologa.world"].shutdown()


def _customer_sends(client: FlaskClient, world: World, receiver: Receiver, text: str) -> str:
    tester = world.describe()["test_accounts"][0]
    assert client.post(f"/v25.0/{world.app.id}/subscriptions", data={
        "object": "page", "callback_url": receiver.url, "verify_token": "t",
        "fields": "messages", "access_token": world.app.app_token}).status_code == 200
    client.post("/login", data={"email": tester["email"], "password": tester["password"]})
    return client.post(f"/messages/t/{world.page.id}", json={"text": text}).json["mid"]


def test_sender_error_is_journaled_and_the_message_still_goes(broken_app: Flask,
                                                               receiver: Receiver) -> None:
    world: World = broken_app.extensions["homologa.world"]
    client = broken_app.test_client()
    mid = _customer_sends(client, world, receiver, "Oi")

    error = world.journal.wait_for(lambda e: e["kind"] == "webhook" and e["outcome"] == "failed",
                                   timeout=5)
    assert error["reason"] == ("simulator error while delivering (choosing the next delivery):"
                               " ValueError: invalid literal for int() with base 10: 'soon';"
                               " pending events stay queued")

    assert client.post("/_sim/app", json={"webhook_batch_ms": 0}).status_code == 200
    delivered = world.journal.wait_for(
        lambda e: e.get("mid") == mid and e["outcome"] == "delivered", timeout=5)
    posted = [json.loads(r.body) for r in receiver.requests if r.method == "POST"]
    assert [m["message"]["mid"] for p in posted for e in p["entry"] for m in e["messaging"]] \
        == [mid]
    assert delivered["attempt"] == 1
