"""``zwfw diff`` as one function: two inputs in, a DiffReport out.

load both (directories or ``REF:PATH``, together: see ``batch``) → refuse unreadable files →
snapshot → pair entries → compare fields → classify effects. Rendering is the caller's
choice (``RENDERERS``).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from compiler.diff.batch import load_inputs
from compiler.diff.compare import compare_snapshots
from compiler.diff.model import DiffReport
from compiler.diff.snapshot import Snapshot, build_snapshot
from compiler.diff.sources import DiffInputError, LoadedInput, load_input
from compiler.load.yaml12 import Limits

__all__ = ["DiffInputError", "DiffSettings", "run_diff"]

MAX_LISTED = 10  # unreadable files named in the message


@dataclass(slots=True)
class DiffSettings:
    old: str  # a catalog directory or REF:PATH
    new: str
    cwd: Path  # where directories are resolved and git runs
    limits: Limits = field(default_factory=Limits)
    #: the parse cache's folder, None for none; "project": the cache of the project (a
    #: pyproject.toml with [tool.zwfw]) around ``cwd``, none outside a project
    cache: Path | Literal["project"] | None = "project"


def load_snapshot(spec: str, cwd: Path, limits: Limits) -> Snapshot:
    """One version, or DiffInputError naming every file that cannot be read."""
    return checked_snapshot(load_input(spec, cwd, limits))


def checked_snapshot(loaded: LoadedInput) -> Snapshot:
    """The snapshot of a loaded version, or DiffInputError: not a catalog, unreadable files."""
    spec = loaded.label
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


def project_cache(cwd: Path) -> Path | None:
    """The parse cache of the project around ``cwd``; None outside a project."""
    from compiler.config import ConfigError, load_config

    try:
        config = load_config(cwd)
    except ConfigError:
        return None
    return config.cache if config.project is not None else None


def run_diff(settings: DiffSettings) -> DiffReport:
    """Both versions loaded together (one pool of parse workers, the parse cache inside a
    project), then compared; the same report as loading them one by one without a cache."""
    cache = project_cache(settings.cwd) if settings.cache == "project" else settings.cache
    collecting = gc.isenabled()
    gc.disable()  # millions of parsed values and no cycles: the collector only costs time
    try:
        snapshots: list[Snapshot] = []
        specs = [settings.old, settings.new]
        for loaded in load_inputs(specs, settings.cwd, settings.limits, cache):
            if isinstance(loaded, DiffInputError):
                raise loaded
            snapshots.append(checked_snapshot(loaded))
        old, new = snapshots
        report = compare_snapshots(old, new)
    finally:
        if collecting:
            gc.enable()
    report.old_label, report.new_label = settings.old, settings.new
    return report
