"""Steps of the states that make a reviewer report "Messenger Bot Not Functional": another app
(the Page Inbox) holds the conversation, the Page is not published."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when
from selenium.webdriver.remote.webdriver import WebDriver

from homologa import readiness
from homologa.fixtures import SimulatedMeta, TestAccount
from homologa.profiles import Profile
from steps.pages.desk import AgentDesk, ChatCard
from steps.pages.page_unavailable import UnavailablePage
from steps.refusals import assert_reply_refused


@when("the Page Inbox of Meta Business Suite takes control of the customer's conversation")
def page_inbox_takes_thread(meta: SimulatedMeta, customer: TestAccount) -> None:
    meta.control.set_thread_owner(customer.psid)


@then("the agent sees that another app controls the conversation, with the text kept")
def agent_sees_other_app(desk: AgentDesk, chat_card: ChatCard, late_reply: str,
                         homologa_profile: Profile) -> None:
    assert_reply_refused(desk, chat_card, late_reply, homologa_profile.label("other_app_controls"))


@then("Meta refused the reply because another app controls the thread")
def meta_refused_thread_owner(meta: SimulatedMeta, customer: TestAccount) -> None:
    refused = meta.send_api_call_to(customer.psid)
    assert (refused["status"], refused["error_code"]) == (400, 2018300), refused


@then("the readiness check names the app holding the conversation, with its source")
def readiness_names_thread_owner(meta: SimulatedMeta) -> None:
    findings = [f for f in readiness.check(readiness.facts_from_world(meta.control))
                if f.rule == "app-is-thread-owner"]
    assert [(f.passed, f.source) for f in findings] == [
        (False, "app-review.md §3 #9, §4 handover trap [S26,S46]")], findings
    assert "263902037430900 (Page Inbox)" in findings[0].message


@given("the company's Facebook Page is not published")
def page_not_published(meta: SimulatedMeta) -> None:
    meta.control.configure_page(published=False)


@when("the customer opens the address of the company's Facebook page",
      target_fixture="unavailable_page")
def open_unpublished_page(customer_browser: WebDriver, meta: SimulatedMeta,
                          homologa_profile: Profile) -> UnavailablePage:
    return UnavailablePage(customer_browser, meta.url, homologa_profile,
                           username=meta.page["username"]).open()


@then(parsers.parse('Facebook answers "{title}" and offers no "Message" button'))
def page_unavailable(unavailable_page: UnavailablePage, title: str) -> None:
    assert unavailable_page.title == title
    assert not unavailable_page.has_message_button
