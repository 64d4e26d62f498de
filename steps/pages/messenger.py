"""The customer's Messenger chat with the Page (simulated): send text, see the Page's replies."""

from __future__ import annotations

from steps.pages.base import Page, testid

__all__ = ["MessengerChat"]


class MessengerChat(Page):
    URL_TEMPLATE = "/messages/t/{page_id}"
    _root_locator = testid("messenger")
    _bubble_locator = testid("message-bubble")
    _input_locator = testid("message-input")
    _send_locator = testid("send-button")

    @property
    def loaded(self) -> bool:
        return self.is_element_displayed(self._root_locator) and self.is_element_displayed(
            self._input_locator)

    def messages(self, sent_by: str | None = None) -> list[str]:
        """Bubble texts in order; `sent_by` is "customer" or "page"."""
        return [
            b.text.strip() for b in self.find_elements(self._bubble_locator)
            if sent_by is None or b.get_attribute("data-from") == sent_by
        ]

    def send(self, text: str) -> str:
        """Type and send; returns the message id once the platform accepted it."""
        self.find_element(self._input_locator).send_keys(text)
        self.find_element(self._send_locator).click()

        def accepted_mid(_):
            for bubble in self.find_elements(self._bubble_locator):
                if bubble.get_attribute("data-from") == "customer" and bubble.text.strip() == text:
                    return bubble.get_attribute("data-mid") or None
            return None

        return self.wait.until(accepted_mid, f"the message {text!r} was not accepted by Messenger")

    def wait_for_reply(self, text: str) -> None:
        self.wait.until(lambda _: text in self.messages("page"),
                        f"the Page's reply {text!r} did not appear in Messenger")
