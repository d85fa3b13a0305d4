"""The ruamel.yaml round trip under ``zwfw fmt``: indentation and quoting, nothing else.

ruamel's own resolver (YAML 1.1 or 1.2 flavoured) is not the one our loader uses
(``compiler.load.yaml12``: the 1.2 core schema on libyaml). To make sure the round trip can
never change what a scalar means, every plain scalar is kept as its *source text*
(``PlainText``) and written back verbatim: ``000117005000``, ``1_000``, ``yes``, ``~`` and
``2025-01-01`` come out exactly as they went in, whatever either resolver would make of them.
Only an empty plain scalar is a null (written back empty, or ``null`` inside a flow mapping).
Quoted and block scalars keep their style (``preserve_quotes``).

The one deliberate change to scalars: a code (``code``, ``parent``, ``national_code``,
``region_code``, the entries of ``applies_to`` and ``adds``) that is a string is written in
double quotes. A plain code that the loader reads as a number (``code: 000117005000``) is left
alone — quoting it would change its value; lint reports it (请为编码加引号).
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.events import ScalarEvent
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tag import Tag

from compiler.load.yaml12 import resolve_plain

PLAIN_TAG = "tag:zwfw.invalid,2025:plain"
NULL_TAG = "tag:yaml.org,2002:null"

#: keys whose string value is a code, and keys holding lists of codes
CODE_KEYS = frozenset({"code", "parent", "national_code", "region_code"})
CODE_LIST_KEYS = frozenset({"applies_to", "adds"})

WIDTH = 1 << 30  # never re-wrap a long Chinese line


class PlainText(ScalarString):
    """A plain scalar, kept as the exact text it was written with."""

    __slots__ = ()
    style = ""

    def __new__(cls, value: str, anchor: Any = None) -> PlainText:
        text: PlainText = ScalarString.__new__(cls, value, anchor=anchor)
        return text


class SourceTextResolver(VersionedResolver):
    """Every non-empty plain scalar resolves to PLAIN_TAG; the empty one to null."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return Tag(suffix=NULL_TAG if value == "" else PLAIN_TAG)
        return super().resolve(kind, value, implicit)


class SourceTextConstructor(RoundTripConstructor):
    def construct_plain_text(self, node: Any) -> PlainText:
        return PlainText(node.value, anchor=node.anchor)


SourceTextConstructor.add_constructor(PLAIN_TAG, SourceTextConstructor.construct_plain_text)


class SourceTextRepresenter(RoundTripRepresenter):
    def represent_plain_text(self, data: PlainText) -> Any:
        anchor = data.yaml_anchor(any=True)
        return self.represent_scalar(PLAIN_TAG, str(data), style=None, anchor=anchor)

    def merge_comments(self, node: Any, comments: Any) -> Any:
        """A block scalar entry of a sequence can carry both its end-of-line comment (on the
        scalar: ``_attach_block_comments``) and comment lines above its dash (the sequence's).
        ruamel asserts the two never meet; here both go into the pre-comment list, the comment
        lines first, and ``SourceTextEmitter`` writes each where it belongs."""
        own = getattr(node, "comment", None)
        if (
            isinstance(node, ScalarNode)
            and own
            and len(own) > 1
            and own[1]
            and comments
            and len(comments) > 1
            and comments[1]
        ):
            comments = list(comments)
            comments[1] = [*comments[1], *own[1]]
            node.comment = None
        return super().merge_comments(node, comments)


SourceTextRepresenter.add_representer(PlainText, SourceTextRepresenter.represent_plain_text)


class SourceTextEmitter(RoundTripEmitter):
    """ruamel writes the end-of-line comment of a ``|`` / ``>`` scalar (a ``str`` in the
    scalar's pre-comment list) after its indicator, except in a sequence, where it took it for
    a comment line above the entry and lost it. Here the comment lines of that list (comment
    tokens) are written above the entry and the end-of-line comment is left, alone, for
    ``process_scalar`` to write after the indicator."""

    def write_pre_comment(self, event: Any) -> bool:
        comment = event.comment
        if not (isinstance(event, ScalarEvent) and comment and comment[1]):
            return bool(super().write_pre_comment(event))
        eol = [c for c in comment[1] if isinstance(c, str)]
        if not eol:
            return bool(super().write_pre_comment(event))
        lines = [c for c in comment[1] if not isinstance(c, str)]
        wrote = False
        if lines:
            event.comment = [comment[0], lines, *comment[2:]]
            wrote = bool(super().write_pre_comment(event))
        event.comment = [comment[0], eol, *comment[2:]]  # process_scalar reads comment[1][0]
        return wrote


def _attach_block_comments(data: Any) -> None:
    """Move the end-of-line comment of a block scalar entry of a sequence (``- |  # …``) from
    the sequence's comment table onto the scalar, where ruamel looks for it when writing.

    ruamel files it in the entry's pre-comment list, as a ``str`` after the comment lines read
    above the dash (there are such lines in that list when the previous entry ends in a flow
    collection: ``- b: [1, 2]`` / ``# c`` / ``- |  # e``). Those comment lines stay in the
    table; a ``str`` left among them would make ruamel drop every comment of the sequence."""
    if isinstance(data, CommentedMap):
        for value in data.values():
            _attach_block_comments(value)
    elif isinstance(data, CommentedSeq):
        for index, entry in data.ca.items.items():
            value = data[index] if isinstance(index, int) and index < len(data) else None
            pre = entry[1] if len(entry) > 1 else None
            if not isinstance(value, (LiteralScalarString, FoldedScalarString)) or not pre:
                continue
            eol = [c for c in pre if isinstance(c, str)]
            if len(eol) == 1:
                setattr(value, "comment", eol[0])  # noqa: B010 (ruamel reads it by name)
                entry[1] = [c for c in pre if not isinstance(c, str)] or None
        for value in data:
            _attach_block_comments(value)


def round_trip_yaml() -> YAML:
    """A ruamel YAML instance in the catalog's canonical layout: mapping indent 2, sequence
    indent 4 with the dash at offset 2, no line wrapping, scalars kept as written."""
    yaml = YAML(typ="rt")
    yaml.Resolver = SourceTextResolver
    yaml.Constructor = SourceTextConstructor
    yaml.Representer = SourceTextRepresenter
    yaml.Emitter = SourceTextEmitter
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def _quoted(value: Any) -> Any:
    """The double-quoted form of a code, or the value itself when quoting would change it."""
    if type(value) is SingleQuotedScalarString:
        return DoubleQuotedScalarString(str(value))
    if type(value) is PlainText and value.yaml_anchor() is None:
        if isinstance(resolve_plain(str(value)), str):
            return DoubleQuotedScalarString(str(value))
    return value


def quote_codes(data: Any) -> None:
    """Put every code that is a string into double quotes (in place)."""
    if isinstance(data, CommentedMap):
        for key in list(data):
            value = data[key]
            if key in CODE_KEYS:
                data[key] = _quoted(value)
            elif key in CODE_LIST_KEYS and isinstance(value, CommentedSeq):
                for index, entry in enumerate(value):
                    value[index] = _quoted(entry)
            quote_codes(value)
    elif isinstance(data, CommentedSeq):
        for entry in data:
            quote_codes(entry)


def normalize(text: str) -> str | None:
    """The text re-indented and with codes quoted; None when there is no document to write
    (an empty or comment-only file, which is left as it is). Raises ruamel's YAMLError."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    if data is None:
        return None
    quote_codes(data)
    _attach_block_comments(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
