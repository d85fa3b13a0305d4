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

from compiler.build.incremental_outputs import OutputState
from compiler.build.pipeline import CompileSettings, compile_catalog
from compiler.config import load_config
from compiler.diagnostics import LintResult
from tests.compile_project import (
    FIXTURE,
    TODAY,
    age,
    compiled_project,
    run,
    snapshot,
)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return compiled_project(tmp_path)


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


def test_a_kept_page_changed_on_disk_is_never_written_by_reference(tmp_path: Path) -> None:
    """A Kept output whose file changed after it was checked makes the write refuse
    (StaleOutput) before touching anything; one whose stat still matches is linked."""
    from compiler.build.output import Kept, sha256
    from compiler.build.swap import StaleOutput, write_output

    out = tmp_path / "out"
    write_output(out, {"manifest.json": b"{}\n", "a.html": b"old"})
    st = os.lstat(out / "a.html")
    kept = Kept(sha256(b"old"), (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    report = write_output(out, {"manifest.json": b"{}\n", "a.html": kept, "b.html": b"new"})
    assert report.written == ("b.html",) and (out / "a.html").read_bytes() == b"old"
    (out / "a.html").write_bytes(b"xyz")  # same size, new bytes: the stat changes
    with pytest.raises(StaleOutput):
        write_output(out, {"manifest.json": b"{}\n", "a.html": kept, "c.html": b"new"})
    assert snapshot(out) == {"manifest.json": b"{}\n", "a.html": b"xyz", "b.html": b"new"}


def test_the_probe_trusts_stats_only_when_mtimes_and_ctimes_are_old(tmp_path: Path) -> None:
    """InputKeys settles on mtimes (as git); the compile probe also asks the ctime, so an input
    whose mtime was set back just now never gets its stat key pointed at a content key."""
    from compiler.build.incremental_probe import CompileProbe

    (tmp_path / "a.yaml").write_text("a: 1\n", "utf-8")
    age(tmp_path)  # mtime 10 s old, ctime now
    probe = CompileProbe(tmp_path / "cache", tmp_path / "out", [str(tmp_path / "a.yaml")], "")
    assert probe.keys.settled and not probe.settled()
    probe.store({}, LintResult(diagnostics=[], files=1, items=0), {}, OutputState())
    assert not list((tmp_path / "cache").glob("*-stat-*"))
