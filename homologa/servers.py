"""Serve a WSGI app on 127.0.0.1 in a background thread, and surface what breaks in its threads.

Like pytest-httpserver, a server started once per run keeps the exceptions its threads raise
(an unhandled exception in a Flask view, which Flask turns into a 500; one raised while a
streamed body is sent; one reported by the app's background work; the serve loop dying) and
`raise_thread_errors()` re-raises them, with their tracebacks, in the test that caused them.
Error *responses* (a 4xx, a Graph error envelope, a 500 the app chose to send) are answers,
not exceptions: they never count.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pytest
from waitress import wasyncore
from waitress.server import create_server

__all__ = ["ErrorSource", "RunningServer", "ServerThreadErrors", "check_after_call", "register",
           "start", "unregister"]

ErrorSource = Callable[[], list[BaseException]]
RUNNING_KEY = pytest.StashKey[list]()  # the run's servers whose thread errors fail a test


class ServerThreadErrors(ExceptionGroup):
    """Exceptions raised in a server's threads since the last check (each with its traceback)."""


class _KeptErrors:
    """Exceptions from any of a server's threads, each kept once, until taken."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._errors: list[BaseException] = []

    def add(self, exc: BaseException) -> None:
        with self._lock:
            if all(kept is not exc for kept in self._errors):
                self._errors.append(exc)

    def take(self) -> list[BaseException]:
        with self._lock:
            errors, self._errors = self._errors, []
        return errors


@dataclass
class RunningServer:
    """A waitress server running in a daemon thread; `url` is ready when `start` returns."""

    url: str
    port: int
    name: str
    _server: object = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _kept: _KeptErrors = field(repr=False)
    _stopping: threading.Event = field(repr=False)
    _sources: list[ErrorSource] = field(default_factory=list, repr=False)
    _on_stop: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def stop(self) -> None:
        """Close the listening socket and every open connection (SSE streams included).

        The closing runs inside the server's own loop (through its trigger), which then finds
        nothing left to serve and returns; the trigger itself is closed here afterwards. Worker
        threads still blocked in a stream are daemons and end at their next write.

        The loop's thunk must not close the trigger: waitress queues the thunk, then writes to
        the trigger's pipe, and a worker's own pull (a request just answered) can wake the loop
        between the two, which ran the thunk first and closed the pipe we were about to write
        to (``OSError: [Errno 9] Bad file descriptor``, or a byte written into whatever file
        took that descriptor number meanwhile).
        """
        self._stopping.set()
        while self._on_stop:
            self._on_stop.pop()()
        server = self._server
        trigger = server.trigger
        if self._thread.is_alive():

            def close_all_but_the_trigger() -> None:
                trigger.del_channel()  # out of the map, still open: the loop ends without it
                wasyncore.dispatcher.close(server)  # the listening socket (the server's own
                wasyncore.close_all(server._map)  # close() would close the trigger too)

            trigger.pull_trigger(close_all_but_the_trigger)
            self._thread.join(timeout=10)
        server.task_dispatcher.set_thread_count(0)  # idle workers exit; none is waited for
        trigger._physical_pull = _nothing_to_wake  # a late worker's pull: the loop is gone
        trigger.close()  # harmless when closed already (a second stop)

    def watch(self, source: ErrorSource) -> None:
        """Also check `source()`: exceptions the app's own background threads caught and kept
        (it returns each one once)."""
        self._sources.append(source)

    def take_thread_errors(self) -> list[BaseException]:
        """The exceptions raised in the server's threads since the last call (and forget them)."""
        for source in self._sources:
            for exc in source():
                self._kept.add(exc)
        return self._kept.take()

    def raise_thread_errors(self) -> None:
        """Re-raise, in the caller, the exceptions raised in the server's threads since the
        last check, as one `ServerThreadErrors` (every traceback shown)."""
        errors = self.take_thread_errors()
        if errors:
            raise ServerThreadErrors(f"the {self.name} at {self.url} raised in its threads",
                                     [e if isinstance(e, Exception) else _wrapped(e)
                                      for e in errors])


def register(config: pytest.Config, server: RunningServer) -> None:
    """Check `server` after each test's call (`check_after_call`), until `unregister`."""
    config.stash.setdefault(RUNNING_KEY, []).append(server)


def unregister(config: pytest.Config, server: RunningServer) -> None:
    running = config.stash.get(RUNNING_KEY, [])
    if server in running:
        running.remove(server)


def check_after_call(config: pytest.Config, failure: BaseException | None = None) -> None:
    """Fail the test whose call just ended if a registered server's threads raised meanwhile;
    a failure the call raised itself comes first in the chain (`from failure`)."""
    errors = [(server, server.take_thread_errors()) for server in config.stash.get(RUNNING_KEY, [])]
    errors = [(server, found) for server, found in errors if found]
    if not errors:
        return
    names = " and ".join(f"the {server.name} at {server.url}" for server, _ in errors)
    group = ServerThreadErrors(f"{names} raised in its threads during the test",
                               [e if isinstance(e, Exception) else _wrapped(e)
                                for _, found in errors for e in found])
    raise group from failure


def _nothing_to_wake() -> None:
    """A stopped server's trigger: pulled by a worker finishing late, it writes nothing (its
    descriptor number may belong to another file by then)."""


def _wrapped(exc: BaseException) -> Exception:
    error = RuntimeError(f"{type(exc).__name__}: {exc}")
    error.__cause__ = exc
    return error


def start(app, host: str = "127.0.0.1", port: int = 0, threads: int = 16,
          name: str = "server") -> RunningServer:
    """Bind first (so the port is known and accepting), then serve in a daemon thread.

    SSE streams each hold one waitress thread, hence the generous default. `name` says whose
    server it is in error messages ("simulator", "reference app").
    """
    kept, stopping = _KeptErrors(), threading.Event()
    server = create_server(_Watched(app, kept.add), host=host, port=port, threads=threads,
                           ident="homologa")

    def serve() -> None:
        try:
            server.run()
        except OSError as exc:
            if not stopping.is_set():  # not the one our own stop() causes while the loop polls
                kept.add(exc)
        except Exception as exc:  # noqa: BLE001 - re-raised in the test by raise_thread_errors
            kept.add(exc)
        else:
            if not stopping.is_set():
                kept.add(RuntimeError(f"the {name}'s serve loop ended by itself"))

    bound_port = server.effective_port
    thread = threading.Thread(target=serve, name=f"waitress:{bound_port}", daemon=True)
    running = RunningServer(f"http://{host}:{bound_port}", bound_port, name, server, thread,
                            kept, stopping)
    disconnect = _watch_flask_views(app, kept.add)
    if disconnect is not None:
        running._on_stop.append(disconnect)
    thread.start()
    return running


class _Watched:
    """WSGI middleware: an exception out of the app, or out of its body while it is sent
    (an SSE stream), is kept for the test before waitress logs it and answers 500."""

    def __init__(self, app, record: Callable[[BaseException], None]) -> None:
        self._app, self._record = app, record

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            body = self._app(environ, start_response)
        except Exception as exc:
            self._record(exc)
            raise
        return _WatchedBody(body, self._record)


class _WatchedBody:
    def __init__(self, body: Iterable[bytes], record: Callable[[BaseException], None]) -> None:
        self._body, self._record = body, record

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._body
        except Exception as exc:
            self._record(exc)
            raise

    def close(self) -> None:
        close = getattr(self._body, "close", None)
        if close is None:
            return
        try:
            close()
        except Exception as exc:
            self._record(exc)
            raise


def _watch_flask_views(app, record: Callable[[BaseException], None]) -> Callable[[], None] | None:
    """Flask answers an unhandled view exception with a 500 itself; its signal tells us.
    Returns what disconnects the receiver (None for an app that is not Flask)."""
    try:
        from flask import Flask, got_request_exception
    except ImportError:  # pragma: no cover - a WSGI app without Flask installed
        return None
    if not isinstance(app, Flask):
        return None

    def keep(sender: object, exception: BaseException, **extra: object) -> None:
        record(exception)

    got_request_exception.connect(keep, sender=app, weak=False)
    return lambda: got_request_exception.disconnect(keep, sender=app)
