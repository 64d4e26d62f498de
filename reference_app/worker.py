"""The app's background worker: runs post-commit work (routing, profile, desk pushes).

Two per app: ``current_worker()`` routes and pushes in order, ``profile_worker()`` asks the
Profile API (so a slow or retried lookup never holds routing back). One daemon thread
each, started on the first ``submit``; jobs run in order inside an
application context (so ``store.get_db`` opens the thread's own connection). A failing job
is logged with its traceback and counted in ``failures``; the work it was doing is never
lost because its input is already committed (a chat left ``queued`` is routed again).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

__all__ = ["Worker", "current_worker", "init_app", "profile_worker", "stop_all",
           "take_failures", "wait_all_idle"]

_STOP = object()


class Worker:
    """A FIFO of jobs run by one daemon thread in the app's context."""

    def __init__(self, app: Flask, name: str = "worker") -> None:
        self._app = app
        self._name = f"reference_app-{name}"
        self._jobs: queue.Queue[Any] = queue.Queue()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._pending = 0
        self._thread: threading.Thread | None = None
        self.failures: list[BaseException] = []

    def submit(self, job: Callable[..., object], *args: object) -> None:
        """Queue ``job(*args)``; starts the thread on first use."""
        with self._lock:
            self._pending += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name=self._name)
                self._thread.start()
        self._jobs.put((job, args))

    def wait_idle(self, timeout: float) -> bool:
        """Block until every submitted job has finished; False if ``timeout`` passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the queued jobs, then end the thread."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._jobs.put(_STOP)
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            if item is _STOP:
                return
            job, args = item
            try:
                with self._app.app_context():
                    job(*args)
            except Exception as exc:  # logged and kept: a job must not kill the worker
                self.failures.append(exc)
                self._app.logger.exception("background job %s failed", _name(job))
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()


def _name(job: Callable[..., object]) -> str:
    return getattr(job, "__qualname__", repr(job))


def init_app(app: Flask) -> None:
    app.extensions["reference_app.worker"] = Worker(app)
    app.extensions["reference_app.profile_worker"] = Worker(app, "profiles")


def current_worker() -> Worker:
    return current_app.extensions["reference_app.worker"]


def profile_worker() -> Worker:
    return current_app.extensions["reference_app.profile_worker"]


def wait_all_idle(app: Flask, timeout: float) -> bool:
    """Block until both workers are idle (routing first: it hands lookups to profiles)."""
    workers = [app.extensions["reference_app.worker"],
               app.extensions["reference_app.profile_worker"]]
    return all(worker.wait_idle(timeout) for worker in workers + workers[:1])


def take_failures(app: Flask) -> list[BaseException]:
    """The exceptions of jobs that failed since the last call, oldest first (and forget them).
    A harness re-raises them in the test that caused them."""
    taken: list[BaseException] = []
    for key in ("reference_app.worker", "reference_app.profile_worker"):
        failures = app.extensions[key].failures
        while failures:
            taken.append(failures.pop(0))
    return taken


def stop_all(app: Flask) -> None:
    for key in ("reference_app.worker", "reference_app.profile_worker"):
        app.extensions[key].stop()
