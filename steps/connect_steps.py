"""Steps of connecting the company's Facebook Page through Facebook Login (pages_show_list,
pages_manage_metadata): the administrator's side, Facebook's dialog, and the proof in the journal."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, then, when
from selenium.webdriver.remote.webdriver import WebDriver

from homologa.fixtures import AppUnderTest, BundledApp, SimulatedMeta, TestAccount
from homologa.profiles import Profile
from steps.pages.admin_connect import FacebookConnection
from steps.pages.facebook_login import FacebookLoginDialog
from steps.pages.portal import PortalLogin

CALLBACK_PATH = "/interact_multiagent/admin/facebook/callback"
DEFAULT_SCOPES = "pages_show_list, pages_manage_metadata, pages_messaging"
NEW_CUSTOMER_MESSAGE = "Hello! Is this the company's new help desk?"


def _start_unconnected_app(meta: SimulatedMeta, profile: Profile,
                           request: pytest.FixtureRequest, scopes: str) -> AppUnderTest:
    """The bundled desk with APP_ID and no PAGE_TOKEN; its callback registered with the app."""
    if not profile.is_bundled:
        pytest.skip("connecting a Page drives the bundled reference app")
    bundled: BundledApp = request.getfixturevalue("bundled_app")
    app = bundled.reset_for(meta, profile, PAGE_TOKEN=None, APP_ID=meta.world["app"]["id"],
                            FACEBOOK_URL=meta.url, FACEBOOK_SCOPES=scopes.replace(" ", ""))
    request.addfinalizer(bundled.server.raise_thread_errors)
    meta.control.configure_app(redirect_uris=[app.url + CALLBACK_PATH])
    return app


@given("Interact has no Page token and connects its Page with Facebook Login",
       target_fixture="app_under_test")
def app_without_page_token(meta: SimulatedMeta, homologa_profile: Profile,
                           request: pytest.FixtureRequest) -> AppUnderTest:
    return _start_unconnected_app(meta, homologa_profile, request, DEFAULT_SCOPES)


@given(parsers.parse('Interact has no Page token and requests the Facebook scopes "{scopes}"'),
       target_fixture="app_under_test")
def app_requesting_scopes(meta: SimulatedMeta, homologa_profile: Profile,
                          request: pytest.FixtureRequest, scopes: str) -> AppUnderTest:
    return _start_unconnected_app(meta, homologa_profile, request, scopes)


@when("the administrator logs in to the application from the login page",
      target_fixture="facebook_connection")
def admin_logs_in(agent_browser: WebDriver, app_under_test: AppUnderTest,
                  homologa_profile: Profile) -> FacebookConnection:
    login = PortalLogin(agent_browser, app_under_test.url, homologa_profile).open()
    login.fill_credentials(homologa_profile.admin_login, homologa_profile.admin_password)
    login.enter_as_admin()
    return FacebookConnection(agent_browser, app_under_test.url, homologa_profile)


@when('the administrator opens "Facebook Page" in the administration')
def open_facebook_page_admin(facebook_connection: FacebookConnection) -> None:
    facebook_connection.open_from_admin()


@when('the administrator clicks on "Continue with Facebook"', target_fixture="facebook_dialog")
def continue_with_facebook(facebook_connection: FacebookConnection,
                           meta: SimulatedMeta) -> FacebookLoginDialog:
    return facebook_connection.continue_with_facebook(meta.url)


@then("the simulated Facebook asks the administrator to log in")
def facebook_asks_to_log_in(facebook_dialog: FacebookLoginDialog) -> None:
    assert facebook_dialog.is_marked_simulated
    assert facebook_dialog.step == "login", f"the dialog shows {facebook_dialog.step!r}"


@when("the administrator logs in to Facebook with the account that manages the Page")
def log_in_to_facebook_as_admin(facebook_dialog: FacebookLoginDialog, meta: SimulatedMeta) -> None:
    developer = meta.world["developer"]
    facebook_dialog.log_in(developer["email"], developer["password"])


@then(parsers.parse('Facebook lists each permission Interact requests: "{permissions}"'))
def facebook_lists_permissions(facebook_dialog: FacebookLoginDialog, permissions: str) -> None:
    assert facebook_dialog.step == "consent", f"the dialog shows {facebook_dialog.step!r}"
    assert facebook_dialog.permissions == ["public_profile", *permissions.split(", ")]


@when("the administrator continues with every permission on")
def continue_with_every_permission(facebook_dialog: FacebookLoginDialog) -> None:
    facebook_dialog.continue_as_person()


@when(parsers.parse('the administrator turns "{permission}" off and continues'))
def decline_permission(facebook_dialog: FacebookLoginDialog, permission: str) -> None:
    facebook_dialog.turn_off(permission).continue_as_person()


@then("Facebook asks which Pages Interact may access")
def facebook_asks_for_pages(facebook_dialog: FacebookLoginDialog, meta: SimulatedMeta) -> None:
    assert facebook_dialog.step == "pages", f"the dialog shows {facebook_dialog.step!r}"
    assert meta.page["name"] in facebook_dialog.page_names, facebook_dialog.page_names


@when("the administrator picks the company's Page and continues")
def pick_company_page(facebook_dialog: FacebookLoginDialog, meta: SimulatedMeta,
                      facebook_connection: FacebookConnection) -> None:
    facebook_dialog.pick_page(meta.page["name"]).continue_with_pages()
    facebook_connection.back_from_facebook()


@then("Interact lists the company's Page")
def app_lists_page(facebook_connection: FacebookConnection, meta: SimulatedMeta) -> None:
    assert facebook_connection.offered_pages == [meta.page["name"]], facebook_connection.messages


@when("the administrator connects the company's Page")
def connect_company_page(facebook_connection: FacebookConnection, meta: SimulatedMeta) -> None:
    facebook_connection.connect(meta.page["name"])


@then("Interact shows that it is connected to the company's Page")
def app_shows_connection(facebook_connection: FacebookConnection, meta: SimulatedMeta) -> None:
    assert facebook_connection.connected_page == meta.page["name"], facebook_connection.messages


@then("Meta subscribed the app to the Page's messages with the Page token Interact obtained")
def app_subscribed_to_page(meta: SimulatedMeta) -> None:
    (call,) = meta.control.journal(kind="graph", path=f"/{meta.world['graph_version']}/"
                                   f"{meta.page['id']}/subscribed_apps")
    assert (call["method"], call["status"]) == ("POST", 200), call
    fields = meta.control.world()["page"]["subscribed_apps"][meta.world["app"]["id"]]
    assert {"messages", "messaging_postbacks", "message_echoes"} <= set(fields), fields


@when("a customer sends a message to the Page", target_fixture="sent_text")
def customer_sends_to_page(meta: SimulatedMeta, customer: TestAccount) -> str:
    meta.control.customer_send(customer.psid, NEW_CUSTOMER_MESSAGE)
    return NEW_CUSTOMER_MESSAGE


@then("the message reaches Interact, which reads the customer's name with the token it obtained")
def message_reaches_app_with_obtained_token(meta: SimulatedMeta, customer: TestAccount) -> None:
    delivered = meta.control.wait_for_journal(
        lambda e: e["psid"] == customer.psid and e["outcome"] == "delivered", kind="webhook")
    assert delivered["status"] == 200, delivered
    profile = meta.control.wait_for_journal(
        lambda e: e["method"] == "GET" and e["path"].endswith(f"/{customer.psid}"), kind="graph")
    assert profile["status"] == 200, profile  # the app has no other token than the obtained one


@then(parsers.parse('Interact says that "{permission}" was declined and connects no Page'))
def app_explains_declined(facebook_connection: FacebookConnection, permission: str) -> None:
    assert any(f"You declined {permission}" in m for m in facebook_connection.messages), \
        facebook_connection.messages
    assert not facebook_connection.is_connected


@then(parsers.parse('Facebook shows "{title}" naming "{scope}"'))
def facebook_shows_error(facebook_dialog: FacebookLoginDialog, title: str, scope: str) -> None:
    assert facebook_dialog.step == "error", f"the dialog shows {facebook_dialog.step!r}"
    shown_title, message = facebook_dialog.error
    assert shown_title == title and message.startswith(scope), (shown_title, message)
