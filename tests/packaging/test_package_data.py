"""A non-editable install carries every file the servers read at run time (templates, static
files, the SQLite schema): each one is matched by pyproject's package-data."""

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_SUFFIXES = {".html", ".css", ".js", ".sql", ".svg", ".png", ".ico"}


@pytest.mark.parametrize("package", ["simulator", "reference_app"])
def test_every_runtime_file_is_package_data(package: str) -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"][package]
    base = ROOT / package
    shipped = {path for pattern in patterns for path in base.glob(pattern) if path.is_file()}
    needed = {p for p in base.rglob("*") if p.suffix in RUNTIME_SUFFIXES
              and "__pycache__" not in p.parts}
    assert needed - shipped == set()
