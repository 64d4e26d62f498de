"""Steps of the guide's best practices (section 1): the app's own check and the simulated world."""

from __future__ import annotations

from pytest_bdd import given, then, when
from selenium.webdriver.remote.webdriver import WebDriver

from homologa.fixtures import AppUnderTest, SimulatedMeta, TestAccount
from homologa.profiles import Profile
from steps.pages.admin import Practice
from steps.pages.portal import PortalLogin


@when("the administrator opens the app's best-practice check", target_fixture="practices")
def open_practice_check(agent_browser: WebDriver, app_under_test: AppUnderTest,
                        homologa_profile: Profile) -> dict[str, Practice]:
    assert homologa_profile.admin_login, f"profile {homologa_profile.path} has no [admin] login"
    login = PortalLogin(agent_browser, app_under_test.url, homologa_profile).open()
    login.fill_credentials(homologa_profile.admin_login, homologa_profile.admin_password)
    return login.enter_as_admin().practices


def _passes(practices: dict[str, Practice], practice_id: str) -> None:
    practice = practices.get(practice_id)
    assert practice is not None, f"the check has no {practice_id!r}: {sorted(practices)}"
    assert practice.ok, practice.text


@then("the chat service is receptive, without call classification and without post-service")
def service_is_receptive(practices: dict[str, Practice]) -> None:
    _passes(practices, "receptive-service")


@then("exactly one agent answers the chats of that service")
def single_agent(practices: dict[str, Practice]) -> None:
    _passes(practices, "single-agent")


@then("the agent has logged in beforehand and set a password")
def agent_password_set(practices: dict[str, Practice]) -> None:
    _passes(practices, "password-set")


@then("the agent's chat auto-answer is AUTOMATIC")
def automatic_answer(practices: dict[str, Practice]) -> None:
    _passes(practices, "automatic-answer")


@then("the agent has 8 simultaneous chat positions")
def eight_positions(practices: dict[str, Practice]) -> None:
    _passes(practices, "eight-positions")


@given("the Facebook test account the step-by-step gives the reviewer", target_fixture="customer")
def reviewer_test_account(meta: SimulatedMeta, customer: TestAccount) -> TestAccount:
    world = meta.control.world()
    return TestAccount.from_world(next(a for a in world["test_accounts"]
                                       if a["email"] == customer.email))


@then("that account is a tester of the app")
def account_is_tester(customer: TestAccount, homologa_profile: Profile) -> None:
    assert customer.role == "tester", f"{customer.email} has the role {customer.role!r}"
    assert homologa_profile.facebook.test_account_role == "tester"
