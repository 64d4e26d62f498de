"""Over real HTTP (waitress in a thread): webhook to SSE push, persistence, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
import requests
from desk_helpers import delivery, message_event, meta_bytes, settle, sign

from homologa import servers
from reference_app import store


@pytest.fixture
def running(app) -> Iterator[str]:
    server = servers.start(app, port=0)
    yield server.url
    server.stop()


def _sse_events(lines: Iterator[str]) -> Iterator[tuple[str, dict]]:
    event = None
    for line in lines:
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: ") and event:
            yield event, json.loads(line.removeprefix("data: "))
            event = None


def test_webhook_over_http_reaches_the_desk_stream(app, running) -> None:
    agent = requests.Session()
    login = agent.post(f"{running}/interact_multiagent/login",
                       data={"login": "agente", "password": "Aa123*"})
    assert login.json()["ok"]
    agent.post(f"{running}/interact_multiagent/status", json={"status": "operating"})
    with agent.get(f"{running}/interact_multiagent/events", stream=True, timeout=10) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        lines = stream.iter_lines(decode_unicode=True)
        assert next(lines) == "retry: 2000" and next(lines) == ": connected"
        raw = meta_bytes(delivery(message_event("9988776655", "m_http", "<img src=x onerror=alert(1)>")))
        ack = requests.post(f"{running}/webhook", data=raw, timeout=10, headers={
            "Content-Type": "application/json", "X-Hub-Signature-256": sign(raw)})
        assert (ack.status_code, ack.text) == (200, "EVENT_RECEIVED")
        # the status change may publish a queue update first; the chat is what we wait for
        chat = next(c for k, c in _sse_events(lines) if k == "chat_new")
    assert chat["customer_name"] == "Facebook user 6655"
    assert [m["text"] for m in chat["messages"]] == ["<img src=x onerror=alert(1)>"]
    agent.close()
    app.extensions["reference_app.broker"].close_all()
    settle(app)


def test_events_require_login(running) -> None:
    reply = requests.get(f"{running}/interact_multiagent/events",
                         headers={"Accept": "text/event-stream"}, timeout=10)
    assert reply.status_code == 401 and reply.json()["ok"] is False


def test_messages_survive_a_new_app_on_the_same_database(make_app, webhook, app) -> None:
    webhook.message("5550001111", "m_persist", "guardado")
    settle(app)
    reopened = make_app()
    with reopened.app_context():
        assert store.count_messages("m_persist") == 1
        chat = store.chat_by_id(1)
    assert chat["psid"] == "5550001111" and chat["last_message"] == "guardado"
    assert reopened.test_client().post(
        "/interact_multiagent/login", data={"login": "agente", "password": "Aa123*"}
    ).status_code == 200


def test_concurrent_deliveries_keep_every_message_once(app, running) -> None:
    raws = [meta_bytes(delivery(message_event(f"77{i % 3}", f"m_c{i}", f"msg {i}")))
            for i in range(30)]

    def post(raw: bytes) -> int:
        return requests.post(f"{running}/webhook", data=raw, timeout=10, headers={
            "X-Hub-Signature-256": sign(raw), "Content-Type": "application/json"}).status_code

    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(post, raws + raws))
    assert statuses == [200] * 60
    with app.app_context():
        assert store.count_messages() == 30
        assert store.get_db().execute("SELECT COUNT(*) FROM chats").fetchone()[0] == 3
    settle(app)


def test_init_db_command_resets_the_database(app, webhook) -> None:
    webhook.message("111", "m_before_reset", "x")
    settle(app)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert "Initialized the database." in result.output
    with app.app_context():
        assert store.count_messages() == 0 and store.agent_by_login("agente")


def test_cli_without_secrets_exits_2_with_one_line(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOMOLOGA_")}
    result = subprocess.run([sys.executable, "-m", "reference_app", "--port", "0",
                             "--database", str(tmp_path / "d.sqlite")],
                            capture_output=True, text=True, env=env, timeout=60,
                            check=False)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "reference_app: APP_SECRET is required (config key APP_SECRET or env HOMOLOGA_APP_SECRET)"]


def test_cli_serves_and_prints_the_bound_url(tmp_path) -> None:
    env = {**os.environ, "HOMOLOGA_APP_SECRET": "s", "HOMOLOGA_VERIFY_TOKEN": "v",
           "HOMOLOGA_PAGE_TOKEN": "p"}
    process = subprocess.Popen([sys.executable, "-m", "reference_app", "--port", "0",
                                "--database", str(tmp_path / "d.sqlite")],
                               stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline()
        url = line.split(" on ")[1].split("/interact_multiagent")[0]
        challenge = requests.get(f"{url}/webhook", timeout=10, params={
            "hub.mode": "subscribe", "hub.verify_token": "v", "hub.challenge": "42"})
        assert challenge.text == "42"
    finally:
        process.terminate()
        process.wait(timeout=10)
