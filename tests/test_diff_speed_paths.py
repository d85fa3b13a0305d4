"""The fast paths of `zwfw diff` give what the plain path gives, byte for byte.

Plain: each version loaded alone by ``load_input`` in one process, no cache. Fast: both versions
listed together, files shared between them parsed once, one pool of workers, the parse cache
(cold, warm, damaged, evicted, shared with lint). No timing is asserted here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from compiler.diff import RENDERERS
from compiler.diff.batch import load_inputs
from compiler.diff.pipeline import DiffInputError, DiffSettings, load_snapshot, run_diff
from compiler.diff.sources import LoadedInput, load_input
from compiler.load import cache as cache_module
from compiler.load import parallel
from compiler.load.cache import ParseCache
from compiler.load.source import SourceFile, load_catalog
from compiler.load.yaml12 import Limits

FIXTURES = Path("tests/fixtures/diff").resolve()
OLD, NEW = FIXTURES / "2024", FIXTURES / "2025"


def values(sources: list[SourceFile]) -> list[tuple[Any, ...]]:
    return [(s.display, s.kind, s.digest, s.data, s.problems, s.readable) for s in sources]


def rendered(settings: DiffSettings) -> dict[str, str]:
    report = run_diff(settings)
    return {name: render(report) for name, render in RENDERERS.items()}


def plain(old: str, new: str, cwd: Path) -> dict[str, str]:
    """The report of the plain path: each version alone, one process, no cache."""
    from compiler.diff.compare import compare_snapshots

    report = compare_snapshots(
        load_snapshot(old, cwd, Limits()), load_snapshot(new, cwd, Limits())
    )
    report.old_label, report.new_label = old, new
    return {name: render(report) for name, render in RENDERERS.items()}


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small catalogs go through the worker pool too."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)


def loaded(specs: list[str], cwd: Path, **options: Any) -> list[LoadedInput]:
    found = load_inputs(specs, cwd, Limits(), **options)
    assert all(isinstance(item, LoadedInput) for item in found)
    return [item for item in found if isinstance(item, LoadedInput)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_loading_together_equals_loading_alone(forked: None, jobs: int) -> None:
    together = loaded([str(OLD), str(NEW)], Path.cwd(), jobs=jobs)
    for spec, found in zip((OLD, NEW), together, strict=True):
        alone = load_input(str(spec), Path.cwd(), Limits())
        assert found.label == alone.label
        assert values(found.sources) == values(alone.sources)


def test_files_shared_by_both_versions_are_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(OLD, tmp_path / "a")
    shutil.copytree(OLD, tmp_path / "b")
    (tmp_path / "b" / "materials.yaml").write_text(
        (OLD / "materials.yaml").read_text("utf-8") + "# 改动\n", "utf-8"
    )
    parsed: list[str] = []
    original = parallel.parse_bytes

    def counting(source: SourceFile, raw: bytes, limits: Limits) -> SourceFile:
        parsed.append(source.display)
        return original(source, raw, limits)

    monkeypatch.setattr(parallel, "parse_bytes", counting)
    a, b = loaded(["a", "b"], tmp_path, jobs=1)
    files = len(a.sources)
    assert len(parsed) == files + 1  # every file of a, and b's one changed file
    assert values(a.sources) == values(load_input("a", tmp_path, Limits()).sources)
    assert values(b.sources) == values(load_input("b", tmp_path, Limits()).sources)


def test_cold_and_warm_cache_give_the_plain_report(forked: None, tmp_path: Path) -> None:
    expected = plain(str(OLD), str(NEW), Path.cwd())
    settings = DiffSettings(str(OLD), str(NEW), Path.cwd(), cache=tmp_path / "cache")
    assert rendered(settings) == expected  # cold: parses, fills the cache
    assert list((tmp_path / "cache").glob("parsed-*/*.marshal"))
    assert rendered(settings) == expected  # warm: every file from the cache
    for entry in (tmp_path / "cache").glob("parsed-*/*.marshal"):
        entry.write_bytes(entry.read_bytes()[:7])  # damaged entries are parsed again
    assert rendered(settings) == expected
    shutil.rmtree(tmp_path / "cache")
    assert rendered(DiffSettings(str(OLD), str(NEW), Path.cwd(), cache=None)) == expected


def test_warm_diff_parses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    load_inputs([str(OLD), str(NEW)], Path.cwd(), Limits(), cache_dir=cache)

    def no_parse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(parallel, "parse_bytes", no_parse)
    warm = loaded([str(OLD), str(NEW)], Path.cwd(), cache_dir=cache)
    monkeypatch.undo()
    for spec, found in zip((OLD, NEW), warm, strict=True):
        assert values(found.sources) == values(load_input(str(spec), Path.cwd(), Limits()).sources)


def test_lint_and_diff_keep_each_others_entries(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_catalog(NEW, cache_dir=cache)  # lint of the project's catalog
    load_inputs([str(OLD), str(NEW)], Path.cwd(), Limits(), cache_dir=cache)
    for catalog in (OLD, NEW):  # both versions' entries, the lint run's among them
        probe = ParseCache(cache, Limits())
        sources = load_catalog(catalog)
        assert all(probe.fill(SourceFile(s.path, s.display, s.kind, s.digest)) for s in sources)


def test_least_recently_used_entries_leave_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    size = sum(p.stat().st_size for p in OLD.rglob("*.yaml"))
    monkeypatch.setattr(cache_module, "MAX_CACHED_BYTES", size + size // 4)
    shutil.copytree(OLD, tmp_path / "one")
    shutil.copytree(OLD, tmp_path / "two")
    for folder in ("one", "two"):  # same files, other bytes: no shared entries
        for path in (tmp_path / folder).rglob("*.yaml"):
            path.write_text(path.read_text("utf-8") + f"# {folder}\n", "utf-8")
    first = load_catalog(tmp_path / "one", cache_dir=cache)
    second = load_catalog(tmp_path / "two", cache_dir=cache)  # pushes "one" out

    def hits(sources: list[SourceFile]) -> int:
        probe = ParseCache(cache, Limits())
        return sum(probe.fill(SourceFile(s.path, s.display, s.kind, s.digest)) for s in sources)

    assert hits(second) == len(second)
    assert hits(first) < len(first)
    again = load_catalog(tmp_path / "one", cache_dir=cache)
    assert values(again) == values(first)
    entries = [p for p in cache.glob("parsed-*/*.marshal") if p.name != "index.marshal"]
    assert len(entries) <= len(first) + len(second)


def test_errors_come_in_the_same_order(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(NEW, broken)
    (broken / "licensing" / "bad.yaml").write_text("items:\n  - code: [\n", "utf-8")
    cases = [
        ("missing", "also-missing"),  # the old input's error
        (str(broken), "missing"),  # the old version's unreadable file before the new's absence
        (str(OLD), "missing"),
        (str(OLD), str(broken)),
        (str(OLD / "licensing"), str(broken)),
    ]
    for old, new in cases:
        with pytest.raises(DiffInputError) as alone:
            load_snapshot(old, tmp_path, Limits())
            load_snapshot(new, tmp_path, Limits())
        with pytest.raises(DiffInputError) as together:
            run_diff(DiffSettings(old, new, tmp_path, cache=None))
        assert str(together.value) == str(alone.value)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_inputs_through_the_pool_and_the_cache(forked: None, tmp_path: Path) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=测试", "-c", "user.email=t@example.org", *args],
            cwd=tmp_path, env=env, check=True, capture_output=True,
        )  # fmt: skip

    git("init", "-q")
    shutil.copytree(OLD, tmp_path / "catalog")
    git("add", "-A")
    git("commit", "-q", "-m", "2024")
    shutil.rmtree(tmp_path / "catalog")
    shutil.copytree(NEW, tmp_path / "catalog")
    expected = plain("HEAD:catalog", "catalog", tmp_path)
    for cache in (None, tmp_path / ".cache", tmp_path / ".cache"):
        settings = DiffSettings("HEAD:catalog", "catalog", tmp_path, cache=cache)
        assert rendered(settings) == expected
    together = loaded(["HEAD:catalog", "catalog"], tmp_path, cache_dir=tmp_path / ".cache")
    alone = load_input("HEAD:catalog", tmp_path, Limits())
    assert values(together[0].sources) == values(alone.sources)


def test_project_cache_is_used_only_inside_a_project(tmp_path: Path) -> None:
    shutil.copytree(OLD, tmp_path / "old")
    shutil.copytree(NEW, tmp_path / "new")
    expected = plain("old", "new", tmp_path)
    assert rendered(DiffSettings("old", "new", tmp_path)) == expected
    assert not (tmp_path / ".zwfw-cache").exists(), "no cache outside a project"
    (tmp_path / "pyproject.toml").write_text('[tool.zwfw]\ncatalog = "new"\n', "utf-8")
    assert rendered(DiffSettings("old", "new", tmp_path)) == expected
    assert list((tmp_path / ".zwfw-cache").glob("parsed-*/*.marshal"))
    assert rendered(DiffSettings("old", "new", tmp_path)) == expected
