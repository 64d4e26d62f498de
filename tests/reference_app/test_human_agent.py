"""Human Agent against a real simulator: which messaging type a reply uses, and why one is refused."""

from __future__ import annotations

import pytest

from reference_app import inbox, store

_HOUR_MS = 60 * 60 * 1000
_DAY_MS = 24 * _HOUR_MS


def _sent_in_the_past(desk, ago_ms: int, text: str = "Olá, ainda preciso de ajuda") -> dict:
    """The customer wrote `ago_ms` ago (Meta's clock moved back for the webhook), then time
    runs on: the desk holds a chat whose last customer message is that old."""
    now = desk.control.clock()["now_ms"]
    desk.control.set_clock(now - ago_ms)
    desk.send(0, text)
    desk.control.advance_clock(ago_ms)
    (chat,) = desk.chats()
    desk.control.clear_journal()
    return chat


def _sends(desk) -> list[dict]:
    return [e for e in desk.control.journal(kind="graph")
            if e["method"] == "POST" and e["path"].endswith("/messages")]


@pytest.fixture
def agent(desk):
    desk.login()
    desk.set_status("operating")
    return desk


def test_reply_inside_24_hours_is_a_response(agent) -> None:
    chat = _sent_in_the_past(agent, 23 * _HOUR_MS)
    answer = agent.reply(chat["id"], "Bom dia!")
    assert answer["status"] == 200, answer
    ((send,),) = [_sends(agent)]
    assert (send["status"], send["messaging_type"], send["tag"]) == (200, "RESPONSE", None)


def test_reply_after_24_hours_is_tagged_human_agent(agent) -> None:
    agent.control.configure_app(features={"human_agent": True})
    chat = _sent_in_the_past(agent, 26 * _HOUR_MS)
    answer = agent.reply(chat["id"], "Desculpe a demora, já resolvi.")
    assert answer["status"] == 200, answer
    ((send,),) = [_sends(agent)]
    assert (send["status"], send["messaging_type"], send["tag"]) == (200, "MESSAGE_TAG",
                                                                      "HUMAN_AGENT")
    assert agent.count("messages") == 2


def test_tag_refused_by_meta_when_the_feature_is_not_granted(agent) -> None:
    chat = _sent_in_the_past(agent, 26 * _HOUR_MS)  # the simulator's default: no Human Agent
    answer = agent.reply(chat["id"], "Desculpe a demora")
    assert (answer["status"], answer["code"], answer["subcode"]) == (422, 10, 2018278)
    assert answer["error"] == inbox.HUMAN_AGENT_REFUSED
    ((send,),) = [_sends(agent)]
    assert (send["status"], send["tag"], send["error_subcode"]) == (400, "HUMAN_AGENT", 2018278)
    assert agent.count("messages") == 1


def test_app_without_the_feature_tells_the_agent_and_sends_nothing(make_desk) -> None:
    desk = make_desk(HUMAN_AGENT=False)
    desk.login()
    desk.set_status("operating")
    desk.control.configure_app(features={"human_agent": True})
    chat = _sent_in_the_past(desk, 26 * _HOUR_MS)
    answer = desk.reply(chat["id"], "Desculpe a demora")
    assert (answer["status"], answer["error"]) == (422, inbox.NO_HUMAN_AGENT)
    assert _sends(desk) == []


def test_after_7_days_no_reply_is_sent(agent) -> None:
    agent.control.configure_app(features={"human_agent": True})
    chat = _sent_in_the_past(agent, 7 * _DAY_MS + _HOUR_MS)
    answer = agent.reply(chat["id"], "Olá?")
    assert (answer["status"], answer["error"]) == (422, inbox.TOO_OLD)
    assert _sends(agent) == []


@pytest.mark.parametrize(("age_ms", "expected"), [
    (0, {"messaging_type": "RESPONSE"}),
    (_DAY_MS, {"messaging_type": "RESPONSE"}),
    (_DAY_MS + 1, {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}),
    (7 * _DAY_MS, {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}),
    (7 * _DAY_MS + 1, inbox.TOO_OLD),
])
def test_windows_run_from_the_customers_last_message(agent, age_ms, expected) -> None:
    chat = _sent_in_the_past(agent, 0)
    with agent.app.app_context():
        last = store.last_customer_timestamp(store.chat_by_id(chat["id"])["contact_id"])
        if isinstance(expected, str):
            with pytest.raises(inbox.ReplyRefused, match="7 days"):
                inbox.messaging_for(store.chat_by_id(chat["id"]), now_ms=last + age_ms)
        else:
            assert inbox.messaging_for(store.chat_by_id(chat["id"]),
                                       now_ms=last + age_ms) == expected
