"""Reading Meta's payloads into events: every kind the desk acts on, and what it skips."""

from __future__ import annotations

import sqlite3

import pytest
from desk_helpers import PAGE_ID, delivery, message_event, settle

from reference_app import create_app, store
from reference_app.meta_events import CustomerMessage, Echo, Receipt, Unsend, parse_delivery

IG = "17841400000000001"


def _ig(*events: dict) -> dict:
    return {"object": "instagram", "entry": [{"id": IG, "time": 1, "messaging": list(events)}]}


def test_every_kind_of_event_is_read() -> None:
    postback = {"sender": {"id": "111"}, "recipient": {"id": PAGE_ID}, "timestamp": 3,
                "postback": {"mid": "m_pb", "title": "Falar com atendente", "payload": "AGENT"}}
    receipt = {"sender": {"id": "111"}, "recipient": {"id": PAGE_ID}, "timestamp": 2,
               "delivery": {"watermark": 2}}
    reaction = {"sender": {"id": "111"}, "recipient": {"id": PAGE_ID}, "timestamp": 4,
                "reaction": {"mid": "m_x", "action": "react", "reaction": "love"}}
    events = parse_delivery(delivery(postback, receipt, reaction,
                                     message_event("111", "m_1", "oi", timestamp=1)))
    assert events == [
        CustomerMessage("messenger", PAGE_ID, "111", "m_1", "oi", 1),
        Receipt("messenger", PAGE_ID, "111", "delivered", (), 2, 2),
        CustomerMessage("messenger", PAGE_ID, "111", "m_pb", "Falar com atendente", 3)]


def test_instagram_echo_seen_and_unsend() -> None:
    echo = {"sender": {"id": IG}, "recipient": {"id": "999"}, "timestamp": 1,
            "message": {"mid": "ig_1", "text": "olá", "is_echo": True}}
    seen = {"sender": {"id": "999"}, "recipient": {"id": IG}, "timestamp": 2,
            "read": {"mid": "ig_1"}}
    unsend = {"sender": {"id": "999"}, "recipient": {"id": IG}, "timestamp": 3,
              "message": {"mid": "ig_0", "is_deleted": True}}
    assert parse_delivery(_ig(unsend, seen, echo)) == [
        Echo("instagram", IG, "999", "ig_1", "olá", 1),
        Receipt("instagram", IG, "999", "read", ("ig_1",), None, 2),
        Unsend("instagram", IG, "999", "ig_0", 3)]


def test_an_unsent_instagram_message_is_replaced_on_the_desk(app, webhook) -> None:
    event = message_event("999", "ig_0", "mensagem errada", page_id=IG)
    webhook.post(_ig(event))
    webhook.post(_ig({"sender": {"id": "999"}, "recipient": {"id": IG}, "timestamp": 5,
                      "message": {"mid": "ig_0", "is_deleted": True}}))
    with app.app_context():
        assert store.message_by_mid("ig_0")["text"] == "[message removed by the customer]"
    settle(app)


def test_an_older_database_asks_for_init_db(tmp_path) -> None:
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(old) as db:
        db.execute("CREATE TABLE agents (id INTEGER PRIMARY KEY)")
    with pytest.raises(RuntimeError, match="init-db"):
        create_app({"DATABASE": str(old), "REQUIRE_SECRETS": False})
