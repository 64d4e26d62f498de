"""Steps of the reviewer acting as the agent in the app under test (guide steps 1-5 and 9)."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when
from selenium.webdriver.remote.webdriver import WebDriver

from homologa.browsers import grant_notifications
from homologa.fixtures import AppUnderTest, TestAccount
from homologa.profiles import Profile
from steps.pages.desk import AgentDesk, ChatCard
from steps.pages.messenger import MessengerChat
from steps.pages.portal import PortalLogin

AGENT_REPLY = "Hello! This is Interact. How can I help you?"


@given("the reviewer accesses the application test page in the browser", target_fixture="login_page")
def open_login_page(agent_browser: WebDriver, app_under_test: AppUnderTest,
                    homologa_profile: Profile) -> PortalLogin:
    return PortalLogin(agent_browser, app_under_test.url, homologa_profile).open()


@then("the application's login screen appears, not the portal of solutions")
def login_screen_not_portal(login_page: PortalLogin, homologa_profile: Profile) -> None:
    assert login_page.path == homologa_profile.login_path, f"the browser went to {login_page.path}"
    assert not login_page.lists_solutions, "the direct URL shows the portal's list of solutions"
    assert login_page.loaded, "the login screen has no ENTER button"


@when("the reviewer fills in the agent's access credentials")
def fill_agent_credentials(login_page: PortalLogin, homologa_profile: Profile) -> None:
    login_page.fill_credentials(homologa_profile.agent_login, homologa_profile.agent_password)


@when(parsers.parse('the reviewer clicks on the "{label}" button'), target_fixture="desk")
def click_enter(login_page: PortalLogin, label: str, homologa_profile: Profile) -> AgentDesk:
    expected = homologa_profile.label_for(label)
    assert login_page.enter_label == expected, f"the login button reads {login_page.enter_label!r}"
    return login_page.enter()


@then("a new browser window opens with the application and the agent is logged in")
def desk_in_new_window(desk: AgentDesk, agent_browser: WebDriver) -> None:
    assert len(agent_browser.window_handles) == 2, "the desk did not open in a second window"
    assert desk.loaded


@when("the reviewer allows the new window to display notifications")
def allow_desk_notifications(desk: AgentDesk, app_under_test: AppUnderTest) -> None:
    grant_notifications(desk.driver, app_under_test.url)
    assert desk.notification_permission == "granted"


@when(parsers.re(r'the reviewer selects the "(?P<item>[^"]+)" item of the "(?P<menu>[^"]+)" '
                 r"menu at the top (?:(?P<side>left|right) )?of the page"))
def select_status(desk: AgentDesk, item: str, menu: str, side: str | None,
                  homologa_profile: Profile) -> None:
    menu_label, where = desk.status_menu.label, homologa_profile.status_menu_side
    assert menu_label == homologa_profile.label_for(menu), f"the status menu reads {menu_label!r}"
    assert side in (None, where), f"the step says {side}, the profile says {where}"
    placement = desk.status_menu.placement
    assert placement.is_at_top and placement.side == where, (
        f"the menu is not at the top {where}: {placement.position}")
    desk.status_menu.select(homologa_profile.label_for(item))


@then(parsers.parse('the agent\'s status is "{status}", able to receive new chats'))
def agent_status_is(desk: AgentDesk, status: str, homologa_profile: Profile) -> None:
    assert desk.status_menu.current == homologa_profile.label_for(status)


@then("the message sent by Facebook appears on the Interact screen as a new chat conversation",
      target_fixture="chat_card")
def message_arrives_as_new_chat(desk: AgentDesk, sent_text: str) -> ChatCard:
    card = desk.wait_for_chat_with_message(sent_text)
    assert len(desk.chats) == 1, f"expected one new chat, the desk shows {len(desk.chats)}"
    return card


@then("the new chat shows the user's identification (name)")
def chat_shows_customer_name(desk: AgentDesk, chat_card: ChatCard, customer: TestAccount) -> None:
    card = desk.wait_for_chat_named(chat_card.chat_id, customer.name)
    assert card.customer_name == customer.name
    assert desk.show_chat(card).customer_name == customer.name


@then("the chat conversation can be continued from there")
def conversation_continues(desk: AgentDesk, chat_card: ChatCard, messenger: MessengerChat,
                           sent_text: str) -> None:
    panel = desk.show_chat(chat_card)
    assert panel.messages("in") == [sent_text]
    panel.reply(AGENT_REPLY)
    assert not panel.reply_error, panel.reply_error
    messenger.wait_for_reply(AGENT_REPLY)
