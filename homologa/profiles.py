"""Target profiles: which app the features drive, its labels, and its credentials (TOML)."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

__all__ = ["DEFAULT_PROFILE", "Profile", "ProfileError", "add_options", "configure", "load"]

DEFAULT_PROFILE = Path(__file__).resolve().parent.parent / "profiles" / "reference.toml"
_ENV_REFERENCE = re.compile(r"^\$\{([A-Z0-9_]+)\}$")
_DEFAULT_LABELS = {
    "enter": "ENTER",
    "status_menu": "STATUS",
    "operating": "Operating",
    "message": "Message",
    "messenger": "Messenger",
}


class ProfileError(Exception):
    """A profile that cannot be used; the message is one line naming the file and the cause."""


@dataclass(frozen=True)
class Profile:
    """What the steps and page objects need to know about the app under test."""

    path: Path
    name: str
    target: str
    login_path: str
    agent_login: str
    agent_password: str
    labels: dict[str, str] = field(default_factory=dict)
    app_url: str | None = None
    wait_seconds: float = 10.0

    @property
    def is_bundled(self) -> bool:
        return self.target == "bundled"

    def label(self, key: str) -> str:
        return self.labels[key]


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
    target = data.get("target", "bundled")
    if target not in ("bundled", "external"):
        raise ProfileError(f"profile {path}: target must be 'bundled' or 'external', not {target!r}")
    app_url = data.get("app_url")
    if target == "external" and not app_url:
        raise ProfileError(f"profile {path}: an external target needs app_url")
    agent = data.get("agent", {})
    labels = {**_DEFAULT_LABELS, **data.get("labels", {})}
    return Profile(
        path=path,
        name=data.get("name", path.stem),
        target=target,
        login_path=data.get("login_path", "/interact_multiagent"),
        agent_login=_resolve(path, "agent.login", agent.get("login")),
        agent_password=_resolve(path, "agent.password", agent.get("password")),
        labels=labels,
        app_url=app_url,
        wait_seconds=float(data.get("timeouts", {}).get("wait_seconds", 10.0)),
    )


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
