"""Fuzzing lint, compile and fmt over mutated copies of tests/fixtures/base and catalog/.

Every run must end in findings (or none), never an exception; a catalog lint finds no error in
must compile; fmt never changes a value. In-process for speed, through the real command (with
its ``main()``) for a subset. ``tests/fixtures/crashers/`` keeps every input that once crashed
zwfw, each with the finding it must now give. ``ZWFW_FUZZ_LONG=1`` runs many more examples.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compiler.build.pipeline import CompileSettings, compile_catalog
from compiler.config import load_config
from compiler.diagnostics import LintResult, Severity
from compiler.lint.pipeline import LintSettings, lint, ruleset_for
from compiler.load.decode import decode
from compiler.load.yaml12 import parse
from compiler.workflow.fmt import FmtSettings, run_fmt
from tests.test_fuzz_loader import (
    BASE,
    BASE_DATA,
    BASE_FILES,
    CATALOG,
    CATALOG_FILES,
    dump,
    fuzz_settings,
    mutated_bytes,
    mutated_data,
)

ROOT = Path(__file__).resolve().parent.parent
CRASHERS = Path(__file__).parent / "fixtures" / "crashers"
TODAY = dt.date(2025, 6, 1)
CONFIG = load_config(ROOT)
RULE_IDS = set(ruleset_for(CONFIG).rules)
#: what the real command prints for a bug instead of a traceback: never acceptable here
INTERNAL = "内部错误"


class Workspace:
    """A catalog copied once per module; each example edits a few files and puts them back
    (hypothesis examples cannot use function-scoped fixtures)."""

    def __init__(self, source: Path, originals: dict[str, bytes]) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="zwfw-fuzz-"))
        self.catalog = self.root / "catalog"
        shutil.copytree(source, self.catalog)
        self.originals = originals

    @contextmanager
    def edited(self, files: dict[str, bytes]) -> Iterator[Path]:
        for name, raw in files.items():
            (self.catalog / name).write_bytes(raw)
        try:
            yield self.catalog
        finally:
            for name in files:
                (self.catalog / name).write_bytes(self.originals[name])
            shutil.rmtree(self.root / "out", ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def base() -> Iterator[Workspace]:
    space = Workspace(BASE, BASE_FILES)
    yield space
    space.close()


@pytest.fixture(scope="module")
def sample() -> Iterator[Workspace]:
    space = Workspace(CATALOG, CATALOG_FILES)
    yield space
    space.close()


def run_lint(catalog: Path) -> LintResult:
    settings = LintSettings(catalog=catalog, config=CONFIG, today=TODAY, use_cache=False)
    result, _, _ = lint(settings)
    for finding in result.diagnostics:
        assert finding.rule in RULE_IDS
        assert finding.line >= 1 and finding.column >= 1
        assert finding.message
    return result


def run_compile(catalog: Path, out: Path) -> str:
    """Compile; a catalog without errors must compile, one with errors must be refused."""
    findings = run_lint(catalog)
    result = compile_catalog(CompileSettings(catalog=catalog, out=out, config=CONFIG, today=TODAY))
    if findings.fails(Severity.ERROR):
        assert result.outcome == "refused"
        assert not out.exists()
    else:
        assert result.outcome == "written", [d.message for d in result.lint.diagnostics]
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        assert set(manifest["files"]) | {"manifest.json"} == set(result.files)
    return result.outcome


def comparable(value: Any) -> Any:
    """Values as fmt must keep them (NaN equal to NaN)."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def values_of(path: Path) -> Any:
    text, _ = decode(path.read_bytes())
    parsed = parse(text) if text is not None else None
    return comparable(parsed.data) if parsed is not None and parsed.ok else None


def run_fmt_keeping_values(catalog: Path) -> None:
    files = sorted(catalog.rglob("*.yaml"))
    before = {path: values_of(path) for path in files}
    result = run_fmt(FmtSettings(paths=(catalog,), limits=CONFIG.limits))
    for outcome in result.files:
        if outcome.changed:
            assert before[outcome.path] is not None, "fmt rewrote a file it could not read"
            assert values_of(outcome.path) == before[outcome.path], outcome.display


# ---- lint over byte-level and structural mutations -----------------------------------------


@fuzz_settings(120)
@given(st.data())
def test_lint_of_mutated_bytes(base: Workspace, data: st.DataObject) -> None:
    names = data.draw(
        st.lists(st.sampled_from(sorted(BASE_FILES)), min_size=1, max_size=3, unique=True)
    )
    edits = {name: data.draw(mutated_bytes(BASE_FILES[name])) for name in names}
    with base.edited(edits) as catalog:
        run_lint(catalog)


@fuzz_settings(120)
@given(st.data())
def test_lint_of_catalogs_rebuilt_with_junk(base: Workspace, data: st.DataObject) -> None:
    names = data.draw(
        st.lists(st.sampled_from(sorted(BASE_DATA)), min_size=1, max_size=3, unique=True)
    )
    edits = {
        name: dump(
            data.draw(mutated_data(BASE_DATA[name])), data.draw(st.sampled_from([None, True]))
        )
        for name in names
    }
    with base.edited(edits) as catalog:
        run_lint(catalog)


SAMPLE_NAMES = sorted(name for name in CATALOG_FILES if len(CATALOG_FILES[name]) < 60_000)


@fuzz_settings(25)
@given(st.data())
def test_lint_of_the_mutated_sample_catalog(sample: Workspace, data: st.DataObject) -> None:
    names = data.draw(st.lists(st.sampled_from(SAMPLE_NAMES), min_size=1, max_size=3, unique=True))
    edits: dict[str, bytes] = {}
    for name in names:
        if data.draw(st.booleans()):
            edits[name] = data.draw(mutated_bytes(CATALOG_FILES[name]))
        else:
            text, _ = decode(CATALOG_FILES[name])
            assert text is not None
            edits[name] = dump(data.draw(mutated_data(parse(text).data)))
    with sample.edited(edits) as catalog:
        run_lint(catalog)


# ---- compile and fmt over catalogs that stay close to valid ---------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "</script>",
    "-->",
    "[x](javascript:alert(1))",
    '=HYPERLINK("http://x")',
    "+1",
    "-2",
    "@SUM(1)",
    "../../x",
    "/etc/passwd",
    "a/b",
    "..",
    ".",
    "CON",
    "NUL",
    "a" * 300,
    "\u202e",
    "𠀀",
    "\x85",
    "\u2028",
    "\x7f",
    "|",
    "#",
    "- x",
    "1. x",
    "{name.__class__}",
    "%s",
    "\\",
    "*",
    "&",
    "!!x",
    "",
]
NUMBERS = [0, 1, 2, 5, 10**6, 2**63, 10**300, 0.5, 2.0, 1e19, 1e308, -1]


@st.composite
def nearly_valid(draw: st.DrawFn, data: Any) -> Any:
    """``data`` with hostile text in its strings, other numbers, entries dropped or repeated
    and flags flipped: edits a catalog mostly survives, so compile gets to run."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        leaves = [(path, value) for path, value in _leaves(data) if path]
        if not leaves:
            break
        path, value = draw(st.sampled_from(leaves))
        parent = _at(data, path[:-1])
        if isinstance(value, str):
            hostile = draw(st.sampled_from(HOSTILE))
            parent[path[-1]] = draw(st.sampled_from([hostile, value + hostile, hostile + value]))
        elif isinstance(value, bool):
            parent[path[-1]] = not value
        elif isinstance(value, (int, float)):
            parent[path[-1]] = draw(st.sampled_from(NUMBERS))
        elif isinstance(parent, list) and draw(st.booleans()):
            parent.append(copy.deepcopy(value))
        elif isinstance(parent, list) and len(parent) > 1:
            del parent[path[-1]]
    return data


def _leaves(data: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*at, index))
    else:
        yield at, data


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@fuzz_settings(20, 600)
@given(st.data())
def test_compile_and_fmt_of_nearly_valid_catalogs(base: Workspace, data: st.DataObject) -> None:
    names = data.draw(
        st.lists(st.sampled_from(sorted(BASE_DATA)), min_size=1, max_size=2, unique=True)
    )
    edits = {name: dump(data.draw(nearly_valid(BASE_DATA[name]))) for name in names}
    with base.edited(edits) as catalog:
        run_compile(catalog, base.root / "out")
        run_fmt_keeping_values(catalog)


@fuzz_settings(25, 500)
@given(st.data())
def test_fmt_of_mutated_catalogs(base: Workspace, data: st.DataObject) -> None:
    """fmt on any input: formats it without changing a value, or leaves it and says why."""
    names = data.draw(
        st.lists(st.sampled_from(sorted(BASE_FILES)), min_size=1, max_size=2, unique=True)
    )
    edits: dict[str, bytes] = {}
    for name in names:
        if data.draw(st.booleans()):
            edits[name] = data.draw(mutated_bytes(BASE_FILES[name]))
        else:
            edits[name] = dump(
                data.draw(mutated_data(BASE_DATA[name])), data.draw(st.sampled_from([None, True]))
            )
    with base.edited(edits) as catalog:
        run_fmt_keeping_values(catalog)


HOLDOUT = ROOT / "tests" / "fixtures" / "holdout" / "clean"
HOLDOUT_FILES = {
    p.relative_to(HOLDOUT).as_posix(): p.read_bytes() for p in sorted(HOLDOUT.rglob("*.yaml"))
}


@pytest.fixture(scope="module")
def holdout() -> Iterator[Workspace]:
    space = Workspace(HOLDOUT, HOLDOUT_FILES)
    yield space
    space.close()


@fuzz_settings(10, 400)
@given(st.data())
def test_compile_and_fmt_of_a_nearly_valid_holdout_catalog(
    holdout: Workspace, data: st.DataObject
) -> None:
    """The same on the holdout catalog written from the spec alone (tests/fixtures/holdout)."""
    names = data.draw(
        st.lists(st.sampled_from(sorted(HOLDOUT_FILES)), min_size=1, max_size=2, unique=True)
    )
    edits = {}
    for name in names:
        text, _ = decode(HOLDOUT_FILES[name])
        assert text is not None
        edits[name] = dump(data.draw(nearly_valid(parse(text).data)))
    with holdout.edited(edits) as catalog:
        run_compile(catalog, holdout.root / "out")
        run_fmt_keeping_values(catalog)


# ---- through the real command ---------------------------------------------------------------


def zwfw(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The installed command's entry point, ``main()`` and all."""
    return subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ZWFW_DEBUG": ""},
    )


def assert_clean_exit(done: subprocess.CompletedProcess[str], allowed: tuple[int, ...]) -> None:
    assert "Traceback" not in done.stderr and INTERNAL not in done.stderr, done.stderr
    assert done.returncode in allowed, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])


@fuzz_settings(4, 60)
@given(st.data())
def test_the_command_on_mutated_catalogs(base: Workspace, data: st.DataObject) -> None:
    names = data.draw(
        st.lists(st.sampled_from(sorted(BASE_FILES)), min_size=1, max_size=2, unique=True)
    )
    edits = {name: data.draw(mutated_bytes(BASE_FILES[name])) for name in names}
    with base.edited(edits) as catalog:
        linted = zwfw(
            "lint", str(catalog), "--format", "json", "--no-cache", "--today", "2025-06-01"
        )
        assert_clean_exit(linted, (0, 1))
        json.loads(linted.stdout)
        compiled = zwfw(
            "compile", str(catalog), "--out", str(base.root / "out"), "--today", "2025-06-01"
        )
        assert_clean_exit(compiled, (0, 1))
        formatted = zwfw("fmt", "--check", str(catalog))
        assert_clean_exit(formatted, (0, 1))


# ---- the crashers found so far --------------------------------------------------------------

CASES = parse((CRASHERS / "index.yaml").read_text("utf-8")).data["crashers"]


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_crasher_now_gives_its_finding(tmp_path: Path, case: dict[str, Any]) -> None:
    """Each crasher replaces one file of the base catalog (``place``); lint then reports
    ``rule`` (or, with ``rule: none``, finds no error and the catalog compiles); fmt keeps
    every value."""
    catalog = tmp_path / "catalog"
    shutil.copytree(BASE, catalog)
    places = case["place"] if isinstance(case["place"], list) else [case["place"]]
    for place in places:
        target = catalog / place
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((CRASHERS / case["file"]).read_bytes())
    found = run_lint(catalog)
    if case["rule"] == "none":
        assert not found.fails(Severity.ERROR), [d.message for d in found.diagnostics]
        assert run_compile(catalog, tmp_path / "out") == "written"
    else:
        assert case["rule"] in {d.rule for d in found.diagnostics}, [
            (d.rule, d.message) for d in found.diagnostics
        ]
        assert run_compile(catalog, tmp_path / "out") == "refused"
    done = zwfw("lint", str(catalog), "--no-cache", "--today", "2025-06-01")
    assert_clean_exit(done, (0,) if case["rule"] == "none" else (1,))
    run_fmt_keeping_values(catalog)
