"""Time zwfw against the tools a user would otherwise run, side by side, in one run.

    .venv/bin/python -m benchmarks.run [--repeat 3] [--peer-repeat 1] [--nation] [--work DIR]

Generates the catalogs (city with planted findings; city without them, for compile; city as
its 2026 version, for diff; nation with ``--nation``) under ``--work`` (default
$TMPDIR/zwfw-bench), measures, prints a table with the ratios and the targets of
issue 7, and rewrites the generated block of benchmarks/RESULTS.md. The peers run from
benchmarks/.venv (see ``benchmarks.peers``). Timings are medians; the machine is named in the
results because other work on a shared machine makes every number noisy.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchmarks import cases
from benchmarks.peers import ensure_peers
from benchmarks.report import summary, write_results

HERE = Path(__file__).resolve().parent


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def precompile() -> None:
    """Compile zwfw's modules to bytecode, as pip does for a regular install: an editable
    install has none, and where PYTHONDONTWRITEBYTECODE is set (as on our CI machines) every
    run would compile ≈100 modules from source again (≈0.1 s of CPU per command)."""
    import compileall

    root = HERE.parent
    compileall.compile_dir(root / "compiler", quiet=1)
    for module in sorted(root.glob("cli*.py")):
        compileall.compile_file(module, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each zwfw measurement")
    parser.add_argument("--peer-repeat", type=int, default=1, help="runs of each peer (slow)")
    parser.add_argument("--nation", action="store_true", help="also lint the nation catalog (minutes)")
    parser.add_argument("--no-peers", action="store_true", help="skip check-jsonschema and yamllint")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "zwfw-bench",
        help="where catalogs are generated (outside any zwfw project)",
    )
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)

    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    precompile()
    say("generating catalogs …")
    city = cases.generate(work / "city", "city")
    clean = cases.generate(work / "city-clean", "city", "--no-defects")
    newer = cases.generate(work / "city-2026", "city", "--no-defects", "--version", "2026")

    rows = []
    say("zwfw lint …")
    rows.append(cases.lint_cold(city, args.repeat))
    rows.append(cases.lint_warm(city, args.repeat))
    rows.append(cases.lint_warm_text(city, args.repeat))
    rows.append(cases.lint_after_edit(cases.working_copy(city, work / "lint-edit"), args.repeat))
    versions: dict[str, str] = {}
    if not args.no_peers:
        peers = ensure_peers()
        versions = peers.versions()
        say("check-jsonschema …")
        rows.append(cases.check_jsonschema(city, peers, args.peer_repeat))
        say("yamllint …")
        rows.append(cases.yamllint(city, peers, args.peer_repeat))
    say("zwfw compile …")
    rows.extend(cases.compile_rows(cases.working_copy(clean, work / "compile"), args.repeat))
    say("zwfw diff …")
    rows.append(cases.diff_row(clean, newer, args.repeat))
    if args.nation:
        say("nation: generating and linting (minutes) …")
        nation = cases.generate(work / "nation", "nation")
        rows.append(cases.nation_row(nation))

    text = summary(rows, versions)
    print(text)
    write_results(args.results, text)
    say(f"written to {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
