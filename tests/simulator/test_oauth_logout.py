"""Logging out of the simulated Facebook ends the person's Facebook Login sessions: short-lived
user tokens and the Page tokens derived from them answer 190/467 with WWW-Authenticate; a
long-lived user token and its Page tokens (no expiry) outlive the session."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

CALLBACK = "https://desk.example.com/interact_multiagent/admin/facebook/callback"
SCOPES = ["pages_show_list", "pages_messaging", "pages_manage_metadata"]
LOGGED_OUT = "Error validating access token: The session is invalid because the user logged out."


@pytest.fixture
def world(client: FlaskClient) -> dict[str, Any]:
    client.post("/_sim/app", json={"redirect_uris": [CALLBACK]})
    return client.get("/_sim/world").get_json()


def _short_lived_token(client: FlaskClient, world: dict[str, Any]) -> str:
    """Through the dialog as the developer (this client's session), code → user token."""
    dialog = client.get("/v25.0/dialog/oauth", query_string={
        "client_id": world["app"]["id"], "redirect_uri": CALLBACK, "scope": ",".join(SCOPES)})
    action = re.search(r'action="(/v25\.0/dialog/oauth/\w+)/login"',
                       dialog.get_data(as_text=True)).group(1)
    developer = world["developer"]
    client.post(f"{action}/login", data={"email": developer["email"],
                                         "password": developer["password"]})
    client.post(f"{action}/consent", data={"permission": SCOPES})
    back = client.post(f"{action}/pages", data={"page_id": [world["page"]["id"]]})
    code = parse_qs(urlsplit(back.location).query)["code"][0]
    return client.get("/v25.0/oauth/access_token", query_string={
        "client_id": world["app"]["id"], "client_secret": world["app"]["secret"],
        "redirect_uri": CALLBACK, "code": code}).get_json()["access_token"]


def _long_lived(client: FlaskClient, world: dict[str, Any], short: str) -> str:
    return client.get("/v25.0/oauth/access_token", query_string={
        "grant_type": "fb_exchange_token", "client_id": world["app"]["id"],
        "client_secret": world["app"]["secret"],
        "fb_exchange_token": short}).get_json()["access_token"]


def _page_token(client: FlaskClient, user_token: str) -> str:
    (page,) = client.get("/v25.0/me/accounts",
                         query_string={"access_token": user_token}).get_json()["data"]
    return page["access_token"]


def _assert_logged_out(answer: Any) -> None:
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert (error["code"], error["error_subcode"], error["type"], error["message"]) == (
        190, 467, "OAuthException", LOGGED_OUT)
    assert answer.headers["WWW-Authenticate"] == (
        f'OAuth "Facebook Platform" "invalid_token" "{LOGGED_OUT}"')


def test_logout_invalidates_the_short_lived_user_token(client, world) -> None:
    short = _short_lived_token(client, world)
    assert client.get("/v25.0/me/permissions",
                      query_string={"access_token": short}).status_code == 200
    client.post("/logout")
    _assert_logged_out(client.get("/v25.0/me/permissions", query_string={"access_token": short}))
    _assert_logged_out(client.get("/v25.0/me/accounts", query_string={"access_token": short}))


def test_page_tokens_from_a_short_lived_token_die_with_it(client, world) -> None:
    page_token = _page_token(client, _short_lived_token(client, world))
    client.post("/logout")
    psid = world["test_accounts"][0]["psid"]
    _assert_logged_out(client.post("/v25.0/me/messages", query_string={"access_token": page_token},
                                   json={"recipient": {"id": psid}, "message": {"text": "oi"}}))
    debug = client.get("/v25.0/debug_token", query_string={
        "input_token": page_token, "access_token": world["app"]["app_token"]}).get_json()["data"]
    assert debug["is_valid"] is False and debug["error"]["subcode"] == 467


def test_a_long_lived_token_and_its_page_tokens_outlive_the_session(client, world) -> None:
    short = _short_lived_token(client, world)
    long_lived = _long_lived(client, world, short)
    page_token = _page_token(client, long_lived)
    client.post("/logout")
    assert client.get("/v25.0/me/accounts",
                      query_string={"access_token": long_lived}).status_code == 200
    assert client.post(f"/v25.0/{world['page']['id']}/subscribed_apps", query_string={
        "access_token": page_token, "subscribed_fields": "messages"}).status_code == 200
    _assert_logged_out(client.get("/v25.0/me/accounts", query_string={"access_token": short}))


def test_another_person_logging_out_leaves_the_tokens_alone(client, world) -> None:
    short = _short_lived_token(client, world)
    tester = world["test_accounts"][0]
    client.post("/login", data={"email": tester["email"], "password": tester["password"]})
    client.post("/logout")
    assert client.get("/v25.0/me/accounts",
                      query_string={"access_token": short}).status_code == 200


def test_logging_out_when_logged_out_changes_nothing(client, world) -> None:
    short = _short_lived_token(client, world)
    client.post("/logout")
    assert client.post("/logout").status_code == 303
    _assert_logged_out(client.get("/v25.0/me/accounts", query_string={"access_token": short}))
