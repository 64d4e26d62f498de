"""Desk events about one chat reach the desk in the order their payloads were read.

The worker announces a routed chat (``chat_new``) and the profile worker its customer's name
(``chat_updated``); the desk keeps the last payload of a chat. A rehearsal once showed the
fallback name for good ("chat 1 never showed the name 'Caio Sá'", no Profile API error
logged): the worker had read the chat before the name was saved and published after the
profile worker. The test holds the worker between that read and its publish until the
profile worker has finished, or is waiting for the chat-events lock.
"""

from __future__ import annotations

import json
import threading

import pytest
from desk_helpers import settle
from flask import Flask

from reference_app import events, inbox, store
from reference_app.graph_client import Profile

PSID = "10739469479012659"


class _SpyLock:
    """The app's chat-events lock, telling when a thread has to wait for it."""

    def __init__(self, lock, waiting: threading.Event) -> None:
        self._lock, self._waiting = lock, waiting

    def __enter__(self) -> None:
        if not self._lock.acquire(blocking=False):
            self._waiting.set()
            self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def _last_payload(frames: list[str], chat_id: int) -> dict:
    payloads = []
    for frame in frames:
        fields = dict(line.split(": ", 1) for line in frame.strip().splitlines())
        data = json.loads(fields["data"])
        if fields["event"] in ("chat_new", "chat_updated") and data["id"] == chat_id:
            payloads.append((fields["event"], data))
    assert payloads, frames
    return payloads[-1]


def test_the_name_saved_while_the_chat_is_announced_is_the_desks_last_word(
        app: Flask, auth, webhook, monkeypatch: pytest.MonkeyPatch) -> None:
    auth.login()
    auth.set_status("operating")
    settle(app)
    profile_done = threading.Event()  # the profile worker finished, or waits for the lock
    app.extensions["reference_app.chat_events"] = _SpyLock(
        app.extensions["reference_app.chat_events"], profile_done)
    monkeypatch.setattr(app.extensions["reference_app.graph"], "get_profile",
                        lambda psid, channel="messenger": Profile(psid, "Caio Sá"))
    refresh = inbox.refresh_profile

    def refresh_then_tell(chat_id: int) -> None:
        refresh(chat_id)
        profile_done.set()

    monkeypatch.setattr(inbox, "refresh_profile", refresh_then_tell)
    publish = events.publish

    def publish_chat_new_late(agent_id: int, event: str, data: dict) -> None:
        if event == "chat_new":  # the worker read the chat (no name yet): let the name land
            assert profile_done.wait(10), "the profile worker never ran"
        publish(agent_id, event, data)

    monkeypatch.setattr(events, "publish", publish_chat_new_late)
    with app.app_context():
        agent_id = store.agent_by_login("agente")["id"]
    broker = app.extensions["reference_app.broker"]
    desk = broker.subscribe(agent_id)
    webhook.message(PSID, "m_caio1", "Olá")
    settle(app)
    frames = []
    while not desk.empty():
        frames.append(desk.get_nowait())
    event, chat = _last_payload(frames, 1)
    assert (chat["customer_name"], chat["has_profile_name"]) == ("Caio Sá", True), (event, chat)
