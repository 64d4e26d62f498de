"""The agent desk: STATUS menu, chat cards, the open chat and its reply box."""

from __future__ import annotations

from dataclasses import dataclass

from steps.pages.base import Page, Region, testid

__all__ = ["AgentDesk", "ChatCard", "ChatPanel", "Placement", "StatusMenu"]


@dataclass(frozen=True)
class Placement:
    """Where an element sits: its centre as fractions of the viewport (0,0 is top left)."""

    position: dict[str, float]

    @property
    def side(self) -> str:
        """"left" or "right": the half of the viewport it sits in."""
        return "right" if self.position["x"] > 0.5 else "left"

    @property
    def is_at_top(self) -> bool:
        return self.position["y"] < 0.25


class StatusMenu(Region):
    _root_locator = testid("status-menu")
    _option_locator = testid("status-option")
    _current_locator = testid("current-status")

    @property
    def label(self) -> str:
        return self.page.text_of(self._root_locator)

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
    def placement(self) -> Placement:
        """Where the menu sits, asked once (`side` and `is_at_top` ask again each)."""
        return Placement(self.position)

    @property
    def side(self) -> str:
        """"left" or "right": the half of the viewport the menu sits in."""
        return self.placement.side

    @property
    def is_at_top(self) -> bool:
        return self.placement.is_at_top

    @property
    def current(self) -> str:
        return self.page.text_of(self._current_locator)

    def options(self) -> list[str]:
        return [o["label"] for o in self._options()]

    def _options(self) -> list[dict]:
        return [{**row, "element": element} for element, row in self.page.read_all(
            self._option_locator, {"label": (None, "text"), "shown": (None, "shown")})]

    def select(self, label: str) -> None:
        """Open the menu and click the item labelled `label`; waits until the status shows it."""
        self.root.click()

        def opened(_) -> list[dict] | None:
            options = self._options()
            return options if any(o["shown"] for o in options) else None

        options = self.page.wait.until(opened, "the STATUS menu did not open")
        chosen = next((o for o in options if o["label"] == label), None)
        if chosen is None:
            raise LookupError(f"the status menu has no item {label!r}; "
                              f"it has {sorted(o['label'] for o in options)}")
        chosen["element"].click()
        self.page.wait.until(lambda _: self.current == label, f"the status did not become {label!r}")


class ChatCard(Region):
    """A chat's card as the desk showed it when it was read (one command for every card)."""

    def __init__(self, page, root, facts: dict | None = None) -> None:
        super().__init__(page, root)
        self._facts = facts

    @property
    def chat_id(self) -> str:
        return self._facts["chat_id"] if self._facts else self.root.get_attribute("data-chat-id")

    @property
    def customer_name(self) -> str:
        if self._facts:
            return self._facts["customer_name"] or ""
        return self.find_element(testid("chat-customer-name")).text.strip()

    @property
    def last_message(self) -> str:
        if self._facts:
            return self._facts["last_message"] or ""
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
        rows = self.page.read_all(self._message_locator, {
            "text": (self._message_text_locator, "text"), "direction": (None, "@data-direction")},
            within=self._root_locator)
        return [row["text"] or "" for _, row in rows
                if direction is None or row["direction"] == direction]

    @property
    def reply_error(self) -> str:
        return self.page.visible_text(self._error_locator) or ""

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
        return [ChatCard(self, card, fact) for card, fact in self.read_all(self._chat_locator, {
            "chat_id": (None, "@data-chat-id"),
            "customer_name": (testid("chat-customer-name"), "text"),
            "last_message": (testid("chat-last-message"), "text")})]

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
        self.wait.until(lambda _: self.open_chat_id == chat_id,
                        f"chat {chat_id} is not open on the desk")
        return self.chat_panel

    @property
    def open_chat_id(self) -> str | None:
        """The chat shown on the panel, or None when the panel is closed."""
        panels = self.read_all(ChatPanel._root_locator,
                               {"chat_id": (None, "@data-chat-id"), "shown": (None, "shown")})
        return panels[0][1]["chat_id"] if panels and panels[0][1]["shown"] else None

    def show_chat(self, card: ChatCard) -> ChatPanel:
        """The chat on the panel: AUTOMATIC answering opens it; if it did not, click its card."""
        if self.open_chat_id == card.chat_id:
            return self.chat_panel
        return self.open_chat(card)

    def open_chat(self, card: ChatCard) -> ChatPanel:
        chat_id = card.chat_id
        card.root.click()
        return self.wait_for_open_chat(chat_id)
