"""Readiness check before App Review: the app settings, Page and usage facts reviewers reject most.

Each rule reads one set of facts (from a readiness file a team fills in from its App Dashboard,
or from the simulator's world and journal) and names its source in
shared/reference/app-review.md, so a stale rule can be found and switched off.
"""

from __future__ import annotations

import ipaddress
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

__all__ = ["DEFAULT_REQUESTED", "RULES", "Finding", "Rule", "check", "facts_from_world",
           "load_facts", "main"]

API_CALL_MAX_AGE = timedelta(days=30)
WEBHOOK_ACK_SECONDS = 5.0  # Messenger webhooks doc (2026): answer within 5 s; App Review page says 20 s
META_BRAND_WORDS = ("facebook", "messenger", "instagram", "whatsapp", "meta", "fb")
PAGE_INBOX_APP_ID = "263902037430900"  # Meta Business Suite / Page Inbox (meta-api.md §9)


@dataclass(frozen=True)
class Finding:
    rule: str
    passed: bool
    message: str
    source: str

    def line(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}  {self.rule}: {self.message}  [{self.source}]"


@dataclass(frozen=True)
class Rule:
    """A named check; `check(facts, now)` yields (passed, message) pairs."""

    name: str
    source: str
    check: Callable[[dict, datetime], Iterable[tuple[bool, str]]]


def _api_call_per_permission(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    calls = facts.get("permissions", {}).get("last_successful_call", {})
    for permission in facts.get("permissions", {}).get("requested", []):
        when = calls.get(permission)
        if when is None:
            yield False, f"{permission}: no successful API call recorded"
            continue
        age = now - _as_datetime(when)
        yield age <= API_CALL_MAX_AGE, f"{permission}: last successful call {_days_ago(age)} (limit 30 days)"


def _days_ago(age: timedelta) -> str:
    return "today" if age.days == 0 else "1 day ago" if age.days == 1 else f"{age.days} days ago"


def _only_used_scopes(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    permissions = facts.get("permissions", {})
    used = set(permissions.get("used", [])) | set(permissions.get("last_successful_call", {}))
    for permission in permissions.get("requested", []):
        yield permission in used, (f"{permission} is used by the app" if permission in used
                                   else f"{permission} is requested but the app never uses it")
    for scope in permissions.get("oauth_scopes", []):
        if scope not in used and scope != "public_profile":
            yield False, f"the login dialog asks for {scope}, which the app never uses"


def _icon(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    size = facts.get("app", {}).get("icon_size")
    if not size:
        yield False, "no app icon set"
    else:
        yield tuple(size) == (1024, 1024), f"app icon is {size[0]}x{size[1]} (needs 1024x1024)"


def _public_url(facts: dict, key: str, what: str) -> Iterable[tuple[bool, str]]:
    url = facts.get("app", {}).get(key)
    if not url:
        yield False, f"no {what} set"
        return
    problem = _url_problem(url)
    yield problem is None, f"{what} {url}" + (f" {problem}" if problem else " is public HTTPS")


def _privacy_policy(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    yield from _public_url(facts, "privacy_policy_url", "privacy policy URL")


def _data_deletion(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    app = facts.get("app", {})
    if app.get("data_deletion_callback_url"):
        yield from _public_url(facts, "data_deletion_callback_url", "data deletion callback")
    else:
        yield from _public_url(facts, "data_deletion_url", "data deletion instructions URL")


def _category(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    category = facts.get("app", {}).get("category")
    yield bool(category), f"app category is {category!r}" if category else "no app category set"


def _platforms(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    platforms = facts.get("app", {}).get("platforms", [])
    if not platforms:
        yield False, "no platform (Website/Desktop) with a site URL"
    for platform in platforms:
        problem = _url_problem(platform.get("url", ""))
        yield problem is None, (f"{platform.get('type', '?')} platform URL {platform.get('url')!r}"
                                + (f" {problem}" if problem else " is public HTTPS"))


def _business_verified(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    verified = bool(facts.get("app", {}).get("business_verified"))
    yield verified, ("business is verified" if verified
                     else "business is not verified (Advanced Access needs it)")


def _page_published(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    published = bool(facts.get("page", {}).get("published"))
    yield published, "Page is published" if published else "Page is not published"


def _app_subscribed(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    subscribed = bool(facts.get("page", {}).get("app_subscribed"))
    yield subscribed, ("the app is subscribed to the Page's webhooks" if subscribed
                       else "the app is not subscribed to the Page")


def _thread_owner(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    page = facts.get("page", {})
    if "thread_control_held_by" not in page:
        yield False, ("thread control not checked: list the apps holding the Page's "
                      "conversations (page.thread_control_held_by, [] when none)")
        return
    held = page["thread_control_held_by"] or []
    if not held:
        yield True, "the app controls the Page's conversations (no other app holds them)"
        return
    owners = sorted({_app_label(h.get("app_id") if isinstance(h, dict) else h) for h in held})
    yield False, (f"another app holds thread control of {len(held)} conversation(s) with the "
                  f"Page: {', '.join(owners)}; the app only gets standby events and its replies "
                  "fail (2018300)")


def _app_label(app_id: object) -> str:
    return f"{app_id} (Page Inbox)" if str(app_id) == PAGE_INBOX_APP_ID else str(app_id)


def _webhook(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    webhook = facts.get("webhook", {})
    ack = webhook.get("ack_seconds")
    if not webhook.get("verified"):
        yield False, "the webhook callback has not passed the verification handshake"
    if ack is None:
        yield False, "no webhook delivery answered 200 yet"
    else:
        yield ack <= WEBHOOK_ACK_SECONDS, f"webhook answered 200 in {ack:.3f} s (limit 5 s)"


def _live_after_approval(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    app = facts.get("app", {})
    mode, access = app.get("mode", "development"), app.get("access") or {}
    approved = [p for p in facts.get("permissions", {}).get("requested", [])
                if access.get(p) == "advanced"]
    if not approved:
        yield True, f"app mode is {mode}; no requested permission has Advanced Access yet"
    else:
        yield mode == "live", (f"app mode is {mode} with Advanced Access to "
                               f"{', '.join(approved)}" + ("" if mode == "live" else
                               ": switch to Live, or the public gets (#10)"))


def _app_name(facts: dict, now: datetime) -> Iterable[tuple[bool, str]]:
    name = facts.get("app", {}).get("name", "")
    words = {w.strip(".,-_").lower() for w in name.split()}
    brand = sorted(words & set(META_BRAND_WORDS))
    yield not brand, (f"app name {name!r} uses Meta brand words: {', '.join(brand)}" if brand
                      else f"app name {name!r} is free of Meta brand words")


RULES: tuple[Rule, ...] = (
    Rule("api-call-in-30-days", "app-review.md §1 'Before you submit' [S18]", _api_call_per_permission),
    Rule("only-used-scopes", "app-review.md §3 #11, #12 [S3,S21]", _only_used_scopes),
    Rule("app-icon", "app-review.md §1 [S6]", _icon),
    Rule("privacy-policy", "app-review.md §3 #17 [S52,S53]", _privacy_policy),
    Rule("data-deletion", "app-review.md §3 #17 [S52,S53]", _data_deletion),
    Rule("app-category", "app-review.md §1 [S6,S9]", _category),
    Rule("platform-url", "app-review.md §1, §3 #2 [S40,S21b]", _platforms),
    Rule("business-verification", "app-review.md §1 [S10,S12]", _business_verified),
    Rule("page-published", "app-review.md §3 #20 [S55]", _page_published),
    Rule("app-subscribed-to-page", "app-review.md §3 #9 [S9]", _app_subscribed),
    Rule("app-is-thread-owner", "app-review.md §3 #9, §4 handover trap [S26,S46]",
         _thread_owner),
    Rule("webhook-answers", "app-review.md §3 #9 [S9]", _webhook),
    Rule("brand-free-name", "app-review.md §3 #16 [S1,S22]", _app_name),
    Rule("live-after-approval", "app-review.md §3 #21 [S16]", _live_after_approval),
)


def check(facts: dict, now: datetime | None = None,
          rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Every rule's findings, passed ones included, in rule order."""
    moment = now or (_as_datetime(facts["checked_at"]) if "checked_at" in facts
                     else datetime.now(UTC))
    return [Finding(rule.name, passed, message, rule.source)
            for rule in rules for passed, message in rule.check(facts, moment)]


# What the desk submits for review, and which Graph calls count for each permission.
DEFAULT_REQUESTED = ("pages_messaging", "pages_show_list", "pages_manage_metadata")
BAUPA = "business_asset_user_profile_access"
_CALLS_PER_PERMISSION = (  # (method or None for any, path suffix, permission)
    ("POST", "/pass_thread_control", "pages_messaging"),
    ("POST", "/take_thread_control", "pages_messaging"),
    ("GET", "/accounts", "pages_show_list"),
    (None, "/subscribed_apps", "pages_manage_metadata"),
)


def facts_from_world(control: Any, requested: Iterable[str] = DEFAULT_REQUESTED) -> dict:
    """The readiness facts of a simulated world: `GET /_sim/world` (app settings, Page), its
    threads (who holds control) and its journal (successful Graph calls per permission on the
    simulator's clock, webhook 200 latency). `control` is a `simulator.client.Control`;
    `checked_at` is the simulator's now."""
    world = control.world()
    app, page = world["app"], world["page"]
    calls = _last_calls(control.journal(kind="graph"), world)
    answered = [e["latency_ms"] for e in control.journal(kind="webhook")
                if e["outcome"] == "delivered" and e["status"] == 200]
    return {
        "checked_at": control.clock()["now_ms"],
        "permissions": {"requested": list(requested), "last_successful_call": calls,
                        "used": sorted(calls),
                        "oauth_scopes": list(app.get("login_scopes_requested") or [])},
        "app": {key: app.get(key) for key in (
            "name", "icon_size", "privacy_policy_url", "data_deletion_url",
            "data_deletion_callback_url", "category", "platforms", "business_verified",
            "mode", "access")},
        "page": {"published": page.get("published", True),
                 "app_subscribed": app["id"] in page["subscribed_apps"],
                 "thread_control_held_by": [
                     {"app_id": t["thread_owner"], "user_id": t["user_id"],
                      "channel": t["channel"]} for t in control.threads()
                     if t["page_id"] == page["id"] and t["thread_owner"] != app["id"]]},
        "webhook": {"verified": bool(app.get("callback_url")),
                    "ack_seconds": max(answered) / 1000 if answered else None},
    }


def _last_calls(entries: Iterable[dict], world: dict) -> dict[str, int]:
    """Permission -> simulator time (ms) of its last successful Graph call."""
    psids = {a.get("psid") for a in world.get("test_accounts", [])} - {None}
    igsids = {a.get("igsid") for a in world.get("test_accounts", [])} - {None}
    last: dict[str, int] = {}
    for entry in entries:
        if entry["status"] != 200:
            continue
        for permission in _permissions_of_call(entry, psids, igsids):
            last[permission] = max(last.get(permission, 0), entry["time"])
    return last


def _permissions_of_call(entry: dict, psids: set[str], igsids: set[str]) -> list[str]:
    """The permissions a successful Graph call exercised (the dashboard's "API call" column):
    a Send API call to a PSID pages_messaging (and the Human Agent feature when tagged), to an
    IGSID instagram_manage_messages; a profile read BAUPA (Messenger) or instagram_basic and
    pages_read_engagement (Instagram, meta-api.md section 4.2)."""
    method, path, psid = entry["method"], entry["path"], entry.get("psid")
    if method == "POST" and path.endswith("/messages"):
        found = ["instagram_manage_messages" if psid in igsids else "pages_messaging"]
        return found + (["human_agent"] if entry.get("tag") == "HUMAN_AGENT" else [])
    if method == "GET" and psid is not None and path.endswith(f"/{psid}"):
        if psid in igsids:
            return ["instagram_basic", "pages_read_engagement"]
        return [BAUPA] if psid in psids else []
    return [permission for wanted, suffix, permission in _CALLS_PER_PERMISSION
            if wanted in (None, method) and path.endswith(suffix)]


def load_facts(path: Path) -> dict:
    """A readiness file (TOML) filled in from the App Dashboard; see docs/readiness.example.toml."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float):  # epoch milliseconds, as the simulator's clock gives
        return datetime.fromtimestamp(value / 1000, UTC)
    return datetime.fromisoformat(str(value))


def _url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "is not HTTPS"
    host = parts.hostname or ""
    if host in ("localhost", "") or host.endswith(".local"):
        return "points at a local host"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    return "points at a private address" if address.is_private or address.is_loopback else None


def main(argv: list[str]) -> int:
    """`python -m homologa.readiness FILE | --world SIMULATOR_URL`: print every finding; exit 1
    when any fails."""
    if len(argv) == 2 and argv[0] == "--world":
        from simulator.client import Control, SimulatorControlError

        try:
            with Control(argv[1]) as control:
                facts = facts_from_world(control)
        except (requests.RequestException, SimulatorControlError) as exc:
            print(f"readiness: cannot read the simulator at {argv[1]}: {exc}", file=sys.stderr)
            return 2
    elif len(argv) == 1 and not argv[0].startswith("--"):
        path = Path(argv[0])
        try:
            facts = load_facts(path)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            print(f"readiness: {path}: {exc}", file=sys.stderr)
            return 2
    else:
        print("usage: python -m homologa.readiness READINESS.toml | --world SIMULATOR_URL",
              file=sys.stderr)
        return 2
    findings = check(facts)
    for finding in findings:
        print(finding.line())
    failed = sum(not f.passed for f in findings)
    print(f"\n{failed} of {len(findings)} checks failed" if failed else f"\nall {len(findings)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
