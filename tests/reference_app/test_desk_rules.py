"""Desk rules against a real simulator: positions, queue, STATUS, auto-answer, names, channels."""

from __future__ import annotations

from desk_helpers import settle

from reference_app import store


def _set_agent(desk, **settings) -> None:
    with desk.app.app_context():
        store.update_agent(store.agent_by_login("agente")["id"], **settings)


def test_messenger_chat_shows_the_profile_name_and_channel(desk) -> None:
    desk.login()
    desk.set_status("operating")
    desk.send(0, "Olá, preciso de ajuda")
    (chat,) = desk.chats()
    customer = desk.customer(0)
    assert (chat["channel"], chat["customer_name"], chat["state"]) == (
        "messenger", customer["name"], "open")
    assert chat["has_profile_name"] and chat["profile_pic"]
    assert [m["text"] for m in chat["messages"]] == ["Olá, preciso de ajuda"]


def test_instagram_chat_is_marked_and_answered_through_the_send_api(desk) -> None:
    desk.login()
    desk.set_status("operating")
    desk.send(1, "Oi pelo Instagram", channel="instagram")
    (chat,) = desk.chats()
    assert chat["channel"] == "instagram" and chat["psid"] == desk.customer(1)["igsid"]
    assert chat["customer_name"] == desk.customer(1)["name"]
    answer = desk.reply(chat["id"], "Olá! Em que posso ajudar?")
    assert answer["status"] == 200, answer
    too_long = desk.reply(chat["id"], "ç" * 501)  # 1002 bytes: over Instagram's 1000
    assert too_long["status"] == 400 and "1000 bytes" in too_long["error"]


def test_without_profile_access_the_chat_shows_the_fallback_name(desk) -> None:
    desk.control.configure_app(features={"business_asset_user_profile_access": False})
    desk.login()
    desk.set_status("operating")
    desk.send(0, "oi")
    (chat,) = desk.chats()
    psid = desk.customer(0)["psid"]
    assert chat["customer_name"] == f"Facebook user {psid[-4:]}"
    assert not chat["has_profile_name"]


def test_only_an_operating_agent_receives_chats(desk) -> None:
    desk.login()
    desk.set_status("paused")
    desk.send(0, "alguém?")
    snapshot = desk.snapshot()
    assert snapshot["chats"] == [] and len(snapshot["queue"]) == 1
    desk.set_status("offline")
    assert desk.chats() == []
    desk.set_status("operating")
    (chat,) = desk.chats()
    assert chat["messages"][0]["text"] == "alguém?" and desk.snapshot()["queue"] == []


def test_the_ninth_customer_waits_until_a_position_frees(make_desk) -> None:
    desk = make_desk(customers=9)
    desk.login()
    desk.set_status("operating")
    for index in range(9):
        desk.send(index, f"cliente {index + 1}")
    snapshot = desk.snapshot()
    assert snapshot["positions"] == 8 and len(snapshot["chats"]) == 8
    (waiting,) = snapshot["queue"]
    assert waiting["customer_name"] == desk.customer(8)["name"]
    assert desk.close(snapshot["chats"][0]["id"])["state"] == "closed"
    names = [chat["customer_name"] for chat in desk.chats()]
    assert len(names) == 8 and desk.customer(8)["name"] in names
    assert desk.snapshot()["queue"] == []


def test_positions_are_configurable(make_desk) -> None:
    desk = make_desk(customers=3, POSITIONS=2)
    desk.login()
    desk.set_status("operating")
    for index in range(3):
        desk.send(index, f"oi {index}")
    assert len(desk.chats()) == 2 and len(desk.snapshot()["queue"]) == 1
    _set_agent(desk, positions=3)
    desk.set_status("operating")  # any routing trigger serves the queue again
    assert len(desk.chats()) == 3


def test_manual_auto_answer_offers_the_chat_until_accept(desk) -> None:
    _set_agent(desk, auto_answer="manual")
    desk.login()
    desk.set_status("operating")
    desk.send(0, "oi")
    (chat,) = desk.chats()
    assert chat["state"] == "offered"
    refused = desk.reply(chat["id"], "olá")
    assert refused["status"] == 409 and "Accept" in refused["error"]
    accepted = desk.post(f"/interact_multiagent/chats/{chat['id']}/accept")
    assert accepted["chat"]["state"] == "open"
    assert desk.reply(chat["id"], "olá")["status"] == 200


def test_a_new_message_after_closing_opens_a_new_chat(desk) -> None:
    desk.login()
    desk.set_status("operating")
    desk.send(0, "primeira conversa")
    (first,) = desk.chats()
    desk.close(first["id"])
    assert desk.chats() == []
    desk.send(0, "de novo")
    (second,) = desk.chats()
    assert second["id"] != first["id"]
    assert [m["text"] for m in second["messages"]] == ["de novo"]


def test_classification_and_post_service_hold_the_agent_when_switched_on(desk) -> None:
    with desk.app.app_context():
        service = store.social_service()
        store.update_service(service["id"], classification=True, post_service=True)
    desk.login()
    desk.set_status("operating")
    desk.send(0, "oi")
    (chat,) = desk.chats()
    refused = desk.close(chat["id"])
    assert refused["status"] == 400 and refused["reason"] == "classification"
    assert desk.post(f"/interact_multiagent/chats/{chat['id']}/close",
                     classification="Dúvida")["state"] == "wrapup"
    (held,) = desk.chats()
    assert held["state"] == "wrapup"  # post-service keeps the position
    desk.post(f"/interact_multiagent/chats/{chat['id']}/finish")
    settle(desk.app)
    assert desk.chats() == []
