"""Graph API client for the desk: Send API and User Profile API over ``requests``.

Every call goes through ``GraphClient._call``, which maps Graph's error envelope
(``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}``) and network
failures to ``GraphApiError``; ``GraphApiError.plain`` is the sentence an agent reads.
Transient failures (codes 1, 2, 4, 17, 32, 613, 1200, 80xxx, ``is_transient``, HTTP 5xx, a
connection that never opened) are retried ``retries`` times with exponential backoff;
permanent ones (10, 100, 190, 200, 230, 551, ...) never are. A POST whose answer timed out
is not retried either: Meta may have delivered it, and a retry would send it twice.
"""

from __future__ import annotations

import json
import random
import threading
from dataclasses import dataclass
from typing import Any

import requests
from flask import Flask, current_app
from urllib3.exceptions import NewConnectionError

from . import store

__all__ = ["GraphApiError", "GraphClient", "Profile", "current_graph", "init_app"]

_TRANSIENT_CODES = frozenset({1, 2, 4, 17, 32, 613, 1200})
_PROFILE_FIELDS = {"messenger": "first_name,last_name,name,profile_pic",
                   "instagram": "name,username,profile_pic"}


class GraphApiError(Exception):
    """A Graph call that failed: Graph's own error, or no usable answer at all (code None)."""

    def __init__(self, code: int | None, subcode: int | None, message: str, *,
                 status: int | None = None, error_type: str | None = None,
                 fbtrace_id: str | None = None, transient: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.subcode = subcode
        self.message = message
        self.status = status
        self.error_type = error_type
        self.fbtrace_id = fbtrace_id
        self.transient = transient or code in _TRANSIENT_CODES or (
            code is not None and 80000 <= code < 81000)
        self.retry_safe = True  # False when a request may have reached Graph unanswered
        self.attempts = 1

    def __str__(self) -> str:
        where = f"code {self.code}" + (f"/{self.subcode}" if self.subcode else "")
        return f"{self.message} ({where})" if self.code is not None else self.message

    @property
    def plain(self) -> str:
        """What went wrong, in words an agent can act on."""
        return _plain_words(self)

    @classmethod
    def from_body(cls, status: int, body: bytes) -> GraphApiError:
        """The error a non-200 answer carries (Graph's envelope, or a description of it)."""
        try:
            error = json.loads(body)["error"]
            if not isinstance(error, dict):
                raise TypeError("error is not an object")
        except (ValueError, KeyError, TypeError):
            return cls(None, None, f"Graph answered HTTP {status} without an error envelope",
                       status=status, transient=status >= 500)
        return cls(_int_or_none(error.get("code")), _int_or_none(error.get("error_subcode")),
                   str(error.get("message", "")), status=status,
                   error_type=error.get("type"), fbtrace_id=error.get("fbtrace_id"),
                   transient=bool(error.get("is_transient")) or status >= 500)


def _int_or_none(value: object) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _plain_words(error: GraphApiError) -> str:
    code, subcode = error.code, error.subcode
    if code is None:
        return f"Messenger could not be reached: {error.message}. Try again in a moment."
    if code == 10 and subcode in (2018278, 2534022):
        return ("The 24-hour window to answer this customer has closed: the customer has to"
                " send a new message before you can reply.")
    if code == 2018300 or subcode == 2534037:
        return ("Another app controls this conversation (for example the Page Inbox of Meta"
                " Business Suite): Interact cannot answer until the conversation is passed"
                " back to it. Make Interact the Page's app for messaging (Page settings >"
                " Advanced messaging).")
    if code == 551 or subcode in (2018108, 1545041):
        return ("This person isn't available right now (they may have blocked the Page):"
                " Messenger won't deliver your message.")
    if subcode in (2018028, 2018027):
        return ("This customer is not an admin, developer or tester of the app. Until"
                " pages_messaging is approved and the app is live, only those people can"
                " be answered.")
    if code == 190:
        return ("The Page access token is invalid or expired: ask an administrator to"
                " renew it.")
    if code in (10, 200, 230):
        return ("The app is missing a permission to message for this Page"
                " (pages_messaging): ask an administrator to check the app's permissions.")
    if code == 100 and subcode == 2018001:
        return "Messenger does not know this customer for this Page."
    if error.transient:
        return f"Messenger is busy or failing right now ({error.message}). Try again."
    return f"Messenger refused the message: {error.message}"


@dataclass(frozen=True)
class Profile:
    """The customer fields the User Profile API returned."""

    psid: str
    name: str | None
    first_name: str | None = None
    last_name: str | None = None
    profile_pic: str | None = None


class GraphClient:
    """Calls one Graph host and version with one Page token (a session per thread)."""

    def __init__(self, base_url: str, version: str, page_token: str,
                 timeout: float | tuple[float, float] | list[float] = (5.0, 15.0),
                 retries: int = 3, backoff: float = 0.5) -> None:
        self.base_url = base_url.rstrip("/")
        self.version = version
        self.page_token = page_token
        self.timeout = tuple(timeout) if isinstance(timeout, list) else timeout
        self.retries = retries
        self.backoff = backoff
        self._closing = threading.Event()
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._sessions_lock = threading.Lock()

    def send_text(self, psid: str, text: str, messaging_type: str = "RESPONSE",
                  tag: str | None = None) -> str:
        """Send a text (PSID or IGSID, same endpoint and Page token); returns ``message_id``."""
        body: dict[str, Any] = {"recipient": {"id": psid}, "messaging_type": messaging_type,
                                "message": {"text": text}}
        if tag:
            body["tag"] = tag
        answer = self._call("POST", "me/messages", payload=body)
        message_id = answer.get("message_id")
        if not isinstance(message_id, str) or not message_id:
            raise GraphApiError(None, None, "the Send API answered without a message_id")
        return message_id

    def get_profile(self, psid: str, channel: str = "messenger") -> Profile:
        """Read the customer's name and picture (Business Asset User Profile Access on
        Messenger; ``name,username,profile_pic`` for an Instagram IGSID)."""
        answer = self._call("GET", psid, params={"fields": _PROFILE_FIELDS[channel]})
        first, last = answer.get("first_name"), answer.get("last_name")
        name = (answer.get("name") or " ".join(p for p in (first, last) if p)
                or answer.get("username") or None)
        return Profile(psid, name, first, last, answer.get("profile_pic"))

    # -- Facebook Login and the Page connection (user and Page tokens given per call) ----
    def exchange_code(self, app_id: str, secret: str, redirect_uri: str, code: str) -> str:
        """The dialog's code → a short-lived user token."""
        return self._token({"client_id": app_id, "client_secret": secret,
                            "redirect_uri": redirect_uri, "code": code})

    def long_lived(self, app_id: str, secret: str, user_token: str) -> str:
        return self._token({"grant_type": "fb_exchange_token", "client_id": app_id,
                            "client_secret": secret, "fb_exchange_token": user_token})

    def _token(self, params: dict[str, str]) -> str:
        token = self._call("GET", "oauth/access_token", params=params, token="").get(
            "access_token")
        if not isinstance(token, str) or not token:
            raise GraphApiError(None, None, "oauth/access_token answered without a token")
        return token

    def user_data(self, path: str, user_token: str) -> list[dict[str, Any]]:
        """``data`` of a user-token edge (``me/permissions``, ``me/accounts``)."""
        data = self._call("GET", path, token=user_token).get("data")
        return data if isinstance(data, list) else []

    def subscribe_page(self, page_id: str, page_token: str, fields: str) -> None:
        self._call("POST", f"{page_id}/subscribed_apps", token=page_token,
                   params={"subscribed_fields": fields})

    def unsubscribe_page(self, page_id: str, page_token: str) -> None:
        self._call("DELETE", f"{page_id}/subscribed_apps", token=page_token)

    def close(self) -> None:
        """Close every thread's connection pool and cut short any backoff wait."""
        self._closing.set()
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

    def _session(self) -> requests.Session:
        if self._closing.is_set():  # a job still running at shutdown: no new connection pool
            raise requests.ConnectionError("the Graph client is closed")
        session = getattr(self._local, "session", None)
        if session is None or session not in self._sessions:
            session = self._local.session = requests.Session()
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def _call(self, method: str, path: str, *, params: dict[str, str] | None = None,
              payload: dict[str, Any] | None = None, token: str | None = None) -> dict[str, Any]:
        """One Graph call, retried with backoff while the failure is transient and safe.

        ``token``: None is the Page token; "" sends none (the OAuth token endpoint)."""
        attempt = 1
        while True:
            try:
                return self._call_once(method, path, params=params, payload=payload, token=token)
            except GraphApiError as error:
                error.attempts = attempt
                if not (error.transient and error.retry_safe and attempt <= self.retries):
                    raise
                delay = self.backoff * 2 ** (attempt - 1) * random.uniform(0.8, 1.2)
                if self._closing.wait(delay):
                    raise
                attempt += 1

    def _call_once(self, method: str, path: str, *, params: dict[str, str] | None = None,
                   payload: dict[str, Any] | None = None,
                   token: str | None = None) -> dict[str, Any]:
        url = f"{self.base_url}/{self.version}/{path}"
        token = self.page_token if token is None else token
        query = {**(params or {}), **({"access_token": token} if token else {})}
        status, body = self._fetch(method, url, params=query, json=payload)
        if status != 200:
            raise GraphApiError.from_body(status, body)
        try:
            answer = json.loads(body)
        except ValueError as exc:
            raise GraphApiError(None, None, "Graph answered 200 with a body that is not JSON",
                                status=200) from exc
        if not isinstance(answer, dict):
            raise GraphApiError(None, None, "Graph answered 200 with a non-object body")
        return answer

    def _fetch(self, method: str, url: str, **kwargs: Any) -> tuple[int, bytes]:
        """Status and body only: a kept traceback must not pin the response's socket."""
        try:
            with self._session().request(method, url, timeout=self.timeout,
                                         **kwargs) as response:
                return response.status_code, response.content
        except requests.RequestException as exc:
            path = url.removeprefix(self.base_url)
            error = GraphApiError(None, None, f"{type(exc).__name__} calling {method} {path}",
                                  transient=True)
            # a POST may have reached Graph unless the connection never opened (a reset after
            # the body went out is a ConnectionError too, and resending would repeat the message)
            error.retry_safe = method == "GET" or _never_connected(exc)
        raise error


def _never_connected(exc: requests.RequestException) -> bool:
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.ConnectionError) and isinstance(reason, NewConnectionError)


def init_app(app: Flask) -> None:
    """Build the app's client once: the connected Page's token (admin > Facebook), else
    ``PAGE_TOKEN``."""
    config = app.config
    with app.app_context():
        connected = store.connected_page()
    page_token = connected["access_token"] if connected else config["PAGE_TOKEN"]
    app.extensions["reference_app.graph"] = GraphClient(
        config["GRAPH_URL"], config["GRAPH_VERSION"], page_token,
        config["GRAPH_TIMEOUT"], int(config["GRAPH_RETRIES"]), float(config["GRAPH_BACKOFF"]))


def current_graph() -> GraphClient:
    return current_app.extensions["reference_app.graph"]
