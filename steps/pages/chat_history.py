"""The open chat's history as dated entries: what a reviewer reads to see a conversation's age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from steps.pages.base import Region, testid

__all__ = ["ChatHistory", "HistoryEntry"]


@dataclass(frozen=True)
class HistoryEntry:
    direction: str  # "in" (the customer) or "out" (the agent)
    text: str
    time_label: str  # what the desk shows next to the message
    sent_at: datetime | None  # the instant behind the label


class ChatHistory(Region):
    """The messages of the chat open on the desk, each with its shown date and time."""

    _root_locator = testid("chat-panel")
    _message_locator = testid("chat-message")
    _text_locator = testid("chat-message-text")
    _time_locator = testid("chat-message-time")
    _status_locator = testid("chat-message-status")
    _window_locator = testid("reply-window")

    @property
    def reply_window(self) -> tuple[str, str]:
        """Which window the desk says the reply is in (`standard`, `human_agent`, `closed`)
        and its note (empty for `standard`)."""
        note = self.find_element(self._window_locator)
        return note.get_attribute("data-window"), note.text.strip()

    @property
    def entries(self) -> list[HistoryEntry]:
        return [self._entry(element) for element in self.find_elements(self._message_locator)]

    def _entry(self, element) -> HistoryEntry:
        resolve = self.page.resolve
        time = element.find_element(*resolve(self._time_locator))
        label = time.text
        for status in time.find_elements(*resolve(self._status_locator)):
            label = label.removesuffix(status.text).strip().removesuffix("·")
        stamp = time.get_attribute("datetime")
        return HistoryEntry(element.get_attribute("data-direction"),
                            element.find_element(*resolve(self._text_locator)).text.strip(),
                            label.strip(),
                            datetime.fromisoformat(stamp) if stamp else None)
