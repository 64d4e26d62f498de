"""A body sent as JSON that is not a JSON object of fields is refused as such (400), on every
desk endpoint that reads fields; form posts read their fields as before."""

from __future__ import annotations

import pytest
from desk_helpers import settle

from reference_app import store
from reference_app.web import NOT_JSON

JSON = {"Content-Type": "application/json", "Accept": "application/json"}


def _open_chat(app, client, auth, webhook) -> int:
    auth.login()
    auth.set_status("operating")
    webhook.message("111", "m_1", "Olá")
    settle(app)
    (chat,) = auth.chats()
    return chat["id"]


def _admin(client) -> None:
    client.post("/interact_multiagent/login", data={"login": "admin", "password": "Admin123*"},
                headers={"Accept": "application/json"})


@pytest.mark.parametrize("body", ['{"text": "Bom dia"', "text=Bom dia", "", "\xff"])
def test_a_reply_with_a_malformed_json_body_says_the_body_is_not_json(
        app, client, auth, webhook, body) -> None:
    chat_id = _open_chat(app, client, auth, webhook)
    reply = client.post(f"/interact_multiagent/chats/{chat_id}/reply",
                        data=body.encode("latin-1"), headers=JSON)
    assert (reply.status_code, reply.get_json()) == (400, {"ok": False, "error": NOT_JSON})
    with app.app_context():
        assert store.count_messages() == 1  # nothing was sent


@pytest.mark.parametrize(("body", "error"), [
    ('["Bom dia"]', "The request body must be a JSON object of fields, not a list."),
    ('"Bom dia"', "The request body must be a JSON object of fields, not a string."),
    ("null", "The request body must be a JSON object of fields, not null."),
    ('{"text": ["Bom dia"]}', "The field 'text' must be text (or a number), not a list."),
])
def test_a_reply_whose_json_is_not_an_object_of_text_fields_is_refused(
        app, client, auth, webhook, body, error) -> None:
    chat_id = _open_chat(app, client, auth, webhook)
    reply = client.post(f"/interact_multiagent/chats/{chat_id}/reply", data=body, headers=JSON)
    assert (reply.status_code, reply.get_json()) == (400, {"ok": False, "error": error})


def test_a_null_reply_text_is_an_empty_reply_not_the_word_none(app, client, auth,
                                                                webhook) -> None:
    chat_id = _open_chat(app, client, auth, webhook)
    reply = client.post(f"/interact_multiagent/chats/{chat_id}/reply", json={"text": None})
    assert (reply.status_code, reply.get_json()) == (
        400, {"ok": False, "error": "Type a message before sending."})


@pytest.mark.parametrize("path", ["/interact_multiagent/login", "/interact_multiagent/status",
                                  "/interact_multiagent/password",
                                  "/interact_multiagent/chats/1/close"])
def test_every_agent_endpoint_refuses_a_malformed_json_body(app, client, auth, webhook,
                                                            path) -> None:
    _open_chat(app, client, auth, webhook)
    reply = client.post(path, data='{"status": "operating",}', headers=JSON)
    assert (reply.status_code, reply.get_json()) == (400, {"ok": False, "error": NOT_JSON})


@pytest.mark.parametrize("path", ["/interact_multiagent/admin/agents",
                                  "/interact_multiagent/admin/agents/1",
                                  "/interact_multiagent/admin/services",
                                  "/interact_multiagent/admin/services/1"])
def test_every_admin_endpoint_refuses_a_malformed_json_body(client, path) -> None:
    _admin(client)
    reply = client.post(path, data="{'name': 'Vendas'}", headers=JSON)
    assert (reply.status_code, reply.get_json()) == (400, {"ok": False, "error": NOT_JSON})


def test_admin_services_must_be_a_list(app, client) -> None:
    _admin(client)
    reply = client.post("/interact_multiagent/admin/agents",
                        json={"login": "maria", "services": "1"})
    assert (reply.status_code, reply.get_json()) == (
        400, {"ok": False, "error": "services must be a list of service ids."})
    with app.app_context():
        assert "maria" not in [agent["login"] for agent in store.list_agents()]


def test_a_form_reply_still_reads_its_field(app, client, auth, webhook) -> None:
    chat_id = _open_chat(app, client, auth, webhook)
    reply = client.post(f"/interact_multiagent/chats/{chat_id}/reply", data={"text": " "},
                        headers={"Accept": "application/json"})
    assert (reply.status_code, reply.get_json()) == (
        400, {"ok": False, "error": "Type a message before sending."})
