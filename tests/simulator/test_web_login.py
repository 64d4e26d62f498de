"""Customer login on the simulated Facebook and Instagram: clear errors, one session per account."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.web.session import MISSING_FIELDS, NO_ACCOUNT, WRONG_PASSWORD
from simulator.world import World

PAGE_PATH = "/pagina_da_sua_empresa/"


def world_of(app: Flask) -> World:
    return app.extensions["homologa.world"]


def accounts(app: Flask) -> list[dict]:
    return world_of(app).describe()["test_accounts"]


def log_in(client: FlaskClient, email: str, password: str, next_path: str = PAGE_PATH):
    return client.post("/login", data={"email": email, "password": password, "next": next_path})


@pytest.mark.parametrize(("email", "password", "error"), [
    ("", "", MISSING_FIELDS),
    ("nobody@example.com", "Test123*", NO_ACCOUNT),
    (None, "wrong", WRONG_PASSWORD),
])
def test_bad_credentials_explain_why_and_open_no_session(
        client: FlaskClient, app: Flask, email: str | None, password: str, error: str) -> None:
    email = accounts(app)[0]["email"] if email is None else email
    reply = log_in(client, email, password)
    assert reply.status_code == 200
    assert f'data-testid="login-error">{error}<' in reply.text
    assert 'aria-invalid="true"' in reply.text
    assert 'data-testid="message-button"' not in client.get(PAGE_PATH).text


def test_every_seeded_account_can_log_in(app: Flask) -> None:
    for account in accounts(app):
        client = app.test_client()
        assert log_in(client, account["email"], account["password"]).status_code == 303
        html = client.get(PAGE_PATH).text
        assert f'data-testid="account-name">{account["name"]}<' in html


def test_sessions_are_per_browser(app: Flask) -> None:
    first, second = accounts(app)[:2]
    maria, joao = app.test_client(), app.test_client()
    log_in(maria, first["email"], first["password"])
    log_in(joao, second["email"], second["password"])
    assert first["name"] in maria.get(PAGE_PATH).text
    assert second["name"] in joao.get(PAGE_PATH).text
    assert first["name"] not in joao.get(PAGE_PATH).text.split("test-accounts")[0]


def test_seeded_accounts_include_testers_and_one_without_role(app: Flask) -> None:
    roles = [a["role"] for a in accounts(app)]
    assert "tester" in roles and None in roles
    assert any(not a["name"].isascii() for a in accounts(app)), "names carry accents"


def test_login_redirects_only_to_local_paths(client: FlaskClient, app: Flask) -> None:
    account = accounts(app)[0]
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        reply = log_in(client, account["email"], account["password"], next_path=target)
        assert reply.headers["Location"] == PAGE_PATH


def test_logout_ends_the_session(client: FlaskClient, app: Flask) -> None:
    account = accounts(app)[0]
    log_in(client, account["email"], account["password"])
    client.post("/logout", data={"next": PAGE_PATH})
    assert 'data-testid="connect-title"' in client.get(PAGE_PATH).text


def test_logged_out_page_shows_cover_name_category_and_prompt(client: FlaskClient) -> None:
    html = client.get(PAGE_PATH).text
    for testid in ("page-cover", "page-name", "page-category", "connect-title", "login-card"):
        assert f'data-testid="{testid}"' in html, testid
    assert '<label for="email">' in html and '<label for="password">' in html


def test_instagram_login_error_stays_on_the_instagram_profile(client: FlaskClient,
                                                              app: Flask) -> None:
    username = world_of(app).page.instagram.username
    profile = f"/instagram/{username}/"
    assert f'data-testid="ig-login-title">Log in to message {username}<' in client.get(
        profile).text
    reply = log_in(client, "nobody@example.com", "x", next_path=profile)
    assert 'data-testid="ig-login-title"' in reply.text and NO_ACCOUNT in reply.text
    account = accounts(app)[0]
    assert log_in(client, account["email"], account["password"], profile).status_code == 303
    assert 'data-testid="ig-message-button"' in client.get(profile).text
