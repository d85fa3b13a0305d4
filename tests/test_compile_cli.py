"""`zwfw compile` through the real command on tests/fixtures/compile: golden files, determinism,
`--check`, refusal of a catalog with errors, atomicity and the lock.

Regenerate the golden files with ``ZWFW_UPDATE_GOLDEN=1 pytest tests/test_compile_cli.py`` and
review the diff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from compiler import __version__
from compiler.build import output_dir
from compiler.build.pipeline import CompileSettings, compile_catalog
from compiler.build.swap import output_lock
from compiler.config import load_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "compile" / "catalog"
GOLDEN = Path(__file__).parent / "golden" / "compile"
TODAY = "2025-06-01"
GOLDEN_FILES = {
    "scenarios.json": "reports/scenarios.json",
    "stats.json": "reports/stats.json",
    "negative-one-visit.md": "lists/negative-one-visit.md",
    "negative-in-center.csv": "lists/negative-in-center.csv",
    "YJS-KDY.schema.json": "forms/YJS-KDY.schema.json",
}


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def zwfw(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def compile_(catalog: Path, out: Path, *args: str) -> tuple[int, str]:
    return zwfw("compile", str(catalog), "--out", str(out), "--today", TODAY, *args)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The fixture compiled once: (its directory, every output's bytes)."""
    root = tmp_path_factory.mktemp("compiled")
    shutil.copytree(FIXTURE, root / "catalog")
    code, output = compile_(root / "catalog", root / "generated")
    assert code == 0, output
    return root, snapshot(root / "generated")


@pytest.fixture()
def project(tmp_path: Path, compiled: tuple[Path, dict[str, bytes]]) -> Iterator[Path]:
    """A fresh copy of the compiled project: catalog/ and generated/."""
    shutil.copytree(compiled[0], tmp_path, dirs_exist_ok=True)
    yield tmp_path


def test_outputs_match_the_golden_files(compiled: tuple[Path, dict[str, bytes]]) -> None:
    files = compiled[1]
    if os.environ.get("ZWFW_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for golden, path in GOLDEN_FILES.items():
            (GOLDEN / golden).write_bytes(files[path])
    for golden, path in GOLDEN_FILES.items():
        assert files[path] == (GOLDEN / golden).read_bytes(), f"{path} 与 {GOLDEN / golden} 不同"


def test_every_contract_output_is_there(compiled: tuple[Path, dict[str, bytes]]) -> None:
    files = compiled[1]
    for kind in ("licensing", "non-licensing", "filing", "certificate-exemption",
                 "no-application-benefits"):  # fmt: skip
        assert f"lists/{kind}.csv" in files and f"lists/{kind}.xlsx" in files
    for stem in ("negative-in-center", "negative-online", "negative-one-visit", "views/canyin"):
        assert f"lists/{stem}.md" in files and f"lists/{stem}.csv" in files
    for name in ("consistency.json", "consistency.md", "consistency.html", "stats.json"):
        assert f"reports/{name}" in files
    for code in ("YJS-KDY", "YJS-ZG"):
        assert f"forms/{code}.formily.json" in files and f"guides/scenarios/{code}.html" in files
    for code in ("000117001000", "TJ-BA-0001"):
        assert f"guides/items/{code}.html" in files and f"guides/items/{code}.md" in files
    assert "guides/benefits/MSJX-2025-001.html" in files and "guides/index.html" in files


def test_manifest_lists_every_output_with_its_digest(
    compiled: tuple[Path, dict[str, bytes]],
) -> None:
    files = compiled[1]
    manifest = json.loads(files["manifest.json"])
    assert manifest["version"] == __version__ and len(manifest["inputs"]) == 64
    assert manifest["files"] == {
        path: hashlib.sha256(data).hexdigest()
        for path, data in sorted(files.items())
        if path != "manifest.json"
    }


def test_consistency_report(compiled: tuple[Path, dict[str, bytes]]) -> None:
    report = json.loads(compiled[1]["reports/consistency.json"])
    uniform = report["uniformity"]
    assert uniform["districts"] == ["东丽区", "和平区"]
    assert uniform["items"]["000117001000"]["cells"] == {"东丽区": "local", "和平区": "same"}
    assert uniform["items"]["002000001000"]["cells"]["和平区"] == "same"  # restates the city
    assert uniform["summary"]["和平区"] == {"same": 5, "local": 1, "deviation": 0}
    assert all(not f["file"].startswith(("/", "..")) for f in report["findings"])


def test_catalog_html_never_reaches_a_page_unescaped(
    compiled: tuple[Path, dict[str, bytes]],
) -> None:
    pages = {p: d.decode() for p, d in compiled[1].items() if p.endswith(".html")}
    assert not [p for p, text in pages.items() if "<b>10</b>" in text]
    assert any("&lt;b&gt;10&lt;/b&gt;" in text for text in pages.values())


def test_compile_is_deterministic(project: Path, compiled: tuple[Path, dict[str, bytes]]) -> None:
    # another process: another hash seed, another clock
    command = [sys.executable, "-c", "from cli import main; main()", "compile"]
    args = [str(project / "catalog"), "--out", str(project / "again"), "--today", TODAY]
    subprocess.run([*command, *args], check=True, capture_output=True, cwd=ROOT)
    again = snapshot(project / "again")
    assert sorted(again) == sorted(compiled[1])
    assert [path for path, data in again.items() if compiled[1][path] != data] == []


def test_recompiling_rewrites_nothing_and_check_passes(project: Path) -> None:
    code, output = compile_(project / "catalog", project / "generated")
    assert code == 0 and "均无变化" in output and len(output.splitlines()) == 1
    code, output = compile_(project / "catalog", project / "generated", "--check")
    assert code == 0 and output.splitlines() == [output.splitlines()[0]]
    assert "是最新的" in output and "已编译" not in output  # one verdict, not two


def test_check_names_edited_missing_and_extra_files_and_writes_nothing(project: Path) -> None:
    out = project / "generated"
    (out / "lists" / "licensing.csv").write_bytes(b"edited")
    (out / "reports" / "stats.json").unlink()
    (out / "stray.txt").write_text("x")
    before = snapshot(out)
    code, output = compile_(project / "catalog", out, "--check")
    assert code == 1
    assert "已修改" in output and "lists/licensing.csv" in output
    assert "缺少" in output and "reports/stats.json" in output
    assert "多余" in output and "stray.txt" in output
    assert snapshot(out) == before


def test_a_catalog_with_errors_is_refused_and_the_output_kept(project: Path) -> None:
    out = project / "generated"
    before = snapshot(out)
    items = project / "catalog" / "licensing" / "wjw.yaml"
    items.write_text(items.read_text("utf-8").replace("promised: 15", "promised: 25"), "utf-8")
    code, output = compile_(project / "catalog", out)
    assert code == 1
    assert "promised-within-legal" in output and "未编译" in output
    assert snapshot(out) == before


def test_unusable_input_exits_2(tmp_path: Path) -> None:
    code, output = compile_(tmp_path / "nowhere", tmp_path / "out")
    assert code == 2 and "目录不存在" in output
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("x")
    code, output = compile_(FIXTURE, tmp_path / "mine")
    assert code == 2 and "不会覆盖" in output


def test_a_concurrent_compile_is_refused(project: Path) -> None:
    with output_lock(project / "generated"):
        code, output = compile_(project / "catalog", project / "generated")
    assert code == 2 and "正在写入" in output


def test_an_interrupted_compile_leaves_the_previous_output(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "generated"
    before = snapshot(out)
    items = project / "catalog" / "licensing" / "wjw.yaml"
    items.write_text(items.read_text("utf-8").replace("promised: 15", "promised: 14"), "utf-8")

    def interrupted(staging: Path, target: Path) -> None:
        assert (staging / "reports" / "scenarios.json").is_file()  # staged, not yet swapped
        raise KeyboardInterrupt

    monkeypatch.setattr(output_dir, "swap_in", interrupted)
    settings = CompileSettings(
        catalog=project / "catalog",
        out=out,
        config=load_config(project),
        today=dt.date(2025, 6, 1),
    )
    try:
        result = compile_catalog(settings)
    except KeyboardInterrupt:
        pass
    else:
        pytest.fail(f"compile was not interrupted: {result.outcome} {result.written}")
    assert snapshot(out) == before
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".generated")]
    assert leftovers == []
