"""Fixtures of a rehearsal: the simulated Meta, the app under test, the two browsers, the customer."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from selenium.webdriver.remote.webdriver import WebDriver

import reference_app
import simulator
from homologa import browsers, servers
from homologa.profiles import Profile
from simulator.client import Control
from simulator.extension import EXTENSION_KEY
from simulator.webhooks import SENDER_ERROR

__all__ = ["AppUnderTest", "BundledApp", "SimulatedMeta", "TestAccount"]


@dataclass(frozen=True)
class SimulatedMeta:
    """The simulator as a scenario sees it: its URL, its control client and the world's facts."""

    url: str
    control: Control
    world: dict

    @property
    def page(self) -> dict:
        return self.world["page"]

    def send_api_call_to(self, psid: str) -> dict:
        """The journal entry of the app's Send API call to this customer, once it happened."""
        return self.control.wait_for_journal(
            lambda e: e["method"] == "POST" and e["path"].endswith("/messages")
            and e["psid"] == psid, kind="graph")


@dataclass(frozen=True)
class AppUnderTest:
    url: str


@dataclass(frozen=True)
class TestAccount:
    """A Facebook test account of the simulated world (the reviewer's customer)."""

    __test__ = False  # not a pytest test class
    name: str
    email: str
    password: str
    psid: str
    role: str | None

    @classmethod
    def from_world(cls, account: dict) -> TestAccount:
        return cls(account["name"], account["email"], account["password"], account["psid"],
                   account.get("role"))


@dataclass(frozen=True)
class BundledApp:
    """The bundled reference app, served once per run; `reset_for` readies it for a scenario."""

    app: Flask
    server: servers.RunningServer

    @property
    def url(self) -> str:
        return self.server.url

    def reset_for(self, meta: SimulatedMeta, profile: Profile,
                  **config: object) -> AppUnderTest:
        """The app as `create_app` left it, configured for this scenario's simulated world
        (`config` on top), its webhook registered with the simulator as an app does with Meta."""
        reference_app.reset(self.app, {**_desk_config(meta.url, meta.world, profile), **config})
        meta.control.subscribe_webhook(f"{self.url}/webhook", meta.world["app"]["verify_token"])
        return AppUnderTest(self.url)


def _desk_config(simulator_url: str, world: dict, profile: Profile) -> dict[str, object]:
    """The reference app's configuration for a simulated world: Graph, secrets, accounts."""
    return {
        "GRAPH_URL": simulator_url,
        "GRAPH_VERSION": world["graph_version"],
        "APP_SECRET": world["app"]["secret"],
        "VERIFY_TOKEN": world["app"]["verify_token"],
        "PAGE_TOKEN": world["page"]["access_token"],
        "AGENT_LOGIN": profile.agent_login,
        "AGENT_PASSWORD": profile.agent_password,
        **({"ADMIN_LOGIN": profile.admin_login, "ADMIN_PASSWORD": profile.admin_password}
           if profile.admin_login else {}),
    }


@pytest.fixture(scope="session")
def running_simulator(pytestconfig: pytest.Config, homologa_seed: int,
                      homologa_profile: Profile) -> Iterator[servers.RunningServer]:
    """The simulated Meta; on the profile's fixed port when an external app points at it."""
    app = simulator.create_app({"SEED": homologa_seed})
    server = servers.start(app, host=homologa_profile.simulator_host,
                           port=homologa_profile.simulator_port, name="simulator")
    server.watch(_webhook_sender_crashes(app))
    servers.register(pytestconfig, server)
    yield server
    servers.unregister(pytestconfig, server)
    server.stop()
    server.raise_thread_errors()


def _webhook_sender_crashes(app: Flask) -> servers.ErrorSource:
    """The simulator's webhook sender survives an exception of its own by journaling it
    (reason `SENDER_ERROR: name: message`; its traceback is gone): each such entry is an error
    of the scenario that caused it."""
    checked = {"journal": None, "seq": 0}

    def crashes() -> list[BaseException]:
        journal = app.extensions[EXTENSION_KEY].journal
        if journal is not checked["journal"]:
            checked.update(journal=journal, seq=0)
        new = [e for e in journal.entries(kind="webhook") if e["seq"] > checked["seq"]]
        if new:
            checked["seq"] = new[-1]["seq"]
        return [RuntimeError(f"the simulator's webhook sender failed ({e['outcome']}, "
                             f"{e['url']}): {e['reason']}") for e in new
                if str(e["reason"]).startswith(SENDER_ERROR)]

    return crashes


@pytest.fixture
def meta(running_simulator: servers.RunningServer) -> Iterator[SimulatedMeta]:
    """A fresh simulated world for each scenario (same seed, so the same ids and tokens)."""
    running_simulator.raise_thread_errors()  # an earlier test's late error is not this one's
    with Control(running_simulator.url) as control:
        world = control.reset()
        yield SimulatedMeta(running_simulator.url, control, world)
    running_simulator.raise_thread_errors()


@pytest.fixture(scope="session")
def bundled_app(pytestconfig: pytest.Config, running_simulator: servers.RunningServer,
                homologa_profile: Profile,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[BundledApp]:
    """The reference app, created and served once per run (creating one costs ~0.25 s, two
    password hashes included); every scenario resets it (`BundledApp.reset_for`)."""
    with Control(running_simulator.url) as control:
        world = control.world()  # the seeded world: a scenario's reset gives the same facts
    app = reference_app.create_app({
        "DATABASE": str(tmp_path_factory.mktemp("desk") / "desk.sqlite"),
        **_desk_config(running_simulator.url, world, homologa_profile)})
    server = servers.start(app, name="reference app")
    server.watch(lambda: reference_app.worker.take_failures(app))
    servers.register(pytestconfig, server)
    yield BundledApp(app, server)
    servers.unregister(pytestconfig, server)
    reference_app.close(app)  # streams end first, so no waitress thread waits on one
    server.stop()
    server.raise_thread_errors()


@pytest.fixture
def app_under_test(meta: SimulatedMeta, homologa_profile: Profile,
                   request: pytest.FixtureRequest) -> Iterator[AppUnderTest]:
    """The app under test, its webhook registered with the simulator as an app does with Meta.

    Bundled: the run's reference app, reset to a fresh database. External: the profile's
    running app, which already points its GRAPH_URL at the simulator.
    """
    if not homologa_profile.is_bundled:
        meta.control.subscribe_webhook(homologa_profile.webhook_url,
                                       meta.world["app"]["verify_token"])
        yield AppUnderTest(homologa_profile.app_url.rstrip("/"))
        return
    bundled: BundledApp = request.getfixturevalue("bundled_app")
    yield bundled.reset_for(meta, homologa_profile)
    bundled.server.raise_thread_errors()


@pytest.fixture
def customer(meta: SimulatedMeta) -> TestAccount:
    """The first test account with a tester role: the account the guide asks teams to create."""
    testers = [a for a in meta.world["test_accounts"] if a.get("role") == "tester"]
    return TestAccount.from_world(testers[0])


@pytest.fixture(scope="session")
def browser_temp_dir() -> Iterator[Path]:
    # short on purpose: Chromium fails when its socket path passes 107 bytes
    path = Path(tempfile.mkdtemp(prefix="hmlg-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _session_browser(request: pytest.FixtureRequest, role: str,
                     temp_dir: Path) -> Iterator[WebDriver]:
    settings = request.config.stash[browsers.SETTINGS_KEY]
    driver = browsers.start_chrome(settings, temp_dir)
    request.config.stash[browsers.OPEN_KEY][role] = driver
    yield driver
    del request.config.stash[browsers.OPEN_KEY][role]
    driver.quit()


@pytest.fixture(scope="session")
def _agent_browser_session(request: pytest.FixtureRequest,
                           browser_temp_dir: Path) -> Iterator[WebDriver]:
    yield from _session_browser(request, "agent", browser_temp_dir)


@pytest.fixture(scope="session")
def _customer_browser_session(request: pytest.FixtureRequest,
                              browser_temp_dir: Path) -> Iterator[WebDriver]:
    yield from _session_browser(request, "customer", browser_temp_dir)


@pytest.fixture
def agent_browser(_agent_browser_session: WebDriver) -> WebDriver:
    """The reviewer's browser for the app under test; reused across scenarios, reset for each."""
    browsers.reset_browser(_agent_browser_session)
    return _agent_browser_session


@pytest.fixture
def customer_browser(_customer_browser_session: WebDriver) -> WebDriver:
    """A second browser (its own cookies) for the customer's side of Facebook."""
    browsers.reset_browser(_customer_browser_session)
    return _customer_browser_session
