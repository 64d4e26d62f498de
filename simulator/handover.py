"""Handover protocol basics: who owns a thread, passing/taking/requesting control, and the
`messaging_handovers` events (standby routing and the 2018300 send check are in policy)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator import errors, policy
from simulator.errors import GraphError
from simulator.models import INBOX_APP_ID

if TYPE_CHECKING:
    from simulator.models import Page, TestAccount, Token
    from simulator.world import World

__all__ = ["change_control", "owner_of", "set_owner", "taken_by_other_app", "threads"]


def owner_of(world: World, page: Page, recipient: dict[str, Any]) -> dict[str, Any]:
    account, channel = policy.recipient(world, page, recipient)
    owner = policy.thread_owner(world, page, account, channel)
    return {"data": [{"thread_owner": {"app_id": owner}}]}


def change_control(world: World, token: Token, page: Page, action: str, recipient: dict,
                   target_app_id: str | None, metadata: str | None) -> None:
    """Apply one handover call for the token's app and notify the apps subscribed."""
    account, channel = policy.recipient(world, page, recipient)
    with world.lock:  # owner check and change as one step: two concurrent takes cannot both win
        key, payload = _change_owner(world, token, page, account, channel, action,
                                     target_app_id, metadata)
    world.webhooks.handover_event(page, account, channel, key, payload)


def _change_owner(world: World, token: Token, page: Page, account: Any, channel: str,
                  action: str, target_app_id: str | None,
                  metadata: str | None) -> tuple[str, dict[str, Any]]:
    caller = token.app_id
    owner = policy.thread_owner(world, page, account, channel)
    not_owner = errors.IG_NOT_THREAD_OWNER if channel == "instagram" \
        else errors.THREAD_CONTROLLED_BY_OTHER_APP
    payload: dict[str, Any]
    if action == "pass_thread_control":
        if target_app_id is None or (target_app_id not in world.apps
                                     and target_app_id != INBOX_APP_ID):
            raise GraphError(errors.INCORRECT_APP_ID)
        if owner != caller:
            raise GraphError(not_owner)
        new_owner = target_app_id
        payload = {"previous_owner_app_id": owner, "new_owner_app_id": new_owner}
    elif action == "take_thread_control":
        new_owner = caller
        payload = {"previous_owner_app_id": owner, "new_owner_app_id": caller}
    elif action == "release_thread_control":
        if owner != caller:
            raise GraphError(not_owner)
        new_owner, payload = page.app_id, {"previous_owner_app_id": owner,
                                           "new_owner_app_id": None}
    else:
        new_owner, payload = owner, {"requested_owner_app_id": caller}
    if metadata is not None:
        payload["metadata"] = metadata
    set_owner(world, page, account.id, channel, new_owner)
    return ("pass_thread_control" if action == "release_thread_control" else action), payload


def set_owner(world: World, page: Page, account_id: str, channel: str, app_id: str) -> None:
    with world.lock:
        business, user = world.thread_ids(page.id, account_id, channel)
        world.conversation(business, user, channel, page.id).thread_owner = app_id


def taken_by_other_app(world: World, page: Page, account: TestAccount, channel: str,
                       app_id: str, metadata: str | None = None) -> dict[str, Any]:
    """Another app (the Page Inbox by default: a person answering in Business Suite) takes the
    thread. Meta tells the subscribed apps with a `take_thread_control` event (meta-api.md
    section 9), journaled as every webhook is, delivered or not."""
    with world.lock:
        previous = policy.thread_owner(world, page, account, channel)
        set_owner(world, page, account.id, channel, app_id)
    payload: dict[str, Any] = {"previous_owner_app_id": previous, "new_owner_app_id": app_id}
    if metadata is not None:
        payload["metadata"] = metadata
    world.webhooks.handover_event(page, account, channel, "take_thread_control", payload)
    return payload


def threads(world: World) -> list[dict[str, Any]]:
    """Every conversation with its thread owner (the Page's app unless handover moved it)."""
    with world.lock:
        return [{"page_id": c.page_id, "channel": c.channel, "business_id": c.business_id,
                 "user_id": c.user_id,
                 "thread_owner": c.thread_owner or world.pages[c.page_id].app_id}
                for c in world.conversations.values() if c.page_id in world.pages]
