"""Facebook Login for Business: the dialog (login, consent, Page picker, errors), the token
endpoint, and what `/me/accounts` and `/me/permissions` show afterwards."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

CALLBACK = "https://desk.example.com/interact_multiagent/admin/facebook/callback"
SCOPES = "pages_show_list,pages_messaging,pages_manage_metadata"


@pytest.fixture
def world(client: FlaskClient) -> dict[str, Any]:
    client.post("/_sim/app", json={"redirect_uris": [CALLBACK]})
    return client.get("/_sim/world").get_json()


def _dialog(client: FlaskClient, world: dict[str, Any], **overrides: str) -> Any:
    query = {"client_id": world["app"]["id"], "redirect_uri": CALLBACK, "state": "st4te",
             "scope": SCOPES, "response_type": "code", **overrides}
    return client.get("/v25.0/dialog/oauth", query_string=query)


def _login(client: FlaskClient, world: dict[str, Any], **overrides: str) -> str:
    """Open the dialog logged out and log in as the developer; the login request's path."""
    page = _dialog(client, world, **overrides).get_data(as_text=True)
    action = re.search(r'action="(/v25\.0/dialog/oauth/\w+)/login"', page).group(1)
    developer = world["developer"]
    answer = client.post(f"{action}/login", data={"email": developer["email"],
                                                  "password": developer["password"]})
    assert answer.status_code == 303 and answer.location.endswith(action)
    return action


def _grant(client: FlaskClient, world: dict[str, Any], permissions: list[str],
           pages: list[str]) -> dict[str, list[str]]:
    action = _login(client, world)
    client.post(f"{action}/consent", data={"permission": permissions})
    answer = client.post(f"{action}/pages", data={"page_id": pages})
    assert answer.status_code == 303 and answer.location.startswith(CALLBACK + "?")
    return parse_qs(urlsplit(answer.location).query)


def _exchange(client: FlaskClient, world: dict[str, Any], code: str, **overrides: str) -> Any:
    query = {"client_id": world["app"]["id"], "client_secret": world["app"]["secret"],
             "redirect_uri": CALLBACK, "code": code, **overrides}
    return client.get("/v25.0/oauth/access_token", query_string=query)


def _error(answer: Any) -> tuple[int, int | None, str]:
    error = answer.get_json()["error"]
    return error["code"], error.get("error_subcode"), error["message"]


@pytest.mark.parametrize(("overrides", "title", "detail"), [
    ({"client_id": "123"}, "Invalid App ID", "does not look like a valid app ID"),
    ({"redirect_uri": "https://evil.example/cb"}, "URL blocked", "Valid OAuth Redirect URIs"),
    ({"scope": "pages_messaging,pages_user_gender"}, "Invalid Scopes", "pages_user_gender."),
    ({"scope": "pages_messaging,no_such_scope"}, "Invalid Scopes", "no_such_scope."),
    ({"config_id": "999"}, "Invalid Configuration", "config_id 999"),
    ({"response_type": "token"}, "Unsupported response_type", "token."),
])
def test_dialog_errors_show_metas_page(client, world, overrides, title, detail) -> None:
    answer = _dialog(client, world, **overrides)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert f'data-testid="oauth-error-title">{title}</h1>' in page
    assert detail in page


def test_logged_out_dialog_asks_to_log_in(client, world) -> None:
    page = _dialog(client, world).get_data(as_text=True)
    assert 'data-step="login"' in page and "Log in to use your Facebook account" in page


def test_wrong_password_keeps_the_dialog(client, world) -> None:
    page = _dialog(client, world).get_data(as_text=True)
    action = re.search(r'action="(/v25\.0/dialog/oauth/\w+/login)"', page).group(1)
    answer = client.post(action, data={"email": world["developer"]["email"], "password": "x"})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'data-testid="login-error"' in text
    assert 'data-step="login"' in text


def test_consent_lists_each_requested_permission(client, world) -> None:
    action = _login(client, world)
    page = client.get(action).get_data(as_text=True)
    toggles = re.findall(r'data-testid="oauth-permission-toggle" data-permission="(\w+)"', page)
    assert toggles == SCOPES.split(",") and "Continue as" in page


def test_cancel_redirects_with_access_denied(client, world) -> None:
    action = _login(client, world)
    answer = client.post(f"{action}/consent", data={"action": "cancel"})
    query = parse_qs(urlsplit(answer.location).query)
    assert answer.location.startswith(CALLBACK + "?")
    assert {k: v[0] for k, v in query.items()} == {
        "error": "access_denied", "error_code": "200", "error_description": "Permissions error",
        "error_reason": "user_denied", "state": "st4te"}


def test_code_gives_a_user_token_with_granted_and_declined(client, world) -> None:
    query = _grant(client, world, ["pages_show_list", "pages_messaging"], [world["page"]["id"]])
    assert query["state"] == ["st4te"]
    answer = _exchange(client, world, query["code"][0])
    token = answer.get_json()
    assert answer.status_code == 200 and token["token_type"] == "bearer"
    assert 0 < token["expires_in"] <= 2 * 3600
    permissions = client.get("/v25.0/me/permissions",
                             query_string={"access_token": token["access_token"]}).get_json()
    assert {(p["permission"], p["status"]) for p in permissions["data"]} == {
        ("public_profile", "granted"), ("pages_show_list", "granted"),
        ("pages_messaging", "granted"), ("pages_manage_metadata", "declined")}


def test_accounts_lists_only_the_picked_pages_with_their_own_tokens(client, world) -> None:
    client.post("/_sim/seed", json={"app": {"redirect_uris": [CALLBACK]},
                                    "pages": [{"name": "Loja A"}, {"name": "Loja B"}]})
    world = client.get("/_sim/world").get_json()
    picked = world["pages"][1]
    query = _grant(client, world, SCOPES.split(","), [picked["id"]])
    user_token = _exchange(client, world, query["code"][0]).get_json()["access_token"]
    accounts = client.get("/v25.0/me/accounts",
                          query_string={"access_token": user_token}).get_json()["data"]
    assert [a["id"] for a in accounts] == [picked["id"]]
    assert accounts[0]["access_token"] != picked["access_token"]
    me = client.get("/v25.0/me", query_string={"access_token": accounts[0]["access_token"]})
    assert me.get_json()["id"] == picked["id"]


def test_a_code_is_used_once_and_needs_the_same_redirect_uri(client, world) -> None:
    code = _grant(client, world, ["pages_show_list"], [world["page"]["id"]])["code"][0]
    assert _error(_exchange(client, world, code, redirect_uri=CALLBACK + "x"))[:2] == (100, 36008)
    assert _exchange(client, world, code).status_code == 200
    assert _error(_exchange(client, world, code)) == (
        100, 36009, "This authorization code has been used.")
    assert _error(_exchange(client, world, "nonsense"))[:2] == (100, 36007)
    assert _error(_exchange(client, world, code, client_secret="bad")) == (
        1, None, "Error validating client secret.")


def test_long_lived_exchange_and_a_page_token_that_never_expires(client, world) -> None:
    code = _grant(client, world, SCOPES.split(","), [world["page"]["id"]])["code"][0]
    short = _exchange(client, world, code).get_json()["access_token"]
    answer = client.get("/v25.0/oauth/access_token", query_string={
        "grant_type": "fb_exchange_token", "client_id": world["app"]["id"],
        "client_secret": world["app"]["secret"], "fb_exchange_token": short})
    long_lived = answer.get_json()
    assert answer.status_code == 200 and long_lived["expires_in"] > 50 * 24 * 3600
    (account,) = client.get("/v25.0/me/accounts", query_string={
        "access_token": long_lived["access_token"]}).get_json()["data"]
    debug = client.get("/v25.0/debug_token", query_string={
        "input_token": account["access_token"],
        "access_token": world["app"]["app_token"]}).get_json()["data"]
    assert (debug["type"], debug["expires_at"], debug["is_valid"]) == ("PAGE", 0, True)
    assert set(debug["scopes"]) == {*SCOPES.split(","), "public_profile"}


def test_a_declined_permission_is_missing_from_the_page_token(client, world) -> None:
    code = _grant(client, world, ["pages_show_list", "pages_manage_metadata"],
                  [world["page"]["id"]])["code"][0]
    user_token = _exchange(client, world, code).get_json()["access_token"]
    (account,) = client.get("/v25.0/me/accounts",
                            query_string={"access_token": user_token}).get_json()["data"]
    psid = world["test_accounts"][0]["psid"]
    answer = client.post("/v25.0/me/messages",
                         query_string={"access_token": account["access_token"]},
                         json={"recipient": {"id": psid}, "message": {"text": "oi"}})
    assert _error(answer)[:2] == (230, None)


def test_world_shows_the_login_settings(client, world) -> None:
    app = world["app"]
    assert app["redirect_uris"] == [CALLBACK]
    assert "pages_messaging" in app["login_permissions"] and app["login_configs"] == {}
    assert world["developer"]["email"] and world["developer"]["password"]


def test_an_unpublished_page_is_unavailable_to_customers(client, world) -> None:
    client.post("/_sim/pages/default", json={"published": False})
    page = client.get(f"/{world['page']['username']}/")
    assert page.status_code == 404
    assert "This content isn't available right now" in page.get_data(as_text=True)
    assert client.get(f"/messages/t/{world['page']['id']}").status_code == 404
    client.post("/_sim/pages/default", json={"published": True})
    assert client.get(f"/{world['page']['username']}/").status_code == 200


def _connected_tokens(client: FlaskClient, world: dict[str, Any]) -> tuple[str, str]:
    code = _grant(client, world, SCOPES.split(","), [world["page"]["id"]])["code"][0]
    user_token = _exchange(client, world, code).get_json()["access_token"]
    (account,) = client.get("/v25.0/me/accounts",
                            query_string={"access_token": user_token}).get_json()["data"]
    return user_token, account["access_token"]


def test_removing_a_permission_takes_it_from_the_page_token(client, world) -> None:
    user_token, page_token = _connected_tokens(client, world)
    answer = client.delete("/v25.0/me/permissions/pages_messaging",
                           query_string={"access_token": user_token})
    assert answer.get_json() == {"success": True}
    debug = client.get("/v25.0/debug_token", query_string={
        "input_token": page_token, "access_token": world["app"]["app_token"]}).get_json()
    assert "pages_messaging" not in debug["data"]["scopes"]
    permissions = client.get("/v25.0/me/permissions",
                             query_string={"access_token": user_token}).get_json()["data"]
    assert {"permission": "pages_messaging", "status": "declined"} in permissions


def test_removing_the_app_invalidates_its_tokens(client, world) -> None:
    user_token, page_token = _connected_tokens(client, world)
    client.delete("/v25.0/me/permissions", query_string={"access_token": user_token})
    answer = client.get("/v25.0/me", query_string={"access_token": page_token})
    assert _error(answer)[:2] == (190, 458)


IG_SCOPES = ["instagram_basic", "instagram_manage_messages", "pages_read_engagement"]


@pytest.mark.parametrize("with_instagram", [True, False])
def test_instagram_scopes_through_the_dialog(client, with_instagram) -> None:
    """Consent lists them, /me/permissions shows them, /me/accounts names the IG account only
    with instagram_basic, and the Page token sends Instagram messages only with them."""
    client.post("/_sim/app", json={"redirect_uris": [CALLBACK], "mode": "live"})
    world = client.get("/_sim/world").get_json()
    scopes = SCOPES.split(",") + IG_SCOPES
    action = _login(client, world, scope=",".join(scopes))
    consent = client.get(action).get_data(as_text=True)
    assert all(f'data-permission="{s}"' in consent for s in IG_SCOPES)
    granted = scopes if with_instagram else SCOPES.split(",")
    client.post(f"{action}/consent", data={"permission": granted})
    back = client.post(f"{action}/pages", data={"page_id": [world["page"]["id"]]})
    code = parse_qs(urlsplit(back.location).query)["code"][0]
    user_token = _exchange(client, world, code).get_json()["access_token"]
    permissions = client.get("/v25.0/me/permissions",
                             query_string={"access_token": user_token}).get_json()["data"]
    status = "granted" if with_instagram else "declined"
    assert all({"permission": s, "status": status} in permissions for s in IG_SCOPES)
    (account,) = client.get("/v25.0/me/accounts",
                            query_string={"access_token": user_token}).get_json()["data"]
    assert ("instagram_business_account" in account) is with_instagram
    tester = next(a for a in world["test_accounts"] if a["role"] == "tester")
    client.post("/_sim/customers/" + tester["id"] + "/messages",
                json={"text": "oi", "channel": "instagram"})
    answer = client.post("/v25.0/me/messages",
                         query_string={"access_token": account["access_token"]},
                         json={"recipient": {"id": tester["igsid"]}, "message": {"text": "Olá"}})
    assert answer.status_code == (200 if with_instagram else 400), answer.get_json()
