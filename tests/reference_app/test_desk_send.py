"""Replies against a real simulator: retries on transient errors, plain words for the rest."""

from __future__ import annotations

import pytest

_DAY_MS = 24 * 60 * 60 * 1000


@pytest.fixture
def open_chat(desk) -> dict:
    desk.login()
    desk.set_status("operating")
    desk.send(0, "Olá, preciso de ajuda")
    (chat,) = desk.chats()
    desk.control.clear_journal()
    return chat


def _sends(desk) -> list[dict]:
    return [e for e in desk.control.journal(kind="graph")
            if e["method"] == "POST" and e["path"].endswith("/messages")]


@pytest.mark.parametrize("error", ["SERVICE_UNAVAILABLE", "APP_RATE_LIMIT", "UNKNOWN_ERROR"])
def test_transient_errors_are_retried_with_backoff(desk, open_chat, error) -> None:
    desk.control.arm_fault(target="graph", action="error", error=error, method="POST",
                           path="messages", times=2)
    answer = desk.reply(open_chat["id"], "Bom dia!")
    assert answer["status"] == 200, answer
    statuses = [e["status"] for e in _sends(desk)]
    assert len(statuses) == 3 and statuses[-1] == 200 and 200 not in statuses[:2]
    assert desk.count("messages") == 2


def test_permanent_errors_are_not_retried(desk, open_chat) -> None:
    desk.control.arm_fault(target="graph", action="error", error="PERMISSIONS_ERROR",
                           method="POST", path="messages", times=1)
    answer = desk.reply(open_chat["id"], "Bom dia!")
    assert (answer["status"], answer["code"]) == (422, 200)
    assert "permission" in answer["error"]
    assert len(_sends(desk)) == 1 and desk.count("messages") == 1


def test_closed_window_is_explained(desk, open_chat) -> None:
    desk.control.advance_clock(_DAY_MS + 60_000)
    answer = desk.reply(open_chat["id"], "Ainda está aí?")
    assert (answer["status"], answer["code"], answer["subcode"]) == (422, 10, 2018278)
    assert "24-hour window" in answer["error"]


def test_closed_instagram_window_is_explained(desk) -> None:
    desk.login()
    desk.set_status("operating")
    desk.send(1, "oi", channel="instagram")
    (chat,) = desk.chats()
    desk.control.advance_clock(_DAY_MS + 60_000)
    answer = desk.reply(chat["id"], "Ainda está aí?")
    assert (answer["code"], answer["subcode"]) == (10, 2534022)
    assert "24-hour window" in answer["error"]


def test_a_customer_without_a_role_in_development_mode_is_explained(desk, open_chat) -> None:
    desk.control.configure_app(mode="development")
    desk.control.configure_user(desk.customer(0)["id"], role=None)
    answer = desk.reply(open_chat["id"], "Bom dia!")
    assert (answer["code"], answer["subcode"]) == (10, 2018028)
    assert "admin, developer or tester" in answer["error"]


def test_a_customer_who_blocked_the_page_is_explained(desk, open_chat) -> None:
    desk.control.configure_user(desk.customer(0)["id"], blocked_page=True)
    answer = desk.reply(open_chat["id"], "Bom dia!")
    assert answer["status"] == 422 and "isn't available" in answer["error"]
    assert len(_sends(desk)) == 1
