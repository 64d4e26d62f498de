"""`pytest features/ --profile x.toml` drives an app the harness did not start, like a real one.

The reference app plays the team's deployment here: started apart, pointed at the simulator's
fixed port and given the seeded world's secrets, as profiles/template.toml tells a team to do.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import reference_app
import simulator
from homologa import servers

ROOT = Path(__file__).resolve().parents[2]
SEED = 2026


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seeded_world() -> dict:
    """What `python -m simulator --seed 2026` prints: the same for every start with that seed."""
    return simulator.create_app({"SEED": SEED}).test_client().get("/_sim/world").get_json()


def test_the_features_drive_an_external_deployment_through_a_profile(tmp_path: Path) -> None:
    world, simulator_port = seeded_world(), free_port()
    deployment = servers.start(reference_app.create_app({
        "DATABASE": str(tmp_path / "desk.sqlite"),
        "GRAPH_URL": f"http://127.0.0.1:{simulator_port}",
        "APP_SECRET": world["app"]["secret"], "VERIFY_TOKEN": world["app"]["verify_token"],
        "PAGE_TOKEN": world["page"]["access_token"]}))
    profile = tmp_path / "deployment.toml"
    profile.write_text(
        f'target = "external"\napp_url = "{deployment.url}"\n'
        f'webhook_url = "{deployment.url}/webhook"\n[simulator]\nport = {simulator_port}\n'
        '[agent]\nlogin = "${DESK_LOGIN}"\npassword = "${DESK_PASSWORD}"\n')
    try:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "features", "-q", "-m", "pages_messaging",
             "-k", "sends_a_messenger_message", "--profile", str(profile), "--no-video",
             "--homologa-seed", str(SEED), "--reports-dir", str(tmp_path / "reports")],
            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
            env={**os.environ, "DESK_LOGIN": "agente", "DESK_PASSWORD": "Aa123*"})
    finally:
        deployment.stop()
    assert run.returncode == 0, run.stdout[-3000:]
    assert "1 passed" in run.stdout
    steps = next((tmp_path / "reports").glob("*/pack/pages_messaging/step-by-step.txt"))
    assert f"{deployment.url}/interact_multiagent" in steps.read_text()

