"""The world as JSON (`GET /_sim/world`, `python -m simulator`): the facts tests and steps use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.oauth import DEFAULT_LOGIN_PERMISSIONS

if TYPE_CHECKING:
    from simulator.models import App, Page, TestAccount
    from simulator.world import World

__all__ = ["describe_world"]


def describe_world(world: World) -> dict[str, Any]:
    """docs/contracts.md's world shape; the first app and Page are `app` and `page`."""
    app, page = world.app, world.page
    ig = page.instagram
    state: dict[str, Any] = {
        "graph_version": world.graph_version,
        "seed": world.seed,
        "app": _app(app),
        "page": _page(world, page),
        "instagram": None if ig is None else {"id": ig.id, "username": ig.username,
                                              "name": ig.name, "page_id": ig.page_id,
                                              "messages_access": ig.messages_access},
        "test_accounts": [_account(a, page) for a in world.accounts.values()],
        "apps": [_app(a) for a in world.apps.values()],
        "pages": [_page(world, p) for p in world.pages.values()],
    }
    if world.developer is not None:
        user_token = next((t.value for t in world.tokens.values()
                           if t.kind == "user" and t.user_id == world.developer.id), None)
        state["developer"] = {"id": world.developer.id, "name": world.developer.name,
                              "role": world.developer.role, "user_token": user_token,
                              "email": world.developer.email,
                              "password": world.developer.password}
    return state


def _app(app: App) -> dict[str, Any]:
    return {"id": app.id, "secret": app.secret, "name": app.name,
            "verify_token": app.verify_token, "app_token": app.app_token,
            "callback_url": app.callback_url, "mode": app.mode, "access": dict(app.access),
            "features": dict(app.features),
            "require_appsecret_proof": app.require_appsecret_proof,
            "profile_denied": app.profile_denied, "rate_limit": app.rate_limit,
            "redirect_uris": list(app.redirect_uris),
            "login_permissions": list(app.login_permissions or DEFAULT_LOGIN_PERMISSIONS),
            "login_configs": {k: list(v) for k, v in app.login_configs.items()},
            "login_scopes_requested": list(app.login_scopes_requested),
            "icon_size": list(app.icon_size) if app.icon_size else None,
            "privacy_policy_url": app.privacy_policy_url,
            "data_deletion_url": app.data_deletion_url,
            "data_deletion_callback_url": app.data_deletion_callback_url,
            "category": app.category, "platforms": [dict(p) for p in app.platforms],
            "business_verified": app.business_verified}


def _page(world: World, page: Page) -> dict[str, Any]:
    token = world.tokens.get(page.access_token)
    return {"id": page.id, "name": page.name, "username": page.username,
            "access_token": page.access_token, "url": world.page_url(page),
            "instagram_id": page.instagram.id if page.instagram else None,
            "subscribed_apps": {k: list(v) for k, v in page.subscribed_apps.items()},
            "scopes": list(token.scopes) if token else [], "tasks": list(page.tasks),
            "published": page.published}


def _account(account: TestAccount, page: Page) -> dict[str, Any]:
    ig = page.instagram
    return {"id": account.id, "name": account.name, "first_name": account.first_name,
            "last_name": account.last_name, "email": account.email,
            "password": account.password, "psid": account.psids.get(page.id),
            "role": account.role,
            "igsid": account.igsids.get(ig.id) if ig is not None else None,
            "instagram_username": account.instagram_username,
            "psids": dict(account.psids), "igsids": dict(account.igsids),
            "blocked_page": page.id in account.blocked_pages,
            "phone_only": account.phone_only}
