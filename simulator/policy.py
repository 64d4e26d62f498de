"""Meta's rules, all of them: functions of (world, facts) that return a decision or raise GraphError."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from simulator import errors
from simulator.errors import GraphError

if TYPE_CHECKING:
    from simulator.world import App, Page, TestAccount, Token, World

__all__ = [
    "check_profile_access", "check_send", "page_for_node", "recipient_account",
    "require_app_token", "require_page_token", "resolve_token", "served_version",
    "webhook_refusal",
]

DAY_MS = 24 * 60 * 60 * 1000
STANDARD_WINDOW_MS = DAY_MS
HUMAN_AGENT_WINDOW_MS = 7 * DAY_MS
MESSAGING_TYPES = ("RESPONSE", "UPDATE", "MESSAGE_TAG")
DEPRECATED_TAGS = ("CONFIRMED_EVENT_UPDATE", "ACCOUNT_UPDATE", "POST_PURCHASE_UPDATE")
ROLES = ("administrator", "developer", "tester", "test_user")
OLDEST_AVAILABLE_MAJOR = 23  # v23.0 works until ~Oct 2027 (meta-api.md section 11)
_VERSION = re.compile(r"v(\d+)\.(\d+)")


# --- tokens ------------------------------------------------------------------------------
def resolve_token(world: World, raw: str | None) -> Token:
    """104 without a token, 190 for one the world never issued."""
    if not raw:
        raise GraphError(errors.TOKEN_REQUIRED)
    token = world.token(raw)
    if token is None:
        raise GraphError(errors.TOKEN_UNPARSEABLE)
    return token


def require_page_token(world: World, token: Token) -> Page:
    """Page-only calls (Send API, profile) refuse app and user tokens with (#210)."""
    if token.kind != "page" or token.page_id is None:
        raise GraphError(errors.PAGE_TOKEN_REQUIRED)
    return world.pages[token.page_id]


def require_app_token(world: World, token: Token, app_id: str) -> App:
    """App-level calls need `{app-id}|{secret}` of that very app."""
    if token.kind != "app":
        raise GraphError(errors.APP_TOKEN_REQUIRED)
    if token.app_id != app_id:
        raise GraphError(errors.UNSUPPORTED_POST, node=app_id)
    return world.apps[app_id]


def page_for_node(page: Page, node: str, method: str = "post") -> Page:
    """`me` is the token's Page; another node id is not reachable with this token."""
    if node in ("me", page.id):
        return page
    spec = errors.UNSUPPORTED_POST if method == "post" else errors.UNSUPPORTED_GET
    raise GraphError(spec, node=node)


# --- sending -----------------------------------------------------------------------------
def recipient_account(world: World, page: Page, recipient: dict) -> TestAccount:
    """The recipient must be a PSID of this Page: (#100) 2018001 otherwise."""
    psid = str(recipient.get("id", ""))
    account = world.account_by_psid(page.id, psid) if psid else None
    if account is None:
        raise GraphError(errors.NO_MATCHING_USER)
    return account


def has_role(account: TestAccount) -> bool:
    return account.role in ROLES


def check_send(world: World, page: Page, account: TestAccount, messaging_type: str | None,
               tag: str | None) -> None:
    """Roles in development mode, then the messaging window for the type/tag used."""
    app = world.apps[page.app_id]
    if app.mode == "development" and not has_role(account):
        raise GraphError(errors.RECIPIENT_WITHOUT_ROLE)
    if messaging_type == "MESSAGE_TAG":
        _check_tag(tag)
        window_ms = HUMAN_AGENT_WINDOW_MS
    else:
        window_ms = STANDARD_WINDOW_MS
    last = world.conversation(page.id, account.psids[page.id]).last_customer_ms
    if last is None or world.clock.now_ms() - last > window_ms:
        raise GraphError(errors.OUTSIDE_WINDOW)


def _check_tag(tag: str | None) -> None:
    if tag is None:
        raise GraphError(errors.PARAM_REQUIRED, name="tag")
    if tag != "HUMAN_AGENT":  # deprecated tags are code 100 since 27 Apr 2026
        raise GraphError(errors.INVALID_TAG, value=tag)


# --- profile -----------------------------------------------------------------------------
def check_profile_access(world: World, page: Page, account: TestAccount) -> None:
    """BAUPA is active only for role users while the app is in development mode (100/33)."""
    app = world.apps[page.app_id]
    if app.mode == "development" and not has_role(account):
        raise GraphError(errors.UNSUPPORTED_GET, node=account.psids[page.id])


# --- webhooks ----------------------------------------------------------------------------
def webhook_refusal(world: World, app: App, page: Page, account: TestAccount,
                    field: str) -> str | None:
    """Why Meta would send no webhook for this event to `app`, or None when it would."""
    subscribed = page.subscribed_apps.get(app.id)
    if subscribed is None:
        return "the app is not subscribed to the Page (subscribed_apps)"
    if field not in subscribed:
        return f"the Page subscription of the app does not include the {field} field"
    subscription = app.subscriptions.get("page")
    if subscription is None or not subscription.active:
        return "the app has no webhook callback URL for the page object"
    if field not in subscription.fields:
        return f"the app's webhook subscription does not include the {field} field"
    if app.mode == "development" and not has_role(account):
        return "the sender has no role on the app while the app is in development mode"
    return None


# --- versions ----------------------------------------------------------------------------
def served_version(requested: str) -> str:
    """The version that answers: the requested one, or the oldest available if it expired."""
    match = _VERSION.fullmatch(requested)
    if match is None or int(match.group(1)) < OLDEST_AVAILABLE_MAJOR:
        return f"v{OLDEST_AVAILABLE_MAJOR}.0"
    return requested
