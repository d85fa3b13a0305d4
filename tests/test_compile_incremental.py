"""Incremental compile: the probe answers only when nothing changed, and a compile that reuses
earlier work writes exactly what a compile from scratch writes.

Runs ``compile_catalog`` in-process on a project (pyproject.toml with [tool.zwfw]) holding
tests/fixtures/compile; whether the probe answered is seen from the progress callback (a probe
answer runs no stage).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

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


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    result, _ = run(root)
    assert result.outcome == "written"
    return root


def test_nothing_changed_is_answered_by_the_probe(project: Path) -> None:
    before = snapshot(project / "generated")
    result, built = run(project)
    assert (result.outcome, built) == ("unchanged", False)
    assert result.files == tuple(sorted(before))
    result, built = run(project, check=True)
    assert (result.outcome, built) == ("up-to-date", False)
    assert snapshot(project / "generated") == before


def test_an_edited_output_is_noticed_and_put_back(project: Path) -> None:
    out = project / "generated"
    before = snapshot(out)
    page = next(p for p in sorted(before) if p.startswith("guides/items/"))
    (out / page).write_bytes(before[page] + b"<!-- edited -->")
    result, built = run(project, check=True)
    assert (result.outcome, built) == ("out-of-date", True)
    assert result.differences.changed == (page,)
    result, _ = run(project)
    assert (result.outcome, result.written) == ("written", (page,))
    assert snapshot(out) == before
    (out / "extra.txt").write_text("x")
    result, _ = run(project)
    assert result.outcome == "written"
    assert snapshot(out) == before


def test_same_bytes_under_new_stats_are_still_unchanged(project: Path) -> None:
    age(project / "catalog")
    age(project / "generated")
    result, built = run(project)
    assert (result.outcome, built) == ("unchanged", False)
    result, built = run(project)  # the outputs' stats are trusted now
    assert (result.outcome, built) == ("unchanged", False)


@pytest.mark.parametrize("change", ["catalog", "today", "template", "rules", "cache"])
def test_any_input_change_is_compiled(project: Path, change: str) -> None:
    today = TODAY
    if change == "catalog":
        path = project / "catalog" / "materials.yaml"
        path.write_text(path.read_text("utf-8") + "\n# a comment\n", "utf-8")
    elif change == "today":
        today = dt.date(2030, 1, 1)
    elif change == "template":
        (project / "templates").mkdir()
        (project / "templates" / "unused.j2").write_text("x")
        with (project / "pyproject.toml").open("a") as handle:
            handle.write('templates = "templates"\n')
    elif change == "rules":
        shutil.copytree(load_config(project).rules, project / "rules")
    else:
        shutil.rmtree(project / ".zwfw-cache")
    result, built = run(project, today=today)
    assert built
    # none of these changes a page; the manifest holds the digest of the catalog's bytes
    assert result.written == (("manifest.json",) if change == "catalog" else ())


def test_outside_a_project_nothing_is_cached(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "catalog")
    config = load_config(tmp_path)
    assert config.project is None
    for _ in range(2):
        settings = CompileSettings(config.catalog, tmp_path / "out", config, TODAY)
        compile_catalog(settings)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "out"]
