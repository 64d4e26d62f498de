"""Flask's signed-cookie sessions, skipping the signer when a request carries no session cookie
(Graph and control calls never do; the customer pages do)."""

from __future__ import annotations

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin

__all__ = ["LazyCookieSessionInterface"]


class LazyCookieSessionInterface(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        # No Cookie header at all (every Graph call): no session cookie, without parsing
        # `request.cookies` (a MultiDict built per request) to find that out.
        if "HTTP_COOKIE" not in request.environ or \
                self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        # Flask's save_session does nothing for a session never read nor written and still
        # empty (no Vary, no cookie set or deleted): skip its seven config lookups for it.
        if not session and not session.accessed and not session.modified:
            return
        super().save_session(app, session, response)
