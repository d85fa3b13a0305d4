"""The memo of compile's outputs (compiler.build.memo): with a warm memo every stage returns
exactly the bytes it returns without one, over seeded random edits of a generated catalog.

The catalog is the benchmark generator's small one (60 items, defects left out); each edit
changes one scalar anywhere (an item's text, number or flag, a dictionary, catalog.yaml, a
district entry, a scenario, a list entry), or deletes or adds an item or a district entry.
An edit that makes the catalog invalid is undone (the memo then meets a state it has seen).
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from compiler.build.lists import list_files
from compiler.build.memo import Memo, plain, through, value_key
from compiler.build.negative import negative_and_view_files
from compiler.build.reports import report_files
from compiler.build.scenario_outputs import form_files, scenario_outputs
from compiler.build.stages import documents_of, merge_scenarios
from compiler.config import load_config
from compiler.diagnostics import Severity
from compiler.lint.pipeline import LintSettings, lint
from compiler.model.catalog import CatalogError, build_catalog

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2025, 6, 1)
STEPS = 24
Stages = dict[str, Callable[["Memo | None"], dict[str, bytes]]]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small")
    subprocess.run(
        [sys.executable, "-m", "benchmarks.generate", "--scale", "small", "--out", str(out),
         "--no-defects"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return out / "catalog"


def stages(catalog_dir: Path) -> Stages | None:
    """The four stages over the catalog as pipeline.py builds their inputs; None when the
    catalog does not compile (lint errors, or the model refuses it)."""
    config = load_config(catalog_dir.parent)
    settings = LintSettings(catalog=catalog_dir, config=config, today=TODAY, use_cache=False)
    findings, ruleset, sources = lint(settings)
    if findings.fails(Severity.ERROR):
        return None
    try:
        catalog = build_catalog(documents_of(sources))
        scenarios = merge_scenarios(catalog)
    except (CatalogError, ValueError):
        return None
    rules = ruleset.metas()
    return {
        "forms": lambda memo: form_files(scenario_outputs(catalog, memo)),
        "lists": lambda memo: list_files(catalog, memo=memo),
        "negative": lambda memo: negative_and_view_files(catalog, memo=memo),
        "reports": lambda memo: report_files(
            catalog, scenarios, findings, rules, catalog_dir, memo=memo
        ),
    }


def _scalars(value: Any, trail: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Where the numbers, flags and Chinese texts are (ASCII strings are mostly references)."""
    if isinstance(value, dict):
        return [t for key, inner in value.items() for t in _scalars(inner, (*trail, key))]
    if isinstance(value, list):
        return [t for index, inner in enumerate(value) for t in _scalars(inner, (*trail, index))]
    if isinstance(value, str) and value.isascii():
        return []
    return [trail] if trail and isinstance(value, str | int | float) else []


def _item_codes(catalog_dir: Path) -> list[str]:
    from compiler.load.yaml12 import parse

    return [
        str(item["code"])
        for path in sorted((catalog_dir / "licensing").glob("*.yaml"))
        for item in parse(path.read_text("utf-8")).data["items"]
    ]


def edit(catalog_dir: Path, rng: random.Random, step: int) -> tuple[str, Path, str]:
    """One random change; returns what it did, the file and its text before."""
    import yaml

    from compiler.load.yaml12 import parse

    kind = rng.choice(["scalar", "scalar", "scalar", "delete", "add"])
    folder = rng.choice(
        ["licensing", "non-licensing", "filing", "implementations", "scenarios", "views",
         "certificate-exemption", "no-application-benefits", "."]
    )  # fmt: skip
    path = rng.choice(sorted((catalog_dir / folder).glob("*.yaml")))
    before = path.read_text("utf-8")
    data = parse(before).data
    items = data.get("items") if isinstance(data, dict) else None
    if kind == "delete" and isinstance(items, list) and len(items) > 1:
        items.pop(rng.randrange(len(items)))
    elif kind == "add" and isinstance(items, list) and items and isinstance(items[0], dict):
        added = copy.deepcopy(rng.choice(items))
        code = str(added["code"])
        added["code"] = code[:-3] + f"{rng.randrange(1000):03d}"
        if folder == "implementations":  # a district restates another item
            taken = {str(entry["code"]) for entry in items}
            added["code"] = rng.choice([c for c in _item_codes(catalog_dir) if c not in taken])
        if "name" in added:
            added["name"] = f"{added['name']}（新增{step}）"
        items.append(added)
    else:
        kind = "scalar"
        trail = rng.choice(_scalars(data))
        holder = data
        for part in trail[:-1]:
            holder = holder[part]
        value = holder[trail[-1]]
        if isinstance(value, bool):
            holder[trail[-1]] = not value
        elif isinstance(value, int | float):
            holder[trail[-1]] = max(0, value + rng.choice([-1, 1]))
        else:
            holder[trail[-1]] = f"{value}{rng.choice(['（改）', ' |*<b>', '=x'])}{step}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return f"{kind} {path.relative_to(catalog_dir)}", path, before


def test_warm_memo_gives_the_bytes_of_no_memo(generated: Path, tmp_path: Path) -> None:
    catalog_dir = tmp_path / "catalog"
    import shutil

    shutil.copytree(generated, catalog_dir)
    (tmp_path / "pyproject.toml").write_text('[tool.zwfw]\ncatalog = "catalog"\n', "utf-8")
    memo = Memo(tmp_path / ".zwfw-cache", salt="test")
    rng = random.Random(20261204)
    undone = 0
    for step in range(STEPS):
        did = "nothing"
        if step:
            did, path, before = edit(catalog_dir, rng, step)
        found = stages(catalog_dir)
        if found is None:
            undone += 1
            path.write_text(before, "utf-8")  # made the catalog invalid: back to a known state
            found = stages(catalog_dir)
            assert found is not None
        for name, stage in found.items():
            expected = stage(None)
            assert stage(memo) == expected, (step, did, name)
            assert stage(memo) == expected, (step, did, name)  # now from the memo
    assert undone < STEPS // 2 and memo.hits > 0 and memo.misses > STEPS // 2


def test_keys_tell_values_apart() -> None:
    assert len({value_key(1), value_key(1.0), value_key(True), value_key("1")}) == 4
    assert value_key((1, "a")) != value_key([1, "a"])
    assert value_key(object()) is None  # not keyed: not memoised

    class Text(str):
        pass

    assert value_key(Text("a")) is None


def test_plain_takes_every_dataclass_field() -> None:
    from compiler.build.artifacts import MergedField

    field = MergedField("a", "甲", "文本", "申请人", True)
    other = MergedField("a", "甲", "文本", "申请人", True, situation="情形")
    assert value_key(plain(field)) != value_key(plain(other))


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    memo = Memo(tmp_path, salt="s")
    assert through(memo, ("k",), lambda: b"data") == b"data"
    (entry,) = memo.directory.iterdir()
    entry.write_bytes(b"x" + entry.read_bytes()[1:])
    assert through(memo, ("k",), lambda: b"new") == b"new"
    assert Memo(tmp_path, salt="s").get("nothing") is None


def test_the_folder_is_bounded_and_other_salts_go(tmp_path: Path) -> None:
    Memo(tmp_path, salt="old").put("k", b"old")
    memo = Memo(tmp_path, salt="new", max_bytes=1000)
    for index in range(20):
        memo.put(str(index), bytes(100))
    assert [p.name for p in tmp_path.iterdir()] == [memo.directory.name]
    assert sum(p.stat().st_size for p in memo.directory.iterdir()) <= 1000
    assert memo.get("19") == bytes(100) and memo.get("0") is None


def test_an_unwritable_folder_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    memo = Memo(tmp_path / "file", salt="s")  # its folder cannot be made
    assert through(memo, ("k",), lambda: b"data") == b"data"
    assert memo.get("k") is None
