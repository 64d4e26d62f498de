"""A faithful offline fake of Meta's side of Messenger: Graph API, webhook sender, customer pages.

`create_app(config)` builds one Flask app owning one World; serve it with
`homologa.servers.start(app, port=0)` in tests or `python -m simulator` standalone.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, jsonify
from werkzeug import Response

from simulator import control, graph, web
from simulator.errors import GraphError, SimulatorError
from simulator.extension import current_world, init_world
from simulator.responses import SimulatorJSONProvider, SimulatorResponse
from simulator.routing import CachingMap
from simulator.sessions import LazyCookieSessionInterface
from simulator.world import World

__all__ = ["DEFAULTS", "GraphError", "World", "create_app", "current_world"]

DEFAULTS: dict[str, Any] = {
    "SEED": 2026,
    "LOCALE": "pt_BR",
    "PAGE_NAME": "SUA_EMPRESA",
    "PAGE_USERNAME": "pagina_da_sua_empresa",
    "GRAPH_VERSION": "v25.0",
    "TEST_ACCOUNT_PASSWORD": "Test123*",
    "WEBHOOK_TIMEOUT": 5.0,  # seconds the app has to answer 200 (meta-api.md 2.5)
    "WEBHOOK_BATCH_MS": 0,  # how long events wait for company in one POST (world clock)
    "WEBHOOK_MAX_BATCH": 1000,  # events per POST at most (Graph webhooks: 1000 updates)
    "FETCH_ATTACHMENTS": True,  # fetch attachment URLs as Meta does (2018008 when unreachable)
}


class SimulatorFlask(Flask):
    url_map_class = CachingMap  # routing remembers matched paths (see simulator/routing.py)
    response_class = SimulatorResponse  # headers checked once join at the WSGI boundary
    json_provider_class = SimulatorJSONProvider  # one compact encoder, not one per answer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plain_functions: set[Callable[..., Any]] = set()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Flask asks `inspect.iscoroutinefunction` about every hook and view on every request;
        whether a function is a coroutine function never changes, so a plain one is remembered
        (an `async def` still goes through Flask's wrapper each time)."""
        try:
            if func in self._plain_functions:
                return func
        except TypeError:  # an unhashable callable: Flask's answer, unremembered
            return super().ensure_sync(func)
        wrapped = super().ensure_sync(func)
        if wrapped is func:
            self._plain_functions.add(func)
        return wrapped


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Defaults, then `HOMOLOGA_*` from the environment, then `config`; one World per app."""
    app = SimulatorFlask(__name__)
    app.json.sort_keys = False  # keep Graph's key order: recipient_id before message_id
    app.config.from_mapping(DEFAULTS)
    _read_env(app)
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.session_interface = LazyCookieSessionInterface()
    init_world(app)
    graph.init_app(app)
    web.init_app(app)
    app.register_blueprint(control.bp)
    app.register_error_handler(SimulatorError, _simulator_error_response)
    return app


def _simulator_error_response(error: SimulatorError) -> Response:
    response = jsonify(error.envelope())
    response.status_code = error.status
    return response


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
