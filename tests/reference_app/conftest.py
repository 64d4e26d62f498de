"""Fixtures for the reference app's tests: app factory on tmp_path, clients, actions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from desk_browser import chrome_session
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
from selenium.webdriver.remote.webdriver import WebDriver
from sim_desk import DeskOnSim

import simulator
from homologa import servers
from reference_app import create_app
from reference_app.worker import stop_all
from simulator.client import Control


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


@pytest.fixture(scope="module")
def sim_server() -> Iterator[servers.RunningServer]:
    server = servers.start(simulator.create_app({"SEED": 61}))
    yield server
    server.stop()


@pytest.fixture
def sim(sim_server) -> Iterator[Control]:
    control = Control(sim_server.url)
    control.reset()
    yield control
    control.close()
    sim_server.raise_thread_errors()


@pytest.fixture
def make_desk(sim: Control, make_app) -> Iterator[Callable[..., DeskOnSim]]:
    """``make_desk(customers=9, **app_config)``: a world of tester customers, the desk on it."""
    desks: list[DeskOnSim] = []

    def factory(customers: int = 2, **overrides: Any) -> DeskOnSim:
        world = sim.seed({"users": [{"role": "tester"} for _ in range(customers)],
                          "app": {"mode": "live"}})
        desk = DeskOnSim(sim, world, make_app, **overrides)
        desks.append(desk)
        return desk

    yield factory
    for desk in desks:
        desk.stop()


@pytest.fixture
def desk(make_desk) -> DeskOnSim:
    return make_desk()


@pytest.fixture(scope="session")
def chrome() -> Iterator[WebDriver]:
    """One headless Chromium for the desk's browser tests."""
    yield from chrome_session()
