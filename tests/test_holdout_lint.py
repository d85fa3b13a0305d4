"""Holdout lint tests: catalogs written from shared/spec/ alone, run through the real CLI.

* ``holdout/clean``   — lints with zero errors and exactly the one waived finding it carries;
* ``holdout/defects`` — breaks every rule of rulebook.md once (some in several lists); the
  expected (rule, item, place) findings are in ``holdout/defects-expected.json``;
* ``holdout/broken``  — invalid YAML and schema violations; the GBK, tab-indented and BOM files
  are added here (``.encode("gbk")``) so that the repository holds no odd bytes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOLD = ROOT / "tests" / "fixtures" / "holdout"
REL = "tests/fixtures/holdout"
TODAY = "2025-06-01"
ZWFW = Path(sys.executable).parent / "zwfw"

#: rulebook.md, every id with its default severity (E = error, W = warning)
RULEBOOK: dict[str, str] = {
    **dict.fromkeys(
        """yaml-syntax file-too-large schema unique-code ref-department ref-material ref-data-element
        ref-item ref-district no-empty-element visit-reason-required negative-list-reason
        full-online-zero-visits zero-visits-needs-channel contact-format promised-within-legal
        instant-item-zero-days fee-basis-required result-type-required list-type-mismatch
        licensing-basis-level filing-no-fee filing-basis-level commitment-needs-supervision
        supervision-consistent commitment-excluded-domain certificate-not-required-by-item
        tolerance-material-exists uniform-elements scenario-min-items scenario-form-conflict
        benefit-data-source benefit-expired benefit-criteria benefit-apply-form
        waiver-expired""".split(),
        "error",
    ),
    **dict.fromkeys(
        """code-type-mismatch inline-material-duplicates-dictionary national-code-link
        consult-not-complaint filing-after-the-fact gov-issued-material-submitted newspaper-notice
        duplicate-name scenario-lead-involved scenario-not-faster waiver-unused""".split(),
        "warning",
    ),
}


def zwfw(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(ZWFW), *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


def lint_json(catalog: str, *extra: str, cwd: Path = ROOT) -> tuple[int, dict[str, Any]]:
    proc = zwfw("lint", catalog, "--format", "json", "--today", TODAY, *extra, cwd=cwd)
    return proc.returncode, json.loads(proc.stdout)


# --------------------------------------------------------------------------- clean


def test_clean_catalog_has_exactly_the_waived_finding() -> None:
    rc, doc = lint_json(f"{REL}/clean")
    assert rc == 0
    summary = doc["summary"]
    assert (summary["error"], summary["warning"], summary["info"], summary["waived"]) == (0, 0, 0, 1)
    # 4 licensing + 4 non-licensing + 2 filing + 2 certificates + 2 benefits + 2 scenarios
    assert summary["items"] == 16
    assert summary["files"] == 18
    [d] = doc["diagnostics"]
    assert d["rule"] == "filing-after-the-fact" and d["item"] == "TJBA-0002"
    assert d["waived"] is True and d["severity"] == "warning" and d["basis"].strip()
    assert d["file"] == f"{REL}/clean/filing/rsj.yaml"
    # `filing_timing: 事前备案` is line 33: the key (col 5) or its value (col 20)
    assert (d["line"], d["column"]) in {(33, 5), (33, 20)}
    assert d["related"] == []


def test_clean_waiver_expires_after_its_date() -> None:
    proc = zwfw("lint", f"{REL}/clean", "--format", "json", "--today", "2026-01-01")
    doc = json.loads(proc.stdout)
    assert proc.returncode == 1
    found = {(d["rule"], d["item"], d["waived"]) for d in doc["diagnostics"]}
    assert found == {
        ("waiver-expired", "TJBA-0002", False),
        ("filing-after-the-fact", "TJBA-0002", False),
    }


def test_warnings_only_exit_codes(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(HOLD / "clean", catalog)
    rsj = catalog / "filing" / "rsj.yaml"
    text = rsj.read_text(encoding="utf-8")
    rsj.write_text(text[: text.index("    waivers:")] + "    status: 在用\n", encoding="utf-8")
    rc, doc = lint_json("catalog", cwd=tmp_path)
    assert rc == 0
    assert [(d["rule"], d["severity"], d["waived"]) for d in doc["diagnostics"]] == [
        ("filing-after-the-fact", "warning", False)
    ]
    assert zwfw("lint", "catalog", "--fail-on", "error", "--today", TODAY, cwd=tmp_path).returncode == 0
    assert zwfw("lint", "catalog", "--fail-on", "warning", "--today", TODAY, cwd=tmp_path).returncode == 1
    assert zwfw("lint", "catalog", "--fail-on", "info", "--today", TODAY, cwd=tmp_path).returncode == 1
    # --ignore / --select by id
    assert zwfw(
        "lint", "catalog", "--fail-on", "warning", "--ignore", "filing-after-the-fact",
        "--today", TODAY, cwd=tmp_path,
    ).returncode == 0
    rc, doc = lint_json("catalog", "--select", "contact-format", cwd=tmp_path)
    assert rc == 0 and doc["diagnostics"] == []


# --------------------------------------------------------------------------- defects

EXPECTED: list[dict[str, Any]] = json.loads(
    (HOLD / "defects-expected.json").read_text(encoding="utf-8")
)["expected"]


@pytest.fixture(scope="module")
def defects() -> tuple[int, dict[str, Any]]:
    return lint_json(f"{REL}/defects")


def _path(entry_file: str) -> str:
    return f"{REL}/defects/{entry_file}"


def _matches(d: dict[str, Any], e: dict[str, Any]) -> bool:
    files = {_path(e["file"])}
    if "or" in e:
        files.add(_path(e["or"]["file"]))
    if d["rule"] != e["rule"] or d["file"] not in files:
        return False
    return e["item"] is None or d["item"] in [e["item"], *e.get("alt_items", [])]


def _id(e: dict[str, Any]) -> str:
    return f"{e['rule']}@{e['item'] or e['file']}"


def test_every_rule_of_the_rulebook_is_broken() -> None:
    assert {e["rule"] for e in EXPECTED} == set(RULEBOOK)
    for rule in ("no-empty-element", "contact-format", "negative-list-reason"):
        lists = {e["file"].split("/")[0] for e in EXPECTED if e["rule"] == rule}
        assert lists == {"licensing", "non-licensing", "filing"}, rule
    assert sum(1 for e in EXPECTED if e["at"]) >= 15


@pytest.mark.parametrize("entry", EXPECTED, ids=_id)
def test_defect_is_found_with_basis(defects: tuple[int, dict[str, Any]], entry: dict[str, Any]) -> None:
    rc, doc = defects
    assert rc == 1
    hits = [d for d in doc["diagnostics"] if _matches(d, entry)]
    assert hits, f"{_id(entry)} not reported"
    for d in hits:
        assert d["basis"] and d["basis"].strip() not in {"—", "-"}, d
        assert d["severity"] == RULEBOOK[entry["rule"]], d
        assert d["waived"] is False


POSITIONED = [
    pytest.param(e, id=_id(e))
    for e in EXPECTED
    if e["at"]
]


@pytest.mark.parametrize("entry", POSITIONED)
def test_defect_location(defects: tuple[int, dict[str, Any]], entry: dict[str, Any]) -> None:
    _, doc = defects
    places = {(_path(entry["file"]), line, col) for line, col in entry["at"]}
    if "or" in entry:
        places |= {(_path(entry["or"]["file"]), line, col) for line, col in entry["or"]["at"]}
    hits = [(d["file"], d["line"], d["column"]) for d in doc["diagnostics"] if _matches(d, entry)]
    assert set(hits) & places, f"{_id(entry)} at {hits}, expected one of {sorted(places)}"


def test_cross_record_findings_name_both_places(defects: tuple[int, dict[str, Any]]) -> None:
    _, doc = defects
    by_rule = {d["rule"]: d for d in doc["diagnostics"]}
    unique = by_rule["unique-code"]
    places = {(f"{REL}/defects/filing/scjgw.yaml", 2, 5), (f"{REL}/defects/filing/extra.yaml", 2, 5)}
    assert {(unique["file"], unique["line"], unique["column"])} | {
        (r["file"], r["line"], r["column"]) for r in unique["related"]
    } == places
    dup = by_rule["duplicate-name"]
    # the first 失业保险金申领 starts on line 2 (its name is line 3) of non-licensing/rsj.yaml
    assert {(r["file"], r["line"]) for r in dup["related"]} & {
        (f"{REL}/defects/non-licensing/rsj.yaml", 2),
        (f"{REL}/defects/non-licensing/rsj.yaml", 3),
    }
    uniform = [d for d in doc["diagnostics"] if d["rule"] == "uniform-elements"]
    assert uniform and all(d["related"] for d in uniform)
    sarif = json.loads(zwfw("lint", f"{REL}/defects", "--format", "sarif", "--today", TODAY).stdout)
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "unique-code"]
    assert result.get("relatedLocations")
    conflict = by_rule["scenario-form-conflict"]
    assert {r["file"] for r in conflict["related"]} == {
        f"{REL}/defects/licensing/scjgw.yaml",
        f"{REL}/defects/licensing/wjw.yaml",
    }


def test_no_unexpected_findings(defects: tuple[int, dict[str, Any]]) -> None:
    _, doc = defects
    extra = [d for d in doc["diagnostics"] if not any(_matches(d, e) for e in EXPECTED)]
    assert extra == [], "findings the spec does not call for:\n" + "\n".join(
        f"{d['rule']} {d['item']} {d['file']}:{d['line']}:{d['column']} {d['message']}" for d in extra
    )


def test_defects_summary_is_consistent(defects: tuple[int, dict[str, Any]]) -> None:
    _, doc = defects
    diags = doc["diagnostics"]
    summary = doc["summary"]
    for severity in ("error", "warning", "info"):
        assert summary[severity] == sum(
            1 for d in diags if d["severity"] == severity and not d["waived"]
        )
    assert summary["waived"] == 0
    for d in diags:
        assert set(d) >= {
            "rule", "severity", "file", "line", "column", "item", "message", "basis", "waived", "related"
        }
        assert d["line"] >= 1 and d["column"] >= 1
        assert d["message"].strip()


def test_every_rule_is_listed_and_explained() -> None:
    from typer.testing import CliRunner

    from cli import app

    runner = CliRunner()
    listed = runner.invoke(app, ["rules"], env={"COLUMNS": "250"})
    assert listed.exit_code == 0
    for rule in RULEBOOK:
        assert re.search(rf"(?<![\w-]){re.escape(rule)}(?![\w-])", listed.output), rule
        explained = runner.invoke(app, ["explain", rule], env={"COLUMNS": "250"})
        assert explained.exit_code == 0, (rule, explained.output)
        assert rule in explained.output
    assert runner.invoke(app, ["explain", "no-such-rule"]).exit_code != 0


# --------------------------------------------------------------------------- broken

GBK_FILE = 'items:\n  - code: "000712002000"\n    name: 出生登记\n'
TAB_FILE = "items:\n\t- code: TJBA-0001\n\t  name: 仅销售预包装食品备案\n"

#: (rule, file, line, column) — every violation planted in holdout/broken (+ the generated files)
BROKEN_EXPECTED = [
    ("schema", "catalog.yaml", 2, 1),  # region_code: 120000 (unquoted number)
    ("schema", "catalog.yaml", 4, 1),  # effective_date: 2025/01/01
    ("schema", "catalog.yaml", 9, 29),  # level: 省级
    ("schema", "materials.yaml", 9, 5),  # origin: 自备
    ("schema", "licensing/schema.yaml", 2, 5),  # code: 000117010000 unquoted
    ("schema", "licensing/schema.yaml", 4, 5),  # type: 行政许诺
    ("schema", "licensing/schema.yaml", 6, 14),  # levels: [省级]
    ("schema", "licensing/schema.yaml", 12, 75),  # copy: "一" (string for int)
    ("schema", "licensing/schema.yaml", 14, 18),  # legal: "二十" (string for int)
    ("schema", "licensing/schema.yaml", 15, 11),  # charged: 0 (int for bool)
    ("schema", "licensing/schema.yaml", 19, 7),  # online_depth: 5
    ("schema", "licensing/schema.yaml", 34, 5),  # tgas (misspelt optional key)
    ("schema", "licensing/schema.yaml", 35, 5),  # missing process (item start)
    ("schema", "licensing/schema.yaml", 35, 5),  # missing contact (item start)
    ("schema", "licensing/schema.yaml", 60, 5),  # contcat (misspelt required key)
    ("schema", "licensing/schema.yaml", 68, 50),  # until: 2025/12/31
    ("yaml-syntax", "licensing/indent.yaml", 4, 4),  # `   type:` misindented
    ("yaml-syntax", "non-licensing/dupkey.yaml", 5, 5),  # second `name:`
    ("yaml-syntax", "non-licensing/gbk.yaml", 3, 11),  # first GBK byte
    ("yaml-syntax", "filing/tabs.yaml", 2, 1),  # first tab
]
#: value-side columns the contract also allows ("the key or value that is wrong")
BROKEN_VALUE_COLUMNS = {
    ("catalog.yaml", 2): 14, ("catalog.yaml", 4): 17, ("catalog.yaml", 9): 36,
    ("materials.yaml", 9): 13, ("licensing/schema.yaml", 2): 11, ("licensing/schema.yaml", 4): 11,
    ("licensing/schema.yaml", 12): 81, ("licensing/schema.yaml", 14): 25,
    ("licensing/schema.yaml", 15): 20, ("licensing/schema.yaml", 19): 21,
    ("licensing/schema.yaml", 68): 57, ("non-licensing/gbk.yaml", 3): 1,
}
#: findings that are not planted but that the spec says the input also produces
BROKEN_ALLOWED = [
    # type 行政许诺 is not 行政许可 in the licensing list
    ("list-type-mismatch", "licensing/schema.yaml", 4, 5),
    # the waiver on 000117011000 is for a rule that does not fire there
    ("waiver-unused", "licensing/schema.yaml", 68, 10),
    # every tab is reported, not only the first
    ("yaml-syntax", "filing/tabs.yaml", 3, 1),
]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("broken")
    catalog = base / "broken"
    shutil.copytree(HOLD / "broken", catalog)
    for folder in ("non-licensing", "filing"):  # git keeps no empty folders
        (catalog / folder).mkdir(parents=True, exist_ok=True)
    (catalog / "non-licensing" / "gbk.yaml").write_bytes(GBK_FILE.encode("gbk"))
    (catalog / "filing" / "tabs.yaml").write_bytes(TAB_FILE.encode("utf-8"))
    elements = catalog / "data-elements.yaml"  # valid, with a UTF-8 BOM
    elements.write_bytes(b"\xef\xbb\xbf" + elements.read_bytes())
    return base


@pytest.fixture(scope="module")
def broken_json(broken: Path) -> dict[str, Any]:
    rc, doc = lint_json("broken", cwd=broken)
    assert rc == 1
    return doc


def _place(d: dict[str, Any]) -> tuple[str, str, int, int]:
    return (d["rule"], d["file"].removeprefix("broken/"), d["line"], d["column"])


def test_broken_every_violation_reported_at_its_key(broken_json: dict[str, Any]) -> None:
    found = [_place(d) for d in broken_json["diagnostics"]]
    missing = []
    for rule, file, line, col in BROKEN_EXPECTED:
        alt = BROKEN_VALUE_COLUMNS.get((file, line))
        ok = [f for f in found if f[:3] == (rule, file, line) and f[3] in {col, alt}]
        if not ok:
            missing.append((rule, file, line, col))
        else:
            found.remove(ok[0])
    assert missing == [], f"not reported: {missing}\nreported: {sorted(found)}"


def test_broken_nothing_unexplained(broken_json: dict[str, Any]) -> None:
    allowed = set(BROKEN_EXPECTED) | set(BROKEN_ALLOWED)
    extra = []
    for d in broken_json["diagnostics"]:
        place = _place(d)
        if place in allowed:
            continue
        alt = {(r, f, ln, BROKEN_VALUE_COLUMNS.get((f, ln))) for r, f, ln, _ in allowed}
        if place in alt:
            continue
        # dupkey.yaml is still read (the later `name` wins): its item really lacks the required keys
        if place == ("schema", "non-licensing/dupkey.yaml", 2, 5):
            continue
        if place[:2] == ("yaml-syntax", "licensing/unclosed.yaml"):
            continue  # its position is test_broken_unclosed_quote_points_at_the_quote
        extra.append((*place, d["message"]))
    assert extra == []


def test_broken_messages(broken_json: dict[str, Any]) -> None:
    by_place = {_place(d)[1:3]: d for d in broken_json["diagnostics"]}
    assert "GBK" in by_place[("non-licensing/gbk.yaml", 3)]["message"]
    assert "请为编码加引号" in by_place[("licensing/schema.yaml", 2)]["message"]
    assert re.search("制表符|tab", by_place[("filing/tabs.yaml", 2)]["message"], re.I)
    assert re.search("重复", by_place[("non-licensing/dupkey.yaml", 5)]["message"])
    assert broken_json["summary"]["files"] == 9
    # the BOM file is read: its element applicant.name is known to every form
    assert not [d for d in broken_json["diagnostics"] if d["rule"] == "ref-data-element"]


def test_broken_unquoted_code_item_is_not_converted(broken_json: dict[str, Any]) -> None:
    items = {d["item"] for d in broken_json["diagnostics"] if d["file"].endswith("licensing/schema.yaml") and d["line"] <= 34}
    assert "117010000" not in items


def test_broken_unclosed_quote_points_at_the_quote(broken_json: dict[str, Any]) -> None:
    found = {_place(d) for d in broken_json["diagnostics"]}
    assert ("yaml-syntax", "licensing/unclosed.yaml", 2, 11) in found


def test_broken_unclosed_quote_is_reported(broken_json: dict[str, Any]) -> None:
    hits = [d for d in broken_json["diagnostics"] if d["file"] == "broken/licensing/unclosed.yaml"]
    assert [d["rule"] for d in hits] == ["yaml-syntax"]
    assert "第 2 行" in hits[0]["message"]


def test_broken_all_formats(broken: Path, broken_json: dict[str, Any]) -> None:
    expected = {(f, line) for _, f, line, _ in BROKEN_EXPECTED}
    n = len(broken_json["diagnostics"])

    text = zwfw("lint", "broken", "--today", TODAY, cwd=broken)
    assert text.returncode == 1
    assert "broken/licensing/schema.yaml:34:5" in text.stdout
    assert "tgas: [天开园]" in text.stdout  # the offending line is shown
    assert "yaml-syntax" in text.stdout and "schema" in text.stdout and "依据" in text.stdout

    sarif_proc = zwfw("lint", "broken", "--format", "sarif", "--today", TODAY, cwd=broken)
    assert sarif_proc.returncode == 1
    sarif = json.loads(sarif_proc.stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    for r in run["tool"]["driver"]["rules"]:
        assert r.get("help", {}).get("text") or r.get("fullDescription", {}).get("text")
    got = set()
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        loc = result["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        got.add((uri.split("broken/", 1)[-1], loc["region"]["startLine"]))
        assert loc["region"]["startColumn"] >= 1
    assert len(run["results"]) == n
    assert expected <= got

    gh = zwfw("lint", "broken", "--format", "github", "--today", TODAY, cwd=broken)
    assert gh.returncode == 1
    lines = [ln for ln in gh.stdout.splitlines() if ln.strip()]
    pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),(?:endLine=\d+,)?col=(\d+)")
    got = set()
    for ln in lines:
        m = pattern.match(ln)
        assert m, ln
        got.add((m.group(2).split("broken/", 1)[-1], int(m.group(3))))
    assert len(lines) == n
    assert expected <= got
    assert any(ln.startswith("::warning") for ln in lines)  # waiver-unused is a warning

    junit = zwfw("lint", "broken", "--format", "junit", "--today", TODAY, cwd=broken)
    assert junit.returncode == 1
    tree = ET.fromstring(junit.stdout)
    failures = tree.findall(".//failure")
    assert len(failures) == n
    blob = junit.stdout
    for file in {f for f, _ in expected}:
        assert file in blob


def test_unusable_input_exits_2(tmp_path: Path) -> None:
    assert zwfw("lint", str(tmp_path / "nowhere")).returncode == 2
    assert zwfw("lint", f"{REL}/clean", "--format", "xml").returncode == 2
    assert zwfw("lint", f"{REL}/clean", "--today", "2025-13-01").returncode == 2
    assert zwfw("lint", f"{REL}/clean", "--fail-on", "fatal").returncode == 2
    assert zwfw("compile", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")).returncode == 2
    assert zwfw("diff", str(tmp_path / "a"), str(tmp_path / "b")).returncode == 2


def test_broken_catalog_is_refused_by_compile(broken: Path) -> None:
    proc = zwfw("compile", "broken", "--out", "out", "--today", TODAY, cwd=broken)
    assert proc.returncode == 1
    assert "yaml-syntax" in proc.stdout + proc.stderr
    assert not (broken / "out").exists()
