"""Steps of the reviewer acting as the customer on the simulated Facebook (guide steps 6-8)."""

from __future__ import annotations

from pytest_bdd import parsers, then, when
from selenium.webdriver.remote.webdriver import WebDriver

from homologa.browsers import grant_notifications
from homologa.fixtures import SimulatedMeta, TestAccount
from homologa.profiles import Profile
from steps.pages.facebook_page import FacebookPage
from steps.pages.messenger import MessengerChat

CUSTOMER_MESSAGE = "Olá! Gostaria de falar com um atendente, por favor."


@when("the customer accesses the company's Facebook page in another browser window",
      target_fixture="facebook_page")
def open_facebook_page(customer_browser: WebDriver, meta: SimulatedMeta,
                       homologa_profile: Profile) -> FacebookPage:
    return FacebookPage(customer_browser, meta.url, homologa_profile,
                        username=meta.page["username"]).open()


@then(parsers.parse('a screen with the title "{title}" appears'))
def connect_title_appears(facebook_page: FacebookPage, title: str) -> None:
    assert facebook_page.is_marked_simulated
    assert facebook_page.login_prompt.title == title


@when("the customer logs in with the Facebook test account")
def log_in_to_facebook(facebook_page: FacebookPage, customer: TestAccount) -> None:
    facebook_page.log_in(customer.email, customer.password)
    assert facebook_page.is_logged_in, facebook_page.login_prompt.error


@when("the customer allows the Facebook screen to display notifications")
def allow_facebook_notifications(facebook_page: FacebookPage, meta: SimulatedMeta) -> None:
    grant_notifications(facebook_page.driver, meta.url)
    assert facebook_page.notification_permission == "granted"


@when(parsers.parse('the customer clicks on the "{label}" button to open "{app}"'),
      target_fixture="messenger")
def open_messenger(facebook_page: FacebookPage, label: str, app: str) -> MessengerChat:
    assert facebook_page.message_button_label == label
    messenger = facebook_page.open_messenger()
    assert app == facebook_page.profile.label("messenger")
    return messenger


@when("the customer sends a text message via Messenger", target_fixture="sent_text")
def send_text_message(messenger: MessengerChat) -> str:
    messenger.send(CUSTOMER_MESSAGE)
    return CUSTOMER_MESSAGE
