"""Signed deliveries with odd content: a clear 4xx for a body that is not Meta's JSON, and
for one bad event only that event skipped, so the others in the delivery are not lost."""

from __future__ import annotations

import json

import pytest
from desk_helpers import PAGE_ID, delivery, message_event, meta_bytes, settle, sign

from reference_app import inbox, store


def _texts(app) -> list[str]:
    with app.app_context():
        return [r["text"] for r in store.get_db().execute("SELECT text FROM messages ORDER BY id")]


def _journaled(app) -> int:
    with app.app_context():
        return store.count_rows("webhook_events")


def test_utf16_json_is_a_bad_request(app, webhook) -> None:
    raw = json.dumps(delivery(message_event("111", "m_utf16", "oi"))).encode("utf-16")
    reply = webhook.post_raw(raw, sign(raw))
    assert (reply.status_code, reply.get_json()) == (400, {"error": "body is not UTF-8 JSON"})
    assert _journaled(app) == 0


def test_a_body_over_the_size_limit_is_refused_unread(app, webhook) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1000
    raw = json.dumps(delivery(message_event("111", "m_big", "x" * 2000))).encode()
    reply = webhook.post_raw(raw, sign(raw))
    assert (reply.status_code, reply.get_json()) == (
        413, {"error": "body is over the 1000 bytes this app accepts"})
    assert _journaled(app) == 0 and _texts(app) == []


def test_an_object_that_is_not_a_name_is_not_handled(app, webhook) -> None:
    reply = webhook.post({"object": ["page"], "entry": []})
    assert (reply.status_code, reply.get_json()) == (404, {
        "error": "only object=page and object=instagram deliveries are handled"})


_BAD_EVENTS = {
    "sender is not an object": {"sender": "111", "recipient": {"id": PAGE_ID}, "timestamp": 2,
                                "message": {"mid": "m_bad", "text": "perdida"}},
    "mids is not a list": {"sender": {"id": "111"}, "recipient": {"id": PAGE_ID},
                           "timestamp": 2, "delivery": {"mids": 5, "watermark": 1}},
    "watermark beyond 64 bits": {"sender": {"id": "111"}, "recipient": {"id": PAGE_ID},
                                 "timestamp": 2, "read": {"watermark": 10 ** 30}},
}


@pytest.mark.parametrize("bad", list(_BAD_EVENTS.values()), ids=list(_BAD_EVENTS))
def test_a_malformed_event_does_not_cost_the_others(app, webhook, bad: dict) -> None:
    good = message_event("111", "m_good", "chegou", timestamp=1)  # applied first
    reply = webhook.post(delivery(bad, good))
    assert reply.status_code == 200
    assert _texts(app) == ["chegou"]
    assert _journaled(app) == 1  # the whole delivery, the bad event too, kept verbatim
    settle(app)


def test_a_timestamp_beyond_64_bits_falls_back_to_the_entry_time(app, webhook) -> None:
    event = message_event("111", "m_far", "oi", timestamp=10 ** 30)
    assert webhook.post(delivery(event)).status_code == 200
    with app.app_context():
        assert store.message_by_mid("m_far")["timestamp"] == 1767225600000
    settle(app)


def test_a_lone_surrogate_is_stored_as_a_replacement_character(app, webhook) -> None:
    raw = meta_bytes(delivery(message_event("111", "m_sur", "TEXT"))).replace(
        b"TEXT", b"a\\ud800b")
    assert webhook.post_raw(raw, sign(raw)).status_code == 200
    assert _texts(app) == ["a\ufffdb"]
    settle(app)


def test_chats_that_came_without_a_social_service_join_the_one_marked_later(app, webhook
                                                                             ) -> None:
    with app.app_context():
        service_id = store.social_service()["id"]
        store.update_service(service_id, social_entry=False)
    webhook.message("111", "m_early", "alguém aí?")
    settle(app)
    with app.app_context():
        assert store.chat_by_id(1)["service_id"] is None
        store.update_service(service_id, social_entry=True)
        assert store.chat_by_id(1)["service_id"] == service_id
        agent_id = store.agent_by_login("agente")["id"]
        store.start_session(agent_id)
        store.set_agent_status(agent_id, "operating")
        inbox.route_waiting_chats()
        assert store.chat_by_id(1)["agent_id"] == agent_id
