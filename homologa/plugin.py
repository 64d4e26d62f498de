"""Homologa's pytest plugin: hooks only, each forwarding to the module that owns the concern."""

from __future__ import annotations

from pathlib import Path

import pytest

from homologa import browsers, evidence, pack, profiles, recording, reports, servers
from homologa.profiles import Profile

_PARTS = (profiles, browsers, reports, evidence, recording, pack)


def pytest_addoption(parser: pytest.Parser) -> None:
    for part in _PARTS:
        part.add_options(parser)


@pytest.hookimpl(tryfirst=True)  # before pytest-html, junitxml and pytest-bdd read their paths
def pytest_configure(config: pytest.Config) -> None:
    for part in _PARTS:
        part.configure(config)


def pytest_bdd_before_scenario(request, feature, scenario) -> None:
    pack.note_scenario(request.node, feature, scenario)
    recording.start(request)


def pytest_bdd_before_step(request, feature, scenario, step, step_func) -> None:
    recording.step_started(request.node)


def pytest_bdd_after_step(request, feature, scenario, step, step_func, step_func_args) -> None:
    _record_step(request.node, step, step_func_args, failed=False)


def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args,
                          exception) -> None:
    _record_step(request.node, step, step_func_args, failed=True)
    pack.note_failure(request.node)


def _record_step(item: pytest.Item, step, step_func_args: dict, failed: bool) -> None:
    drivers = evidence.drivers_of_step(item, step_func_args)
    evidence.capture_step(item, step.name, drivers, at_failure=failed)
    recording.step_finished(item, f"{step.keyword} {step.name}", drivers, failed)


def pytest_bdd_after_scenario(request, feature, scenario) -> None:
    evidence.settle(request.node)  # the last shots' frames, before the recorders stop keeping them
    recording.finish(request.node)
    pack.note_values(request)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    try:
        result = yield
    except BaseException as failure:
        servers.check_after_call(item.config, failure)
        raise
    servers.check_after_call(item.config)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    recording.attach_to_report(item, report)
    evidence.attach_to_report(item, report)
    pack.record(item, report)
    return report


def pytest_html_report_title(report) -> None:
    report.title = "Homologa rehearsal (simulated Meta, not a real App Review recording)"


@pytest.hookimpl(wrapper=True, trylast=True)  # after pytest-html wrote the report, before the
def pytest_sessionfinish(session: pytest.Session):  # terminal summary points at it
    outcome = yield
    config = session.config
    html = config.option.htmlpath
    problems = recording.finish_run(config, Path(html) if html else None)
    evidence.fill_report(config, Path(html) if html else None)
    pack.write(config)
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    for problem in problems if terminal else []:
        terminal.write_line(f"Homologa: {problem}")
    return outcome


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    reports.summarize(config, terminalreporter)


@pytest.fixture(scope="session")
def homologa_profile(pytestconfig: pytest.Config) -> Profile:
    """The target profile of this run (--profile; default the bundled reference app)."""
    return pytestconfig.stash[profiles.PROFILE_KEY]


@pytest.fixture(scope="session")
def homologa_seed(pytestconfig: pytest.Config) -> int:
    return pytestconfig.stash[profiles.SEED_KEY]
