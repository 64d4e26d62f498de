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


def test_seed_file_builds_the_standalone_world(tmp_path) -> None:
    import requests

    seed = tmp_path / "world.toml"
    seed.write_text('seed = 9\n[[pages]]\nname = "ACME"\nusername = "acme"\n', encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "simulator", "--port", "0",
                                "--seed-file", str(seed)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().rsplit(" on ", 1)[1].strip()
        world = requests.get(f"{url}/_sim/world", timeout=10).json()
        assert (world["seed"], world["page"]["name"]) == (9, "ACME")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_bad_seed_file_is_one_line(tmp_path) -> None:
    seed = tmp_path / "world.toml"
    seed.write_text("colour = 1\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "simulator", "--seed-file", str(seed)],
                         check=False, capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stderr.strip()) == (
        2, (f"simulator: cannot use --seed-file {seed}: unknown seed keys: colour (known: app, "
           "conversations, pages, seed, users)"))


def test_the_printed_world_gives_the_developers_facebook_login() -> None:
    """Connecting a Page by hand needs the developer's login (README, Running the servers)."""
    import simulator
    from simulator.__main__ import describe

    world = simulator.create_app({"SEED": 7}).extensions["homologa.world"]
    developer = world.describe()["developer"]
    assert (f"  Developer:     {developer['email']} password {developer['password']}"
            in describe(world, "http://127.0.0.1:8000"))
