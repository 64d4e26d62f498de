"""The harness's command line: `python -m homologa lint STEPS.md --profile PROFILE.toml` and
`python -m homologa readiness READINESS.toml | --world SIMULATOR_URL`."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from homologa import lint, profiles, readiness

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m homologa", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "lint", help="check a hand-written step-by-step against the profile and the app",
        description="Check a step-by-step (text or Markdown) against the target profile: the "
                    "direct URL, the quoted labels, the status named vs selected, the menu's "
                    "side, English only, placeholders, credentials and step numbers. Prints one "
                    "line per finding (FILE:LINE: [rule] message (source)); exit 1 on findings.")
    check.add_argument("steps", type=Path, metavar="STEPS", help="the step-by-step file")
    check.add_argument("--profile", metavar="PATH", help="target profile (default: the bundled)")
    check.add_argument("--app-url", metavar="URL",
                       help="the app's public URL (scheme and host), if the profile has none")
    check.add_argument("--check-app", action="store_true",
                       help="also open the direct URL: it must answer 200 with the ENTER label")
    commands.add_parser(
        "readiness", add_help=False,
        help="check app settings, Page and API usage before App Review (see homologa.readiness)")
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["readiness"]:
        return readiness.main(arguments[1:])
    args = _parser().parse_args(arguments)
    try:
        profile = profiles.load(args.profile)
        source = args.steps.read_text(encoding="utf-8")
    except profiles.ProfileError as exc:
        print(f"lint: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"lint: {args.steps}: {exc.strerror}", file=sys.stderr)
        return 2
    if args.app_url:
        profile = dataclasses.replace(profile, app_url=args.app_url)
    if not profile.app_url:
        print(f"lint: profile {profile.path} has no app_url; pass --app-url https://your.app",
              file=sys.stderr)
        return 2
    findings = lint.lint(source, profile)
    if args.check_app:
        findings += lint.check_app(profile, profile.wait_seconds)
    for finding in findings:
        print(finding.format(str(args.steps)))
    print(f"{len(findings)} finding(s) in {args.steps}" if findings else f"{args.steps}: no findings")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
