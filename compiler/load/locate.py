"""File positions on demand: re-compose a file and walk a JSON-pointer path to its node.

Lint keeps only plain values in memory; positions are found only for the files that have
findings, which keeps the common, clean path at C speed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compiler.load.yaml12 import compose

Pointer = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a path lands: the key's position (or the node's for list elements and the root)."""

    line: int
    column: int
    raw: str | None = None  # the scalar's source text, when the target is a scalar
    plain: bool = False  # the scalar was written without quotes


_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


_ODD_BREAK = re.compile(r"[\r\x85\u2028\u2029]")


def line_starts(text: str) -> list[int]:
    """The offset of every line's first character (YAML's line breaks)."""
    if _ODD_BREAK.search(text) is None:  # only \n: let str.split find them at C speed
        return list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))
    return [0, *(m.end() for m in _BREAK.finditer(text))]


class Locator:
    """Positions inside one file's text; composes lazily, once — or, for a path into one
    entry of a large list, only that entry's lines (``anchors`` from the parse)."""

    def __init__(self, text: str | None, anchors: dict[str, list[int]] | None = None) -> None:
        self._text = text
        self._root: Node | None = None
        self._composed = False
        self._anchors = anchors or {}
        self._line_starts: list[int] | None = None
        self._entries: dict[tuple[str, int], Node | None] = {}

    def _entry(self, key: str, index: int) -> Node | None:
        """The node of entry ``index`` of the block sequence at ``key``, composed alone."""
        if (key, index) in self._entries:
            return self._entries[key, index]
        node: Node | None = None
        lines = self._anchors.get(key)
        if self._text is not None and lines is not None and 0 <= index < len(lines) - 1:
            if self._line_starts is None:
                self._line_starts = line_starts(self._text)
            starts = self._line_starts
            first, last = lines[index], lines[index + 1]
            if last < len(starts):
                chunk = self._text[starts[first] : starts[last]]
            else:
                chunk = self._text[starts[first] :]
            try:
                root = compose("\n" * first + chunk)
            except yaml.YAMLError:
                root = None
            if isinstance(root, SequenceNode) and len(root.value) == 1:
                node = root.value[0]
        self._entries[key, index] = node
        return node

    def _tree(self) -> Node | None:
        if not self._composed:
            self._composed = True
            if self._text is not None:
                try:
                    self._root = compose(self._text)
                except yaml.YAMLError:
                    self._root = None
        return self._root

    def release(self) -> None:
        self._root = None
        self._composed = False
        self._entries.clear()

    def find(self, pointer: Pointer) -> Spot:
        """The deepest existing node along ``pointer``; a mapping member reports its key."""
        if len(pointer) >= 2 and isinstance(pointer[0], str) and isinstance(pointer[1], int):
            entry = self._entry(pointer[0], pointer[1])
            if entry is not None:
                return _descend(entry, _spot(entry, None), pointer[2:])
        node = self._tree()
        if node is None:
            return Spot(1, 1)
        return _descend(node, _spot(node, None), pointer)


def _descend(node: Node, spot: Spot, pointer: Pointer) -> Spot:
    for step in pointer:
        found = _child(node, step)
        if found is None:
            break
        key_node, node = found
        spot = _spot(node, key_node)
    return spot


def _child(node: Node, step: str | int) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode):
        match: tuple[Node | None, Node] | None = None
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(step):
                match = (key_node, value_node)  # the last duplicate wins, as in the values
        return match
    if isinstance(node, SequenceNode) and isinstance(step, int):
        if 0 <= step < len(node.value):
            return None, node.value[step]
    return None


def _spot(node: Node, key_node: Node | None) -> Spot:
    anchor = key_node if key_node is not None else node
    mark = anchor.start_mark
    raw: str | None = None
    plain = False
    if isinstance(node, ScalarNode):
        raw = node.value
        plain = node.style in ("", None)
    return Spot(mark.line + 1, mark.column + 1, raw, plain)


def pointer_text(pointer: Pointer) -> str:
    """RFC 6901 JSON pointer for a path."""
    if not pointer:
        return ""
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in pointer)


def get(data: Any, pointer: Pointer) -> Any:
    for step in pointer:
        if isinstance(data, dict):
            data = data.get(str(step))
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data
