"""Handover basics: pass/take/request thread control, the thread owner checked on send, user
messages in `standby` while another app owns the thread, `messaging_handovers` events."""

from __future__ import annotations

import json

import pytest
from meta_helpers import account, graph_get, graph_post, send_text, wait_webhook, whole_error
from sim_actors import Receiver

from simulator.client import Control

INBOX = "263902037430900"


@pytest.fixture
def tester(control: Control, world: dict, receiver: Receiver) -> dict:
    control.subscribe_webhook(receiver.url, fields="messages,messaging_handovers,standby")
    tester = account(world, "tester")
    sent = control.customer_send(tester["id"], "Oi")
    wait_webhook(control, mid=sent["mid"])  # delivered before the test's own events
    return tester


def handover(base_url: str, token: str, action: str, psid: str, **fields: object) -> object:
    return graph_post(base_url, f"/me/{action}", token,
                      {"recipient": {"id": psid}, **fields})


def owner(base_url: str, token: str, psid: str) -> str:
    body = graph_get(base_url, "/me/thread_owner", token, recipient=psid).json()
    return body["data"][0]["thread_owner"]["app_id"]


def handover_event(entry: dict, key: str) -> dict:
    """The event carrying `key` in a (possibly batched) delivery body."""
    events = [e["messaging"][0] for e in json.loads(entry["body"])["entry"] if "messaging" in e]
    return next(e for e in events if key in e)


def test_pass_take_round_trip(base_url: str, page_token: str, world: dict,
                              tester: dict) -> None:
    assert owner(base_url, page_token, tester["psid"]) == world["app"]["id"]
    reply = handover(base_url, page_token, "pass_thread_control", tester["psid"],
                     target_app_id=INBOX, metadata="to a human")
    assert (reply.status_code, reply.json()) == (200, {"success": True})
    assert owner(base_url, page_token, tester["psid"]) == INBOX
    assert whole_error(send_text(base_url, page_token, tester["psid"]))[1:3] == (2018300, None)
    assert handover(base_url, page_token, "take_thread_control",
                    tester["psid"]).json() == {"success": True}
    assert owner(base_url, page_token, tester["psid"]) == world["app"]["id"]
    assert send_text(base_url, page_token, tester["psid"]).status_code == 200


def test_messages_arrive_in_standby_while_another_app_owns(control: Control,
                                                           receiver: Receiver,
                                                           tester: dict) -> None:
    control.set_thread_owner(tester["id"])
    sent = control.customer_send(tester["id"], "Alô?")
    entry = wait_webhook(control, mid=sent["mid"], outcome="delivered")
    assert entry["event"] == "standby"
    body = json.loads(entry["body"])
    assert "messaging" not in body["entry"][0]
    assert body["entry"][0]["standby"][0]["message"]["mid"] == sent["mid"]


def handover_events(control: Control, key: str, count: int) -> list[dict]:
    """The first `count` delivered `messaging_handovers` events carrying `key`, in order."""
    found: dict[int, list[dict]] = {}  # seq -> events (each poll sees every entry again)

    def enough(entry: dict) -> bool:
        if entry["kind"] == "webhook" and entry["event"] == "messaging_handovers" \
                and entry["outcome"] == "delivered":
            found[entry["seq"]] = [e["messaging"][0] for e in json.loads(entry["body"])["entry"]
                                   if "messaging" in e and key in e["messaging"][0]]
        return sum(map(len, found.values())) >= count

    control.wait_for_journal(enough)
    return [event for seq in sorted(found) for event in found[seq]][:count]


def test_take_thread_control_event(base_url: str, page_token: str, control: Control,
                                   world: dict, tester: dict) -> None:
    control.set_thread_owner(tester["id"])
    handover(base_url, page_token, "take_thread_control", tester["psid"], metadata="back")
    _, event = handover_events(control, "take_thread_control", 2)
    assert event["take_thread_control"] == {"previous_owner_app_id": INBOX,
                                            "new_owner_app_id": world["app"]["id"],
                                            "metadata": "back"}


def test_request_thread_control_event(base_url: str, page_token: str, control: Control,
                                      world: dict, tester: dict) -> None:
    handover(base_url, page_token, "request_thread_control", tester["psid"], metadata="pls")
    entry = wait_webhook(control, event="messaging_handovers", outcome="delivered")
    event = handover_event(entry, "request_thread_control")
    assert event["request_thread_control"] == {"requested_owner_app_id": world["app"]["id"],
                                               "metadata": "pls"}


def test_pass_to_an_unknown_app_is_2018164(base_url: str, page_token: str,
                                           tester: dict) -> None:
    reply = handover(base_url, page_token, "pass_thread_control", tester["psid"],
                     target_app_id="999")
    assert whole_error(reply) == (400, 100, 2018164, "OAuthException", "(#100) Incorrect App ID.")


def test_passing_a_thread_you_do_not_own_is_2018300(base_url: str, page_token: str,
                                                    control: Control, tester: dict) -> None:
    control.set_thread_owner(tester["id"])
    reply = handover(base_url, page_token, "pass_thread_control", tester["psid"],
                     target_app_id=INBOX)
    assert whole_error(reply) == (
        400, 2018300, None, "OAuthException",
        "Message failed to send because another app is controlling this thread now.")


def test_the_page_inbox_taking_the_thread_sends_take_thread_control(
        control: Control, world: dict, tester: dict) -> None:
    """Scripted takeover (a person answering in Business Suite): Meta tells the app."""
    control.set_thread_owner(tester["id"], metadata="a human answers")
    (event,) = handover_events(control, "take_thread_control", 1)
    assert event["sender"] == {"id": tester["psid"]}
    assert event["recipient"] == {"id": world["page"]["id"]}
    assert event["take_thread_control"] == {"previous_owner_app_id": world["app"]["id"],
                                            "new_owner_app_id": INBOX,
                                            "metadata": "a human answers"}


def test_a_takeover_the_app_does_not_subscribe_to_is_journaled_as_not_sent(
        control: Control, world: dict, receiver: Receiver) -> None:
    control.subscribe_webhook(receiver.url, fields="messages")
    tester = account(world, "tester")
    control.set_thread_owner(tester["id"])
    entry = wait_webhook(control, event="messaging_handovers")
    assert entry["outcome"] == "not_sent" and "messaging_handovers" in entry["reason"]


def test_threads_lists_each_conversation_with_its_owner(control: Control, world: dict,
                                                        tester: dict) -> None:
    (thread,) = control.threads()
    assert thread == {"page_id": world["page"]["id"], "channel": "messenger",
                      "business_id": world["page"]["id"], "user_id": tester["psid"],
                      "thread_owner": world["app"]["id"]}
    assert control.set_thread_owner(tester["id"]) == {"thread_owner": {"app_id": INBOX}}
    assert [t["thread_owner"] for t in control.threads()] == [INBOX]


@pytest.mark.parametrize(("body", "message"), [
    ({"owner": "x"}, "unknown thread key: owner"),
    ({"channel": "sms"}, "sms"),
])
def test_a_bad_takeover_is_a_400_with_a_sentence(base_url: str, world: dict, body: dict,
                                                 message: str) -> None:
    import requests

    tester = account(world, "tester")
    reply = requests.post(f"{base_url}/_sim/threads/{tester['id']}/owner", json=body, timeout=10)
    assert reply.status_code == 400 and message in reply.json()["error"]["message"]
