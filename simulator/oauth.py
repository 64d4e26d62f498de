"""Facebook Login for Business: the dialog's rules, the consent a person gives, codes, tokens.

No HTTP here. A pass through the dialog is a `LoginRequest` (checked by `open_request`, as the
dialog checks `client_id`, `redirect_uri`, `scope`/`config_id`, `response_type`); consent and
the Page picker fill it in; `issue_code` turns it into a one-time code, which `redeem_code`
exchanges for a short-lived user token and `exchange_token` for a long-lived one. The Pages a
token may reach and their Page tokens come from `picked_pages` / `page_token`. Errors are
`GraphError`s of the catalogue (the dialog shows them as Meta's error pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from simulator import errors, policy
from simulator.errors import GraphError
from simulator.models import PAGE_TOKEN_SCOPES, Token

if TYPE_CHECKING:
    from simulator.models import App, Page, TestAccount
    from simulator.world import World

__all__ = ["DEFAULT_LOGIN_PERMISSIONS", "LONG_LIVED_S", "SHORT_LIVED_S", "LoginRequest",
           "allowed_permissions", "denial_url", "exchange_token", "issue_code", "log_out",
           "logins", "manageable_pages", "open_request", "page_token", "person",
           "picked_pages", "redeem_code", "remove_permission"]

# Permissions Meta knows; an app may request those added to it (its login permissions).
KNOWN_PERMISSIONS = frozenset((*PAGE_TOKEN_SCOPES, "business_management", "email",
                               "pages_manage_posts", "pages_read_user_content",
                               "pages_manage_engagement", "pages_user_gender",
                               "pages_user_locale", "pages_user_timezone", "read_insights",
                               "instagram_manage_comments", "instagram_content_publish"))
DEFAULT_LOGIN_PERMISSIONS = (*PAGE_TOKEN_SCOPES, "business_management")
SHORT_LIVED_S = 2 * 60 * 60
LONG_LIVED_S = 60 * 24 * 60 * 60


@dataclass
class LoginRequest:
    """One pass through the dialog, from the app's URL to the redirect with a code."""

    id: str
    app_id: str
    redirect_uri: str
    state: str | None
    scopes: list[str]
    step: str = "consent"  # "consent", then "pages"
    person_id: str | None = None
    granted: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)


@dataclass
class Grant:
    """An authorization code and what the person granted with it."""

    code: str
    app_id: str
    user_id: str
    redirect_uri: str
    granted: list[str]
    declined: list[str]
    page_ids: list[str]
    used: bool = False


@dataclass
class Logins:
    """The world's Facebook Login state; a new world (reset) starts a new one."""

    generation: int
    requests: dict[str, LoginRequest] = field(default_factory=dict)
    codes: dict[str, Grant] = field(default_factory=dict)
    page_tokens: dict[tuple[str, str], str] = field(default_factory=dict)  # (user token, page)


def logins(world: World) -> Logins:
    with world.lock:
        state = getattr(world, "_logins", None)
        if state is None or state.generation != world.generation:
            state = Logins(world.generation)
            world._logins = state
        return state


# --- the dialog ----------------------------------------------------------------------------
def allowed_permissions(app: App) -> list[str]:
    return list(app.login_permissions or DEFAULT_LOGIN_PERMISSIONS)


def open_request(world: World, args: dict[str, Any]) -> LoginRequest:
    """Meta's checks, in its order: app id, redirect URI, response type, scopes."""
    app = world.apps.get(str(args.get("client_id") or ""))
    if app is None:
        raise GraphError(errors.LOGIN_INVALID_APP_ID)
    redirect_uri = str(args.get("redirect_uri") or "")
    if redirect_uri not in app.redirect_uris:
        raise GraphError(errors.LOGIN_URL_BLOCKED)
    response_type = str(args.get("response_type") or "code")
    if response_type != "code":
        raise GraphError(errors.LOGIN_RESPONSE_TYPE, value=response_type)
    scopes = _requested_scopes(app, args)
    with world.lock:
        app.login_scopes_requested = ["public_profile", *scopes]
        request = LoginRequest(world.random_text(16), app.id, redirect_uri,
                               args.get("state") or None, scopes)
        logins(world).requests[request.id] = request
    return request


def _requested_scopes(app: App, args: dict[str, Any]) -> list[str]:
    config_id = str(args.get("config_id") or "")
    if config_id:
        if config_id not in app.login_configs:
            raise GraphError(errors.LOGIN_INVALID_CONFIG, value=config_id)
        scopes = list(app.login_configs[config_id])
    else:
        raw = str(args.get("scope") or "").replace(" ", ",")
        scopes = [s for s in dict.fromkeys(raw.split(",")) if s]
    allowed = allowed_permissions(app)
    invalid = [s for s in scopes if s not in KNOWN_PERMISSIONS or s not in allowed]
    if invalid:
        raise GraphError(errors.LOGIN_INVALID_SCOPES, scopes=", ".join(invalid))
    return [s for s in scopes if s != "public_profile"]


def request_of(world: World, request_id: str) -> LoginRequest | None:
    return logins(world).requests.get(request_id)


def person(world: World, account_id: str | None) -> TestAccount | None:
    """Who is logged in to the simulated Facebook: a test account or the app's developer."""
    if not account_id:
        return None
    developer = world.developer
    if developer is not None and developer.id == account_id:
        return developer
    return world.accounts.get(account_id)


def account_by_email(world: World, email: str) -> TestAccount | None:
    """The test account or the developer with this email (the dialog's login form)."""
    developer = world.developer
    if developer is not None and developer.email == email.strip().lower():
        return developer
    return world.account_by_email(email)


def manageable_pages(world: World, who: TestAccount) -> list[Page]:
    """The Pages `who` manages (policy.manages_page): every Page, or none."""
    return list(world.pages.values()) if policy.manages_page(world, who) else []


def record_consent(request: LoginRequest, who: TestAccount, granted: list[str]) -> None:
    """The permissions left on (the others are declined); `public_profile` always comes."""
    request.person_id = who.id
    request.granted = ["public_profile", *(s for s in request.scopes if s in granted)]
    request.declined = [s for s in request.scopes if s not in granted]
    request.step = "pages"


def denial_url(request: LoginRequest) -> str:
    """Cancel: back to the app with Meta's `access_denied` parameters."""
    return _redirect(request.redirect_uri, {
        "error": "access_denied", "error_code": "200",
        "error_description": "Permissions error", "error_reason": "user_denied",
        "state": request.state})


def issue_code(world: World, request: LoginRequest, page_ids: list[str]) -> str:
    """The Pages picked (only those the person manages); the redirect URL with a new code."""
    who = person(world, request.person_id)
    if who is None or request.step != "pages":
        raise ValueError("the login request has no consent yet")
    allowed = {p.id for p in manageable_pages(world, who)}
    with world.lock:
        code = "AQ" + world.random_text(120)
        logins(world).codes[code] = Grant(code, request.app_id, who.id, request.redirect_uri,
                                          list(request.granted), list(request.declined),
                                          [p for p in page_ids if p in allowed])
        logins(world).requests.pop(request.id, None)
    return _redirect(request.redirect_uri, {"code": code, "state": request.state})


def _redirect(uri: str, params: dict[str, str | None]) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{uri}{'&' if '?' in uri else '?'}{query}"


# --- the token endpoint --------------------------------------------------------------------
def _client(world: World, args: dict[str, Any]) -> App:
    app = world.apps.get(str(args.get("client_id") or ""))
    if app is None:
        raise GraphError(errors.OAUTH_INVALID_CLIENT)
    if str(args.get("client_secret") or "") != app.secret:
        raise GraphError(errors.OAUTH_CLIENT_SECRET)
    return app


def redeem_code(world: World, args: dict[str, Any]) -> Token:
    """`code` + the same `redirect_uri` + the app's secret → a short-lived user token (once)."""
    app = _client(world, args)
    with world.lock:
        grant = logins(world).codes.get(str(args.get("code") or ""))
        if grant is None or grant.app_id != app.id:
            raise GraphError(errors.OAUTH_CODE_INVALID)
        if grant.redirect_uri != str(args.get("redirect_uri") or ""):
            raise GraphError(errors.OAUTH_REDIRECT_MISMATCH)
        if grant.used:
            raise GraphError(errors.OAUTH_CODE_USED)
        grant.used = True
        return _user_token(world, app.id, grant.user_id, grant.granted, grant.declined,
                           grant.page_ids, SHORT_LIVED_S)


def exchange_token(world: World, args: dict[str, Any]) -> Token:
    """`grant_type=fb_exchange_token`: a short-lived user token → a long-lived one."""
    app = _client(world, args)
    old = policy.resolve_token(world, str(args.get("fb_exchange_token") or "") or None)
    if old.kind != "user" or old.app_id != app.id:
        raise GraphError(errors.TOKEN_UNPARSEABLE)
    with world.lock:
        return _user_token(world, app.id, old.user_id or "", old.scopes, old.declined,
                           old.page_ids, LONG_LIVED_S)


def _user_token(world: World, app_id: str, user_id: str, granted: list[str],
                declined: list[str], page_ids: list[str] | None, lifetime_s: int) -> Token:
    now_s = world.clock.now_ms() // 1000
    token = Token("EAA" + world.random_text(190), "user", app_id, user_id=user_id,
                  scopes=list(granted), declined=list(declined), issued_at=now_s,
                  expires_at=now_s + lifetime_s,
                  page_ids=None if page_ids is None else list(page_ids))
    world.tokens[token.value] = token
    return token


# --- what a user token reaches -----------------------------------------------------------
def picked_pages(world: World, user_token: Token) -> list[Page]:
    """The Pages a user token may reach: those picked in the dialog (all for a seeded one)."""
    pages = list(world.pages.values())
    if user_token.page_ids is None:
        return pages
    return [p for p in pages if p.id in user_token.page_ids]


def page_token(world: World, user_token: Token, page: Page) -> str:
    """The Page token `/me/accounts` hands out: the seeded one for a seeded user token; for a
    Facebook Login token one of its own, with the Page scopes the person granted (a long-lived
    user token gives a Page token that never expires)."""
    if user_token.page_ids is None:
        return page.access_token
    key = (user_token.value, page.id)
    with world.lock:
        known = logins(world).page_tokens.get(key)
        if known is not None:
            return known
        long_lived = user_token.expires_at - user_token.issued_at > SHORT_LIVED_S
        token = Token("EAA" + world.random_text(180), "page", user_token.app_id, page.id,
                      user_id=user_token.user_id,
                      scopes=[s for s in user_token.scopes if s in PAGE_TOKEN_SCOPES],
                      issued_at=world.clock.now_ms() // 1000,
                      expires_at=0 if long_lived else user_token.expires_at)
        world.tokens[token.value] = token
        logins(world).page_tokens[key] = token.value
        return token.value


def remove_permission(world: World, user_token: Token, permission: str | None) -> None:
    """`DELETE /me/permissions/{permission}`: the permission leaves every token the person
    holds for the app (Page tokens included) and shows as declined; without a permission the
    person removes the app: all those tokens stop working (190/458)."""
    with world.lock:
        for token in world.tokens.values():
            if token.app_id != user_token.app_id or token.user_id != user_token.user_id \
                    or token.kind == "app":
                continue
            if permission is None:
                token.invalid = "app_removed"
            elif permission in token.scopes:
                token.scopes.remove(permission)
                token.declined.append(permission)


def log_out(world: World, who: TestAccount) -> list[str]:
    """`who` logs out of Facebook: the Facebook Login sessions end. Short-lived user tokens and
    the Page tokens derived from them (they share the user token's expiry) stop working with
    190/467 "The session is invalid because the user logged out."; a long-lived user token and
    its Page tokens (no expiry) outlive the session (meta-api.md section 6.1). Returns the
    values invalidated."""
    ended = []
    with world.lock:
        for token in world.tokens.values():
            if token.user_id != who.id or token.invalid is not None or not _session_bound(token):
                continue
            token.invalid = "logged_out"
            ended.append(token.value)
    return ended


def _session_bound(token: Token) -> bool:
    if token.kind == "user":
        return bool(token.expires_at) and token.expires_at - token.issued_at <= SHORT_LIVED_S
    return token.kind == "page" and bool(token.expires_at)
