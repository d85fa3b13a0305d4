"""Is a text already in the layout the ruamel round trip writes? Then skip the round trip.

ruamel.yaml is pure Python (about half a millisecond a line); libyaml's scanner reads the same
text fifty times faster. Most files fmt sees — every one on ``--check`` after a ``fmt`` — are
already canonical, so fmt first checks the layout token by token and only re-emits files that
need it. The check is conservative: anything it is not sure ruamel leaves as it is (anchors,
tags, ``---``, folded or keep-chomping block scalars, multi-line plain or quoted scalars,
escapes in double quotes, nested block sequences, empty flow values, tabs, CR, trailing
spaces, unquoted codes) sends the file through the round trip. The property test checks that
whatever this accepts, the round trip indeed leaves unchanged.

The canonical layout: a block mapping's keys at its column (the root at 0), ``key: value``
with one space, a nested block mapping 2 columns in, a block sequence's dashes 2 columns in
and each entry on its dash line 2 columns after it (``  - key: …``), ``|`` / ``|-`` scalars
indented 2 past their key or dash, flow collections on one line as ``{a: 1, b: [x, y]}``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from compiler.load.yaml12 import resolve_plain
from compiler.workflow.fmt_yaml import CODE_KEYS, CODE_LIST_KEYS

_TRAILING_SPACE = re.compile(r"[ \t]$", re.MULTILINE)
_BLOCK_HEADER = re.compile(r"\|-?(?:[ ]+#.*)?\Z")
_FLOW_START = (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_FLOW_END = (yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
_REJECTED = (
    yaml.AnchorToken,
    yaml.AliasToken,
    yaml.TagToken,
    yaml.DirectiveToken,
    yaml.DocumentStartToken,
    yaml.DocumentEndToken,
)


class _NotCanonical(Exception):
    pass


def _tokens(text: str) -> list[Any]:
    loader = yaml.CSafeLoader(text)
    try:
        found: list[Any] = []
        while True:
            token = loader.get_token()
            if token is None or isinstance(token, yaml.StreamEndToken):
                return found
            if isinstance(token, _REJECTED):
                raise _NotCanonical
            found.append(token)
    finally:
        loader.dispose()


class _Layout:
    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.tokens = _tokens(text)
        self.at = 1  # after StreamStart

    def peek(self) -> Any:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, kind: type | tuple[type, ...]) -> Any:
        token = self.peek()
        if not isinstance(token, kind):
            raise _NotCanonical
        self.at += 1
        return token

    @staticmethod
    def require(condition: bool) -> None:
        if not condition:
            raise _NotCanonical

    def document(self) -> None:
        if self.peek() is None:
            return
        start = self.peek()
        self.require(
            isinstance(start, yaml.BlockMappingStartToken) and start.start_mark.column == 0
        )
        self.block_mapping(0, None)
        self.require(self.peek() is None)

    def starts_line(self, token: Any) -> bool:
        mark = token.start_mark
        return not self.lines[mark.line][: mark.column].strip()

    def block_mapping(self, column: int, dash_line: int | None) -> None:
        start = self.take(yaml.BlockMappingStartToken)
        self.require(start.start_mark.column == column)
        first = True
        while not isinstance(self.peek(), yaml.BlockEndToken):
            key = self.take(yaml.KeyToken)
            self.require(key.start_mark.column == column)
            if first and dash_line is not None:
                self.require(key.start_mark.line == dash_line)
            else:
                self.require(self.starts_line(key))
            first = False
            name = self.scalar(key.start_mark.line)
            self.require(name.start_mark.index == key.start_mark.index)
            value = self.take(yaml.ValueToken)
            self.require(value.start_mark.index == name.end_mark.index)
            self.value(name.value, column, value)
        self.take(yaml.BlockEndToken)

    def value(self, key: str, column: int, colon: Any) -> None:
        token = self.peek()
        self.require(token is not None)
        if isinstance(token, (yaml.KeyToken, yaml.BlockEndToken)):
            return  # an empty value: null
        if token.start_mark.line == colon.start_mark.line:
            self.require(token.start_mark.column == colon.end_mark.column + 1)
            self.inline(column + 2, code=key in CODE_KEYS, list_of_codes=key in CODE_LIST_KEYS)
        elif isinstance(token, yaml.BlockMappingStartToken):
            self.block_mapping(column + 2, None)
        else:
            self.block_sequence(column + 2, key)

    def block_sequence(self, dash: int, key: str) -> None:
        start = self.take(yaml.BlockSequenceStartToken)
        self.require(start.start_mark.column == dash)
        while not isinstance(self.peek(), yaml.BlockEndToken):
            entry = self.take(yaml.BlockEntryToken)
            self.require(entry.start_mark.column == dash and self.starts_line(entry))
            token = self.peek()
            self.require(token is not None and token.start_mark.line == entry.start_mark.line)
            self.require(token.start_mark.column == dash + 2)
            if isinstance(token, yaml.BlockMappingStartToken):
                self.block_mapping(dash + 2, entry.start_mark.line)
            else:
                self.inline(dash + 2, code=key in CODE_LIST_KEYS, list_of_codes=False)
        self.take(yaml.BlockEndToken)

    def inline(self, indent: int, code: bool, list_of_codes: bool) -> None:
        """A value on its key's or dash's line: a scalar or a one-line flow collection."""
        token = self.peek()
        if isinstance(token, _FLOW_START):
            self.flow(list_of_codes)
            return
        scalar = self.take(yaml.ScalarToken)
        if scalar.style == "|":
            self.block_scalar(scalar, indent)
            return
        self.check_scalar(scalar)
        self.check_code(scalar, code)

    def scalar(self, line: int) -> Any:
        scalar = self.take(yaml.ScalarToken)
        self.require(scalar.start_mark.line == line)
        self.check_scalar(scalar)
        return scalar

    def check_scalar(self, scalar: Any) -> None:
        self.require(scalar.start_mark.line == scalar.end_mark.line)
        self.require(scalar.style in ("", "'", '"'))
        if scalar.style == '"':
            mark = scalar.start_mark
            self.require("\\" not in self.lines[mark.line][mark.column : scalar.end_mark.column])

    def check_code(self, scalar: Any, is_code: bool) -> None:
        if is_code:
            quoted_single = scalar.style == "'"
            plain_text = scalar.plain and isinstance(resolve_plain(scalar.value), str)
            self.require(not quoted_single and not plain_text)

    def block_scalar(self, scalar: Any, indent: int) -> None:
        start, end = scalar.start_mark, scalar.end_mark
        self.require(_BLOCK_HEADER.match(self.lines[start.line][start.column :]) is not None)
        last = end.line - 1 if not self.lines[end.line][: end.column].strip() else end.line
        content = self.lines[start.line + 1 : last + 1]
        self.require(bool(content) and bool(content[0].strip()) and bool(content[-1].strip()))
        self.require(len(content[0]) - len(content[0].lstrip(" ")) == indent)

    def flow(self, list_of_codes: bool) -> int:
        """A flow collection on one line: ``{a: 1, b: [x, y]}``, nothing else; its length.
        (ruamel writes a one-pair mapping inside a flow sequence as ``[a: 1]``: not accepted.)"""
        opening = self.take(_FLOW_START)
        line, previous = opening.start_mark.line, opening
        mapping = isinstance(opening, yaml.FlowMappingStartToken)
        length = 0
        while True:
            token = self.peek()
            self.require(token is not None and token.start_mark.line == line)
            if isinstance(token, _FLOW_END):
                self.require(token.start_mark.index == previous.end_mark.index)
                self.require(mapping == isinstance(token, yaml.FlowMappingEndToken))
                self.at += 1
                return length
            length += 1
            gap = 0 if previous is opening else 1
            if previous is not opening:
                comma = self.take(yaml.FlowEntryToken)
                self.require(comma.start_mark.index == previous.end_mark.index)
                previous = comma
            token = self.peek()
            self.require(
                token is not None and token.start_mark.index == previous.end_mark.index + gap
            )
            if mapping:
                key = self.take(yaml.KeyToken)
                name = self.scalar(line)
                self.require(name.start_mark.index == key.start_mark.index)
                colon = self.take(yaml.ValueToken)
                self.require(colon.start_mark.index == name.end_mark.index)
                token = self.peek()
                self.require(
                    token is not None and token.start_mark.index == colon.end_mark.index + 1
                )
                previous = self.flow_value(name.value in CODE_KEYS, name.value in CODE_LIST_KEYS)
            else:
                previous = self.flow_value(list_of_codes, False, in_sequence=True)

    def flow_value(self, is_code: bool, list_of_codes: bool, in_sequence: bool = False) -> Any:
        token = self.peek()
        if isinstance(token, _FLOW_START):
            length = self.flow(list_of_codes)
            pair = isinstance(token, yaml.FlowMappingStartToken) and length == 1
            self.require(not (in_sequence and pair))
            return self.tokens[self.at - 1]
        scalar = self.take(yaml.ScalarToken)
        self.check_scalar(scalar)
        self.check_code(scalar, is_code)
        return scalar


def canonical_layout(text: str) -> bool:
    """Whether the ruamel round trip would give ``text`` back unchanged (conservative: False
    means "not sure", never "certainly not")."""
    if "\r" in text or "\t" in text or not text.endswith("\n") or text.endswith("\n\n"):
        return False
    if text.startswith("\n") or _TRAILING_SPACE.search(text):
        return False
    try:
        _Layout(text).document()
    except (_NotCanonical, yaml.YAMLError, IndexError):
        return False
    return True
