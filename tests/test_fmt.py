"""zwfw fmt: the law (values never change, comments survive), idempotence, the canonical form."""

from __future__ import annotations

import os
import shutil
import stat
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import app
from compiler.load.kinds import FileKind
from compiler.load.yaml12 import parse
from compiler.workflow.fmt import kind_of
from compiler.workflow.fmt_comments import dedent_comments
from compiler.workflow.fmt_layout import canonical_layout
from compiler.workflow.fmt_order import Shape, canonical_order, shape_of
from compiler.workflow.fmt_text import format_text
from compiler.workflow.fmt_verify import comments, same_value
from compiler.workflow.fmt_yaml import normalize
from tests.fmt_catalogs import random_catalog

FIXTURES = Path("tests/fixtures/fmt")
HEADER = "# yaml-language-server: $schema=../../schemas/licensing.schema.json"


def _comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def _assert_law(before: str, after: str) -> None:
    """Same values under the catalog loader; every comment (and every comment line) kept."""
    old, new = parse(before), parse(after)
    assert old.ok and new.ok and not new.problems
    assert same_value(old.data, new.data)
    assert not (comments(before) - comments(after))
    assert not (Counter(_comment_lines(before)) - Counter(_comment_lines(after)))


def _assert_canonical_order(data: Any, shape: Shape | None) -> None:
    if shape is None:
        return
    if isinstance(data, dict):
        keys = list(data)
        assert canonical_order(shape, keys) == list(range(len(keys))), keys
        for key, value in data.items():
            _assert_canonical_order(value, shape.child(key))
    elif isinstance(data, list):
        for entry in data:
            _assert_canonical_order(entry, shape.items)


KINDS = list(FileKind)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(KINDS), seed=st.integers(0, 2**32 - 1), header=st.booleans())
def test_fmt_never_changes_a_value_and_keeps_every_comment(
    kind: FileKind, seed: int, header: bool
) -> None:
    shape = shape_of(kind)
    assert shape is not None
    text, inserted = random_catalog(shape, seed)
    assert parse(text).ok and not parse(text).problems, text
    result = format_text(text, shape, HEADER if header else None)
    assert not result.problems, (result.problems, text)
    _assert_law(text, result.text)
    for comment in inserted:
        assert comment in result.text
    _assert_canonical_order(parse(result.text).data, shape)
    assert format_text(result.text, shape, HEADER if header else None).text == result.text
    if header:
        assert result.text.startswith(HEADER + "\n")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(KINDS), seed=st.integers(0, 2**32 - 1))
def test_layout_check_accepts_only_what_the_round_trip_leaves_unchanged(
    kind: FileKind, seed: int
) -> None:
    """fmt skips ruamel for a text in canonical layout; that must be exactly a text ruamel
    would give back unchanged (else fmt's output would depend on the path it took)."""
    shape = shape_of(kind)
    assert shape is not None
    text, _ = random_catalog(shape, seed)
    for candidate in (text, format_text(text, shape).text):
        dedented = dedent_comments(candidate)
        if canonical_layout(dedented):
            assert normalize(dedented) in (None, dedented)


def _yaml_files(*roots: str) -> list[Path]:
    return sorted(p for root in roots for p in Path(root).rglob("*.y*ml") if p.is_file())


@pytest.mark.parametrize("path", _yaml_files("tests/fixtures"), ids=str)
def test_fmt_law_holds_on_every_fixture_file(path: Path) -> None:
    text = path.read_text("utf-8")
    kind = kind_of(path)
    shape = shape_of(kind) if kind else None
    result = format_text(text, shape, "# yaml-language-server: $schema=x.json" if kind else None)
    if not parse(text).ok or parse(text).problems:
        assert result.problems and result.text == text  # reported and left alone
        return
    assert not result.problems
    _assert_law(text, result.text)


def test_messy_file_becomes_the_golden_canonical_form() -> None:
    messy = (FIXTURES / "messy.yaml").read_text("utf-8")
    golden = (FIXTURES / "canonical.yaml").read_text("utf-8")
    result = format_text(messy, shape_of(FileKind.LICENSING), HEADER)
    assert not result.problems
    assert result.text == golden
    _assert_law(messy, golden)
    assert format_text(golden, shape_of(FileKind.LICENSING), HEADER).text == golden


def test_unquoted_numeric_code_is_left_for_lint() -> None:
    text = "items:\n  - code: 000117001000\n    parent: 00011700300Y\n    national_code: '000117001000'\n"
    out = format_text(text, shape_of(FileKind.LICENSING)).text
    assert "code: 000117001000\n" in out  # quoting it would turn a number into a string
    assert 'parent: "00011700300Y"' in out and 'national_code: "000117001000"' in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a:\n- b: [1, 2]\n# c\n- |-  # e\n  x\n",
            "a:\n  - b: [1, 2]\n  # c\n  - |-  # e\n    x\n",
        ),
        (
            "a:\n- {b: 1}\n\n# c\n- >-  # e\n  x\n# after\nz: 1\n",
            "a:\n  - {b: 1}\n\n  # c\n  - >-  # e\n    x\n# after\nz: 1\n",
        ),
    ],
    ids=["literal", "folded"],
)
def test_comment_line_and_eol_comment_of_a_block_scalar_entry_after_a_flow_collection(
    text: str, expected: str
) -> None:
    """After an entry ending in a flow collection, ruamel files the comment lines above the
    next dash and a ``|`` / ``>`` entry's end-of-line comment in one list; a ``str`` left in it
    made ruamel drop every comment of the sequence, and fmt refused the file."""
    result = format_text(text, None)
    assert not result.problems
    assert result.text == expected
    _assert_law(text, result.text)
    assert format_text(result.text, None).text == result.text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'items:\n  - code: "1"\n    name: [\n', "broken.yaml:4:"),
        (b'items:\n  - code: "1"\n    code: "2"\n', "重复的键"),
        ("items:\n  - name: 食品经营许可\n".encode("gbk"), "GBK"),
        (b"items:\n\t- name: x\n", "制表符"),
    ],
    ids=["syntax", "duplicate-key", "gbk", "tab"],
)
def test_broken_files_are_reported_and_skipped(tmp_path: Path, raw: bytes, expected: str) -> None:
    from typer.testing import CliRunner

    folder = tmp_path / "licensing"
    folder.mkdir()
    broken, fine = folder / "broken.yaml", folder / "fine.yaml"
    broken.write_bytes(raw)
    fine.write_text("items:\n-   name: x\n    code: 'A'\n", "utf-8")
    result = CliRunner().invoke(app, ["fmt", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "broken.yaml:" in result.output and expected in result.output, result.output
    assert broken.read_bytes() == raw  # untouched
    assert fine.read_text("utf-8") == 'items:\n  - code: "A"\n    name: x\n'


def test_check_writes_nothing_and_names_the_files(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    folder = tmp_path / "filing"
    folder.mkdir()
    messy = folder / "a.yaml"
    messy.write_text("items:\n- name: x\n  code: 'A'\n", "utf-8")
    (folder / "b.yaml").write_text('items:\n  - code: "B"\n    name: y\n', "utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["fmt", "--check", str(tmp_path)])
    assert result.exit_code == 1
    assert "a.yaml" in result.output and "b.yaml" not in result.output
    assert messy.read_text("utf-8") == "items:\n- name: x\n  code: 'A'\n"
    os.chmod(messy, 0o640)
    assert runner.invoke(app, ["fmt", "-q", str(tmp_path)]).exit_code == 0
    assert stat.S_IMODE(messy.stat().st_mode) == 0o640  # permissions kept
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary left
    again = runner.invoke(app, ["fmt", "--check", str(tmp_path)])
    assert again.exit_code == 0, again.output


def test_without_paths_the_configured_catalog_is_formatted_with_schema_headers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    (tmp_path / "pyproject.toml").write_text('[tool.zwfw]\ncatalog = "data/catalog"\n', "utf-8")
    catalog = tmp_path / "data" / "catalog"
    (catalog / "scenarios").mkdir(parents=True)
    (tmp_path / "schemas").mkdir()
    scenario = catalog / "scenarios" / "x.yaml"
    scenario.write_text('name: 一件事\ncode: "YJS-1"\n', "utf-8")
    (catalog / "catalog.yaml").write_text("# 已有的说明\nregion: 某市\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["fmt"])
    assert result.exit_code == 0, result.output
    assert "已格式化 2 个文件" in result.output
    assert scenario.read_text("utf-8") == (
        "# yaml-language-server: $schema=../../../schemas/scenario.schema.json\n"
        'code: "YJS-1"\nname: 一件事\n'
    )
    assert (catalog / "catalog.yaml").read_text("utf-8").splitlines()[:2] == [
        "# yaml-language-server: $schema=../../schemas/catalog.schema.json",
        "# 已有的说明",
    ]
    quiet = CliRunner().invoke(app, ["fmt", "--check", "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["fmt", str(tmp_path / "nothing.yaml")])
    assert result.exit_code == 2 and "路径不存在" in result.output


def test_bundled_catalog_formats_lawfully_and_still_lints_clean(tmp_path: Path) -> None:
    """The law on every file of catalog/, through the real command; then lint is still clean."""
    from typer.testing import CliRunner

    copy = tmp_path / "catalog"
    shutil.copytree("catalog", copy)
    runner = CliRunner()
    assert runner.invoke(app, ["fmt", "-q", str(copy)]).exit_code == 0
    originals = _yaml_files("catalog")
    assert len(originals) > 50
    for original in originals:
        formatted = copy / original.relative_to("catalog")
        _assert_law(original.read_text("utf-8"), formatted.read_text("utf-8"))
    linted = runner.invoke(app, ["lint", str(copy), "--no-cache", "--today", "2025-06-01"])
    assert linted.exit_code == 0, linted.output


def test_a_file_fmt_cannot_format_safely_is_kept_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the round trip ever change a value, the file is kept as it is: a warning, not a
    failure (the file is fine; fmt is not), and --check agrees that nothing would change."""
    from typer.testing import CliRunner

    import compiler.workflow.fmt_text as fmt_text

    monkeypatch.setattr(fmt_text, "normalize", lambda text: text.replace("20", "21"))
    folder = tmp_path / "filing"
    folder.mkdir()
    path = folder / "a.yaml"
    path.write_text("items:\n- name: x\n  time_limit: {legal: 20}\n", "utf-8")
    for args in (["fmt"], ["fmt", "--check"]):
        result = CliRunner().invoke(app, [*args, str(tmp_path)])
        assert result.exit_code == 0, result.output
        assert "警告" in result.output and "保持原样" in result.output
    assert path.read_text("utf-8") == "items:\n- name: x\n  time_limit: {legal: 20}\n"
