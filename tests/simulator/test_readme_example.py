"""The README's control-API session, run as written against a live simulator and receiver."""

from __future__ import annotations

import re
from pathlib import Path

from sim_actors import Receiver

from homologa.servers import RunningServer

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_session() -> str:
    section = README.read_text().split("## The simulator's control API", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


def test_readme_session_runs(simulator_server: RunningServer, receiver: Receiver,
                             capsys) -> None:
    namespace = {"SIMULATOR_URL": simulator_server.url, "RECEIVER_URL": receiver.url}
    exec(compile(readme_session(), str(README), "exec"), namespace)  # noqa: S102
    assert namespace["delivered"]["outcome"] == "delivered"
    assert "RATE_LIMIT" in capsys.readouterr().out
    assert receiver.wait_for_post().body.count(namespace["sent"]["mid"].encode()) == 1
