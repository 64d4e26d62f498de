"""The company's simulated Instagram professional account: profile, login prompt, Direct thread."""

from __future__ import annotations

from steps.pages.base import testid
from steps.pages.facebook_page import FacebookPage, LoginPrompt
from steps.pages.messenger import ChatThread

__all__ = ["InstagramDirect", "InstagramLoginPrompt", "InstagramProfile"]


class InstagramLoginPrompt(LoginPrompt):
    """"Log in to message {username}" and the login form shown to a logged-out visitor."""

    _root_locator = testid("ig-login-title")


class InstagramDirect(ChatThread):
    """The customer's Direct thread with the professional account."""

    URL_TEMPLATE = "/instagram/direct/t/{ig_id}"
    _root_locator = testid("ig-direct")
    _title_locator = testid("ig-username")


class InstagramProfile(FacebookPage):
    URL_TEMPLATE = "/instagram/{username}/"
    _page_name_locator = testid("ig-username")
    _display_name_locator = testid("ig-name")
    _message_locator = testid("ig-message-button")
    prompt_class = InstagramLoginPrompt

    @property
    def username(self) -> str:
        return self.text_of(self._page_name_locator)

    @property
    def display_name(self) -> str:
        return self.text_of(self._display_name_locator)

    def open_direct(self) -> InstagramDirect:
        self.navigate(lambda: self.find_element(self._message_locator).click())
        return InstagramDirect(self.driver, self.base_url, self.profile).wait_for_page_to_load()
