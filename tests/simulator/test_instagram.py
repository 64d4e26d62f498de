"""Instagram messaging through the same host: IG account linked to the Page, IGSIDs,
`object: "instagram"` webhooks with the echo inside `messages`, `messaging_seen`, the
1000-byte text limit, 10/2534022 outside the window, Instagram profile fields."""

from __future__ import annotations

import base64
import json
import re

import pytest
from meta_helpers import account, event_in, graph_get, send_text, wait_webhook, whole_error
from sim_actors import Receiver

from simulator.client import Control

DAY = 24 * 60 * 60 * 1000


@pytest.fixture
def tester(control: Control, world: dict) -> dict:
    control.freeze_clock()
    return account(world, "tester")


@pytest.fixture
def ig_receiver(control: Control, receiver: Receiver) -> Receiver:
    control.configure_app(mode="live")  # Instagram webhooks need a Live app
    control.subscribe_webhook(receiver.url, object="instagram",
                              fields="messages,messaging_seen,message_reactions,"
                                     "messaging_postbacks")
    return receiver


def test_world_exposes_the_linked_account_and_igsids(world: dict) -> None:
    ig = world["instagram"]
    assert re.fullmatch(r"17841\d{12}", ig["id"]) and ig["page_id"] == world["page"]["id"]
    tester = account(world, "tester")
    assert re.fullmatch(r"[1-9]\d{15,16}", tester["igsid"]) and tester["igsid"] != tester["psid"]
    assert tester["instagram_username"]


def test_inbound_instagram_webhook(control: Control, ig_receiver: Receiver, world: dict,
                                   tester: dict) -> None:
    sent = control.customer_send(tester["id"], "Me interesa este", channel="instagram")
    assert base64.b64decode(sent["mid"] + "==").startswith(b"ig_message_")
    wait_webhook(control, event="messages", outcome="delivered")
    body = json.loads(ig_receiver.wait_for_post().body)
    ig = world["instagram"]["id"]
    assert body == {"object": "instagram", "entry": [{"id": ig, "time": sent["timestamp"],
                    "messaging": [{"sender": {"id": tester["igsid"]}, "recipient": {"id": ig},
                                   "timestamp": sent["timestamp"],
                                   "message": {"mid": sent["mid"],
                                               "text": "Me interesa este"}}]}]}


def test_reply_to_igsid_and_echo_inside_messages(base_url: str, page_token: str,
                                                 control: Control, ig_receiver: Receiver,
                                                 world: dict, tester: dict) -> None:
    control.customer_send(tester["id"], "Oi", channel="instagram")
    reply = send_text(base_url, page_token, tester["igsid"], "Olá!")
    assert reply.status_code == 200 and reply.json()["recipient_id"] == tester["igsid"]
    echo_entry = control.wait_for_journal(lambda e: e["kind"] == "webhook"
                                          and '"is_echo":true' in (e["body"] or ""))
    assert echo_entry["event"] == "messages"  # Instagram has no message_echoes field
    event = event_in(echo_entry, "message", "is_echo")
    assert event["sender"] == {"id": world["instagram"]["id"]}
    assert event["message"]["mid"] == reply.json()["message_id"]


def test_seen_receipt_names_the_message(base_url: str, page_token: str, control: Control,
                                        ig_receiver: Receiver, tester: dict) -> None:
    control.customer_send(tester["id"], "Oi", channel="instagram")
    mid = send_text(base_url, page_token, tester["igsid"]).json()["message_id"]
    control.customer_read(tester["id"], channel="instagram")
    entry = wait_webhook(control, event="messaging_seen", outcome="delivered")
    assert event_in(entry, "read")["read"] == {"mid": mid}


def test_instagram_text_limit_is_1000_bytes(base_url: str, page_token: str, control: Control,
                                            tester: dict) -> None:
    control.customer_send(tester["id"], "Oi", channel="instagram")
    assert send_text(base_url, page_token, tester["igsid"], "a" * 1000).status_code == 200
    reply = send_text(base_url, page_token, tester["igsid"], "é" * 501)  # 1002 bytes
    assert whole_error(reply) == (
        400, 100, None, "OAuthException",
        "(#100) Length of param message[text] must be less than or equal to 1000 bytes")


def test_outside_the_window_is_2534022(base_url: str, page_token: str, control: Control,
                                       tester: dict) -> None:
    control.customer_send(tester["id"], "Oi", channel="instagram")
    control.advance_clock(DAY + 1)
    assert whole_error(send_text(base_url, page_token, tester["igsid"])) == (
        400, 10, 2534022, "OAuthException",
        "(#10) This message is sent outside of allowed window.")


def test_messenger_window_does_not_open_instagram(base_url: str, page_token: str,
                                                  control: Control, tester: dict) -> None:
    control.customer_send(tester["id"], "Oi")  # Messenger only
    assert whole_error(send_text(base_url, page_token, tester["igsid"]))[1:3] == (10, 2534022)


def test_messages_access_off_is_2534041(base_url: str, page_token: str, control: Control,
                                        tester: dict) -> None:
    control.customer_send(tester["id"], "Oi", channel="instagram")
    control.configure_instagram(messages_access=False)
    assert whole_error(send_text(base_url, page_token, tester["igsid"])) == (
        400, 200, 2534041, "OAuthException",
        "(#200) The account owner has disabled access to instagram direct messages.")


def test_development_mode_sends_no_instagram_webhooks(control: Control, receiver: Receiver,
                                                      tester: dict) -> None:
    control.subscribe_webhook(receiver.url, object="instagram", fields="messages")
    control.customer_send(tester["id"], "Oi", channel="instagram")
    entry = wait_webhook(control, event="messages")
    assert (entry["outcome"], entry["reason"]) == ("not_sent",
                                                   "Instagram webhooks need the app to be Live")


def test_instagram_profile_fields(base_url: str, page_token: str, tester: dict) -> None:
    fields = ("name,username,profile_pic,follower_count,is_user_follow_business,"
              "is_business_follow_user,is_verified_user")
    body = graph_get(base_url, f"/{tester['igsid']}", page_token, fields=fields).json()
    assert (body["id"], body["name"], body["username"]) == (
        tester["igsid"], tester["name"], tester["instagram_username"])
    assert isinstance(body["follower_count"], int) and body["is_verified_user"] is False
    assert set(body) == set(fields.split(",")) | {"id"}


def test_messenger_only_field_on_an_igsid_is_100(base_url: str, page_token: str,
                                                 tester: dict) -> None:
    reply = graph_get(base_url, f"/{tester['igsid']}", page_token, fields="first_name")
    assert whole_error(reply) == (
        400, 100, None, "OAuthException",
        "(#100) Tried accessing nonexisting field (first_name) on node type (User)")
