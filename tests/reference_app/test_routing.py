"""Routing between agents: least busy first, only the service's agents, first come first served."""

from __future__ import annotations

from desk_helpers import settle

from reference_app import store


def _ready(login: str, positions: int = 8, service: bool = True) -> int:
    """An agent with a password, signed in and Operating (as after login + STATUS)."""
    agent_id = store.create_agent(login, password="Aa123*", positions=positions)
    if service:
        store.add_service_agent(store.social_service()["id"], agent_id)
    store.start_session(agent_id)
    store.set_agent_status(agent_id, "operating")
    return agent_id


def _desk_loads(app) -> dict[str, int]:
    with app.app_context():
        return {a["login"]: len(store.chats_for_agent(a["id"])) for a in store.list_agents()}


def test_chats_go_to_the_least_busy_agent_of_the_service(app, webhook) -> None:
    with app.app_context():
        _ready("ana")
        _ready("bia")
        _ready("outsider", service=False)  # Operating, but not on the service
    for index in range(4):
        webhook.message(f"10{index}", f"m_{index}", f"cliente {index}")
    settle(app)
    loads = _desk_loads(app)
    assert (loads["ana"], loads["bia"], loads["outsider"], loads["admin"]) == (2, 2, 0, 0)


def test_the_queue_is_first_come_first_served(app, webhook) -> None:
    for index in range(3):
        webhook.message(f"20{index}", f"m_q{index}", f"na fila {index}")
    settle(app)
    with app.app_context():
        assert [c["psid"] for c in store.queued_chats()] == ["200", "201", "202"]
        _ready("ana", positions=2)
    webhook.message("200", "m_q0b", "ainda aqui")  # any delivery triggers routing
    settle(app)
    with app.app_context():
        ana = store.agent_by_login("ana")["id"]
        assert [c["psid"] for c in store.chats_for_agent(ana)] == ["200", "201"]
        assert [c["psid"] for c in store.queued_chats()] == ["202"]
