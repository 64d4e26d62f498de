"""Building a world from a seed file (JSON or TOML): apps, Pages, people, roles, permissions and
past conversations, instead of the default seeded world. Ids still come from `world.rng`.

```toml
seed = 7
[app]                       # optional: name + any /_sim/app setting
name = "Acme Desk"
mode = "live"
access = {pages_messaging = "advanced"}
[[pages]]                   # optional: default one Page from the config
name = "ACME"
username = "acme"
instagram = "acme_oficial"  # or false: no linked Instagram account
scopes = ["pages_messaging", "pages_manage_metadata"]   # the Page token's grants
[[users]]                   # optional: default a tester and one member of the public
first_name = "Maria"
last_name = "Souza"
role = "tester"             # administrator / developer / tester / test_user, or omitted
[[conversations]]
user = "maria.souza@example.com"   # email, or index in users
channel = "messenger"
messages = [{from = "customer", text = "Oi", ago_ms = 90000000}]
```
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from simulator import scenario
from simulator.errors import SimulatorError

if TYPE_CHECKING:
    from simulator.world import World

__all__ = ["build", "parse"]

TOP_KEYS = {"seed", "app", "pages", "users", "conversations"}


def parse(text: str, mimetype: str) -> dict[str, Any]:
    """A seed spec from JSON (`application/json`) or TOML (anything else)."""
    try:
        spec = json.loads(text) if mimetype == "application/json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise SimulatorError(f"the seed file does not parse: {exc}") from None
    if not isinstance(spec, dict):
        raise SimulatorError("a seed file is an object/table")
    unknown = sorted(set(spec) - TOP_KEYS)
    if unknown:
        raise SimulatorError(f"unknown seed keys: {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(TOP_KEYS))})")
    return spec


def build(world: World, spec: Mapping[str, Any]) -> None:
    """Called by `world.reset` under the lock, on an empty world."""
    app_spec = dict(spec.get("app") or {})
    app = world.add_app(str(app_spec.pop("name", "Homologa Desk")))
    pages = spec.get("pages") or [{}]
    made = []
    for page_spec in pages:
        page = world.add_page(app, str(page_spec.get("name", world.settings["PAGE_NAME"])),
                              str(page_spec.get("username", world.settings["PAGE_USERNAME"])))
        made.append((page, page_spec))
    users = spec.get("users") or [{"role": "tester"}, {}]
    accounts = [world.add_account(u.get("role"), first=u.get("first_name"),
                                  last=u.get("last_name")) for u in users]
    for page, page_spec in made:
        handle = page_spec.get("instagram", True)
        if handle is not False:
            world.link_instagram(page, handle if isinstance(handle, str) else None)
        if "scopes" in page_spec:
            world.tokens[page.access_token].scopes = [str(s) for s in page_spec["scopes"]]
    world.developer = world.add_account("administrator", listed=False)
    world.issue_user_token(world.developer)
    if app_spec:
        scenario.configure_app(world, app_spec)
    for conversation in spec.get("conversations") or []:
        conversation = dict(conversation)
        conversation["user_id"] = _user_ref(accounts, conversation.pop("user", 0))
        scenario.seed_conversation(world, conversation)


def _user_ref(accounts: list[Any], ref: Any) -> str:
    if isinstance(ref, int) and 0 <= ref < len(accounts):
        return accounts[ref].id
    match = next((a for a in accounts if a.email == str(ref).lower()), None)
    if match is None:
        raise SimulatorError(f"conversation user {ref!r} is neither an index nor an email of "
                             "the seeded users")
    return match.id
