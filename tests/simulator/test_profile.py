"""User Profile API: fields of a PSID, the profile picture, and unknown ids."""

from __future__ import annotations

import requests

from simulator.client import Control


def get(base_url: str, node: str, token: str, fields: str | None = None) -> requests.Response:
    params = {"access_token": token} | ({"fields": fields} if fields else {})
    return requests.get(f"{base_url}/v25.0/{node}", params=params, timeout=10)


def test_profile_fields_of_a_tester(base_url: str, page_token: str, world: dict) -> None:
    tester = world["test_accounts"][0]
    reply = get(base_url, tester["psid"], page_token, "first_name,last_name,name,profile_pic")
    body = reply.json()
    assert reply.status_code == 200
    assert {k: body[k] for k in ("first_name", "last_name", "name", "id")} == {
        "first_name": tester["first_name"], "last_name": tester["last_name"],
        "name": tester["name"], "id": tester["psid"]}
    assert body["profile_pic"] == f"{base_url}/_sim/avatar/{tester['psid']}.svg"


def test_profile_picture_is_served(base_url: str, page_token: str, world: dict) -> None:
    psid = world["test_accounts"][0]["psid"]
    picture = requests.get(get(base_url, psid, page_token, "profile_pic").json()["profile_pic"],
                           timeout=10)
    assert picture.status_code == 200 and picture.headers["Content-Type"].startswith("image/svg")


def test_unknown_id_is_100_33(base_url: str, page_token: str, control: Control) -> None:
    reply = get(base_url, "123456789012345", page_token, "name")
    error = reply.json()["error"]
    assert (reply.status_code, error["code"], error["error_subcode"], error["type"]) == (
        400, 100, 33, "GraphMethodException")
    assert error["message"].startswith(
        "Unsupported get request. Object with ID '123456789012345' does not exist")


def test_user_without_role_is_not_readable_in_development(base_url: str, page_token: str,
                                                          world: dict) -> None:
    outsider = next(a for a in world["test_accounts"] if a["role"] is None)
    error = get(base_url, outsider["psid"], page_token, "name").json()["error"]
    assert (error["code"], error["error_subcode"]) == (100, 33)


def test_unknown_field_is_100(base_url: str, page_token: str, world: dict) -> None:
    error = get(base_url, world["test_accounts"][0]["psid"], page_token, "shoe_size").json()["error"]
    assert (error["code"], error["message"]) == (
        100, "(#100) Tried accessing nonexisting field (shoe_size) on node type (User)")


def test_me_is_the_page(base_url: str, page_token: str, world: dict) -> None:
    assert get(base_url, "me", page_token).json() == {"name": "SUA_EMPRESA",
                                                      "id": world["page"]["id"]}
