"""`zwfw lint` through the real command: syntax and schema findings at exact places, every format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from tests.rule_harness import build_catalog

ROOT = Path(__file__).resolve().parent.parent
LOADER_AND_SCHEMA = "yaml-syntax,file-too-large,schema"

BROKEN_ITEMS = """\
items:
  - code: 000117001000
    name: 食品经营许可
    type: 行政许可
    levels: [区级, 乡级]
    procss: [申请]
"""

DUPLICATE_VIEW = """\
name: 天开园事项
select: {tags: [天开园]}
name: 天开园事项（重复）
"""

UNCLOSED = """\
items:
  - code: "000120001000"
    name: [未闭合的列表
    type: 公共服务
"""

TABBED = "items:\n\t- code: \"000120002000\"\n"


def _lint(catalog: Path, *args: str) -> tuple[int, str]:
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(catalog)
    try:
        result = runner.invoke(app, ["lint", ".", *args])
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout


@pytest.fixture()
def broken(tmp_path: Path) -> Path:
    return build_catalog(
        tmp_path,
        {
            "non-licensing/broken.yaml": BROKEN_ITEMS,
            "views/dup.yaml": DUPLICATE_VIEW,
            "filing/unclosed.yaml": UNCLOSED,
            "filing/tabbed.yaml": TABBED,
            "filing/gbk.yaml": "items:\n  - code: \"000120003000\"\n    name: 出生登记\n".encode("gbk"),
        },
    )


def _found(stdout: str) -> list[tuple[str, str, int, int]]:
    doc = json.loads(stdout)
    return [(d["rule"], d["file"], d["line"], d["column"]) for d in doc["diagnostics"]]


def test_clean_catalog_exits_zero(tmp_path: Path) -> None:
    catalog = build_catalog(tmp_path, {})
    code, out = _lint(catalog, "--format", "json")
    assert code == 0, out
    doc = json.loads(out)
    assert doc["diagnostics"] == []
    assert doc["summary"] == {"error": 0, "warning": 0, "info": 0, "waived": 0, "files": 4, "items": 1}


def test_broken_files_are_reported_exactly(broken: Path) -> None:
    code, out = _lint(broken, "--format", "json", "--select", LOADER_AND_SCHEMA)
    assert code == 1
    found = _found(out)
    assert ("yaml-syntax", "filing/gbk.yaml", 3, 11) in found
    assert ("yaml-syntax", "filing/tabbed.yaml", 2, 1) in found
    assert ("yaml-syntax", "views/dup.yaml", 3, 1) in found
    assert any(f[:2] == ("yaml-syntax", "filing/unclosed.yaml") for f in found)
    assert ("schema", "non-licensing/broken.yaml", 2, 5) in found  # unquoted code
    assert ("schema", "non-licensing/broken.yaml", 5, 18) in found  # 乡级 not a level
    assert ("schema", "non-licensing/broken.yaml", 6, 5) in found  # misspelt key
    doc = json.loads(out)
    messages: dict[tuple[str, int], str] = {}
    for d in doc["diagnostics"]:
        key = (d["file"], d["line"])
        messages[key] = messages.get(key, "") + d["message"]
    assert "GBK" in messages[("filing/gbk.yaml", 3)]
    assert "请为编码加引号" in messages[("non-licensing/broken.yaml", 2)]
    assert "重复的键" in messages[("views/dup.yaml", 3)]
    dup = next(d for d in doc["diagnostics"] if d["file"] == "views/dup.yaml")
    assert dup["related"] == [{"file": "views/dup.yaml", "line": 1, "column": 1}]
    # the clean base files still count; one broken file never stops the others
    assert doc["summary"]["files"] == 9


def test_missing_required_keys_point_at_the_item(broken: Path) -> None:
    code, out = _lint(broken, "--format", "json", "--select", "schema")
    assert code == 1
    doc = json.loads(out)
    missing = [
        d for d in doc["diagnostics"]
        if d["file"] == "non-licensing/broken.yaml" and "缺少必填项" in d["message"]
    ]
    assert missing and all((d["line"], d["column"]) == (2, 5) for d in missing)
    assert any("department" in d["message"] for d in missing)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_every_format_runs(broken: Path, fmt: str) -> None:
    code, out = _lint(broken, "--format", fmt, "--select", LOADER_AND_SCHEMA)
    assert code == 1
    assert "filing/gbk.yaml" in out
    if fmt == "sarif":
        assert json.loads(out)["version"] == "2.1.0"
    if fmt == "github":
        assert out.startswith("::error file=")
    if fmt == "text":
        assert "GBK" in out and "流式列表缺少" in out and "│ ^" in out


def test_fail_on_and_usage_errors(tmp_path: Path) -> None:
    catalog = build_catalog(tmp_path, {})
    assert _lint(catalog, "--format", "nope")[0] == 2
    assert _lint(catalog, "--fail-on", "nope")[0] == 2
    assert _lint(catalog, "--today", "2025-13-40")[0] == 2
    assert _lint(catalog, "--select", "no-such-rule")[0] == 2
    result = CliRunner().invoke(app, ["lint", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "目录不存在" in result.output


def test_real_command_never_shows_a_traceback(tmp_path: Path) -> None:
    catalog = build_catalog(tmp_path, {"licensing/bin.yaml": b"\x00\x01\x02binary"})
    zwfw = Path(sys.executable).parent / "zwfw"
    proc = subprocess.run(
        [str(zwfw), "lint", str(catalog), "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["summary"]["error"] >= 1


def test_bundled_catalog_counts_items() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["lint", "--format", "json", "--select", LOADER_AND_SCHEMA])
    doc = json.loads(result.stdout)
    assert doc["summary"]["files"] > 10
    assert doc["summary"]["items"] >= 60


def test_a_project_folder_given_as_catalog_means_its_catalog(tmp_path: Path) -> None:
    """`zwfw lint ../district-repo`: the folder holding catalog/ is linted as that catalog."""
    catalog = build_catalog(tmp_path, {})
    runner = CliRunner()
    direct = runner.invoke(app, ["lint", str(catalog), "--format", "json"])
    parent = runner.invoke(app, ["lint", str(tmp_path), "--format", "json"])
    assert parent.exit_code == direct.exit_code == 0
    assert json.loads(parent.stdout) == json.loads(direct.stdout)
    (tmp_path / "pyproject.toml").write_text('[tool.zwfw]\ncatalog = "data"\n', "utf-8")
    catalog.rename(tmp_path / "data")
    configured = runner.invoke(app, ["lint", str(tmp_path), "--format", "json"])
    assert configured.exit_code == 0
    assert json.loads(configured.stdout)["summary"] == json.loads(direct.stdout)["summary"]


def test_a_read_only_project_keeps_its_cache_in_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from compiler.config import default_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    read_only = tmp_path / "ro"
    read_only.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != read_only and real_access(path, mode))
    assert default_cache(read_only).parent == tmp_path / "user-cache" / "zwfw"
    assert default_cache(read_only) == default_cache(read_only)  # the same folder every run
    assert default_cache(tmp_path) == tmp_path / ".zwfw-cache"
