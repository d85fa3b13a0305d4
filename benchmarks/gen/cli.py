"""The command line of ``python -m benchmarks.generate``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.gen.run import generate
from benchmarks.gen.scales import BASE_VERSION, SCALES


def main(argv: Sequence[str] | None = None, description: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), required=True)
    parser.add_argument("--out", required=True, type=Path, help="output directory")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--version", type=int, default=BASE_VERSION, help="catalog year, e.g. 2026")
    parser.add_argument("--defects", action=argparse.BooleanOptionalAction, default=None,
                        help="plant known findings (default: on for city/nation, off for small)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        summary = generate(args.scale, args.out, args.seed, args.version, args.defects)
    except FileExistsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    print(f"{summary['scale']}: {summary['service_items']} service items, "
          f"{summary['files']} files, "
          f"{summary['bytes'] / 1e6:.1f} MB, {summary['planted']} planted findings "
          f"in {elapsed:.1f} s → {os.fspath(args.out)}")
    return 0
