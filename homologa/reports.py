"""Where a rehearsal's reports go: reports/<timestamp>/ (HTML, JUnit XML, Cucumber JSON), reports/latest."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

import pytest

__all__ = ["add_options", "configure", "run_dir", "slug", "summarize"]

RUN_DIR_KEY = pytest.StashKey[Path | None]()


def add_options(parser: pytest.Parser) -> None:
    parser.getgroup("homologa").addoption(
        "--reports-dir", default="reports", metavar="DIR",
        help="where each rehearsal writes reports/<timestamp>/ (default: reports)")


def configure(config: pytest.Config) -> None:
    """Give a run that rehearses features its own folder, unless --html was chosen by hand."""
    config.stash[RUN_DIR_KEY] = None
    if hasattr(config, "workerinput") or config.option.htmlpath or not _runs_features(config):
        return
    folder = _new_run_dir(Path(config.rootpath, config.getoption("reports_dir")))
    config.stash[RUN_DIR_KEY] = folder
    config.option.htmlpath = str(folder / "report.html")
    config.option.self_contained_html = True
    config.option.xmlpath = config.option.xmlpath or str(folder / "junit.xml")
    config.option.cucumber_json_path = config.option.cucumber_json_path or str(
        folder / "cucumber.json")


def run_dir(config: pytest.Config) -> Path | None:
    return config.stash.get(RUN_DIR_KEY, None)


def slug(text: str) -> str:
    """A file-name-safe form of a test or step name."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


def _runs_features(config: pytest.Config) -> bool:
    features = (config.rootpath / "features").resolve()
    args = config.args or config.getini("testpaths")
    for arg in args:
        path = Path(config.invocation_params.dir, arg.split("::")[0]).resolve()
        if path == features or features in path.parents or path in features.parents:
            return True
    return False


def _new_run_dir(base: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder, n = base / stamp, 1
    while folder.exists():
        n += 1
        folder = base / f"{stamp}-{n}"
    folder.mkdir(parents=True)
    return folder


def summarize(config: pytest.Config, terminal) -> None:
    """Point reports/latest at this run and tell where the report is."""
    folder = run_dir(config)
    if folder is None:
        return
    latest = folder.parent / "latest"
    if latest.is_symlink() or latest.exists():
        latest.unlink()
    os.symlink(folder.name, latest)
    terminal.write_sep("-", "Homologa rehearsal report")
    terminal.write_line(f"HTML report:    {folder / 'report.html'}")
    terminal.write_line(f"JUnit XML:      {folder / 'junit.xml'}")
    terminal.write_line(f"Cucumber JSON:  {folder / 'cucumber.json'}")
    terminal.write_line(f"Screenshots:    {folder / 'screenshots'}")
    terminal.write_line(f"Videos:         {folder / 'videos'}")
    if (folder / "pack").is_dir():
        packs = ", ".join(sorted(p.name for p in (folder / "pack").iterdir()))
        terminal.write_line(f"Packs:          {folder / 'pack'} ({packs})")
    terminal.write_line(f"Latest run:     {latest}")
