"""The simulated Meta side's state: apps, Pages, test accounts, PSIDs, tokens, conversations.

No HTTP here. Every id, token and Faker value is drawn from `world.rng`, so a seed fixes the
world; every write happens under `world.lock`.
"""

from __future__ import annotations

import base64
import random
import string
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from faker import Faker

from simulator.clock import Clock
from simulator.events import Broker
from simulator.journal import Journal

__all__ = ["App", "Conversation", "Message", "Page", "Subscription", "TestAccount", "Token",
           "World"]

PAGE_FIELDS = ("messages", "messaging_postbacks", "message_deliveries", "message_reads",
               "message_echoes", "message_reactions", "messaging_referrals",
               "messaging_handovers", "standby")
_TOKEN_ALPHABET = string.ascii_letters + string.digits


@dataclass
class Subscription:
    """An app-level webhook subscription (`POST /{app-id}/subscriptions`) for one object."""

    object: str
    callback_url: str
    verify_token: str
    fields: list[str]
    version: str
    active: bool = True


@dataclass
class App:
    id: str
    secret: str
    name: str
    verify_token: str
    mode: str = "development"
    subscriptions: dict[str, Subscription] = field(default_factory=dict)

    @property
    def app_token(self) -> str:
        return f"{self.id}|{self.secret}"

    @property
    def callback_url(self) -> str | None:
        subscription = self.subscriptions.get("page")
        return subscription.callback_url if subscription else None


@dataclass
class Page:
    id: str
    name: str
    username: str
    category: str
    access_token: str
    app_id: str  # the app the Page token was issued through
    subscribed_apps: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class TestAccount:
    id: str
    first_name: str
    last_name: str
    email: str
    password: str
    role: str | None  # "administrator" / "developer" / "tester", or None for the public
    psids: dict[str, str] = field(default_factory=dict)  # page id -> PSID

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Token:
    value: str
    kind: str  # "page" | "app" | "user"
    app_id: str
    page_id: str | None = None
    user_id: str | None = None


@dataclass
class Message:
    mid: str
    sender: str  # "customer" | "page"
    timestamp: int
    text: str | None = None
    attachment: dict[str, Any] | None = None

    def to_event(self) -> dict[str, Any]:
        """The SSE payload of docs/contracts.md."""
        event = {"mid": self.mid, "text": self.text, "from": self.sender,
                 "timestamp": self.timestamp}
        if self.attachment is not None:
            event["attachment"] = self.attachment
        return event


@dataclass
class Conversation:
    page_id: str
    psid: str
    messages: list[Message] = field(default_factory=list)
    last_customer_ms: int | None = None


class World:
    """One simulated Meta: rebuilt from `settings` and a seed by `reset`."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        from simulator.webhooks import WebhookSender  # webhooks reads world types lazily too

        self.settings = dict(settings)
        self.lock = threading.RLock()
        self.clock = Clock()
        self.journal = Journal(self.clock.now_ms)
        self.events = Broker()
        self.webhooks = WebhookSender(self)
        self.generation = 0
        self.reset(int(self.settings["SEED"]))

    # --- building ------------------------------------------------------------------------
    def reset(self, seed: int | None = None) -> None:
        """Forget everything and rebuild the seeded world (as moto's backend reset)."""
        with self.lock:
            self.seed = int(self.settings["SEED"]) if seed is None else int(seed)
            self.rng = random.Random(self.seed)
            self.trace_rng = random.Random(f"{self.seed}:trace")
            self.faker = Faker(self.settings["LOCALE"])
            self.faker.random = self.rng
            self.generation += 1
            self.graph_version = str(self.settings["GRAPH_VERSION"])
            self.apps: dict[str, App] = {}
            self.pages: dict[str, Page] = {}
            self.accounts: dict[str, TestAccount] = {}
            self.tokens: dict[str, Token] = {}
            self.conversations: dict[tuple[str, str], Conversation] = {}
            self._seed_entities()
            self.journal.clear()
        self.events.close_all()

    def shutdown(self) -> None:
        """End open SSE streams and the webhook sender (call before stopping the server)."""
        self.events.close_all()
        self.webhooks.stop()

    def _seed_entities(self) -> None:
        app = App(id=self._digits(15), secret=self.rng.randbytes(16).hex(),
                  name="Homologa Desk", verify_token=self._random_text(24))
        self._add_app(app)
        page = Page(id=self._digits(15), name=str(self.settings["PAGE_NAME"]),
                    username=str(self.settings["PAGE_USERNAME"]), category="Company",
                    access_token="EAA" + self._random_text(180), app_id=app.id,
                    subscribed_apps={app.id: list(PAGE_FIELDS)})
        self.pages[page.id] = page
        self.tokens[page.access_token] = Token(page.access_token, "page", app.id, page.id)
        self._add_account("tester")
        self._add_account(None)

    def _add_app(self, app: App) -> None:
        self.apps[app.id] = app
        self.tokens[app.app_token] = Token(app.app_token, "app", app.id)

    def _add_account(self, role: str | None) -> TestAccount:
        first, last = self._accented_name()
        email = f"{_ascii_fold(first)}.{_ascii_fold(last)}@example.com"
        while any(a.email == email for a in self.accounts.values()):
            email = email.replace("@", f"{self.rng.randint(1, 99)}@", 1)
        account = TestAccount(id=self._digits(15), first_name=first, last_name=last, email=email,
                              password=str(self.settings["TEST_ACCOUNT_PASSWORD"]), role=role)
        for page_id in self.pages:
            account.psids[page_id] = self._digits(self.rng.choice((16, 17)))
        self.accounts[account.id] = account
        return account

    def _accented_name(self) -> tuple[str, str]:
        """A Faker name, preferring one with an accent (they break naive webhook handling)."""
        for _ in range(40):
            first, last = self.faker.first_name(), self.faker.last_name()
            if not f"{first}{last}".isascii():
                return first, last
        return first, last

    def _digits(self, n: int) -> str:
        return str(self.rng.randint(10 ** (n - 1), 10**n - 1))

    def _random_text(self, n: int) -> str:
        return "".join(self.rng.choice(_TOKEN_ALPHABET) for _ in range(n))

    def new_mid(self) -> str:
        """A Messenger message id: `m_` + 86 base64url characters."""
        with self.lock:
            return "m_" + base64.urlsafe_b64encode(self.rng.randbytes(64)).decode().rstrip("=")

    def new_challenge(self) -> int:
        with self.lock:
            return self.rng.randint(10**6, 2**31 - 1)

    # --- reading -------------------------------------------------------------------------
    @property
    def app(self) -> App:
        return next(iter(self.apps.values()))

    @property
    def page(self) -> Page:
        return next(iter(self.pages.values()))

    @staticmethod
    def page_url(page: Page) -> str:
        return f"/{page.username}/"

    def token(self, value: str) -> Token | None:
        return self.tokens.get(value)

    def find_page(self, ref: str) -> Page | None:
        """A Page by id or username."""
        with self.lock:
            return self.pages.get(ref) or next(
                (p for p in self.pages.values() if p.username == ref), None)

    def account_by_psid(self, page_id: str, psid: str) -> TestAccount | None:
        with self.lock:
            return next((a for a in self.accounts.values() if a.psids.get(page_id) == psid), None)

    def account_by_email(self, email: str) -> TestAccount | None:
        wanted = email.strip().lower()
        with self.lock:
            return next((a for a in self.accounts.values() if a.email == wanted), None)

    def conversation(self, page_id: str, psid: str) -> Conversation:
        with self.lock:
            key = (page_id, psid)
            if key not in self.conversations:
                self.conversations[key] = Conversation(page_id, psid)
            return self.conversations[key]

    def history(self, page_id: str, psid: str) -> list[Message]:
        with self.lock:
            return list(self.conversation(page_id, psid).messages)

    def describe(self) -> dict[str, Any]:
        """The world as `GET /_sim/world` shows it (docs/contracts.md)."""
        with self.lock:
            app, page = self.app, self.page
            return {
                "graph_version": self.graph_version,
                "seed": self.seed,
                "app": {"id": app.id, "secret": app.secret, "verify_token": app.verify_token,
                        "app_token": app.app_token, "callback_url": app.callback_url,
                        "mode": app.mode},
                "page": {"id": page.id, "name": page.name, "username": page.username,
                         "access_token": page.access_token, "url": self.page_url(page)},
                "test_accounts": [
                    {"id": a.id, "name": a.name, "first_name": a.first_name,
                     "last_name": a.last_name, "email": a.email, "password": a.password,
                     "psid": a.psids[page.id], "role": a.role}
                    for a in self.accounts.values()],
            }

    # --- writing -------------------------------------------------------------------------
    def customer_sends(self, page_id: str, account_id: str, text: str) -> Message:
        """The customer writes to the Page: store, open the window, push live, notify apps."""
        with self.lock:
            account = self.accounts[account_id]
            psid = account.psids[page_id]
            message = Message(self.new_mid(), "customer", self.clock.now_ms(), text=text)
            conversation = self.conversation(page_id, psid)
            conversation.messages.append(message)
            conversation.last_customer_ms = message.timestamp
        self.events.publish((page_id, psid), message.to_event())
        self.webhooks.notify_message(self.pages[page_id], account, message)
        return message

    def page_sends(self, page_id: str, psid: str, text: str | None,
                   attachment: dict[str, Any] | None = None) -> Message:
        """The Page (through the Send API) writes to the customer: store and push live."""
        with self.lock:
            message = Message(self.new_mid(), "page", self.clock.now_ms(), text=text,
                              attachment=attachment)
            self.conversation(page_id, psid).messages.append(message)
        self.events.publish((page_id, psid), message.to_event())
        return message

    def subscribe_app(self, app_id: str, subscription: Subscription) -> None:
        """Save an app-level webhook subscription (after a successful handshake)."""
        with self.lock:
            self.apps[app_id].subscriptions[subscription.object] = subscription


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and c.isascii()).lower()
