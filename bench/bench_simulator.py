"""Simulator throughput next to a bare Flask endpoint on the same waitress server, with wrk.

Prints one table: Send API requests/s, the same after 10,000 journaled messages, and signed
webhook deliveries/s (customer messages driven by wrk, events counted by a bare receiver),
each beside a bare Flask POST endpoint measured in the same run, plus the ratio; then the
process RSS after 10,000 messages. Targets are reported, not asserted.

Fairness: both sides are served by the same waitress server (same threads, same process), get
the same JSON body and a request line of the same length (the bare URL carries a dummy query
string as long as the Send API's `?access_token=...`), and are measured in ROUNDS alternating
pairs (bare first, then simulator first, ...) so that load from other processes drifting during
the run hits both sides alike; each side's median is reported with the load average.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, request
from werkzeug.middleware.dispatcher import DispatcherMiddleware

import simulator
from homologa import servers
from simulator.world import World

DURATION_S = 4
# Alternating bare/simulator pairs per measure; medians are reported. Five, not three: on a
# shared 2-core machine one round disturbed by other work moved a 3-round median by points.
ROUNDS = 5
PAIRED: dict[str, float] = {}  # measure -> median of the per-round ratios (adjacent in time)
CONNECTIONS = 8
THREADS = 2
PREFILL = 10_000
PREFILL_TEXT = "Olá, ação! " * 180  # 1,980 characters, about 2.3 KB in UTF-8 (under 3 KB)
SENDER_EVENTS = 2000
TARGETS = {"Send API": 0.80, "Send API after 10,000 messages": 0.90 * 0.80,
           "Signed webhook deliveries (1 event/POST)": 0.90,
           "Customer messages -> webhook events": 0.0}


def bare_app() -> Flask:
    """The baseline: Flask parsing a JSON POST and answering a small JSON object."""
    app = Flask("bare")

    @app.post("/messages")
    def messages() -> dict[str, str]:
        body = request.get_json()
        return {"recipient_id": str(body["recipient"]["id"]), "message_id": "m_bare"}

    return app


class CountingReceiver:
    """A bare webhook endpoint (Flask on waitress) counting the events it is POSTed."""

    def __init__(self) -> None:
        self.events = 0
        self.posts = 0
        self._changed = threading.Condition()
        app = Flask("receiver")

        @app.post("/webhook")
        def webhook() -> str:
            entries = json.loads(request.get_data())["entry"]
            with self._changed:
                self.events += len(entries)
                self.posts += 1
                self._changed.notify_all()
            return "EVENT_RECEIVED"

        @app.get("/webhook")
        def handshake() -> str:
            return request.args["hub.challenge"]

        self.server = servers.start(app, threads=8)
        self.url = f"{self.server.url}/webhook"

    def wait_for(self, events: int, timeout: float = 120.0) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.events >= events, timeout)


def wrk(url: str, body: dict[str, Any], duration: int = DURATION_S) -> float:
    """Requests/s of wrk POSTing `body` as JSON (the Lua script lives in a temp file)."""
    script = ('wrk.method = "POST"\n'
              f"wrk.body = {json.dumps(json.dumps(body))}\n"
              'wrk.headers["Content-Type"] = "application/json"\n')
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    try:
        out = subprocess.run(["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s",
                              "-s", lua.name, url], capture_output=True, text=True, check=True)
    finally:
        Path(lua.name).unlink()
    if "Non-2xx" in out.stdout:
        raise RuntimeError(f"wrk saw errors against {url}:\n{out.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out.stdout).group(1))


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def prefill(app: Flask, world: World, token: str, psid: str) -> None:
    """10,000 Send API messages through the real path (test client), each journaled."""
    client = app.test_client()
    for _ in range(PREFILL):
        reply = client.post("/v25.0/me/messages", query_string={"access_token": token},
                            json={"recipient": {"id": psid}, "message": {"text": PREFILL_TEXT}})
        assert reply.status_code == 200, reply.json
    assert len(world.journal) >= PREFILL


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(rows: list[tuple[str, float, float]], name: str, bare: Callable[[], float],
            measured: Callable[[], float]) -> None:
    """ROUNDS pairs, alternating which side goes first; the medians of each side."""
    bases, values = [], []
    for i in range(ROUNDS):
        pair = (bare, measured) if i % 2 == 0 else (measured, bare)
        results = [run() for run in pair]
        base, value = results if i % 2 == 0 else results[::-1]
        bases.append(base)
        values.append(value)
        print(f"  {name} round {i + 1}: {value:,.0f}/s (bare {base:,.0f}/s, "
              f"{value / base:.0%}); load average {load_average()}", flush=True)
    base, value = statistics.median(bases), statistics.median(values)
    PAIRED[name] = statistics.median(v / b for v, b in zip(values, bases, strict=True))
    rows.append((name, value, base))
    print(f"  measured {name}: median {value:,.0f}/s (bare {base:,.0f}/s)", flush=True)


def main() -> None:
    app = simulator.create_app({"SEED": 2026, "FETCH_ATTACHMENTS": False})
    world: World = app.extensions["homologa.world"]
    server = servers.start(DispatcherMiddleware(app, {"/bare": bare_app()}), threads=16)
    receiver = CountingReceiver()
    rows: list[tuple[str, float, float]] = []
    try:
        state = world.describe()
        token = state["page"]["access_token"]
        tester = next(a for a in state["test_accounts"] if a["role"] == "tester")
        send_url = f"{server.url}/v25.0/me/messages?access_token={token}"
        body = {"recipient": {"id": tester["psid"]}, "messaging_type": "RESPONSE",
                "message": {"text": "Olá! Em que posso ajudar?"}}
        # the same request-line length as send_url: a dummy query string as long as the token's
        bare_url = f"{server.url}/bare/messages?access_token={'x' * len(token)}"

        def bare() -> float:
            return wrk(bare_url, body)

        app.test_client().post(f"/_sim/customers/{tester['id']}/messages", json={"text": "Oi"})
        wrk(send_url, body, duration=1)  # warm-up: connections, imports, caches
        wrk(bare_url, body, duration=1)
        measure(rows, "Send API", bare, lambda: wrk(send_url, body))

        world.reset()
        app.test_client().post(f"/_sim/customers/{tester['id']}/messages", json={"text": "Oi"})
        prefill(app, world, token, tester["psid"])
        measure(rows, "Send API after 10,000 messages", bare, lambda: wrk(send_url, body))
        rss_after = rss_mb()

        rows.append(("Signed webhook deliveries (1 event/POST)",
                     *sender_rate(app, world, receiver, tester)))
        world.reset()
        rows.append(("Customer messages -> webhook events",
                     *webhook_rate(app, world, server.url, receiver, tester, bare)))
    finally:
        world.shutdown()
        receiver.server.stop()
        server.stop()
    print_table(rows, rss_after)


def subscribe(app: Flask, world: World, receiver: CountingReceiver) -> None:
    state = world.describe()
    reply = app.test_client().post(f"/v25.0/{state['app']['id']}/subscriptions", data={
        "object": "page", "callback_url": receiver.url, "verify_token": "bench",
        "fields": "messages", "access_token": state["app"]["app_token"]})
    assert reply.status_code == 200, reply.json


def sender_rate(app: Flask, world: World, receiver: CountingReceiver,
                tester: dict) -> tuple[float, float]:
    """The sender loop (sign, POST, journal; one event per POST) against a bare requests loop
    POSTing the very same bytes and headers to the same receiver; medians of ROUNDS pairs."""
    simulated, bare = [], []
    for i in range(ROUNDS):
        world.reset()
        value, base = sender_round(app, world, receiver, tester)
        simulated.append(value)
        bare.append(base)
        print(f"  sender round {i + 1}: {SENDER_EVENTS:,} signed POSTs at {value:,.0f}/s; the "
              f"same bytes from a bare requests loop at {base:,.0f}/s ({value / base:.0%}); "
              f"load average {load_average()}", flush=True)
    PAIRED["Signed webhook deliveries (1 event/POST)"] = statistics.median(
        v / b for v, b in zip(simulated, bare, strict=True))
    return statistics.median(simulated), statistics.median(bare)


def sender_round(app: Flask, world: World, receiver: CountingReceiver,
                 tester: dict) -> tuple[float, float]:
    import requests

    from simulator import customers
    from simulator.envelopes import signature_headers

    world.settings["WEBHOOK_MAX_BATCH"] = 1
    subscribe(app, world, receiver)
    before, started = receiver.events, time.monotonic()
    for i in range(SENDER_EVENTS):
        customers.send_text(world, world.page.id, tester["id"], f"Olá, ação! {i}")
    receiver.wait_for(before + SENDER_EVENTS)
    simulated = SENDER_EVENTS / (time.monotonic() - started)
    deliveries = [e for e in world.journal.entries("webhook") if e["outcome"] == "delivered"]
    secret = world.app.secret
    with requests.Session() as http:
        started = time.monotonic()
        for entry in deliveries:
            body = entry["body"].encode()
            http.post(receiver.url, data=body, timeout=10,
                      headers={"Content-Type": "application/json", **signature_headers(secret,
                                                                                         body)})
        bare = len(deliveries) / (time.monotonic() - started)
    return simulated, bare


def webhook_rate(app: Flask, world: World, base_url: str, receiver: CountingReceiver,
                 tester: dict, bare: Callable[[], float]) -> tuple[float, float]:
    """Customer messages driven by wrk; signed events/s counted at the receiver until drained."""
    subscribe(app, world, receiver)
    base = bare()
    before, posts_before = receiver.events, receiver.posts
    started = time.monotonic()
    sent = wrk(f"{base_url}/_sim/customers/{tester['id']}/messages", {"text": "Olá, ação!"})
    expected = before + round(sent * DURATION_S * 0.98)
    receiver.wait_for(expected)
    elapsed = time.monotonic() - started
    world.webhooks.kick()
    delivered = receiver.events - before
    print(f"  webhooks: {delivered:,} events in {receiver.posts - posts_before:,} signed POSTs over "
          f"{elapsed:.1f} s (customer messages accepted {sent:,.0f}/s)", flush=True)
    return delivered / elapsed, base


def print_table(rows: list[tuple[str, float, float]], rss_after: float) -> None:
    print()
    print(f"{'measure':<42}{'simulator/s':>13}{'bare Flask/s':>14}{'ratio':>8}{'paired':>8}"
          f"{'target':>8}")
    for name, value, base in rows:
        ratio = value / base if base else 0.0
        paired = f"{PAIRED[name]:.0%}" if name in PAIRED else "-"
        target = f"{TARGETS[name]:.0%}" if TARGETS[name] else "-"
        print(f"{name:<42}{value:>13,.0f}{base:>14,.0f}{ratio:>8.0%}{paired:>8}{target:>8}")
    fresh = next(v for n, v, _ in rows if n == "Send API")
    after = next(v for n, v, _ in rows if n == "Send API after 10,000 messages")
    print(f"\nSend API after {PREFILL:,} journaled messages / fresh: {after / fresh:.0%} "
          "(target 90%)")
    print(f"RSS after {PREFILL:,} messages of {len(PREFILL_TEXT)} characters: "
          f"{rss_after:,.0f} MB")
    print("ratio: of the medians; paired: median of the per-round ratios")
    print(f"wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION_S}s, medians of {ROUNDS} alternating "
          f"rounds; waitress 16 threads; load average {load_average()}; targets are reported, "
          "not asserted")


if __name__ == "__main__":
    main()
