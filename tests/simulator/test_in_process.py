"""The same app through the Flask test client: in-process waits on the journal's Condition."""

from __future__ import annotations

from flask import Flask
from sim_actors import Receiver

import simulator
from simulator.world import World


def test_slow_app_fails_the_ack_deadline(receiver: Receiver) -> None:
    app = simulator.create_app({"TESTING": True, "WEBHOOK_TIMEOUT": 0.3})
    world: World = app.extensions["homologa.world"]
    client, tester = app.test_client(), world.describe()["test_accounts"][0]
    assert client.post(f"/v25.0/{world.app.id}/subscriptions", data={
        "object": "page", "callback_url": receiver.url, "verify_token": "t",
        "fields": "messages", "access_token": world.app.app_token}).status_code == 200
    client.post("/login", data={"email": tester["email"], "password": tester["password"]})
    receiver.hold_posts.clear()
    mid = client.post(f"/messages/t/{world.page.id}", json={"text": "Oi"}).json["mid"]
    entry = world.journal.wait_for(lambda e: e.get("mid") == mid)
    receiver.hold_posts.set()
    world.shutdown()
    assert (entry["outcome"], entry["status"], entry["reason"]) == (
        "failed", None, "no answer within the 0.3 s ack deadline")


def test_send_answer_keeps_graph_key_order(app: Flask) -> None:
    world: World = app.extensions["homologa.world"]
    client, tester = app.test_client(), world.describe()["test_accounts"][0]
    client.post("/login", data={"email": tester["email"], "password": tester["password"]})
    client.post(f"/messages/t/{world.page.id}", json={"text": "Oi"})
    reply = client.post("/v25.0/me/messages", query_string={"access_token": world.page.access_token},
                        json={"recipient": {"id": tester["psid"]}, "message": {"text": "Olá"}})
    assert list(reply.json) == ["recipient_id", "message_id"]
    assert reply.get_data(as_text=True).startswith('{"recipient_id":')
