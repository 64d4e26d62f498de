"""`python -m bench [name ...] [--option ...]`: run every bench/bench_*.py module's main(), or the
named ones; options (`--memory`) are left in sys.argv for the modules to read."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    available = sorted(p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py"))
    chosen = [arg for arg in argv if not arg.startswith("-")] or available
    unknown = [name for name in chosen if name not in available]
    if unknown:
        print(f"bench: unknown benchmark {', '.join(unknown)}; available: {', '.join(available)}",
              file=sys.stderr)
        return 2
    for name in chosen:
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(f"bench.bench_{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
