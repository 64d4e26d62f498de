"""`POST /_sim/conversations` refuses what it cannot seed with a 400 that says why (a channel
the simulator does not play was seeded as a thread nobody could see)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.world import World

CUSTOMER_SAYS = [{"from": "customer", "text": "Oi", "ago_ms": 1000}]


def _tester(app: Flask) -> str:
    world: World = app.extensions["homologa.world"]
    return next(a.id for a in world.accounts.values() if a.role == "tester")


@pytest.mark.parametrize(("spec", "message"), [
    ({"channel": "whatsapp"}, "channel must be one of messenger, instagram, not 'whatsapp'"),
    ({"channel": "Messenger"}, "channel must be one of messenger, instagram, not 'Messenger'"),
    ({"channel": None}, "channel must be one of messenger, instagram, not None"),
    ({"channel": ["instagram"]}, "channel must be one of messenger, instagram, not ['instagram']"),
    ({"messages": ["Oi"]}, "each message must be an object with from, text and ago_ms, not 'Oi'"),
])
def test_a_conversation_that_cannot_be_seeded_is_a_400_that_says_why(
        app: Flask, client: FlaskClient, spec: dict, message: str) -> None:
    world: World = app.extensions["homologa.world"]
    reply = client.post("/_sim/conversations",
                        json={"user_id": _tester(app), "messages": CUSTOMER_SAYS, **spec})
    assert (reply.status_code, reply.json) == (
        400, {"error": {"message": message, "type": "SimulatorError"}})
    assert all(not c.messages for c in world.conversations.values())


@pytest.mark.parametrize("channel", ["messenger", "instagram"])
def test_each_channel_is_seeded(app: Flask, client: FlaskClient, channel: str) -> None:
    reply = client.post("/_sim/conversations", json={"user_id": _tester(app), "channel": channel,
                                                     "messages": CUSTOMER_SAYS})
    assert reply.status_code == 200 and len(reply.json["messages"]) == 1
