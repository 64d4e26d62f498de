"""Target profiles: which app the features drive, its labels, selectors and credentials (TOML)."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

__all__ = ["APP_TESTIDS", "DEFAULT_LABELS", "DEFAULT_PROFILE", "FacebookFacts", "Profile",
           "ProfileError", "add_options", "configure", "load", "translate_label"]

DEFAULT_PROFILE = Path(__file__).resolve().parent.parent / "profiles" / "reference.toml"
_ENV_REFERENCE = re.compile(r"^\$\{([A-Z0-9_]+)\}$")
# label key -> the text the homologation guide (and the bundled app) shows
DEFAULT_LABELS = {
    "enter": "ENTER",
    "status_menu": "STATUS",
    "operating": "Operating",
    "paused": "Paused",
    "offline": "Offline",
    "allow": "Allow",
    "message": "Message",
    "messenger": "Messenger",
    "facebook": "Facebook",
    # words of the app's errors on a refused reply (the steps look for them in the reply box)
    "window_closed": "24-hour window",  # after Meta's 24-hour window
    "human_agent_missing": "Human Agent",  # after 24 h without the Human Agent feature
    "seven_days_passed": "7 days",  # after the Human Agent tag's 7 days
    "other_app_controls": "Another app controls this conversation",  # handover: not the owner
    # connecting the Page (connect_page.feature): the administration's item and buttons, and
    # the button of Facebook's Login dialog
    "facebook_page": "Facebook Page",  # the administration's item that connects a Page
    "continue_with_facebook": "Continue with Facebook",  # the app's Facebook Login button
    "connect_page": "Connect this Page",  # the button beside each Page Facebook Login offered
    "facebook_continue": "Continue",  # Facebook Login's button on its permission and Page screens
}
# the app-side data-testids of docs/contracts.md; [selectors] may replace any of them
APP_TESTIDS = (
    "solution-link", "login-input", "password-input", "enter-button", "login-error", "desk",
    "status-menu", "status-option", "current-status", "chat-list", "chat-card",
    "chat-customer-name", "chat-last-message", "chat-panel", "chat-panel-name", "chat-message",
    "chat-message-text", "reply-input", "reply-send", "reply-error", "logout-button",
)
_TOP_KEYS = {"name", "target", "product", "app_url", "login_path", "webhook_url", "agent",
             "admin", "labels", "selectors", "layout", "facebook", "simulator", "timeouts"}
_SIDES = ("left", "right")


class ProfileError(Exception):
    """A profile that cannot be used; the message is one line naming the file and the cause."""


@dataclass(frozen=True)
class FacebookFacts:
    """What the submission pack hands the reviewer on the Facebook side (real values)."""

    page_url: str | None = None
    page_name: str | None = None
    test_account: str | None = None
    test_password: str | None = None
    test_account_role: str = "tester"
    instagram_username: str | None = None


@dataclass(frozen=True)
class Profile:
    """What the steps, page objects, packs and lint need to know about the app under test."""

    path: Path
    name: str
    target: str
    login_path: str
    agent_login: str
    agent_password: str
    labels: dict[str, str] = field(default_factory=dict)
    app_url: str | None = None
    wait_seconds: float = 10.0
    product: str = "Interact"
    webhook_url: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)
    status_menu_side: str = "right"
    facebook: FacebookFacts = field(default_factory=FacebookFacts)
    simulator_host: str = "127.0.0.1"
    simulator_port: int = 0
    admin_login: str | None = None  # an administrator who can read the app's best-practice check
    admin_password: str | None = None

    @property
    def is_bundled(self) -> bool:
        return self.target == "bundled"

    def label(self, key: str) -> str:
        return self.labels[key]

    def label_for(self, guide_label: str) -> str:
        """The app's own text for a label the guide (and the Gherkin) quotes, e.g. "ENTER"."""
        return translate_label(self.labels, guide_label)

    def selector(self, testid: str) -> str:
        """The CSS selector of an element: the profile's override or its data-testid."""
        return self.selectors.get(testid, f'[data-testid="{testid}"]')


def translate_label(labels: dict[str, str], guide_label: str) -> str:
    """`labels`' text for a label the guide quotes; a label the guide does not name stays."""
    key = next((k for k, v in DEFAULT_LABELS.items() if v == guide_label), None)
    return labels.get(key, guide_label) if key else guide_label


def load(path: str | os.PathLike[str] | None = None) -> Profile:
    """Read a profile; `${VAR}` values come from the environment. Raises ProfileError."""
    profile_path = Path(path) if path else DEFAULT_PROFILE
    try:
        data = tomllib.loads(profile_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"profile {profile_path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"profile {profile_path}: invalid TOML ({exc})") from None
    return _build(profile_path, data)


def _build(path: Path, data: dict) -> Profile:
    def fail(cause: str) -> ProfileError:
        return ProfileError(f"profile {path}: {cause}")

    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_TOP_KEYS))})")
    target = data.get("target", "bundled")
    if target not in ("bundled", "external"):
        raise fail(f"target must be 'bundled' or 'external', not {target!r}")
    app_url, webhook_url = data.get("app_url"), data.get("webhook_url")
    simulator = _table(data, "simulator", fail)
    if target == "external":
        for key, value in (("app_url", app_url), ("webhook_url", webhook_url)):
            if not value:
                raise fail(f"an external target needs {key}")
        if not simulator.get("port"):
            raise fail("an external target needs simulator.port: the fixed port your app's "
                       "GRAPH_URL points at")
    for key, value in (("app_url", app_url), ("webhook_url", webhook_url)):
        if value is not None and urlsplit(str(value)).scheme not in ("http", "https"):
            raise fail(f"{key} must be an http(s) URL, not {value!r}")
    login_path = data.get("login_path", "/interact_multiagent")
    if not str(login_path).startswith("/"):
        raise fail(f"login_path must start with '/', not {login_path!r}")
    agent, admin = _table(data, "agent", fail), _table(data, "admin", fail)
    return Profile(
        path=path,
        name=data.get("name", path.stem),
        target=target,
        login_path=login_path,
        agent_login=_resolve(path, "agent.login", agent.get("login")),
        agent_password=_resolve(path, "agent.password", agent.get("password")),
        labels={**DEFAULT_LABELS, **_strings(data, "labels", fail, known=DEFAULT_LABELS)},
        app_url=app_url,
        wait_seconds=float(_table(data, "timeouts", fail).get("wait_seconds", 10.0)),
        product=str(data.get("product", "Interact")),
        webhook_url=webhook_url,
        selectors=_strings(data, "selectors", fail, known=APP_TESTIDS),
        status_menu_side=_side(_table(data, "layout", fail), fail),
        facebook=_facebook(path, _table(data, "facebook", fail), fail),
        simulator_host=str(simulator.get("host", "127.0.0.1")),
        simulator_port=_port(simulator.get("port", 0), fail),
        admin_login=_resolve(path, "admin.login", admin.get("login")) if admin else None,
        admin_password=_resolve(path, "admin.password", admin.get("password")) if admin else None,
    )


def _table(data: dict, key: str, fail) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise fail(f"[{key}] must be a table")
    return value


def _strings(data: dict, key: str, fail, known) -> dict[str, str]:
    table = _table(data, key, fail)
    for name, value in table.items():
        if name not in known:
            raise fail(f"{key}.{name} is not a known {key[:-1]} (known: {', '.join(known)})")
        if not isinstance(value, str) or not value:
            raise fail(f"{key}.{name} must be a non-empty string")
    return dict(table)


def _side(layout: dict, fail) -> str:
    side = layout.get("status_menu", "right")
    if side not in _SIDES:
        raise fail(f"layout.status_menu must be 'left' or 'right', not {side!r}")
    return side


def _port(value: object, fail) -> int:
    if not isinstance(value, int) or not 0 <= value <= 65535:
        raise fail(f"simulator.port must be a port number, not {value!r}")
    return value


def _facebook(path: Path, table: dict, fail) -> FacebookFacts:
    def optional(key: str) -> str | None:
        return _resolve(path, f"facebook.{key}", table[key]) if key in table else None

    role = table.get("test_account_role", "tester")
    if role not in ("tester", "developer", "administrator"):
        raise fail(f"facebook.test_account_role must be tester, developer or administrator, "
                   f"not {role!r}")
    return FacebookFacts(optional("page_url"), optional("page_name"), optional("test_account"),
                         optional("test_password"), role, optional("instagram_username"))


def _resolve(path: Path, key: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ProfileError(f"profile {path}: {key} is missing")
    reference = _ENV_REFERENCE.match(value)
    if not reference:
        return value
    name = reference.group(1)
    if name not in os.environ:
        raise ProfileError(f"profile {path}: {key} refers to ${{{name}}}, which is not set")
    return os.environ[name]


PROFILE_KEY = pytest.StashKey[Profile]()
SEED_KEY = pytest.StashKey[int]()


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("homologa")
    group.addoption("--profile", metavar="PATH",
                    help="target profile (TOML); default: profiles/reference.toml, the bundled app")
    group.addoption("--homologa-seed", type=int, default=2026, metavar="N",
                    help="seed of the simulated world: ids, tokens and test account names")


def configure(config: pytest.Config) -> None:
    """Load the profile once per run; a bad one stops the run with its one-line cause."""
    try:
        config.stash[PROFILE_KEY] = load(config.getoption("profile"))
    except ProfileError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[SEED_KEY] = config.getoption("homologa_seed")
