"""YAML 1.2 (core schema) on libyaml's C composer.

PyYAML's C composer gives nodes with marks an order of magnitude faster than a round-trip
load; we resolve plain scalars ourselves by the YAML 1.2 core schema (so ``000117005000`` is a
number, never an octal, and ``no`` is a string), refuse duplicate keys, bound alias expansion
and nesting, and keep no positions: ``locate`` re-composes a file only when a finding needs one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compiler.load.limits import Limits as Limits
from compiler.load.precheck import YamlProblem as YamlProblem
from compiler.load.precheck import node_bound as node_bound
from compiler.load.precheck import precheck

_PLAIN = "zwfw:plain"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT_RE = re.compile(r"[-+]?[0-9]+\Z")
_OCT_RE = re.compile(r"0o[0-7]+\Z")
_HEX_RE = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF_RE = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN_RE = re.compile(r"\.(?:nan|NaN|NAN)\Z")
#: longest decimal integer read exactly (Python refuses int() of more than 4,300 digits)
_MAX_DIGITS = 4000
#: scanner contexts whose error is best shown where the construct opened
_AT_OPENING = ("while scanning a quoted scalar", "while scanning a block scalar")


class _Loader(yaml.CSafeLoader):
    """C composer whose resolver only marks plain scalars; YAML 1.2 rules are applied later."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers are used: skip PyYAML's per-node bookkeeping."""

    def ascend_resolver(self) -> None:
        """See descend_resolver."""

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


@dataclass(slots=True)
class Parsed:
    data: Any = None
    problems: list[YamlProblem] = field(default_factory=list)
    ok: bool = True  # False: the file could not be read into values at all
    #: for each top-level key holding a block sequence: the first line (0-based) of every
    #: element and, last, the line after the sequence — lets ``locate`` re-compose one entry
    anchors: dict[str, list[int]] = field(default_factory=dict)


def entry_lines(node: Node) -> dict[str, list[int]]:
    """Start lines of the entries of the root mapping's block sequences."""
    found: dict[str, list[int]] = {}
    if not isinstance(node, MappingNode):
        return found
    for key_node, value_node in node.value:
        if (
            isinstance(key_node, ScalarNode)
            and isinstance(value_node, SequenceNode)
            and not value_node.flow_style
            and value_node.value
        ):
            lines = [child.start_mark.line for child in value_node.value]
            end = value_node.end_mark
            lines.append(end.line + (1 if end.column > 0 else 0))
            found[key_node.value] = lines
    return found


def resolve_plain(value: str) -> Any:
    """The YAML 1.2 core schema for a plain scalar."""
    if value in _NULLS:
        return None
    first = value[0]
    if first in "tTfF":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        return value
    if first in "0123456789+-.":
        if _INT_RE.match(value):
            # past Python's limit int() raises, and it is quadratic below it: read as a float
            return int(value) if len(value) <= _MAX_DIGITS else float(value)
        if _OCT_RE.match(value):
            return int(value[2:], 8)
        if _HEX_RE.match(value):
            return int(value[2:], 16)
        if _FLOAT_RE.match(value):
            return float(value)
        if _INF_RE.match(value):
            return float("-inf") if first == "-" else float("inf")
        if _NAN_RE.match(value):
            return float("nan")
    return value


def _alias_graph(root: Node, limit: int) -> tuple[str, Node] | None:
    """What aliases make of a document that its text does not show, or None: ``("cycle",
    node)`` for a collection that contains itself (``&a [*a]``: libyaml registers an anchor
    before composing its children, so converting it would never end), ``("deep", node)`` when
    the values would nest deeper than ``limit`` (each ``&n [*m]`` adds a level in one line).

    Iterative, each node once (aliases share nodes): its own depth costs no stack."""
    depth: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        key = id(node)
        if isinstance(node, ScalarNode) or (key in depth and not leaving):
            continue
        children = (
            [n for pair in node.value for n in pair]
            if isinstance(node, MappingNode)
            else list(node.value)
        )
        if leaving:
            open_.discard(key)
            depth[key] = 1 + max((depth.get(id(c), 0) for c in children), default=0)
            if depth[key] > limit:
                return "deep", node
            continue
        if key in open_:
            return "cycle", node
        open_.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    return None


def compose(text: str) -> Node | None:
    """Compose the single document of ``text`` (raises yaml.YAMLError)."""
    loader = _Loader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def parse(text: str, limits: Limits | None = None) -> Parsed:
    """Parse one YAML 1.2 document into plain values, collecting every problem."""
    limits = limits or Limits()
    result = Parsed()
    result.problems.extend(precheck(text, limits))
    if any(p.rule == "file-too-large" for p in result.problems):
        result.ok = False
        return result
    try:
        node = compose(text)
    except yaml.MarkedYAMLError as err:
        from compiler.load.yaml_errors import describe

        mark = err.problem_mark or err.context_mark
        if err.context_mark is not None and (err.context or "").startswith(_AT_OPENING):
            mark = err.context_mark  # an unclosed quote or block: the opening is what is wrong
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if not any(p.line == line for p in result.problems):
            result.problems.append(YamlProblem("yaml-syntax", describe(err), line, column))
        result.ok = False
        return result
    except yaml.YAMLError as err:
        result.problems.append(YamlProblem("yaml-syntax", f"YAML 语法错误：{err}", 1, 1))
        result.ok = False
        return result
    if node is None:
        return result
    found = _alias_graph(node, limits.max_depth) if "*" in text else None
    if found is not None:
        what, where = found
        mark = where.start_mark
        result.problems.append(
            YamlProblem("yaml-syntax", "别名（alias）引用了包含它自身的节点（循环引用），文件未继续解析",
                        mark.line + 1, mark.column + 1)
            if what == "cycle"
            else YamlProblem("file-too-large",
                             f"别名（alias）展开后嵌套层数超过上限 {limits.max_depth}，文件未继续解析",
                             mark.line + 1, mark.column + 1)
        )
        result.ok = False
        return result
    from compiler.load.convert import Converter, FastConverter, TooLarge

    converter = Converter(limits) if "*" in text else FastConverter(limits)
    try:
        result.data = converter.convert(node)
        result.anchors = entry_lines(node)
    except TooLarge as err:
        mark = err.node.start_mark
        result.problems.append(
            YamlProblem(
                "file-too-large",
                f"别名（alias）展开后的节点数超过上限 {limits.max_nodes}，文件未继续解析",
                mark.line + 1,
                mark.column + 1,
            )
        )
        result.ok = False
        result.data = None
        return result
    result.problems.extend(converter.problems)
    return result
