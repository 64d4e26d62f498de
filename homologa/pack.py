"""Submission pack per permission: reports/<run>/pack/<permission>/ from the rehearsal itself.

Each permission's feature (tagged with it) yields: the English step-by-step written from its
Gherkin and the run's real values, the "how we use this permission" text, the rehearsal video
of the feature's first scenario (marked as simulated), the checklist of what the real
recording on Facebook must show, and the readiness findings of the simulated world the
rehearsal ran in (homologa.readiness).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import requests

from homologa import readiness, recording, reports, stepbystep
from homologa.packtexts import CHECKLISTS, PERMISSIONS, READINESS_PERMISSIONS, usage_text
from homologa.profiles import PROFILE_KEY, Profile

__all__ = ["Rehearsal", "add_options", "configure", "note_failure", "note_scenario",
           "note_values", "preferred", "readiness_findings", "readiness_section", "record",
           "values_from_profile", "write", "write_pack"]

ENABLED_KEY = pytest.StashKey[bool]()
REHEARSALS_KEY = pytest.StashKey[dict]()      # config: permission -> Rehearsal
SCENARIO_KEY = pytest.StashKey[tuple]()       # item: (feature path, permissions) of a journey
VALUES_KEY = pytest.StashKey[stepbystep.GuideValues]()
FAILED_KEY = pytest.StashKey[bool]()
_QUOTED = re.compile("\u201c([^\u201d]+)\u201d")
_HELP_LINE = ("- If you have questions about the step by step, please watch the video "
              "(screencast) or, if a problem occurs, if possible, send a print or recording of "
              "the execution so that we can understand the problem.")


READINESS_KEY = pytest.StashKey[dict]()  # item: readiness facts of the journey's world


@dataclass(frozen=True)
class Rehearsal:
    feature: Path
    scenario: str
    passed: bool
    video: Path | None
    values: stepbystep.GuideValues | None
    world_facts: dict | None = None  # readiness facts of the simulated world after the journey


def add_options(parser: pytest.Parser) -> None:
    parser.getgroup("homologa").addoption(
        "--no-pack", action="store_true", help="do not write the submission packs (pack/)")


def configure(config: pytest.Config) -> None:
    config.stash[ENABLED_KEY] = not config.getoption("no_pack")
    config.stash[REHEARSALS_KEY] = {}


def note_scenario(item: pytest.Item, feature, scenario) -> None:
    """Remember the journey scenario (a feature's first) of each permission's feature."""
    permissions = tuple(tag for tag in feature.tags if tag in PERMISSIONS)
    if permissions and scenario.name == next(iter(feature.scenarios)):
        item.stash[SCENARIO_KEY] = (Path(feature.filename), scenario.name, permissions)


def note_failure(item: pytest.Item) -> None:
    item.stash[FAILED_KEY] = True


def note_values(request: pytest.FixtureRequest) -> None:
    """After a journey: the values the reviewer would use, from the run's fixtures."""
    item = request.node
    if SCENARIO_KEY not in item.stash or item.stash.get(FAILED_KEY, False):
        return  # after a failed step the fixtures may be the failure: leave them alone
    profile = request.config.stash[PROFILE_KEY]
    meta, app = request.getfixturevalue("meta"), request.getfixturevalue("app_under_test")
    customer = request.getfixturevalue("customer")
    simulated = stepbystep.GuideValues(
        profile.product, app.url + profile.login_path, profile.agent_login,
        profile.agent_password, meta.url + meta.page["url"], meta.page["name"], customer.email,
        customer.password, profile.status_menu_side, profile.labels, meta.page["name"],
        profile.admin_login or "", profile.admin_password or "")
    request.node.stash[VALUES_KEY] = values_from_profile(profile, simulated)
    try:
        request.node.stash[READINESS_KEY] = readiness.facts_from_world(meta.control)
    except (requests.RequestException, ValueError) as exc:  # the pack says it was not read
        request.node.stash[READINESS_KEY] = {"unreadable": f"{type(exc).__name__}: {exc}"}


def values_from_profile(profile: Profile,
                        simulated: stepbystep.GuideValues | None = None) -> stepbystep.GuideValues:
    """The profile's real values; what it leaves out comes from the simulated world."""
    fb = profile.facebook

    def pick(real: str | None, key: str) -> str:
        if real:
            return real
        return getattr(simulated, key) if simulated else f"<facebook.{key} of the profile>"

    login_url = (profile.app_url.rstrip("/") + profile.login_path if profile.app_url
                 else simulated.login_url if simulated else f"<app_url>{profile.login_path}")
    return stepbystep.GuideValues(
        profile.product, login_url, profile.agent_login, profile.agent_password,
        pick(fb.page_url, "page_url"), pick(fb.page_name, "page_name"),
        pick(fb.test_account, "test_account"), pick(fb.test_password, "test_password"),
        profile.status_menu_side, profile.labels,
        simulated.simulated_page_name if simulated else "SUA_EMPRESA",
        profile.admin_login or "<admin.login of the profile>",
        profile.admin_password or "<admin.password of the profile>")


def record(item: pytest.Item, report: pytest.TestReport) -> None:
    journey = item.stash.get(SCENARIO_KEY, None)
    if report.when != "call" or journey is None:
        return
    feature, scenario, permissions = journey
    rehearsal = Rehearsal(feature, scenario, report.passed, recording.video_of(item),
                          item.stash.get(VALUES_KEY, None), item.stash.get(READINESS_KEY, None))
    rehearsals = item.config.stash[REHEARSALS_KEY]
    for permission in permissions:
        rehearsals[permission] = preferred(rehearsals.get(permission), rehearsal, permission)


def preferred(current: Rehearsal | None, candidate: Rehearsal, permission: str) -> Rehearsal:
    """The rehearsal a permission's pack is written from: the journey of the feature named
    after the permission (pages_messaging.feature), never a negative rehearsal that carries the
    same tag (thread_control.feature, unpublished_page.feature); else the first one run."""
    if current is None:
        return candidate
    if candidate.feature.stem == permission and current.feature.stem != permission:
        return candidate
    return current


def write(config: pytest.Config) -> Path | None:
    """Write every rehearsed permission's pack under reports/<run>/pack/."""
    run_dir = reports.run_dir(config)
    rehearsals = config.stash.get(REHEARSALS_KEY, {})
    if run_dir is None or not config.stash[ENABLED_KEY] or not rehearsals:
        return None
    used = sorted({p for r in rehearsals.values() if r.world_facts
                   for p in r.world_facts.get("permissions", {}).get("used", [])})
    for permission, rehearsal in rehearsals.items():
        write_pack(run_dir / "pack" / permission, permission, rehearsal, used)
    return run_dir / "pack"


def write_pack(folder: Path, permission: str, rehearsal: Rehearsal,
               used_in_run: Iterable[str] = ()) -> None:
    """The pack's files; `used_in_run`: the permissions any rehearsal of the run used (a scope
    the login dialog asks is used when the app used it anywhere in the run)."""
    folder.mkdir(parents=True, exist_ok=True)
    used = tuple(used_in_run)
    (folder / "readiness.md").write_text(readiness_section(permission, rehearsal, used),
                                         encoding="utf-8")
    values = rehearsal.values
    if values is None:  # the journey failed before the app was up: no real values to write
        (folder / "README.md").write_text(_readme(permission, rehearsal, used), encoding="utf-8")
        return
    _, steps = stepbystep.journey(rehearsal.feature)
    (folder / "step-by-step.txt").write_text(_step_by_step(steps, values), encoding="utf-8")
    (folder / "how-we-use-this-permission.txt").write_text(
        usage_text(permission, values.product, values.login_url), encoding="utf-8")
    (folder / "checklist.md").write_text(_checklist(permission, values), encoding="utf-8")
    if rehearsal.video is not None and rehearsal.video.exists():
        shutil.copyfile(rehearsal.video, folder / "rehearsal-SIMULATED.mp4")
        captions = rehearsal.video.with_suffix(".vtt")
        if captions.exists():
            shutil.copyfile(captions, folder / "rehearsal-SIMULATED.vtt")
    (folder / "README.md").write_text(_readme(permission, rehearsal, used), encoding="utf-8")


def _step_by_step(steps: list[stepbystep.NumberedStep], values: stepbystep.GuideValues) -> str:
    login_step = next((s.number for s in steps if any("Facebook test account" in g
                                                      for g in s.gherkin)), None)
    notes = ["Please, before executing the step by step, we need to make some observations:", ""]
    if login_step is not None:
        notes.append(f"- We created a test Facebook account and added it as a tester of the app "
                     f"(step {login_step}), so that you can simulate the integration and "
                     f"replicate the experience (step {steps[-1].number}).")
    notes += [_HELP_LINE, "", "Step by step:", "", ""]
    return "\n".join(notes) + stepbystep.render(steps, values)


def _checklist(permission: str, values: stepbystep.GuideValues) -> str:
    lines = [f"# What the real recording for {PERMISSIONS[permission]} must show", "",
             "Check each item on the recording you make on real Facebook before submitting.", ""]
    lines += [f"- [ ] {_own_labels(item, values)} ({source})"
              for item, source in CHECKLISTS[permission]]
    return "\n".join(lines) + "\n"


def _own_labels(text: str, values: stepbystep.GuideValues) -> str:
    """`text` with each quoted label the guide names as the app's label (the profile's)."""
    return _QUOTED.sub(lambda m: f"\u201c{values.label(m.group(1))}\u201d", text)


_REAL_DASHBOARD = (
    "This is the simulated world, not your App Dashboard. Before you submit, check the real "
    "one: fill a readiness file from the App Dashboard (see docs/readiness.example.toml) and "
    "run\n\n    python -m homologa readiness READINESS.toml\n")


def readiness_findings(permission: str, rehearsal: Rehearsal,
                       used_in_run: Iterable[str] = ()) -> list[readiness.Finding] | None:
    """The readiness findings of this permission against the world its rehearsal ran in (the
    API-call rule for the permissions this pack covers; the scopes any rehearsal of the run
    used count as used); None when the world was not read."""
    facts = rehearsal.world_facts
    if not facts or "unreadable" in facts:
        return None
    permissions = facts.get("permissions", {})
    scoped = {**facts, "permissions": {
        **permissions, "requested": list(READINESS_PERMISSIONS[permission]),
        "used": sorted({*permissions.get("used", []), *used_in_run})}}
    return readiness.check(scoped)


def readiness_section(permission: str, rehearsal: Rehearsal,
                      used_in_run: Iterable[str] = ()) -> str:
    """readiness.md: each finding with PASS/FAIL, its rule and its app-review.md source."""
    title = f"# Readiness: {PERMISSIONS[permission]} (simulated world of this rehearsal)\n\n"
    findings = readiness_findings(permission, rehearsal, used_in_run)
    if findings is None:
        why = (rehearsal.world_facts or {}).get("unreadable") or (
            "the rehearsal did not finish, so its world was not read")
        return (f"{title}NOT CHECKED: {why}.\n\n" + _REAL_DASHBOARD)
    failed = sum(not f.passed for f in findings)
    rows = [f"| {'PASS' if f.passed else '**FAIL**'} | {f.rule} | {_cell(f.message)} | "
            f"{_cell(f.source)} |" for f in findings]
    verdict = (f"{failed} of {len(findings)} checks FAILED." if failed
               else f"All {len(findings)} checks passed.")
    return (f"{title}{verdict}\n\nThe app settings, the Page and the Graph calls the app made "
            f"in the simulated world of \"{rehearsal.scenario}\", checked by the rules App Review "
            "applies (each cites shared/reference/app-review.md); a scope counts as used when "
            "any rehearsal of this run used it.\n\n"
            "| Result | Rule | Finding | Source |\n|---|---|---|---|\n"
            + "\n".join(rows) + "\n\n" + _REAL_DASHBOARD)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _readme(permission: str, rehearsal: Rehearsal, used_in_run: Iterable[str] = ()) -> str:
    outcome = "PASSED" if rehearsal.passed else "FAILED: fix the app before submitting"
    findings = readiness_findings(permission, rehearsal, used_in_run)
    checked = ("not checked" if findings is None else
               f"{sum(not f.passed for f in findings)} of {len(findings)} checks failed")
    ready = (f"readiness.md: App Review's readiness rules against the simulated world "
             f"({checked}); check your real App Dashboard with `python -m homologa readiness "
             "READINESS.toml`")
    files = ("step-by-step.txt: paste it into the permission's \"reviewer instructions\"\n"
             "- how-we-use-this-permission.txt: paste it into \"how you are using it\"\n"
             "- checklist.md: what the real recording must show, each item with its source\n"
             "- rehearsal-SIMULATED.mp4: the rehearsal, a script for the real recording; it is "
             f"marked as simulated and must not be submitted\n- {ready}")
    if rehearsal.values is None:
        files = ("(no texts: the rehearsal stopped before the app under test was running)\n"
                 f"- {ready}")
    return (f"# Submission pack: {PERMISSIONS[permission]}\n\n"
            f"Rehearsal: {rehearsal.scenario} ({rehearsal.feature.name}), {outcome}, written "
            f"{datetime.now():%Y-%m-%d %H:%M}.\n\n- {files}\n\n"
            "This rehearsal ran against a simulated Meta. It shows that the steps you will "
            "write are the steps your app performs; it does not replace the recording on real "
            "Facebook that App Review requires.\n")
