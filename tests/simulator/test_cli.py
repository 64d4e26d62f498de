"""`python -m simulator`: bad arguments end with one line of cause and a non-zero status."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(("args", "cause"), [
    (["--port", "abc"], "simulator: argument --port: invalid int value: 'abc' (see --help)"),
    (["--port", "70000"], "simulator: --port must be between 0 and 65535, not 70000 (see --help)"),
    (["--seed", "x"], "simulator: argument --seed: invalid int value: 'x' (see --help)"),
])
def test_bad_arguments(args: list[str], cause: str) -> None:
    run = subprocess.run([sys.executable, "-m", "simulator", *args], check=False,
                         capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stderr.strip(), run.stdout) == (2, cause, "")
