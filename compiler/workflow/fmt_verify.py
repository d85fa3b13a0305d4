"""The two promises of ``zwfw fmt``, checked on every file before it is written.

1. Values: the formatted text parses (``compiler.load.yaml12``, the loader lint uses) to exactly
   the values of the original — same types too: ``1`` is not ``1.0`` and not ``true``.
2. Comments: every comment of the original is still there, word for word.

fmt writes a file only when both hold; a file it cannot format safely is left untouched.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compiler.load.yaml12 import compose

_HASH = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)


def same_value(a: Any, b: Any) -> bool:
    """Deep equality that also compares types (bool/int/float/str) and treats NaN as NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def scalar_spans(root: Node, text: str) -> list[tuple[int, int]]:
    """Character ranges of every scalar; a block scalar's range starts on the line after its
    ``|`` or ``>`` header, so a comment on the header line still counts as a comment."""
    spans: list[tuple[int, int]] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            start = int(node.start_mark.index)
            if node.style in ("|", ">"):
                newline = text.find("\n", start)
                start = len(text) if newline < 0 else newline + 1
            spans.append((start, int(node.end_mark.index)))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    spans.sort()
    return spans


def comments(text: str) -> Counter[str]:
    """Every comment of a YAML text (``# …`` to the end of its line), as a multiset."""
    node = compose(text)
    spans = scalar_spans(node, text) if node is not None else []
    starts = [start for start, _ in spans]
    found: Counter[str] = Counter()
    for match in _HASH.finditer(text):
        position = match.start()
        index = bisect_right(starts, position) - 1
        if index >= 0 and spans[index][0] <= position < spans[index][1]:
            continue  # a ``#`` inside a scalar
        end = text.find("\n", position)
        found[text[position : len(text) if end < 0 else end].rstrip()] += 1
    return found


def lost_comments(before: Counter[str], after: Counter[str]) -> list[str]:
    """Comments of ``before`` that ``after`` lacks (counting repeats)."""
    return sorted((before - after).elements())
