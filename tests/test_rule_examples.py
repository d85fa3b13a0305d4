"""Every rule's own examples: the failing one yields exactly the expected places, the passing one none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.config import load_config
from compiler.lint.pipeline import ruleset_for
from tests.rule_harness import ROOT, run_example

RULESET = ruleset_for(load_config(ROOT))
CASES = [
    pytest.param(rule.id, kind, rule.examples[kind], id=f"{rule.id}-{kind}")
    for rule in RULESET.rules.values()
    for kind in ("pass", "fail")
    if kind in rule.examples
]


def test_every_rule_has_a_failing_example() -> None:
    missing = [rule.id for rule in RULESET.rules.values() if "fail" not in rule.examples]
    assert missing == []


@pytest.mark.parametrize(("rule_id", "kind", "example"), CASES)
def test_rule_example(tmp_path: Path, rule_id: str, kind: str, example: dict[str, Any]) -> None:
    found = run_example(tmp_path, rule_id, example)
    if kind == "pass":
        assert [(d.file, d.line, d.column, d.message) for d in found] == []
        return
    first_file = next(iter(example.get("files", {})), None)
    expected = sorted(
        (e.get("file", first_file), e["line"], e["column"]) for e in example["expect"]
    )
    actual = sorted((d.file, d.line, d.column) for d in found)
    assert actual == expected, [d.message for d in found]
    assert all(d.basis for d in found)
