"""Portal, login (JSON and no-JS), the desk's STATUS menu and CSRF."""

from __future__ import annotations

import re

import pytest
from desk_helpers import delivery, message_event, meta_bytes, settle, sign

from reference_app import store


def _testid(html: str, testid: str) -> str:
    match = re.search(rf'<[^>]*data-testid="{testid}"[^>]*>([^<]*)', html)
    assert match, f"no element with data-testid={testid!r}"
    return match.group(0)


def test_portal_links_to_interact_multiagent(client) -> None:
    html = client.get("/").get_data(as_text=True)
    link = _testid(html, "solution-link")
    assert 'href="/interact_multiagent"' in link
    assert "Interact Multiagent" in html
    assert html.count('data-testid="solution-link"') == 1  # the others are not links


def test_login_page_has_the_guide_labels(client) -> None:
    html = client.get("/interact_multiagent").get_data(as_text=True)
    assert ">LOGIN</label>" in html and ">PASSWORD</label>" in html
    assert _testid(html, "enter-button").endswith(">ENTER")
    for testid in ("login-input", "password-input", "login-error"):
        _testid(html, testid)
    assert 'data-window-name="interact_desk"' in html


def test_right_credentials_answer_the_desk_url(client, auth) -> None:
    reply = auth.login()
    assert reply.status_code == 200
    assert reply.get_json() == {"ok": True, "desk_url": "/interact_multiagent/desk"}
    desk = client.get("/interact_multiagent/desk").get_data(as_text=True)
    assert 'data-testid="desk"' in desk and "Interact Multiagent" in desk


@pytest.mark.parametrize("login, password", [("agente", "wrong"), ("nobody", "Aa123*"),
                                             ("agente", "")])
def test_wrong_credentials_are_401_with_an_error(client, auth, login, password) -> None:
    reply = auth.login(login, password)
    assert reply.status_code == 401
    body = reply.get_json()
    assert body["ok"] is False and body["error"]
    assert client.get("/interact_multiagent/desk").status_code == 401


def test_form_post_without_javascript(client) -> None:
    html_accept = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    wrong = client.post("/interact_multiagent/login", headers=html_accept,
                        data={"login": "agente", "password": "nope"})
    assert wrong.status_code == 401
    page = wrong.get_data(as_text=True)
    assert "Invalid login or password." in _testid(page, "login-error")
    assert 'value="agente"' in page  # the typed login is kept
    right = client.post("/interact_multiagent/login", headers=html_accept,
                        data={"login": "agente", "password": "Aa123*"})
    assert right.status_code == 302 and right.location.endswith("/interact_multiagent/desk")


def test_desk_redirects_a_browser_to_login(client) -> None:
    reply = client.get("/interact_multiagent/desk", headers={"Accept": "text/html"})
    assert reply.status_code == 302 and "/interact_multiagent" in reply.location


def test_status_menu_lists_the_configured_labels(client, auth) -> None:
    auth.login()
    html = client.get("/interact_multiagent/desk").get_data(as_text=True)
    assert _testid(html, "status-menu").endswith(">STATUS")
    options = re.findall(r'data-testid="status-option"\s+data-status="(\w+)">([^<]+)<', html)
    assert options == [("operating", "Operating"), ("paused", "Paused"), ("offline", "Offline")]
    assert 'data-status="offline"' in _testid(html, "current-status")


def test_status_change_is_stored_and_answered(app, auth) -> None:
    auth.login()
    reply = auth.set_status("operating")
    assert reply.get_json() == {"ok": True, "status": "operating", "label": "Operating"}
    with app.app_context():
        assert store.agent_by_login("agente")["status"] == "operating"
    assert auth.set_status("dancing").status_code == 400


def test_status_labels_come_from_config(make_app) -> None:
    app = make_app(STATUS_LABELS={"operating": "Ready"}, LABELS={"enter": "ENTRAR"})
    client = app.test_client()
    assert ">ENTRAR<" in client.get("/interact_multiagent").get_data(as_text=True)
    client.post("/interact_multiagent/login", data={"login": "agente", "password": "Aa123*"})
    html = client.get("/interact_multiagent/desk").get_data(as_text=True)
    assert 'data-status="operating">Ready<' in html and ">Paused<" in html


def test_logout_keeps_the_status_but_signs_the_agent_out(app, client, auth, webhook) -> None:
    auth.login()
    auth.set_status("operating")
    assert client.post("/interact_multiagent/logout").status_code == 302
    with app.app_context():
        agent = store.agent_by_login("agente")
    assert agent["status"] == "operating" and agent["session"] is None
    assert client.get("/interact_multiagent/chats").status_code == 401
    webhook.message("111", "m_after_logout", "anyone?")
    settle(app)
    with app.app_context():
        assert store.chat_by_id(1)["state"] == "queued"  # a signed-out agent gets no chats
    auth.login()
    settle(app)
    assert [chat["id"] for chat in auth.chats()] == [1]  # back at the desk, Operating


def test_csrf_is_enforced_on_status_and_reply(make_app) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    login_page = client.get("/interact_multiagent").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', login_page).group(1)
    refused = client.post("/interact_multiagent/login",
                          data={"login": "agente", "password": "Aa123*"})
    assert refused.status_code == 400 and "expired" in refused.get_json()["error"]
    assert client.post("/interact_multiagent/login", headers={"X-CSRFToken": token},
                       data={"login": "agente", "password": "Aa123*"}).status_code == 200
    assert client.post("/interact_multiagent/status",
                       json={"status": "operating"}).status_code == 400
    assert client.post("/interact_multiagent/chats/1/reply",
                       json={"text": "hi"}).status_code == 400
    accepted = client.post("/interact_multiagent/status", json={"status": "operating"},
                           headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


def test_webhook_needs_no_csrf_token(make_app) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    raw = meta_bytes(delivery(message_event("111", "m_csrf", "hi")))
    reply = app.test_client().post("/webhook", data=raw, headers={
        "X-Hub-Signature-256": sign(raw), "Content-Type": "application/json"})
    assert reply.status_code == 200
    settle(app)


def test_environment_passwords_stay_text_and_numbers_stay_numbers(make_app, monkeypatch) -> None:
    """HOMOLOGA_AGENT_PASSWORD=123456 must not become the number 123456 (it would not log in)."""
    monkeypatch.setenv("HOMOLOGA_AGENT_PASSWORD", "123456")
    monkeypatch.setenv("HOMOLOGA_POSITIONS", "4")
    app = make_app()
    assert (app.config["AGENT_PASSWORD"], app.config["POSITIONS"]) == ("123456", 4)
    client = app.test_client()
    reply = client.post("/interact_multiagent/login", json={"login": "agente", "password": "123456"})
    assert reply.json["ok"] is True
