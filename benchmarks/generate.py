"""合成目录生成器: deterministic synthetic catalogs for zwfw's benchmarks and tests.

    python -m benchmarks.generate --scale city|nation|small --out DIR [--seed N]
                                  [--version 2025] [--defects | --no-defects]

Writes ``DIR/catalog/`` in the layout of catalog-format.md §1, ``DIR/expected-findings.json``
(the findings planted on purpose: a sorted list of ``{rule, item, file}``) and
``DIR/generation.json`` (settings, counts, bytes). Without defects the catalog is meant to be
clean under every rule of rulebook.md; with them, every planted finding is listed.

Determinism: every record draws from its own ``random.Random`` seeded from (seed, record
number), nothing iterates a set or reads the clock, so one seed gives byte-identical output.
A later ``--version`` evolves the same catalog (some promised times cut, some items reach
全程网办, a few items added at the end of each file) so that two versions make a realistic diff.

YAML is written as text: every string is double-quoted with ``json.dumps`` (a JSON string is a
YAML 1.2 double-quoted scalar), so codes, dates and words like ``no`` never change type.
Standard library only.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from benchmarks.gen import cli
from benchmarks.gen.run import generate
from benchmarks.gen.scales import BASE_VERSION, SCALES, Scale

__all__ = ["BASE_VERSION", "SCALES", "Scale", "generate", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; its help text is this module's docstring."""
    return cli.main(argv, description=__doc__)


if __name__ == "__main__":
    sys.exit(main())
