"""The five lint reporters on one small, hand-made result with every awkward case in it."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rich.cells import cell_len

from compiler import __version__
from compiler.diagnostics import Diagnostic, LintResult, Location, RuleMeta, Severity
from compiler.report import REPORTERS
from compiler.report.github import escape_data, escape_property
from compiler.report.sarif import artifact_uri

FGW = "catalog/filing/fgw.yaml"
BAD = "catalog/bad.yaml"
MISSING = "catalog/missing.yaml"
NASTY = '收费 <script>alert("x")</script> [red]红[/red] 100%, 见 {0}\n第二行'

FGW_TEXT = (
    "items:\n"
    '  - code: "000000000001"\n'
    "    名称: 设立登记\n"
    "    fee: 收费100元\n"
    "    name: 重复名称\n"
)

RULES = {
    "filing-no-fee": RuleMeta(
        id="filing-no-fee",
        title="备案事项不得收费",
        severity=Severity.ERROR,
        group="filing",
        basis="《国务院关于加快推进政务服务标准化规范化便利化的指导意见》",
        description="行政备案事项一律不得收费。",
    ),
    "duplicate-name": RuleMeta(
        id="duplicate-name",
        title="事项名称重复",
        severity=Severity.WARNING,
        group="uniformity",
    ),
    "yaml-syntax": RuleMeta(id="yaml-syntax", title="YAML 语法", severity=Severity.ERROR),
}


def diagnostics() -> list[Diagnostic]:
    found = [
        Diagnostic(
            rule="yaml-syntax",
            severity=Severity.ERROR,
            message="文件不是有效的 UTF-8 编码",
            file=BAD,
            line=2,
            column=7,
        ),
        Diagnostic(
            rule="filing-no-fee",
            severity=Severity.ERROR,
            message=NASTY,
            file=FGW,
            line=4,
            column=10,
            item="000000000001",
            related=(Location("catalog/licensing/a.yaml", 7, 3),),
            pointer="/items/0/fee",
        ),
        Diagnostic(
            rule="duplicate-name",
            severity=Severity.WARNING,
            message="名称“重复名称”与 000000000002 相同",
            file=FGW,
            line=5,
            column=11,
            item="000000000001",
            waived=True,
            pointer="/items/0/name",
        ),
        Diagnostic(
            rule="not-in-table",
            severity=Severity.INFO,
            message="未知规则的提示\x07",
            file=MISSING,
            line=1,
            column=1,
        ),
    ]
    assert found == sorted(found, key=lambda d: d.sort_key)
    return found


@pytest.fixture
def result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LintResult:
    (tmp_path / "catalog/filing").mkdir(parents=True)
    (tmp_path / FGW).write_text(FGW_TEXT, encoding="utf-8")
    (tmp_path / BAD).write_bytes('a: 1\nname: "\xff\xfe坏"\n'.encode("latin-1", "replace"))
    monkeypatch.chdir(tmp_path)
    return LintResult(diagnostics=diagnostics(), files=12, items=340)


def empty() -> LintResult:
    return LintResult(files=12, items=340)


def test_registry_has_the_five_formats() -> None:
    assert sorted(REPORTERS) == ["github", "json", "junit", "sarif", "text"]


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_format_renders_an_empty_result_and_unknown_rules(name: str) -> None:
    REPORTERS[name](empty(), {})
    unknown = LintResult(diagnostics=[Diagnostic("x", Severity.ERROR, "m", "nowhere.yaml", 1, 1)])
    assert REPORTERS[name](unknown, {})


# json ------------------------------------------------------------------------------------------


def test_json_is_exactly_the_contract(result: LintResult) -> None:
    out = REPORTERS["json"](result, RULES)
    document = json.loads(out)
    assert list(document) == ["diagnostics", "summary"]
    keys = ["rule", "severity", "file", "line", "column", "item", "message", "basis", "waived"]
    assert all(list(d) == [*keys, "related"] for d in document["diagnostics"])
    assert document == {
        "diagnostics": [
            {
                "rule": "yaml-syntax",
                "severity": "error",
                "file": BAD,
                "line": 2,
                "column": 7,
                "item": None,
                "message": "文件不是有效的 UTF-8 编码",
                "basis": "",
                "waived": False,
                "related": [],
            },
            {
                "rule": "filing-no-fee",
                "severity": "error",
                "file": FGW,
                "line": 4,
                "column": 10,
                "item": "000000000001",
                "message": NASTY,
                "basis": "《国务院关于加快推进政务服务标准化规范化便利化的指导意见》",
                "waived": False,
                "related": [{"file": "catalog/licensing/a.yaml", "line": 7, "column": 3}],
            },
            {
                "rule": "duplicate-name",
                "severity": "warning",
                "file": FGW,
                "line": 5,
                "column": 11,
                "item": "000000000001",
                "message": "名称“重复名称”与 000000000002 相同",
                "basis": "",
                "waived": True,
                "related": [],
            },
            {
                "rule": "not-in-table",
                "severity": "info",
                "file": MISSING,
                "line": 1,
                "column": 1,
                "item": None,
                "message": "未知规则的提示\x07",
                "basis": "",
                "waived": False,
                "related": [],
            },
        ],
        "summary": {"error": 2, "warning": 0, "info": 1, "waived": 1, "files": 12, "items": 340},
    }
    assert "备案事项" not in out  # titles are not part of the contract
    assert "《国务院" in out  # ensure_ascii=False
    assert out.startswith('{\n  "diagnostics": [\n    {\n      "rule"')  # indent 2


def test_json_finding_basis_wins_over_the_rule_table() -> None:
    own = Diagnostic("filing-no-fee", Severity.ERROR, "m", "f.yaml", 1, 1, basis="本条依据")
    document = json.loads(REPORTERS["json"](LintResult(diagnostics=[own]), RULES))
    assert document["diagnostics"][0]["basis"] == "本条依据"


# text ------------------------------------------------------------------------------------------


def test_text_shows_findings_grouped_by_file_with_source(result: LintResult) -> None:
    out = REPORTERS["text"](result, RULES)
    assert "\x1b[" not in out
    lines = out.splitlines()
    assert lines[0] == BAD
    assert f"{FGW}:4:10  错误  filing-no-fee  备案事项不得收费" in lines
    assert lines.count(FGW) == 1  # one heading per file
    assert "  依据：《国务院关于加快推进政务服务标准化规范化便利化的指导意见》" in lines
    assert '  收费 <script>alert("x")</script> [red]红[/red] 100%, 见 {0}' in lines  # literal
    assert "  第二行" in lines
    assert "  事项：000000000001" in lines
    assert "  另见 catalog/licensing/a.yaml:7:3" in lines
    assert f"{FGW}:5:11  警告  duplicate-name  事项名称重复  （已豁免）" in lines
    assert f"{MISSING}:1:1  提示  not-in-table" in lines  # unknown rule, missing file
    assert "  未知规则的提示" in lines  # control character dropped
    assert lines[-1] == "共 2 个错误、0 个警告、1 个提示（已豁免 1 个），检查 12 个文件、340 个事项"


def test_text_points_a_caret_at_the_column(result: LintResult) -> None:
    lines = REPORTERS["text"](result, RULES).splitlines()
    source = lines.index("  4 │     fee: 收费100元")
    assert lines[source + 1] == "    │          ^"  # column 10: the value after "fee: "
    waived = lines.index("  5 │     name: 重复名称")
    assert lines[waived + 1] == "    │           ^"


def test_text_tolerates_bytes_that_are_not_utf8(result: LintResult) -> None:
    lines = REPORTERS["text"](result, RULES).splitlines()
    source = next(line for line in lines if line.startswith("  2 │ name:"))
    assert "\ufffd" in source
    assert lines[lines.index(source) + 1] == "    │       ^"


def test_text_caret_counts_wide_characters_as_two_cells(tmp_path: Path) -> None:
    file = tmp_path / "wide.yaml"
    file.write_text("名称:\t值\n", encoding="utf-8")
    finding = Diagnostic("r", Severity.ERROR, "m", str(file), 1, 5)
    lines = REPORTERS["text"](LintResult(diagnostics=[finding]), {}).splitlines()
    assert "  1 │ 名称:   值" in lines  # 名称: is 5 cells, so the tab fills 3 up to cell 8
    assert "    │ " + " " * 8 + "^" in lines  # column 5 is 值, after 8 cells


def test_text_colour_and_clean_run(result: LintResult) -> None:
    coloured = REPORTERS["text"](result, RULES, color=True)
    assert "\x1b[" in coloured
    assert "[red]红[/red]" in coloured
    assert REPORTERS["text"](empty(), RULES) == "未发现问题：检查 12 个文件、340 个事项\n"
    only_waived = LintResult([diagnostics()[2]], files=1, items=2)
    summary = REPORTERS["text"](only_waived, RULES).splitlines()[-1]
    assert summary == "未发现问题（已豁免 1 个）：检查 1 个文件、2 个事项"


# sarif -----------------------------------------------------------------------------------------

_MESSAGE: dict[str, Any] = {
    "type": "object",
    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
    "properties": {"text": {"type": "string", "minLength": 1}, "id": {"type": "string"}},
}
_MULTIFORMAT: dict[str, Any] = {
    "type": "object",
    "required": ["text"],
    "properties": {"text": {"type": "string", "minLength": 1}},
}
_LOCATION: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "minimum": -1},
        "message": _MESSAGE,
        "physicalLocation": {
            "type": "object",
            "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
            "properties": {
                "artifactLocation": {
                    "type": "object",
                    "properties": {"uri": {"type": "string", "pattern": r"^[^\\ ]+$"}},
                },
                "region": {
                    "type": "object",
                    "properties": {
                        "startLine": {"type": "integer", "minimum": 1},
                        "startColumn": {"type": "integer", "minimum": 1},
                    },
                },
            },
        },
    },
}
_LEVEL: dict[str, Any] = {"enum": ["none", "note", "warning", "error"]}
# The required structure of sarif-schema-2.1.0.json, restricted to the objects zwfw writes.
SARIF_SUBSET: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "informationUri": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "uniqueItems": True,
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "name": {"type": "string"},
                                                "shortDescription": _MULTIFORMAT,
                                                "fullDescription": _MULTIFORMAT,
                                                "help": _MULTIFORMAT,
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {"level": _LEVEL},
                                                },
                                                "properties": {"type": "object"},
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": -1},
                                "level": _LEVEL,
                                "message": _MESSAGE,
                                "locations": {"type": "array", "items": _LOCATION},
                                "relatedLocations": {
                                    "type": "array",
                                    "uniqueItems": True,
                                    "items": _LOCATION,
                                },
                                "suppressions": {
                                    "type": "array",
                                    "uniqueItems": True,
                                    "items": {
                                        "type": "object",
                                        "required": ["kind"],
                                        "properties": {
                                            "kind": {"enum": ["inSource", "external"]},
                                            "status": {
                                                "enum": ["accepted", "underReview", "rejected"]
                                            },
                                            "justification": {"type": "string"},
                                        },
                                    },
                                },
                                "partialFingerprints": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                                "properties": {"type": "object"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_sarif_validates_against_the_required_structure(result: LintResult) -> None:
    log = json.loads(REPORTERS["sarif"](result, RULES))
    jsonschema.Draft7Validator.check_schema(SARIF_SUBSET)
    jsonschema.Draft7Validator(SARIF_SUBSET).validate(log)
    assert list(log) == ["version", "$schema", "runs"]
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert len(log["runs"]) == 1


def test_sarif_rules_table_and_results(result: LintResult) -> None:
    run = json.loads(REPORTERS["sarif"](result, RULES))["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("zwfw", __version__)
    table = driver["rules"]
    assert [r["id"] for r in table] == [
        "duplicate-name",
        "filing-no-fee",
        "not-in-table",
        "yaml-syntax",
    ]
    assert table[1] == {
        "id": "filing-no-fee",
        "name": "filing-no-fee",
        "shortDescription": {"text": "备案事项不得收费"},
        "fullDescription": {"text": "行政备案事项一律不得收费。"},
        "help": {
            "text": "依据：《国务院关于加快推进政务服务标准化规范化便利化的指导意见》\n\n"
            "行政备案事项一律不得收费。"
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {"group": "filing", "tags": ["filing"]},
    }
    assert table[2] == {
        "id": "not-in-table",
        "name": "not-in-table",
        "shortDescription": {"text": "not-in-table"},
    }
    results = run["results"]
    assert [table[r["ruleIndex"]]["id"] for r in results] == [r["ruleId"] for r in results]
    assert [r["level"] for r in results] == ["error", "error", "warning", "note"]
    fee = results[1]
    assert fee["message"]["text"] == (
        '收费 <script>alert("x")</script> [red]红[/red] 100%, 见 {{0}}\n第二行'
        "\n另见 [catalog/licensing/a.yaml:7:3](1)"
    )
    assert fee["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": FGW},
                "region": {"startLine": 4, "startColumn": 10},
            }
        }
    ]
    assert fee["relatedLocations"][0]["id"] == 1
    assert fee["relatedLocations"][0]["physicalLocation"]["region"] == {
        "startLine": 7,
        "startColumn": 3,
    }
    fingerprint = f"filing-no-fee|{FGW}|000000000001|/items/0/fee"
    assert fee["partialFingerprints"] == {"zwfw/v1": fingerprint}
    assert fee["properties"] == {
        "item": "000000000001",
        "basis": "《国务院关于加快推进政务服务标准化规范化便利化的指导意见》",
    }
    assert "suppressions" not in fee
    assert [s["kind"] for s in results[2]["suppressions"]] == ["external"]
    assert results[3]["properties"] == {"item": None, "basis": ""}


def test_sarif_uris_are_relative_with_forward_slashes() -> None:
    assert artifact_uri("catalog\\filing\\发改委 备案.yaml") == (
        "catalog/filing/%E5%8F%91%E6%94%B9%E5%A7%94%20%E5%A4%87%E6%A1%88.yaml"
    )
    assert artifact_uri("../other/c.yaml") == "../other/c.yaml"
    assert artifact_uri("a:b.yaml") == "a%3Ab.yaml"
    assert artifact_uri("/srv/c.yaml") == "file:///srv/c.yaml"
    assert artifact_uri("C:\\work\\c.yaml") == "file:///C:/work/c.yaml"


# github ----------------------------------------------------------------------------------------


def test_github_workflow_commands(result: LintResult) -> None:
    out = REPORTERS["github"](result, RULES)
    assert out.endswith("\n")
    assert out.splitlines() == [
        f"::error file={BAD},line=2,col=7,title=yaml-syntax YAML 语法::文件不是有效的 UTF-8 编码",
        f"::error file={FGW},line=4,col=10,title=filing-no-fee 备案事项不得收费::"
        '收费 <script>alert("x")</script> [red]红[/red] 100%25, 见 {0}%0A第二行'
        "（依据：《国务院关于加快推进政务服务标准化规范化便利化的指导意见》）"
        "%0A另见 catalog/licensing/a.yaml:7:3",
        f"::notice file={FGW},line=5,col=11,title=duplicate-name 事项名称重复（已豁免）::"
        "名称“重复名称”与 000000000002 相同",
        f"::notice file={MISSING},line=1,col=1,title=not-in-table::未知规则的提示\x07",
    ]
    assert REPORTERS["github"](empty(), RULES) == ""


def test_github_escaping() -> None:
    assert escape_data("100%\r\n:,") == "100%25%0D%0A:,"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    odd = Diagnostic("r", Severity.WARNING, "m", "d:i,r/f.yaml", 3, 4, title="标题, 含: 冒号")
    line = REPORTERS["github"](LintResult([odd]), {})
    assert line == "::warning file=d%3Ai%2Cr/f.yaml,line=3,col=4,title=r 标题%2C 含%3A 冒号::m\n"


# junit -----------------------------------------------------------------------------------------


def test_junit_counts_and_escaping(result: LintResult) -> None:
    out = REPORTERS["junit"](result, RULES)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert "<script>" not in out and "&lt;script&gt;" in out
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["zwfw lint"]
    suite = suites[0]
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        (BAD, BAD),
        (FGW, FGW),
        (MISSING, MISSING),
    ]
    failing = [c for c in cases if c.find("failure") is not None]
    for element in (root, suite):
        assert element.get("tests") == str(len(cases)) == "3"
        assert element.get("failures") == str(len(failing)) == "2"
        assert element.get("errors") == "0"
    fee = cases[1].findall("failure")
    assert len(fee) == 1  # the waived warning does not fail
    assert fee[0].get("type") == "filing-no-fee"
    assert fee[0].get("message") == NASTY
    assert fee[0].text is not None
    assert fee[0].text.startswith("4:10  错误  filing-no-fee  备案事项不得收费\n")
    assert "依据：《国务院关于" in fee[0].text
    assert "另见 catalog/licensing/a.yaml:7:3" in fee[0].text
    out_text = cases[1].findtext("system-out") or ""
    assert "duplicate-name" in out_text and "（已豁免）" in out_text
    info = cases[2]
    assert info.find("failure") is None
    assert (info.findtext("system-out") or "").count("\ufffd") == 1  # BEL is not XML
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props == {"files": "12", "items": "340"}


def test_junit_clean_run_has_one_passing_case() -> None:
    root = ET.fromstring(REPORTERS["junit"](empty(), RULES).encode("utf-8"))
    cases = list(root.iter("testcase"))
    assert [c.get("name") for c in cases] == ["catalog"]
    assert root.get("tests") == "1" and root.get("failures") == "0"
    assert not re.search(r"<(failure|skipped)", ET.tostring(root, encoding="unicode"))


def test_text_long_lines_are_windowed_around_the_column(tmp_path: Path) -> None:
    file = tmp_path / "long.yaml"
    file.write_text("k: " + "甲" * 300 + "X" + "乙" * 300 + "\n", encoding="utf-8")
    finding = Diagnostic("r", Severity.ERROR, "m", str(file), 1, 304)
    lines = REPORTERS["text"](LintResult(diagnostics=[finding]), {}).splitlines()
    source = next(line for line in lines if line.startswith("  1 │ "))
    caret = lines[lines.index(source) + 1]
    assert source.startswith("  1 │ …") and source.endswith("…")
    assert len(source) < 120
    assert cell_len(source[: source.index("X")]) == cell_len(caret[: caret.index("^")])


def test_text_survives_places_that_cannot_be_read(tmp_path: Path) -> None:
    odd = [
        Diagnostic("r", Severity.ERROR, "m", str(tmp_path), 1, 1),  # a directory
        Diagnostic("r", Severity.ERROR, "m", "bad\x00name.yaml", 1, 1),
        Diagnostic("r", Severity.ERROR, "m", "gone.yaml", 99, 0),
    ]
    out = REPORTERS["text"](LintResult(diagnostics=odd), {})
    assert "│" not in out
    assert out.endswith("共 3 个错误、0 个警告、0 个提示，检查 0 个文件、0 个事项\n")
