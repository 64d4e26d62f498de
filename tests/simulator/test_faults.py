"""Armed faults: the next N matching Graph calls fail with a catalogue error or wait on the
clock; webhook drop, duplicate, reorder, delay and timeout. Each use is consumed and journaled."""

from __future__ import annotations

import json
import threading

import pytest
import requests
from meta_helpers import account, send_text, wait_webhook, webhook_entries, whole_error
from sim_actors import Receiver

from simulator.client import Control, SimulatorControlError


@pytest.fixture
def tester(control: Control, world: dict) -> dict:
    tester = account(world, "tester")
    control.customer_send(tester["id"], "Oi")
    return tester


def test_graph_error_fault_is_used_n_times(base_url: str, page_token: str, control: Control,
                                           tester: dict) -> None:
    armed = control.arm_fault(target="graph", action="error", error="TEMPORARY_SEND_FAILURE",
                              method="POST", path=r"/messages$", times=2)
    replies = [send_text(base_url, page_token, tester["psid"]) for _ in range(3)]
    expected = (400, 1200, None, "OAuthException",
                "(#1200) Temporary send message failure. Please try again later.")
    assert [whole_error(r) for r in replies[:2]] == [expected, expected]
    assert replies[2].status_code == 200
    uses = control.journal("fault")
    assert [(u["fault_id"], u["uses_left"], u["path"]) for u in uses] == [
        (armed["id"], 1, "/v25.0/me/messages"), (armed["id"], 0, "/v25.0/me/messages")]
    assert control.faults() == []


def test_graph_fault_matches_method_and_path_only(base_url: str, page_token: str,
                                                  control: Control, tester: dict) -> None:
    control.arm_fault(action="error", error="SERVICE_UNAVAILABLE", method="GET", path="/me$")
    assert send_text(base_url, page_token, tester["psid"]).status_code == 200
    reply = requests.get(f"{base_url}/v25.0/me", params={"access_token": page_token}, timeout=10)
    assert whole_error(reply) == (400, 2, None, "OAuthException",
                                  "(#2) Service temporarily unavailable")
    assert reply.json()["error"]["is_transient"] is True


def test_graph_latency_waits_on_the_world_clock(base_url: str, page_token: str,
                                                control: Control, tester: dict) -> None:
    control.freeze_clock()
    control.arm_fault(action="latency", latency_ms=30_000, path="/messages")
    replies: list[requests.Response] = []
    caller = threading.Thread(target=lambda: replies.append(
        send_text(base_url, page_token, tester["psid"])))
    caller.start()
    control.wait_for_journal(lambda e: e["kind"] == "fault")
    assert caller.is_alive() and replies == []
    control.advance_clock(30_000)
    caller.join(timeout=10)
    assert replies[0].status_code == 200


@pytest.mark.parametrize(("fault", "message"), [
    ({"action": "error", "error": "NOT_AN_ERROR"}, ("error must name an entry of the errors "
     "catalogue, such as RATE_LIMIT or APP_RATE_LIMIT, not 'NOT_AN_ERROR'")),
    ({"target": "webhook", "action": "explode"}, ("webhook fault action must be one of drop, "
     "duplicate, reorder, delay, timeout, not 'explode'")),
    ({"action": "latency"}, "a latency fault needs latency_ms > 0"),
    ({"action": "error", "error": "RATE_LIMIT", "times": 0},
     "times must be a positive integer, not 0"),
])
def test_bad_faults_are_refused(control: Control, fault: dict, message: str) -> None:
    with pytest.raises(SimulatorControlError, match="HTTP 400") as caught:
        control.arm_fault(**fault)
    assert json.loads(str(caught.value).split(": ", 2)[2])["error"]["message"] == message


# --- webhook faults --------------------------------------------------------------------------
@pytest.fixture
def subscribed(control: Control, receiver: Receiver) -> Receiver:
    control.subscribe_webhook(receiver.url)
    return receiver


def posts(receiver: Receiver) -> list[bytes]:
    return [r.body for r in receiver.requests if r.method == "POST"]


def test_drop_is_journaled_and_not_sent(control: Control, subscribed: Receiver,
                                        world: dict) -> None:
    control.arm_fault(target="webhook", action="drop")
    sent = control.customer_send(account(world, "tester")["id"], "perdida")
    entry = wait_webhook(control, mid=sent["mid"])
    assert (entry["outcome"], entry["reason"]) == ("dropped", "fault-1: drop (armed fault)")
    follow = control.customer_send(account(world, "tester")["id"], "entregue")
    wait_webhook(control, mid=follow["mid"], outcome="delivered")
    assert len(posts(subscribed)) == 1 and sent["mid"].encode() not in posts(subscribed)[0]


def test_duplicate_sends_the_same_bytes_twice(control: Control, subscribed: Receiver,
                                              world: dict) -> None:
    control.arm_fault(target="webhook", action="duplicate")
    sent = control.customer_send(account(world, "tester")["id"], "duas vezes")
    control.wait_for_journal(lambda e: e.get("reason") == "duplicate by an armed fault")
    assert len(posts(subscribed)) == 2 and posts(subscribed)[0] == posts(subscribed)[1]
    assert [e["outcome"] for e in webhook_entries(control, mid=sent["mid"])] == [
        "delivered", "delivered"]


def test_reorder_sends_the_next_delivery_first(control: Control, subscribed: Receiver,
                                               world: dict) -> None:
    control.arm_fault(target="webhook", action="reorder")
    user = account(world, "tester")["id"]
    first = control.customer_send(user, "primeira")
    control.wait_for_journal(lambda e: e["kind"] == "fault")  # the first delivery is held
    second = control.customer_send(user, "segunda")
    control.wait_for_journal(lambda e: e.get("reason") == "reordered by an armed fault")
    mids = [json.loads(b)["entry"][0]["messaging"][0]["message"]["mid"]
            for b in posts(subscribed)]
    assert mids == [second["mid"], first["mid"]]


def test_delay_holds_the_delivery_on_the_clock(control: Control, subscribed: Receiver,
                                               world: dict) -> None:
    control.freeze_clock()
    control.arm_fault(target="webhook", action="delay", delay_ms=30_000)
    sent = control.customer_send(account(world, "tester")["id"], "atrasada")
    control.wait_for_journal(lambda e: e["kind"] == "fault")
    assert posts(subscribed) == [] and not control.webhooks()["idle"]
    control.advance_clock(30_000)
    entry = wait_webhook(control, mid=sent["mid"])
    assert (entry["outcome"], entry["reason"]) == ("delivered", "delayed by an armed fault")


def test_timeout_counts_as_failure_and_the_retry_duplicates(control: Control,
                                                           subscribed: Receiver,
                                                           world: dict) -> None:
    control.arm_fault(target="webhook", action="timeout")
    sent = control.customer_send(account(world, "tester")["id"], "sem resposta")
    retry = wait_webhook(control, mid=sent["mid"], attempt=2)
    first = webhook_entries(control, mid=sent["mid"], attempt=1)[0]
    assert (first["outcome"], first["status"], first["reason"]) == (
        "failed", 200, "no answer within the 5 s ack deadline (fault-1: timeout, armed fault)")
    assert retry["outcome"] == "delivered"
    assert len(posts(subscribed)) == 2  # the app saw it twice: it must dedupe by mid


def test_clear_faults(control: Control) -> None:
    control.arm_fault(target="webhook", action="drop", times=3)
    assert [f["times"] for f in control.faults()] == [3]
    control.clear_faults()
    assert control.faults() == []
