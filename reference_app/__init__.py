"""Interact Multiagent reference app: the agent desk a Meta reviewer logs into.

It receives Meta's signed webhooks, routes chats to Operating agents, names customers
through the Profile API and answers through the Send API. ``create_app`` is the only
entry point; ``python -m reference_app`` serves it with waitress.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from flask import Flask

from . import auth, desk, events, graph_client, portal, store, webhook, worker

__all__ = ["REQUIRED_KEYS", "create_app"]

REQUIRED_KEYS = ("APP_SECRET", "VERIFY_TOKEN", "PAGE_TOKEN")

DEFAULT_LABELS = {"product": "Interact Multiagent", "login": "LOGIN",
                  "password": "PASSWORD", "enter": "ENTER", "status": "STATUS"}
DEFAULT_STATUS_LABELS = {"operating": "Operating", "paused": "Paused", "offline": "Offline"}


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the app: defaults, then ``HOMOLOGA_*`` from the environment, then ``config``.

    Raises ``ValueError`` naming the first missing key of ``REQUIRED_KEYS``.
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        DATABASE=str(Path(app.instance_path) / "desk.sqlite"),
        GRAPH_URL="https://graph.facebook.com", GRAPH_VERSION="v25.0",
        GRAPH_TIMEOUT=(5.0, 15.0), APP_SECRET=None, VERIFY_TOKEN=None, PAGE_TOKEN=None,
        AGENT_LOGIN="agente", AGENT_PASSWORD="Aa123*", SECRET_KEY=secrets.token_hex(32),
        POSITIONS=8, SSE_HEARTBEAT=15.0,
        LABELS=dict(DEFAULT_LABELS), STATUS_LABELS=dict(DEFAULT_STATUS_LABELS))
    app.config.from_prefixed_env("HOMOLOGA")
    app.config.update(config or {})
    _check_config(app)
    app.config["DATABASE"] = str(app.config["DATABASE"])

    store.init_app(app)
    worker.init_app(app)
    events.init_app(app)
    graph_client.init_app(app)
    auth.init_app(app)
    for blueprint in (portal.bp, auth.bp, desk.bp, webhook.bp, events.bp):
        app.register_blueprint(blueprint)
    app.extensions["reference_app.csrf"].exempt(webhook.bp)

    @app.context_processor
    def labels() -> dict[str, object]:
        return {"labels": app.config["LABELS"], "status_labels": app.config["STATUS_LABELS"]}

    return app


def _check_config(app: Flask) -> None:
    for key in REQUIRED_KEYS:
        if not app.config.get(key):
            raise ValueError(f"{key} is required (config key {key} or env HOMOLOGA_{key})")
    app.config["LABELS"] = {**DEFAULT_LABELS, **app.config["LABELS"]}
    app.config["STATUS_LABELS"] = {**DEFAULT_STATUS_LABELS, **app.config["STATUS_LABELS"]}
