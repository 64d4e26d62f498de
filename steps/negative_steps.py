"""Steps of the states a reviewer can stumble into: armed through the control API, read in the journal."""

from __future__ import annotations

from pytest_bdd import given, then, when

from homologa.fixtures import SimulatedMeta, TestAccount
from homologa.profiles import Profile
from steps.pages.desk import AgentDesk, ChatCard
from steps.pages.messenger import MessengerChat

DAY_MS = 24 * 60 * 60 * 1000
LATE_REPLY = "Sorry for the delay! Are you still there?"


@given("the app was not granted Business Asset User Profile Access")
def baupa_not_granted(meta: SimulatedMeta) -> None:
    meta.control.configure_app(features={"business_asset_user_profile_access": False})


@given("the customer's Facebook account has no role on the app, which is in development mode",
       target_fixture="customer")
def customer_without_role(meta: SimulatedMeta) -> TestAccount:
    meta.control.configure_app(mode="development")
    account = next(a for a in meta.world["test_accounts"] if not a.get("role"))
    return TestAccount.from_world(account)


@when("more than 24 hours pass without a new message from the customer")
def day_passes(meta: SimulatedMeta) -> None:
    meta.control.advance_clock(DAY_MS + 60 * 60 * 1000)


@when("the agent replies in the chat", target_fixture="late_reply")
def agent_replies(desk: AgentDesk, chat_card: ChatCard) -> str:
    desk.show_chat(chat_card).reply(LATE_REPLY)
    return LATE_REPLY


@then("Meta refuses the app's request for the user's name")
def profile_read_refused(meta: SimulatedMeta, customer: TestAccount) -> None:
    refused = meta.control.wait_for_journal(
        lambda e: e["method"] == "GET" and e["path"].endswith(f"/{customer.psid}")
        and e["status"] >= 400, kind="graph")
    assert (refused["error_code"], refused["error_subcode"]) == (100, 33), refused


@then("the new chat shows a fallback name instead of the user's name")
def chat_shows_fallback_name(desk: AgentDesk, chat_card: ChatCard, customer: TestAccount) -> None:
    name = desk.chat(chat_card.chat_id).customer_name
    assert name and not set(customer.name.split()) & set(name.split()), f"the chat is named {name!r}"
    assert desk.show_chat(chat_card).customer_name == name


@then("Meta sends no webhook for the message, because the sender has no role on the app")
def no_webhook_for_roleless_sender(meta: SimulatedMeta, customer: TestAccount) -> None:
    withheld = meta.control.wait_for_journal(
        lambda e: e["event"] == "messages" and e["psid"] == customer.psid, kind="webhook")
    assert withheld["outcome"] == "not_sent", withheld
    assert "no role on the app" in withheld["reason"], withheld["reason"]


@then("Meta delivers the message to the app's webhook")
def message_delivered_to_app(meta: SimulatedMeta, customer: TestAccount) -> None:
    delivered = meta.control.wait_for_journal(
        lambda e: e["event"] == "messages" and e["psid"] == customer.psid
        and e["outcome"] != "not_sent", kind="webhook")
    assert (delivered["outcome"], delivered["status"]) == ("delivered", 200), delivered


@then("no chat appears on the Interact screen")
def no_chat_on_desk(desk: AgentDesk) -> None:
    assert desk.chats == [], f"the desk shows {[c.customer_name for c in desk.chats]}"


@then("the agent sees that the reply was not sent because the 24-hour window has closed")
def agent_sees_window_closed(desk: AgentDesk, chat_card: ChatCard, late_reply: str,
                             homologa_profile: Profile) -> None:
    panel = desk.show_chat(chat_card)
    why = homologa_profile.label("window_closed")
    assert why in panel.reply_error, f"the desk says {panel.reply_error!r}, not {why!r}"
    assert late_reply not in panel.messages("out")


@then("Meta refused the reply outside the messaging window")
def reply_refused_by_meta(meta: SimulatedMeta, messenger: MessengerChat, late_reply: str) -> None:
    refused = meta.control.wait_for_journal(
        lambda e: e["method"] == "POST" and e["path"].endswith("/messages")
        and e["status"] >= 400, kind="graph")
    assert (refused["error_code"], refused["error_subcode"]) == (10, 2018278), refused
    assert late_reply not in messenger.messages("page")


@given("the agent's status is not Operating")
def agent_not_operating(desk: AgentDesk, homologa_profile: Profile) -> None:
    assert desk.status_menu.current != homologa_profile.label("operating")
