"""Webhook delivery to a bare http.server: envelope, escaped unicode, both signatures."""

from __future__ import annotations

import hashlib
import hmac
import json
import re

from sim_actors import Customer, Receiver

from simulator.client import Control


def delivered(control: Control, mid: str) -> dict:
    return control.wait_for_journal(
        lambda e: e["kind"] == "webhook" and e["mid"] == mid and e["outcome"] != "handshake")


def test_sha256_signature_covers_the_raw_body(control: Control, world: dict, receiver: Receiver,
                                              tester: Customer) -> None:
    control.subscribe_webhook(receiver.url)
    tester.send("Olá, preciso de ajuda")
    post = receiver.wait_for_post()
    secret = world["app"]["secret"].encode()
    expected = hmac.new(secret, post.body, hashlib.sha256).hexdigest()
    assert post.headers["X-Hub-Signature-256"] == f"sha256={expected}"


def test_sha1_signature_is_sent_too(control: Control, world: dict, receiver: Receiver,
                                    tester: Customer) -> None:
    control.subscribe_webhook(receiver.url)
    tester.send("Olá")
    post = receiver.wait_for_post()
    expected = hmac.new(world["app"]["secret"].encode(), post.body, hashlib.sha1).hexdigest()
    assert post.headers["X-Hub-Signature"] == f"sha1={expected}"


def test_accents_are_sent_as_lowercase_escapes(control: Control, receiver: Receiver,
                                               tester: Customer) -> None:
    control.subscribe_webhook(receiver.url)
    tester.send("Olá, ação 😀")
    body = receiver.wait_for_post().body
    assert body.isascii()
    assert b"Ol\\u00e1, a\\u00e7\\u00e3o \\ud83d\\ude00" in body


def test_envelope_shape(control: Control, world: dict, receiver: Receiver,
                        tester: Customer) -> None:
    control.subscribe_webhook(receiver.url)
    mid = tester.send("Olá")
    envelope = json.loads(receiver.wait_for_post().body)
    entry = envelope["entry"][0]
    event = entry["messaging"][0]
    assert envelope["object"] == "page" and len(envelope["entry"]) == 1
    assert entry["id"] == world["page"]["id"] and len(entry["messaging"]) == 1
    assert event["sender"] == {"id": tester.account["psid"]}
    assert event["recipient"] == {"id": world["page"]["id"]}
    assert event["message"] == {"mid": mid, "text": "Olá"}
    assert re.fullmatch(r"\d{13}", str(event["timestamp"])) and entry["time"] == event["timestamp"]


def test_http_headers(control: Control, receiver: Receiver, tester: Customer) -> None:
    control.subscribe_webhook(receiver.url)
    tester.send("Oi")
    post = receiver.wait_for_post()
    assert (post.method, post.path) == ("POST", "/webhook")
    assert post.headers["Content-Type"] == "application/json"
    assert post.headers["User-Agent"] == "facebookexternalua"


def test_delivery_is_journaled_with_the_exact_body(control: Control, receiver: Receiver,
                                                   tester: Customer) -> None:
    control.subscribe_webhook(receiver.url)
    mid = tester.send("Olá")
    body = receiver.wait_for_post().body
    entry = delivered(control, mid)
    assert (entry["outcome"], entry["status"], entry["attempt"], entry["reason"]) == (
        "delivered", 200, 1, None)
    assert entry["body"].encode() == body and entry["url"] == receiver.url
    assert entry["latency_ms"] >= 0 and entry["event"] == "messages"


def test_failed_delivery_is_journaled_with_reason(control: Control, receiver: Receiver,
                                                  tester: Customer) -> None:
    control.subscribe_webhook(receiver.url)
    receiver.status = 500
    mid = tester.send("Oi")
    entry = delivered(control, mid)
    assert (entry["outcome"], entry["status"], entry["reason"]) == (
        "failed", 500, "HTTP 500 (Meta needs 200 OK)")


def test_user_without_role_gets_no_webhook(control: Control, receiver: Receiver,
                                           outsider: Customer) -> None:
    control.subscribe_webhook(receiver.url)
    mid = outsider.send("Oi")
    entry = delivered(control, mid)
    assert (entry["outcome"], entry["reason"]) == (
        "not_sent", ("the sender has no role on the app and the app lacks Advanced Access to "
                     "pages_messaging (mode development)"))
    assert [r.method for r in receiver.requests] == ["GET"]


def test_no_callback_means_not_sent(control: Control, tester: Customer) -> None:
    entry = delivered(control, tester.send("Oi"))
    assert (entry["outcome"], entry["reason"]) == (
        "not_sent", "the app has no webhook callback URL for the page object")
