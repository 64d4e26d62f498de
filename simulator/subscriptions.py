"""Which apps a Page has installed (subscribed_apps) and the Pages a person manages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator import errors, oauth
from simulator.errors import GraphError
from simulator.models import PAGE_FIELDS

if TYPE_CHECKING:
    from simulator.models import Page, Token
    from simulator.world import World

__all__ = ["accounts_of", "field_list", "installed_apps", "subscribe_page", "unsubscribe_page"]

KNOWN_FIELDS = PAGE_FIELDS + ("message_edits", "messaging_optins", "messaging_account_linking",
                              "messaging_policy_enforcement", "messaging_feedback",
                              "messaging_game_plays", "response_feedback", "send_cart",
                              "messenger_template_status_update", "messaging_seen", "feed",
                              "mention")


def field_list(raw: Any) -> list[str]:
    """`subscribed_fields` as a comma string or JSON list; required and known."""
    if raw is None or raw == "" or raw == []:
        raise GraphError(errors.PARAM_REQUIRED, name="subscribed_fields")
    names = raw if isinstance(raw, list) else str(raw).strip("[]").replace('"', "").split(",")
    names = [str(n).strip() for n in names if str(n).strip()]
    for name in names:
        if name not in KNOWN_FIELDS:
            raise GraphError(errors.UNKNOWN_FIELD_SUBSCRIPTION, fields=", ".join(KNOWN_FIELDS),
                             value=name)
    return names


def subscribe_page(world: World, page: Page, app_id: str, names: list[str]) -> None:
    with world.lock:
        page.subscribed_apps[app_id] = list(names)


def unsubscribe_page(world: World, page: Page, app_id: str) -> None:
    with world.lock:
        page.subscribed_apps.pop(app_id, None)


def installed_apps(world: World, page: Page) -> list[dict[str, Any]]:
    with world.lock:
        return [{"category": "Business", "link": f"https://example.com/{app_id}",
                 "name": world.apps[app_id].name if app_id in world.apps else app_id,
                 "id": app_id, "subscribed_fields": list(names)}
                for app_id, names in page.subscribed_apps.items()]


def accounts_of(world: World, token: Token) -> dict[str, Any]:
    """`/me/accounts`: the Pages the user token reaches (those picked in Facebook Login),
    each with its Page token, tasks and, with instagram_basic, its IG account."""
    with world.lock:
        data = []
        for page in oauth.picked_pages(world, token):
            item: dict[str, Any] = {"access_token": oauth.page_token(world, token, page),
                                    "category": page.category,
                                    "name": page.name, "id": page.id,
                                    "tasks": list(page.tasks)}
            if page.instagram is not None and "instagram_basic" in token.scopes:
                item["instagram_business_account"] = {"id": page.instagram.id}
            data.append(item)
    cursor = "QVFIU" + token.value[-12:]
    return {"data": data, "paging": {"cursors": {"before": cursor, "after": cursor}}}
