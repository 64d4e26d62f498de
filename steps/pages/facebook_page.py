"""The company's simulated Facebook Page: the logged-out prompt, the login form, Message."""

from __future__ import annotations

from steps.pages.base import Page, Region, testid
from steps.pages.messenger import MessengerChat, NotificationBanner

__all__ = ["FacebookPage", "LoginPrompt", "NotificationBanner"]


class LoginPrompt(Region):
    """"Connect with {Page} on Facebook" and the login form shown to a logged-out visitor."""

    _root_locator = testid("connect-title")
    _email_locator = testid("login-email")
    _password_locator = testid("login-password")
    _submit_locator = testid("login-submit")
    _error_locator = testid("login-error")

    @property
    def title(self) -> str:
        return self.root.text.strip()

    @property
    def error(self) -> str:
        return self.page.visible_text(self._error_locator) or ""

    def fill(self, email: str, password: str) -> None:
        fields = self.page.cleared_fields(self._email_locator, self._password_locator)
        for field, value in zip(fields, (email, password), strict=True):
            field.send_keys(value)

    def submit(self) -> None:
        self.page.find_element(self._submit_locator).click()


class FacebookPage(Page):
    URL_TEMPLATE = "/{username}/"
    _page_name_locator = testid("page-name")
    _category_locator = testid("page-category")
    _cover_locator = testid("page-cover")
    _message_locator = testid("message-button")
    _simulated_locator = testid("simulated-mark")
    _account_locator = testid("account-name")
    prompt_class = LoginPrompt

    @property
    def loaded(self) -> bool:
        simulated, message, prompt = self.visible_texts(
            self._simulated_locator, self._message_locator, self.prompt_class._root_locator)
        return simulated is not None and (message is not None or prompt is not None)

    @property
    def is_logged_in(self) -> bool:
        return self.is_element_displayed(self._message_locator)

    @property
    def login_prompt(self) -> LoginPrompt:
        return self.prompt_class(self)

    @property
    def notifications(self) -> NotificationBanner:
        return NotificationBanner(self)

    @property
    def page_name(self) -> str:
        return self.text_of(self._page_name_locator)

    @property
    def category(self) -> str:
        return self.text_of(self._category_locator)

    @property
    def has_cover(self) -> bool:
        return self.is_element_displayed(self._cover_locator)

    @property
    def account_name(self) -> str:
        account, message = self.visible_texts(self._account_locator, self._message_locator)
        return (account or "") if message is not None else ""

    @property
    def message_button_label(self) -> str:
        return self.text_of(self._message_locator)

    @property
    def is_marked_simulated(self) -> bool:
        return self.is_element_displayed(self._simulated_locator)

    @property
    def notification_permission(self) -> str:
        return self.driver.execute_script(
            "return window.Notification ? Notification.permission : 'unsupported';"
        )

    def log_in(self, email: str, password: str) -> FacebookPage:
        """Fill and submit the login form; returns this page, reloaded (logged in or not)."""
        self.login_prompt.fill(email, password)
        self.navigate(self.login_prompt.submit)
        return self.wait_for_page_to_load()

    def open_messenger(self) -> MessengerChat:
        self.navigate(lambda: self.find_element(self._message_locator).click())
        return MessengerChat(self.driver, self.base_url, self.profile).wait_for_page_to_load()
