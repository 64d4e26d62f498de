"""Meta's rules, all of them: functions of (world, facts) that return a decision or raise GraphError.

Nothing here reads HTTP; every rule reads world state (app mode, access levels, features,
roles, granted scopes, windows, blocks, thread owners, armed rate limits), so a scenario changes
the outcome through the control API, never by patching code.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import TYPE_CHECKING, Any

from simulator import errors
from simulator.envelopes import object_of, same_field
from simulator.errors import GraphError

if TYPE_CHECKING:
    from simulator.models import App, Conversation, Page, TestAccount, Token
    from simulator.world import World

__all__ = [
    "business_usage", "check_appsecret_proof", "check_profile_access", "check_rate_limit", "check_send",
    "check_subscribed_fields", "has_role", "is_standby", "manages_page", "page_for_node",
    "page_visible_to", "recipient",
    "require_app_token", "require_page_token", "resolve_token", "served_version",
    "thread_owner", "webhook_refusal",
]

DAY_MS = 24 * 60 * 60 * 1000
STANDARD_WINDOW_MS = DAY_MS
HUMAN_AGENT_WINDOW_MS = 7 * DAY_MS
MESSAGING_TYPES = ("RESPONSE", "UPDATE", "MESSAGE_TAG")
DEPRECATED_TAGS = ("CONFIRMED_EVENT_UPDATE", "ACCOUNT_UPDATE", "POST_PURCHASE_UPDATE")
ROLES = ("administrator", "admin", "developer", "tester", "test_user")
PAGE_MANAGER_ROLES = ("administrator", "admin")
BAUPA = "business_asset_user_profile_access"
HUMAN_AGENT = "human_agent"
DEFAULT_FEATURES = {BAUPA: True, HUMAN_AGENT: False}
IG_MESSAGING_SCOPES = ("instagram_basic", "instagram_manage_messages", "pages_manage_metadata",
                       "pages_read_engagement", "pages_show_list")
PROFILE_FIELD_SCOPES = {"locale": "pages_user_locale", "timezone": "pages_user_timezone",
                        "gender": "pages_user_gender"}
SUBSCRIBE_SCOPES = {"feed": ("pages_manage_metadata",), "mention": ("pages_manage_metadata",)}
MESSAGING_SUBSCRIBE_SCOPES = ("pages_messaging",)
OLDEST_AVAILABLE_MAJOR = 23  # v23.0 works until ~Oct 2027 (meta-api.md section 11)
NEWEST_MAJOR = 26
_VERSION = re.compile(r"v(\d+)\.(\d+)")
_INVALID_TOKENS = {"expired": errors.TOKEN_EXPIRED, "password_changed": errors.TOKEN_PASSWORD_CHANGED,
                   "logged_out": errors.TOKEN_LOGGED_OUT, "app_removed": errors.TOKEN_APP_NOT_AUTHORIZED,
                   "page_role_lost": errors.TOKEN_PAGE_ROLE_LOST}


# --- tokens ------------------------------------------------------------------------------
def resolve_token(world: World, raw: str | None) -> Token:
    """104 without a token, 190 for one the world never issued or has invalidated."""
    if not raw:
        raise GraphError(errors.TOKEN_REQUIRED)
    token = world.token(raw)
    if token is None:
        raise GraphError(errors.TOKEN_UNPARSEABLE)
    if token.expires_at and world.clock.now_ms() // 1000 >= token.expires_at:
        raise GraphError(errors.TOKEN_EXPIRED, expired_at=token.expires_at,
                         now=world.clock.now_ms() // 1000)
    if token.invalid is not None:
        raise GraphError(_INVALID_TOKENS[token.invalid], app_id=token.app_id,
                         expired_at="(simulated)", now="(simulated)")
    return token


def check_appsecret_proof(world: World, token: Token, proof: str | None) -> None:
    """A given proof must be right; a missing one fails only when the app requires it."""
    app = world.apps.get(token.app_id)
    if app is None:
        return
    if proof is None:
        if app.require_appsecret_proof and token.kind != "app":
            raise GraphError(errors.APPSECRET_PROOF_REQUIRED)
        return
    expected = hmac.new(app.secret.encode(), token.value.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, proof.lower()):
        raise GraphError(errors.APPSECRET_PROOF_INVALID)


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


# --- roles, access, features -------------------------------------------------------------
def has_role(account: TestAccount) -> bool:
    return account.role in ROLES


def manages_page(world: World, account: TestAccount | None) -> bool:
    """Who manages the world's Pages (sees them unpublished, picks them in Facebook Login):
    the app's developer and the administrators; the one definition."""
    return account is not None and (account is world.developer
                                     or account.role in PAGE_MANAGER_ROLES)


def page_visible_to(world: World, page: Page, account: TestAccount | None) -> bool:
    """An unpublished Page is seen only by the people who manage it (app-review.md §3 #20)."""
    return page.published or manages_page(world, account)


def _public_allowed(app: App, permission: str) -> bool:
    """Non-role users need a live app with Advanced Access to the permission or feature."""
    return app.mode == "live" and app.access.get(permission) == "advanced"


def feature_on(app: App, name: str) -> bool:
    return app.features.get(name, DEFAULT_FEATURES.get(name, False))


# --- sending -----------------------------------------------------------------------------
def recipient(world: World, page: Page, value: dict[str, Any]) -> tuple[TestAccount, str]:
    """A PSID of the Page (Messenger) or an IGSID of its IG account: (account, channel)."""
    scoped = str(value.get("id", ""))
    if not scoped:
        raise GraphError(errors.PARAM_REQUIRED, name="recipient[id]")
    account = world.account_by_psid(page.id, scoped)
    if account is not None:
        return account, "messenger"
    if page.instagram is not None:
        account = world.account_by_igsid(page.instagram.id, scoped)
        if account is not None:
            return account, "instagram"
    raise GraphError(errors.NO_MATCHING_USER)


def _conversation(world: World, page: Page, account: TestAccount,
                  channel: str) -> Conversation | None:
    """The thread of `account` with `page` on `channel`, if anyone wrote yet (lock-free read)."""
    if channel == "instagram" and page.instagram is not None:
        return world.conversations.get((page.instagram.id, account.igsids[page.instagram.id]))
    return world.conversations.get((page.id, account.psids[page.id]))


def thread_owner(world: World, page: Page, account: TestAccount, channel: str,
                 conversation: Conversation | None = None) -> str:
    """The app id controlling the thread: the Page's app unless handover moved it. A caller
    holding the thread's conversation passes it (the webhook router asks once per event)."""
    if conversation is None:
        conversation = _conversation(world, page, account, channel)
    owner = conversation.thread_owner if conversation is not None else None
    return owner or page.app_id


def is_standby(world: World, app: App, page: Page, account: TestAccount, channel: str) -> bool:
    return thread_owner(world, page, account, channel) != app.id


def check_send(world: World, token: Token, page: Page, account: TestAccount, channel: str,
               messaging_type: str | None, tag: str | None) -> None:
    """Meta's order: permission, rate limit, thread owner, reachability, roles, window/tag."""
    app = world.apps[page.app_id]
    instagram = channel == "instagram"
    if "pages_messaging" not in token.scopes and not instagram:
        raise GraphError(errors.PAGES_MESSAGING_REQUIRED)
    if instagram:
        _check_instagram_send(token, page)
    check_rate_limit(world, app, instagram)
    conversation = _conversation(world, page, account, channel)  # read once for both checks
    if thread_owner(world, page, account, channel, conversation) != app.id:
        raise GraphError(errors.IG_NOT_THREAD_OWNER if instagram
                         else errors.THREAD_CONTROLLED_BY_OTHER_APP)
    if page.id in account.blocked_pages:
        raise GraphError(errors.PERSON_UNAVAILABLE)
    permission = "instagram_manage_messages" if instagram else "pages_messaging"
    if not has_role(account) and not _public_allowed(app, permission):
        raise GraphError(errors.RECIPIENT_WITHOUT_ROLE)
    _check_window(world, app, conversation, channel, messaging_type, tag)


def _check_instagram_send(token: Token, page: Page) -> None:
    if "instagram_manage_messages" not in token.scopes:
        raise GraphError(errors.NO_CAPABILITY)
    if page.instagram is not None and not page.instagram.messages_access:
        raise GraphError(errors.IG_MESSAGES_DISABLED)


def _check_window(world: World, app: App, conversation: Conversation | None, channel: str,
                  messaging_type: str | None, tag: str | None) -> None:
    window_ms = STANDARD_WINDOW_MS
    if messaging_type == "MESSAGE_TAG":
        _check_tag(tag)
        if feature_on(app, HUMAN_AGENT):  # HUMAN_AGENT: 7 days, only with the feature
            window_ms = HUMAN_AGENT_WINDOW_MS
    last = conversation.last_customer_ms if conversation is not None else None
    if last is None or world.clock.now_ms() - last > window_ms:
        raise GraphError(errors.IG_OUTSIDE_WINDOW if channel == "instagram"
                         else errors.OUTSIDE_WINDOW)


def _check_tag(tag: str | None) -> None:
    if tag is None:
        raise GraphError(errors.PARAM_REQUIRED, name="tag")
    if tag != "HUMAN_AGENT":  # deprecated and legacy tags answer code 100 (27 Apr 2026)
        raise GraphError(errors.INVALID_TAG, value=tag)


def check_rate_limit(world: World, app: App, instagram: bool = False) -> None:
    """An armed limit `{"calls", "window_ms", "code"}`: over it, code 4 or 613 (IG 613/2534040)."""
    limit = app.rate_limit
    if not limit:
        return
    now = world.clock.now_ms()
    with world.lock:
        times = [t for t in world.send_times.get(app.id, []) if now - t < limit["window_ms"]]
        if len(times) >= limit["calls"]:
            world.send_times[app.id] = times
            if limit.get("code") == 4:
                raise GraphError(errors.APP_RATE_LIMIT)
            raise GraphError(errors.IG_RATE_LIMIT if instagram else errors.RATE_LIMIT)
        times.append(now)
        world.send_times[app.id] = times


def business_usage(world: World, page: Page) -> dict[str, Any]:
    """`x-business-use-case-usage`: percent of the armed Messenger limit used (1 when none)."""
    app = world.apps[page.app_id]
    used = 1
    if app.rate_limit and app.rate_limit["calls"]:
        now = world.clock.now_ms()
        recent = [t for t in world.send_times.get(app.id, [])
                  if now - t < app.rate_limit["window_ms"]]
        used = min(100, round(100 * len(recent) / app.rate_limit["calls"]))
    return {page.id: [{"type": "messenger", "call_count": used, "total_cputime": 1,
                       "total_time": 1, "estimated_time_to_regain_access": 0}]}


# --- profile -----------------------------------------------------------------------------
def check_profile_access(world: World, token: Token, page: Page, account: TestAccount,
                         channel: str, fields: list[str]) -> bool:
    """Raise for a refused profile read; False when Meta answers an empty object instead.

    Whole-request failure: one field the token may not read fails every field (2018247).
    """
    app = world.apps[page.app_id]
    if account.phone_only:
        raise GraphError(errors.NO_PROFILE_AVAILABLE)
    if channel == "instagram":
        missing = [s for s in IG_MESSAGING_SCOPES if s not in token.scopes]
        if missing:
            raise GraphError(errors.INSUFFICIENT_PROFILE_PERMISSION)
    else:
        for name in fields:
            scope = PROFILE_FIELD_SCOPES.get(name)
            if scope is not None and scope not in token.scopes:
                raise GraphError(errors.INSUFFICIENT_PROFILE_PERMISSION)
    if feature_on(app, BAUPA) and (has_role(account) or _public_allowed(app, BAUPA)):
        return True
    if app.profile_denied == "empty":
        return False
    node = account.igsids.get(page.instagram.id) if channel == "instagram" and page.instagram \
        else account.psids[page.id]
    raise GraphError(errors.UNSUPPORTED_GET, node=node)


# --- Page subscriptions ------------------------------------------------------------------
def check_subscribed_fields(world: World, token: Token, page: Page, fields: list[str]) -> None:
    """MODERATE task + pages_manage_metadata, then every field's permission: all or nothing."""
    if "MODERATE" not in page.tasks or "pages_manage_metadata" not in token.scopes:
        raise GraphError(errors.PERMISSIONS_ERROR)
    problems = []
    for name in fields:
        needed = SUBSCRIBE_SCOPES.get(name, MESSAGING_SUBSCRIBE_SCOPES)
        if not any(scope in token.scopes for scope in needed):
            problems.append(f"To subscribe to the {name} field, one of these permissions is "
                            f"needed: {','.join(needed)}")
    if problems:
        raise GraphError(errors.SUBSCRIBE_FIELDS_PERMISSION, problems=". ".join(problems))


# --- webhooks ----------------------------------------------------------------------------
def webhook_refusal(world: World, app: App, page: Page, account: TestAccount, channel: str,
                    field: str) -> str | None:
    """Why Meta would send no webhook for this event to `app`, or None when it would."""
    subscribed = page.subscribed_apps.get(app.id)
    if subscribed is None:
        return "the app is not subscribed to the Page (subscribed_apps)"
    if channel == "messenger" and not same_field(subscribed, field):
        return f"the Page subscription of the app does not include the {field} field"
    subscription = app.subscriptions.get(object_of(channel))
    if subscription is None or not subscription.active:
        return f"the app has no webhook callback URL for the {object_of(channel)} object"
    if not same_field(subscription.fields, field):
        return f"the app's webhook subscription does not include the {field} field"
    token = world.tokens.get(page.access_token)
    if token is None or "pages_messaging" not in token.scopes:
        return "the Page has not granted pages_messaging to the app"
    if channel == "instagram":
        if app.mode != "live":
            return "Instagram webhooks need the app to be Live"
        if page.instagram is not None and not page.instagram.messages_access:
            return "the Instagram account does not allow access to messages"
    permission = "instagram_manage_messages" if channel == "instagram" else "pages_messaging"
    if not has_role(account) and not _public_allowed(app, permission):
        return (f"the sender has no role on the app and the app lacks Advanced Access to "
                f"{permission} (mode {app.mode})")
    return None


# --- versions ----------------------------------------------------------------------------
def served_version(requested: str | None, default: str) -> str:
    """The version that answers: the requested one, the app default when unversioned, or the
    oldest available when the requested one expired."""
    if requested is None:
        return default
    match = _VERSION.fullmatch(requested)
    if match is None or int(match.group(1)) < OLDEST_AVAILABLE_MAJOR:
        return f"v{OLDEST_AVAILABLE_MAJOR}.0"
    return requested
