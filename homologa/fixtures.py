"""Fixtures of a rehearsal: the simulated Meta, the app under test, the two browsers, the customer."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

import reference_app
import simulator
from homologa import browsers, servers
from homologa.profiles import Profile
from simulator.client import Control

__all__ = ["AppUnderTest", "SimulatedMeta", "TestAccount"]


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


@pytest.fixture(scope="session")
def running_simulator(homologa_seed: int,
                      homologa_profile: Profile) -> Iterator[servers.RunningServer]:
    """The simulated Meta; on the profile's fixed port when an external app points at it."""
    server = servers.start(simulator.create_app({"SEED": homologa_seed}),
                           host=homologa_profile.simulator_host,
                           port=homologa_profile.simulator_port)
    yield server
    server.stop()


@pytest.fixture
def meta(running_simulator: servers.RunningServer) -> Iterator[SimulatedMeta]:
    """A fresh simulated world for each scenario (same seed, so the same ids and tokens)."""
    control = Control(running_simulator.url)
    world = control.reset()
    yield SimulatedMeta(running_simulator.url, control, world)
    running_simulator.raise_thread_errors()


@pytest.fixture
def app_under_test(meta: SimulatedMeta, homologa_profile: Profile,
                   tmp_path: Path) -> Iterator[AppUnderTest]:
    """The app under test, its webhook registered with the simulator as an app does with Meta.

    Bundled: the reference app on a fresh database. External: the profile's running app,
    which already points its GRAPH_URL at the simulator.
    """
    if not homologa_profile.is_bundled:
        meta.control.subscribe_webhook(homologa_profile.webhook_url,
                                       meta.world["app"]["verify_token"])
        yield AppUnderTest(homologa_profile.app_url.rstrip("/"))
        return
    app = reference_app.create_app({
        "DATABASE": str(tmp_path / "desk.sqlite"),
        "GRAPH_URL": meta.url,
        "GRAPH_VERSION": meta.world["graph_version"],
        "APP_SECRET": meta.world["app"]["secret"],
        "VERIFY_TOKEN": meta.world["app"]["verify_token"],
        "PAGE_TOKEN": meta.page["access_token"],
        "AGENT_LOGIN": homologa_profile.agent_login,
        "AGENT_PASSWORD": homologa_profile.agent_password,
        **({"ADMIN_LOGIN": homologa_profile.admin_login,
            "ADMIN_PASSWORD": homologa_profile.admin_password}
           if homologa_profile.admin_login else {}),
    })
    server = servers.start(app)
    meta.control.subscribe_webhook(f"{server.url}/webhook", meta.world["app"]["verify_token"])
    yield AppUnderTest(server.url)
    server.stop()
    server.raise_thread_errors()


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
