"""The table ``benchmarks.run`` prints, the targets of issue 7, and benchmarks/RESULTS.md.

RESULTS.md keeps whatever is written outside the generated block (the profile notes and the
history of changes); only the text between the two markers is replaced on each run.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.cases import Row

BEGIN = "<!-- benchmarks.run: begin -->"
END = "<!-- benchmarks.run: end -->"


@dataclass(frozen=True, slots=True)
class Target:
    what: str
    met: bool | None  # None: not measured in this run
    detail: str


def machine() -> str:
    memory = "?"
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), {memory} memory, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
        f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}; load average at the end {load}"
    )


def _mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def table(rows: Sequence[Row], reference: Row | None) -> str:
    """A Markdown table: median wall time, CPU time, peak memory, ratio to the reference."""
    lines = [
        "| measurement | runs | wall (median) | CPU | peak memory (tree) | × check-jsonschema | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        m = row.measured
        ratio = f"{m.seconds / reference.measured.seconds:.3f}" if reference else "—"
        lines.append(
            f"| {row.name} | {len(m.runs)} | {m.seconds:.2f} s | {m.cpu_seconds:.2f} s "
            f"| {_mb(m.tree_kb)} | {ratio} | {row.note} |"
        )
    return "\n".join(lines)


def _find(rows: Sequence[Row], prefix: str) -> Row | None:
    return next((row for row in rows if row.name.startswith(prefix)), None)


def targets(rows: Sequence[Row]) -> list[Target]:
    found: list[Target] = []

    def add(what: str, row: Row | None, limit: float, value: float | None = None) -> None:
        if row is None:
            found.append(Target(what, None, "not measured"))
            return
        got = row.measured.seconds if value is None else value
        found.append(Target(what, got <= limit, f"{got:.3g} (limit {limit:g})"))

    cold, peer = _find(rows, "zwfw lint, cold"), _find(rows, "check-jsonschema")
    if cold and peer:
        add("cold city lint ≤ 0.2 × check-jsonschema", cold, 0.2, cold.measured.seconds / peer.measured.seconds)
    else:
        add("cold city lint ≤ 0.2 × check-jsonschema", None, 0.2)
    add("warm city lint ≤ 0.5 s", _find(rows, "zwfw lint, warm"), 0.5)
    add("compile cold ≤ 15 s", _find(rows, "zwfw compile, cold"), 15)
    add("compile after a one-item edit ≤ 1.5 s", _find(rows, "zwfw compile, after"), 1.5)
    add("diff of two city versions ≤ 3 s", _find(rows, "zwfw diff"), 3)
    nation = _find(rows, "zwfw lint, nation")
    add("nation lint ≤ 60 s", nation, 60)
    add("nation lint peak memory ≤ 4 GB (all processes)", nation, 4096,
        nation.measured.tree_kb / 1024 if nation else None)
    return found


def summary(rows: Sequence[Row], versions: dict[str, str]) -> str:
    reference = _find(rows, "check-jsonschema")
    parts = [
        f"Machine: {machine()}.",
        "",
        f"Peers: {', '.join(f'{k} {v}' for k, v in versions.items())}.",
        "",
        table(rows, reference),
        "",
        "| target | met | measured |",
        "|---|---|---|",
    ]
    for target in targets(rows):
        met = "—" if target.met is None else ("yes" if target.met else "**no**")
        parts.append(f"| {target.what} | {met} | {target.detail} |")
    return "\n".join(parts)


def write_results(path: Path, text: str) -> None:
    """Replace the generated block of RESULTS.md (or start the file with it)."""
    block = f"{BEGIN}\n{text}\n{END}"
    old = path.read_text("utf-8") if path.is_file() else "# Benchmark results\n\n" + BEGIN + END
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        new = head + block + tail
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new if new.endswith("\n") else new + "\n", "utf-8")
