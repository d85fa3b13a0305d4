"""Incremental compile: the probe answers only when nothing changed, and a compile that reuses
earlier work writes exactly what a compile from scratch writes.

Runs ``compile_catalog`` in-process on a project (pyproject.toml with [tool.zwfw]) holding
tests/fixtures/compile; whether the probe answered is seen from the progress callback (a probe
answer runs no stage).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
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


# ---- incremental == from scratch, over random edits -------------------------------------

#: keys whose values are free text: changing one keeps the catalog valid
TEXT_KEYS = frozenset({"name", "label", "hours", "phone", "note", "place", "title", "result"})
LISTS = ("licensing", "non-licensing", "filing")
BUNDLED = Path(__file__).resolve().parent.parent / "compiler" / "render" / "templates"


def _texts(value: object, trail: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in TEXT_KEYS and isinstance(inner, str):
                found.append((*trail, key))
            found.extend(_texts(inner, (*trail, key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found.extend(_texts(inner, (*trail, index)))
    return found


def edit(root: Path, rng: random.Random, step: int) -> tuple[str, Path, str]:
    """One random change to the project: a text anywhere (dictionaries included), an item
    deleted or added, a template override added or changed. Returns what it did, and the
    file it changed with its previous text."""
    import yaml

    from compiler.load.yaml12 import parse

    catalog = root / "catalog"
    kind = rng.choice(["text", "text", "dictionary", "delete", "add", "template"])
    if kind == "template":
        name = rng.choice(["base.html.j2", "item.md.j2"])  # pages extend base.html.j2
        (root / "templates").mkdir(exist_ok=True)
        marker = "<!-- {step} -->" if name.endswith(".html.j2") else "\n{step}"
        text = (BUNDLED / name).read_text("utf-8") + marker.format(step=step)
        target = root / "templates" / name
        before = target.read_text("utf-8") if target.is_file() else ""
        target.write_text(text, "utf-8")
        pyproject = root / "pyproject.toml"
        if "templates" not in pyproject.read_text("utf-8"):
            with pyproject.open("a") as handle:
                handle.write('templates = "templates"\n')
        return f"template {name}", target, before
    if kind == "dictionary":
        path = catalog / rng.choice(["materials.yaml", "data-elements.yaml", "catalog.yaml"])
    elif kind == "text":
        path = rng.choice(sorted(catalog.rglob("*.yaml")))
    else:
        path = rng.choice(sorted(p for d in LISTS for p in (catalog / d).glob("*.yaml")))
    before = path.read_text("utf-8")
    data = parse(before).data
    items = data.get("items") if isinstance(data, dict) else None
    if kind == "delete" and isinstance(items, list) and len(items) > 1:
        items.pop(rng.randrange(len(items)))
    elif kind == "add" and isinstance(items, list) and items:
        added = json.loads(json.dumps(rng.choice(items), default=str))
        added["code"] = added["code"][:-3] + f"{rng.randrange(1000):03d}"
        added["name"] = f"{added['name']}（新增{step}）"
        items.append(added)
    else:
        texts = _texts(data)
        if not texts:
            return f"nothing in {path.name}", path, before
        trail = rng.choice(texts)
        holder = data
        for part in trail[:-1]:
            holder = holder[part]
        holder[trail[-1]] += f"（改{step}）"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return f"{kind} {path.relative_to(catalog)}", path, before


def test_incremental_compiles_equal_compiles_from_scratch(project: Path, tmp_path: Path) -> None:
    """After each random edit, the project compiled with its cache and a copy of it compiled
    from scratch (no cache, no output) hold the same bytes."""
    rng = random.Random(7)
    reused, edits = False, 0
    for step in range(10):
        did, path, before = edit(project, rng, step)
        result, _ = run(project)
        scratch_root = tmp_path / f"scratch{step}"
        ignore = shutil.ignore_patterns(".zwfw-cache", "generated")
        shutil.copytree(project, scratch_root, ignore=ignore)
        scratch, _ = run(scratch_root)
        assert (result.outcome == "refused") == (scratch.outcome == "refused"), did
        if scratch.outcome == "refused":
            path.write_text(before, "utf-8")  # the edit made the catalog invalid: undo it
        else:
            assert snapshot(project / "generated") == snapshot(scratch_root / "generated"), did
            assert scratch.rendered is not None and result.rendered is not None
            reused |= result.rendered < scratch.rendered
            edits += 1
        shutil.rmtree(scratch_root)
    assert reused and edits >= 6
