"""homologa.servers: errors in a server's threads reach the test; answers, even 4xx/5xx, do not."""

from __future__ import annotations

import types
from collections.abc import Iterator

import pytest
import requests
from flask import Flask, Response, abort

from homologa import servers


def _app() -> Flask:
    app = Flask(__name__)

    @app.get("/ok")
    def ok() -> str:
        return "ok"

    @app.get("/boom")
    def boom() -> str:
        raise ZeroDivisionError("the view divided by zero")

    @app.get("/not-found")
    def not_found() -> str:
        abort(404)

    @app.get("/chosen-500")
    def chosen_500() -> tuple[dict, int]:
        return {"error": {"message": "an answer the app chose"}}, 500

    @app.get("/stream")
    def stream() -> Response:
        def body() -> Iterator[str]:
            yield "data: one\n\n"
            raise LookupError("the stream broke")

        return Response(body(), mimetype="text/event-stream")

    return app


@pytest.fixture
def server() -> Iterator[servers.RunningServer]:
    running = servers.start(_app(), name="test app")
    yield running
    running.stop()


def test_an_unhandled_view_exception_is_raised_in_the_test(server: servers.RunningServer) -> None:
    assert requests.get(f"{server.url}/boom", timeout=5).status_code == 500
    with pytest.raises(servers.ServerThreadErrors) as raised:
        server.raise_thread_errors()
    assert "the test app at" in str(raised.value)
    [error] = raised.value.exceptions
    assert isinstance(error, ZeroDivisionError)
    assert error.__traceback__ is not None  # the view's own frames, for the report
    server.raise_thread_errors()  # reported once


def test_error_answers_are_not_thread_errors(server: servers.RunningServer) -> None:
    assert requests.get(f"{server.url}/not-found", timeout=5).status_code == 404
    assert requests.get(f"{server.url}/chosen-500", timeout=5).status_code == 500
    assert requests.get(f"{server.url}/ok", timeout=5).text == "ok"
    server.raise_thread_errors()


def test_an_exception_while_a_body_streams_is_kept(server: servers.RunningServer) -> None:
    with pytest.raises(requests.RequestException):
        requests.get(f"{server.url}/stream", timeout=5).raise_for_status()
    errors = server.take_thread_errors()
    assert [type(e) for e in errors] == [LookupError]


def test_a_watched_source_is_checked(server: servers.RunningServer) -> None:
    kept = [KeyError("a background job failed")]
    server.watch(lambda: [kept.pop()] if kept else [])
    with pytest.raises(servers.ServerThreadErrors) as raised:
        server.raise_thread_errors()
    assert raised.value.exceptions[0].args == ("a background job failed",)
    server.raise_thread_errors()


def test_stopping_is_not_an_error_and_is_harmless_twice() -> None:
    running = servers.start(_app())
    requests.get(f"{running.url}/ok", timeout=5)
    running.stop()
    running.stop()
    running.raise_thread_errors()


def test_a_wake_up_between_the_stop_thunk_and_its_pull_closes_nothing_early() -> None:
    """waitress queues stop's thunk, then writes to the trigger; a worker's pull (a request just
    answered) can wake the loop in between, so the thunk runs first. It once closed the trigger,
    and stop's own write failed with EBADF (1 run in 3-10 of the desk's simulator tests)."""
    running = servers.start(_app())
    requests.get(f"{running.url}/ok", timeout=5)
    trigger = running._server.trigger
    pull = trigger._physical_pull

    def woken_by_a_worker_first() -> None:
        pull()  # the worker's pull: the loop runs the queued thunk and ends
        running._thread.join(timeout=5)
        assert not running._thread.is_alive()
        pull()  # then stop's own write

    trigger._physical_pull = woken_by_a_worker_first
    running.stop()
    assert trigger._closed and trigger._fds == []  # closed after the loop ended, not leaked
    trigger.pull_trigger()  # a worker finishing after the stop writes nothing
    running.raise_thread_errors()


def test_an_os_error_of_the_serve_loop_surfaces(monkeypatch: pytest.MonkeyPatch) -> None:
    from waitress.server import MultiSocketServer, TcpWSGIServer

    def broken_run(self) -> None:
        raise OSError(24, "Too many open files")

    for cls in (TcpWSGIServer, MultiSocketServer):
        monkeypatch.setattr(cls, "run", broken_run)
    running = servers.start(_app(), name="broken")
    running._thread.join(timeout=5)
    errors = running.take_thread_errors()
    running.stop()
    assert [type(e) for e in errors] == [OSError]


def test_a_serve_loop_that_ends_by_itself_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from waitress.server import TcpWSGIServer

    monkeypatch.setattr(TcpWSGIServer, "run", lambda self: None)
    running = servers.start(_app(), name="quitter")
    running._thread.join(timeout=5)
    with pytest.raises(servers.ServerThreadErrors, match="quitter"):
        running.raise_thread_errors()
    running.stop()


def test_check_after_call_fails_the_test_that_caused_it(server: servers.RunningServer) -> None:
    config = types.SimpleNamespace(stash=pytest.Stash())
    servers.register(config, server)
    servers.check_after_call(config)  # nothing happened yet
    requests.get(f"{server.url}/boom", timeout=5)
    step_failure = AssertionError("the step's own failure")
    with pytest.raises(servers.ServerThreadErrors) as raised:
        servers.check_after_call(config, step_failure)
    assert raised.value.__cause__ is step_failure
    servers.unregister(config, server)
    requests.get(f"{server.url}/boom", timeout=5)
    servers.check_after_call(config)  # no longer checked here


def test_a_webhook_sender_error_journaled_by_the_simulator_is_a_thread_error() -> None:
    import simulator
    from homologa.fixtures import _webhook_sender_crashes
    from simulator.extension import EXTENSION_KEY
    from simulator.webhooks import SENDER_ERROR

    app = simulator.create_app({"SEED": 3})
    crashes, journal = _webhook_sender_crashes(app), app.extensions[EXTENSION_KEY].journal
    journal.record_webhook(url="http://app/webhook", outcome="delivered", status=200)
    journal.record_webhook(url="http://app/webhook", outcome="dropped",
                           reason=f"{SENDER_ERROR}: KeyError: 'entry'")
    [error] = crashes()
    assert "KeyError: 'entry'" in str(error)
    assert crashes() == []  # each entry once
