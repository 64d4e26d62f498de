"""A reply the desk could not store once sent is refused before anything is sent."""

from __future__ import annotations

import logging

from desk_helpers import settle

from reference_app import store


def test_a_reply_with_a_lone_surrogate_is_refused_before_sending(app, client, auth,
                                                                  webhook) -> None:
    auth.login()
    auth.set_status("operating")
    webhook.message("111", "m_1", "Olá")
    settle(app)
    (chat,) = auth.chats()
    reply = client.post(f"/interact_multiagent/chats/{chat['id']}/reply",
                        json={"text": "ok \ud800"})
    assert (reply.status_code, reply.get_json()) == (400, {
        "ok": False, "error": "The reply contains a character that is not valid text: retype it."})
    with app.app_context():
        assert store.count_messages() == 1


def test_a_reply_graph_did_not_take_is_logged(app, client, auth, webhook, caplog) -> None:
    auth.login()
    auth.set_status("operating")
    webhook.message("111", "m_1", "Olá")
    settle(app)
    (chat,) = auth.chats()
    with caplog.at_level(logging.WARNING, logger="reference_app.inbox"):
        reply = client.post(f"/interact_multiagent/chats/{chat['id']}/reply",
                            json={"text": "Bom dia"})
    assert reply.status_code == 502  # nothing listens at GRAPH_URL
    replies = [r.getMessage() for r in caplog.records if r.getMessage().startswith("reply")]
    assert len(replies) == 1 and replies[0].startswith(f"reply in chat {chat['id']} not sent: ")
