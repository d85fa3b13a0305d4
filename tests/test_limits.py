"""Resource limits: alias bombs, 100k-deep nesting, a 50 MB file, 10 MB lines, binary files and
files that are not YAML are bounded in time and memory, and reported as yaml-syntax or
file-too-large with the limit — configurable in [tool.zwfw.limits].

Every run goes through the real command in a child process with a wall-clock timeout and an
address-space limit (``RLIMIT_AS``): the assertions are that it finishes and what it says,
never how fast — the budgets are generous enough for a loaded two-core machine.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "fixtures" / "base"
TIMEOUT = 60  # seconds of wall clock for one command, however loaded the machine
MEMORY = 2 * 1024**3  # bytes of address space for the child
MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def zwfw(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command in a child process bounded in memory; TimeoutExpired fails the test."""
    return subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
        env={**os.environ, "ZWFW_DEBUG": ""},
    )


def assert_clean(done: subprocess.CompletedProcess[str], codes: tuple[int, ...]) -> None:
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr, done.stderr[-3000:]
    assert "MemoryError" not in done.stderr
    assert done.returncode in codes, (done.returncode, done.stdout[-3000:], done.stderr[-3000:])


def project(tmp: Path, limits: str = "") -> Path:
    """tmp/project: the base catalog and a pyproject.toml with optional [tool.zwfw.limits]."""
    root = tmp / "project"
    shutil.copytree(BASE, root / "catalog")
    table = f"\n[tool.zwfw.limits]\n{limits}" if limits else ""
    (root / "pyproject.toml").write_text(
        f'[tool.zwfw]\ncatalog = "catalog"\noutput = "generated"\n{table}', "utf-8"
    )
    return root


def lint_json(root: Path) -> dict[str, Any]:
    done = zwfw("lint", "--format", "json", "--no-cache", "--today", "2025-06-01", cwd=root)
    assert_clean(done, (0, 1))
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def by_file(report: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for d in report["diagnostics"]:
        found.setdefault(d["file"], []).append((d["rule"], d["message"]))
    return found


# ---- the hostile files ------------------------------------------------------------------


def billion_laughs() -> bytes:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return ("\n".join(lines) + "\nname: 炸弹\nselect: {tags: [*i]}\n").encode()


def png() -> bytes:
    import zlib

    raw = b"\x00\xff\x00\x00" * 4
    chunk = b"IDAT" + zlib.compress(raw)
    return (
        b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + chunk
    )


def xlsx_like_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook>事项</workbook>" * 100)
    return buffer.getvalue()


def random_bytes(size: int, seed: int, nul: bool) -> bytes:
    rng = random.Random(seed)
    data = bytes(rng.getrandbits(8) for _ in range(size))
    return data if nul else data.replace(b"\x00", b"\x01")


HOSTILE: dict[str, tuple[bytes, str, str]] = {
    # file: (bytes, the rule it must get, a phrase its message must hold)
    "views/billion-laughs.yaml": (billion_laughs(), "file-too-large", "上限 2000000"),
    "views/deep-flow.yaml": (
        b"name: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "file-too-large",
        "嵌套层数超过上限 100",
    ),
    "views/deep-flow-map.yaml": (
        b"name: " + b"{a: " * 100_000 + b"}" * 100_000 + b"\n",
        "file-too-large",
        "嵌套层数超过上限 100",
    ),
    "views/deep-block.yaml": (b"- " * 100_000 + b"x\n", "file-too-large", "嵌套层数超过上限 100"),
    "views/deep-keys.yaml": (
        b"".join(b" " * i + b"k:\n" for i in range(1000)) + b" " * 1000 + b"v\n",
        "file-too-large",
        "嵌套层数超过上限 100",
    ),
    "views/fifty-megabytes.yaml": (
        b"name: x\n" + b"# " + b"x" * (50 * MB) + b"\n",
        "file-too-large",
        f"超过上限 {DEFAULT_MAX_BYTES} 字节",
    ),
    "views/dense-line.yaml": (
        b"name: x\nselect: {tags: [" + b",".join([b"1"] * (5 * MB)) + b"]}\n",
        "file-too-large",
        "节点数超过上限 2000000",
    ),
    "views/junk-line.yaml": (
        b"name: " + b"a: b: c: [} " * (MB // 1) + b"\n",
        "yaml-syntax",
        "",
    ),
    "views/binary.yaml": (random_bytes(200_000, 1, nul=True), "yaml-syntax", "空字节"),
    "views/binary-no-nul.yaml": (random_bytes(200_000, 2, nul=False), "yaml-syntax", "UTF-8"),
    "views/picture.yaml": (png(), "yaml-syntax", ""),
    "views/spreadsheet.yaml": (xlsx_like_zip(), "yaml-syntax", ""),
    "views/utf16.yaml": (
        "name: 天开园事项\n".encode("utf-16"),
        "yaml-syntax",
        "UTF-16",
    ),
    "views/gbk.yaml": (
        "name: 天开园事项\nselect: {tags: [天开园]}\n".encode("gbk"),
        "yaml-syntax",
        "GBK",
    ),
    "views/bom-utf16-be.yaml": (
        codecs.BOM_UTF16_BE + "name: x\n".encode("utf-16-be"),
        "yaml-syntax",
        "UTF-16",
    ),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project(tmp_path_factory.mktemp("limits"))
    for name, (raw, _, _) in HOSTILE.items():
        (root / "catalog" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "catalog" / name).write_bytes(raw)
    return root


def test_every_hostile_file_is_one_bounded_finding(hostile: Path) -> None:
    found = by_file(lint_json(hostile))
    for name, (_, rule, phrase) in HOSTILE.items():
        got = found.get(f"catalog/{name}", [])
        assert any(r == rule and phrase in m for r, m in got), (name, got)
        assert all(r in ("yaml-syntax", "file-too-large") for r, _ in got), (name, got)
    for name in ("catalog.yaml", "materials.yaml", "data-elements.yaml", "licensing/scjgw.yaml"):
        assert f"catalog/{name}" not in found  # one broken file never stops the others


def test_compile_refuses_them_and_fmt_leaves_them(hostile: Path) -> None:
    compiled = zwfw("compile", "--today", "2025-06-01", cwd=hostile)
    assert_clean(compiled, (1,))
    assert not (hostile / "generated").exists()
    before = {name: (hostile / "catalog" / name).read_bytes() for name in HOSTILE}
    formatted = zwfw("fmt", cwd=hostile)
    assert_clean(formatted, (0, 1))
    for name, raw in before.items():
        assert (hostile / "catalog" / name).read_bytes() == raw, name


def test_a_ten_megabyte_value_on_one_line_still_compiles(tmp_path: Path) -> None:
    """Below the limits a long line is just text: it lints, compiles and formats."""
    root = project(tmp_path)
    (root / "catalog" / "views").mkdir()
    long_name = "天开园" * (10 * MB // 9)
    (root / "catalog" / "views" / "long.yaml").write_text(
        f"name: {long_name}\nselect: {{tags: [天开园]}}\n", "utf-8"
    )
    compiled = zwfw("compile", "--today", "2025-06-01", cwd=root)
    assert_clean(compiled, (0,))
    assert (root / "generated" / "lists" / "views" / "long.md").stat().st_size > 10 * MB
    assert_clean(zwfw("fmt", "--check", cwd=root), (0, 1))


# ---- the limits are configuration -------------------------------------------------------


@pytest.mark.parametrize(
    ("limits", "name", "text", "phrase"),
    [
        ("max_file_bytes = 1000\n", "licensing/scjgw.yaml", None, "超过上限 1000 字节"),
        ("max_depth = 5\n", "views/nested.yaml", "name: [[[[[[x]]]]]]\n", "嵌套层数超过上限 5"),
        ("max_depth = 5\n", "views/alias.yaml", "a: &a [[[x]]]\nname: [[[*a]]]\n", "上限 5"),
        (
            "max_nodes = 100\n",
            "views/nodes.yaml",
            "name: [" + "1," * 150 + "1]\n",
            "节点数超过上限 100",
        ),
        (
            "max_nodes = 100\n",
            "views/bomb.yaml",
            "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
            "上限 100",
        ),
    ],
)
def test_configured_limits_apply_and_are_named(
    tmp_path: Path, limits: str, name: str, text: str | None, phrase: str
) -> None:
    root = project(tmp_path, limits)
    if text is not None:
        (root / "catalog" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "catalog" / name).write_text(text, "utf-8")
    found = by_file(lint_json(root)).get(f"catalog/{name}", [])
    assert any(rule == "file-too-large" and phrase in message for rule, message in found), found


@pytest.mark.parametrize(
    ("table", "phrase"),
    [
        ("[tool.zwfw.limits]\nmax_depth = 100000\n", "max_depth 不能超过 200"),
        ("[tool.zwfw.limits]\nmax_depth = 0\n", "max_depth 应为正整数"),
        ("[tool.zwfw.limits]\nmax_nodes = -1\n", "max_nodes 应为正整数"),
        ('[tool.zwfw.limits]\nmax_file_bytes = "big"\n', "max_file_bytes 应为正整数"),
        ("[tool.zwfw.limits]\nmax_file_bytes = true\n", "max_file_bytes 应为正整数"),
        ("[tool.zwfw.limits]\nmax_bytes = 10\n", "没有 max_bytes 这一项"),
        ("[tool.zwfw]\nlimits = 5\n", "[tool.zwfw.limits] 应为表"),
    ],
)
def test_unusable_limits_are_a_clear_exit_2(tmp_path: Path, table: str, phrase: str) -> None:
    root = tmp_path / "project"
    shutil.copytree(BASE, root / "catalog")
    head = "" if table.startswith("[tool.zwfw]") else '[tool.zwfw]\ncatalog = "catalog"\n'
    (root / "pyproject.toml").write_text(head + table, "utf-8")
    done = zwfw("lint", cwd=root)
    assert_clean(done, (2,))
    assert phrase in done.stderr, done.stderr


def test_the_text_report_shows_a_window_of_a_very_long_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The offending line of a 10 MB line is cut to a window around the column before any
    per-character work (it took most of a minute per finding before)."""
    import time

    from compiler.diagnostics import Diagnostic, LintResult, Severity
    from compiler.report.text import render_text

    monkeypatch.chdir(tmp_path)
    (tmp_path / "long.yaml").write_text("a" * (5 * MB) + "X" + "\tb" * (2 * MB) + "\n", "utf-8")
    finding = Diagnostic("yaml-syntax", Severity.ERROR, "坏", "long.yaml", 1, 5 * MB + 1)
    started = time.monotonic()
    text = render_text(LintResult([finding], files=1), {})
    assert time.monotonic() - started < TIMEOUT
    source, caret = [line for line in text.splitlines() if "│" in line]
    assert len(source) < 300 and source.count("…") == 2
    assert source.index("X") == caret.index("^")
