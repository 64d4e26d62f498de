"""The customer's side of Facebook and Instagram: the Page, login, Messenger, the Instagram
profile and Direct thread, uploads and avatars (HTML + SSE)."""

from __future__ import annotations

from flask import Blueprint, Flask

from simulator.web import auth, avatar, instagram, oauth, page, threads, uploads

__all__ = ["init_app"]


def is_safe_url(value: object) -> bool:
    """Only http(s) URLs go into `src`/`href` attributes (never `javascript:` or `data:`)."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def init_app(app: Flask) -> None:
    """Register the `web` blueprint (templates, static files) and its areas."""
    web = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                    static_url_path="/_sim/static")
    for child in (auth.bp, avatar.bp, threads.bp, uploads.bp, instagram.bp, oauth.bp, page.bp):
        web.register_blueprint(child)
    web.add_app_template_test(is_safe_url, "safe_url")
    app.register_blueprint(web)
    app.extensions[uploads.EXTENSION_KEY] = uploads.UploadStore()
