"""The URL map the simulator's Flask app routes with: Werkzeug's, remembering matched paths.

Werkzeug's state-machine matcher tries the dynamic segments of ~80 rules (`/<version>/<node>/`,
`/<graph_node:node>`, `/<page_ref>/`, ...) with one regex after another on every request; the
Send API path alone costs tens of microseconds, the largest piece of Flask's own work here.
The answer is a pure function of (host, path, method, websocket) and of the rules, so a
successful match is remembered (copied on the way out) until a rule is added; failures
(404, 405, slash redirects) are not remembered and take Werkzeug's path every time.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import Map, Rule
from werkzeug.routing.matcher import StateMachineMatcher

__all__ = ["CachingMap"]

MAX_REMEMBERED = 1024  # distinct paths (profile reads put a PSID in the path): bounded memory


class _RememberingMatcher(StateMachineMatcher):
    def __init__(self, merge_slashes: bool) -> None:
        super().__init__(merge_slashes)
        self._remembered: dict[tuple[str, str, str, bool], tuple[Rule, dict[str, Any]]] = {}

    def add(self, rule: Rule) -> None:
        self._remembered.clear()
        super().add(rule)

    def update(self) -> None:
        self._remembered.clear()
        super().update()

    def match(self, domain: str, path: str, method: str,
              websocket: bool) -> tuple[Rule, dict[str, Any]]:
        key = (domain, path, method, websocket)
        hit = self._remembered.get(key)
        if hit is not None:
            return hit[0], dict(hit[1])  # the caller's dict becomes view_args: never shared
        rule, values = super().match(domain, path, method, websocket)
        if len(self._remembered) >= MAX_REMEMBERED:
            self._remembered.clear()
        self._remembered[key] = (rule, dict(values))
        return rule, values


class CachingMap(Map):
    """`Flask.url_map_class`: a Werkzeug Map whose matcher remembers successful matches."""

    def __init__(self, rules: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(None, *args, **kwargs)
        self._matcher = _RememberingMatcher(self._matcher.merge_slashes)
        for rule in rules or ():  # after the swap, so every rule reaches the new matcher
            self.add(rule)
