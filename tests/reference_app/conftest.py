"""Fixtures for the reference app's tests: app factory on tmp_path, clients, actions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from desk_helpers import (
    APP_SECRET,
    CLOSED_GRAPH,
    PAGE_TOKEN,
    VERIFY_TOKEN,
    AuthActions,
    WebhookActions,
)
from flask import Flask
from flask.testing import FlaskClient

from reference_app import create_app
from reference_app.worker import stop_all


@pytest.fixture
def make_app(tmp_path) -> Iterator[Callable[..., Flask]]:
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        config = {"TESTING": True, "DATABASE": str(tmp_path / "desk.sqlite"),
                  "APP_SECRET": APP_SECRET, "VERIFY_TOKEN": VERIFY_TOKEN,
                  "PAGE_TOKEN": PAGE_TOKEN, "GRAPH_URL": CLOSED_GRAPH,
                  "GRAPH_TIMEOUT": 5.0, "GRAPH_BACKOFF": 0.01,
                  "WTF_CSRF_ENABLED": False, **overrides}
        app = create_app(config)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        stop_all(app)
        app.extensions["reference_app.graph"].close()  # no keep-alive left to a test server


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def webhook(client: FlaskClient) -> WebhookActions:
    return WebhookActions(client)


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)
