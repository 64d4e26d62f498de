"""The simulated Meta side's state: apps, Pages, test accounts, PSIDs/IGSIDs, tokens, threads.

No HTTP here. Every id, token and Faker value is drawn from `world.rng`, so a seed fixes the
world; every write happens under `world.lock`. Rules (who may send, which webhook flows) live
in `policy.py`; webhook envelopes and delivery in `webhooks.py`.
"""

from __future__ import annotations

import base64
import binascii
import random
import string
import threading
import unicodedata
from collections.abc import Mapping
from typing import Any

from faker import Faker

from simulator.clock import Clock
from simulator.errors import SimulatorError
from simulator.events import Broker
from simulator.journal import Journal
from simulator.models import (
    PAGE_FIELDS,
    PAGE_TOKEN_SCOPES,
    App,
    Conversation,
    InstagramAccount,
    Message,
    Page,
    Subscription,
    TestAccount,
    Token,
)

__all__ = ["App", "Conversation", "InstagramAccount", "Message", "Page", "Subscription",
           "TestAccount", "Token", "World"]

_TOKEN_ALPHABET = string.ascii_letters + string.digits
_URLSAFE_B64 = bytes.maketrans(b"+/", b"-_")


class World:
    """One simulated Meta: rebuilt from `settings` and a seed by `reset`."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        from simulator.faults import Faults
        from simulator.webhooks import WebhookSender  # webhooks reads world types lazily too

        self._config = dict(settings)  # what create_app gave; control-API changes end at reset
        self.settings = dict(settings)
        self.lock = threading.RLock()
        self.clock = Clock()
        self.journal = Journal(self.clock.now_ms)
        self.events = Broker()
        self.faults = Faults(self)
        self.webhooks = WebhookSender(self)
        self.generation = 0
        self.reset(int(self.settings["SEED"]))

    # --- building ------------------------------------------------------------------------
    def reset(self, seed: int | None = None, spec: Mapping[str, Any] | None = None) -> None:
        """Forget everything and rebuild the seeded world (as moto's backend reset)."""
        from simulator import seeding

        with self.lock:
            self.settings = dict(self._config)
            self.clock.reset()
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
            self.attachments: dict[str, dict[str, Any]] = {}  # attachment_id -> page + payload
            self.send_times: dict[str, list[int]] = {}  # app id -> recent Send API call times
            self._psid_hits: dict[tuple[str, str], TestAccount] = {}  # see account_by_psid
            self.developer: TestAccount | None = None
            self.faults.reset()
            self.webhooks.reset()
            if spec is None:
                self._seed_entities()
            else:
                seeding.build(self, spec)
            self.journal.clear()
        self.events.close_all()

    def shutdown(self) -> None:
        """End open SSE streams and the webhook sender (call before stopping the server)."""
        self.events.close_all()
        self.webhooks.stop()

    def _seed_entities(self) -> None:
        app = self.add_app("Homologa Desk")
        page = self.add_page(app, str(self.settings["PAGE_NAME"]),
                             str(self.settings["PAGE_USERNAME"]))
        self.add_account("tester")
        self.add_account(None)
        self.link_instagram(page)
        self.developer = self.add_account("administrator", listed=False)
        self.issue_user_token(self.developer)
        self.add_account("tester")  # a second tester: one browser session per account

    def add_app(self, name: str) -> App:
        app = App(id=self.digits(15), secret=self.rng.randbytes(16).hex(), name=name,
                  verify_token=self.random_text(24))
        self.apps[app.id] = app
        self.tokens[app.app_token] = Token(app.app_token, "app", app.id)
        return app

    def add_page(self, app: App, name: str, username: str) -> Page:
        page = Page(id=self.digits(15), name=name, username=username, category="Company",
                    access_token="EAA" + self.random_text(180), app_id=app.id,
                    subscribed_apps={app.id: list(PAGE_FIELDS)})
        self.pages[page.id] = page
        self.tokens[page.access_token] = Token(
            page.access_token, "page", app.id, page.id, scopes=list(PAGE_TOKEN_SCOPES),
            issued_at=self.clock.now_ms() // 1000)
        for account in self.accounts.values():
            account.psids[page.id] = self.digits(self.rng.choice((16, 17)))
        return page

    def link_instagram(self, page: Page, username: str | None = None) -> InstagramAccount:
        """Link an Instagram professional account to `page`; every account gets an IGSID."""
        handle = username or f"{_ascii_fold(page.name)}_oficial"
        ig = InstagramAccount(id="17841" + self.digits(12), username=handle, name=page.name,
                              page_id=page.id)
        page.instagram = ig
        for account in self.accounts.values():
            self._give_igsid(account, ig)
        return ig

    def _give_igsid(self, account: TestAccount, ig: InstagramAccount) -> None:
        account.igsids[ig.id] = self.digits(self.rng.choice((16, 17)))
        if not account.instagram_username:
            account.instagram_username = (f"{_ascii_fold(account.first_name)}."
                                          f"{_ascii_fold(account.last_name)}")

    def add_account(self, role: str | None, listed: bool = True, first: str | None = None,
                    last: str | None = None) -> TestAccount:
        if first is None or last is None:
            first, last = self._accented_name()
        email = f"{_ascii_fold(first)}.{_ascii_fold(last)}@example.com"
        while any(a.email == email for a in self.accounts.values()):
            email = email.replace("@", f"{self.rng.randint(1, 99)}@", 1)
        account = TestAccount(id=self.digits(15), first_name=first, last_name=last, email=email,
                              password=str(self.settings["TEST_ACCOUNT_PASSWORD"]), role=role)
        for page_id in self.pages:
            account.psids[page_id] = self.digits(self.rng.choice((16, 17)))
        for page in self.pages.values():
            if page.instagram is not None:
                self._give_igsid(account, page.instagram)
        if listed:
            self.accounts[account.id] = account
        return account

    def issue_user_token(self, person: TestAccount) -> Token:
        """A long-lived user token (Facebook Login) of the app's administrator."""
        app = self.app
        value = "EAA" + self.random_text(190)
        token = Token(value, "user", app.id, user_id=person.id,
                      scopes=list(PAGE_TOKEN_SCOPES),
                      issued_at=self.clock.now_ms() // 1000)
        self.tokens[value] = token
        return token

    def _accented_name(self) -> tuple[str, str]:
        """A Faker name, preferring one with an accent (they break naive webhook handling)."""
        for _ in range(40):
            first, last = self.faker.first_name(), self.faker.last_name()
            if not f"{first}{last}".isascii():
                return first, last
        return first, last

    def digits(self, n: int) -> str:
        return str(self.rng.randint(10 ** (n - 1), 10**n - 1))

    def random_text(self, n: int) -> str:
        return "".join(self.rng.choice(_TOKEN_ALPHABET) for _ in range(n))

    def new_mid(self, channel: str = "messenger") -> str:
        """Messenger: `m_` + 86 base64url chars; Instagram: base64 of `ig_message_...`."""
        if channel == "instagram":
            with self.lock:
                raw = b"ig_message_" + self.digits(40).encode()
            return base64.b64encode(raw).decode().rstrip("=")
        # randbytes is one C call: atomic under the GIL, so no lock on the hot path;
        # base64.urlsafe_b64encode is these two C calls behind two Python ones.
        raw = binascii.b2a_base64(self.rng.randbytes(64), newline=False)
        return "m_" + raw.translate(_URLSAFE_B64).decode().rstrip("=")

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

    def page_of_instagram(self, ig_id: str) -> Page | None:
        return next((p for p in self.pages.values()
                     if p.instagram is not None and p.instagram.id == ig_id), None)

    def account_by_psid(self, page_id: str, psid: str) -> TestAccount | None:
        """Lock-free read: accounts change only on reset, which swaps in a new dict.

        Every Send API call asks this: where a PSID was found is remembered, and a remembered
        account is used only while it is still listed with that very PSID (else the scan
        answers, as it always did), so nothing that edits accounts has to keep an index.
        """
        key = (page_id, psid)
        account = self._psid_hits.get(key)
        if (account is not None and account.psids.get(page_id) == psid
                and self.accounts.get(account.id) is account):
            return account
        account = next((a for a in tuple(self.accounts.values())
                        if a.psids.get(page_id) == psid), None)
        if account is not None:
            self._psid_hits[key] = account
        return account

    def account_by_igsid(self, ig_id: str, igsid: str) -> TestAccount | None:
        return next((a for a in tuple(self.accounts.values()) if a.igsids.get(ig_id) == igsid),
                    None)

    def account_by_email(self, email: str) -> TestAccount | None:
        wanted = email.strip().lower()
        with self.lock:
            return next((a for a in self.accounts.values() if a.email == wanted), None)

    def account(self, account_id: str) -> TestAccount:
        account = self.accounts.get(account_id)
        if account is None:
            raise SimulatorError(f"no test account with id {account_id!r}", 404)
        return account

    def thread_ids(self, page_id: str, account_id: str, channel: str) -> tuple[str, str]:
        """(business id, user-scoped id) of the customer's thread with the Page on `channel`."""
        page = self.pages.get(page_id)
        if page is None:
            raise SimulatorError(f"no Page with id {page_id!r}", 404)
        account = self.account(account_id)
        if channel == "instagram":
            if page.instagram is None:
                raise SimulatorError(f"the Page {page.name} has no linked Instagram account")
            return page.instagram.id, account.igsids[page.instagram.id]
        return page.id, account.psids[page.id]

    def conversation(self, business_id: str, user_id: str, channel: str = "messenger",
                     page_id: str = "") -> Conversation:
        with self.lock:
            key = (business_id, user_id)
            if key not in self.conversations:
                self.conversations[key] = Conversation(business_id, user_id, channel,
                                                       page_id or business_id)
            return self.conversations[key]

    def history(self, business_id: str, user_id: str) -> list[Message]:
        with self.lock:
            return list(self.conversation(business_id, user_id).messages)

    def describe(self) -> dict[str, Any]:
        """The world as `GET /_sim/world` shows it (docs/contracts.md)."""
        from simulator.describe import describe_world

        with self.lock:
            return describe_world(self)

    # --- writing -------------------------------------------------------------------------
    def customer_message(self, page_id: str, account_id: str, channel: str, *,
                         text: str | None = None, attachment: dict[str, Any] | None = None,
                         extra: dict[str, Any] | None = None,
                         timestamp: int | None = None) -> Message:
        """The customer writes to the Page: store, open the window, push live, notify apps."""
        with self.lock:
            business_id, user_id = self.thread_ids(page_id, account_id, channel)
            message = Message(self.new_mid(channel), "customer",
                              self.clock.now_ms() if timestamp is None else timestamp,
                              text=text, attachment=attachment, channel=channel,
                              extra=dict(extra or {}))
            conversation = self.conversation(business_id, user_id, channel, page_id)
            conversation.messages.append(message)
            conversation.last_customer_ms = max(conversation.last_customer_ms or 0,
                                                message.timestamp)
        if timestamp is None:
            if self.events.has_subscribers((business_id, user_id)):  # no open chat: no event
                self.events.publish((business_id, user_id), message.to_event())
            self.webhooks.customer_message(self.pages[page_id], self.accounts[account_id],
                                           channel, message)
        return message

    def customer_event(self, page_id: str, account_id: str, channel: str, key: str,
                       payload: dict[str, Any], *, mid: str | None = None,
                       new_mid: bool = False) -> dict[str, Any]:
        """A reaction, postback or referral: opens the window (user action) and notifies apps."""
        with self.lock:
            business_id, user_id = self.thread_ids(page_id, account_id, channel)
            conversation = self.conversation(business_id, user_id, channel, page_id)
            if mid is not None and not any(m.mid == mid for m in conversation.messages):
                raise SimulatorError(f"no message {mid!r} in this conversation")
            if new_mid:
                payload = {"mid": self.new_mid(channel), **payload}
            now = self.clock.now_ms()
            conversation.last_customer_ms = now
        self.webhooks.customer_event(self.pages[page_id], self.accounts[account_id], channel,
                                     key, payload, now)
        return payload

    def customer_read(self, page_id: str, account_id: str, channel: str) -> dict[str, Any]:
        """A read receipt: Messenger `read.watermark`, Instagram `read.mid` (last Page message)."""
        with self.lock:
            business_id, user_id = self.thread_ids(page_id, account_id, channel)
            conversation = self.conversation(business_id, user_id, channel, page_id)
            now = self.clock.now_ms()
            if channel == "instagram":
                page_mids = [m.mid for m in conversation.messages if m.sender == "page"]
                if not page_mids:
                    raise SimulatorError("there is no Page message to mark as seen")
                payload: dict[str, Any] = {"mid": page_mids[-1]}
            else:
                payload = {"watermark": now}
        self.webhooks.customer_event(self.pages[page_id], self.accounts[account_id], channel,
                                     "read", payload, now)
        return payload

    def page_message(self, page: Page, account: TestAccount, channel: str, *,
                     text: str | None, attachment: dict[str, Any] | None = None,
                     extra: dict[str, Any] | None = None, metadata: str | None = None,
                     app_id: str | None = None, timestamp: int | None = None) -> Message:
        """The Page (through the Send API) writes to the customer: store, push live, echo."""
        # The mid is drawn before taking the lock (new_mid is lock-free on Messenger and was the
        # first draw inside it, so one thread's sequence of ids is unchanged): the lock that
        # every concurrent Send API call queues on is held for less.
        mid = self.new_mid(channel)
        business_id, user_id = self.thread_ids(page.id, account.id, channel)  # lock-free reads
        with self.lock:
            message = Message(mid, "page",
                              self.clock.now_ms() if timestamp is None else timestamp,
                              text=text, attachment=attachment, channel=channel,
                              extra=dict(extra or {}), metadata=metadata, app_id=app_id)
            conversation = self.conversations.get((business_id, user_id)) or \
                self.conversation(business_id, user_id, channel, page.id)
            conversation.messages.append(message)
        if timestamp is None:
            if self.events.has_subscribers((business_id, user_id)):  # no open chat: no event
                self.events.publish((business_id, user_id), message.to_event())
            self.webhooks.page_message(page, account, channel, message)
        return message

    def subscribe_app(self, app_id: str, subscription: Subscription) -> None:
        """Save an app-level webhook subscription (after a successful handshake)."""
        with self.lock:
            self.apps[app_id].subscriptions[subscription.object] = subscription


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and c.isascii()).lower()
