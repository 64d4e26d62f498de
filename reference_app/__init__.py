"""Interact Multiagent reference app: the agent desk a Meta reviewer logs into.

It receives Meta's signed webhooks, routes chats to Operating agents, names customers
through the Profile API and answers through the Send API. ``create_app`` is the only
entry point; ``python -m reference_app`` serves it with waitress. ``close`` ends what an app
runs beside its requests (SSE streams, background workers, Graph connections); ``reset`` brings
a running app back to how ``create_app`` left it, for a harness that serves one app per run.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from flask import Flask

from . import (
    admin,
    auth,
    desk,
    events,
    facebook,
    graph_client,
    inbox,
    portal,
    store,
    webhook,
    worker,
)

__all__ = ["REQUIRED_KEYS", "close", "create_app", "reset"]

REQUIRED_KEYS = ("APP_SECRET", "VERIFY_TOKEN", "PAGE_TOKEN")

DEFAULT_LABELS = {"product": "Interact Multiagent", "login": "LOGIN",
                  "password": "PASSWORD", "enter": "ENTER", "status": "STATUS"}
DEFAULT_STATUS_LABELS = {"operating": "Operating", "paused": "Paused", "offline": "Offline"}


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the app: defaults, then ``HOMOLOGA_*`` from the environment, then ``config``.

    Raises ``ValueError`` naming the first missing key of ``REQUIRED_KEYS`` (unless
    ``REQUIRE_SECRETS`` is false, as for the ``check`` and ``admin`` commands).
    """
    app = Flask(__name__, instance_relative_config=True)
    random_key = secrets.token_hex(32)
    app.config.from_mapping(
        DATABASE=str(Path(app.instance_path) / "desk.sqlite"),
        GRAPH_URL="https://graph.facebook.com", GRAPH_VERSION="v25.0",
        GRAPH_TIMEOUT=(5.0, 15.0), GRAPH_RETRIES=3, GRAPH_BACKOFF=0.5,
        APP_SECRET=None, VERIFY_TOKEN=None, PAGE_TOKEN=None, REQUIRE_SECRETS=True,
        ACCEPT_SHA1_SIGNATURE=False, HUMAN_AGENT=True,
        APP_ID=None, FACEBOOK_URL="https://www.facebook.com",
        FACEBOOK_SCOPES="pages_show_list,pages_manage_metadata,pages_messaging",
        SERVE_INSTAGRAM=False,
        INSTAGRAM_SCOPES="instagram_basic,instagram_manage_messages,pages_read_engagement",
        SUBSCRIBED_FIELDS=("messages,messaging_postbacks,message_echoes,message_deliveries,"
                           "message_reads,message_reactions"),
        SESSION_COOKIE_NAME="interact_session",
        AGENT_LOGIN="agente", AGENT_PASSWORD="Aa123*", POSITIONS=8, AUTO_ANSWER="automatic",
        SERVICE_NAME="Social media (receptive)", ADMIN_LOGIN="admin", ADMIN_PASSWORD="Admin123*",
        SECRET_KEY=random_key, SSE_HEARTBEAT=15.0,
        # a request body is read whole; Meta's largest delivery (1000 events) stays well under
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        LABELS=dict(DEFAULT_LABELS), STATUS_LABELS=dict(DEFAULT_STATUS_LABELS))
    _read_env(app)
    app.config.update(config or {})
    _check_config(app)
    app.config["DATABASE"] = str(app.config["DATABASE"])
    app.config["SECRET_KEY_CONFIGURED"] = app.config["SECRET_KEY"] != random_key

    store.init_app(app)
    worker.init_app(app)
    inbox.init_app(app)
    events.init_app(app)
    graph_client.init_app(app)
    auth.init_app(app)
    for blueprint in (portal.bp, auth.bp, desk.bp, admin.bp, facebook.bp, webhook.bp, events.bp):
        app.register_blueprint(blueprint)
    app.extensions["reference_app.csrf"].exempt(webhook.bp)

    @app.context_processor
    def labels() -> dict[str, object]:
        return {"labels": app.config["LABELS"], "status_labels": app.config["STATUS_LABELS"]}

    with app.app_context():  # what `reset` goes back to
        app.extensions["reference_app.initial"] = (dict(app.config), store.snapshot())
    return app


def reset(app: Flask, config: Mapping[str, object] | None = None, timeout: float = 10.0) -> None:
    """Bring a running app back to how ``create_app`` left it, with ``config`` on top of the
    configuration it was created with (``DATABASE`` and ``SECRET_KEY`` stay).

    Ends every desk's event stream, cuts short Graph retries, waits for the background work
    to finish, puts the database back as it was seeded and builds a new Graph client.
    Raises ``TimeoutError`` if the background work does not finish within ``timeout``.
    """
    initial, seeded = app.extensions["reference_app.initial"]
    wanted = {**initial, **(config or {}),
              "DATABASE": initial["DATABASE"], "SECRET_KEY": initial["SECRET_KEY"]}
    app.extensions["reference_app.broker"].close_all()
    app.extensions["reference_app.graph"].close()
    if not worker.wait_all_idle(app, timeout):
        raise TimeoutError(f"the app's background work did not finish within {timeout} s")
    for key in [key for key in app.config if key not in wanted]:
        del app.config[key]
    app.config.update(wanted)
    _check_config(app)
    with app.app_context():
        store.restore(seeded)
    graph_client.init_app(app)


def close(app: Flask) -> None:
    """End what the app runs beside its requests: desk event streams, Graph connections (and
    retry waits), background workers (their queued jobs run first). Harmless twice."""
    app.extensions["reference_app.broker"].close_all()
    app.extensions["reference_app.graph"].close()
    worker.stop_all(app)


def _read_env(app: Flask, prefix: str = "HOMOLOGA_") -> None:
    """`HOMOLOGA_<KEY>` values: text where the default is text or unset (a password such as
    123456 stays a string), JSON where the default is a number, bool or list."""
    for name, raw in os.environ.items():
        if not name.startswith(prefix):
            continue
        key = name.removeprefix(prefix)
        default = app.config.get(key)
        if default is None or isinstance(default, str):
            app.config[key] = raw
            continue
        try:
            app.config[key] = json.loads(raw)
        except ValueError:
            app.config[key] = raw


def _check_config(app: Flask) -> None:
    for key in REQUIRED_KEYS if app.config["REQUIRE_SECRETS"] else ():
        if key == "PAGE_TOKEN" and app.config.get("APP_ID"):
            continue  # the admin connects a Page with Facebook Login (admin > Facebook Page)
        if not app.config.get(key):
            raise ValueError(f"{key} is required (config key {key} or env HOMOLOGA_{key})")
    app.config["LABELS"] = {**DEFAULT_LABELS, **app.config["LABELS"]}
    app.config["STATUS_LABELS"] = {**DEFAULT_STATUS_LABELS, **app.config["STATUS_LABELS"]}
    if app.config["AUTO_ANSWER"] not in store.AUTO_ANSWER_MODES:
        raise ValueError(f"AUTO_ANSWER must be one of {', '.join(store.AUTO_ANSWER_MODES)}")
    if app.config["PAGE_TOKEN"] is None:
        app.config["PAGE_TOKEN"] = ""  # check/admin commands: the desk cannot call Graph
