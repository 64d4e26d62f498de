"""Webhook: handshake, signature over the exact raw bytes, commit before 200, dedupe."""

from __future__ import annotations

import json

import pytest
from desk_helpers import (
    APP_SECRET,
    PAGE_ID,
    VERIFY_TOKEN,
    delivery,
    message_event,
    meta_bytes,
    settle,
    sign,
)

from reference_app import store


def _count(app, mid=None) -> int:
    with app.app_context():
        return store.count_messages(mid)


def _chat_count(app) -> int:
    with app.app_context():
        return store.get_db().execute("SELECT COUNT(*) FROM chats").fetchone()[0]


def test_handshake_answers_the_exact_challenge(client) -> None:
    reply = client.get("/webhook", query_string={
        "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
        "hub.challenge": "1158201444"})
    assert reply.status_code == 200
    assert reply.data == b"1158201444"
    assert reply.mimetype == "text/plain"


@pytest.mark.parametrize("mode, token", [("subscribe", "wrong"), ("unsubscribe", VERIFY_TOKEN),
                                         (None, VERIFY_TOKEN), ("subscribe", None)])
def test_handshake_refuses_wrong_token_or_mode(client, mode, token) -> None:
    query = {"hub.challenge": "6736819"}
    query.update({k: v for k, v in (("hub.mode", mode), ("hub.verify_token", token)) if v})
    reply = client.get("/webhook", query_string=query)
    assert reply.status_code == 403
    assert b"6736819" not in reply.data


def test_signed_message_is_stored_before_the_ack(app, webhook) -> None:
    reply = webhook.message("5275811702471834", "m_first", "Olá, preciso de ajuda")
    assert reply.status_code == 200
    assert reply.data == b"EVENT_RECEIVED"
    assert _count(app, "m_first") == 1  # committed by the time 200 was answered
    with app.app_context():
        (chat,) = [store.chat_by_id(1)]
    assert (chat["psid"], chat["account_id"], chat["channel"]) == (
        "5275811702471834", PAGE_ID, "messenger")
    assert chat["last_message"] == "Olá, preciso de ajuda"
    settle(app)


def test_escaped_unicode_body_is_verified_over_its_exact_bytes(app, webhook) -> None:
    raw = meta_bytes(delivery(message_event("111", "m_accents", "ação äöå 😀")))
    assert b"\\u00e7" in raw and b"\\ud83d\\ude00" in raw
    assert webhook.post_raw(raw, sign(raw)).status_code == 200
    with app.app_context():
        assert store.messages_for_chat(1)[0]["text"] == "ação äöå 😀"
    settle(app)


def test_tampered_body_is_refused_and_not_stored(app, webhook) -> None:
    raw = meta_bytes(delivery(message_event("111", "m_tampered", "original")))
    signature = sign(raw)
    tampered = raw.replace(b"original", b"changed!")
    reply = webhook.post_raw(tampered, signature)
    assert reply.status_code == 403
    assert "does not match" in reply.get_json()["error"]
    assert _count(app) == 0


def test_wrong_secret_is_refused_and_not_stored(app, webhook) -> None:
    reply = webhook.post(delivery(message_event("111", "m_wrong", "hi")), secret="not-it")
    assert reply.status_code == 403
    assert _count(app) == 0 and _chat_count(app) == 0


@pytest.mark.parametrize("header", [None, "", "sha1=abc", "sha256="])
def test_missing_or_malformed_signature_is_refused(app, webhook, header) -> None:
    raw = meta_bytes(delivery(message_event("111", "m_nosig", "hi")))
    assert webhook.post_raw(raw, header).status_code == 403
    assert _count(app) == 0


def test_sha1_only_signature_is_not_enough(app, webhook) -> None:
    raw = meta_bytes(delivery(message_event("111", "m_sha1", "hi")))
    assert webhook.post_raw(raw, "sha1=" + "0" * 40).status_code == 403


def test_signed_invalid_json_is_a_bad_request(app, webhook) -> None:
    raw = b'{"object": "page", "entry": ['
    assert webhook.post_raw(raw, sign(raw)).status_code == 400
    assert webhook.post_raw(b"\xff\xfe", sign(b"\xff\xfe")).status_code == 400


def test_other_objects_are_not_found(app, webhook) -> None:
    reply = webhook.post({"object": "whatsapp_business_account", "entry": []})
    assert reply.status_code == 404
    assert _count(app) == 0


def test_duplicate_mid_is_stored_once(app, webhook) -> None:
    payload = delivery(message_event("111", "m_dup", "once"))
    assert webhook.post(payload).status_code == 200
    assert webhook.post(payload).status_code == 200  # Meta's retry
    twice_in_one = delivery(message_event("111", "m_dup2", "a"), message_event("111", "m_dup2", "a"))
    assert webhook.post(twice_in_one).status_code == 200
    assert _count(app, "m_dup") == 1 and _count(app, "m_dup2") == 1
    assert _chat_count(app) == 1
    settle(app)


def test_echo_delivery_and_read_create_no_chat(app, webhook) -> None:
    echo = {"sender": {"id": PAGE_ID}, "recipient": {"id": "111"}, "timestamp": 1,
            "message": {"is_echo": True, "app_id": 1517776481860111, "mid": "m_echo",
                        "text": "hello from the page"}}
    receipt = {"sender": {"id": "111"}, "recipient": {"id": PAGE_ID}, "timestamp": 2,
               "delivery": {"mids": ["m_echo"], "watermark": 1}}
    read = {"sender": {"id": "111"}, "recipient": {"id": PAGE_ID}, "timestamp": 3,
            "read": {"watermark": 2}}
    for event in (echo, receipt, read):
        assert webhook.post(delivery(event)).status_code == 200
    assert _chat_count(app) == 0 and _count(app) == 0


def test_attachment_without_text_is_kept_as_a_placeholder(app, webhook) -> None:
    event = {"sender": {"id": "111"}, "recipient": {"id": PAGE_ID}, "timestamp": 5,
             "message": {"mid": "m_img", "attachments": [{"type": "image", "payload": {}}]}}
    assert webhook.post(delivery(event)).status_code == 200
    with app.app_context():
        assert store.messages_for_chat(1)[0]["text"] == "[image]"
    settle(app)


def test_delivery_is_journaled_verbatim(app, webhook) -> None:
    raw = meta_bytes(delivery(message_event("111", "m_journal", "é")))
    webhook.post_raw(raw, sign(raw, APP_SECRET))
    with app.app_context():
        row = store.get_db().execute("SELECT body, new_messages FROM webhook_events").fetchone()
    assert row["body"].encode() == raw and row["new_messages"] == 1
    assert json.loads(row["body"])["object"] == "page"
    settle(app)


def _sha1(raw: bytes) -> str:
    import hashlib
    import hmac
    return "sha1=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha1).hexdigest()


def test_sha1_signature_is_accepted_only_when_configured(make_app) -> None:
    raw = meta_bytes(delivery(message_event("111", "m_sha1_ok", "hi")))
    headers = {"Content-Type": "application/json", "X-Hub-Signature": _sha1(raw)}
    strict = make_app().test_client()
    assert strict.post("/webhook", data=raw, headers=headers).status_code == 403
    lenient_app = make_app(ACCEPT_SHA1_SIGNATURE=True)
    lenient = lenient_app.test_client()
    assert lenient.post("/webhook", data=raw, headers=headers).status_code == 200
    wrong = {**headers, "X-Hub-Signature": "sha1=" + "0" * 40}
    assert lenient.post("/webhook", data=raw, headers=wrong).status_code == 403
    settle(lenient_app)


def test_an_echo_from_another_app_joins_the_open_chat_only(app, webhook) -> None:
    webhook.post(delivery(message_event("111", "m_customer", "oi", timestamp=1767225600000)))
    inbox_echo = {"sender": {"id": PAGE_ID}, "recipient": {"id": "111"}, "timestamp": 1767225601000,
                  "message": {"is_echo": True, "app_id": 263902037430900, "mid": "m_inbox",
                              "text": "answered from the Page inbox"}}
    stranger_echo = {**inbox_echo, "recipient": {"id": "222"},
                     "message": {**inbox_echo["message"], "mid": "m_stranger"}}
    for event in (inbox_echo, stranger_echo, inbox_echo):
        assert webhook.post(delivery(event)).status_code == 200
    with app.app_context():
        texts = [(m["direction"], m["text"]) for m in store.messages_for_chat(1)]
        assert store.count_rows("chats") == 1 and store.count_messages("m_stranger") == 0
    assert texts == [("in", "oi"), ("out", "answered from the Page inbox")]
    settle(app)


def test_instagram_delivery_opens_an_instagram_chat(app, webhook) -> None:
    event = message_event("1002100678724768", "aWdfZG1fMQ", "Oi!", page_id="17841400000000001")
    payload = {"object": "instagram", "entry": [{"id": "17841400000000001", "time": 1,
                                                 "messaging": [event]}]}
    assert webhook.post(payload).status_code == 200
    with app.app_context():
        chat = store.chat_by_id(1)
    assert (chat["channel"], chat["account_id"]) == ("instagram", "17841400000000001")
    assert chat["customer_name"] == "Instagram user 4768"
    settle(app)


def test_events_in_one_delivery_are_applied_in_timestamp_order(app, webhook) -> None:
    later = message_event("111", "m_later", "segunda", timestamp=1767225602000)
    earlier = message_event("111", "m_earlier", "primeira", timestamp=1767225601000)
    assert webhook.post(delivery(later, earlier)).status_code == 200
    with app.app_context():
        assert [m["text"] for m in store.messages_for_chat(1)] == ["primeira", "segunda"]
        assert store.chat_by_id(1)["last_message"] == "segunda"
    settle(app)


def test_a_read_before_the_echo_counts_once_the_echo_brings_metas_time(app, webhook) -> None:
    webhook.message("111", "m_in", "oi")
    with app.app_context():
        agent_id = store.agent_by_login("agente")["id"]
        store.save_outbound(1, agent_id, "m_out", "olá")  # stamped with the desk's clock
    read = {"sender": {"id": "111"}, "recipient": {"id": PAGE_ID}, "timestamp": 1767225605000,
            "read": {"watermark": 1767225605000}}
    echo = {"sender": {"id": PAGE_ID}, "recipient": {"id": "111"}, "timestamp": 1767225601000,
            "message": {"is_echo": True, "app_id": 1, "mid": "m_out", "text": "olá"}}
    webhook.post(delivery(read))
    with app.app_context():
        assert store.message_by_mid("m_out")["status"] == "sent"
    webhook.post(delivery(echo))
    with app.app_context():
        reply = store.message_by_mid("m_out")
    assert (reply["status"], reply["timestamp"]) == ("read", 1767225601000)
    settle(app)
