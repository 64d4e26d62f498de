"""Meta's webhook sender: who gets which event, batching, signing, delivery, retries, disabling.

Events are queued by the world (`customer_message`, `page_message`, ...) and never make the
customer's request wait. One loop batches what is pending per (app, object, field) into one
POST of exact bytes, applies armed webhook faults, and posts with the ack deadline. Failures
retry on the world clock (`next_retry_ms`); a (app, Page) failing for 15 minutes gets a developer
alert, for 1 hour the app is unsubscribed from the Page. Every attempt, refusal, drop and
alert is journaled, and so is an unexpected error of the sender itself (`outcome` failed or
dropped, `reason` naming the exception): the loop keeps running and keeps what is queued.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import requests

from simulator import envelopes, policy
from simulator.envelopes import PendingEvent
from simulator.handshake import USER_AGENT
from simulator.journal import not_sent_webhook

if TYPE_CHECKING:
    from simulator.models import Message, Page, TestAccount
    from simulator.world import World

__all__ = ["ALERT_AFTER_MS", "MAX_BATCH", "RETRY_GRID_MS", "SENDER_ERROR", "UNSUBSCRIBE_AFTER_MS",
           "Delivery", "WebhookSender"]

# Retry schedule (meta-api.md 2.5 says "immediately, a few more times"; the rest is ours):
# the first failure at t, attempts 2 and 3 right away, then t+1 min, t+5 min and every
# 5 minutes after (t+10, t+15, ... t+60), all counted from the delivery's first failure. An
# attempt made late (the clock jumped) continues at the next point of that grid.
IMMEDIATE_RETRIES = 2
RETRY_GRID_MS = (60_000, 300_000)
RETRY_EVERY_MS = 300_000
ALERT_AFTER_MS = 15 * 60_000
UNSUBSCRIBE_AFTER_MS = 60 * 60_000
MAX_BATCH = 1000
ERROR_PAUSE_S = 1.0  # after an unexpected error, the sender tries again on a kick or after this
SENDER_ERROR = "simulator error while delivering"  # how every journaled error of the sender starts


@dataclass
class Delivery:
    """One POST to an app's callback: exact bytes, headers, and what the journal needs."""

    id: int
    app_id: str
    url: str
    events: list[PendingEvent]
    body: bytes
    headers: dict[str, str]
    generation: int
    due_ms: int = 0
    attempt: int = 1
    first_failed_ms: int | None = None
    fault: str | None = None  # the webhook fault action applied to this attempt

    @property
    def fields(self) -> list[str]:
        return sorted({e.field for e in self.events})

    @property
    def page_ids(self) -> list[str]:
        return list(dict.fromkeys(e.entry_id for e in self.events))


@dataclass
class _State:
    pending: list[PendingEvent] = field(default_factory=list)
    scheduled: list[Delivery] = field(default_factory=list)
    held: Delivery | None = None  # a reordered delivery, sent after the next one
    failing_since: dict[tuple[str, str], int] = field(default_factory=dict)
    alerted: set[tuple[str, str]] = field(default_factory=set)
    first_pending_ms: int | None = None
    deliveries: int = 0


class WebhookSender:
    """Queue + one daemon loop; `world.clock` wakes it when time is moved."""

    def __init__(self, world: World) -> None:
        self._world = world
        self._wake = threading.Condition()
        self._state = _State()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._http = requests.Session()
        world.clock.on_change(self.kick)

    @property
    def timeout(self) -> float:
        return float(self._world.settings.get("WEBHOOK_TIMEOUT", 5.0))

    @property
    def batch_ms(self) -> int:
        return int(self._world.settings.get("WEBHOOK_BATCH_MS", 0))

    def reset(self) -> None:
        with self._wake:
            self._state = _State()
            self._wake.notify_all()

    def kick(self) -> None:
        with self._wake:
            self._wake.notify_all()

    def is_idle(self) -> bool:
        """Nothing pending, scheduled or held (retries in the future count as work)."""
        with self._wake:
            s = self._state
            return not (s.pending or s.scheduled or s.held)

    def failing_since(self) -> dict[str, int]:
        with self._wake:
            return {f"{a}:{p}": t for (a, p), t in self._state.failing_since.items()}

    # --- events in --------------------------------------------------------------------------
    # Events are built by a zero-argument function `_notify` calls only when some app is to
    # get them: on a world where no app subscribed (or every app is refused) the envelope is
    # never built. Messages are immutable once stored, so building later reads the same data.
    def customer_message(self, page: Page, account: TestAccount, channel: str,
                         message: Message) -> None:
        business, user = _ids(page, account, channel)
        self._notify(page, account, channel, business, user, (
            ("message", lambda: envelopes.message_event(user, business, message), message.mid),))

    def customer_event(self, page: Page, account: TestAccount, channel: str, key: str,
                       payload: dict[str, Any], timestamp: int) -> None:
        business, user = _ids(page, account, channel)
        self._notify(page, account, channel, business, user, (
            (key, lambda: envelopes.plain_event(user, business, timestamp, key, payload),
             payload.get("mid")),))

    def page_message(self, page: Page, account: TestAccount, channel: str,
                     message: Message) -> None:
        """The echo (Messenger `message_echoes`, IG inside `messages`) and, on Messenger, the
        delivery receipt once the customer's Messenger has the message: one happening, routed
        once (the apps and their standby), each event then given or refused by policy."""
        business, user = _ids(page, account, channel)
        mid = message.mid
        echo = ("echo", lambda: envelopes.message_event(business, user, message, echo=True), mid)
        if channel != "messenger":
            self._notify(page, account, channel, business, user, (echo,))
            return
        self._notify(page, account, channel, business, user, (echo, (
            "delivery", lambda: envelopes.plain_event(user, business, message.timestamp,
                                                      "delivery", {"mids": [mid],
                                                                   "watermark": message.timestamp}),
            mid)))

    def handover_event(self, page: Page, account: TestAccount, channel: str, key: str,
                       payload: dict[str, Any]) -> None:
        business, user = _ids(page, account, channel)
        now = self._world.clock.now_ms()  # the event's time is when it happened, not when built
        self._notify(page, account, channel, business, user, (
            (key, lambda: envelopes.plain_event(user, business, now, key, payload), None),),
            handover=True)

    def _notify(self, page: Page, account: TestAccount, channel: str, business: str, user: str,
                events: tuple[tuple[str, Callable[[], dict[str, Any]], str | None], ...],
                handover: bool = False) -> None:
        """Route `events` (kind, build, mid) of one happening in order: each app the Page
        subscribed gets each event unless `policy.webhook_refusal` says why not. Refusals are
        journaled together, as flat rows, once routing is done; an event is built only for an
        app that gets it."""
        world = self._world
        generation = world.generation  # routing only reads the world: no lock on the hot path
        apps = world.apps
        object_name = envelopes.object_of(channel)
        targets = []  # (app, standby, callback URL for the journal): the same for every event
        for app_id in [a for a in tuple(page.subscribed_apps) if a in apps] or [page.app_id]:
            app = apps.get(app_id)
            if app is None:
                continue  # the world was reset meanwhile
            subscription = app.subscriptions.get(object_name)
            targets.append((app, not handover and policy.is_standby(world, app, page, account,
                                                                       channel),
                            subscription and subscription.callback_url))
        refused = []
        queued = False
        for kind, build_event, mid in events:
            field_name = envelopes.field_of(channel, kind)
            event = None
            for app, standby, url in targets:
                wanted = "standby" if standby else field_name
                refusal = policy.webhook_refusal(world, app, page, account, channel, wanted)
                if refusal is not None:
                    refused.append(not_sent_webhook(url, wanted, refusal, mid, user, app.id,
                                                    business))
                    continue
                if event is None:
                    event = build_event()  # one dict shared by every app's batch, as before
                pending = PendingEvent(app.id, object_name, business, event, wanted, mid, user,
                                       standby)
                with self._wake:
                    if world.generation != generation:
                        return  # the world was reset meanwhile: these events belong to the old one
                    if not self._state.pending:
                        self._state.first_pending_ms = world.clock.now_ms()
                    self._state.pending.append(pending)
                    self._wake.notify_all()
                queued = True
        if refused:
            world.journal.record_webhooks(refused)
        if queued:
            self._ensure_running()

    # --- the loop ---------------------------------------------------------------------------
    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout + 5)
            self._thread = None
        self._stopping = False
        self._http.close()

    def _ensure_running(self) -> None:
        with self._wake:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="webhook-sender",
                                                daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._wake:
                work = self._wait_for_work()
            if work is None:
                return
            try:
                self._run(work)
            except Exception as exc:  # noqa: BLE001 - journaled; the sender must keep running
                self._world.journal.record_webhook(
                    url=work.url, event=",".join(work.fields), outcome="dropped", attempt=work.attempt,
                    reason=f"{SENDER_ERROR}: {_describe(exc)}",
                    app_id=work.app_id, page_ids=work.page_ids, delivery=work.id,
                    mids=[e.mid for e in work.events if e.mid])

    def _wait_for_work(self) -> Delivery | None:
        """Called under `_wake`: the next due delivery, or None once stopping.

        An error while choosing is journaled (once while it repeats) and tried again on the
        next kick or after ERROR_PAUSE_S; what was pending stays queued, nothing is lost.
        """
        last_error = None
        while not self._stopping:
            try:
                work = self._next_work()
                if work is not None:
                    return work
                timeout = self._wait_seconds()
            except Exception as exc:  # noqa: BLE001 - journaled; the sender must keep running
                if _describe(exc) != last_error:
                    last_error = _describe(exc)
                    self._world.journal.record_webhook(
                        outcome="failed", reason=f"{SENDER_ERROR} (choosing the next delivery):"
                        f" {last_error}; pending events stay queued")
                timeout = ERROR_PAUSE_S
            self._wake.wait(timeout)
        return None

    def _next_work(self) -> Delivery | None:
        """Called under `_wake`: a due retry/delayed delivery first, else a new batch."""
        state, now = self._state, self._world.clock.now_ms()
        due = [d for d in state.scheduled if d.due_ms <= now]
        if due:
            delivery = min(due, key=lambda d: (d.due_ms, d.id))
            state.scheduled.remove(delivery)
            return delivery
        while state.pending and now - (state.first_pending_ms or now) >= self.batch_ms:
            delivery = self._batch(now)
            if delivery is not None:
                return delivery
        return None

    def _wait_seconds(self) -> float | None:
        """Real seconds until the next due work if the clock runs; None (wait for a kick)."""
        state, clock = self._state, self._world.clock
        dues = [d.due_ms for d in state.scheduled]
        if state.pending:
            dues.append((state.first_pending_ms or 0) + self.batch_ms)
        if not dues or clock.is_frozen:
            return None
        return max(0.0, (min(dues) - clock.now_ms()) / 1000)

    def _batch(self, now: int) -> Delivery | None:
        """Take the next batch off `pending`; a batch that cannot be built is journaled as
        dropped (so it cannot block the queue) and None is returned."""
        state = self._state
        first = state.pending[0]
        key = (first.app_id, first.object, first.field)  # one field per POST, many events/Pages
        limit = int(self._world.settings.get("WEBHOOK_MAX_BATCH", MAX_BATCH))
        # One pass that stops at the batch limit: the first `limit` events of this key go, the
        # others stay in order. (Two full scans per POST made a backlog quadratic: with one
        # event per POST and thousands pending, most of the sender's time went to scanning.)
        group: list[PendingEvent] = []
        rest: list[PendingEvent] = []
        for i, event in enumerate(state.pending):
            if (event.app_id, event.object, event.field) != key:
                rest.append(event)
                continue
            group.append(event)
            if len(group) >= limit:
                rest.extend(state.pending[i + 1:])
                break
        state.pending = rest
        state.first_pending_ms = now if state.pending else None
        state.deliveries += 1
        try:
            return self._delivery_of(state.deliveries, group, now)
        except Exception as exc:  # noqa: BLE001 - journaled; the other events still go
            self._world.journal.record_webhook(
                event=first.field, outcome="dropped", attempt=0, app_id=first.app_id,
                reason=f"{SENDER_ERROR} (building the POST): {_describe(exc)}",
                mids=[e.mid for e in group if e.mid], psids=list(dict.fromkeys(
                    e.user_id for e in group)), page_ids=list(dict.fromkeys(
                        e.entry_id for e in group)), delivery=state.deliveries)
            return None

    def _delivery_of(self, delivery_id: int, group: list[PendingEvent], now: int) -> Delivery:
        """The exact bytes and signed headers of one POST for `group` (one app, object, field)."""
        first = group[0]
        app = self._world.apps.get(first.app_id)  # None when the world is being reset
        subscription = app.subscriptions.get(first.object) if app is not None else None
        body = envelopes.serialize(envelopes.batch_envelope(group))
        secret = app.secret if app is not None else ""
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
                   **envelopes.signature_headers(secret, body)}
        return Delivery(delivery_id, first.app_id,
                        subscription.callback_url if subscription else "",
                        group, body, headers, self._world.generation, due_ms=now)

    def _run(self, delivery: Delivery) -> None:
        from simulator import webhook_attempts

        webhook_attempts.run(self, delivery)

    # --- used by webhook_attempts -------------------------------------------------------------
    def schedule(self, delivery: Delivery) -> None:
        with self._wake:
            self._state.scheduled.append(delivery)
            self._wake.notify_all()

    def hold(self, delivery: Delivery) -> Delivery | None:
        """Hold `delivery` back (reorder); returns a delivery held earlier, now to be sent."""
        with self._wake:
            previous, self._state.held = self._state.held, delivery
            return previous

    def release_held(self) -> Delivery | None:
        with self._wake:
            held, self._state.held = self._state.held, None
            return held

    def mark_failure(self, delivery: Delivery, now: int) -> list[tuple[str, int]]:
        """Remember when each (app, Page) started failing; returns (page id, since) pairs."""
        with self._wake:
            out = []
            for page_id in delivery.page_ids:
                since = self._state.failing_since.setdefault((delivery.app_id, page_id), now)
                out.append((page_id, since))
            return out

    def mark_success(self, delivery: Delivery) -> None:
        with self._wake:
            for page_id in delivery.page_ids:
                self._state.failing_since.pop((delivery.app_id, page_id), None)
                self._state.alerted.discard((delivery.app_id, page_id))

    def needs_alert(self, app_id: str, page_id: str) -> bool:
        with self._wake:
            key = (app_id, page_id)
            if key in self._state.alerted:
                return False
            self._state.alerted.add(key)
            return True

    def drop_for(self, app_id: str, page_id: str) -> list[Delivery]:
        """Forget scheduled retries of (app, Page) after an unsubscription; returns them."""
        with self._wake:
            gone = [d for d in self._state.scheduled
                    if d.app_id == app_id and page_id in d.page_ids]
            self._state.scheduled = [d for d in self._state.scheduled if d not in gone]
            self._state.failing_since.pop((app_id, page_id), None)
            self._state.alerted.discard((app_id, page_id))
            return gone

    def post(self, delivery: Delivery) -> requests.Response:
        return self._http.post(delivery.url, data=delivery.body, headers=delivery.headers,
                               timeout=self.timeout, allow_redirects=False)

    def retry_of(self, delivery: Delivery, now: int) -> Delivery:
        first = delivery.first_failed_ms if delivery.first_failed_ms is not None else now
        return replace(delivery, attempt=delivery.attempt + 1, first_failed_ms=first,
                       due_ms=next_retry_ms(delivery.attempt, first, now), fault=None)

    @property
    def world(self) -> World:
        return self._world


def _ids(page: Page, account: TestAccount, channel: str) -> tuple[str, str]:
    if channel == "instagram" and page.instagram is not None:
        return page.instagram.id, account.igsids[page.instagram.id]
    return page.id, account.psids[page.id]


def _describe(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}"


def next_retry_ms(attempts_made: int, first_failed_ms: int, now: int) -> int:
    """When the next attempt is due on the world clock (see RETRY_GRID_MS)."""
    if attempts_made <= IMMEDIATE_RETRIES:
        return now
    elapsed = now - first_failed_ms
    for offset in RETRY_GRID_MS:
        if offset > elapsed:
            return first_failed_ms + offset
    return first_failed_ms + (elapsed // RETRY_EVERY_MS + 1) * RETRY_EVERY_MS
