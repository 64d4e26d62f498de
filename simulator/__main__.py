"""`python -m simulator`: serve the simulator standalone and print what a person needs to use it."""

from __future__ import annotations

import argparse
import sys

import waitress

from simulator import create_app
from simulator.world import World

THREADS = 32  # every open Messenger tab holds one thread for its SSE stream


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m simulator",
                                     description="Serve the Homologa Meta simulator.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=None, help="seed of the world (default 2026)")
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
             f"  Verify token:  {app['verify_token']}", f"  Page token:    {page['access_token']}",
             "  Test accounts:"]
    for account in state["test_accounts"]:
        lines.append(f"    {account['name']} <{account['email']}> password {account['password']}"
                     f"  role={account['role']}  psid={account['psid']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = {} if args.seed is None else {"SEED": args.seed}
    try:
        app = create_app(config)
    except (ValueError, TypeError, KeyError) as exc:
        print(f"simulator: bad configuration: {exc}", file=sys.stderr)
        return 2
    world = app.extensions["homologa.world"]
    print(describe(world, f"http://{args.host}:{args.port}"), flush=True)
    try:
        waitress.serve(app, host=args.host, port=args.port, threads=THREADS, ident="homologa")
    except OSError as exc:
        print(f"simulator: cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
