"""The loader: YAML 1.2 values, problems as findings, positions, parallel and cached loads."""

from __future__ import annotations

import codecs
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.load.decode import decode
from compiler.load.locate import Locator
from compiler.load.source import load_catalog
from compiler.load.yaml12 import Limits, parse

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("000117005000", 117005000),
        ("'000117005000'", "000117005000"),
        ("no", "no"),
        ("yes", "yes"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("", None),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("2025-03-01", "2025-03-01"),
        ("12:30", "12:30"),
        ("!!str 12", "12"),
        ("1e3", 1000.0),
    ],
)
def test_yaml_12_core_schema(text: str, value: object) -> None:
    parsed = parse(f"v: {text}\n")
    assert parsed.problems == []
    assert parsed.data == {"v": value}
    assert type(parsed.data["v"]) is type(value)


def test_special_floats() -> None:
    data = parse("a: .inf\nb: -.Inf\nc: .nan\n").data
    assert data["a"] == math.inf and data["b"] == -math.inf and math.isnan(data["c"])


def test_duplicate_keys_are_found_with_both_places() -> None:
    parsed = parse("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert [(p.rule, p.line, p.column, p.related) for p in parsed.problems] == [
        ("yaml-syntax", 4, 3, ((3, 3),))
    ]
    assert parsed.data == {"a": 1, "b": {"c": 2}}


def test_tabs_in_indentation() -> None:
    parsed = parse("a:\n\tb: 1\n")
    assert (parsed.problems[0].rule, parsed.problems[0].line) == ("yaml-syntax", 2)


def test_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    parsed = parse("\n".join(lines) + "\n", Limits(max_nodes=100_000))
    assert not parsed.ok
    assert parsed.problems[0].rule == "file-too-large"


def test_small_aliases_are_fine() -> None:
    parsed = parse("a: &x {k: 1}\nb: *x\n")
    assert parsed.ok and parsed.data == {"a": {"k": 1}, "b": {"k": 1}}


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "- " * 2000 + "x", "a: " + "{b: " * 300 + "1" + "}" * 300])
def test_deep_nesting_is_refused_without_crashing(text: str) -> None:
    parsed = parse(text)
    assert not parsed.ok
    assert parsed.problems[-1].rule == "file-too-large"


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    parsed = parse("a: '" + "[" * 500 + "'\n")
    assert parsed.ok and parsed.problems == []


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        ("名称: 出生登记\n".encode("gbk"), "GBK"),
        ("名称: 出生登记\n".encode("utf-16"), "UTF-16"),
        (b"a: \xff\xfe\xfa\n", "UTF-8"),
    ],
)
def test_encodings(raw: bytes, word: str) -> None:
    text, problem = decode(raw)
    assert text is None and problem is not None and word in problem.message


def test_utf8_bom_is_accepted() -> None:
    text, problem = decode(codecs.BOM_UTF8 + "a: 出生\n".encode())
    assert problem is None and text == "a: 出生\n"


def test_syntax_error_message_is_chinese_with_place() -> None:
    parsed = parse("a: [1, 2\nb: 3\n")
    problem = parsed.problems[0]
    assert problem.rule == "yaml-syntax" and "流式列表" in problem.message
    assert problem.line == 2


def _pointers(data: object, at: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_pointers(value, (*at, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_pointers(value, (*at, index)))
    return found


def test_entry_locate_equals_whole_file_locate() -> None:
    for path in sorted((ROOT / "catalog").rglob("*.yaml"))[:40]:
        text = path.read_text("utf-8")
        parsed = parse(text)
        fast, slow = Locator(text, parsed.anchors), Locator(text)
        for pointer in _pointers(parsed.data):
            assert fast.find(pointer) == slow.find(pointer), (path, pointer)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["code", "name", "levels", "note"]),
            st.one_of(st.text(max_size=8), st.integers(), st.lists(st.text(max_size=4), max_size=3)),
            min_size=1,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_entry_locate_matches_on_generated_files(items: list[dict[str, object]]) -> None:
    import yaml

    text = yaml.safe_dump({"items": items}, allow_unicode=True, default_flow_style=False)
    parsed = parse(text)
    fast, slow = Locator(text, parsed.anchors), Locator(text)
    for pointer in _pointers(parsed.data):
        assert fast.find(pointer) == slow.find(pointer)


def test_parallel_and_cached_loads_equal_a_plain_load(tmp_path: Path) -> None:
    from compiler.load import parallel

    catalog = ROOT / "catalog"
    plain = load_catalog(catalog, jobs=1)
    old = parallel.PARALLEL_MIN_BYTES
    parallel.PARALLEL_MIN_BYTES = 0
    try:
        forked = load_catalog(catalog, jobs=2)
    finally:
        parallel.PARALLEL_MIN_BYTES = old
    cold = load_catalog(catalog, jobs=1, cache_dir=tmp_path)
    warm = load_catalog(catalog, jobs=1, cache_dir=tmp_path)
    for other in (forked, cold, warm):
        assert [(s.display, s.data, s.problems, s.readable, s.anchors) for s in other] == [
            (s.display, s.data, s.problems, s.readable, s.anchors) for s in plain
        ]
