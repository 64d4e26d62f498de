"""User Profile API gating: Business Asset User Profile Access per role/mode/access level,
per-field permissions with whole-request failure, 2018218, and the 100/33-or-empty switch."""

from __future__ import annotations

import pytest
from meta_helpers import account, graph_get, whole_error

from simulator.client import Control

UNSUPPORTED = ("Unsupported get request. Object with ID '{}' does not exist, cannot be loaded "
               "due to missing permissions, or does not support this operation. Please read the "
               "Graph API documentation at https://developers.facebook.com/docs/graph-api")


def read(base_url: str, token: str, node: str, fields: str) -> object:
    return graph_get(base_url, f"/{node}", token, fields=fields)


def test_role_user_is_readable_with_baupa(base_url: str, page_token: str, world: dict) -> None:
    tester = account(world, "tester")
    body = read(base_url, page_token, tester["psid"], "first_name,last_name").json()
    assert body == {"first_name": tester["first_name"], "last_name": tester["last_name"],
                    "id": tester["psid"]}


def test_without_baupa_even_a_tester_is_100_33(base_url: str, page_token: str,
                                               control: Control, world: dict) -> None:
    control.configure_app(features={"business_asset_user_profile_access": False})
    psid = account(world, "tester")["psid"]
    assert whole_error(read(base_url, page_token, psid, "name")) == (
        400, 100, 33, "GraphMethodException", UNSUPPORTED.format(psid))


def test_empty_object_switch(base_url: str, page_token: str, control: Control,
                             world: dict) -> None:
    control.configure_app(features={"business_asset_user_profile_access": False},
                          profile_denied="empty")
    reply = read(base_url, page_token, account(world, "tester")["psid"], "name")
    assert (reply.status_code, reply.json()) == (200, {})


def test_public_user_needs_live_and_advanced_baupa(base_url: str, page_token: str,
                                                   control: Control, world: dict) -> None:
    outsider = account(world, None)
    control.configure_app(mode="live")
    assert whole_error(read(base_url, page_token, outsider["psid"], "name"))[1:3] == (100, 33)
    control.configure_app(access={"business_asset_user_profile_access": "advanced"})
    assert read(base_url, page_token, outsider["psid"], "name").json() == {
        "name": outsider["name"], "id": outsider["psid"]}


@pytest.mark.parametrize("field", ["locale", "timezone", "gender"])
def test_one_ungranted_field_fails_the_whole_request(base_url: str, page_token: str,
                                                     world: dict, field: str) -> None:
    reply = read(base_url, page_token, account(world, "tester")["psid"], f"name,{field}")
    assert whole_error(reply) == (400, 2018247, None, "OAuthException",
                                  "Insufficient permission to access user profile.")


def test_granted_field_permission_is_readable(base_url: str, page_token: str,
                                              control: Control, world: dict) -> None:
    control.configure_token(grant=["pages_user_locale", "pages_user_timezone"])
    body = read(base_url, page_token, account(world, "tester")["psid"],
                "name,locale,timezone").json()
    assert (body["locale"], body["timezone"]) == ("pt_BR", -3)


def test_phone_only_account_is_2018218(base_url: str, page_token: str, control: Control,
                                       world: dict) -> None:
    tester = account(world, "tester")
    control.configure_user(tester["id"], phone_only=True)
    assert whole_error(read(base_url, page_token, tester["psid"], "name")) == (
        400, 2018218, None, "OAuthException", "No profile available for this user.")


def test_psid_of_another_page_is_100_33(base_url: str, control: Control) -> None:
    world = control.seed({"pages": [{"name": "A", "username": "a"}, {"name": "B",
                                                                      "username": "b"}]})
    first, second = world["pages"]
    other_psid = world["test_accounts"][0]["psids"][second["id"]]
    reply = read(base_url, first["access_token"], other_psid, "name")
    assert whole_error(reply)[1:3] == (100, 33)
