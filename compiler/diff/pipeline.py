"""``zwfw diff`` as one function: two inputs in, a DiffReport out.

load (directory or ``REF:PATH``) → refuse unreadable files → snapshot → pair entries →
compare fields → classify effects. Rendering is the caller's choice (``RENDERERS``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compiler.diff.compare import compare_snapshots
from compiler.diff.model import DiffReport
from compiler.diff.snapshot import Snapshot, build_snapshot
from compiler.diff.sources import DiffInputError, load_input
from compiler.load.yaml12 import Limits

__all__ = ["DiffInputError", "DiffSettings", "run_diff"]

MAX_LISTED = 10  # unreadable files named in the message


@dataclass(slots=True)
class DiffSettings:
    old: str  # a catalog directory or REF:PATH
    new: str
    cwd: Path  # where directories are resolved and git runs
    limits: Limits = field(default_factory=Limits)


def load_snapshot(spec: str, cwd: Path, limits: Limits) -> Snapshot:
    """One version, or DiffInputError naming every file that cannot be read."""
    loaded = load_input(spec, cwd, limits)
    if not any(source.kind is not None for source in loaded.sources):
        raise DiffInputError(
            f"{spec} 不是目录文件夹：其中没有 catalog.yaml，也没有 licensing/ 等清单文件夹"
        )
    broken = [source for source in loaded.sources if not source.readable]
    if broken:
        lines = []
        for source in broken[:MAX_LISTED]:
            if source.problems:
                first = source.problems[0]
                where = f"{source.display}:{first.line}:{first.column}"
                lines.append(f"  {where}: {first.message}")
            else:
                lines.append(f"  {source.display}: 无法读取")
        if len(broken) > MAX_LISTED:
            lines.append(f"  ……另有 {len(broken) - MAX_LISTED} 个文件")
        raise DiffInputError(
            f"{spec} 中有 {len(broken)} 个文件无法读取，无法比较：\n"
            + "\n".join(lines)
            + "\n请先用 zwfw lint 检查并修正这些文件。"
        )
    return build_snapshot(loaded.sources)


def run_diff(settings: DiffSettings) -> DiffReport:
    old = load_snapshot(settings.old, settings.cwd, settings.limits)
    new = load_snapshot(settings.new, settings.cwd, settings.limits)
    report = compare_snapshots(old, new)
    report.old_label, report.new_label = settings.old, settings.new
    return report
