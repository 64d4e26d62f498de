"""Tokens, appsecret_proof, versions, /me, /me/accounts, /me/permissions, /debug_token and
`/{page-id}/subscribed_apps` over real HTTP, with whole Graph errors."""

from __future__ import annotations

import hashlib
import hmac

import pytest
import requests
from meta_helpers import account, graph_get, graph_post, send_text, whole_error

from simulator.client import Control


@pytest.fixture
def psid(control: Control, world: dict) -> str:
    tester = account(world, "tester")
    control.customer_send(tester["id"], "Oi")
    return tester["psid"]


def proof(secret: str, token: str) -> str:
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


# --- appsecret_proof -------------------------------------------------------------------------
def test_required_proof_missing_is_100(base_url: str, page_token: str, control: Control,
                                       psid: str) -> None:
    control.configure_app(require_appsecret_proof=True)
    assert whole_error(send_text(base_url, page_token, psid)) == (
        400, 100, None, "GraphMethodException",
        "API calls from the server require an appsecret_proof argument")


def test_wrong_proof_is_100_even_when_not_required(base_url: str, page_token: str,
                                                   psid: str) -> None:
    reply = graph_post(base_url, "/me/messages", page_token,
                       {"recipient": {"id": psid}, "message": {"text": "Olá"}},
                       params={"appsecret_proof": "0" * 64})
    assert whole_error(reply) == (400, 100, None, "GraphMethodException",
                                  "Invalid appsecret_proof provided in the API argument")


@pytest.mark.parametrize("required", [True, False])
def test_right_proof_is_accepted(base_url: str, page_token: str, control: Control,
                                 world: dict, psid: str, required: bool) -> None:
    control.configure_app(require_appsecret_proof=required)
    reply = graph_post(base_url, "/me/messages", page_token,
                       {"recipient": {"id": psid}, "message": {"text": "Olá"}},
                       params={"appsecret_proof": proof(world["app"]["secret"], page_token)})
    assert reply.status_code == 200


# --- token states ----------------------------------------------------------------------------
@pytest.mark.parametrize(("state", "subcode", "message"), [
    ("password_changed", 460, ("Error validating access token: The session has been "
     "invalidated because the user changed their password or Facebook has changed the session "
     "for security reasons.")),
    ("logged_out", 467, ("Error validating access token: The session is invalid because the "
     "user logged out.")),
])
def test_invalidated_token_is_190_with_subcode(base_url: str, page_token: str,
                                               control: Control, psid: str, state: str,
                                               subcode: int, message: str) -> None:
    control.configure_token(invalid=state)
    reply = send_text(base_url, page_token, psid)
    assert whole_error(reply) == (400, 190, subcode, "OAuthException", message)
    assert reply.headers["WWW-Authenticate"].startswith('OAuth "Facebook Platform" '
                                                        '"invalid_token"')


def test_app_removed_names_the_app(base_url: str, page_token: str, control: Control,
                                   world: dict, psid: str) -> None:
    control.configure_token(invalid="app_removed")
    assert whole_error(send_text(base_url, page_token, psid)) == (
        400, 190, 458, "OAuthException", ("Error validating access token: The user has not "
        f"authorized application {world['app']['id']}."))


# --- versions --------------------------------------------------------------------------------
@pytest.mark.parametrize(("version", "served"), [
    ("v23.0", "v23.0"), ("v24.0", "v24.0"), ("v25.0", "v25.0"), ("v26.0", "v26.0"),
    ("v2.6", "v23.0"), (None, "v25.0")])
def test_versions_and_the_api_version_header(base_url: str, page_token: str, psid: str,
                                             version: str | None, served: str) -> None:
    reply = graph_post(base_url, "/me/messages", page_token,
                       {"recipient": {"id": psid}, "message": {"text": "Olá"}}, version=version)
    assert reply.status_code == 200
    assert reply.headers["facebook-api-version"] == served


def test_unversioned_profile_read(base_url: str, page_token: str, psid: str) -> None:
    reply = graph_get(base_url, f"/{psid}", page_token, version=None, fields="first_name")
    assert reply.status_code == 200 and reply.headers["facebook-api-version"] == "v25.0"


def test_bad_token_wins_over_a_bad_path(base_url: str) -> None:
    reply = graph_get(base_url, "/me/no_such_edge", "garbage")
    assert whole_error(reply)[:2] == (400, 190)


# --- /me, /me/accounts, /me/permissions, /debug_token ----------------------------------------
def test_me_with_a_page_token_is_the_page(base_url: str, page_token: str, world: dict) -> None:
    assert graph_get(base_url, "/me", page_token).json() == {"name": world["page"]["name"],
                                                             "id": world["page"]["id"]}


def test_me_with_a_user_token_is_the_person(base_url: str, world: dict) -> None:
    developer = world["developer"]
    reply = graph_get(base_url, "/me", developer["user_token"])
    assert reply.json() == {"name": developer["name"], "id": developer["id"]}


def test_me_accounts_lists_pages_with_tokens_tasks_and_instagram(base_url: str,
                                                                  world: dict) -> None:
    body = graph_get(base_url, "/me/accounts", world["developer"]["user_token"]).json()
    page = body["data"][0]
    assert (page["id"], page["name"], page["access_token"]) == (
        world["page"]["id"], world["page"]["name"], world["page"]["access_token"])
    assert "MODERATE" in page["tasks"] and "MESSAGING" in page["tasks"]
    assert page["instagram_business_account"] == {"id": world["instagram"]["id"]}
    assert set(body["paging"]["cursors"]) == {"before", "after"}


def test_me_permissions_with_user_token(base_url: str, world: dict, control: Control) -> None:
    token = world["developer"]["user_token"]
    control.configure_token(token, revoke=["pages_show_list"])
    data = graph_get(base_url, "/me/permissions", token).json()["data"]
    assert {"permission": "pages_messaging", "status": "granted"} in data
    assert {"permission": "pages_show_list", "status": "declined"} in data


def test_me_permissions_with_page_token_is_100(base_url: str, page_token: str) -> None:
    assert whole_error(graph_get(base_url, "/me/permissions", page_token)) == (
        400, 100, None, "OAuthException",
        "(#100) Tried accessing nonexisting field (permissions) on node type (Page)")


def test_debug_token_of_the_page_token(base_url: str, world: dict) -> None:
    data = graph_get(base_url, "/debug_token", world["app"]["app_token"],
                     input_token=world["page"]["access_token"]).json()["data"]
    assert (data["app_id"], data["type"], data["is_valid"], data["expires_at"],
            data["profile_id"]) == (world["app"]["id"], "PAGE", True, 0, world["page"]["id"])
    assert "pages_messaging" in data["scopes"]
    assert {"scope": "pages_messaging", "target_ids": [world["page"]["id"]]} in (
        data["granular_scopes"])


def test_debug_token_of_an_invalidated_token(base_url: str, world: dict,
                                             control: Control) -> None:
    control.configure_token(invalid="logged_out")
    data = graph_get(base_url, "/debug_token", world["app"]["app_token"],
                     input_token=world["page"]["access_token"]).json()["data"]
    assert data["is_valid"] is False and (data["error"]["code"], data["error"]["subcode"]) == (
        190, 467)


def test_debug_token_with_a_page_token_is_refused(base_url: str, page_token: str) -> None:
    reply = graph_get(base_url, "/debug_token", page_token, input_token=page_token)
    assert whole_error(reply)[:3] == (400, 100, None)


# --- subscribed_apps -------------------------------------------------------------------------
def subscribe(base_url: str, token: str, fields: str) -> requests.Response:
    return graph_post(base_url, "/me/subscribed_apps", token,
                      params={"subscribed_fields": fields})


def test_subscribed_apps_round_trip(base_url: str, page_token: str, world: dict) -> None:
    removed = requests.delete(f"{base_url}/v25.0/me/subscribed_apps",
                              params={"access_token": page_token}, timeout=10)
    assert (removed.status_code, removed.json()) == (200, {"success": True})
    assert graph_get(base_url, "/me/subscribed_apps", page_token).json() == {"data": []}
    reply = subscribe(base_url, page_token, "messages,messaging_postbacks")
    assert (reply.status_code, reply.json()) == (200, {"success": True})
    data = graph_get(base_url, f"/{world['page']['id']}/subscribed_apps", page_token).json()
    assert [(a["id"], a["subscribed_fields"]) for a in data["data"]] == [
        (world["app"]["id"], ["messages", "messaging_postbacks"])]


def test_one_unpermitted_field_fails_the_whole_call(base_url: str, page_token: str,
                                                    control: Control, world: dict) -> None:
    control.configure_token(revoke=["pages_messaging"])
    reply = subscribe(base_url, page_token, "messages,messaging_postbacks")
    assert whole_error(reply) == (
        403, 200, None, "OAuthException",
        ("(#200) To subscribe to the messages field, one of these permissions is needed: "
        "pages_messaging. To subscribe to the messaging_postbacks field, one of these "
        "permissions is needed: pages_messaging"))
    data = graph_get(base_url, "/me/subscribed_apps", page_token).json()["data"]
    assert data[0]["subscribed_fields"] == world["page"]["subscribed_apps"][world["app"]["id"]]


def test_subscribing_needs_pages_manage_metadata(base_url: str, page_token: str,
                                                 control: Control) -> None:
    control.configure_token(revoke=["pages_manage_metadata"])
    assert whole_error(subscribe(base_url, page_token, "messages")) == (
        403, 200, None, "OAuthException", "(#200) Permissions error")


def test_subscribing_with_a_user_token_is_210(base_url: str, world: dict) -> None:
    assert whole_error(subscribe(base_url, world["developer"]["user_token"], "messages")) == (
        403, 210, None, "OAuthException", "(#210) This call requires a Page access token.")


def test_unknown_field_is_100(base_url: str, page_token: str) -> None:
    status, code, _, _, message = whole_error(subscribe(base_url, page_token, "messagez"))
    assert (status, code) == (400, 100) and message.endswith('- got "messagez"')


def test_send_answer_carries_business_use_case_usage(base_url: str, page_token: str,
                                                     control: Control, world: dict,
                                                     psid: str) -> None:
    import json

    control.configure_app(rate_limit={"calls": 4, "window_ms": 60_000})
    send_text(base_url, page_token, psid)
    reply = send_text(base_url, page_token, psid)
    usage = json.loads(reply.headers["x-business-use-case-usage"])
    assert usage == {world["page"]["id"]: [{"type": "messenger", "call_count": 50,
                                            "total_cputime": 1, "total_time": 1,
                                            "estimated_time_to_regain_access": 0}]}


def test_subscribing_needs_the_moderate_task(base_url: str, page_token: str,
                                             control: Control) -> None:
    page = control.configure_page(tasks=["ANALYZE", "MESSAGING"])
    assert page["tasks"] == ["ANALYZE", "MESSAGING"]
    assert whole_error(subscribe(base_url, page_token, "messages")) == (
        403, 200, None, "OAuthException", "(#200) Permissions error")


def test_unversioned_unknown_edge_is_2500(base_url: str, page_token: str) -> None:
    reply = graph_get(base_url, "/me/no_such_edge", page_token, version=None)
    assert whole_error(reply) == (400, 2500, None, "OAuthException",
                                  "Unknown path components: /me/no_such_edge")


def test_token_in_json_body(base_url: str, page_token: str, psid: str) -> None:
    reply = requests.post(f"{base_url}/v25.0/me/messages", timeout=10, json={
        "recipient": {"id": psid}, "message": {"text": "Olá"}, "access_token": page_token})
    assert reply.status_code == 200 and reply.json()["recipient_id"] == psid


@pytest.mark.parametrize("path", ["/v25.0", "/v25.0/"])
def test_the_version_alone_is_graphs_2500_not_a_web_page(base_url: str, page_token: str,
                                                         control: Control, path: str) -> None:
    reply = requests.get(f"{base_url}{path}", params={"access_token": page_token},
                         timeout=10, allow_redirects=False)
    assert whole_error(reply) == (400, 2500, None, "OAuthException",
                                  "Unknown path components: /")
    assert [e["status"] for e in control.journal(kind="graph", path=path)] == [400]
