"""The policy engine over real HTTP: 24 h window, HUMAN_AGENT, tags, roles and access levels,
blocks, armed rate limits, thread owners. Each test flips one rule through the control API."""

from __future__ import annotations

import pytest
from meta_helpers import account, send_text, whole_error

from simulator.client import Control

HOUR = 60 * 60 * 1000
DAY = 24 * HOUR
WINDOW = ("(#10) This message is sent outside of allowed window. Learn more about the new policy "
          "here: https://developers.facebook.com/docs/messenger-platform/policy-overview")
NO_ROLE = ("(#10) Cannot message users who are not admins, developers or testers of the app "
           "until pages_messaging permission is reviewed and the app is live.")


@pytest.fixture
def tester(control: Control, world: dict) -> dict:
    control.freeze_clock()
    return account(world, "tester")


def test_reply_inside_24_hours_is_allowed(base_url: str, page_token: str, control: Control,
                                          tester: dict) -> None:
    control.customer_send(tester["id"], "Oi")
    control.advance_clock(DAY - 1000)
    assert send_text(base_url, page_token, tester["psid"]).status_code == 200


def test_reply_after_24_hours_is_2018278(base_url: str, page_token: str, control: Control,
                                         tester: dict) -> None:
    control.customer_send(tester["id"], "Oi")
    control.advance_clock(DAY + 1000)
    reply = send_text(base_url, page_token, tester["psid"])
    assert whole_error(reply) == (400, 10, 2018278, "OAuthException", WINDOW)


def test_customer_message_reopens_the_window(base_url: str, page_token: str, control: Control,
                                             tester: dict) -> None:
    control.customer_send(tester["id"], "Oi")
    control.advance_clock(2 * DAY)
    control.customer_send(tester["id"], "Ainda estou aqui")
    assert send_text(base_url, page_token, tester["psid"]).status_code == 200


def test_page_messages_do_not_reopen_the_window(base_url: str, page_token: str,
                                                control: Control, tester: dict) -> None:
    control.seed_conversation(tester["id"], [{"from": "customer", "text": "Oi", "ago_ms": 2 * DAY},
                                             {"from": "page", "text": "Olá", "ago_ms": HOUR}])
    assert whole_error(send_text(base_url, page_token, tester["psid"]))[:3] == (400, 10, 2018278)


@pytest.mark.parametrize("action", ["postback", "reaction"])
def test_postback_and_reaction_reopen_the_window(base_url: str, page_token: str,
                                                 control: Control, tester: dict,
                                                 action: str) -> None:
    sent = control.customer_send(tester["id"], "Oi")
    control.advance_clock(2 * DAY)
    if action == "postback":
        control.customer_postback(tester["id"], "Começar", "GET_STARTED")
    else:
        control.customer_react(tester["id"], sent["mid"], "like")
    assert send_text(base_url, page_token, tester["psid"]).status_code == 200


def human_agent(base_url: str, token: str, psid: str) -> object:
    return send_text(base_url, token, psid, messaging_type="MESSAGE_TAG", tag="HUMAN_AGENT")


def test_human_agent_reaches_7_days_with_the_feature(base_url: str, page_token: str,
                                                     control: Control, tester: dict) -> None:
    control.configure_app(features={"human_agent": True})
    control.customer_send(tester["id"], "Oi")
    control.advance_clock(7 * DAY - 1000)
    assert human_agent(base_url, page_token, tester["psid"]).status_code == 200


def test_human_agent_past_7_days_is_2018278(base_url: str, page_token: str, control: Control,
                                            tester: dict) -> None:
    control.configure_app(features={"human_agent": True})
    control.customer_send(tester["id"], "Oi")
    control.advance_clock(7 * DAY + 1000)
    reply = human_agent(base_url, page_token, tester["psid"])
    assert whole_error(reply) == (400, 10, 2018278, "OAuthException", WINDOW)


def test_human_agent_without_the_feature_keeps_24_hours(base_url: str, page_token: str,
                                                        control: Control, tester: dict) -> None:
    control.configure_app(features={"human_agent": False})
    control.customer_send(tester["id"], "Oi")
    control.advance_clock(2 * DAY)
    reply = human_agent(base_url, page_token, tester["psid"])
    assert whole_error(reply) == (400, 10, 2018278, "OAuthException", WINDOW)


@pytest.mark.parametrize("tag", ["CONFIRMED_EVENT_UPDATE", "ACCOUNT_UPDATE",
                                 "POST_PURCHASE_UPDATE", "SHIPPING_UPDATE"])
def test_retired_tags_are_code_100(base_url: str, page_token: str, control: Control,
                                   tester: dict, tag: str) -> None:
    control.customer_send(tester["id"], "Oi")
    reply = send_text(base_url, page_token, tester["psid"], messaging_type="MESSAGE_TAG", tag=tag)
    assert whole_error(reply) == (400, 100, None, "OAuthException",
                                  f'(#100) Param tag must be a valid message tag - got "{tag}"')


def test_message_tag_without_tag_is_100(base_url: str, page_token: str, control: Control,
                                        tester: dict) -> None:
    control.customer_send(tester["id"], "Oi")
    reply = send_text(base_url, page_token, tester["psid"], messaging_type="MESSAGE_TAG")
    assert whole_error(reply) == (400, 100, None, "OAuthException",
                                  "(#100) The parameter tag is required")


def test_missing_messaging_type_is_treated_as_response(base_url: str, page_token: str,
                                                       control: Control, tester: dict) -> None:
    control.customer_send(tester["id"], "Oi")
    reply = send_text(base_url, page_token, tester["psid"], messaging_type=None)
    assert reply.status_code == 200


def test_user_without_role_in_development_is_2018028(base_url: str, page_token: str,
                                                     control: Control, world: dict) -> None:
    outsider = account(world, None)
    control.customer_send(outsider["id"], "Oi")
    reply = send_text(base_url, page_token, outsider["psid"])
    assert whole_error(reply) == (400, 10, 2018028, "OAuthException", NO_ROLE)


def test_live_with_standard_access_still_refuses_the_public(base_url: str, page_token: str,
                                                            control: Control,
                                                            world: dict) -> None:
    outsider = account(world, None)
    control.configure_app(mode="live", access={"pages_messaging": "standard"})
    control.customer_send(outsider["id"], "Oi")
    assert whole_error(send_text(base_url, page_token, outsider["psid"]))[:3] == (400, 10,
                                                                                 2018028)


def test_live_with_advanced_access_reaches_the_public(base_url: str, page_token: str,
                                                      control: Control, world: dict) -> None:
    outsider = account(world, None)
    control.configure_app(mode="live", access={"pages_messaging": "advanced"})
    control.customer_send(outsider["id"], "Oi")
    assert send_text(base_url, page_token, outsider["psid"]).status_code == 200


def test_giving_a_role_lifts_the_development_refusal(base_url: str, page_token: str,
                                                     control: Control, world: dict) -> None:
    outsider = account(world, None)
    control.configure_user(outsider["id"], role="developer")
    control.customer_send(outsider["id"], "Oi")
    assert send_text(base_url, page_token, outsider["psid"]).status_code == 200


def test_blocked_page_is_551(base_url: str, page_token: str, control: Control,
                             tester: dict) -> None:
    control.customer_send(tester["id"], "Oi")
    control.configure_user(tester["id"], blocked_page=True)
    assert whole_error(send_text(base_url, page_token, tester["psid"])) == (
        400, 551, None, "OAuthException", "(#551) This person isn't available right now.")


def test_token_without_pages_messaging_is_230(base_url: str, page_token: str,
                                              control: Control, tester: dict) -> None:
    control.customer_send(tester["id"], "Oi")
    control.configure_token(revoke=["pages_messaging"])
    assert whole_error(send_text(base_url, page_token, tester["psid"])) == (
        400, 230, None, "OAuthException",
        "(#230) Requires pages_messaging permission to manage the object")


@pytest.mark.parametrize(("code", "expected"), [
    (613, (400, 613, None, "OAuthException",
           "(#613) Calls to this api have exceeded the rate limit.")),
    (4, (400, 4, None, "OAuthException", "(#4) Application request limit reached")),
])
def test_armed_rate_limit(base_url: str, page_token: str, control: Control, tester: dict,
                          code: int, expected: tuple) -> None:
    control.customer_send(tester["id"], "Oi")
    control.configure_app(rate_limit={"calls": 2, "window_ms": 1000, "code": code})
    assert [send_text(base_url, page_token, tester["psid"]).status_code for _ in range(2)] == [
        200, 200]
    reply = send_text(base_url, page_token, tester["psid"])
    assert whole_error(reply) == expected
    assert reply.json()["error"]["is_transient"] is True
    control.advance_clock(1000)
    assert send_text(base_url, page_token, tester["psid"]).status_code == 200


def test_other_app_owning_the_thread_is_2018300(base_url: str, page_token: str,
                                                control: Control, tester: dict) -> None:
    control.customer_send(tester["id"], "Oi")
    control.set_thread_owner(tester["id"])  # the Page Inbox takes the conversation
    assert whole_error(send_text(base_url, page_token, tester["psid"])) == (
        400, 2018300, None, "OAuthException",
        "Message failed to send because another app is controlling this thread now.")
