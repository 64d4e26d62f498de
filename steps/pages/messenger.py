"""The customer's conversation with the business (simulated): Messenger, and the shared thread
services Instagram Direct reuses: send text or a picture, react, see typing and receipts."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.keys import Keys

from steps.pages.base import Page, Region, testid

__all__ = ["Bubble", "ChatThread", "MessengerChat", "NotificationBanner"]


class NotificationBanner(Region):
    """The line under the top bar that says whether notifications are on."""

    _root_locator = testid("notification-banner")

    @property
    def permission(self) -> str:
        """What the page knows: "default", "granted", "denied" (from `<body>`)."""
        return self.page.driver.execute_script(
            "return document.body.getAttribute('data-notification-permission');")

    @property
    def text(self) -> str:
        return self.root.text.strip() if self.root.is_displayed() else ""

    def wait_for(self, permission: str) -> NotificationBanner:
        self.page.wait.until(lambda _: self.permission == permission,
                             f"the page never saw notification permission {permission!r}")
        return self


class Bubble(Region):
    """One message of the thread (its row: the bubble, the reaction badge, the React button),
    as it was when the thread was read: every row is read in one command."""

    _bubble_locator = testid("message-bubble")
    _image_locator = testid("message-image")
    _reaction_locator = testid("message-reaction")
    _react_locator = testid("react-button")
    _option_locator = testid("reaction-option")

    def __init__(self, page: Page, root, facts: dict) -> None:
        super().__init__(page, root)
        self._facts = facts

    @classmethod
    def read(cls, page: Page, row_locator: tuple[str, str]) -> list[Bubble]:
        """Every row `row_locator` finds, read in one command."""
        return [cls(page, row, fact) for row, fact in page.read_all(row_locator, {
            "mid": (None, "@data-mid"),
            "sender": (cls._bubble_locator, "@data-from"),
            "text": (cls._bubble_locator, "text"),
            "image_url": (cls._image_locator, "@src"),
            "reaction_shown": (cls._reaction_locator, "shown"),
            "reaction": (cls._reaction_locator, "@data-reaction"),
            "reaction_emoji": (cls._reaction_locator, "text"),
        })]

    @property
    def mid(self) -> str:
        return self._facts["mid"] or ""

    @property
    def sender(self) -> str:
        """"customer" or "page"."""
        return self._facts["sender"]

    @property
    def text(self) -> str:
        return self._facts["text"] or ""

    @property
    def image_url(self) -> str | None:
        return self._facts["image_url"]

    @property
    def reaction(self) -> str:
        """The reaction shown on this message ("love", "like", ...), or ""."""
        return (self._facts["reaction"] or "") if self._facts["reaction_shown"] else ""

    @property
    def reaction_emoji(self) -> str:
        """The emoji shown on this message (the customer's or the business's reaction)."""
        return (self._facts["reaction_emoji"] or "") if self._facts["reaction_shown"] else ""

    def react(self, reaction: str) -> None:
        """Open the reaction menu of this message and choose `reaction`; waits until shown."""
        self.find_element(self._react_locator).click()
        options = {o.get_attribute("data-reaction"): o for o in self.page.wait.until(
            lambda _: self.find_elements(self._option_locator), "the reaction menu did not open")}
        if reaction not in options:
            raise LookupError(f"no reaction {reaction!r}; the menu offers {sorted(options)}")
        options[reaction].click()
        mid = self.mid
        self.page.wait.until(
            lambda _: any(b.mid == mid and b.reaction == reaction for b in self.page.bubbles),
            f"the reaction {reaction!r} was not shown on the message")


class ChatThread(Page):
    """What Messenger and Instagram Direct share; subclasses name the root and the URL."""

    _root_locator = testid("messenger")
    _title_locator = testid("page-name")
    _row_locator = testid("message-row")
    _input_locator = testid("message-input")
    _send_locator = testid("send-button")
    _attach_locator = testid("attach-input")
    _typing_locator = testid("typing-indicator")
    _receipt_locator = testid("read-receipt")

    @property
    def loaded(self) -> bool:
        return None not in self.visible_texts(self._root_locator, self._input_locator)

    @property
    def business_name(self) -> str:
        return self.text_of(self._title_locator)

    @property
    def bubbles(self) -> list[Bubble]:
        return Bubble.read(self, self._row_locator)

    def messages(self, sent_by: str | None = None) -> list[str]:
        """Bubble texts in order; `sent_by` is "customer" or "page"."""
        return [b.text for b in self.bubbles if sent_by is None or b.sender == sent_by]

    @property
    def is_typing_shown(self) -> bool:
        return self.is_element_displayed(self._typing_locator)

    @property
    def receipt(self) -> str:
        """"Sent" or "Seen" under the customer's last message, or ""."""
        return self.visible_text(self._receipt_locator) or ""

    @property
    def notifications(self) -> NotificationBanner:
        return NotificationBanner(self)

    @property
    def notifications_raised(self) -> int:
        """How many notifications the thread raised (Page messages that came while hidden)."""
        return int(self.driver.execute_script(
            "return document.body.getAttribute('data-notifications-raised') || '0';"))

    def hide_tab(self) -> None:
        """Act as if the person switched to another tab (`document.hidden` becomes true).

        Headless Chromium keeps every tab visible, so the page's view of visibility is
        overridden and `visibilitychange` dispatched, as a tab switch would.
        """
        self._set_hidden(True)

    def show_tab(self) -> None:
        """Come back to the tab (undoes `hide_tab`)."""
        self._set_hidden(False)

    def _set_hidden(self, hidden: bool) -> None:
        self.driver.execute_script(
            "const hidden = arguments[0];"
            "Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});"
            "Object.defineProperty(document, 'visibilityState', {configurable: true,"
            "  get: () => hidden ? 'hidden' : 'visible'});"
            "document.dispatchEvent(new Event('visibilitychange'));", hidden)

    def send(self, text: str) -> str:
        """Type and click Send; returns the message id once the platform accepted it."""
        self.find_element(self._input_locator).send_keys(text)
        self.find_element(self._send_locator).click()
        return self._wait_for_own_message(text)

    def send_with_enter(self, text: str) -> str:
        """Type and press Enter, as most people send."""
        self.find_element(self._input_locator).send_keys(text, Keys.ENTER)
        return self._wait_for_own_message(text)

    def attach_picture(self, path: Path) -> Bubble:
        """Choose a picture file; returns its bubble once sent."""
        before = {b.mid for b in self.bubbles}
        self.find_element(self._attach_locator).send_keys(str(path))
        return self.wait.until(
            lambda _: next((b for b in self.bubbles if b.mid not in before and b.image_url),
                           None), f"the picture {path.name} was not sent")

    def bubble(self, mid: str) -> Bubble:
        return self.wait.until(lambda _: next((b for b in self.bubbles if b.mid == mid), None),
                               f"no message {mid!r} in the chat")

    def wait_for_reply(self, text: str) -> Bubble:
        return self.wait.until(
            lambda _: next((b for b in self.bubbles if b.sender == "page" and b.text == text),
                           None), f"the reply {text!r} did not appear in the chat")

    def wait_for_reaction(self, mid: str, emoji: str) -> Bubble:
        """Wait until the message `mid` shows the reaction `emoji`."""
        return self.wait.until(lambda _: next(
            (b for b in self.bubbles if b.mid == mid and b.reaction_emoji == emoji), None),
            f"the message {mid!r} never showed the reaction {emoji!r}")

    def wait_for_typing(self, shown: bool = True) -> None:
        self.wait.until(lambda _: self.is_typing_shown == shown,
                        f"the typing indicator was not {'shown' if shown else 'hidden'}")

    def wait_for_receipt(self, text: str) -> None:
        self.wait.until(lambda _: self.receipt == text, f"the chat never showed {text!r}")

    def _wait_for_own_message(self, text: str) -> str:
        def accepted_mid(_):
            return next((b.mid for b in self.bubbles
                         if b.sender == "customer" and b.text == text and b.mid), None)

        return self.wait.until(accepted_mid, f"the message {text!r} was not accepted")


class MessengerChat(ChatThread):
    URL_TEMPLATE = "/messages/t/{page_id}"
