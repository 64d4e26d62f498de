"""Send API contract over real HTTP: the three ways to pass a token, body shapes, whole errors."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests
from sim_actors import Customer

from simulator.client import Control

MID = re.compile(r"m_[A-Za-z0-9_-]{86}")


def post(base_url: str, body: dict[str, Any] | None = None, node: str = "me",
         **kwargs: Any) -> requests.Response:
    return requests.post(f"{base_url}/v25.0/{node}/messages", json=body, timeout=10, **kwargs)


def text_to(psid: str, text: str = "Olá! Em que posso ajudar?") -> dict[str, Any]:
    return {"recipient": {"id": psid}, "messaging_type": "RESPONSE", "message": {"text": text}}


def error_of(reply: requests.Response) -> tuple[int, int, int | None, str, str]:
    error = reply.json()["error"]
    assert re.fullmatch(r"A[A-Za-z0-9_-]{22}", error["fbtrace_id"])
    return (reply.status_code, error["code"], error.get("error_subcode"), error["type"],
            error["message"])


def test_reply_with_token_in_query(base_url: str, page_token: str, tester: Customer) -> None:
    tester.send("Oi")
    reply = post(base_url, text_to(tester.account["psid"]), params={"access_token": page_token})
    assert reply.status_code == 200
    assert reply.json()["recipient_id"] == tester.account["psid"]
    assert MID.fullmatch(reply.json()["message_id"])


def test_reply_with_bearer_token(base_url: str, page_token: str, tester: Customer) -> None:
    tester.send("Oi")
    reply = post(base_url, text_to(tester.account["psid"]),
                 headers={"Authorization": f"Bearer {page_token}"})
    assert reply.status_code == 200 and MID.fullmatch(reply.json()["message_id"])


def test_reply_with_query_params_holding_json(base_url: str, page_token: str,
                                              tester: Customer) -> None:
    """Meta's Python sample: every field a JSON string in the query, no body."""
    tester.send("Oi")
    body = text_to(tester.account["psid"])
    params = {key: json.dumps(value) if isinstance(value, dict) else value
              for key, value in body.items()}
    reply = requests.post(f"{base_url}/v25.0/me/messages",
                          params={**params, "access_token": page_token}, timeout=10)
    assert reply.status_code == 200 and reply.json()["recipient_id"] == tester.account["psid"]


def test_reply_with_form_body_to_page_id(base_url: str, world: dict, tester: Customer) -> None:
    tester.send("Oi")
    form = {"recipient": json.dumps({"id": tester.account["psid"]}),
            "message": json.dumps({"text": "Olá"}), "access_token": world["page"]["access_token"]}
    reply = requests.post(f"{base_url}/v25.0/{world['page']['id']}/messages", data=form,
                          timeout=10)
    assert reply.status_code == 200 and MID.fullmatch(reply.json()["message_id"])


def test_old_version_path_is_served(base_url: str, page_token: str, tester: Customer) -> None:
    tester.send("Oi")
    reply = requests.post(f"{base_url}/v2.6/me/messages", json=text_to(tester.account["psid"]),
                          params={"access_token": page_token}, timeout=10)
    assert reply.status_code == 200


def test_graph_headers(base_url: str, page_token: str, tester: Customer) -> None:
    tester.send("Oi")
    reply = post(base_url, text_to(tester.account["psid"]), params={"access_token": page_token})
    assert reply.headers["facebook-api-version"] == "v25.0"
    assert reply.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert reply.headers["x-fb-trace-id"] and reply.headers["x-fb-request-id"]


def test_sender_action_answers_recipient_only(base_url: str, page_token: str,
                                              tester: Customer) -> None:
    tester.send("Oi")
    reply = post(base_url, {"recipient": {"id": tester.account["psid"]},
                            "sender_action": "typing_on"}, params={"access_token": page_token})
    assert (reply.status_code, reply.json()) == (200, {"recipient_id": tester.account["psid"]})


def test_bad_token_is_190_with_www_authenticate(base_url: str, tester: Customer) -> None:
    reply = post(base_url, text_to(tester.account["psid"]), params={"access_token": "EAAbogus"})
    message = "Invalid OAuth access token - Cannot parse access token"
    assert error_of(reply) == (400, 190, None, "OAuthException", message)
    assert reply.headers["WWW-Authenticate"] == (
        f'OAuth "Facebook Platform" "invalid_token" "{message}"')


def test_missing_token_is_104_invalid_request(base_url: str, tester: Customer) -> None:
    reply = post(base_url, text_to(tester.account["psid"]))
    message = "An access token is required to request this resource."
    assert error_of(reply) == (400, 104, None, "OAuthException", message)
    assert reply.headers["WWW-Authenticate"] == (
        f'OAuth "Facebook Platform" "invalid_request" "{message}"')


def test_app_token_is_210(base_url: str, world: dict, tester: Customer) -> None:
    reply = post(base_url, text_to(tester.account["psid"]),
                 params={"access_token": world["app"]["app_token"]})
    assert error_of(reply) == (403, 210, None, "OAuthException",
                               "(#210) This call requires a Page access token.")


@pytest.mark.parametrize(("body", "expected"), [
    ({"recipient": {"id": "1000000000000000"}, "message": {"text": "oi"}},
     (100, 2018001, "(#100) No matching user found")),
    ({"recipient": {"id": "PSID"}, "message": {"text": "x" * 2001}},
     (100, None, "(#100) Length of param message[text] must be less than or equal to 2000")),
    ({"recipient": {"id": "PSID"}, "message": {"text": "oi"}, "sender_action": "typing_on"},
     (100, 2018014, "(#100) Cannot send both message and state at the same time.")),
    ({"recipient": {"id": "PSID"}},
     (100, 2018015, "(#100) Must send either message or state")),
    ({"recipient": {"id": "PSID"}, "message": {"text": ""}},
     (100, 2018034, "(#100) Message cannot be empty, must provide valid attachment or text")),
    ({"message": {"text": "oi"}}, (100, None, "(#100) The parameter recipient is required")),
    ({"recipient": {"id": "PSID"}, "message": {"text": "oi"}, "messaging_type": "PROMO"},
     (100, None, ('(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG} '
                 '- got "PROMO"'))),
], ids=["unknown-psid", "text-2001", "message-and-state", "neither", "empty", "no-recipient",
        "bad-messaging-type"])
def test_invalid_send_is_a_whole_graph_error(base_url: str, page_token: str, tester: Customer,
                                             body: dict, expected: tuple) -> None:
    tester.send("Oi")
    if body.get("recipient", {}).get("id") == "PSID":
        body["recipient"]["id"] = tester.account["psid"]
    reply = post(base_url, body, params={"access_token": page_token})
    assert error_of(reply) == (400, expected[0], expected[1], "OAuthException", expected[2])


def test_exactly_2000_characters_is_accepted(base_url: str, page_token: str,
                                             tester: Customer) -> None:
    tester.send("Oi")
    reply = post(base_url, text_to(tester.account["psid"], "x" * 2000),
                 params={"access_token": page_token})
    assert reply.status_code == 200


def test_no_customer_message_means_window_closed(base_url: str, page_token: str,
                                                 world: dict) -> None:
    psid = world["test_accounts"][0]["psid"]
    reply = post(base_url, text_to(psid), params={"access_token": page_token})
    assert error_of(reply)[:3] == (400, 10, 2018278)
    assert reply.json()["error"]["message"].startswith(
        "(#10) This message is sent outside of allowed window.")


def test_recipient_without_role_in_development_mode(base_url: str, page_token: str,
                                                    outsider: Customer) -> None:
    outsider.send("Oi")
    reply = post(base_url, text_to(outsider.account["psid"]), params={"access_token": page_token})
    assert error_of(reply) == (400, 10, 2018028, "OAuthException", (
        "(#10) Cannot message users who are not admins, developers or testers of the app until "
        "pages_messaging permission is reviewed and the app is live."))


def test_unknown_path_is_2500_and_journaled(base_url: str, control: Control) -> None:
    reply = requests.get(f"{base_url}/v25.0/me/nonexistent_edge", timeout=10)
    assert error_of(reply) == (400, 2500, None, "OAuthException",
                               "Unknown path components: /me/nonexistent_edge")
    entry = control.journal("graph")[-1]
    assert (entry["path"], entry["status"], entry["error_code"]) == (
        "/v25.0/me/nonexistent_edge", 400, 2500)


def test_send_is_journaled(base_url: str, page_token: str, tester: Customer,
                           control: Control) -> None:
    tester.send("Oi")
    post(base_url, text_to(tester.account["psid"]), params={"access_token": page_token})
    entry = control.journal("graph")[-1]
    assert {k: entry[k] for k in ("kind", "method", "path", "status", "error_code",
                                  "error_subcode")} == {
        "kind": "graph", "method": "POST", "path": "/v25.0/me/messages", "status": 200,
        "error_code": None, "error_subcode": None}
