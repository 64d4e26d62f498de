"""What a node read returns: Page, Instagram account, Messenger and Instagram user profiles
(after `policy.check_profile_access`), and the person behind a user token."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from simulator import errors, policy
from simulator.errors import GraphError

if TYPE_CHECKING:
    from simulator.models import Page, TestAccount, Token
    from simulator.world import World

__all__ = ["page_token_node", "person_node"]

USER_FIELDS = ("id", "name", "first_name", "last_name", "profile_pic", "locale", "timezone",
               "gender")
IG_USER_FIELDS = ("id", "name", "username", "profile_pic", "follower_count",
                  "is_user_follow_business", "is_business_follow_user", "is_verified_user")


def page_token_node(world: World, token: Token, node: str, fields: list[str],
                    url_root: str) -> dict[str, Any]:
    page = world.pages[token.page_id]
    if node in ("me", page.id):
        return _pick(_page_values(page), fields or ["name", "id"], "Page", page.id)
    if page.instagram is not None and node == page.instagram.id:
        ig = page.instagram
        values = {"id": ig.id, "username": ig.username, "name": ig.name}
        return _pick(values, fields or ["id"], "IGUser", ig.id)
    account = world.account_by_psid(page.id, node)
    channel = "messenger"
    if account is None and page.instagram is not None:
        account, channel = world.account_by_igsid(page.instagram.id, node), "instagram"
    if account is None:
        raise GraphError(errors.UNSUPPORTED_GET, node=node)
    fields = fields or ["name", "id"]
    known = USER_FIELDS if channel == "messenger" else IG_USER_FIELDS
    for name in fields:
        if name not in known:
            raise GraphError(errors.NONEXISTING_FIELD, field=name, node_type="User")
    if not policy.check_profile_access(world, token, page, account, channel, fields):
        return {}
    values = _user_values(account, node, channel, url_root)
    return _pick(values, fields, "User", node)


def person_node(world: World, token: Token, node: str, fields: list[str]) -> dict[str, Any]:
    person = world.developer
    if node != "me" and (person is None or node != person.id):
        raise GraphError(errors.UNSUPPORTED_GET, node=node)
    values = {"id": token.user_id, "name": person.name if person else ""}
    return _pick(values, fields or ["name", "id"], "User", str(token.user_id))


def _page_values(page: Page) -> dict[str, Any]:
    values: dict[str, Any] = {"id": page.id, "name": page.name, "username": page.username,
                              "category": page.category}
    if page.instagram is not None:
        values["instagram_business_account"] = {"id": page.instagram.id}
    return values


def _user_values(account: TestAccount, node: str, channel: str,
                 url_root: str) -> dict[str, Any]:
    picture = f"{url_root.rstrip('/')}/_sim/avatar/{node}.svg"
    if channel == "instagram":
        digest = int(hashlib.sha256(node.encode()).hexdigest()[:8], 16)
        return {"id": node, "name": account.name, "username": account.instagram_username,
                "profile_pic": picture, "follower_count": digest % 5000,
                "is_user_follow_business": bool(digest & 1),
                "is_business_follow_user": bool(digest & 2), "is_verified_user": False}
    return {"id": node, "name": account.name, "first_name": account.first_name,
            "last_name": account.last_name, "profile_pic": picture,
            "locale": "pt_BR", "timezone": -3, "gender": "female" if node[-1] in "02468"
            else "male"}


def _pick(values: dict[str, Any], fields: list[str], node_type: str,
          node_id: str) -> dict[str, Any]:
    for name in fields:
        if name not in values:
            raise GraphError(errors.NONEXISTING_FIELD, field=name, node_type=node_type)
    return {name: values[name] for name in fields if name != "id"} | {"id": node_id}
