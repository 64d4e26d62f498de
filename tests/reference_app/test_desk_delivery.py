"""Webhook receiving against a real simulator: signatures, duplicates, order, echoes, receipts."""

from __future__ import annotations

from desk_helpers import settle


def test_bad_signature_is_refused_with_403_and_nothing_is_stored(make_desk) -> None:
    desk = make_desk(APP_SECRET="not-the-app-secret")
    desk.login()
    desk.set_status("operating")
    mid = desk.control.customer_send(desk.customer(0)["id"], "oi")["mid"]
    failed = desk.control.wait_for_journal(
        lambda e: e.get("mid") == mid and e.get("outcome") == "failed", kind="webhook")
    assert failed["status"] == 403
    assert desk.count("messages") == 0 and desk.count("chats") == 0


def test_a_duplicated_delivery_is_stored_once(desk) -> None:
    desk.login()
    desk.set_status("operating")
    desk.control.arm_fault(target="webhook", action="duplicate", times=1)
    desk.send(0, "só uma vez", deliveries=2)
    assert desk.count("messages") == 1 and desk.count("chats") == 1
    (chat,) = desk.chats()
    assert [m["text"] for m in chat["messages"]] == ["só uma vez"]


def test_reordered_deliveries_end_in_timestamp_order(desk) -> None:
    desk.login()
    desk.set_status("operating")
    desk.control.freeze_clock()
    # one event per POST: a busy sender that finds both messages pending would otherwise post
    # them together, and the held POST would have no next one to follow
    desk.control.configure_app(webhook_max_batch=1)
    desk.control.arm_fault(target="webhook", action="reorder", times=1)
    customer = desk.customer(0)["id"]
    first = desk.control.customer_send(customer, "primeira")["mid"]
    desk.control.advance_clock(1500)
    second = desk.send(0, "segunda")
    desk.wait_delivered(first)
    bodies = [e["body"] for e in desk.control.journal(kind="webhook")
              if e.get("outcome") == "delivered" and e.get("event") == "messages"]
    assert second in bodies[0] and first in bodies[1]  # Meta delivered them swapped
    (chat,) = desk.chats()
    assert [m["text"] for m in chat["messages"]] == ["primeira", "segunda"]
    assert chat["last_message"] == "segunda"


def test_echo_and_read_receipt_update_the_reply_without_a_new_chat(desk) -> None:
    desk.login()
    desk.set_status("operating")
    desk.send(0, "oi")
    (chat,) = desk.chats()
    mid = desk.reply(chat["id"], "Olá, sou a Ana")["message"]["mid"]
    desk.wait_delivered(mid)  # the echo (and delivery receipt) came back
    desk.control.customer_read(desk.customer(0)["id"])
    desk.wait_delivered('"read"')
    (chat,) = desk.chats()
    assert [(m["direction"], m["status"]) for m in chat["messages"]] == [
        ("in", "received"), ("out", "read")]
    assert desk.count("chats") == 1 and desk.count("messages") == 2


def test_instagram_seen_marks_the_reply_read(desk) -> None:
    desk.login()
    desk.set_status("operating")
    desk.send(1, "oi", channel="instagram")
    (chat,) = desk.chats()
    mid = desk.reply(chat["id"], "Olá!")["message"]["mid"]
    desk.control.customer_read(desk.customer(1)["id"], channel="instagram")
    desk.wait_delivered(f'"read":{{"mid":"{mid}"}}')
    (chat,) = desk.chats()
    assert chat["messages"][-1]["status"] == "read"
    assert desk.count("chats") == 1


def test_a_retry_after_a_lost_ack_creates_nothing_twice(desk) -> None:
    desk.login()
    desk.set_status("operating")
    desk.control.arm_fault(target="webhook", action="timeout", times=1)
    mid = desk.control.customer_send(desk.customer(0)["id"], "chegou?")["mid"]
    desk.control.wait_for_journal(lambda e: e.get("mid") == mid and e.get("outcome") == "failed",
                                  kind="webhook")
    desk.control.advance_clock(61_000)  # Meta retries on its own clock
    retried = desk.control.wait_for_journal(
        lambda e: e.get("mid") == mid and e.get("outcome") == "delivered", kind="webhook")
    assert retried["attempt"] == 2
    settle(desk.app)
    assert desk.count("messages") == 1 and desk.count("chats") == 1
    (chat,) = desk.chats()
    assert [m["text"] for m in chat["messages"]] == ["chegou?"]
