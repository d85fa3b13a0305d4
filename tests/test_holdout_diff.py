"""Holdout diff tests: tests/fixtures/holdout/diff/2024 → tests/fixtures/holdout/clean (the 2025 version).

Changes from 2024 to 2025, decided when the 2024 version was written:

* licensing: 000117003000 食品生产许可 removed; 000117001000 promised 15 → 10 (improved)
* non-licensing: 000513002000 → 000513003000 失业保险金申领 (recoded: same name, department, type);
  000712001000 drops the material 父母双方户口簿复印件 (improved); 002012002000 promised 3 → 5
  (the one regression); TJ-GGFW-0001 online_depth 3 → 4 (improved)
* filing: TJBA-0001 added; TJBA-0002 contact.phone changed (neutral)
* no-application-benefits: JSJX-2025-002 added
* certificate-exemption and scenarios unchanged
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOLD = ROOT / "tests" / "fixtures" / "holdout"
OLD = "tests/fixtures/holdout/diff/2024"
NEW = "tests/fixtures/holdout/clean"
ZWFW = Path(sys.executable).parent / "zwfw"


def _counts(added: int = 0, removed: int = 0, changed: int = 0, recoded: int = 0, moved: int = 0,
            unchanged: int = 0) -> dict[str, int]:
    return {"added": added, "removed": removed, "changed": changed, "recoded": recoded,
            "moved": moved, "unchanged": unchanged}


SUMMARY = {
    "licensing": _counts(removed=1, changed=1, unchanged=3),
    "non-licensing": _counts(changed=3, recoded=1),
    "filing": _counts(added=1, changed=1),
    "certificate-exemption": _counts(unchanged=2),
    "no-application-benefits": _counts(added=1, unchanged=1),
    "scenarios": _counts(unchanged=2),
}


def zwfw(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(ZWFW), *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    proc = zwfw("diff", OLD, NEW, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _change(report: dict[str, Any], code: str) -> dict[str, Any]:
    [change] = [c for c in report["changes"] if c["code"] == code]
    return change


def test_versions_and_summary(report: dict[str, Any]) -> None:
    assert (report["from"], report["to"]) == ("2024", "2025")
    assert report["summary"] == SUMMARY
    assert report["regressions"] == 1


def test_added_removed_recoded(report: dict[str, Any]) -> None:
    kinds = {(c["list"], c["code"], c["kind"]) for c in report["changes"] if c["kind"] != "changed"}
    assert kinds == {
        ("licensing", "000117003000", "removed"),
        ("filing", "TJBA-0001", "added"),
        ("no-application-benefits", "JSJX-2025-002", "added"),
        ("non-licensing", "000513003000", "recoded"),
    }
    recoded = _change(report, "000513003000")
    assert recoded["name"] == "失业保险金申领"
    assert "000513002000" in json.dumps(recoded)  # the old code is named
    assert not [c for c in report["changes"] if c["code"] == "000513002000"]
    assert all(f["effect"] != "regressed" for f in recoded["fields"])


def test_field_effects(report: dict[str, Any]) -> None:
    def fields(code: str) -> list[tuple[str, Any, Any, str]]:
        change = _change(report, code)
        assert change["kind"] == "changed"
        return [(f["path"], f["old"], f["new"], f["effect"]) for f in change["fields"]]

    assert fields("000117001000") == [("time_limit.promised", 15, 10, "improved")]
    assert fields("002012002000") == [("time_limit.promised", 3, 5, "regressed")]
    assert fields("TJ-GGFW-0001") == [("handling.online_depth", 3, 4, "improved")]
    assert fields("TJBA-0002") == [("contact.phone", "022-83600000", "022-83601234", "neutral")]
    materials = fields("000712001000")
    assert materials and all(path.startswith("materials") for path, *_ in materials)
    assert [effect for *_, effect in materials] == ["improved"]
    assert "父母双方户口簿复印件" in json.dumps(materials, ensure_ascii=False)
    regressed = [
        (c["code"], f["path"]) for c in report["changes"] for f in c["fields"] if f["effect"] == "regressed"
    ]
    assert regressed == [("002012002000", "time_limit.promised")]


def test_fail_on_regression() -> None:
    assert zwfw("diff", OLD, NEW, "--fail-on-regression").returncode == 1
    assert zwfw("diff", OLD, NEW, "--format", "json", "--fail-on-regression").returncode == 1
    # the other way round the one regression is an improvement, and the rest regressions
    back = zwfw("diff", NEW, OLD, "--format", "json")
    assert back.returncode == 0
    assert json.loads(back.stdout)["regressions"] >= 1
    same = zwfw("diff", NEW, NEW, "--format", "json", "--fail-on-regression")
    assert same.returncode == 0
    doc = json.loads(same.stdout)
    assert doc["regressions"] == 0 and doc["changes"] == []


def test_same_result_from_git_refs(report: dict[str, Any], tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=holdout", "-c", "user.email=holdout@example.invalid",
             "-c", "commit.gpgsign=false", *args],
            cwd=repo, check=True, capture_output=True,
        )

    git("init", "-q")
    shutil.copytree(HOLD / "diff" / "2024", repo / "catalog")
    git("add", "-A")
    git("commit", "-q", "-m", "2024")
    git("tag", "v2024")
    shutil.rmtree(repo / "catalog")
    shutil.copytree(HOLD / "clean", repo / "catalog")
    # copytree keeps mtimes: a same-size file at a reused inode can look unchanged to git's
    # index, so the index is rebuilt from the work tree
    git("rm", "-r", "-q", "--cached", "catalog")
    git("add", "-A")
    git("commit", "-q", "-m", "2025")
    git("tag", "v2025")
    proc = zwfw("diff", "v2024:catalog", "v2025:catalog", "--format", "json", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == report
    assert zwfw("diff", "v2024:catalog", "v2025:catalog", "--fail-on-regression", cwd=repo).returncode == 1
    assert zwfw("diff", "v2023:catalog", "v2025:catalog", cwd=repo).returncode == 2


def test_markdown_table() -> None:
    proc = zwfw("diff", OLD, NEW, "--format", "markdown")
    assert proc.returncode == 0
    text = proc.stdout
    lines = text.splitlines()
    assert any(line.startswith("|") and set(line.replace("|", "").strip()) <= set("-: ") for line in lines)
    table_rows = [line for line in lines if line.startswith("|")]
    assert len(table_rows) >= 3
    # every table is well formed: each row has as many cells as its header
    block: list[str] = []
    for line in [*lines, ""]:
        if line.startswith("|"):
            block.append(line)
        elif block:
            assert len({row.count("|") for row in block}) == 1, block
            block = []
    for needle in ("食品经营许可", "出生医学证明首次签发", "食品生产许可", "失业保险金申领",
                   "000513002000", "仅销售预包装食品备案", "灵活就业人员社会保险补贴"):
        assert needle in text, needle
    assert "<script" not in text
    for fmt in ("text", "html"):
        other = zwfw("diff", OLD, NEW, "--format", fmt)
        assert other.returncode == 0 and "002012002000" in other.stdout and "退步" in other.stdout
