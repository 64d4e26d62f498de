"""What every refused reply must look like on the desk: the app's words for why, the typed
text kept in the reply box, nothing sent. Shared by the negative rehearsals' steps."""

from __future__ import annotations

from steps.pages.desk import AgentDesk, ChatCard, ChatPanel


def assert_reply_refused(desk: AgentDesk, chat_card: ChatCard, late_reply: str,
                         why: str) -> ChatPanel:
    panel = desk.wait_for_open_chat(chat_card.chat_id)
    assert why in panel.reply_error, f"the desk says {panel.reply_error!r}, not {why!r}"
    assert panel.draft == late_reply and late_reply not in panel.messages("out")
    return panel
