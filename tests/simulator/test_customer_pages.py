"""The customer's pages over the Flask test client: Page, login, Messenger, escaping."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from simulator.world import World


def world_of(app: Flask) -> World:
    return app.extensions["homologa.world"]


def log_in(client: FlaskClient, app: Flask, password: str | None = None):
    tester = world_of(app).describe()["test_accounts"][0]
    return client.post("/login", data={"email": tester["email"],
                                       "password": password or tester["password"],
                                       "next": "/pagina_da_sua_empresa/"})


def has_testid(html: str, name: str) -> bool:
    return f'data-testid="{name}"' in html


def test_logged_out_page_invites_to_connect(client: FlaskClient) -> None:
    html = client.get("/pagina_da_sua_empresa/").text
    assert re.search(r'data-testid="connect-title">Connect with SUA_EMPRESA on Facebook<', html)
    for name in ("simulated-mark", "page-name", "login-email", "login-password", "login-submit"):
        assert has_testid(html, name), name
    assert not has_testid(html, "message-button")


def test_page_is_also_reachable_by_id(client: FlaskClient, app: Flask) -> None:
    assert client.get(f"/{world_of(app).page.id}/").status_code == 200


def test_unknown_page_is_404(client: FlaskClient) -> None:
    assert client.get("/no_such_page/").status_code == 404


def test_wrong_password_shows_error_and_keeps_email(client: FlaskClient, app: Flask) -> None:
    reply = log_in(client, app, password="wrong")
    email = world_of(app).describe()["test_accounts"][0]["email"]
    assert has_testid(reply.text, "login-error")
    assert "The email or password you entered is incorrect." in reply.text
    assert f'value="{email}"' in reply.text
    assert not has_testid(client.get("/pagina_da_sua_empresa/").text, "message-button")


def test_login_shows_message_button(client: FlaskClient, app: Flask) -> None:
    reply = log_in(client, app)
    assert (reply.status_code, reply.headers["Location"]) == (303, "/pagina_da_sua_empresa/")
    html = client.get("/pagina_da_sua_empresa/").text
    page_id = world_of(app).page.id
    assert re.search(rf'data-testid="message-button"\s+href="/messages/t/{page_id}">Message<',
                     html)
    assert 'data-logged-in="true"' in html


def test_messenger_requires_login(client: FlaskClient, app: Flask) -> None:
    reply = client.get(f"/messages/t/{world_of(app).page.id}")
    assert reply.status_code == 302 and "/pagina_da_sua_empresa/" in reply.headers["Location"]


def test_customer_message_is_stored_and_shown_escaped(client: FlaskClient, app: Flask) -> None:
    log_in(client, app)
    page_id = world_of(app).page.id
    mid = client.post(f"/messages/t/{page_id}", json={"text": "<script>alert(1)</script>"}).json[
        "mid"]
    html = client.get(f"/messages/t/{page_id}").text
    assert f'data-from="customer" data-mid="{mid}">&lt;script&gt;alert(1)&lt;/script&gt;<' in html
    for name in ("messenger", "message-list", "message-input", "send-button"):
        assert has_testid(html, name), name


def test_sending_without_login_is_401(client: FlaskClient, app: Flask) -> None:
    reply = client.post(f"/messages/t/{world_of(app).page.id}", json={"text": "Oi"})
    assert reply.status_code == 401 and reply.json["error"]["message"]


def test_empty_text_is_refused(client: FlaskClient, app: Flask) -> None:
    log_in(client, app)
    reply = client.post(f"/messages/t/{world_of(app).page.id}", json={"text": "  "})
    assert reply.status_code == 400


def test_reset_logs_the_customer_out(client: FlaskClient, app: Flask) -> None:
    log_in(client, app)
    world_of(app).reset()
    assert not has_testid(client.get("/pagina_da_sua_empresa/").text, "message-button")
