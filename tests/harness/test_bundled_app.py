"""The reference app as the harness serves it: once per run, `reset` per scenario, `close` at the end."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

import reference_app
from reference_app import store
from reference_app.worker import current_worker, take_failures

CONFIG = {"APP_SECRET": "s3cret", "VERIFY_TOKEN": "verify", "PAGE_TOKEN": "page-token-1",
          "GRAPH_URL": "http://127.0.0.1:9", "GRAPH_BACKOFF": 0.01}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = reference_app.create_app({**CONFIG, "DATABASE": str(tmp_path / "desk.sqlite")})
    yield app
    reference_app.close(app)


def _agent(app: Flask) -> dict:
    with app.app_context():
        return store.agent_by_login(app.config["AGENT_LOGIN"])


def test_reset_brings_back_the_seeded_database(app: Flask) -> None:
    seeded = _agent(app)
    with app.app_context():
        store.set_agent_status(seeded["id"], "operating")
        store.create_agent("second", password=None)
    reference_app.reset(app)
    assert _agent(app) == seeded
    with app.app_context():
        assert store.agent_by_login("second") is None
        assert store.count_rows("agents") == 2  # the agent and the administrator


def test_reset_applies_the_scenarios_config_and_forgets_the_last_ones(app: Flask) -> None:
    old_graph, scopes = app.extensions["reference_app.graph"], app.config["FACEBOOK_SCOPES"]
    reference_app.reset(app, {"PAGE_TOKEN": None, "APP_ID": "123", "FACEBOOK_SCOPES": "a,b"})
    assert (app.config["PAGE_TOKEN"], app.config["APP_ID"]) == ("", "123")
    assert app.extensions["reference_app.graph"] is not old_graph
    assert app.extensions["reference_app.graph"].page_token == ""
    reference_app.reset(app, {"PAGE_TOKEN": "page-token-2"})
    assert (app.config["APP_ID"], app.config["FACEBOOK_SCOPES"]) == (None, scopes)
    assert app.extensions["reference_app.graph"].page_token == "page-token-2"


def test_reset_waits_for_the_background_work(app: Flask) -> None:
    release, done = threading.Event(), []

    def slow_job() -> None:
        release.wait(5)
        done.append(True)

    with app.app_context():
        current_worker().submit(slow_job)
    threading.Timer(0.2, release.set).start()
    reference_app.reset(app)
    assert done == [True]


def test_close_ends_the_workers_and_the_graph_sessions(app: Flask) -> None:
    with app.app_context():
        current_worker().submit(lambda: None)
    worker_thread = app.extensions["reference_app.worker"]._thread
    graph = app.extensions["reference_app.graph"]
    reference_app.close(app)
    worker_thread.join(timeout=5)
    assert not worker_thread.is_alive()
    assert graph._closing.is_set() and not graph._sessions
    reference_app.close(app)  # harmless twice


def test_failed_jobs_are_taken_once(app: Flask) -> None:
    def failing_job() -> None:
        raise ValueError("a routing bug")

    with app.app_context():
        current_worker().submit(failing_job)
    reference_app.worker.wait_all_idle(app, 5)
    assert [str(e) for e in take_failures(app)] == ["a routing bug"]
    assert take_failures(app) == []
