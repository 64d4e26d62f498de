"""The webhook engine over real HTTP: every event kind, echo semantics, batching across Pages,
retries with the documented schedule, the ack deadline, the 15-minute alert and the 1-hour
unsubscription on the controllable clock. Payloads are read from what the receiver got."""

from __future__ import annotations

import json

import pytest
from meta_helpers import account, graph_post, wait_webhook, webhook_entries
from sim_actors import Receiver

from simulator.client import Control

ALL_FIELDS = ("messages,messaging_postbacks,message_deliveries,message_reads,message_echoes,"
              "message_reactions,messaging_referrals,messaging_handovers,standby")
MINUTE = 60_000


@pytest.fixture
def subscribed(control: Control, receiver: Receiver) -> Receiver:
    control.subscribe_webhook(receiver.url, fields=ALL_FIELDS)
    return receiver


@pytest.fixture
def tester(world: dict) -> dict:
    return account(world, "tester")


def events_received(receiver: Receiver) -> list[dict]:
    """Every messaging event the receiver got, in arrival order (entries flattened)."""
    out = []
    for request in receiver.requests:
        if request.method == "POST":
            for entry in json.loads(request.body)["entry"]:
                out.extend(entry.get("messaging", []) + entry.get("standby", []))
    return out


def event_with(control: Control, receiver: Receiver, key: str, event: str) -> dict:
    wait_webhook(control, event=event, outcome="delivered")
    return next(e for e in events_received(receiver) if key in e)


def test_inbound_message_event(control: Control, subscribed: Receiver, world: dict,
                               tester: dict) -> None:
    sent = control.customer_send(tester["id"], "Olá", quick_reply_payload="RED")
    event = event_with(control, subscribed, "message", "messages")
    assert event == {"sender": {"id": tester["psid"]}, "recipient": {"id": world["page"]["id"]},
                     "timestamp": sent["timestamp"],
                     "message": {"mid": sent["mid"], "text": "Olá",
                                 "quick_reply": {"payload": "RED"}}}


def test_echo_has_page_as_sender_app_id_number_and_metadata(
        base_url: str, page_token: str, control: Control, subscribed: Receiver, world: dict,
        tester: dict) -> None:
    control.customer_send(tester["id"], "Oi")
    reply = graph_post(base_url, "/me/messages", page_token, {
        "recipient": {"id": tester["psid"]}, "message": {"text": "Olá", "metadata": "ticket=7"}})
    wait_webhook(control, event="message_echoes", outcome="delivered")
    echo = next(e for e in events_received(subscribed) if e.get("message", {}).get("is_echo"))
    assert echo["sender"] == {"id": world["page"]["id"]}
    assert echo["recipient"] == {"id": tester["psid"]}
    assert echo["message"] == {"is_echo": True, "app_id": int(world["app"]["id"]),
                               "metadata": "ticket=7", "mid": reply.json()["message_id"],
                               "text": "Olá"}
    raw = next(r.body for r in subscribed.requests if b'"is_echo"' in r.body)
    assert f'"app_id":{world["app"]["id"]},'.encode() in raw  # a JSON number, not a string


def test_delivery_receipt_follows_a_page_message(base_url: str, page_token: str,
                                                 control: Control, subscribed: Receiver,
                                                 world: dict, tester: dict) -> None:
    control.customer_send(tester["id"], "Oi")
    reply = graph_post(base_url, "/me/messages", page_token, {
        "recipient": {"id": tester["psid"]}, "message": {"text": "Olá"}})
    event = event_with(control, subscribed, "delivery", "message_deliveries")
    assert event["sender"] == {"id": tester["psid"]}
    assert event["delivery"]["mids"] == [reply.json()["message_id"]]
    assert event["delivery"]["watermark"] == event["timestamp"]


def test_read_receipt_has_a_watermark(control: Control, subscribed: Receiver,
                                      tester: dict) -> None:
    read = control.customer_read(tester["id"])
    event = event_with(control, subscribed, "read", "message_reads")
    assert event["read"] == {"watermark": read["watermark"]}


def test_reaction_and_unreaction(control: Control, subscribed: Receiver, tester: dict) -> None:
    sent = control.customer_send(tester["id"], "Oi")
    control.customer_react(tester["id"], sent["mid"], "love")
    control.customer_react(tester["id"], sent["mid"], None)
    control.wait_for_journal(lambda e: e["kind"] == "webhook" and e["outcome"] == "delivered"
                             and len([x for x in events_received(subscribed)
                                      if "reaction" in x]) == 2)
    reactions = [e["reaction"] for e in events_received(subscribed) if "reaction" in e]
    assert reactions == [
        {"reaction": "love", "emoji": "\u2764\ufe0f", "action": "react", "mid": sent["mid"]},
        {"action": "unreact", "mid": sent["mid"]}]


def test_postback_with_mid_title_payload(control: Control, subscribed: Receiver,
                                         tester: dict) -> None:
    sent = control.customer_postback(tester["id"], "Começar", "GET_STARTED")
    event = event_with(control, subscribed, "postback", "messaging_postbacks")
    assert event["postback"] == {"mid": sent["mid"], "title": "Começar",
                                 "payload": "GET_STARTED"}


def test_referral_without_message(control: Control, subscribed: Receiver, tester: dict) -> None:
    control.customer_referral(tester["id"], "promo-42")
    event = event_with(control, subscribed, "referral", "messaging_referrals")
    assert event["referral"] == {"ref": "promo-42", "source": "SHORTLINK", "type": "OPEN_THREAD"}


def test_unsubscribed_field_is_not_sent(control: Control, receiver: Receiver,
                                        tester: dict) -> None:
    control.subscribe_webhook(receiver.url, fields="messages")
    control.customer_read(tester["id"])
    entry = wait_webhook(control, event="message_reads")
    assert (entry["outcome"], entry["reason"]) == (
        "not_sent", "the app's webhook subscription does not include the message_reads field")


# --- batching --------------------------------------------------------------------------------
SEED_TWO_PAGES = {"seed": 11, "pages": [{"name": "Loja A", "username": "loja_a"},
                                        {"name": "Loja B", "username": "loja_b"}],
                  "users": [{"role": "tester"}]}


def test_events_of_several_pages_share_one_post(control: Control, receiver: Receiver) -> None:
    world = control.seed(SEED_TWO_PAGES)
    control.subscribe_webhook(receiver.url, fields=ALL_FIELDS)
    control.freeze_clock()
    control.configure_app(webhook_batch_ms=1000)
    user = world["test_accounts"][0]
    for page in world["pages"]:
        control._customer(user["id"], "messages", text=f"Oi {page['name']}", page_id=page["id"])
    assert webhook_entries(control, outcome="delivered") == []
    control.advance_clock(1000)
    entry = wait_webhook(control, outcome="delivered")
    body = json.loads(entry["body"])
    assert [e["id"] for e in body["entry"]] == [p["id"] for p in world["pages"]]
    assert all(len(e["messaging"]) == 1 for e in body["entry"])
    assert all(e["time"] == e["messaging"][0]["timestamp"] for e in body["entry"])
    assert [r.method for r in receiver.requests].count("POST") == 1


def test_webhook_max_batch_caps_the_events_of_one_post(control: Control, receiver: Receiver) -> None:
    world = control.seed(SEED_TWO_PAGES)
    control.subscribe_webhook(receiver.url, fields=ALL_FIELDS)
    control.freeze_clock()
    control.configure_app(webhook_batch_ms=1000, webhook_max_batch=1)
    user = world["test_accounts"][0]
    for page in world["pages"]:
        control._customer(user["id"], "messages", text=f"Oi {page['name']}", page_id=page["id"])
    control.advance_clock(1000)
    wait_webhook(control, outcome="delivered", delivery=1)
    control.advance_clock(1000)  # what a full POST left behind waits for a window of its own
    wait_webhook(control, outcome="delivered", delivery=2)
    bodies = [json.loads(r.body) for r in receiver.requests if r.method == "POST"]
    assert [[e["id"] for e in body["entry"]] for body in bodies] == [
        [page["id"]] for page in world["pages"]]


# --- failures, retries, alert, unsubscription --------------------------------------------------
def test_failed_delivery_is_retried_with_the_same_mid(control: Control, receiver: Receiver,
                                                      tester: dict) -> None:
    control.subscribe_webhook(receiver.url)
    control.freeze_clock()
    receiver.status = 500
    sent = control.customer_send(tester["id"], "Oi")
    wait_webhook(control, attempt=3, outcome="failed")
    assert webhook_entries(control, attempt=4) == []  # the 4th waits 1 minute on the clock
    receiver.status = 200
    control.advance_clock(MINUTE)
    entry = wait_webhook(control, attempt=4)
    assert (entry["outcome"], entry["mid"]) == ("delivered", sent["mid"])
    bodies = [r.body for r in receiver.requests if r.method == "POST"]
    assert len(bodies) == 4 and len(set(bodies)) == 1  # same bytes: apps dedupe by mid


def test_retry_schedule(control: Control, receiver: Receiver, tester: dict) -> None:
    control.subscribe_webhook(receiver.url)
    start = control.freeze_clock()["now_ms"]
    receiver.status = 503
    control.customer_send(tester["id"], "Oi")
    wait_webhook(control, attempt=3)
    for minutes in (1, 5, 10):
        control.set_clock(start + minutes * MINUTE)
        wait_webhook(control, attempt={1: 4, 5: 5, 10: 6}[minutes])
    times = [e["time"] - start for e in webhook_entries(control, outcome="failed")]
    assert times == [0, 0, 0, MINUTE, 5 * MINUTE, 10 * MINUTE]


def test_alert_at_15_minutes_and_unsubscribe_at_1_hour(base_url: str, page_token: str,
                                                       control: Control, receiver: Receiver,
                                                       world: dict, tester: dict) -> None:
    control.subscribe_webhook(receiver.url)
    start = control.freeze_clock()["now_ms"]
    receiver.status = 500
    control.customer_send(tester["id"], "Oi")
    wait_webhook(control, attempt=3)
    control.set_clock(start + 14 * MINUTE)
    wait_webhook(control, attempt=4)
    assert control.journal("alert") == []
    control.set_clock(start + 15 * MINUTE)
    alert = control.wait_for_journal(lambda e: e["kind"] == "alert")
    assert (alert["alert"], alert["page_id"], alert["failing_since"]) == (
        "webhook_failing", world["page"]["id"], start)
    control.set_clock(start + 60 * MINUTE)
    disabled = control.wait_for_journal(lambda e: e.get("alert") == "webhooks_disabled")
    assert disabled["app_id"] == world["app"]["id"]
    apps = requests_get_apps(base_url, page_token)
    assert apps == []
    control.customer_send(tester["id"], "Alguém?")
    assert wait_webhook(control, outcome="not_sent")["reason"] == (
        "the app is not subscribed to the Page (subscribed_apps)")
    receiver.status = 200
    graph_post(base_url, "/me/subscribed_apps", page_token,
               params={"subscribed_fields": "messages"})
    sent = control.customer_send(tester["id"], "Voltou?")
    assert wait_webhook(control, mid=sent["mid"])["outcome"] == "delivered"


def requests_get_apps(base_url: str, token: str) -> list:
    from meta_helpers import graph_get

    return graph_get(base_url, "/me/subscribed_apps", token).json()["data"]


def test_ack_deadline_is_configurable(control: Control, receiver: Receiver,
                                      tester: dict) -> None:
    control.subscribe_webhook(receiver.url)
    control.configure_app(ack_deadline_s=0.2)
    receiver.hold_posts.clear()
    try:
        sent = control.customer_send(tester["id"], "Oi")
        entry = wait_webhook(control, mid=sent["mid"], attempt=1)
    finally:
        receiver.hold_posts.set()
    assert (entry["outcome"], entry["status"], entry["reason"]) == (
        "failed", None, "no answer within the 0.2 s ack deadline")
    # the sender hung up at the deadline: the late answer finds the connection closed
    assert receiver.wait_for_hang_up() == "/webhook"


def test_default_ack_deadline_is_5_seconds() -> None:
    import simulator

    assert simulator.create_app({}).extensions["homologa.world"].webhooks.timeout == 5.0


def test_every_attempt_is_journaled_with_status_latency_reason(control: Control,
                                                               subscribed: Receiver,
                                                               tester: dict) -> None:
    sent = control.customer_send(tester["id"], "Oi")
    entry = wait_webhook(control, mid=sent["mid"])
    assert (entry["status"], entry["outcome"], entry["reason"], entry["attempt"]) == (
        200, "delivered", None, 1)
    assert isinstance(entry["latency_ms"], float) and entry["psid"] == tester["psid"]


@pytest.mark.parametrize(("mode", "access", "outcome"), [
    ("development", "advanced", "not_sent"), ("live", "standard", "not_sent"),
    ("live", "advanced", "delivered")])
def test_public_senders_need_live_and_advanced_access(control: Control, receiver: Receiver,
                                                      world: dict, mode: str, access: str,
                                                      outcome: str) -> None:
    control.subscribe_webhook(receiver.url)
    control.configure_app(mode=mode, access={"pages_messaging": access})
    sent = control.customer_send(account(world, None)["id"], "Oi")
    assert wait_webhook(control, mid=sent["mid"])["outcome"] == outcome


def test_page_without_pages_messaging_grant_sends_no_webhooks(control: Control,
                                                              subscribed: Receiver,
                                                              tester: dict) -> None:
    control.configure_token(revoke=["pages_messaging"])
    sent = control.customer_send(tester["id"], "Oi")
    entry = wait_webhook(control, mid=sent["mid"])
    assert (entry["outcome"], entry["reason"]) == (
        "not_sent", "the Page has not granted pages_messaging to the app")
