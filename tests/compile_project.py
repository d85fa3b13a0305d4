"""A compile project for the incremental tests: tests/fixtures/compile in a folder with a
pyproject.toml holding [tool.zwfw], compiled in-process; whether the probe answered is seen
from the progress callback (a probe answer runs no stage)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from compiler.build.pipeline import CompileResult, CompileSettings, compile_catalog
from compiler.config import load_config

FIXTURE = Path(__file__).parent / "fixtures" / "compile" / "catalog"
TODAY = dt.date(2025, 6, 1)


def make_project(root: Path, catalog: Path = FIXTURE) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(
        '[tool.zwfw]\ncatalog = "catalog"\noutput = "generated"\n', "utf-8"
    )
    shutil.copytree(catalog, root / "catalog")
    return root


def run(root: Path, *, check: bool = False, today: dt.date = TODAY) -> tuple[CompileResult, bool]:
    """Compile the project; returns the result and whether any stage ran."""
    config = load_config(root)
    stages: list[str] = []
    settings = CompileSettings(
        catalog=config.catalog,
        out=config.output,
        config=config,
        today=today,
        check=check,
        progress=lambda _i, _n, what: stages.append(what),
    )
    return compile_catalog(settings), bool(stages)


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def age(root: Path, seconds: float = 10.0) -> None:
    """Set every file's mtime back (its ctime stays: only the probe's racy guard notices)."""
    for path in root.rglob("*"):
        if path.is_file():
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - int(seconds * 1e9)))


def compiled_project(tmp_path: Path) -> Path:
    """The fixture project, compiled once (every output written)."""
    root = make_project(tmp_path / "project")
    result, _ = run(root)
    assert result.outcome == "written"
    return root
