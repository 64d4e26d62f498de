"""Flask's signed-cookie sessions, skipping the signer when a request carries no session cookie
(Graph and control calls never do; the customer pages do)."""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

__all__ = ["LazyCookieSessionInterface"]


class LazyCookieSessionInterface(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)
