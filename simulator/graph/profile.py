"""User Profile API (`GET /{version}/{psid}?fields=...`) and the Page node (`GET /me`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for

from simulator import errors, policy
from simulator.errors import GraphError
from simulator.extension import current_world
from simulator.graph import params
from simulator.world import Page, TestAccount

bp = Blueprint("profile", __name__)

USER_FIELDS = ("id", "name", "first_name", "last_name", "profile_pic")
PERMISSION_FIELDS = ("locale", "timezone", "gender")  # need pages_user_* permissions
PAGE_FIELDS = ("id", "name", "username", "category")


@bp.get("/<version:version>/<node>")
def get_node(version: str, node: str) -> dict[str, Any]:
    world = current_world()
    token = policy.resolve_token(world, params.access_token_of(request))
    page = policy.require_page_token(world, token)
    fields = params.fields_of(request)
    if node in ("me", page.id):
        return page_fields(page, fields or ["name", "id"])
    account = world.account_by_psid(page.id, node)
    if account is None:
        raise GraphError(errors.UNSUPPORTED_GET, node=node)
    policy.check_profile_access(world, page, account)
    return user_fields(account, node, fields or ["name", "id"])


def user_fields(account: TestAccount, psid: str, fields: list[str]) -> dict[str, Any]:
    """The requested profile fields; one unavailable field fails the whole request."""
    values = {"id": psid, "name": account.name, "first_name": account.first_name,
              "last_name": account.last_name,
              "profile_pic": url_for("web.avatar.avatar", psid=psid, _external=True)}
    for name in fields:
        if name in PERMISSION_FIELDS:
            raise GraphError(errors.INSUFFICIENT_PROFILE_PERMISSION)
        if name not in USER_FIELDS:
            raise GraphError(errors.NONEXISTING_FIELD, field=name, node_type="User")
    return {name: values[name] for name in fields} | {"id": psid}


def page_fields(page: Page, fields: list[str]) -> dict[str, Any]:
    values = {"id": page.id, "name": page.name, "username": page.username,
              "category": page.category}
    for name in fields:
        if name not in PAGE_FIELDS:
            raise GraphError(errors.NONEXISTING_FIELD, field=name, node_type="Page")
    return {name: values[name] for name in fields} | {"id": page.id}
