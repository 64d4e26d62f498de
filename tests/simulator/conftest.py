"""Fixtures for the simulator's contract tests: one server per session, a fresh world per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sim_actors import Customer, Receiver

import simulator
from homologa import servers
from homologa.servers import RunningServer
from simulator.client import Control

SEED = 2026


@pytest.fixture
def app() -> Flask:
    return simulator.create_app({"TESTING": True, "SEED": SEED})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def simulator_server() -> Iterator[RunningServer]:
    app = simulator.create_app({"SEED": SEED})  # Meta's 5 s ack deadline
    server = servers.start(app, port=0)
    yield server
    app.extensions["homologa.world"].shutdown()
    server.stop()


@pytest.fixture
def control(simulator_server: RunningServer) -> Iterator[Control]:
    with Control(simulator_server.url) as sim:
        sim.reset()
        yield sim
    simulator_server.raise_thread_errors()


@pytest.fixture
def world(control: Control) -> dict[str, Any]:
    return control.world()


@pytest.fixture
def base_url(simulator_server: RunningServer) -> str:
    return simulator_server.url


@pytest.fixture
def page_token(world: dict[str, Any]) -> str:
    return world["page"]["access_token"]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def tester(simulator_server: RunningServer, world: dict[str, Any]) -> Iterator[Customer]:
    """The seeded tester, logged in on the customer pages."""
    account = next(a for a in world["test_accounts"] if a["role"] == "tester")
    with Customer(simulator_server.url, world, account) as customer:
        customer.log_in()
        yield customer


@pytest.fixture
def outsider(simulator_server: RunningServer, world: dict[str, Any]) -> Iterator[Customer]:
    """A seeded account with no role on the app, logged in."""
    account = next(a for a in world["test_accounts"] if a["role"] is None)
    with Customer(simulator_server.url, world, account) as customer:
        customer.log_in()
        yield customer
