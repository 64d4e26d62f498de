"""The agent desk: STATUS menu, chat cards, the open chat and its reply box."""

from __future__ import annotations

from steps.pages.base import Page, Region, testid

__all__ = ["AgentDesk", "ChatCard", "ChatPanel", "StatusMenu"]


class StatusMenu(Region):
    _root_locator = testid("status-menu")
    _option_locator = testid("status-option")
    _current_locator = testid("current-status")

    @property
    def label(self) -> str:
        return self.root.text.strip()

    @property
    def position(self) -> dict[str, float]:
        """Where the menu sits: its centre as fractions of the viewport (0,0 is top left)."""
        return self.page.driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return {x: (r.left + r.width / 2) / window.innerWidth,"
            "        y: (r.top + r.height / 2) / window.innerHeight};",
            self.root,
        )

    @property
    def side(self) -> str:
        """"left" or "right": the half of the viewport the menu sits in."""
        return "right" if self.position["x"] > 0.5 else "left"

    @property
    def is_at_top(self) -> bool:
        return self.position["y"] < 0.25

    @property
    def current(self) -> str:
        return self.page.text_of(self._current_locator)

    def options(self) -> list[str]:
        return [o.text.strip() for o in self.page.find_elements(self._option_locator)]

    def select(self, label: str) -> None:
        """Open the menu and click the item labelled `label`; waits until the status shows it."""
        self.root.click()
        self.page.wait.until(
            lambda _: any(o.is_displayed() for o in self.page.find_elements(self._option_locator)),
            "the STATUS menu did not open",
        )
        options = {o.text.strip(): o for o in self.page.find_elements(self._option_locator)}
        if label not in options:
            raise LookupError(f"the status menu has no item {label!r}; it has {sorted(options)}")
        options[label].click()
        self.page.wait.until(lambda _: self.current == label, f"the status did not become {label!r}")


class ChatCard(Region):
    @property
    def chat_id(self) -> str:
        return self.root.get_attribute("data-chat-id")

    @property
    def customer_name(self) -> str:
        return self.find_element(testid("chat-customer-name")).text.strip()

    @property
    def last_message(self) -> str:
        return self.find_element(testid("chat-last-message")).text.strip()


class ChatPanel(Region):
    _root_locator = testid("chat-panel")
    _message_locator = testid("chat-message")
    _reply_locator = testid("reply-input")
    _send_locator = testid("reply-send")
    _error_locator = testid("reply-error")

    _message_text_locator = testid("chat-message-text")
    _name_locator = testid("chat-panel-name")

    @property
    def chat_id(self) -> str:
        return self.root.get_attribute("data-chat-id")

    @property
    def customer_name(self) -> str:
        """The name in the open chat's header."""
        return self.find_element(self._name_locator).text.strip()

    def messages(self, direction: str | None = None) -> list[str]:
        """Message texts in order; `direction` is "in" (from the customer) or "out"."""
        return [
            m.find_element(*self.page.resolve(self._message_text_locator)).text.strip()
            for m in self.find_elements(self._message_locator)
            if direction is None or m.get_attribute("data-direction") == direction
        ]

    @property
    def reply_error(self) -> str:
        errors = self.find_elements(self._error_locator)
        return errors[0].text.strip() if errors and errors[0].is_displayed() else ""

    @property
    def draft(self) -> str:
        return self.find_element(self._reply_locator).get_attribute("value")

    def reply(self, text: str) -> None:
        """Type and send; waits until the reply is on the panel or an error is shown."""
        self.find_element(self._reply_locator).send_keys(text)
        self.find_element(self._send_locator).click()
        self.page.wait.until(
            lambda _: text in self.messages("out") or self.reply_error,
            f"the reply {text!r} neither appeared nor failed",
        )


class AgentDesk(Page):
    URL_TEMPLATE = "/interact_multiagent/desk"
    _desk_locator = testid("desk")
    _chat_locator = testid("chat-card")

    @property
    def loaded(self) -> bool:
        return self.is_element_displayed(self._desk_locator)

    @property
    def status_menu(self) -> StatusMenu:
        return StatusMenu(self)

    @property
    def chats(self) -> list[ChatCard]:
        return [ChatCard(self, root=el) for el in self.find_elements(self._chat_locator)]

    @property
    def chat_panel(self) -> ChatPanel:
        return ChatPanel(self)

    @property
    def notification_permission(self) -> str:
        return self.driver.execute_script(
            "return window.Notification ? Notification.permission : 'unsupported';"
        )

    def wait_for_chat_with_message(self, text: str) -> ChatCard:
        """Wait for a chat card whose last message is `text` (a new chat arriving live)."""
        def card_with_text(_):
            return next((c for c in self.chats if c.last_message == text), None)

        return self.wait.until(card_with_text, f"no chat with the message {text!r} on the desk")

    def chat(self, chat_id: str) -> ChatCard | None:
        return next((c for c in self.chats if c.chat_id == chat_id), None)

    def wait_for_chat_named(self, chat_id: str, name: str) -> ChatCard:
        """Wait until a chat's card shows `name` (the name comes from the Profile API, after
        the chat itself has arrived)."""
        def named(_):
            card = self.chat(chat_id)
            return card if card is not None and card.customer_name == name else None

        return self.wait.until(named, f"chat {chat_id} never showed the name {name!r}")

    def wait_for_open_chat(self, chat_id: str) -> ChatPanel:
        """The chat open on the panel (AUTOMATIC auto-answer opens it without a click)."""
        self.wait.until(
            lambda _: self.is_element_displayed(ChatPanel._root_locator)
            and self.find_element(ChatPanel._root_locator).get_attribute("data-chat-id") == chat_id,
            f"chat {chat_id} is not open on the desk",
        )
        return self.chat_panel

    def show_chat(self, card: ChatCard) -> ChatPanel:
        """The chat on the panel: AUTOMATIC answering opens it; if it did not, click its card."""
        panel = self.find_elements(ChatPanel._root_locator)
        if panel and panel[0].is_displayed() and panel[0].get_attribute("data-chat-id") == card.chat_id:
            return self.chat_panel
        return self.open_chat(card)

    def open_chat(self, card: ChatCard) -> ChatPanel:
        chat_id = card.chat_id
        card.root.click()
        return self.wait_for_open_chat(chat_id)
