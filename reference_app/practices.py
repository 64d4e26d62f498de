"""The homologation guide's best practices (section 1) checked against the configuration.

``check_practices()`` reads the store and answers one ``Practice`` per rule the desk can
verify: the service the Messenger/Instagram chats enter is receptive, without call
classification and without post-service; exactly one agent answers it; that agent has
already logged in and set a password; its chat auto-answer is AUTOMATIC; it has 8
simultaneous positions. The seeded defaults pass every one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from . import store

__all__ = ["GUIDE_POSITIONS", "PRACTICE_IDS", "Practice", "check_practices", "report"]

GUIDE_POSITIONS = 8
PRACTICE_IDS = ("receptive-service", "single-agent", "password-set", "automatic-answer",
                "eight-positions")


@dataclass(frozen=True)
class Practice:
    id: str
    title: str
    ok: bool
    detail: str


def check_practices() -> list[Practice]:
    service = store.social_service()
    agents = [agent for agent in store.list_agents()
              if service and service["id"] in agent["services"] and agent["role"] == "agent"]
    return [_service_practice(service), _single_agent(service, agents),
            _every_agent("password-set", "The agent has logged in beforehand and set a password",
                         agents, lambda a: (bool(a["password_set"]),
                                            "password set" if a["password_set"] else
                                            "no password yet (first login pending)")),
            _every_agent("automatic-answer", "The agent's chat auto-answer is AUTOMATIC", agents,
                         lambda a: (a["auto_answer"] == "automatic",
                                    f"auto-answer {a['auto_answer'].upper()}")),
            _every_agent("eight-positions",
                         f"The agent has {GUIDE_POSITIONS} simultaneous chat positions", agents,
                         lambda a: (a["positions"] == GUIDE_POSITIONS,
                                    f"{a['positions']} positions"))]


def report() -> dict[str, Any]:
    """The check as JSON: ``{"ok": all passed, "practices": [...]}``."""
    practices = check_practices()
    return {"ok": all(p.ok for p in practices), "practices": [asdict(p) for p in practices]}


def _service_practice(service: dict[str, Any] | None) -> Practice:
    title = ("A receptive service without call classification and without post-service"
             " receives the Messenger and Instagram chats")
    if service is None:
        return Practice("receptive-service", title, False,
                        "no service is marked to receive the Messenger and Instagram chats")
    wrong = [words for flag, words in ((service["kind"] != "receptive", "is not receptive"),
                                       (service["classification"], "classifies its calls"),
                                       (service["post_service"], "has post-service"))
             if flag]
    detail = f"service {service['name']!r} " + (
        " and ".join(wrong) if wrong
        else "is receptive, without call classification and without post-service")
    return Practice("receptive-service", title, not wrong, detail)


def _single_agent(service: dict[str, Any] | None, agents: list[dict[str, Any]]) -> Practice:
    title = "Exactly one agent answers the chats of that service"
    names = ", ".join(agent["login"] for agent in agents) or "nobody"
    return Practice("single-agent", title, service is not None and len(agents) == 1,
                    f"{len(agents)} agent(s) answer it: {names}")


def _every_agent(practice_id: str, title: str, agents: list[dict[str, Any]],
                 rule: Callable[[dict[str, Any]], tuple[bool, str]]) -> Practice:
    """Passes when every agent of the service passes ``rule`` (which says why, too)."""
    if not agents:
        return Practice(practice_id, title, False, "no agent answers the service")
    verdicts = [(agent["login"], *rule(agent)) for agent in agents]
    detail = "; ".join(f"{login}: {why}" for login, _, why in verdicts)
    return Practice(practice_id, title, all(ok for _, ok, _ in verdicts), detail)
