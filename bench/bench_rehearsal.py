"""The rehearsal's cost: wall time with evidence on and off, per scenario, against bare pages.

Prints four tables (no assertions):
1. the full rehearsal (`pytest features/`) with evidence on and off, and per scenario (JUnit);
2. evidence overhead (target <= +25 %);
3. the baseline: the pages_messaging journey's WebDriver steps on bare pages (one page per
   step, the same fields, clicks, waits and checks, no app behind them) against the same
   scenario in the rehearsal with evidence off (target <= 1.3x). Fair on both sides: both
   reuse two running browsers and reset them per journey (the reset is timed on both), both
   went through the journey once before (warm servers, templates and browser caches), and
   they alternate, three rounds, medians, so the machine's load hits both alike;
4. peak memory of the rehearsal: pytest's process tree (the servers run in it; the browsers and
   chromedrivers are its children), sampled every 0.1 s (target <= 800 MB). The RSS sum counts
   the pages Chromium's processes share once per process; PSS shares them out, so its sum is
   what the tree really holds.

`python -m bench.bench_rehearsal --memory` runs only the rehearsal with evidence on (~2 min) and
prints its peak with the PSS of each kind of process at that moment (pytest's python, each
Chromium process type, chromedriver, ffmpeg) and how many ffmpeg encoders ran at once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from xml.etree import ElementTree

from selenium.webdriver.support.wait import WebDriverWait

from homologa import browsers

ROOT = Path(__file__).resolve().parent.parent
JOURNEY = "test_the_reviewer_sends_a_messenger_message_to_the_page_and_it_arrives_as_a_new_chat"
# A first scenario starts the browsers and the servers and goes through the journey's pages
# once, so the journey's time is the journey's, as in a full run (where earlier scenarios did
# that) and as on the bare side (which runs its journey once before the rounds): the same
# journey with the customer's name checked, in a feature file that runs before the journey's.
WARM_UP = "test_the_new_chat_shows_the_name_of_the_facebook_user_who_sent_the_message"
EVIDENCE_OFF = ("--no-video", "--no-screenshots", "--no-pack")
ROUNDS = 3


def main() -> None:
    if "--memory" in sys.argv[1:]:
        return memory()
    runs = {}
    with tempfile.TemporaryDirectory(prefix="bench-rehearsal-") as reports:
        for label, options in (("evidence on", ()), ("evidence off", EVIDENCE_OFF)):
            runs[label] = _rehearse(Path(reports) / label.replace(" ", "-"), options)
        baseline, journey = _journey_side_by_side(Path(reports) / "journey")
    _print_runs(runs)
    print(f"\nBaseline: pages_messaging journey, same WebDriver steps on bare pages "
          f"(alternating, median of {ROUNDS})")
    print(f"{'':<34}{'seconds':>10}")
    print(f"{'bare pages':<34}{baseline:>10.2f}")
    if journey:
        print(f"{'rehearsal, evidence off':<34}{journey:>10.2f}")
        print(f"{'ratio (target <= 1.3x)':<34}{journey / baseline:>9.2f}x")
    print("\nPeak memory of the rehearsal (pytest + servers + browsers + chromedrivers), MB")
    print(f"{'':<34}{'PSS sum':>10}{'RSS sum':>10}")
    for label, run in runs.items():
        pss, rss = run["peak_pss"], run["peak_rss"]
        print(f"{label:<34}{pss / 2**20:>10.0f}{rss / 2**20:>10.0f}")
    print("(target <= 800 MB)")
    print(f"\nload average at the end: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


def memory() -> None:
    """Only table 4, with evidence on, and where the peak comes from: the PSS of each kind of
    process of the tree at the moment of the peak, and how many ffmpeg encoders ran at once
    (`python -m bench.bench_rehearsal --memory`, ~2 min)."""
    with tempfile.TemporaryDirectory(prefix="bench-rehearsal-") as reports:
        run = _rehearse(Path(reports) / "evidence-on", ())
    peak = run["peak"]
    print(f"Rehearsal with evidence on: {run['summary']} ({run['wall']:.0f} s wall)")
    print(f"\nPeak memory: {run['peak_pss'] / 2**20:.0f} MB PSS, {run['peak_rss'] / 2**20:.0f} MB RSS"
          f" (target <= 800 MB), {peak.at:.1f} s into the run; at that moment, by process kind:")
    print(f"{'':<34}{'PSS MB':>10}{'processes':>11}{'max PSS MB':>12}")
    for kind, pss in sorted(peak.pss_by_kind.items(), key=lambda item: -item[1]):
        print(f"{kind:<34}{pss / 2**20:>10.0f}{peak.count_by_kind[kind]:>11}"
              f"{peak.max_by_kind[kind] / 2**20:>12.0f}")
    print(f"(max PSS: the kind's own peak over the run)\nffmpeg encoders at once, at most: "
          f"{peak.max_count_by_kind.get('ffmpeg', 0)}")
    print(f"load average at the end: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
          " (PSS counts a library's pages shared with other processes of the machine, such as"
          " another run's Chromium, as partly theirs: a busy machine lowers it a little)")


def _journey_side_by_side(reports: Path) -> tuple[float, float | None]:
    """Medians of the journey on bare pages and in the rehearsal (evidence off), alternating."""
    bare, rehearsed = [], []
    with _BareJourney() as baseline:
        for round_ in range(ROUNDS):
            bare.append(baseline.run())
            run = _rehearse(reports / str(round_), (*EVIDENCE_OFF, "-k", f"{JOURNEY} or {WARM_UP}"))
            if JOURNEY in run["scenarios"]:
                rehearsed.append(run["scenarios"][JOURNEY])
    median = sorted(bare)[len(bare) // 2]
    return median, sorted(rehearsed)[len(rehearsed) // 2] if rehearsed else None


def _rehearse(reports: Path, options: tuple[str, ...]) -> dict:
    """Run `pytest features/` once; wall time, JUnit times per scenario and peak tree RSS."""
    command = [sys.executable, "-m", "pytest", "features", "-q", "-p", "no:randomly",
               "--reports-dir", str(reports), *options]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    peak = _PeakRss(process.pid)
    peak.start()
    output, _ = process.communicate()
    wall = time.monotonic() - started
    peak.stop()
    junit = next(reports.glob("*/junit.xml"), None)
    scenarios = {}
    if junit is not None:
        for case in ElementTree.parse(junit).iter("testcase"):
            scenarios[case.get("name")] = float(case.get("time", 0))
    summary = output.strip().splitlines()[-1] if output.strip() else "(no output)"
    return {"wall": wall, "scenarios": scenarios, "peak_rss": peak.rss, "peak_pss": peak.pss,
            "summary": summary, "peak": peak}


def _print_runs(runs: dict) -> None:
    on, off = runs["evidence on"], runs["evidence off"]
    print("Full rehearsal (pytest features/)")
    print(f"{'':<16}{'wall s':>9}  result")
    for label, run in runs.items():
        print(f"{label:<16}{run['wall']:>9.1f}  {run['summary']}")
    print(f"\nPer scenario (JUnit time, s){'':<40}{'on':>8}{'off':>8}{'overhead':>10}")
    for name in sorted(on["scenarios"]):
        a, b = on["scenarios"][name], off["scenarios"].get(name, 0.0)
        overhead = f"{(a / b - 1) * 100:+.0f} %" if b else "-"
        print(f"{name.removeprefix('test_')[:66]:<68}{a:>8.2f}{b:>8.2f}{overhead:>10}")
    total_on, total_off = sum(on["scenarios"].values()), sum(off["scenarios"].values())
    if total_off:
        print(f"{'all scenarios':<68}{total_on:>8.2f}{total_off:>8.2f}"
              f"{(total_on / total_off - 1) * 100:>+8.0f} %   (target <= +25 %)")
    if off["wall"]:
        print(f"{'whole run (wall)':<68}{on['wall']:>8.2f}{off['wall']:>8.2f}"
              f"{(on['wall'] / off['wall'] - 1) * 100:>+8.0f} %")


class _PeakRss:
    """Samples the RSS and PSS of a process and its descendants (from /proc) on a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.rss, self.pss, self.at = pid, 0, 0, 0.0
        self.pss_by_kind: dict[str, int] = {}  # at the PSS peak
        self.count_by_kind: dict[str, int] = {}  # at the PSS peak
        self.max_by_kind: dict[str, int] = {}  # each kind's own peak
        self.max_count_by_kind: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        started = time.monotonic()
        while not self._stop.wait(0.1):
            kinds: dict[str, list[int]] = {}
            rss, pss = _tree_memory(self.pid, kinds)
            if pss > self.pss:
                self.at = time.monotonic() - started
                self.pss_by_kind = {kind: sum(v) for kind, v in kinds.items()}
                self.count_by_kind = {kind: len(v) for kind, v in kinds.items()}
            for kind, v in kinds.items():
                self.max_by_kind[kind] = max(self.max_by_kind.get(kind, 0), sum(v))
                self.max_count_by_kind[kind] = max(self.max_count_by_kind.get(kind, 0), len(v))
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)


def _kind(pid: int) -> str:
    """pytest's python, chromedriver, ffmpeg, or a Chromium process by its --type (Chromium
    rewrites its command line into one space-separated string)."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().split()
    except (OSError, UnicodeDecodeError):
        return "?"
    program = Path(args[0]).name if args else "?"
    if program in ("chromium", "chrome"):
        options = dict(a[2:].split("=", 1) for a in args if a.startswith("--") and "=" in a)
        kind = options.get("type", "browser")
        if kind == "utility":
            kind += " " + options.get("utility-sub-type", "?").split(".")[0]
        return f"chromium {kind}"
    return "ffmpeg" if program == "nice" else program


def _tree_memory(root: int, kinds: dict[str, list[int]] | None = None) -> tuple[int, int]:
    """(RSS sum, PSS sum) in bytes of `root` and every descendant; `kinds` gets each kind of
    process's PSS."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit():
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
        except OSError:
            continue  # the process ended meanwhile
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        kb = {line.split(":")[0]: int(line.split()[1]) for line in rollup[1:]}
        rss, pss = rss + kb.get("Rss", 0) * 1024, pss + kb.get("Pss", 0) * 1024
        if kinds is not None:
            kinds.setdefault(_kind(pid), []).append(kb.get("Pss", 0) * 1024)
    return rss, pss


# --- the baseline: the journey's WebDriver steps on bare pages --------------------------------
_PAGES = {
    "/login": """<input data-testid="login-input"><input data-testid="password-input" type="password">
<button data-testid="enter-button" onclick="window.open('/desk','desk')">ENTER</button>""",
    "/desk": """<div data-testid="desk"><span data-testid="current-status">Offline</span>
<button data-testid="status-menu" onclick="document.getElementById('o').hidden=false">STATUS</button>
<ul id="o" hidden><li><button data-testid="status-option" onclick="
document.querySelector('[data-testid=current-status]').textContent='Operating';poll()">Operating</button></ul>
<ul id="chats"></ul><div id="panel"></div></div><script>
function poll(){fetch('/state').then(r=>r.json()).then(s=>{if(s.text){document.getElementById('chats').innerHTML=
'<li data-testid="chat-card"><b data-testid="chat-customer-name">Maria</b> <span data-testid="chat-last-message">'
+s.text+'</span></li>';document.getElementById('panel').innerHTML='<p data-testid="chat-message">'+s.text+
'</p><input data-testid="reply-input"><button data-testid="reply-send" onclick="fetch(\\'/reply\\',{method:\\'POST\\','
+'body:document.querySelector(\\'[data-testid=reply-input]\\').value})">Send</button>'}else setTimeout(poll,4)})}
</script>""",
    "/page": """<p data-testid="connect-title">Connect with SUA_EMPRESA on Facebook</p>
<form action="/page2"><input data-testid="login-email"><input data-testid="login-password">
<button data-testid="login-submit">Log in</button></form>""",
    "/page2": """<a data-testid="message-button" href="/messenger">Message</a>""",
    "/messenger": """<ul id="m"></ul><input data-testid="message-input">
<button data-testid="send-button" onclick="const t=document.querySelector('[data-testid=message-input]').value;
fetch('/send',{method:'POST',body:t}).then(()=>{document.getElementById('m').innerHTML+=
'<li data-testid=message-bubble data-from=customer>'+t+'</li>';poll()})">Send</button><script>
function poll(){fetch('/state').then(r=>r.json()).then(s=>{if(s.reply){document.getElementById('m').innerHTML+=
'<li data-testid=message-bubble data-from=page>'+s.reply+'</li>'}else setTimeout(poll,4)})}</script>""",
}


class _BarePages(BaseHTTPRequestHandler):
    state: dict[str, str]  # what the customer sent and the agent replied; reset per journey

    def do_GET(self) -> None:
        if self.path == "/state":
            return self._answer("application/json", json.dumps(self.state))
        body = _PAGES.get(self.path.split("?")[0], "")
        self._answer("text/html", f"<!doctype html><html><body>{body}</body></html>")

    def do_POST(self) -> None:
        text = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.state["text" if self.path == "/send" else "reply"] = text
        self._answer("application/json", "{}")

    def _answer(self, kind: str, body: str) -> None:
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


class _BareJourney:
    """Two running browsers and the bare pages; `run()` times one reset + journey."""

    def __enter__(self) -> Self:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _BarePages)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self._url = f"http://127.0.0.1:{self._server.server_port}"
        self._temp = tempfile.TemporaryDirectory(prefix="hb-", dir="/tmp")
        settings = browsers.BrowserSettings()
        self._agent = browsers.start_chrome(settings, Path(self._temp.name))
        self._customer = browsers.start_chrome(settings, Path(self._temp.name))
        self.run()  # a warm-up, as the rehearsal's journey comes after another scenario
        return self

    def run(self) -> float:
        _BarePages.state = {}
        started = time.monotonic()
        browsers.reset_browser(self._agent)  # the rehearsal resets both browsers per scenario
        browsers.reset_browser(self._customer)
        _journey(self._agent, self._customer, self._url)
        return time.monotonic() - started

    def __exit__(self, *exc: object) -> None:
        self._agent.quit()
        self._customer.quit()
        self._server.shutdown()
        self._temp.cleanup()


def _journey(agent, customer, url: str) -> None:
    def by(driver, testid):
        return driver.find_element("css selector", f'[data-testid="{testid}"]')

    def until(driver, condition):
        return WebDriverWait(driver, 10, poll_frequency=0.05).until(condition)

    agent.get(f"{url}/login")
    for testid, value in (("login-input", "agente"), ("password-input", "Aa123*")):
        by(agent, testid).send_keys(value)
    by(agent, "enter-button").click()
    until(agent, lambda d: len(d.window_handles) == 2)
    agent.switch_to.window(agent.window_handles[1])
    until(agent, lambda d: by(d, "desk"))
    browsers.grant_notifications(agent, url)
    assert agent.execute_script("return Notification.permission") == "granted"
    by(agent, "status-menu").click()
    until(agent, lambda d: by(d, "status-option").is_displayed())
    by(agent, "status-option").click()
    until(agent, lambda d: by(d, "current-status").text == "Operating")
    customer.get(f"{url}/page")
    until(customer, lambda d: by(d, "connect-title").text)
    for testid, value in (("login-email", "maria@example.com"), ("login-password", "Test123*")):
        by(customer, testid).send_keys(value)
    by(customer, "login-submit").click()
    until(customer, lambda d: by(d, "message-button"))
    browsers.grant_notifications(customer, url)
    assert customer.execute_script("return Notification.permission") == "granted"
    by(customer, "message-button").click()
    until(customer, lambda d: by(d, "message-input"))
    by(customer, "message-input").send_keys("Olá! Gostaria de falar com um atendente.")
    by(customer, "send-button").click()
    until(customer, lambda d: by(d, "message-bubble"))
    until(agent, lambda d: by(d, "chat-card"))
    by(agent, "reply-input").send_keys("Hello! This is Interact.")
    by(agent, "reply-send").click()
    until(customer, lambda d: len(d.find_elements("css selector", "[data-from=page]")) == 1)


if __name__ == "__main__":
    main()
