"""The fast paths of lint give what the plain ones gave: the compiled path walker against the
recursive walk it replaced, and the rules fanned out to a forked child against one process.

No timings here: benchmarks/run.py measures them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from compiler.config import load_config
from compiler.lint import fanout
from compiler.lint.context import LintContext
from compiler.lint.engine import run_rules
from compiler.lint.paths import compile_path, walk
from compiler.lint.pipeline import load_schemas, ruleset_for
from compiler.lint.rules import Rule, RulebookError
from compiler.load.source import load_catalog


def _reference(data: Any, steps: tuple[Any, ...], at: tuple[Any, ...] = ()) -> Iterator[Any]:
    """The recursive walk lint used before paths were compiled."""
    if not steps:
        yield at, data
        return
    step, rest = steps[0], steps[1:]
    if step == "*":
        if isinstance(data, list):
            for index, value in enumerate(data):
                yield from _reference(value, rest, (*at, index))
        elif isinstance(data, dict):
            for key, value in data.items():
                yield from _reference(value, rest, (*at, key))
    elif step == "~":
        if isinstance(data, dict):
            for key in data:
                yield (*at, key), key
    elif isinstance(step, int):
        if isinstance(data, list) and 0 <= step < len(data):
            yield from _reference(data[step], rest, (*at, step))
    elif isinstance(data, dict) and step in data:
        yield from _reference(data[step], rest, (*at, step))


KEYS = st.sampled_from(["a", "b", "c"])
VALUES = st.recursive(
    st.none() | st.integers(-3, 3) | KEYS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=12,
)
STEPS = st.lists(st.sampled_from(["a", "b", "c", "[*]", "*", "~", "[0]", "[1]"]), max_size=4)


@settings(max_examples=400, deadline=None)
@given(data=VALUES, parts=STEPS)
def test_compiled_walk_equals_the_recursive_walk(data: Any, parts: list[str]) -> None:
    path = ".".join(parts).replace(".[", "[")
    assert walk(data, path) == list(_reference(data, compile_path(path)))


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fanout")
    generate("small", out, defects=True)
    return out


def _lint(root: Path, rules: list[Rule]) -> list[Any]:
    config = load_config(root)
    ctx = LintContext(
        sources=load_catalog(root / "catalog", config.limits),
        today=dt.date(2025, 6, 1),
        schemas=load_schemas(config.schemas),
    )
    return run_rules(ctx, rules)


def test_rules_fanned_out_give_the_same_findings(
    planted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = ruleset_for(load_config(planted)).tuned({})
    alone = _lint(planted, rules)
    monkeypatch.setattr(fanout, "FANOUT_MIN_RECORDS", 0)
    forks: list[int] = []
    real_fork = os.fork

    def counted() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted)
    together = _lint(planted, rules)
    assert alone and together == alone
    if (os.cpu_count() or 1) >= 2:
        assert forks, "the rules really ran in two processes"
    here, there = fanout.split([r for r in rules if r.check not in ("loader", "waivers")])
    assert here and there and not {r.id for r in here} & {r.id for r in there}


def test_a_bad_rule_is_reported_as_without_the_fan_out(
    planted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = ruleset_for(load_config(planted)).tuned({})
    broken = [
        Rule(**{**{f: getattr(r, f) for f in Rule.__dataclass_fields__}, "check": f"nope-{i}"})
        if i in (3, len(rules) - 2) else r
        for i, r in enumerate(rules)
    ]
    with pytest.raises(RulebookError) as alone:
        _lint(planted, broken)
    monkeypatch.setattr(fanout, "FANOUT_MIN_RECORDS", 0)
    with pytest.raises(RulebookError) as together:
        _lint(planted, broken)
    assert str(together.value) == str(alone.value) and "nope-3" in str(alone.value)
