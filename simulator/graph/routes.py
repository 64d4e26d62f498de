"""Graph URL rules: every route exists versioned (`/v25.0/...`) and unversioned (`/...`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint
from werkzeug.routing import BaseConverter

__all__ = ["GRAPH_BLUEPRINT", "GraphNodeConverter", "graph_route"]

GRAPH_BLUEPRINT = "graph"


class GraphNodeConverter(BaseConverter):
    """Unversioned paths only take `me` or numeric ids, so `/{page-username}` stays a web page."""

    regex = r"me|\d{5,}"


def graph_route(bp: Blueprint, rule: str, methods: list[str]) -> Callable:
    """`/<version>` + rule and rule alone (the view gets `version=None`: the app's default)."""
    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        bp.add_url_rule("/<version:version>" + rule, view.__name__, view, methods=methods)
        bare = rule.replace("<node>", "<graph_node:node>").replace("<app_id>", "<graph_node:app_id>")
        bp.add_url_rule(bare, view.__name__, view, methods=methods, defaults={"version": None})
        return view
    return register
