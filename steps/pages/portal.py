"""The app's login screen at the direct URL (LOGIN, PASSWORD, ENTER)."""

from __future__ import annotations

from typing import TypeVar
from urllib.parse import urlsplit

from steps.pages.admin import AdminPage
from steps.pages.base import Page, testid
from steps.pages.desk import AgentDesk

P = TypeVar("P", bound=Page)

__all__ = ["PortalLogin"]


class PortalLogin(Page):
    _login_locator = testid("login-input")
    _password_locator = testid("password-input")
    _enter_locator = testid("enter-button")
    _solution_locator = testid("solution-link")

    @property
    def URL_TEMPLATE(self) -> str:  # PyPOM's name; the direct URL comes from the profile
        return self.profile.login_path

    @property
    def loaded(self) -> bool:
        return self.is_element_displayed(self._enter_locator)

    @property
    def path(self) -> str:
        """The path the browser shows (after any redirect)."""
        return urlsplit(self.driver.current_url).path

    @property
    def lists_solutions(self) -> bool:
        """True on a vendor portal that asks the visitor to choose a solution first."""
        return self.is_element_displayed(self._solution_locator)

    @property
    def enter_label(self) -> str:
        return self.text_of(self._enter_locator)

    def fill_credentials(self, login: str, password: str) -> PortalLogin:
        for field, value in zip(self.cleared_fields(self._login_locator, self._password_locator),
                                (login, password), strict=True):
            field.send_keys(value)
        return self

    def enter(self) -> AgentDesk:
        """Click ENTER; the desk opens in a new window, which becomes the current one."""
        return self._enter_into(AgentDesk)

    def enter_as_admin(self) -> AdminPage:
        """Click ENTER with an administrator's credentials: the new window shows the admin page."""
        return self._enter_into(AdminPage)

    def _enter_into(self, page_class: type[P]) -> P:
        before = set(self.driver.window_handles)
        self.find_element(self._enter_locator).click()
        new_handle = self.wait.until(
            lambda d: next(iter(set(d.window_handles) - before), None),
            "no new window opened after clicking ENTER",
        )
        self.driver.switch_to.window(new_handle)
        page = page_class(self.driver, self.base_url, self.profile)
        self.wait.until(lambda _: page.loaded_and_complete,
                        f"the new window did not show the {page_class.__name__}")
        return page
