"""One webhook delivery attempt: faults, the POST with the ack deadline, the journal, and what a
failure leads to (retry, 15-minute alert, 1-hour unsubscription)."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

import requests

from simulator.webhooks import ALERT_AFTER_MS, UNSUBSCRIBE_AFTER_MS, Delivery, WebhookSender

if TYPE_CHECKING:
    from simulator.faults import Fault

__all__ = ["run"]


def run(sender: WebhookSender, delivery: Delivery) -> None:
    """Deliver (or fault) one delivery; a delivery held for reordering follows the next one."""
    world = sender.world
    if delivery.generation != world.generation:
        return  # queued before a reset: that world is gone, its journal too
    if not _still_subscribed(sender, delivery):
        _journal(sender, delivery, None, "dropped", "the app was unsubscribed from the Page", 0.0)
        return
    fault = None if delivery.fault else world.faults.take_webhook(delivery.fields)
    if fault is not None and _divert(sender, delivery, fault):
        return
    _attempt(sender, delivery, fault)
    if fault is not None and fault.action == "duplicate":
        _attempt(sender, replace(delivery, fault="duplicate"), fault)
    held = sender.release_held() if delivery.fault != "reordered" else None
    if held is not None:
        _attempt(sender, replace(held, fault="reordered"), None)


def _divert(sender: WebhookSender, delivery: Delivery, fault: Fault) -> bool:
    """Drop, delay or hold back; True when the delivery is not to be posted now."""
    now = sender.world.clock.now_ms()
    if fault.action == "drop":
        _journal(sender, delivery, None, "dropped", f"{fault.id}: drop (armed fault)", 0.0)
        return True
    if fault.action == "delay":
        sender.schedule(replace(delivery, due_ms=now + fault.delay_ms, fault="delayed"))
        return True
    if fault.action == "reorder":
        earlier = sender.hold(replace(delivery, fault="reordered"))
        if earlier is not None:
            _attempt(sender, earlier, None)
        return True
    return False


def _attempt(sender: WebhookSender, delivery: Delivery, fault: Fault | None) -> None:
    started = time.monotonic()
    status, reason = None, None
    try:
        reply = sender.post(delivery)
        status = reply.status_code
        if status != 200:
            reason = f"HTTP {status} (Meta needs 200 OK)"
    except requests.Timeout:
        reason = f"no answer within the {sender.timeout:g} s ack deadline"
    except requests.RequestException as exc:
        reason = f"connection failed: {exc.__class__.__name__}: {exc}"
    latency_ms = round((time.monotonic() - started) * 1000, 1)
    if delivery.generation != sender.world.generation:
        return  # the world was reset while this POST was in flight: not this world's journal
    if fault is not None and fault.action == "timeout" and reason is None:
        reason = (f"no answer within the {sender.timeout:g} s ack deadline "
                  f"({fault.id}: timeout, armed fault)")
    if reason is None and delivery.fault in ("duplicate", "reordered", "delayed"):
        reason = f"{delivery.fault} by an armed fault"
    outcome = "delivered" if status == 200 and "ack deadline" not in (reason or "") else "failed"
    _journal(sender, delivery, status, outcome, reason, latency_ms)
    if outcome == "delivered":
        sender.mark_success(delivery)
    elif delivery.fault != "duplicate":
        _after_failure(sender, delivery)


def _after_failure(sender: WebhookSender, delivery: Delivery) -> None:
    world = sender.world
    now = world.clock.now_ms()
    unsubscribe = []
    for page_id, since in sender.mark_failure(delivery, now):
        failing_for = now - since
        if failing_for >= ALERT_AFTER_MS and sender.needs_alert(delivery.app_id, page_id):
            world.journal.record_alert(
                alert="webhook_failing", app_id=delivery.app_id, page_id=page_id,
                failing_since=since,
                reason="Webhook deliveries to your callback have been failing for 15 minutes")
        if failing_for >= UNSUBSCRIBE_AFTER_MS:
            unsubscribe.append(page_id)
    for page_id in unsubscribe:
        _unsubscribe(sender, delivery.app_id, page_id)
    if len(unsubscribe) < len(delivery.page_ids):
        sender.schedule(sender.retry_of(delivery, now))


def _unsubscribe(sender: WebhookSender, app_id: str, page_id: str) -> None:
    """Meta's "Webhooks Disabled": the app leaves the Page's subscribed_apps."""
    world = sender.world
    with world.lock:
        page = world.pages.get(page_id) or world.page_of_instagram(page_id)
        if page is not None:
            page.subscribed_apps.pop(app_id, None)
    sender.drop_for(app_id, page_id)
    world.journal.record_alert(
        alert="webhooks_disabled", app_id=app_id, page_id=page_id,
        reason="Webhooks Disabled: deliveries failed for 1 hour; the app was unsubscribed from "
               "the Page and must POST /{page-id}/subscribed_apps again")


def _still_subscribed(sender: WebhookSender, delivery: Delivery) -> bool:
    world = sender.world
    with world.lock:
        for page_id in delivery.page_ids:
            page = world.pages.get(page_id) or world.page_of_instagram(page_id)
            if page is None or delivery.app_id not in page.subscribed_apps:
                return False
    return True


def _journal(sender: WebhookSender, delivery: Delivery, status: int | None, outcome: str,
             reason: str | None, latency_ms: float) -> None:
    users = list(dict.fromkeys(e.user_id for e in delivery.events))
    mids = [e.mid for e in delivery.events if e.mid]
    sender.world.journal.record_webhook(
        url=delivery.url, event=",".join(delivery.fields), status=status, outcome=outcome,
        reason=reason, latency_ms=latency_ms, attempt=delivery.attempt,
        body=delivery.body.decode("ascii"), mid=mids[0] if mids else None, mids=mids,
        psid=users[0] if len(users) == 1 else None, psids=users, app_id=delivery.app_id,
        page_ids=delivery.page_ids, delivery=delivery.id)
