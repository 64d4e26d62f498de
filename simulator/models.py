"""The world's entities as plain dataclasses: apps, Pages, Instagram accounts, people, tokens,
messages and conversations. No behaviour beyond derived properties; `world.py` owns them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["INBOX_APP_ID", "PAGE_FIELDS", "PAGE_TOKEN_SCOPES", "App", "Conversation",
           "InstagramAccount", "Message", "Page", "Subscription", "TestAccount", "Token"]

PAGE_FIELDS = ("messages", "messaging_postbacks", "message_deliveries", "message_reads",
               "message_echoes", "message_reactions", "messaging_referrals",
               "messaging_handovers", "standby")
PAGE_TOKEN_SCOPES = ("pages_messaging", "pages_manage_metadata", "pages_show_list",
                     "pages_read_engagement", "instagram_basic", "instagram_manage_messages",
                     "public_profile")
INBOX_APP_ID = "263902037430900"  # Meta Business Suite / Page Inbox (meta-api.md section 9)


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
    mode: str = "development"  # "development" | "live"
    access: dict[str, str] = field(default_factory=dict)  # permission -> standard|advanced
    features: dict[str, bool] = field(default_factory=dict)
    require_appsecret_proof: bool = False
    profile_denied: str = "error"  # without BAUPA: "error" (100/33) or "empty" ({"id"} only)
    rate_limit: dict[str, Any] | None = None  # {"calls", "window_ms", "code"} when armed
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    # Facebook Login for Business (App Dashboard > Facebook Login > Settings / Configurations)
    redirect_uris: list[str] = field(default_factory=list)  # Valid OAuth Redirect URIs
    login_permissions: list[str] = field(default_factory=list)  # added to the app; [] = default
    login_configs: dict[str, list[str]] = field(default_factory=dict)  # config_id -> scopes
    login_scopes_requested: list[str] = field(default_factory=list)  # the dialog's last ask
    # App Dashboard > Settings > Basic, as App Review reads it (defaults that pass the review)
    icon_size: list[int] = field(default_factory=lambda: [1024, 1024])
    privacy_policy_url: str | None = "https://interact.example.com/privacy"
    data_deletion_url: str | None = "https://interact.example.com/privacy#data-deletion"
    data_deletion_callback_url: str | None = None
    category: str | None = "Business and pages"
    platforms: list[dict[str, str]] = field(default_factory=lambda: [
        {"type": "Website", "url": "https://interact.example.com/interact_multiagent"}])
    business_verified: bool = True

    @property
    def app_token(self) -> str:
        return f"{self.id}|{self.secret}"

    @property
    def callback_url(self) -> str | None:
        subscription = self.subscriptions.get("page")
        return subscription.callback_url if subscription else None


@dataclass
class InstagramAccount:
    """An Instagram professional account linked to a Page (ids start 17841)."""

    id: str
    username: str
    name: str
    page_id: str
    messages_access: bool = True  # "Allow access to messages" in the IG app


@dataclass
class Page:
    id: str
    name: str
    username: str
    category: str
    access_token: str
    app_id: str  # the app the Page token was issued through
    subscribed_apps: dict[str, list[str]] = field(default_factory=dict)
    instagram: InstagramAccount | None = None
    tasks: tuple[str, ...] = ("ANALYZE", "ADVERTISE", "MESSAGING", "MODERATE",
                              "CREATE_CONTENT", "MANAGE")
    published: bool = True  # an unpublished Page fails App Review (app-review.md §3 #20)


@dataclass
class TestAccount:
    id: str
    first_name: str
    last_name: str
    email: str
    password: str
    role: str | None  # "administrator" / "developer" / "tester", or None for the public
    psids: dict[str, str] = field(default_factory=dict)  # page id -> PSID
    igsids: dict[str, str] = field(default_factory=dict)  # IG account id -> IGSID
    instagram_username: str = ""
    blocked_pages: set[str] = field(default_factory=set)
    phone_only: bool = False  # registered with a phone number: no profile (2018218)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class Token:
    value: str
    kind: str  # "page" | "app" | "user"
    app_id: str
    page_id: str | None = None
    user_id: str | None = None
    scopes: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)
    issued_at: int = 0  # epoch seconds
    expires_at: int = 0  # 0: never
    invalid: str | None = None  # None, or "expired" | "password_changed" | "logged_out" | ...
    page_ids: list[str] | None = None  # Facebook Login: the Pages picked (None: every Page)


@dataclass
class Message:
    mid: str
    sender: str  # "customer" | "page"
    timestamp: int
    text: str | None = None
    attachment: dict[str, Any] | None = None
    channel: str = "messenger"
    extra: dict[str, Any] = field(default_factory=dict)  # quick_reply, reply_to, ...
    metadata: str | None = None
    app_id: str | None = None  # the app that sent a Page message

    def to_event(self) -> dict[str, Any]:
        """The SSE payload of docs/contracts.md."""
        event: dict[str, Any] = {"mid": self.mid, "text": self.text, "from": self.sender,
                                 "timestamp": self.timestamp}
        if self.attachment is not None:
            event["attachment"] = self.attachment
        if "quick_replies" in self.extra:
            event["quick_replies"] = self.extra["quick_replies"]
        return event


@dataclass
class Conversation:
    """One thread between a business (Page or IG account) and a user-scoped id."""

    business_id: str
    user_id: str  # PSID or IGSID
    channel: str = "messenger"
    page_id: str = ""
    messages: list[Message] = field(default_factory=list)
    last_customer_ms: int | None = None
    thread_owner: str | None = None  # app id owning the thread (handover); None: the Page's app
