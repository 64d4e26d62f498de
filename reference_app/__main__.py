"""``python -m reference_app``: serve the Interact Multiagent reference app with waitress.

Every option falls back to its ``HOMOLOGA_*`` environment variable (read by
``create_app``); a missing required value ends the program with one line and exit code 2.
``python -m reference_app check`` and ``python -m reference_app admin ...`` are in ``cli``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import waitress

from . import create_app

_OPTIONS = {  # option -> config key
    "--graph-url": "GRAPH_URL",
    "--app-secret": "APP_SECRET",
    "--verify-token": "VERIFY_TOKEN",
    "--page-token": "PAGE_TOKEN",
    "--app-id": "APP_ID",
    "--facebook-url": "FACEBOOK_URL",
    "--database": "DATABASE",
}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m reference_app",
                                     description="Interact Multiagent reference agent desk.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--threads", type=int, default=16,
                        help="waitress threads (each desk's SSE stream holds one; min 16)")
    for option, key in _OPTIONS.items():
        parser.add_argument(option, dest=key, default=None, help=f"default: $HOMOLOGA_{key}")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if {"check", "admin"} & set(argv):
        from . import cli

        return cli.main(argv)
    args = parse_args(argv)
    config = {key: getattr(args, key) for key in _OPTIONS.values()
              if getattr(args, key) is not None}
    try:
        app = create_app(config)
    except (ValueError, RuntimeError) as exc:
        print(f"reference_app: {exc}", file=sys.stderr)
        return 2
    server = waitress.create_server(app, host=args.host, port=args.port,
                                    threads=max(16, args.threads), ident="reference_app")
    url = f"http://{args.host}:{server.effective_port}"  # bound: right even with --port 0
    print(f"Interact Multiagent on {url}/interact_multiagent (webhook {url}/webhook)",
          flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
