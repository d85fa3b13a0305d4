"""What is checked of a YAML text before it is composed: tabs in indentation, and whether its
nesting or node count could pass the limits (bounds found at C speed; the libyaml event stream
walked only when a bound is past), so that no hostile file costs unbounded time or memory."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from compiler.load.limits import Limits

_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_BRACKET = re.compile(r"[\[\]{}]")
_INNERMOST = re.compile(r"\[\]|\{\}")


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A syntax-level problem: the rule it belongs to, a Chinese message, 1-based place."""

    rule: str
    message: str
    line: int
    column: int
    related: tuple[tuple[int, int], ...] = ()


def _naive_depth(text: str, limit: int) -> int:
    """An upper bound of the flow nesting (brackets inside strings count too), at C speed:
    peel innermost bracket pairs off the bracket skeleton, one regex pass a level."""
    skeleton = "".join(_BRACKET.findall(text))  # 1.5x faster than deleting the rest
    depth = 0
    while skeleton and depth <= limit:
        peeled = _INNERMOST.sub("", skeleton)
        if peeled == skeleton:  # unbalanced leftovers: count what remains as levels
            return depth + len(peeled)
        skeleton = peeled
        depth += 1
    return depth


def node_bound(text: str) -> int:
    """An upper bound of the nodes a text composes to, at C speed: every node but the first
    three follows a line break, a comma, an opening bracket or a ``-``, ``:`` or ``?``, and
    each of those starts at most two (a key and its value)."""
    separators = sum(
        text.count(mark)
        for mark in ("\n", "\r", "\x85", "\u2028", "\u2029", ",", "[", "{", "-", ":", "?")
    )
    return 2 * separators + 3


def _past_limits(text: str, limits: Limits) -> tuple[str, int] | None:
    """``("depth" | "nodes", line)`` where the text first passes ``max_depth`` or
    ``max_nodes`` (libyaml events, nothing kept: stops right there), or None."""
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                nodes += 1
                if depth > limits.max_depth or nodes > limits.max_nodes:
                    mark = event.start_mark
                    what = "depth" if depth > limits.max_depth else "nodes"
                    return what, int(mark.line) + 1 if mark is not None else 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                nodes += 1
                if nodes > limits.max_nodes:
                    mark = event.start_mark
                    return "nodes", int(mark.line) + 1 if mark is not None else 1
    except yaml.MarkedYAMLError as err:
        # libyaml ≥ 0.2.5 (PyYAML 6.0.4 wheels) stops a scan of deeply nested flow brackets
        # itself, before any event of it is parsed: that is the depth limit too
        if "nesting depth" in (err.problem or ""):
            mark = err.problem_mark
            return "depth", int(mark.line) + 1 if mark is not None else 1
        return None  # the composer reports the syntax error
    except yaml.YAMLError:
        return None
    return None


def precheck(text: str, limits: Limits) -> list[YamlProblem]:
    """Problems found before parsing: tabs in indentation, nesting or nodes past the limit."""
    problems: list[YamlProblem] = []
    for match in _TAB_INDENT.finditer(text) if "\t" in text else ():  # rare: test at C speed
        line = text.count("\n", 0, match.start()) + 1
        problems.append(
            YamlProblem(
                "yaml-syntax",
                "缩进中含有制表符（Tab），YAML 只允许用空格缩进",
                line,
                match.end() - match.start(),
            )
        )
        if len(problems) >= 20:
            break
    # A block collection starts after its line's indentation and indicators (``- ``, ``? ``,
    # ``: ``), and each column of them opens at most two levels (a sequence under a mapping
    # key may share the key's column); flow brackets add at most their own nesting. Only a
    # text whose bound passes the limit is walked event by event.
    flow = _naive_depth(text, limits.max_depth) if "[" in text or "{" in text else 0
    room = limits.max_depth - flow - 2  # depth <= 2 * (longest such run) + 2 + flow
    suspicious = room < 0 or re.search(rf"^[ \-?:]{{{room // 2 + 1},}}", text, re.MULTILINE)
    # Composed nodes cost memory (≈300 bytes each) before any value exists: a dense flow list
    # of a few megabytes would need gigabytes. Counted exactly only when the bound is past.
    if suspicious or node_bound(text) > limits.max_nodes:
        past = _past_limits(text, limits)
        if past is not None:
            what, line = past
            message = (
                f"嵌套层数超过上限 {limits.max_depth}，文件未继续解析"
                if what == "depth"
                else f"节点数超过上限 {limits.max_nodes}，文件未继续解析"
            )
            problems.append(YamlProblem("file-too-large", message, line, 1))
    return problems
