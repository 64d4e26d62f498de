"""Reference app under the simulator's webhook sender: ack latency, messages/s, zero loss.

50 tester customers of the simulated Meta send 1,000 messages (20 each) through the control
API from 8 threads; the simulator's sender signs and POSTs them to the reference app, which
runs in its own process (``python -m reference_app``, as deployed) with its agent signed in
and Operating. Prints the webhook ack latency the sender measured
(p50/p95/max), the messages/s absorbed end to end (first send to last 200), and the loss:
rows in the app's SQLite ``messages`` table against the mids the simulator handed out.
Numbers are reported, not asserted (design.md: speed is measured here, never in tests).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

import simulator
from homologa import servers
from simulator.client import Control

CUSTOMERS = 50
MESSAGES = 1_000
SENDERS = 8
TIMEOUT_S = 300.0


def _start_desk(control: Control, world: dict[str, Any],
                database: Path) -> tuple[subprocess.Popen[str], str]:
    """``python -m reference_app`` on an ephemeral port, subscribed, its agent Operating."""
    env = {**os.environ, "HOMOLOGA_APP_SECRET": world["app"]["secret"],
           "HOMOLOGA_VERIFY_TOKEN": world["app"]["verify_token"],
           "HOMOLOGA_PAGE_TOKEN": world["page"]["access_token"],
           "HOMOLOGA_GRAPH_URL": control.base_url,
           "HOMOLOGA_GRAPH_VERSION": world["graph_version"], "HOMOLOGA_POSITIONS": "50"}
    process = subprocess.Popen([sys.executable, "-m", "reference_app", "--port", "0",
                                "--database", str(database)], stdout=subprocess.PIPE,
                               text=True, env=env)
    url = process.stdout.readline().split(" on ")[1].split("/interact_multiagent")[0]
    control.subscribe_webhook(f"{url}/webhook")
    with requests.Session() as agent:
        page = agent.get(f"{url}/interact_multiagent", timeout=10).text
        agent.headers["X-CSRFToken"] = re.search(r'name="csrf-token" content="([^"]+)"',
                                                 page)[1]
        agent.post(f"{url}/interact_multiagent/login", timeout=10,
                   data={"login": "agente", "password": "Aa123*"})
        agent.post(f"{url}/interact_multiagent/status", json={"status": "operating"},
                   timeout=10)
    return process, url


def _send_all(control_url: str, customers: list[dict[str, Any]]) -> list[str]:
    jobs = [(customers[i % CUSTOMERS]["id"], f"mensagem {i + 1} — ação nº {i + 1}")
            for i in range(MESSAGES)]

    def send(job: tuple[str, str]) -> str:
        with Control(control_url) as control:
            return control.customer_send(job[0], job[1])["mid"]

    with ThreadPoolExecutor(SENDERS) as pool:
        return list(pool.map(send, jobs))


def _wait_delivered(control: Control, mids: set[str]) -> list[dict[str, Any]]:
    """Every delivered webhook carrying one of ``mids``, once all of them arrived."""
    delivered: dict[int, dict[str, Any]] = {}
    seen: set[str] = set()

    def absorbed(entry: dict[str, Any]) -> bool:
        if entry.get("outcome") == "delivered" and entry.get("body"):
            body_mids = {event["message"]["mid"] for item in json.loads(entry["body"])["entry"]
                         for event in item.get("messaging", []) if "message" in event}
            if body_mids & mids:
                delivered[entry["seq"]] = entry
                seen.update(body_mids & mids)
        return seen >= mids

    control.wait_for_journal(absorbed, timeout=TIMEOUT_S, kind="webhook")
    return list(delivered.values())


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _count_stored(database: Path, mids: list[str]) -> tuple[int, int, list[str]]:
    """Rows in the app's SQLite file, read directly: messages, chats, mids not stored once."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        stored = db.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        chats = db.execute("SELECT COUNT(*) FROM chats").fetchone()[0]
        found = {row[0] for row in db.execute("SELECT mid FROM messages")}
    return stored, chats, [mid for mid in mids if mid not in found]


def main() -> None:
    sim_server = servers.start(simulator.create_app({"SEED": 6}))
    control = Control(sim_server.url)
    world = control.seed({"users": [{"role": "tester"} for _ in range(CUSTOMERS)],
                          "app": {"mode": "live"}})
    with tempfile.TemporaryDirectory(prefix="bench-desk-") as tmp:
        database = Path(tmp) / "desk.sqlite"
        process, _url = _start_desk(control, world, database)
        try:
            started = time.perf_counter()
            mids = _send_all(sim_server.url, world["test_accounts"])
            deliveries = _wait_delivered(control, set(mids))
            elapsed = time.perf_counter() - started
            stored, chats, missing = _count_stored(database, mids)
            _report(deliveries, elapsed, len(mids), stored, chats, missing)
        finally:
            process.terminate()
            process.wait(timeout=30)
            control.close()
            sim_server.stop()


def _report(deliveries: list[dict[str, Any]], elapsed: float, sent: int, stored: int,
            chats: int, missing: list[str]) -> None:
    latencies = [float(d["latency_ms"]) for d in deliveries]
    retries = sum(1 for d in deliveries if d.get("attempt", 1) > 1)
    batch = sent / len(deliveries)
    p50, p95 = _percentile(latencies, 50), _percentile(latencies, 95)
    rows = [
        ("messages sent (50 customers x 20)", f"{sent}"),
        ("webhook deliveries answered 200",
         f"{len(deliveries)} ({retries} retried, {batch:.1f} messages each)"),
        ("ack latency p50 / p95 / max", f"{p50:.1f} / {p95:.1f} / {max(latencies):.1f} ms"),
        ("messages absorbed per second", f"{sent / elapsed:.0f} msg/s ({elapsed:.2f} s)"),
        ("rows in SQLite messages / chats", f"{stored} / {chats}"),
        ("lost (sent mid not stored once)", f"{len(missing)}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    if missing or stored != sent:
        print(f"LOSS: {len(missing)} messages missing, e.g. {missing[:3]}")


if __name__ == "__main__":
    main()
