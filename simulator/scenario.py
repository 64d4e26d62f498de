"""Arranging a scenario through the control API: app settings, people, tokens, past
conversations. Validation errors are SimulatorError (HTTP 400 with a sentence)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator import handover
from simulator.customers import CHANNELS
from simulator.errors import SimulatorError
from simulator.models import INBOX_APP_ID
from simulator.policy import BAUPA, HUMAN_AGENT, ROLES

if TYPE_CHECKING:
    from simulator.models import App, Page, TestAccount
    from simulator.world import World

__all__ = ["configure_app", "configure_page", "configure_token", "configure_user", "find_account",
           "seed_conversation", "take_thread"]

MODES = ("development", "live")
ACCESS_LEVELS = ("standard", "advanced")
FEATURES = (BAUPA, HUMAN_AGENT)
PROFILE_DENIED = ("error", "empty")
INVALID_STATES = ("expired", "password_changed", "logged_out", "app_removed", "page_role_lost")
_SETTINGS = {"ack_deadline_s": "WEBHOOK_TIMEOUT", "webhook_batch_ms": "WEBHOOK_BATCH_MS",
             "webhook_max_batch": "WEBHOOK_MAX_BATCH", "fetch_attachments": "FETCH_ATTACHMENTS"}


def configure_app(world: World, settings: dict[str, Any]) -> None:
    """Mode, access levels, features, appsecret proof, profile switch, rate limit, webhooks."""
    known = {"mode", "access", "features", "require_appsecret_proof", "profile_denied",
             "rate_limit", "app_id", *_SETTINGS, *_LOGIN_SETTINGS, *_BASIC_SETTINGS}
    _no_unknown(settings, known, "app setting")
    with world.lock:
        app = world.apps.get(settings.get("app_id") or world.app.id)
        if app is None:
            raise SimulatorError(f"no app with id {settings['app_id']!r}", 404)
        if "mode" in settings:
            app.mode = _choice(settings["mode"], MODES, "mode")
        for perm, level in _mapping(settings.get("access"), "access").items():
            app.access[str(perm)] = _choice(level, ACCESS_LEVELS, f"access of {perm}")
        for name, on in _mapping(settings.get("features"), "features").items():
            _choice(name, FEATURES, "feature")
            app.features[name] = _bool(on, f"feature {name}")
        if "require_appsecret_proof" in settings:
            app.require_appsecret_proof = _bool(settings["require_appsecret_proof"],
                                                "require_appsecret_proof")
        if "profile_denied" in settings:
            app.profile_denied = _choice(settings["profile_denied"], PROFILE_DENIED,
                                         "profile_denied")
        if "rate_limit" in settings:
            app.rate_limit = _rate_limit(settings["rate_limit"])
            world.send_times.pop(app.id, None)
        for key, name in _SETTINGS.items():
            if key in settings:  # checked here: the webhook sender thread reads them later
                check = _SETTING_CHECKS.get(key, _non_negative)
                world.settings[name] = check(settings[key], key)
        _configure_login(app, settings)
        _configure_basic(app, settings)
    world.webhooks.kick()


_LOGIN_SETTINGS = ("redirect_uris", "login_permissions", "login_configs")
_BASIC_URLS = ("privacy_policy_url", "data_deletion_url", "data_deletion_callback_url",
               "category")
_BASIC_SETTINGS = (*_BASIC_URLS, "icon_size", "platforms", "business_verified")


def _configure_basic(app: App, settings: dict[str, Any]) -> None:
    """Settings > Basic as App Review reads it: icon, policy and deletion URLs, category,
    platforms (`[{"type": "Website"|"Desktop", "url"}]`), business verification."""
    for key in _BASIC_URLS:
        if key in settings:
            setattr(app, key, None if settings[key] is None else str(settings[key]))
    if "icon_size" in settings:
        size = settings["icon_size"]
        app.icon_size = [] if size is None else [
            int(_non_negative(n, "icon_size")) for n in _list(size, "icon_size")]
    if "platforms" in settings:
        app.platforms = [{"type": str(_mapping(p, "platform").get("type", "Website")),
                          "url": str(_mapping(p, "platform").get("url", ""))}
                         for p in _list(settings["platforms"], "platforms")]
    if "business_verified" in settings:
        app.business_verified = _bool(settings["business_verified"], "business_verified")


def _configure_login(app: App, settings: dict[str, Any]) -> None:
    """Facebook Login: valid OAuth redirect URIs, permissions added to the app, and the
    Login for Business configurations (`config_id` -> scopes)."""
    if "redirect_uris" in settings:
        app.redirect_uris = [str(u) for u in _list(settings["redirect_uris"], "redirect_uris")]
    if "login_permissions" in settings:
        app.login_permissions = [str(p) for p in _list(settings["login_permissions"],
                                                       "login_permissions")]
    for config_id, scopes in _mapping(settings.get("login_configs"), "login_configs").items():
        app.login_configs[str(config_id)] = [str(s) for s in _list(scopes, "login_configs")]


def configure_user(world: World, user_id: str, settings: dict[str, Any]) -> TestAccount:
    """Role (or None), whether the user blocked the Page, phone-only registration."""
    _no_unknown(settings, {"role", "blocked_page", "phone_only", "page_id"}, "user setting")
    with world.lock:
        account = find_account(world, user_id)
        page_id = settings.get("page_id") or world.page.id
        if "role" in settings:
            role = settings["role"]
            account.role = None if role is None else _choice(role, ROLES, "role")
        if "blocked_page" in settings:
            if _bool(settings["blocked_page"], "blocked_page"):
                account.blocked_pages.add(page_id)
            else:
                account.blocked_pages.discard(page_id)
        if "phone_only" in settings:
            account.phone_only = _bool(settings["phone_only"], "phone_only")
        return account


def configure_token(world: World, settings: dict[str, Any]) -> dict[str, Any]:
    """Grant/revoke scopes of a token, set its expiry or invalidate it (190 and subcodes)."""
    _no_unknown(settings, {"token", "scopes", "grant", "revoke", "invalid", "expires_at"},
                "token setting")
    with world.lock:
        token = world.tokens.get(str(settings.get("token") or world.page.access_token))
        if token is None:
            raise SimulatorError("no such token in this world", 404)
        if "scopes" in settings:
            token.scopes = [str(s) for s in _list(settings["scopes"], "scopes")]
        for scope in _list(settings.get("grant", []), "grant"):
            if scope not in token.scopes:
                token.scopes.append(str(scope))
        for scope in _list(settings.get("revoke", []), "revoke"):
            if scope in token.scopes:
                token.scopes.remove(scope)
                token.declined.append(str(scope))
        if "invalid" in settings:
            token.invalid = None if settings["invalid"] is None else _choice(
                settings["invalid"], INVALID_STATES, "invalid")
        if "expires_at" in settings:
            token.expires_at = int(settings["expires_at"] or 0)
        return {"token": token.value, "kind": token.kind, "scopes": list(token.scopes),
                "declined": list(token.declined), "invalid": token.invalid,
                "expires_at": token.expires_at}


PAGE_TASKS = ("ANALYZE", "ADVERTISE", "MESSAGING", "MODERATE", "CREATE_CONTENT", "MANAGE")


def configure_page(world: World, page_ref: str, settings: dict[str, Any]) -> Page:
    """The tasks the token's person may perform on the Page (MODERATE gates subscribed_apps);
    `page_ref` is a Page id or "default" (the first Page)."""
    _no_unknown(settings, {"tasks", "published"}, "Page setting")
    with world.lock:
        page = world.page if page_ref == "default" else world.pages.get(page_ref)
        if page is None:
            raise SimulatorError(f"no Page with id {page_ref!r}", 404)
        if "tasks" in settings:
            tasks = [_choice(t, PAGE_TASKS, "task") for t in _list(settings["tasks"], "tasks")]
            page.tasks = tuple(tasks)
        if "published" in settings:
            page.published = _bool(settings["published"], "published")
        return page


def find_account(world: World, ref: str) -> TestAccount:
    """A test account by id, PSID or IGSID."""
    account = world.accounts.get(ref) or next(
        (a for a in world.accounts.values()
         if ref in a.psids.values() or ref in a.igsids.values()), None)
    if account is None:
        raise SimulatorError(f"no test account with id, PSID or IGSID {ref!r}", 404)
    return account


def seed_conversation(world: World, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """A past conversation: messages `ago_ms` before now, no webhooks (they happened before)."""
    _no_unknown(spec, {"user_id", "channel", "messages", "page_id"}, "conversation key")
    account = find_account(world, str(spec.get("user_id", "")))
    channel = _choice(spec.get("channel", "messenger"), CHANNELS, "channel")
    page_id = str(spec.get("page_id") or world.page.id)
    page = world.pages.get(page_id)
    if page is None:
        raise SimulatorError(f"no Page with id {page_id!r}", 404)
    now, out = world.clock.now_ms(), []
    items = _list(spec.get("messages"), "messages")
    for item in items:
        if not isinstance(item, dict):
            raise SimulatorError(f"each message must be an object with from, text and ago_ms,"
                                 f" not {item!r}")
    for item in sorted(items, key=lambda m: -int(m.get("ago_ms", 0))):
        stamp = now - int(item.get("ago_ms", 0))
        text = item.get("text")
        if item.get("from") == "customer":
            message = world.customer_message(page_id, account.id, channel, text=text,
                                             timestamp=stamp)
        elif item.get("from") == "page":
            message = world.page_message(page, account, channel, text=text, timestamp=stamp,
                                         app_id=page.app_id)
        else:
            raise SimulatorError("each message needs from: customer or page")
        out.append({"mid": message.mid, "from": message.sender, "timestamp": stamp})
    return out


def _no_unknown(settings: Any, known: set[str], what: str) -> None:
    if not isinstance(settings, dict):
        raise SimulatorError("the body must be a JSON object")
    unknown = sorted(set(settings) - known)
    if unknown:
        raise SimulatorError(f"unknown {what}: {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(known))})")


def _choice(value: Any, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise SimulatorError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise SimulatorError(f"{name} must be true or false, not {value!r}")
    return value


def _non_negative(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise SimulatorError(f"{name} must be a number of at least 0, not {value!r}")
    return value


def _at_least_one(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SimulatorError(f"{name} must be a whole number of at least 1, not {value!r}")
    return value


_SETTING_CHECKS = {"fetch_attachments": _bool, "webhook_max_batch": _at_least_one}  # else >= 0


def _mapping(value: Any, name: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SimulatorError(f"{name} must be an object")
    return value


def _list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise SimulatorError(f"{name} must be a list")
    return value


def _rate_limit(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    limit = _mapping(value, "rate_limit")
    calls, window, code = limit.get("calls"), limit.get("window_ms", 60_000), limit.get("code", 613)
    if not isinstance(calls, int) or calls < 0 or not isinstance(window, int) or window <= 0:
        raise SimulatorError("rate_limit needs calls >= 0 and window_ms > 0")
    if code not in (4, 613):
        raise SimulatorError(f"rate_limit code must be 4 or 613, not {code!r}")
    return {"calls": calls, "window_ms": window, "code": code}


def take_thread(world: World, user_ref: str, body: dict[str, Any]) -> dict[str, Any]:
    """`{"app_id", "channel", "page_id", "metadata"}`: another app (default the Page Inbox, as a
    person answering in Business Suite) takes the customer's thread; Meta's take_thread_control
    event goes to the subscribed apps."""
    _no_unknown(body, {"app_id", "channel", "page_id", "metadata"}, "thread key")
    account = find_account(world, user_ref)
    channel = str(body.get("channel") or "messenger")
    if channel not in ("messenger", "instagram"):
        raise SimulatorError(f"channel must be messenger or instagram, not {channel!r}")
    page = world.pages.get(str(body.get("page_id") or world.page.id))
    if page is None:
        raise SimulatorError("no such Page", 404)
    app_id = str(body.get("app_id") or INBOX_APP_ID)
    metadata = body.get("metadata")
    handover.taken_by_other_app(world, page, account, channel, app_id,
                                None if metadata is None else str(metadata))
    return {"thread_owner": {"app_id": app_id}}
