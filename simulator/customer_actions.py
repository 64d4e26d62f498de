"""The control API's side of customer actions and other scripted Meta-side events: JSON bodies
become calls of `simulator.customers` (the web pages' code path), clock moves, Instagram account
settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator import customers
from simulator.errors import SimulatorError
from simulator.scenario import find_account

if TYPE_CHECKING:
    from simulator.clock import Clock
    from simulator.world import World

__all__ = ["configure_instagram", "move_clock", "perform"]


def perform(world: World, user_ref: str, action: str, body: dict[str, Any]) -> dict[str, Any]:
    """`POST /_sim/customers/<user>/<action>`: one customer action, its result as JSON."""
    account = find_account(world, user_ref)
    page_id = str(body.get("page_id") or world.page.id)
    channel = str(body.get("channel", "messenger"))
    if action == "messages":
        return _message(world, page_id, account.id, channel, body)
    if action == "reactions":
        mid = str(body.get("mid", ""))
        if body.get("reaction"):
            return customers.react(world, page_id, account.id, mid, str(body["reaction"]),
                                   channel)
        return customers.unreact(world, page_id, account.id, mid, channel)
    if action == "postbacks":
        return customers.postback(world, page_id, account.id, str(body.get("title", "")),
                                  body.get("payload"), channel, body.get("referral"))
    if action == "referrals":
        return customers.referral(world, page_id, account.id, str(body.get("ref", "")),
                                  str(body.get("source", "SHORTLINK")), channel)
    return customers.mark_read(world, page_id, account.id, channel)


def _message(world: World, page_id: str, account_id: str, channel: str,
             body: dict[str, Any]) -> dict[str, Any]:
    attachment = body.get("attachment")
    if attachment is not None:
        if not isinstance(attachment, dict):
            raise SimulatorError("attachment must be an object with type and url")
        message = customers.send_attachment(world, page_id, account_id,
                                            str(attachment.get("type")),
                                            attachment.get("url"), channel)
    else:
        message = customers.send_text(world, page_id, account_id, body.get("text"), channel,
                                      quick_reply_payload=body.get("quick_reply_payload"),
                                      reply_to=body.get("reply_to"))
    return {"mid": message.mid, "timestamp": message.timestamp, "channel": channel}


def move_clock(clock: Clock, body: dict[str, Any]) -> None:
    """`{"freeze": bool, "set_ms": n, "advance_ms": n}`, applied in that order."""
    unknown = sorted(set(body) - {"freeze", "set_ms", "advance_ms"})
    if unknown:
        raise SimulatorError(f"unknown clock keys: {', '.join(unknown)}")
    for name in ("set_ms", "advance_ms"):
        value = body.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise SimulatorError(f"{name} must be an integer, not {value!r}")
    if body.get("advance_ms", 0) < 0:
        raise SimulatorError("advance_ms must not be negative (time only moves forward)")
    if "freeze" in body:
        clock.freeze() if body["freeze"] else clock.unfreeze()
    if body.get("set_ms") is not None:
        clock.set(body["set_ms"])
    if body.get("advance_ms"):
        clock.advance(body["advance_ms"])


def configure_instagram(world: World, body: dict[str, Any]) -> None:
    """`{"messages_access": bool}`: the IG owner's "Allow access to messages" toggle."""
    ig = world.page.instagram
    if ig is None:
        raise SimulatorError("the Page has no linked Instagram account")
    if set(body) - {"messages_access"}:
        raise SimulatorError("known Instagram settings: messages_access")
    if "messages_access" in body:
        if not isinstance(body["messages_access"], bool):
            raise SimulatorError("messages_access must be true or false")
        ig.messages_access = body["messages_access"]
