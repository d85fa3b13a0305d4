"""The caches are invisible: a warm lint prints byte for byte what a cold one prints, an edit
is never hidden, and a generated catalog yields exactly the findings its generator planted.

Everything runs through the installed ``zwfw`` command in a fresh process, as a user would.
No timings are asserted here (benchmarks/run.py measures them).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.generate import generate

ZWFW = Path(sys.executable).parent / "zwfw"
TODAY = "2025-06-01"
SAMPLE = Path(__file__).resolve().parent.parent / "catalog"


def _lint(cwd: Path, *options: str) -> bytes:
    proc = subprocess.run(
        [str(ZWFW), "lint", "--format", "json", "--today", TODAY, *options],
        cwd=cwd, capture_output=True, check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    return proc.stdout


def _entries(cwd: Path) -> dict[str, int]:
    """The stored results and their modification times (stat keys only point to them)."""
    return {p.name: p.stat().st_mtime_ns for p in (cwd / ".zwfw-cache").glob("lint-*.marshal")}


def _pointers(cwd: Path) -> list[str]:
    return [p.name for p in (cwd / ".zwfw-cache").glob("lint-stat-*")]


def _age(root: Path, seconds: float = 60) -> None:
    """Make every file look older than the cache's racy window, so stat keys are recorded."""
    old = time.time() - seconds
    for path in root.rglob("*"):
        os.utime(path, (old, old))


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("planted")
    generate("small", out, defects=True)
    return out


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "catalog")
    return tmp_path


def _cold_warm_warm(root: Path) -> tuple[bytes, bytes, bytes]:
    cold = _lint(root, "--no-cache")
    assert not (root / ".zwfw-cache").exists() or not _entries(root), "--no-cache writes no result"
    first = _lint(root)
    stored = _entries(root)
    assert stored, "the first cached run stores its result"
    second = _lint(root)
    assert _entries(root) == stored, "a warm run answers from the cache and rewrites nothing"
    return cold, first, second


def test_sample_catalog_cold_and_warm_are_identical(sample: Path) -> None:
    cold, first, second = _cold_warm_warm(sample)
    assert json.loads(cold)["summary"]["items"] > 50
    assert cold == first == second


def test_planted_catalog_cold_and_warm_are_identical(planted: Path, tmp_path: Path) -> None:
    shutil.copytree(planted / "catalog", tmp_path / "catalog")
    _age(tmp_path)
    cold, first, second = _cold_warm_warm(tmp_path)
    assert json.loads(cold)["diagnostics"], "the planted defects are found"
    assert cold == first == second
    assert _pointers(tmp_path), "old enough inputs: the stat key was recorded"


def _first_item_file(root: Path) -> Path:
    return sorted((root / "catalog" / "licensing").glob("*.yaml"))[0]


def test_an_edit_invalidates_the_result_cache(planted: Path, tmp_path: Path) -> None:
    shutil.copytree(planted / "catalog", tmp_path / "catalog")
    _age(tmp_path)
    before = _lint(tmp_path)
    assert _lint(tmp_path) == before
    path = _first_item_file(tmp_path)
    text = path.read_text("utf-8")
    edited = text.replace('phone: "022-', 'phone: "0x2-', 1)  # same size: breaks contact-format
    assert edited != text and len(edited.encode()) == len(text.encode())
    stat = path.stat()
    path.write_text(edited, "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and mtime: only ctime moved
    after = _lint(tmp_path)
    assert after != before
    assert after == _lint(tmp_path, "--no-cache")
    assert "contact-format" in {d["rule"] for d in json.loads(after)["diagnostics"]}
    path.write_text(text, "utf-8")  # and back: the old answer again
    assert _lint(tmp_path) == before


def test_a_rule_file_edit_invalidates_the_result_cache(planted: Path, tmp_path: Path) -> None:
    shutil.copytree(planted / "catalog", tmp_path / "catalog")
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", tmp_path / "rules")
    (tmp_path / "pyproject.toml").write_text('[tool.zwfw]\ncatalog = "catalog"\n', "utf-8")
    _age(tmp_path)
    before = _lint(tmp_path)
    assert "filing-no-fee" in {d["rule"] for d in json.loads(before)["diagnostics"]}
    (tmp_path / "rules" / "time-fee.yaml").unlink()
    after = _lint(tmp_path)
    assert after != before
    assert after == _lint(tmp_path, "--no-cache")


def test_generated_catalog_yields_exactly_the_planted_findings(planted: Path) -> None:
    expected = json.loads((planted / "expected-findings.json").read_text("utf-8"))
    found = json.loads(_lint(planted, "--no-cache"))["diagnostics"]
    want = Counter((e["rule"], e["item"], e["file"]) for e in expected)
    got = Counter((d["rule"], d["item"], d["file"]) for d in found)
    assert got == want, f"missing {want - got}, unexpected {got - want}"


def _mutations(text: str) -> list[str]:
    """Edits that change the findings of one-file rules and of cross-record rules alike."""
    return [
        text.replace('phone: "022-', 'phone: "0x2-', 1),  # contact-format (text-pattern)
        re.sub(r"promised: \d+", "promised: 999", text, count=1),  # promised-within-legal (compare)
        text.replace("    fee:", "    fee_:", 1),  # schema: unknown key and a missing one
        re.sub(r'code: "(\d+)"', 'code: "000000000001"', text, count=2),  # unique-code (cross)
        re.sub(r'department: "\w+"', 'department: "nowhere"', text, count=1),  # reference (cross)
        text + "\n",  # same values, other bytes
    ]


def test_edits_between_cached_runs_give_what_a_cold_run_gives(planted: Path, tmp_path: Path) -> None:
    """A seeded walk of edits over several files — each step linted through the caches (the
    result cache misses; one-file rules reuse the unchanged files' findings) and cold."""
    shutil.copytree(planted / "catalog", tmp_path / "catalog")
    files = sorted((tmp_path / "catalog").rglob("*.yaml"))
    originals = {path: path.read_text("utf-8") for path in files}
    chooser = random.Random(7)
    seen: set[bytes] = set()
    _lint(tmp_path)
    for _ in range(10):
        path = chooser.choice([p for p in files if p.exists()])
        move = chooser.randrange(8)
        if move < 6:
            path.write_text(_mutations(path.read_text("utf-8"))[move], "utf-8")
        elif move == 6:
            path.write_text(originals[path], "utf-8")  # back to a version seen before
        else:
            path.rename(path.with_name("moved-" + path.name))  # same bytes, another name
            files = sorted((tmp_path / "catalog").rglob("*.yaml"))
        warm = _lint(tmp_path)
        assert warm == _lint(tmp_path, "--no-cache"), (path.name, move)
        seen.add(warm)
    assert len(seen) > 3, "the edits changed the findings"
