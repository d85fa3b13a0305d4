"""Random catalog files in random layouts, for the property tests of ``zwfw fmt``.

A document is drawn from a file kind's Shape (keys in shuffled order, some unknown keys, nested
objects and lists), then written by a small emitter that picks its layout at random: mapping
indentation 2 or 4, sequences indented or not, ``-   key`` gaps, flow or block collections,
plain / single / double quoted / literal scalars (including the ones YAML 1.1 and 1.2 read
differently: ``yes``, ``0123``, ``1_000``, ``2025-01-01``, ``~``), unquoted numeric codes, full-line
comments at odd indentations, end-of-line comments and blank lines. Every comment carries a
unique number so that tests can find each one in the output.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

from compiler.workflow.fmt_order import Shape

PLAIN = [
    "在用",
    "行政许可",
    "abc",
    "000117001000",
    "0123",
    "1_000",
    "yes",
    "no",
    "on",
    "off",
    "null",
    "~",
    "Null",
    "true",
    "False",
    "TRUE",
    "0o17",
    "0x1F",
    "1e3",
    ".5",
    "-.inf",
    ".NaN",
    "2025-01-01",
    "12:30",
    "+12",
    "-0",
    "1.2.3",
    "0.",
    "022-12345678",
    "ZM-0001",
    "工作日9:00-12:00，13:30-17:00",
    "a b c",
    "x-y_z",
    "12345",
    "3.14",
    "-7",
    "市级",
    "全程网办（Ⅳ级）",
]
TEXT_ALPHABET = "ab 中文事项:#'\"\\-{}[],&*!|>%@`。，（）"
CODES = [
    '"000117001000"',
    "000117001000",
    "ZM-0001",
    "'ZM-0002'",
    '"SX-03"',
    "00011700300Y",
    "120000",
]
UNKNOWN_KEYS = ["x_note", "备注", "remark_1"]
CODE_KEYS = {"code", "parent", "national_code", "region_code"}


@dataclass
class Emitted:
    lines: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


class CatalogWriter:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.out = Emitted()
        self.map_indent = rng.choice([2, 4])
        self.seq_indent = rng.choice([0, 2])
        self.dash_gap = rng.choice([1, 1, 3])

    # -- values ------------------------------------------------------------------------
    def value(self, shape: Shape | None, key: str, depth: int, in_seq: bool = False) -> Any:
        rng = self.rng
        if key in CODE_KEYS:
            return ("scalar", rng.choice(CODES))
        if shape is not None and shape.keys and depth < 4 and rng.random() < 0.8:
            return self.mapping(shape, depth + 1)
        if shape is not None and shape.items is not None and depth < 4 and not in_seq:
            entries = [
                self.value(shape.items, "", depth + 1, True) for _ in range(rng.randint(1, 3))
            ]
            return ("seq", entries)
        if not in_seq and rng.random() < 0.2:
            return ("seq", [self.scalar() for _ in range(rng.randint(1, 3))])
        return self.scalar()

    def mapping(self, shape: Shape, depth: int) -> Any:
        rng = self.rng
        keys = rng.sample(shape.keys, k=min(len(shape.keys), rng.randint(1, 5)))
        if rng.random() < 0.3:
            keys.append(rng.choice(UNKNOWN_KEYS))
        rng.shuffle(keys)
        return ("map", [(k, self.value(shape.child(k), k, depth)) for k in dict.fromkeys(keys)])

    def scalar(self) -> Any:
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            return ("scalar", rng.choice(PLAIN))
        text = "".join(rng.choice(TEXT_ALPHABET) for _ in range(rng.randint(0, 12)))
        if roll < 0.7:
            return ("scalar", json.dumps(text, ensure_ascii=False))
        if roll < 0.85:
            return ("scalar", "'" + text.replace("'", "''") + "'")
        if roll < 0.93:
            return ("scalar", "")  # null
        lines = [f"第{i}行 {rng.choice(PLAIN)}" for i in range(rng.randint(1, 3))]
        return ("block", lines)

    # -- layout ------------------------------------------------------------------------
    def comment(self, indent: int) -> None:
        if self.rng.random() < 0.25:
            if self.rng.random() < 0.3:
                self.out.lines.append("")
            text = (
                f"# c{len(self.out.comments)} {self.rng.choice(['说明', 'note: x', '#2', '依据'])}"
            )
            self.out.comments.append(text)
            self.out.lines.append(" " * max(0, indent + self.rng.choice([-2, 0, 0, 2, 3])) + text)

    def eol(self) -> str:
        if self.rng.random() < 0.15:
            text = f"# c{len(self.out.comments)} eol"
            self.out.comments.append(text)
            return "  " + text
        return ""

    def flowable(self, node: Any) -> bool:
        kind, body = node
        if kind == "scalar":
            return body != "" and not any(ch in body for ch in ",[]{}#:")
        if kind == "seq":
            return all(self.flowable(n) for n in body)
        if kind == "map":
            return all(self.flowable(v) for _, v in body)
        return False

    def flow(self, node: Any) -> str:
        kind, body = node
        if kind == "scalar":
            return str(body)
        if kind == "seq":
            return "[" + ", ".join(self.flow(n) for n in body) + "]"
        return "{" + ", ".join(f"{k}: {self.flow(v)}" for k, v in body) + "}"

    def emit_map(
        self, entries: list[tuple[str, Any]], indent: int, first_prefix: str | None
    ) -> None:
        for position, (key, node) in enumerate(entries):
            if position or first_prefix is None:
                self.comment(indent)
            head = (
                first_prefix if position == 0 and first_prefix is not None else " " * indent
            ) + f"{key}:"
            self.emit_value(head, node, indent)

    def emit_value(self, head: str, node: Any, indent: int) -> None:
        kind, body = node
        lines = self.out.lines
        if kind == "scalar":
            lines.append(f"{head} {body}".rstrip() + self.eol())
        elif kind == "block":
            lines.append(f"{head} |-" + self.eol())
            lines.extend(" " * (indent + 2) + text for text in body)
        elif self.flowable(node) and self.rng.random() < 0.4:
            lines.append(f"{head} {self.flow(node)}" + self.eol())
        elif kind == "map":
            lines.append(head + self.eol())
            self.emit_map(body, indent + self.map_indent, None)
        else:
            lines.append(head + self.eol())
            self.emit_seq(body, indent + self.seq_indent)

    def emit_seq(self, entries: list[Any], indent: int) -> None:
        dash = " " * indent + "-" + " " * self.dash_gap
        for node in entries:
            self.comment(indent)
            kind, body = node
            if kind == "map":
                self.emit_map(body, indent + 1 + self.dash_gap, dash)
            elif kind == "seq" or (kind == "scalar" and body == ""):
                self.out.lines.append(f"{dash}{self.flow(node) if kind == 'seq' else 'null'}")
            else:
                self.emit_value(dash.rstrip(), node, indent + 1 + self.dash_gap)


def random_catalog(shape: Shape, seed: int) -> tuple[str, list[str]]:
    """A YAML text of ``shape`` in a random layout, and the comments it holds."""
    writer = CatalogWriter(random.Random(seed))
    _, entries = writer.mapping(shape, 0)
    if writer.rng.random() < 0.5:
        writer.comment(0)
    writer.emit_map(entries, 0, None)
    writer.comment(0)
    return "\n".join(writer.out.lines) + "\n", writer.out.comments
