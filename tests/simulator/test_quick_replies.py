"""Quick replies on the customer's side: the buttons of the Page's last message, titles
truncated after 20 characters as Messenger shows them (meta-api.md 3.2), and a tap whose
webhook carries the title as shown in `text` and the developer's payload (2.3)."""

from __future__ import annotations

import json

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from meta_helpers import account, graph_post, wait_webhook
from sim_actors import Customer, Receiver

from simulator.client import Control
from simulator.world import World

LONG = "Falar com um atendente agora"  # 28 characters
SHOWN = "Falar com um atenden"  # the first 20
REPLIES = [{"content_type": "text", "title": LONG, "payload": "AGENT"},
           {"content_type": "user_email"},  # Meta fills the customer's e-mail: no title here
           {"content_type": "text", "title": "Sim 👍", "payload": "YES"}]


def _logged_in(app: Flask) -> tuple[World, FlaskClient, str]:
    world: World = app.extensions["homologa.world"]
    tester = next(a for a in world.describe()["test_accounts"] if a["role"] == "tester")
    client = app.test_client()
    client.post("/login", data={"email": tester["email"], "password": tester["password"],
                                "next": "/pagina_da_sua_empresa/"})
    return world, client, tester["psid"]


def _page_offers(client: FlaskClient, world: World, psid: str) -> str:
    reply = client.post("/v25.0/me/messages", query_string={"access_token": world.page.access_token},
                        json={"recipient": {"id": psid}, "messaging_type": "RESPONSE",
                              "message": {"text": "Como podemos ajudar?",
                                          "quick_replies": REPLIES}})
    assert reply.status_code == 200, reply.json
    return reply.json["message_id"]


def _buttons(html: str) -> list[str]:
    return [part.split("</button>")[0] for part in html.split('data-testid="quick-reply"')[1:]]


def test_the_chat_shows_the_titles_truncated_after_20_characters(app: Flask) -> None:
    world, client, psid = _logged_in(app)
    thread = f"/messages/t/{world.page.id}"
    client.post(thread, json={"text": "Oi"})
    mid = _page_offers(client, world, psid)
    html = client.get(thread).text
    assert [b.split(">", 1)[1] for b in _buttons(html)] == [SHOWN, "Sim 👍"]
    assert f'data-mid="{mid}"' in html.split('data-testid="quick-replies"')[1].split(">")[0]
    assert 'data-quick-reply-title-chars="20"' in html


def test_a_tap_sends_the_title_as_shown_with_the_payload(app: Flask) -> None:
    world, client, psid = _logged_in(app)
    thread = f"/messages/t/{world.page.id}"
    client.post(thread, json={"text": "Oi"})
    mid = _page_offers(client, world, psid)
    reply = client.post(f"{thread}/quick_replies", json={"mid": mid, "index": 0})
    assert reply.status_code == 200 and reply.json["text"] == SHOWN
    tapped = world.history(world.page.id, psid)[-1]
    assert (tapped.mid, tapped.sender, tapped.text, tapped.extra) == (
        reply.json["mid"], "customer", SHOWN, {"quick_reply": {"payload": "AGENT"}})
    assert _buttons(client.get(thread).text) == []  # a tap takes the buttons away


@pytest.mark.parametrize("later", ["customer", "page"])
def test_buttons_the_conversation_moved_past_cannot_be_tapped(app: Flask, later: str) -> None:
    world, client, psid = _logged_in(app)
    thread = f"/messages/t/{world.page.id}"
    client.post(thread, json={"text": "Oi"})
    mid = _page_offers(client, world, psid)
    if later == "customer":
        client.post(thread, json={"text": "Prefiro escrever"})
    else:
        client.post("/v25.0/me/messages", query_string={"access_token": world.page.access_token},
                    json={"recipient": {"id": psid}, "message": {"text": "Ou escreva"}})
    reply = client.post(f"{thread}/quick_replies", json={"mid": mid, "index": 0})
    assert (reply.status_code, reply.json["error"]["message"]) == (
        409, "That quick reply is no longer offered: the conversation has moved on.")
    assert _buttons(client.get(thread).text) == []


@pytest.mark.parametrize("index", [2, -1, "x", None, True])
def test_a_tap_names_one_of_the_buttons(app: Flask, index: object) -> None:
    world, client, psid = _logged_in(app)
    thread = f"/messages/t/{world.page.id}"
    client.post(thread, json={"text": "Oi"})
    mid = _page_offers(client, world, psid)
    reply = client.post(f"{thread}/quick_replies", json={"mid": mid, "index": index})
    assert (reply.status_code, reply.json["error"]["message"]) == (
        400, f"index must be 0 to 1, not {index!r}")


def test_the_tap_webhook_carries_the_shown_title_as_text(
        base_url: str, page_token: str, control: Control, world: dict, tester: Customer,
        receiver: Receiver) -> None:
    control.subscribe_webhook(receiver.url, fields="messages")
    psid = account(world, "tester")["psid"]
    tester.send("Oi")
    sent = graph_post(base_url, "/me/messages", page_token, {
        "recipient": {"id": psid}, "message": {"text": "Escolha:", "quick_replies": REPLIES}})
    tap = tester.http.post(f"{base_url}/messages/t/{tester.page_id}/quick_replies",
                           json={"mid": sent.json()["message_id"], "index": 1}, timeout=10)
    assert tap.status_code == 200
    wait_webhook(control, event="messages", outcome="delivered", mid=tap.json()["mid"])
    events = [event for r in receiver.requests if r.method == "POST"
              for entry in json.loads(r.body)["entry"] for event in entry["messaging"]]
    assert events[-1]["message"] == {"mid": tap.json()["mid"], "text": "Sim 👍",
                                     "quick_reply": {"payload": "YES"}}


def test_instagram_direct_offers_the_same_buttons(base_url: str, control: Control,
                                                 world: dict, tester: Customer) -> None:
    path = f"/instagram/direct/t/{world['page']['instagram_id']}"
    tester.http.post(f"{base_url}{path}", json={"text": "Oi"}, timeout=10).raise_for_status()
    igsid = account(world, "tester")["igsid"]
    sent = graph_post(base_url, "/me/messages", world["page"]["access_token"], {
        "recipient": {"id": igsid}, "message": {"text": "Escolha:", "quick_replies": REPLIES}})
    assert sent.status_code == 200, sent.json()
    assert [b.split(">", 1)[1] for b in _buttons(tester.http.get(f"{base_url}{path}").text)] == [
        SHOWN, "Sim 👍"]
    tap = requests.post(f"{base_url}{path}/quick_replies", cookies=tester.http.cookies,
                        json={"mid": sent.json()["message_id"], "index": 0}, timeout=10)
    assert (tap.status_code, tap.json()["text"]) == (200, SHOWN)
