"""Another app (the Page Inbox) holds the conversation: the reply fails and the agent reads why."""

from __future__ import annotations


def test_reply_while_another_app_holds_the_thread_is_explained(desk) -> None:
    desk.login()
    desk.set_status("operating")
    desk.send(0, "Olá")
    (chat,) = desk.chats()
    desk.control.set_thread_owner(desk.customer(0)["id"])  # the Page Inbox takes it
    answer = desk.reply(chat["id"], "Bom dia!")
    assert (answer["status"], answer["code"]) == (422, 2018300)
    assert answer["error"].startswith("Another app controls this conversation")
    assert desk.count("messages") == 1
