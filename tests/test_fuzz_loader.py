"""Fuzzing the loader: any bytes give values or problems (yaml-syntax, file-too-large), never an
exception — byte flips, truncations, YAML indicators dropped anywhere, BOMs, re-encodings, and
catalogs rebuilt from the format with wrong types, huge numbers, NaN, odd keys and junk.

The strategies here are shared with ``test_fuzz_lint.py``. ``ZWFW_FUZZ_LONG=1`` runs many
more examples (minutes instead of seconds).
"""

from __future__ import annotations

import codecs
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.load.decode import decode
from compiler.load.locate import Locator
from compiler.load.source import SourceFile, parse_bytes
from compiler.load.yaml12 import Limits, node_bound, parse

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "fixtures" / "base"
CATALOG = ROOT / "catalog"
LOADER_RULES = {"yaml-syntax", "file-too-large"}

LONG = os.environ.get("ZWFW_FUZZ_LONG") == "1"


def examples(short: int, long: int | None = None) -> int:
    """How many examples: a few for every run, many more with ZWFW_FUZZ_LONG=1."""
    return (long if long is not None else short * 40) if LONG else short


def fuzz_settings(short: int, long: int | None = None) -> Callable[[Any], Any]:
    return settings(
        max_examples=examples(short, long),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )


def catalog_files(root: Path) -> dict[str, bytes]:
    """Relative POSIX path → bytes of every YAML file of a catalog."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*.yaml"))
    }


BASE_FILES = catalog_files(BASE)
CATALOG_FILES = catalog_files(CATALOG)
#: a few whole files of each kind of the sample catalog, small enough to mutate quickly
SAMPLE_FILES = {
    name: raw for name, raw in CATALOG_FILES.items() if len(raw) < 40_000 and name.count("/") <= 1
}

# ---- bytes --------------------------------------------------------------------------------

#: what staff and spreadsheets put where it does not belong, and YAML's own indicators
TOKENS = [
    b"\t",
    b"\0",
    b"*",
    b"&",
    b"[",
    b"{",
    b"]",
    b"}",
    b"!!",
    b"%",
    b"---",
    b"...",
    b"? ",
    b"- ",
    b": ",
    b"#",
    b"'",
    b'"',
    b"|",
    b">",
    b"\\",
    b"\n",
    b"\r",
    b"\r\n",
    b" ",
    b",",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    b"\xe4\xb8",
    b"\x85",
    b"\xff",
    b"&a ",
    b"*a",
    b"&a [*a]",
    b"!!binary ",
    b"!!int ",
    b"!!float ",
    b"!!python/object:os.system ",
    b"!<tag:x> ",
    b"%YAML 1.1\n",
    b"%TAG ! tag:x:\n",
    b"<<: *a\n",
    b"9" * 5000,
    b"1e999",
    b".nan",
    b"0x" + b"f" * 100,
    b"\xe2\x80\xae",
    b"\xef\xbf\xbf",
    b"\xf0\x9f\x98\x80",
    b"\xc0\x80",
]
ENCODINGS = ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "latin-1", "big5"]


@st.composite
def mutated_bytes(draw: st.DrawFn, raw: bytes) -> bytes:
    """``raw`` after one to six byte-level edits."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "copy", "encode"]))
        pos = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            index = min(pos, len(data) - 1)
            data[index] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            token = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=8))
            data[pos:pos] = token * draw(st.sampled_from([1, 1, 1, 2, 50]))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
        elif op == "copy" and data:
            start = draw(st.integers(0, len(data) - 1))
            data[pos:pos] = data[start : start + draw(st.integers(1, 400))]
        elif op == "encode":
            text = bytes(data).decode("utf-8", errors="replace")
            data = bytearray(text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace"))
    return bytes(data)


# ---- structure ----------------------------------------------------------------------------

ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\u3000",
        "\u202e",
        "\ufeff",
        "\u200b",
        "𠀀",
        "\x00",
        "\x7f",
        "\x85",
        "\u2028",
        "a" * 3000,
        "../../x",
        "/etc/passwd",
        "a/b",
        "x\x00y",
        "..",
        ".",
        "CON",
        "NUL",
        "com1",
        "<script>alert(1)</script>",
        "{name.__class__}",
        "{0}",
        "{{7*7}}",
        "%s",
        "=1+1",
        "- x",
        "000117001000",
        "120000",
        "true",
        "null",
        "~",
        "1e5",
        ".inf",
        "2025-13-45",
        "9999-12-31",
        "*a",
        "&a",
        "!!str",
        "# x",
        "a: b",
        "[x",
        "{x",
        "'",
        '"',
        "\\",
        "\t",
        "\n",
        "\r\n",
    ]
)
ATOMS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 2**31, 2**63, 2**64, 10**300, -(10**300), 10**3999]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308, 5e-324, 2.0]),
    st.text(max_size=20),
    ODD_TEXT,
)
JUNK = st.recursive(
    ATOMS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.one_of(
                st.text(max_size=8), ODD_TEXT, st.sampled_from(["code", "name", "key", "items"])
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)
#: keys that are not strings once dumped: YAML reads them back as text, or refuses them
ODD_KEYS = st.one_of(
    st.integers(-5, 10**20),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    ODD_TEXT,
    st.sampled_from(["code", "name", "items", "material", "element", "when", "x"]),
)


def _paths(data: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, (*at, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_paths(value, (*at, index)))
    return found


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def mutated_data(draw: st.DrawFn, data: Any) -> Any:
    """A deep copy of ``data`` after one to five structural edits: a value replaced by junk of
    any type, a key dropped or added, an entry duplicated, a subtree moved elsewhere."""
    import copy

    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 5))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        op = draw(st.sampled_from(["replace", "replace", "drop", "add", "duplicate", "graft"]))
        if op == "graft":
            value: Any = copy.deepcopy(_get(data, draw(st.sampled_from(paths))))
        else:
            value = draw(JUNK)
        target = _get(data, path)
        if op in ("replace", "graft"):
            if not path:
                data = value
            else:
                _get(data, path[:-1])[path[-1]] = value
        elif op == "drop" and path:
            parent = _get(data, path[:-1])
            del parent[path[-1]]
        elif op == "add" and isinstance(target, dict):
            target[draw(ODD_KEYS)] = value
        elif op == "duplicate" and isinstance(target, list) and target:
            target.append(copy.deepcopy(draw(st.sampled_from(target))))
    return data


def dump(data: Any, flow: bool | None = None) -> bytes:
    """YAML text of ``data`` as PyYAML writes it (non-string keys, NaN and all)."""
    return yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=10**6
    ).encode("utf-8")


def parsed_data(raw: bytes) -> Any:
    text, _ = decode(raw)
    assert text is not None
    return parse(text).data


BASE_DATA = {name: parsed_data(raw) for name, raw in BASE_FILES.items()}
SAMPLE_DATA = {name: parsed_data(raw) for name, raw in SAMPLE_FILES.items()}

# ---- the properties -----------------------------------------------------------------------

LIMITS = Limits(max_bytes=1_000_000, max_depth=60, max_nodes=50_000)


def check_loaded(raw: bytes, limits: Limits = LIMITS) -> SourceFile:
    """Load bytes as the loader does; assert what every outcome must look like."""
    source = parse_bytes(SourceFile(Path("x.yaml"), "x.yaml", None), raw, limits)
    for problem in source.problems:
        assert problem.rule in LOADER_RULES
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message
    if not source.readable:
        assert source.problems, "an unreadable file always says why"
        assert source.data is None
    return source


def check_locatable(raw: bytes, source: SourceFile) -> None:
    """Positions are looked up on the same text for findings: any pointer lands somewhere."""
    text, _ = decode(raw)
    locator = Locator(text, source.anchors)
    for pointer in [(), ("items", 0, "code"), ("items", 10**6), ("materials", 0, "copies", "x")]:
        spot = locator.find(pointer)
        assert spot.line >= 1 and spot.column >= 1


@fuzz_settings(200)
@given(st.data())
def test_mutated_bytes_of_catalog_files_load_or_say_why(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted({**BASE_FILES, **SAMPLE_FILES})))
    raw = data.draw(mutated_bytes({**BASE_FILES, **SAMPLE_FILES}[name]))
    source = check_loaded(raw)
    if source.readable:
        check_locatable(raw, source)


@fuzz_settings(150)
@given(st.data())
def test_catalogs_rebuilt_with_junk_load_or_say_why(data: st.DataObject) -> None:
    files = {**BASE_DATA, **SAMPLE_DATA}
    name = data.draw(st.sampled_from(sorted(files)))
    mutated = data.draw(mutated_data(files[name]))
    raw = dump(mutated, data.draw(st.sampled_from([None, True, False])))
    source = check_loaded(raw)
    assert source.readable, source.problems  # PyYAML's own output is always readable
    check_locatable(raw, source)


@fuzz_settings(300)
@given(st.binary(max_size=2000))
def test_any_bytes(raw: bytes) -> None:
    check_loaded(raw)


YAMLISH = st.text(
    alphabet=st.sampled_from([*"ab1 \n-:?[]{},&*!|>'\"#%@`\t\\.~", "\u3000", "中", "\x85"]),
    max_size=300,
)


@fuzz_settings(400)
@given(YAMLISH)
def test_any_yamlish_text(text: str) -> None:
    source = check_loaded(text.encode("utf-8"))
    if source.readable:
        check_locatable(text.encode("utf-8"), source)


@fuzz_settings(100)
@given(st.integers(1, 400), st.sampled_from(["[", "{", "- ", "? ", "a:\n", "- a:\n"]))
def test_nesting_past_the_limit_is_one_finding(depth: int, opener: str) -> None:
    """However nesting is written, past ``max_depth`` it is a file-too-large finding and the
    loader never recurses into it; below, it loads."""
    if opener in ("[", "{"):
        text = "a: " + opener * depth + ("]" if opener == "[" else "}") * depth + "\n"
    elif opener == "a:\n":
        text = "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "b\n"
    elif opener == "- a:\n":
        text = "".join(" " * (2 * i) + "- a:\n" for i in range(depth)) + " " * (2 * depth) + "- b\n"
    else:
        text = opener * depth + "x\n"
    source = check_loaded(text.encode())
    too_deep = [p for p in source.problems if p.rule == "file-too-large"]
    if source.readable:
        assert _depth(source.data) <= LIMITS.max_depth
    else:
        assert too_deep or source.problems


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


@fuzz_settings(60)
@given(st.integers(2, 300), st.booleans())
def test_alias_chains_cannot_nest_deeper_than_the_limit(length: int, mapping: bool) -> None:
    """Each ``&n [*m]`` adds a level in one line: the values, not the text, are bounded."""
    opener, closer = ("{k: ", "}") if mapping else ("[", "]")
    lines = ["a0: &a0 []"] + [f"a{i}: &a{i} {opener}*a{i - 1}{closer}" for i in range(1, length)]
    source = check_loaded(("\n".join(lines) + "\n").encode())
    if source.readable:
        assert _depth(source.data) <= LIMITS.max_depth
    else:
        assert {p.rule for p in source.problems} == {"file-too-large"}


def test_an_alias_inside_its_own_anchor_is_a_finding() -> None:
    for text in ["a: &x [*x]\n", "a: &x {b: *x}\n", "a: &x [1, [2, {c: *x}]]\n"]:
        source = check_loaded(text.encode())
        assert not source.readable
        assert [p.rule for p in source.problems] == ["yaml-syntax"]
        assert "循环引用" in source.problems[0].message


def test_an_integer_too_long_for_python_is_read_as_a_float() -> None:
    source = check_loaded(b"a: " + b"9" * 5000 + b"\nb: " + b"9" * 4000 + b"\n")
    assert source.readable
    assert source.data["a"] == math.inf
    assert source.data["b"] == int("9" * 4000)


@fuzz_settings(400)
@given(YAMLISH)
def test_the_node_bound_is_never_below_the_nodes(text: str) -> None:
    """``node_bound`` decides whether a text is counted before composing: it must never be
    below what libyaml would compose, or a dense file could reach the composer uncounted."""
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(
                event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
            ):
                nodes += 1
    except yaml.YAMLError:
        pass  # the nodes before the error still count
    assert node_bound(text) >= nodes


def test_a_dense_flow_list_is_counted_before_it_is_composed() -> None:
    text = "tags: [" + ",".join(["1"] * 60_000) + "]\n"
    source = check_loaded(text.encode())
    assert not source.readable
    assert [p.message for p in source.problems] == [
        f"节点数超过上限 {LIMITS.max_nodes}，文件未继续解析"
    ]


def test_nesting_one_past_the_limit_under_a_key_is_found() -> None:
    """``a: [[…]]`` with max_depth brackets is one level deeper than the brackets (the mapping):
    the precheck's bound missed that level, and the file loaded (found by the long run)."""
    depth = LIMITS.max_depth
    for brackets, readable in ((depth, False), (depth - 1, True)):
        text = "a: " + "[" * brackets + "]" * brackets + "\n"
        source = check_loaded(text.encode())
        assert source.readable is readable, brackets
        if not readable:
            assert [p.rule for p in source.problems] == ["file-too-large"]
