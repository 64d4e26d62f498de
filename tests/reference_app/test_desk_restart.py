"""Persistence across a restart: chats, messages and the agent's state come back."""

from __future__ import annotations

from desk_helpers import settle

from reference_app import store


def test_restart_keeps_chats_messages_and_agent_state(make_desk) -> None:
    desk = make_desk(customers=3, SECRET_KEY="fixed-for-this-test")
    desk.login()
    desk.set_status("operating")
    desk.send(0, "antes do reinício")
    desk.send(1, "eu também", channel="instagram")
    (first, second) = desk.chats()
    desk.reply(first["id"], "já respondo")
    cookies = desk.agent.cookies.copy()
    headers = dict(desk.agent.headers)

    desk.restart()
    desk.agent.cookies.update(cookies)  # the same browser, with SECRET_KEY kept
    desk.agent.headers.update(headers)
    snapshot = desk.snapshot()
    assert snapshot["status"]["status"] == "operating"
    assert [(c["id"], c["channel"], c["customer_name"]) for c in snapshot["chats"]] == [
        (first["id"], "messenger", desk.customer(0)["name"]),
        (second["id"], "instagram", desk.customer(1)["name"])]
    assert [m["text"] for m in snapshot["chats"][0]["messages"]] == [
        "antes do reinício", "já respondo"]
    desk.send(2, "depois do reinício")  # still Operating and signed in: routed at once
    assert len(desk.chats()) == 3


def test_a_restart_with_a_new_secret_key_signs_everyone_out(make_desk) -> None:
    desk = make_desk(customers=2)
    desk.login()
    desk.set_status("operating")
    desk.send(0, "oi")
    desk.restart()
    assert desk.agent.get(f"{desk.url}/interact_multiagent/chats").status_code == 401
    desk.send(1, "tem alguém?")
    with desk.app.app_context():  # stored, waiting: a signed-out agent gets no chats
        assert [chat["state"] for chat in store.queued_chats()] == ["queued"]
    desk.login()
    settle(desk.app)
    snapshot = desk.snapshot()
    assert snapshot["status"]["status"] == "operating"  # the STATUS was kept
    assert len(snapshot["chats"]) == 2 and snapshot["queue"] == []
