"""Where the app keeps its World: `app.extensions["homologa.world"]`, read by every blueprint."""

from __future__ import annotations

from flask import Flask, current_app

from simulator.world import World

__all__ = ["EXTENSION_KEY", "current_world", "init_world"]

EXTENSION_KEY = "homologa.world"


def init_world(app: Flask) -> World:
    """Build the app's World from its config (once per app, never at module level)."""
    world = World(app.config)
    app.extensions[EXTENSION_KEY] = world
    return world


def current_world() -> World:
    # One context lookup (the proxy's own accessor) instead of the proxy's attribute path.
    return current_app._get_current_object().extensions[EXTENSION_KEY]
