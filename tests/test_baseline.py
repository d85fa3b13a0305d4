"""Baseline (基线) and statistics through the real command: record the findings, then fail only
on new ones; entries that no longer occur are reported; ``--statistics`` counts per rule."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from compiler.diagnostics import Diagnostic, LintResult, Severity
from compiler.lint.baseline import (
    MARK,
    BaselineError,
    apply_baseline,
    read_baseline,
    write_baseline,
)
from compiler.lint.statistics import statistics_table
from tests.rule_harness import build_catalog

SELECT = ("--select", "commitment,consistency,waivers", "--today", "2025-06-01", "--no-cache")

LEGACY = """\
items:
  - code: "000117002000"
    name: 食品生产许可
    department: scjgw
    handling: {commitment: true, tolerance: [id-card]}
    supervision: null
  - code: "000117003000"
    name: 食品经营许可
    department: scjgw
"""


def lint(cwd: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    before = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(app, ["lint", *args])
    finally:
        os.chdir(before)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def legacy(tmp_path: Path) -> Path:
    catalog = build_catalog(tmp_path, {"licensing/x.yaml": LEGACY})
    return catalog.parent


def edit(root: Path, old: str, new: str) -> None:
    path = root / "catalog/licensing/x.yaml"
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_write_baseline_records_findings_sorted_and_passes(legacy: Path) -> None:
    code, out, err = lint(legacy, "catalog", *SELECT, "--write-baseline", "baseline.json")
    assert code == 0, out
    assert "已把 3 个问题写入基线" in err
    document = json.loads((legacy / "baseline.json").read_text("utf-8"))
    assert document == {
        "version": 1,
        "findings": [
            {
                "count": 1,
                "file": "catalog/licensing/x.yaml",
                "item": "000117002000",
                "pointer": "/items/0/supervision",
                "rule": "commitment-needs-supervision",
            },
            {
                "count": 1,
                "file": "catalog/licensing/x.yaml",
                "item": "000117003000",
                "pointer": "/items/1/name",
                "rule": "duplicate-name",
            },
            {
                "count": 1,
                "file": "catalog/licensing/x.yaml",
                "item": "000117002000",
                "pointer": "/items/0/handling/tolerance/0",
                "rule": "tolerance-material-exists",
            },
        ],
    }
    assert out.count(f"  {MARK}") == 3


def test_baseline_fails_only_on_new_findings(legacy: Path) -> None:
    assert lint(legacy, "catalog", *SELECT, "--write-baseline", "baseline.json")[0] == 0
    code, out, _ = lint(legacy, "catalog", *SELECT, "--baseline", "baseline.json")
    assert code == 0, out
    # new lines above the findings move them; the fingerprints do not
    edit(legacy, "items:\n", "# 历史目录\n\nitems:\n")
    assert lint(legacy, "catalog", *SELECT, "--baseline", "baseline.json")[0] == 0
    # a new finding fails; the known ones stay listed, marked and waived
    edit(legacy, "tolerance: [id-card]", "tolerance: [id-card, 不存在的材料]")
    code, out, _ = lint(
        legacy, "catalog", *SELECT, "--baseline", "baseline.json", "--format", "json"
    )
    assert code == 1
    document = json.loads(out)
    assert list(document) == ["diagnostics", "summary", "baseline"]
    assert set(document["diagnostics"][0]) == {
        "rule",
        "severity",
        "file",
        "line",
        "column",
        "item",
        "message",
        "basis",
        "waived",
        "related",
    }
    fresh = [d for d in document["diagnostics"] if not d["waived"]]
    assert [(d["rule"], d["line"], d["column"]) for d in fresh] == [
        ("tolerance-material-exists", 7, 55)
    ]
    known = [d for d in document["diagnostics"] if d["waived"]]
    assert len(known) == 3 and all(d["message"].startswith(MARK) for d in known)
    assert document["summary"]["error"] == 1 and document["summary"]["waived"] == 3
    assert document["baseline"] == {"file": "baseline.json", "known": 3, "new": 1, "absent": []}


def test_entries_that_no_longer_occur_are_reported(legacy: Path) -> None:
    lint(legacy, "catalog", *SELECT, "--write-baseline", "baseline.json")
    edit(legacy, "tolerance: [id-card]", "tolerance: []")
    code, out, _ = lint(
        legacy, "catalog", *SELECT, "--baseline", "baseline.json", "--format", "json"
    )
    assert code == 0
    assert json.loads(out)["baseline"]["absent"] == [
        {
            "rule": "tolerance-material-exists",
            "file": "catalog/licensing/x.yaml",
            "item": "000117002000",
            "pointer": "/items/0/handling/tolerance/0",
            "count": 1,
        }
    ]
    code, out, _ = lint(legacy, "catalog", *SELECT, "--baseline", "baseline.json")
    assert "基线 baseline.json：2 个已知问题" in out
    assert "基线中有 1 个问题已不再出现" in out
    assert (
        "tolerance-material-exists  catalog/licensing/x.yaml /items/0/handling/tolerance/0" in out
    )


def test_baseline_holds_from_another_directory(legacy: Path) -> None:
    lint(legacy, "catalog", *SELECT, "--write-baseline", "baseline.json")
    code, out, _ = lint(
        legacy / "catalog", ".", *SELECT, "--baseline", "../baseline.json", "--format", "json"
    )
    assert code == 0, out
    assert json.loads(out)["baseline"]["known"] == 3


def test_waived_findings_are_not_recorded(legacy: Path) -> None:
    edit(
        legacy,
        "    department: scjgw\n",
        "    department: scjgw\n    waivers:\n"
        "      - {rule: duplicate-name, reason: 合并中, until: 2025-12-31, approved_by: 市政务服务办}\n",
    )
    lint(legacy, "catalog", *SELECT, "--write-baseline", "baseline.json")
    rules = [e.rule for e in read_baseline(legacy / "baseline.json")]
    assert "duplicate-name" not in rules
    # the waiver expires: the finding is new
    code, _, _ = lint(
        legacy,
        "catalog",
        "--select",
        "consistency",
        "--today",
        "2026-01-01",
        "--baseline",
        "baseline.json",
        "--fail-on",
        "warning",
        "--no-cache",
    )
    assert code == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "基线文件不存在"), ("{", "无法读取基线文件"), ('{"version": 7}', "不是 zwfw 基线文件")],
)
def test_unusable_baseline_is_a_usage_error(
    legacy: Path, content: str | None, message: str
) -> None:
    if content is not None:
        (legacy / "baseline.json").write_text(content, "utf-8")
    code, _, err = lint(legacy, "catalog", *SELECT, "--baseline", "baseline.json")
    assert code == 2
    assert message in err


def diagnostic(rule: str, pointer: str, waived: bool = False) -> Diagnostic:
    return Diagnostic(
        rule,
        Severity.ERROR,
        "问题",
        "catalog/a.yaml",
        3,
        5,
        item="X",
        pointer=pointer,
        waived=waived,
    )


def test_counts_matter_for_repeated_fingerprints(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(path, LintResult([diagnostic("r", "/items/0")]))
    twice = LintResult([diagnostic("r", "/items/0"), diagnostic("r", "/items/0")])
    outcome = apply_baseline(twice, read_baseline(path), path)
    assert (outcome.known, outcome.new) == (1, 1)
    assert outcome.result.fails(Severity.ERROR)


def test_write_baseline_to_an_unwritable_place(tmp_path: Path) -> None:
    with pytest.raises(BaselineError):
        write_baseline(tmp_path / "missing" / "b.json", LintResult([diagnostic("r", "")]))


# --- statistics -----------------------------------------------------------------------------------


def test_statistics_after_the_text_report(legacy: Path) -> None:
    code, out, _ = lint(legacy, "catalog", *SELECT, "--statistics")
    assert code == 1
    table = out[out.index("规则统计：") :]
    lines = table.splitlines()
    assert lines[1].split() == ["问题", "豁免", "级别", "规则", "标题"]
    assert lines[2].split()[:4] == ["1", "0", "错误", "commitment-needs-supervision"]
    assert {line.split()[3] for line in lines[2:5]} == {
        "commitment-needs-supervision",
        "duplicate-name",
        "tolerance-material-exists",
    }
    assert lines[-1].strip() == "合计：3 个问题，0 个已豁免，涉及 3 条规则"


def test_statistics_keep_machine_output_one_document(legacy: Path) -> None:
    code, out, err = lint(legacy, "catalog", *SELECT, "--statistics", "--format", "json")
    assert code == 1
    assert len(json.loads(out)["diagnostics"]) == 3
    assert "规则统计" in err and "规则统计" not in out


def test_statistics_order_and_waived_column() -> None:
    found = [diagnostic("b", "/1"), diagnostic("b", "/2"), diagnostic("a", "/3", waived=True)]
    table = statistics_table(LintResult(found), {})
    rows = [line.split()[:4] for line in table.splitlines()[2:4]]
    assert rows == [["2", "0", "错误", "b"], ["0", "1", "错误", "a"]]
    assert statistics_table(LintResult([]), {}) == "规则统计：没有发现问题\n"
