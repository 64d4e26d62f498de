"""A reply the desk could not store once sent is refused before anything is sent."""

from __future__ import annotations

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
