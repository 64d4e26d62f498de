"""``python -m reference_app check`` and ``python -m reference_app admin ...``.

Both work on the database directly (``--database`` or ``HOMOLOGA_DATABASE``), without the
Meta secrets the server needs. ``check`` prints each best practice of the guide's section
1 as PASS/FAIL (``--json`` for the same JSON as ``GET /interact_multiagent/admin/check``)
and exits 1 when one fails. ``admin`` shows and changes services and agents.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import create_app, practices, store

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reference_app")
    parser.add_argument("--database", help="SQLite file (default: $HOMOLOGA_DATABASE)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="report the guide's best practices")
    check.add_argument("--json", action="store_true", help="print JSON")
    admin = commands.add_parser("admin", help="services and agents").add_subparsers(
        dest="action", required=True)
    admin.add_parser("show", help="list services and agents")
    add_agent = admin.add_parser("add-agent", help="create an agent (pending password)")
    add_agent.add_argument("login")
    add_agent.add_argument("--name")
    add_agent.add_argument("--password", help="set it now instead of at the first login")
    add_agent.add_argument("--service", action="append", default=[], help="service name")
    set_agent = admin.add_parser("set-agent", help="change an agent")
    set_agent.add_argument("login")
    set_agent.add_argument("--services", help="comma-separated service names (replaces)")
    for sub in (add_agent, set_agent):
        sub.add_argument("--positions", type=int)
        sub.add_argument("--auto-answer", choices=store.AUTO_ANSWER_MODES)
    add_service = admin.add_parser("add-service", help="create a receptive service")
    add_service.add_argument("name")
    set_service = admin.add_parser("set-service", help="switch a service's settings")
    set_service.add_argument("name")
    for sub in (add_service, set_service):
        for flag in ("classification", "post-service", "social-entry"):
            sub.add_argument(f"--{flag}", choices=("on", "off"))
    return parser


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    config = {"REQUIRE_SECRETS": False, **({"DATABASE": args.database} if args.database else {})}
    try:
        app = create_app(config)
        with app.app_context():
            return _check(args) if args.command == "check" else _admin(args)
    except (ValueError, LookupError, RuntimeError) as error:
        print(f"reference_app: {error}", file=sys.stderr)
        return 2


def _check(args: argparse.Namespace) -> int:
    result = practices.report()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for practice in result["practices"]:
            verdict = "PASS" if practice["ok"] else "FAIL"
            print(f"{verdict}  {practice['id']:<18} {practice['title']} ({practice['detail']})")
    return 0 if result["ok"] else 1


def _admin(args: argparse.Namespace) -> int:
    action = args.action
    if action == "add-service":
        store.create_service(args.name, **_flags(args, default=False))
    elif action == "set-service":
        store.update_service(_service(args.name)["id"], **_flags(args, default=None))
    elif action == "add-agent":
        agent_id = store.create_agent(args.login, args.name, password=args.password,
                                      positions=args.positions or 8,
                                      auto_answer=args.auto_answer or "automatic")
        for name in args.service:
            store.add_service_agent(_service(name)["id"], agent_id)
    elif action == "set-agent":
        _set_agent(args)
    _show()
    return 0


def _set_agent(args: argparse.Namespace) -> None:
    agent = store.agent_by_login(args.login)
    if agent is None:
        raise LookupError(f"no agent with login {args.login!r}")
    store.update_agent(agent["id"], positions=args.positions, auto_answer=args.auto_answer)
    if args.services is not None:
        wanted = {_service(name)["id"] for name in args.services.split(",") if name.strip()}
        for service in store.list_services():
            change = store.add_service_agent if service["id"] in wanted else store.remove_service_agent
            change(service["id"], agent["id"])


def _service(name: str) -> dict:
    service = store.service_by_name(name.strip())
    if service is None:
        names = ", ".join(repr(s["name"]) for s in store.list_services())
        raise LookupError(f"no service named {name!r}; services: {names}")
    return service


def _flags(args: argparse.Namespace, default: bool | None) -> dict[str, bool]:
    flags = {}
    for flag in store.SERVICE_FLAGS:
        value = getattr(args, flag)
        if value is not None or default is not None:
            flags[flag] = value == "on" if value is not None else bool(default)
    return flags


def _show() -> None:
    services = {s["id"]: s["name"] for s in store.list_services()}
    for service in store.list_services():
        switches = ", ".join(f"{flag}={'on' if service[flag] else 'off'}"
                             for flag in store.SERVICE_FLAGS)
        print(f"service {service['name']!r} ({service['kind']}): {switches}")
    for agent in store.list_agents():
        answers = ", ".join(services[s] for s in agent["services"]) or "no service"
        password = "password set" if agent["password_set"] else "pending password"
        print(f"{agent['role']} {agent['login']!r}: {password}, {agent['auto_answer'].upper()},"
              f" {agent['positions']} positions, {agent['status']}; answers {answers}")
