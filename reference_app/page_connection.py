"""Connecting a Facebook Page through Facebook Login: the dialog URL, the code exchange, the
Page the admin chooses (its token becomes the desk's Page token, the app subscribes to its
webhook fields) and disconnecting. The Instagram account Meta names as linked to each Page
is kept with it and shown. The views are in ``facebook.py``."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import current_app

from . import store
from .graph_client import GraphApiError, current_graph

__all__ = ["LoginOutcome", "complete_login", "connect", "disconnect", "instagram_scopes",
           "login_url", "requested_scopes"]


@dataclass(frozen=True)
class LoginOutcome:
    pages: list[dict]
    granted: list[str]
    declined: list[str]  # the requested permissions the admin turned off


def requested_scopes() -> list[str]:
    """Only what the desk uses: listing Pages, subscribing to them, messaging; and, when the
    desk serves the Instagram account linked to the Page (SERVE_INSTAGRAM), Instagram's
    messaging scopes (meta-api.md section 8: instagram_basic, instagram_manage_messages, and
    pages_read_engagement for the customer's name). business_management is not asked: it is
    needed only for Pages reached through a Business Manager; add it to FACEBOOK_SCOPES then."""
    config = current_app.config
    scopes = _scope_list(config["FACEBOOK_SCOPES"])
    if config["SERVE_INSTAGRAM"]:
        scopes += [s for s in _scope_list(config["INSTAGRAM_SCOPES"]) if s not in scopes]
    return scopes


def instagram_scopes() -> list[str]:
    """The Instagram scopes the desk asks for (none when it serves Messenger only)."""
    config = current_app.config
    return _scope_list(config["INSTAGRAM_SCOPES"]) if config["SERVE_INSTAGRAM"] else []


def _scope_list(value: object) -> list[str]:
    return [s.strip() for s in str(value).split(",") if s.strip()]


def login_url(state: str, redirect_uri: str) -> str:
    config = current_app.config
    query = urlencode({"client_id": config["APP_ID"], "redirect_uri": redirect_uri,
                       "state": state, "scope": ",".join(requested_scopes()),
                       "response_type": "code"})
    return f"{str(config['FACEBOOK_URL']).rstrip('/')}/{config['GRAPH_VERSION']}/dialog/oauth?{query}"


def complete_login(code: str, redirect_uri: str) -> LoginOutcome:
    """Code → long-lived user token → granted permissions → the Pages with their tokens."""
    config, graph = current_app.config, current_graph()
    short = graph.exchange_code(config["APP_ID"], config["APP_SECRET"], redirect_uri, code)
    user_token = graph.long_lived(config["APP_ID"], config["APP_SECRET"], short)
    permissions = graph.user_data("me/permissions", user_token)
    granted = [p["permission"] for p in permissions if p.get("status") == "granted"]
    declined = [s for s in requested_scopes() if s not in granted]
    pages = ([_offered(page) for page in graph.user_data("me/accounts", user_token)]
             if "pages_show_list" in granted else [])
    store.save_login_pages(pages, granted, declined)
    return LoginOutcome(pages, granted, declined)


def _offered(page: dict) -> dict:
    """A `/me/accounts` item with the id of the Instagram account linked to the Page, which
    Meta names (``instagram_business_account``) when the token holds instagram_basic."""
    linked = page.get("instagram_business_account")
    instagram_id = linked.get("id") if isinstance(linked, dict) else None
    return {**page, "instagram_id": str(instagram_id) if instagram_id else None}


def connect(page_id: str) -> dict | None:
    """Subscribe the app to the Page's webhook fields with its token, then use that token.

    None when the Page was not offered by the last login; ``GraphApiError`` when Meta refuses."""
    page = next((p for p in store.login_pages() if p["page_id"] == page_id), None)
    if page is None:
        return None
    current_graph().subscribe_page(page_id, page["access_token"],
                                   str(current_app.config["SUBSCRIBED_FIELDS"]))
    connected = store.connect_page(page_id)
    current_graph().page_token = page["access_token"]
    return connected


def disconnect() -> str | None:
    """Unsubscribe and forget the Page; the sentence of Meta's refusal, if any (still forgotten)."""
    page, problem = store.connected_page(), None
    if page is not None:
        try:
            current_graph().unsubscribe_page(page["page_id"], page["access_token"])
        except GraphApiError as error:
            problem = error.message
    store.disconnect_pages()
    current_graph().page_token = current_app.config["PAGE_TOKEN"] or ""
    return problem
