"""Steps of the Human Agent rehearsal: a conversation older than 24 hours answered by a person."""

from __future__ import annotations

from datetime import UTC, datetime

from pytest_bdd import given, parsers, then

from homologa.fixtures import AppUnderTest, SimulatedMeta, TestAccount
from homologa.profiles import Profile
from steps.pages.chat_history import ChatHistory
from steps.pages.desk import AgentDesk, ChatCard
from steps.pages.messenger import MessengerChat
from steps.refusals import assert_reply_refused

HOUR_MS = 60 * 60 * 1000
OLD_MESSAGE = "Hi, my order has not arrived yet. Can someone check it?"


@given("the app was granted the Human Agent feature")
def human_agent_granted(meta: SimulatedMeta) -> None:
    meta.control.configure_app(features={"human_agent": True})


@given(parsers.parse("the customer wrote to the Page {hours:d} hours ago"),
       target_fixture="old_message")
def customer_wrote_hours_ago(meta: SimulatedMeta, app_under_test: AppUnderTest,
                             customer: TestAccount, hours: int) -> dict:
    now = meta.control.clock()["now_ms"]
    meta.control.set_clock(now - hours * HOUR_MS)  # Meta stamps the webhook that long ago
    sent = meta.control.customer_send(customer.psid, OLD_MESSAGE)
    meta.control.wait_for_journal(lambda e: sent["mid"] in (e["mids"] or [])
                                  and e["outcome"] == "delivered", kind="webhook")
    meta.control.advance_clock(hours * HOUR_MS)
    return sent


@then("the conversation appears on the Interact screen with the date and time of the message",
      target_fixture="chat_card")
def old_conversation_on_desk(desk: AgentDesk, old_message: dict) -> ChatCard:
    card = desk.wait_for_chat_with_message(OLD_MESSAGE)
    desk.wait_for_open_chat(card.chat_id)
    (entry,) = [e for e in ChatHistory(desk).entries if e.text == OLD_MESSAGE]
    sent_at = datetime.fromtimestamp(old_message["timestamp"] / 1000, UTC)
    assert entry.sent_at and abs((entry.sent_at - sent_at).total_seconds()) < 1, entry
    assert str(entry.sent_at.astimezone().day) in entry.time_label, entry.time_label
    return card


@then("the agent's reply arrives in the customer's Messenger")
def reply_in_messenger(messenger: MessengerChat, late_reply: str) -> None:
    messenger.wait_for_reply(late_reply)
    assert OLD_MESSAGE in messenger.messages("customer")


@then("Meta accepted the reply tagged HUMAN_AGENT")
def meta_accepted_human_agent_tag(meta: SimulatedMeta, customer: TestAccount) -> None:
    send = meta.send_api_call_to(customer.psid)
    assert (send["status"], send["messaging_type"], send["tag"]) == (
        200, "MESSAGE_TAG", "HUMAN_AGENT"), send


@then("the agent sees that replying needs the Human Agent feature, with the text kept")
def agent_sees_human_agent_missing(desk: AgentDesk, chat_card: ChatCard, late_reply: str,
                                   homologa_profile: Profile) -> None:
    assert_reply_refused(desk, chat_card, late_reply, homologa_profile.label("human_agent_missing"))


@then("Meta refused the HUMAN_AGENT tag because the feature was not granted")
def meta_refused_human_agent_tag(meta: SimulatedMeta, customer: TestAccount) -> None:
    send = meta.send_api_call_to(customer.psid)
    assert (send["tag"], send["error_code"], send["error_subcode"]) == (
        "HUMAN_AGENT", 10, 2018278), send


@then("the agent sees that no reply is possible 7 days after the customer's last message")
def agent_sees_seven_days_passed(desk: AgentDesk, chat_card: ChatCard, late_reply: str,
                                 meta: SimulatedMeta, homologa_profile: Profile) -> None:
    assert_reply_refused(desk, chat_card, late_reply, homologa_profile.label("seven_days_passed"))
    sends = [e for e in meta.control.journal(kind="graph") if e["path"].endswith("/messages")]
    assert sends == [], f"the app still called the Send API: {sends}"

