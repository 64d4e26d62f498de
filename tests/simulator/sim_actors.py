"""Test actors independent of the simulator's code: a bare http.server webhook receiver and a
customer driving the customer pages with requests."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

import requests


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """An app's webhook endpoint reduced to a recorder with a canned answer."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.status = 200
        self.answer: bytes | None = None  # None: echo hub.challenge on GET, EVENT_RECEIVED on POST
        self.suffix = b""  # appended to the echoed challenge (to test exact comparison)
        self.hung_up: list[str] = []  # paths whose sender left before the answer (a deadline)
        self.hold_posts = threading.Event()  # set() releases POSTs held by `hold()`
        self.hold_posts.set()
        self._changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                receiver._record(self, b"")
                challenge = self.path.partition("hub.challenge=")[2].encode() + receiver.suffix
                self._reply(receiver.answer if receiver.answer is not None else challenge)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver._record(self, body)
                receiver.hold_posts.wait(timeout=30)
                self._reply(receiver.answer if receiver.answer is not None else b"EVENT_RECEIVED")

            def _reply(self, body: bytes) -> None:
                try:
                    self.send_response(receiver.status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    # the sender gave up waiting (the ack deadline) and closed the connection,
                    # as Meta does: what a real endpoint sees too, recorded rather than raised
                    receiver._hang_up(self)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/webhook"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)
        self._thread.start()

    def _record(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        with self._changed:
            self.requests.append(Received(handler.command, handler.path, dict(handler.headers),
                                          body))
            self._changed.notify_all()

    def _hang_up(self, handler: BaseHTTPRequestHandler) -> None:
        with self._changed:
            self.hung_up.append(handler.path)
            self._changed.notify_all()

    def wait_for_hang_up(self, timeout: float = 10.0) -> str:
        """The path of the first request whose sender closed the connection before the answer."""
        with self._changed:
            found = self._changed.wait_for(lambda: self.hung_up, timeout)
            assert found, "no sender closed its connection before the answer"
            return self.hung_up[0]

    def wait_for_post(self, timeout: float = 10.0) -> Received:
        with self._changed:
            found = self._changed.wait_for(
                lambda: any(r.method == "POST" for r in self.requests), timeout)
            assert found, f"no POST reached the receiver; got {self.requests}"
            return next(r for r in self.requests if r.method == "POST")

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class Customer:
    """A test account using the customer pages over HTTP (no browser)."""

    def __init__(self, base_url: str, world: dict[str, Any], account: dict[str, Any]) -> None:
        self.base_url = base_url
        self.page_id = world["page"]["id"]
        self.account = account
        self.http = requests.Session()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.http.close()

    def log_in(self) -> requests.Response:
        reply = self.http.post(f"{self.base_url}/login", timeout=10, data={
            "email": self.account["email"], "password": self.account["password"],
            "next": f"/messages/t/{self.page_id}"})
        reply.raise_for_status()
        return reply

    def send(self, text: str) -> str:
        reply = self.http.post(f"{self.base_url}/messages/t/{self.page_id}", json={"text": text},
                               timeout=10)
        reply.raise_for_status()
        return reply.json()["mid"]
