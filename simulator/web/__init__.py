"""The customer's side of Facebook: the Page, login, Messenger chat and avatars (HTML + SSE)."""

from __future__ import annotations

from flask import Blueprint, Flask

from simulator.web import auth, avatar, messenger, page

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Register the `web` blueprint (templates, static files) and its areas."""
    web = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                    static_url_path="/_sim/static")
    for child in (auth.bp, avatar.bp, messenger.bp, page.bp):
        web.register_blueprint(child)
    app.register_blueprint(web)
