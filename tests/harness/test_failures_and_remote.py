"""Through pytest itself: a failing step is named, pictured and fails the run; --remote-url is used."""

import shutil
import socket
import subprocess
from pathlib import Path

import pytest

CONFTEST = 'pytest_plugins = ["homologa.plugin", "homologa.fixtures", "steps_blank"]\n'
STEPS = '''
from pytest_bdd import given, then


@given("a blank page in the agent's browser", target_fixture="page")
def blank_page(agent_browser):
    agent_browser.get("data:text/html,<h1>Blank</h1>")
    return agent_browser


@then("the page says hello")
def page_says_hello(page):
    heading = page.find_element("css selector", "h1").text
    assert heading == "Hello", f"the page says {heading!r}"
'''
FEATURE = """Feature: The harness itself
  Scenario: A page that does not say hello
    Given a blank page in the agent's browser
    Then the page says hello
"""
BINDING = ('import pytest\nfrom pytest_bdd import scenarios\n\n'
           'pytestmark = pytest.mark.usefixtures("agent_browser")  # recorded from step 1\n'
           'scenarios(".")\n')


@pytest.fixture
def rehearsal(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project with one feature whose last step fails, run by the Homologa plugin."""
    pytester.makeini("[pytest]\nbdd_features_base_dir = features/\n")
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(steps_blank=STEPS)
    features = pytester.mkdir("features")
    (features / "harness.feature").write_text(FEATURE)
    (features / "test_harness.py").write_text(BINDING)
    return pytester


def only_run_dir(root: Path) -> Path:
    runs = [p for p in (root / "reports").iterdir() if p.name != "latest"]
    assert len(runs) == 1, runs
    return runs[0]


def test_a_failing_step_is_named_pictured_and_fails_the_run(rehearsal: pytest.Pytester) -> None:
    result = rehearsal.runpytest_subprocess("features", "--no-video")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*the page says 'Blank'*"])
    run = only_run_dir(rehearsal.path)
    shots = sorted(p.name for p in (run / "screenshots").rglob("*.png"))
    assert shots == ["01-agent-a-blank-page-in-the-agent-s-browser.png",
                     "02-agent-the-page-says-hello-FAILED.png"]
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "FAILED at: the page says hello [agent]" in html
    junit = (run / "junit.xml").read_text(encoding="utf-8")
    assert 'failures="1"' in junit and "the page says 'Blank'" in junit


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_remote_url_drives_the_browsers_through_that_webdriver(rehearsal: pytest.Pytester,
                                                               tmp_path: Path) -> None:
    port, log = free_port(), tmp_path / "chromedriver.log"
    remote = subprocess.Popen([shutil.which("chromedriver"), f"--port={port}",
                               f"--log-path={log}"], stdout=subprocess.DEVNULL)
    try:
        result = rehearsal.runpytest_subprocess(
            "features", "--no-video", "--remote-url", f"http://127.0.0.1:{port}")
    finally:
        remote.terminate()
        remote.wait(timeout=10)
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # the step fails, on the remote browser
    commands = log.read_text(errors="replace")
    assert "COMMAND InitSession" in commands
    assert '"url": "data:text/html,\\u003Ch1>Blank' in commands
    shots = list((only_run_dir(rehearsal.path) / "screenshots").rglob("*.png"))
    assert len(shots) == 2  # taken from the remote browser


def test_the_report_embeds_each_scenarios_captioned_video(rehearsal: pytest.Pytester) -> None:
    rehearsal.runpytest_subprocess("features")
    run = only_run_dir(rehearsal.path)
    html = (run / "report.html").read_text(encoding="utf-8")
    assert html.count("data:video/mp4;base64,") == 1 and "data:text/vtt;base64," in html
    assert "homologa-pending" not in html
    captions = (run / "videos" / "test-a-page-that-does-not-say-hello" / "scenario.vtt").read_text()
    assert "Then the page says hello" in captions
