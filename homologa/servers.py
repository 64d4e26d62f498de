"""Serve a WSGI app on 127.0.0.1 in a background thread, the way tests and benches need it."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from waitress import wasyncore
from waitress.server import create_server

__all__ = ["RunningServer", "start"]


@dataclass
class RunningServer:
    """A waitress server running in a daemon thread; `url` is ready when `start` returns."""

    url: str
    port: int
    _server: object = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _errors: list[BaseException] = field(default_factory=list, repr=False)

    def stop(self) -> None:
        """Close the listening socket and every open connection (SSE streams included).

        The closing runs inside the server's own loop (through its trigger), which then finds
        nothing left to serve and returns. Worker threads still blocked in a stream are
        daemons and end at their next write.
        """
        if not self._thread.is_alive():
            return  # stopped already: its trigger is closed, pulling it would fail
        server = self._server
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        self._thread.join(timeout=10)
        server.task_dispatcher.set_thread_count(0)  # idle workers exit; none is waited for

    def raise_thread_errors(self) -> None:
        """Re-raise, in the caller, an exception that ended the server thread."""
        if self._errors:
            raise self._errors.pop(0)


def start(app, host: str = "127.0.0.1", port: int = 0, threads: int = 16) -> RunningServer:
    """Bind first (so the port is known and accepting), then serve in a daemon thread.

    SSE streams each hold one waitress thread, hence the generous default.
    """
    server = create_server(app, host=host, port=port, threads=threads, ident="homologa")
    errors: list[BaseException] = []

    def serve() -> None:
        try:
            server.run()
        except OSError:
            pass  # raised by close() while the loop polls; the server is stopping
        except Exception as exc:  # noqa: BLE001 - re-raised in the test by raise_thread_errors
            errors.append(exc)

    thread = threading.Thread(target=serve, name=f"waitress:{server.effective_port}", daemon=True)
    thread.start()
    bound_port = server.effective_port
    return RunningServer(f"http://{host}:{bound_port}", bound_port, server, thread, errors)
