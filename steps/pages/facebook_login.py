"""The simulated Facebook Login dialog: log in, the permissions (each can be turned off), the
Page picker, Cancel, and Meta's error page."""

from __future__ import annotations

from steps.pages.base import Page, testid

__all__ = ["FacebookLoginDialog"]


class FacebookLoginDialog(Page):
    """`/{version}/dialog/oauth` on the simulator; `step` says which screen is shown."""

    _dialog_locator = testid("oauth-dialog")
    _title_locator = testid("oauth-title")
    _email_locator = testid("login-email")
    _password_locator = testid("login-password")
    _submit_locator = testid("login-submit")
    _permission_locator = testid("oauth-permission")
    _toggle_locator = testid("oauth-permission-toggle")
    _continue_locator = testid("oauth-continue")
    _cancel_locator = testid("oauth-cancel")
    _page_locator = testid("oauth-page")
    _page_name_locator = testid("oauth-page-name")
    _pages_continue_locator = testid("oauth-pages-continue")
    _error_title_locator = testid("oauth-error-title")
    _error_message_locator = testid("oauth-error-message")

    @property
    def loaded(self) -> bool:
        return self.is_element_displayed(self._dialog_locator)

    @property
    def step(self) -> str:
        """"login", "consent", "pages" or "error"."""
        return self.find_element(self._dialog_locator).get_attribute("data-step")

    @property
    def title(self) -> str:
        return self.text_of(self._title_locator)

    @property
    def is_marked_simulated(self) -> bool:
        return self.is_element_displayed(testid("simulated-mark"))

    @property
    def permissions(self) -> list[str]:
        """The permissions the app requests (public_profile included), in the dialog's order."""
        return [el.get_attribute("data-permission")
                for el in self.find_elements(self._permission_locator)]

    @property
    def page_names(self) -> list[str]:
        return [el.text.strip() for el in self.find_elements(self._page_name_locator)]

    @property
    def error(self) -> tuple[str, str]:
        """Meta's error page: (title, message)."""
        return self.text_of(self._error_title_locator), self.text_of(self._error_message_locator)

    def log_in(self, email: str, password: str) -> FacebookLoginDialog:
        self.find_element(self._email_locator).send_keys(email)
        self.find_element(self._password_locator).send_keys(password)
        return self._submit(self._submit_locator)

    def turn_off(self, permission: str) -> FacebookLoginDialog:
        toggle = next(el for el in self.find_elements(self._toggle_locator)
                      if el.get_attribute("data-permission") == permission)
        if toggle.is_selected():
            toggle.click()
        return self

    def continue_as_person(self) -> FacebookLoginDialog:
        return self._submit(self._continue_locator)

    def pick_page(self, name: str) -> FacebookLoginDialog:
        for box in self.find_elements(self._page_locator):
            if box.get_attribute("data-page-name") == name and not box.is_selected():
                box.click()
        return self

    def continue_with_pages(self) -> None:
        """Continue: the browser goes back to the app (the caller opens the app's page)."""
        self.navigate(lambda: self.find_element(self._pages_continue_locator).click())

    def cancel(self) -> None:
        self.navigate(lambda: self.find_element(self._cancel_locator).click())

    def _submit(self, locator: tuple[str, str]) -> FacebookLoginDialog:
        self.navigate(lambda: self.find_element(locator).click())
        return self.wait_for_page_to_load()
