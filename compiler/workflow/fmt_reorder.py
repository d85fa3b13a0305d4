"""Canonical key order by moving text, never by re-emitting it.

The formatted text is composed once (libyaml, with marks). Each mapping whose keys are out of
order is cut into one chunk per key — the key's line(s) with its value, preceded by the comment
and blank lines just above the key — and the chunks are put back in canonical order. A comment
above a key therefore travels with the key, and no scalar is ever rewritten.

A block mapping that is an entry of a sequence starts on the ``- `` line: when its first key
moves, the dash moves to the new first key's line. A flow mapping written on one line
(``{name: …, origin: …}``) has its entries reordered in place, separators kept. A mapping
whose layout is anything else (keys on shared lines, explicit ``?`` keys, a flow mapping over
several lines) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compiler.load.yaml12 import compose
from compiler.workflow.fmt_order import Shape, canonical_order


@dataclass(frozen=True, slots=True)
class BlockMove:
    bounds: tuple[int, ...]  # first line of each chunk, then the line after the last chunk
    key_offsets: tuple[int, ...]  # where each chunk's key line is, within the chunk
    order: tuple[int, ...]
    column: int  # the keys' column


@dataclass(frozen=True, slots=True)
class FlowMove:
    line: int
    spans: tuple[tuple[int, int], ...]  # columns of each entry, key start to value end
    order: tuple[int, ...]


class _Planner:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[BlockMove] = []
        self.flows: list[FlowMove] = []
        self.seen: set[int] = set()

    def text(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def last_line(self, node: Node) -> int:
        """The last line holding the node's own text (not the comments after it)."""
        if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            return self.last_line(last[1] if isinstance(node, MappingNode) else last)
        line, column = node.end_mark.line, node.end_mark.column
        if line > node.start_mark.line and not self.text(line)[:column].strip():
            return line - 1
        return int(line)

    def visit(self, node: Node, shape: Shape | None) -> None:
        if shape is None or id(node) in self.seen:
            return
        self.seen.add(id(node))
        if isinstance(node, SequenceNode):
            for entry in node.value:
                self.visit(entry, shape.items)
        elif isinstance(node, MappingNode):
            pairs = node.value
            if all(isinstance(key, ScalarNode) for key, _ in pairs):
                order = canonical_order(shape, [str(key.value) for key, _ in pairs])
                if order != list(range(len(pairs))):
                    self.plan(node, tuple(order))
                for key, value in pairs:
                    self.visit(value, shape.child(str(key.value)))

    def plan(self, node: MappingNode, order: tuple[int, ...]) -> None:
        keys = [key for key, _ in node.value]
        if any(key.start_mark.line != key.end_mark.line for key in keys):
            return
        if node.flow_style:
            self.plan_flow(node, order)
            return
        column = keys[0].start_mark.column
        key_lines = [int(key.start_mark.line) for key in keys]
        if any(key.start_mark.column != column for key in keys):
            return
        if set(self.text(key_lines[0])[:column]) - {" ", "-"}:
            return
        if any(self.text(line)[:column].strip() for line in key_lines[1:]):
            return
        bounds = [key_lines[0]]
        for index, (_, value) in enumerate(node.value):
            end = self.last_line(value) + 1
            if end <= key_lines[index] or (index + 1 < len(keys) and end > key_lines[index + 1]):
                return
            bounds.append(end)
        offsets = tuple(key_lines[i] - bounds[i] for i in range(len(keys)))
        self.blocks.append(BlockMove(tuple(bounds), offsets, order, column))

    def plan_flow(self, node: MappingNode, order: tuple[int, ...]) -> None:
        line = node.start_mark.line
        if node.end_mark.line != line:
            return
        spans: list[tuple[int, int]] = []
        for key, value in node.value:
            if value.end_mark.line != line or value.start_mark.index == value.end_mark.index:
                return  # an empty value, or one on another line
            spans.append((int(key.start_mark.column), int(value.end_mark.column)))
        if any(spans[i][1] > spans[i + 1][0] for i in range(len(spans) - 1)):
            return
        self.flows.append(FlowMove(int(line), tuple(spans), order))


def _apply_flow(lines: list[str], move: FlowMove) -> None:
    text = lines[move.line]
    pieces = [text[start:end] for start, end in move.spans]
    gaps = [text[move.spans[i][1] : move.spans[i + 1][0]] for i in range(len(pieces) - 1)]
    middle = pieces[move.order[0]]
    for gap, index in zip(gaps, move.order[1:], strict=True):
        middle += gap + pieces[index]
    lines[move.line] = text[: move.spans[0][0]] + middle + text[move.spans[-1][1] :]


def _apply_block(lines: list[str], move: BlockMove) -> None:
    bounds, column = move.bounds, move.column
    chunks = [lines[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]
    first = move.order[0]
    if first != 0:
        prefix = chunks[0][0][:column]
        chunks[0][0] = " " * column + chunks[0][0][column:]
        offset = move.key_offsets[first]
        chunks[first][offset] = prefix + chunks[first][offset][column:]
        if "-" in prefix:  # its comments now sit above the dash: indent them like the dash
            dash = prefix.rindex("-")
            for index in range(offset):
                if chunks[first][index].strip():
                    chunks[first][index] = " " * dash + chunks[first][index].lstrip(" ")
    lines[bounds[0] : bounds[-1]] = [line for index in move.order for line in chunks[index]]


def reorder(text: str, shape: Shape | None, node: Node | None = None) -> str:
    """The text with every mapping's keys in the canonical order of ``shape`` (``node``: the
    text already composed, if at hand)."""
    if shape is None:
        return text
    node = compose(text) if node is None else node
    if node is None:
        return text
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    planner = _Planner(lines)
    planner.visit(node, shape)
    if not planner.blocks and not planner.flows:
        return text
    for flow in sorted(planner.flows, key=lambda m: m.spans[-1][1] - m.spans[0][0]):
        _apply_flow(lines, flow)
    for block in sorted(planner.blocks, key=lambda m: m.bounds[-1] - m.bounds[0]):
        _apply_block(lines, block)
    return "".join(lines)
