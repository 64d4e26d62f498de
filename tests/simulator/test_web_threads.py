"""The customer's threads: escaping in server-rendered history, Instagram Direct, reactions and
seen receipts sent back as webhooks, sender actions pushed live (SSE over real HTTP)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sim_actors import Customer, Receiver

from simulator.client import Control
from simulator.world import World

SCRIPTS = ("<script>alert(1)</script>", '<img src=x onerror="alert(2)">')


def world_of(app: Flask) -> World:
    return app.extensions["homologa.world"]


def logged_in(app: Flask) -> FlaskClient:
    tester = next(a for a in world_of(app).describe()["test_accounts"] if a["role"] == "tester")
    client = app.test_client()
    client.post("/login", data={"email": tester["email"], "password": tester["password"],
                                "next": "/pagina_da_sua_empresa/"})
    return client


@pytest.mark.parametrize("channel", ["messenger", "instagram"])
def test_script_like_text_is_escaped_in_history(app: Flask, channel: str) -> None:
    world, client = world_of(app), logged_in(app)
    path = (f"/messages/t/{world.page.id}" if channel == "messenger"
            else f"/instagram/direct/t/{world.page.instagram.id}")
    for text in SCRIPTS:
        assert client.post(path, json={"text": text}).status_code == 200
    html = client.get(path).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html


def test_page_attachment_with_a_script_url_is_not_linked(app: Flask) -> None:
    world, client = world_of(app), logged_in(app)
    tester = next(a for a in world.accounts.values() if a.role == "tester")
    world.page_message(world.page, tester, "messenger", text=None, timestamp=1,
                       attachment={"type": "image", "payload": {"url": "javascript:alert(3)"}})
    html = client.get(f"/messages/t/{world.page.id}").text
    assert "javascript:" not in html and "Image attachment" in html


def test_instagram_direct_requires_login_and_names_the_account(client: FlaskClient,
                                                                app: Flask) -> None:
    ig = world_of(app).page.instagram
    reply = client.get(f"/instagram/direct/t/{ig.id}")
    assert reply.status_code == 302 and f"/instagram/{ig.username}/" in reply.headers["Location"]
    html = logged_in(app).get(f"/instagram/direct/t/{ig.id}").text
    assert f'data-testid="ig-username">{ig.username}<' in html and 'data-testid="ig-direct"' in html


def test_unknown_threads_are_404(app: Flask) -> None:
    client = logged_in(app)
    assert client.get("/messages/t/123").status_code == 404
    assert client.get("/instagram/direct/t/17841000").status_code == 404
    assert client.get("/instagram/nobody/").status_code == 404


# --- over real HTTP ------------------------------------------------------------------------
@pytest.fixture
def stream_of() -> Iterator[Callable[[Customer, str], Iterator[tuple[str, dict]]]]:
    """Opens a customer's SSE stream as (event name, data) pairs; closed after the test."""
    opened: list[requests.Response] = []

    def open_stream(customer: Customer, path: str) -> Iterator[tuple[str, dict]]:
        reply = requests.get(f"{customer.base_url}{path}/events", cookies=customer.http.cookies,
                             stream=True, timeout=(5, 20))
        opened.append(reply)
        lines = reply.iter_lines(decode_unicode=True)
        assert next(lines).startswith(":")  # subscribed

        def events() -> Iterator[tuple[str, dict]]:
            name = "message"
            for line in lines:
                if line.startswith("event: "):
                    name = line[len("event: "):]
                elif line.startswith("data: "):
                    yield name, json.loads(line[len("data: "):])
        return events()

    yield open_stream
    for reply in opened:
        reply.close()


def send_api(base_url: str, page_token: str, body: dict) -> requests.Response:
    return requests.post(f"{base_url}/v25.0/me/messages", params={"access_token": page_token},
                         json=body, timeout=10)


def test_sender_actions_reach_the_customer_live(base_url: str, page_token: str, tester: Customer,
                                                stream_of: Callable) -> None:
    events = stream_of(tester, f"/messages/t/{tester.page_id}")
    tester.send("Oi, tudo bem?")
    assert next(events)[0] == "message"
    for action in ("typing_on", "typing_off", "mark_seen"):
        reply = send_api(base_url, page_token, {"recipient": {"id": tester.account["psid"]},
                                                "sender_action": action})
        assert reply.status_code == 200, reply.text
        assert next(events) == ("sender_action", {"sender_action": action})


def test_reaction_and_seen_become_webhooks(control: Control, receiver: Receiver, base_url: str,
                                           page_token: str, tester: Customer) -> None:
    control.subscribe_webhook(receiver.url, fields="messages,message_reactions,message_reads")
    tester.send("Oi")
    sent = send_api(base_url, page_token, {"recipient": {"id": tester.account["psid"]},
                                           "message": {"text": "Olá! Como posso ajudar?"}})
    mid = sent.json()["message_id"]
    thread = f"{tester.base_url}/messages/t/{tester.page_id}"
    reacted = tester.http.post(f"{thread}/reactions", json={"mid": mid, "reaction": "love"},
                               timeout=10)
    assert reacted.json() == {"reaction": "love", "emoji": "\u2764\ufe0f", "action": "react",
                              "mid": mid}
    assert tester.http.post(f"{thread}/seen", json={}, timeout=10).status_code == 200
    events = delivered_events(control, ("message_reactions", "message_reads"))
    assert events["message_reactions"]["reaction"]["mid"] == mid
    assert "watermark" in events["message_reads"]["read"]


def delivered_events(control: Control, fields: tuple[str, ...]) -> dict[str, dict]:
    """The delivered messaging event of each field (Meta may batch them in one POST)."""
    for field in fields:
        control.wait_for_journal(lambda e, f=field: f in (e["event"] or "").split(",")
                                 and e["outcome"] == "delivered", kind="webhook")
    found: dict[str, dict] = {}
    keys = {"reaction": "message_reactions", "read": "message_reads"}
    for entry in control.journal(kind="webhook"):
        if entry["outcome"] != "delivered":
            continue
        for item in json.loads(entry["body"])["entry"]:
            for event in item["messaging"]:
                for key in keys.keys() & event.keys():
                    found.setdefault(keys[key], event)
    return found


def test_reacting_to_an_unknown_message_is_refused(tester: Customer) -> None:
    reply = tester.http.post(f"{tester.base_url}/messages/t/{tester.page_id}/reactions",
                             json={"mid": "m_nope", "reaction": "love"}, timeout=10)
    assert reply.status_code == 400 and "m_nope" in reply.json()["error"]["message"]


def test_message_from_a_user_without_role_shows_nothing_to_the_app(
        control: Control, receiver: Receiver, outsider: Customer) -> None:
    control.subscribe_webhook(receiver.url)
    mid = outsider.send("Olá, não sou testador")
    entry = control.wait_for_journal(lambda e: e["mid"] == mid, kind="webhook")
    assert entry["outcome"] == "not_sent" and "no role" in entry["reason"]
    assert not [r for r in receiver.requests if r.method == "POST"]


def test_avatars_exist_for_psids_and_igsids(client: FlaskClient, app: Flask) -> None:
    world = world_of(app)
    account = next(iter(world.accounts.values()))
    for scoped in (account.psids[world.page.id], account.igsids[world.page.instagram.id]):
        reply = client.get(f"/_sim/avatar/{scoped}.svg")
        assert (reply.status_code, reply.mimetype) == (200, "image/svg+xml")
    assert client.get("/_sim/avatar/123.svg").status_code == 404


def test_emoji_and_accents_reach_the_app_escaped_and_the_history_intact(
        control: Control, receiver: Receiver, tester: Customer) -> None:
    control.subscribe_webhook(receiver.url)
    text = "Olá, ação! 😀❤️"
    tester.send(text)
    body = receiver.wait_for_post().body
    assert b"Ol\\u00e1, a\\u00e7\\u00e3o! \\ud83d\\ude00\\u2764\\ufe0f" in body
    history = tester.http.get(f"{tester.base_url}/messages/t/{tester.page_id}", timeout=10).text
    assert f">{text}</div>" in history


@pytest.mark.parametrize("channel", ["messenger", "instagram"])
def test_composer_works_without_javascript(app: Flask, channel: str) -> None:
    world, client = world_of(app), logged_in(app)
    path = (f"/messages/t/{world.page.id}" if channel == "messenger"
            else f"/instagram/direct/t/{world.page.instagram.id}")
    reply = client.post(path, data={"text": "Enviado sem JavaScript"})
    assert (reply.status_code, reply.headers["Location"]) == (303, path)
    assert ">Enviado sem JavaScript</div>" in client.get(path).text
