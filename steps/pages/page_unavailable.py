"""The simulated Facebook's answer for a Page a visitor may not see (an unpublished Page)."""

from __future__ import annotations

from steps.pages.base import Page, testid

__all__ = ["UnavailablePage"]


class UnavailablePage(Page):
    """`/{username}/` of an unpublished Page, as a customer (or a reviewer) sees it."""

    URL_TEMPLATE = "/{username}/"
    _unavailable_locator = testid("page-unavailable")
    _title_locator = testid("page-unavailable-title")
    _message_button_locator = testid("message-button")

    @property
    def loaded(self) -> bool:
        return self.is_element_displayed(self._unavailable_locator)

    @property
    def title(self) -> str:
        return self.text_of(self._title_locator)

    @property
    def has_message_button(self) -> bool:
        return self.is_element_displayed(self._message_button_locator)
