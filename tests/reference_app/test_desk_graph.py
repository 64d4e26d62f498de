"""Replies and profiles through a fake Graph API served over real HTTP.

The fake is a small Flask app in this module (served by ``homologa.servers.start``): it
records every request and answers Meta-shaped bodies or errors set by the test.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from desk_helpers import PAGE_TOKEN, settle, wait_for
from flask import Flask, jsonify, request

from homologa import servers
from reference_app import store
from reference_app.graph_client import GraphApiError, GraphClient

PSID = "5275811702471834"
CLOSED_PORT = "http://127.0.0.1:1"


class FakeGraph:
    """Records requests; answers Send/Profile like Graph, or the error armed by a test."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.send_error: tuple[int, dict[str, Any]] | None = None
        self.profile_error: tuple[int, dict[str, Any]] | None = None
        self.queued_errors: list[tuple[int, dict[str, Any] | str]] = []  # next calls, in order
        self.release = threading.Event()  # cleared: sends wait for it (a slow Graph)
        self.release.set()
        self.profiles = {PSID: {"first_name": "Maria", "last_name": "Souza",
                                "name": "Maria Souza", "profile_pic": "https://pic/x.jpg"}}
        self._lock = threading.Lock()
        self.app = self._build()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
        self.send_error = self.profile_error = None
        self.queued_errors.clear()
        self.release.set()

    def _record(self) -> None:
        with self._lock:
            self.requests.append({"method": request.method, "path": request.path,
                                  "args": request.args.to_dict(),
                                  "json": request.get_json(silent=True)})

    def _build(self) -> Flask:
        app = Flask("fake_graph")

        @app.post("/<version>/me/messages")
        def send(version: str) -> Any:
            self._record()
            self.release.wait(timeout=10)
            if self.queued_errors:
                status, body = self.queued_errors.pop(0)
                return (jsonify(body), status) if isinstance(body, dict) else (body, status)
            if self.send_error:
                return jsonify(self.send_error[1]), self.send_error[0]
            recipient = request.get_json()["recipient"]["id"]
            return {"recipient_id": recipient, "message_id": f"m_sent{len(self.requests)}"}

        @app.get("/<version>/<psid>")
        def profile(version: str, psid: str) -> Any:
            self._record()
            if self.profile_error:
                return jsonify(self.profile_error[1]), self.profile_error[0]
            return {**self.profiles.get(psid, {}), "id": psid}

        return app


def graph_error(code: int, message: str, subcode: int | None = None,
                error_type: str = "OAuthException") -> dict[str, Any]:
    error = {"message": message, "type": error_type, "code": code,
             "fbtrace_id": "AxIIVeNpuf3y2jeXdufRcEX"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


@pytest.fixture(scope="module")
def fake_graph_server() -> Iterator[tuple[FakeGraph, str]]:
    fake = FakeGraph()
    server = servers.start(fake.app, port=0)
    yield fake, server.url
    server.stop()


@pytest.fixture
def graph(fake_graph_server) -> FakeGraph:
    fake = fake_graph_server[0]
    fake.reset()
    return fake


@pytest.fixture
def app(make_app, fake_graph_server) -> Flask:
    return make_app(GRAPH_URL=fake_graph_server[1])


@pytest.fixture
def open_chat(app, client, auth, webhook, graph) -> int:
    """A chat routed to the logged-in Operating agent, with its profile fetched."""
    auth.login()
    auth.set_status("operating")
    settle(app)
    webhook.message(PSID, "m_customer1", "Olá, preciso de ajuda")
    settle(app)
    (chat,) = auth.chats()
    return chat["id"]


def test_reply_goes_through_the_send_api_with_the_page_token(app, client, auth, graph,
                                                             open_chat) -> None:
    reply = client.post(f"/interact_multiagent/chats/{open_chat}/reply",
                        json={"text": "Bom dia! Como posso ajudar?"})
    assert reply.status_code == 200, reply.get_json()
    message = reply.get_json()["message"]
    assert message["direction"] == "out" and message["mid"].startswith("m_sent")
    (sent,) = [r for r in graph.requests if r["method"] == "POST"]
    assert sent["path"] == "/v25.0/me/messages"
    assert sent["args"] == {"access_token": PAGE_TOKEN}
    assert sent["json"] == {"recipient": {"id": PSID}, "messaging_type": "RESPONSE",
                            "message": {"text": "Bom dia! Como posso ajudar?"}}
    with app.app_context():
        assert store.count_messages(message["mid"]) == 1
    (chat,) = auth.chats()
    assert [m["direction"] for m in chat["messages"]] == ["in", "out"]


def test_closed_window_is_explained_in_plain_words(app, client, graph, open_chat) -> None:
    graph.send_error = (400, graph_error(
        10, "(#10) This message is sent outside of allowed window. Learn more about the new"
        " policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview",
        2018278))
    reply = client.post(f"/interact_multiagent/chats/{open_chat}/reply", json={"text": "oi"})
    assert reply.status_code == 422
    body = reply.get_json()
    assert body["ok"] is False and (body["code"], body["subcode"]) == (10, 2018278)
    assert "24-hour window" in body["error"]
    with app.app_context():
        assert store.count_messages() == 1  # only the customer's message


def test_reply_validation(client, graph, open_chat) -> None:
    url = f"/interact_multiagent/chats/{open_chat}/reply"
    assert client.post(url, json={"text": "   "}).status_code == 400
    too_long = client.post(url, json={"text": "x" * 2001})
    assert too_long.status_code == 400 and "2000" in too_long.get_json()["error"]
    assert client.post("/interact_multiagent/chats/999/reply",
                       json={"text": "hi"}).status_code == 404
    assert not [r for r in graph.requests if r["method"] == "POST"]


def test_profile_name_replaces_the_fallback(app, auth, graph, open_chat) -> None:
    (chat,) = auth.chats()
    assert chat["customer_name"] == "Maria Souza" and chat["has_profile_name"]
    (asked,) = [r for r in graph.requests if r["method"] == "GET"]
    assert asked["path"] == f"/v25.0/{PSID}"
    assert asked["args"] == {"fields": "first_name,last_name,name,profile_pic",
                             "access_token": PAGE_TOKEN}


def test_refused_profile_keeps_the_fallback_name(app, auth, webhook, graph) -> None:
    graph.profile_error = (400, graph_error(
        100, "Unsupported get request. Object with ID '5275811702471834' does not exist,"
        " cannot be loaded due to missing permissions, or does not support this operation.",
        33, "GraphMethodException"))
    auth.login()
    auth.set_status("operating")
    webhook.message(PSID, "m_noprofile", "oi")
    settle(app)
    (chat,) = auth.chats()
    assert chat["customer_name"] == "Facebook user 1834" and not chat["has_profile_name"]
    webhook.message(PSID, "m_noprofile2", "oi de novo")
    settle(app)
    assert len([r for r in graph.requests if r["method"] == "GET"]) == 1  # not asked again


def test_chat_waits_in_the_queue_until_the_agent_is_operating(app, auth, webhook,
                                                              graph) -> None:
    auth.login()
    webhook.message(PSID, "m_queued", "alguém aí?")
    settle(app)
    assert auth.chats() == []
    with app.app_context():
        assert store.chat_by_id(1)["state"] == "queued"
    auth.set_status("operating")
    chats = wait_for(auth.chats, what="the queued chat to be routed")
    assert chats[0]["customer_name"] == "Maria Souza"
    assert [m["mid"] for m in chats[0]["messages"]] == ["m_queued"]


@pytest.mark.parametrize("code, subcode, words", [
    (10, 2018278, "24-hour window"),
    (551, None, "isn't available"),
    (10, 2018108, "isn't available"),
    (10, 2018028, "admin, developer or tester"),
    (200, None, "permission"),
    (230, None, "permission"),
    (10, None, "permission"),
    (190, None, "token"),
])
def test_graph_errors_map_to_plain_words(graph, fake_graph_server, code, subcode,
                                         words) -> None:
    graph.send_error = (400, graph_error(code, f"(#{code}) raw message", subcode))
    client = GraphClient(fake_graph_server[1], "v25.0", PAGE_TOKEN, timeout=5.0)
    with pytest.raises(GraphApiError) as caught:
        client.send_text(PSID, "hi")
    client.close()
    assert (caught.value.code, caught.value.subcode) == (code, subcode)
    assert caught.value.message == f"(#{code}) raw message"
    assert words in caught.value.plain


def test_unreachable_graph_is_an_error_too() -> None:
    client = GraphClient("http://127.0.0.1:1", "v25.0", PAGE_TOKEN, timeout=5.0, backoff=0.001)
    with pytest.raises(GraphApiError) as caught:
        client.get_profile(PSID)
    assert caught.value.code is None and caught.value.transient
    assert "could not be reached" in caught.value.plain


def _client(url: str, **options: Any) -> GraphClient:
    return GraphClient(url, "v25.0", PAGE_TOKEN, **{"timeout": 5.0, "backoff": 0.001, **options})


def test_http_5xx_and_transient_codes_are_retried(graph, fake_graph_server) -> None:
    graph.queued_errors = [(502, "<html>Bad Gateway</html>"),
                           (400, graph_error(613, "(#613) Calls to this api have exceeded"))]
    client = _client(fake_graph_server[1])
    assert client.send_text(PSID, "oi").startswith("m_sent")
    client.close()
    assert len([r for r in graph.requests if r["method"] == "POST"]) == 3


def test_retries_stop_after_the_configured_number(graph, fake_graph_server) -> None:
    graph.send_error = (500, graph_error(2, "(#2) Service temporarily unavailable"))
    client = _client(fake_graph_server[1], retries=2)
    with pytest.raises(GraphApiError) as caught:
        client.send_text(PSID, "oi")
    client.close()
    assert caught.value.attempts == 3 and caught.value.transient
    assert len([r for r in graph.requests if r["method"] == "POST"]) == 3


def test_a_send_whose_answer_timed_out_is_not_sent_again(graph, fake_graph_server) -> None:
    graph.release.clear()  # Graph got the message but answers too late
    client = _client(fake_graph_server[1], timeout=(5.0, 0.2))
    with pytest.raises(GraphApiError) as caught:
        client.send_text(PSID, "oi")
    graph.release.set()
    client.close()
    assert "ReadTimeout" in caught.value.message and caught.value.attempts == 1
    assert len([r for r in graph.requests if r["method"] == "POST"]) == 1


def test_a_connection_never_opened_is_retried(graph) -> None:
    client = _client(CLOSED_PORT, retries=2)
    with pytest.raises(GraphApiError) as caught:
        client.send_text(PSID, "oi")
    assert caught.value.attempts == 3 and caught.value.code is None


def test_base_url_and_version_are_configurable(graph, fake_graph_server) -> None:
    client = GraphClient(fake_graph_server[1] + "/", "v24.0", PAGE_TOKEN, timeout=5.0)
    client.get_profile(PSID)
    client.close()
    assert graph.requests[-1]["path"] == f"/v24.0/{PSID}"


def test_a_send_whose_connection_dropped_after_the_body_is_not_sent_again() -> None:
    """Graph read the message and hung up without answering: resending would repeat it."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[bytes] = []

    def hang_up_after_reading() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return  # the test closed the listener
            with conn:
                accepted.append(conn.recv(65536))

    threading.Thread(target=hang_up_after_reading, daemon=True).start()
    client = _client(f"http://127.0.0.1:{listener.getsockname()[1]}", retries=2)
    with pytest.raises(GraphApiError) as caught:
        client.send_text(PSID, "oi")
    client.close()
    listener.close()
    assert caught.value.attempts == 1 and len(accepted) == 1
