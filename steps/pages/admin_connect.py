"""The app's "Facebook Page" administration: Continue with Facebook, the Pages the login
offered, the connection state and its messages."""

from __future__ import annotations

from steps.pages.base import Page, testid
from steps.pages.facebook_login import FacebookLoginDialog

__all__ = ["FacebookConnection"]


class FacebookConnection(Page):
    URL_TEMPLATE = "/interact_multiagent/admin/facebook"
    _root_locator = testid("facebook-connection")
    _link_locator = testid("facebook-link")
    _continue_locator = testid("facebook-continue")
    _message_locator = testid("facebook-message")
    _page_locator = testid("facebook-page")
    _page_name_locator = testid("facebook-page-name")
    _page_connect_locator = testid("facebook-page-connect")
    _connected_page_locator = testid("facebook-connected-page")

    @property
    def loaded(self) -> bool:
        return self.is_element_displayed(self._root_locator)

    @property
    def is_connected(self) -> bool:
        return self.find_element(self._root_locator).get_attribute("data-connected") == "true"

    @property
    def connected_page(self) -> str:
        return self.text_of(self._connected_page_locator) if self.is_connected else ""

    @property
    def messages(self) -> list[str]:
        return [el.text.strip() for el in self.find_elements(self._message_locator)]

    @property
    def offered_pages(self) -> list[str]:
        return [el.text.strip() for el in self.find_elements(self._page_name_locator)]

    def open_from_admin(self) -> FacebookConnection:
        """From the administration page, follow its "Facebook Page" link."""
        self.navigate(lambda: self.find_element(self._link_locator).click())
        return self.wait_for_page_to_load()

    def continue_with_facebook(self, dialog_url: str) -> FacebookLoginDialog:
        """Click the button; the simulated Facebook Login dialog opens (`dialog_url`: its host)."""
        self.navigate(lambda: self.find_element(self._continue_locator).click())
        return FacebookLoginDialog(self.driver, dialog_url, self.profile).wait_for_page_to_load()

    def back_from_facebook(self) -> FacebookConnection:
        return self.wait_for_page_to_load()

    def connect(self, page_name: str) -> FacebookConnection:
        row = next(el for el in self.find_elements(self._page_locator)
                   if el.find_element(*self.resolve(self._page_name_locator)).text == page_name)
        self.navigate(lambda: row.find_element(*self.resolve(self._page_connect_locator)).click())
        return self.wait_for_page_to_load()
