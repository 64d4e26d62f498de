"""`python -m simulator`: serve the simulator standalone and print what a person needs to use it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from waitress.server import create_server

from simulator import create_app, seeding
from simulator.errors import SimulatorError
from simulator.world import World

THREADS = 32  # every open Messenger tab holds one thread for its SSE stream


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line of cause and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"simulator: {message} (see --help)\n")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = _Parser(prog="python -m simulator", description="Serve the Homologa Meta simulator.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=None, help="seed of the world (default 2026)")
    parser.add_argument("--seed-file", type=Path, default=None,
                        help="build the world from a JSON or TOML seed spec (see seeding.py)")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535, not {args.port}")
    return args


def describe(world: World, url: str) -> str:
    state = world.describe()
    app, page = state["app"], state["page"]
    lines = [f"Homologa simulator (simulated Meta, not Facebook) on {url}",
             f"  Page:          {url}{page['url']}  ({page['name']}, id {page['id']})",
             f"  Graph API:     {url}/{state['graph_version']}/me/messages",
             f"  App id:        {app['id']}", f"  App secret:    {app['secret']}",
             f"  Verify token:  {app['verify_token']}", f"  Page token:    {page['access_token']}"]
    if state.get("instagram"):
        ig = state["instagram"]
        lines.append(f"  Instagram:     {url}/instagram/{ig['username']}/  (id {ig['id']})")
    if state.get("developer"):
        developer = state["developer"]
        lines.append(f"  User token:    {developer['user_token']}  (app administrator)")
        lines.append(f"  Developer:     {developer['email']} password {developer['password']}"
                     "  (logs in to Facebook Login and manages the Page)")
    lines += [f"  Control API:   {url}/_sim/world  (journal: {url}/_sim/inspector)",
              "  Test accounts:"]
    for account in state["test_accounts"]:
        lines.append(f"    {account['name']} <{account['email']}> password {account['password']}"
                     f"  role={account['role'] or 'none'}  psid={account['psid']}"
                     f"  igsid={account['igsid']}")
    return "\n".join(lines)


def load_seed_file(world: World, path: Path) -> None:
    """`--seed-file`: a `.json` file is JSON, anything else TOML (as `POST /_sim/seed`)."""
    mimetype = "application/json" if path.suffix == ".json" else "application/toml"
    spec = seeding.parse(path.read_text(encoding="utf-8"), mimetype)
    seed = spec.get("seed")
    world.reset(seed if isinstance(seed, int) else None, spec)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = {} if args.seed is None else {"SEED": args.seed}
    try:
        app = create_app(config)
        if args.seed_file is not None:
            load_seed_file(app.extensions["homologa.world"], args.seed_file)
    except (ValueError, TypeError, KeyError) as exc:
        print(f"simulator: bad configuration: {exc}", file=sys.stderr)
        return 2
    except (OSError, SimulatorError) as exc:
        print(f"simulator: cannot use --seed-file {args.seed_file}: {exc}", file=sys.stderr)
        return 2
    try:
        server = create_server(app, host=args.host, port=args.port, threads=THREADS,
                               ident="homologa")
    except OSError as exc:
        print(f"simulator: cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    url = f"http://{args.host}:{server.effective_port}"
    print(describe(app.extensions["homologa.world"], url), flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
