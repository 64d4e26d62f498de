"""`POST /{app-id}/subscriptions`: the verification handshake against a bare http.server."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from sim_actors import Receiver

from simulator.client import Control, GraphAPIError


def test_handshake_sends_literal_hub_params(control: Control, world: dict,
                                            receiver: Receiver) -> None:
    control.subscribe_webhook(receiver.url)
    query = urlsplit(receiver.requests[0].path).query
    assert re.fullmatch(r"hub\.mode=subscribe&hub\.verify_token=[^&]+&hub\.challenge=\d+", query)
    assert dict(parse_qsl(query))["hub.verify_token"] == world["app"]["verify_token"]


def test_successful_handshake_saves_callback(control: Control, receiver: Receiver) -> None:
    assert control.subscribe_webhook(receiver.url) == {"success": True}
    assert control.world()["app"]["callback_url"] == receiver.url


def test_handshake_is_journaled(control: Control, receiver: Receiver) -> None:
    control.subscribe_webhook(receiver.url)
    entry = control.journal("webhook")[-1]
    assert (entry["outcome"], entry["status"], entry["reason"]) == ("handshake", 200, None)


def test_json_answer_fails_with_2201(control: Control, receiver: Receiver) -> None:
    receiver.answer = b'{"message":"Webhook call received"}'
    with pytest.raises(GraphAPIError) as caught:
        control.subscribe_webhook(receiver.url)
    challenge = dict(parse_qsl(urlsplit(receiver.requests[0].path).query))["hub.challenge"]
    assert (caught.value.status, caught.value.code, caught.value.subcode) == (400, 2201, None)
    assert caught.value.error["message"] == (
        f'(#2201) response does not match challenge, expected value="{challenge}", '
        'received="{"message":"Webhook call received"}"')
    assert control.world()["app"]["callback_url"] is None


def test_challenge_with_trailing_newline_fails_with_2201(control: Control,
                                                        receiver: Receiver) -> None:
    receiver.suffix = b"\n"
    with pytest.raises(GraphAPIError) as caught:
        control.subscribe_webhook(receiver.url)
    assert caught.value.code == 2201


def test_forbidden_answer_fails_with_2200(control: Control, receiver: Receiver) -> None:
    receiver.status = 403
    with pytest.raises(GraphAPIError) as caught:
        control.subscribe_webhook(receiver.url)
    assert (caught.value.status, caught.value.code, caught.value.error["type"]) == (
        400, 2200, "OAuthException")
    assert caught.value.error["message"] == (
        "(#2200) Callback verification failed with the following errors: "
        "HTTP Status Code = 403; HTTP Message = Forbidden")


def test_unreachable_callback_fails_with_2200(control: Control) -> None:
    with pytest.raises(GraphAPIError) as caught:
        control.subscribe_webhook("http://127.0.0.1:9/webhook")
    assert caught.value.error["message"] == (
        "(#2200) Callback verification failed with the following errors: curl_errno = 7; "
        "curl_error = Couldn't connect to server; HTTP Status Code = 0")


def test_page_token_cannot_subscribe(base_url: str, world: dict, receiver: Receiver) -> None:
    reply = requests.post(f"{base_url}/v25.0/{world['app']['id']}/subscriptions", timeout=10,
                          data={"object": "page", "callback_url": receiver.url,
                                "verify_token": "x", "fields": "messages",
                                "access_token": world["page"]["access_token"]})
    error = reply.json()["error"]
    assert (reply.status_code, error["code"], error["message"]) == (
        400, 15, "(#15) This method must be called with an app access_token.")
    assert receiver.requests == []


def test_get_subscriptions_lists_fields(base_url: str, control: Control, world: dict,
                                        receiver: Receiver) -> None:
    control.subscribe_webhook(receiver.url, fields="messages")
    reply = requests.get(f"{base_url}/v25.0/{world['app']['id']}/subscriptions", timeout=10,
                         params={"access_token": world["app"]["app_token"]})
    assert reply.json() == {"data": [{"object": "page", "callback_url": receiver.url,
                                      "active": True,
                                      "fields": [{"name": "messages", "version": "v25.0"}]}]}
