"""Replies reach the customer's Messenger live: the SSE stream over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
import requests
from sim_actors import Customer


@pytest.fixture
def events_of() -> Iterator[Callable[[Customer], Iterator[str]]]:
    """Opens a customer's SSE stream; every stream is closed after the test."""
    opened: list[requests.Response] = []

    def open_stream(customer: Customer) -> Iterator[str]:
        reply = requests.get(f"{customer.base_url}/messages/t/{customer.page_id}/events",
                             cookies=customer.http.cookies, stream=True, timeout=(5, 20))
        opened.append(reply)
        assert reply.headers["Content-Type"].startswith("text/event-stream")
        return reply.iter_lines(decode_unicode=True)

    yield open_stream
    for reply in opened:
        reply.close()


def next_data(lines: Iterator[str]) -> dict:
    for line in lines:
        if line.startswith("data: "):
            return json.loads(line[len("data: "):])
    raise AssertionError("stream ended")


def test_stream_opens_with_a_comment(tester: Customer, events_of: Callable) -> None:
    assert next(events_of(tester)).startswith(":")


def test_page_reply_is_pushed_to_the_customer(base_url: str, page_token: str,
                                              tester: Customer, events_of: Callable) -> None:
    lines = events_of(tester)
    next(lines)  # the stream is subscribed once its first comment arrives
    tester.send("Oi")
    assert next_data(lines)["from"] == "customer"
    reply = requests.post(f"{base_url}/v25.0/me/messages", params={"access_token": page_token},
                          json={"recipient": {"id": tester.account["psid"]},
                                "message": {"text": "Olá, <b>Caio</b>!"}}, timeout=10)
    event = next_data(lines)
    assert (event["from"], event["mid"], event["text"]) == (
        "page", reply.json()["message_id"], "Olá, <b>Caio</b>!")
    assert isinstance(event["timestamp"], int)


def test_events_require_login(base_url: str, world: dict) -> None:
    reply = requests.get(f"{base_url}/messages/t/{world['page']['id']}/events", timeout=10)
    assert reply.status_code == 401
