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


def test_standalone_server_serves_the_control_api() -> None:
    import requests

    process = subprocess.Popen([sys.executable, "-m", "simulator", "--port", "0", "--seed", "7"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()  # printed once the socket is bound
        url = first.rsplit(" on ", 1)[1].strip()
        world = requests.get(f"{url}/_sim/world", timeout=10).json()
        assert world["seed"] == 7
        assert requests.get(f"{url}/v25.0/me", timeout=10,
                            params={"access_token": world["page"]["access_token"]}).json() == {
            "name": world["page"]["name"], "id": world["page"]["id"]}
    finally:
        process.terminate()
        process.wait(timeout=10)
