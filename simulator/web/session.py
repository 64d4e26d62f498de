"""Who is logged in on the customer's side: the session cookie, safe redirects, login checks."""

from __future__ import annotations

from flask import session

from simulator import oauth
from simulator.world import Page, TestAccount, World

__all__ = ["MISSING_FIELDS", "NO_ACCOUNT", "WRONG_PASSWORD", "check_credentials", "current_account",
           "is_customer", "page_for_path", "safe_next", "start_session"]

_INCORRECT = "The email or password you entered is incorrect."
MISSING_FIELDS = "Enter the email and the password of a test account to log in."
NO_ACCOUNT = f"{_INCORRECT} No test account of this simulated world uses that email."
WRONG_PASSWORD = f"{_INCORRECT} The password does not match that test account."


def current_account(world: World) -> TestAccount | None:
    """The logged-in test account or the app's developer, or None (also after a world reset)."""
    if session.get("generation") != world.generation:
        return None
    return oauth.person(world, session.get("account_id"))


def is_customer(world: World, account: TestAccount | None) -> bool:
    """A test account that can message the Page (the developer only manages it)."""
    return account is not None and account.id in world.accounts


def check_credentials(world: World, email: str, password: str) -> tuple[TestAccount | None, str]:
    """The account these credentials open, or None and the sentence that says why not."""
    if not email.strip() or not password:
        return None, MISSING_FIELDS
    account = oauth.account_by_email(world, email)
    if account is None:
        return None, NO_ACCOUNT
    if account.password != password:
        return None, WRONG_PASSWORD
    return account, ""


def start_session(world: World, account: TestAccount) -> None:
    """A fresh session for `account` (the old one, if any, is dropped first)."""
    session.clear()
    session.update(account_id=account.id, generation=world.generation)


def safe_next(target: str | None, default: str) -> str:
    """Only local paths: `/x`, never `//host`, `/\\host` or `http://...`."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default


def page_for_path(world: World, path: str) -> Page:
    """The Page a login form was shown on, from its `next` path (else the seeded Page)."""
    for candidate in world.pages.values():
        refs = [f"/{candidate.username}/", f"/{candidate.id}/", f"/messages/t/{candidate.id}"]
        if candidate.instagram is not None:
            refs += [f"/instagram/{candidate.instagram.username}/",
                     f"/instagram/direct/t/{candidate.instagram.id}"]
        if any(path.startswith(ref) for ref in refs):
            return candidate
    return world.page
