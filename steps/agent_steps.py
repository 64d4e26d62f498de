"""Steps of the reviewer acting as the agent in the app under test (guide steps 1-5 and 9)."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when
from selenium.webdriver.remote.webdriver import WebDriver

from homologa.browsers import grant_notifications
from homologa.fixtures import AppUnderTest
from homologa.profiles import Profile
from steps.pages.desk import AgentDesk, ChatCard
from steps.pages.messenger import MessengerChat
from steps.pages.portal import PortalLogin

AGENT_REPLY = "Hello! This is Interact. How can I help you?"


@given("the reviewer accesses the application test page in the browser", target_fixture="login_page")
def open_login_page(agent_browser: WebDriver, app_under_test: AppUnderTest,
                    homologa_profile: Profile) -> PortalLogin:
    return PortalLogin(agent_browser, app_under_test.url, homologa_profile).open()


@when("the reviewer fills in the agent's access credentials")
def fill_agent_credentials(login_page: PortalLogin, homologa_profile: Profile) -> None:
    login_page.fill_credentials(homologa_profile.agent_login, homologa_profile.agent_password)


@when(parsers.parse('the reviewer clicks on the "{label}" button'), target_fixture="desk")
def click_enter(login_page: PortalLogin, label: str) -> AgentDesk:
    assert login_page.enter_label == label, f"the login button reads {login_page.enter_label!r}"
    return login_page.enter()


@then("a new browser window opens with the application and the agent is logged in")
def desk_in_new_window(desk: AgentDesk, agent_browser: WebDriver) -> None:
    assert len(agent_browser.window_handles) == 2, "the desk did not open in a second window"
    assert desk.loaded


@when("the reviewer allows the new window to display notifications")
def allow_desk_notifications(desk: AgentDesk, app_under_test: AppUnderTest) -> None:
    grant_notifications(desk.driver, app_under_test.url)
    assert desk.notification_permission == "granted"


@when(parsers.parse('the reviewer selects the "{item}" item of the "{menu}" menu at the top right '
                    "of the page"))
def select_status(desk: AgentDesk, item: str, menu: str) -> None:
    assert desk.status_menu.label == menu, f"the status menu reads {desk.status_menu.label!r}"
    position = desk.status_menu.position
    assert position["x"] > 0.5 and position["y"] < 0.25, f"the menu is not at the top right: {position}"
    desk.status_menu.select(item)


@then(parsers.parse('the agent\'s status is "{status}", able to receive new chats'))
def agent_status_is(desk: AgentDesk, status: str) -> None:
    assert desk.status_menu.current == status


@then("the message sent by Facebook appears on the Interact screen as a new chat conversation",
      target_fixture="chat_card")
def message_arrives_as_new_chat(desk: AgentDesk, sent_text: str) -> ChatCard:
    card = desk.wait_for_chat_with_message(sent_text)
    assert len(desk.chats) == 1, f"expected one new chat, the desk shows {len(desk.chats)}"
    return card


@then("the chat conversation can be continued from there")
def conversation_continues(desk: AgentDesk, chat_card: ChatCard, messenger: MessengerChat,
                           sent_text: str) -> None:
    panel = desk.wait_for_open_chat(chat_card.chat_id)
    assert panel.messages("in") == [sent_text]
    panel.reply(AGENT_REPLY)
    assert not panel.reply_error, panel.reply_error
    messenger.wait_for_reply(AGENT_REPLY)
