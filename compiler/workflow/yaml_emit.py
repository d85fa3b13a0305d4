"""A fast emitter for new catalog entries, in the same house style ``yaml_write`` produces.

ruamel's round-trip dumper is pure Python and takes seconds for a list of a few thousand items;
new items carry no comments to keep, so they are written here directly: block mappings indented
by 2, sequences by 4 with the dash at 2, chosen nodes in flow style, and strings plain where
YAML 1.2 reads them back as the same string, double-quoted (JSON escapes) otherwise. The result
round-trips through ruamel unchanged, so later in-place updates do not reformat it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from compiler.load.yaml12 import resolve_plain
from compiler.workflow.yaml_write import FlowRule

Key = tuple[str, ...]

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_DATE_LIKE = re.compile(r"\d{4}-\d\d?-\d\d?(?:[Tt ].*)?$")


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or not text.isprintable():
        return False
    if flow and any(ch in text for ch in ",[]{}"):
        return False
    return isinstance(resolve_plain(text), str) and not _DATE_LIKE.match(text)


def scalar(value: Any, flow: bool) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    if isinstance(value, DoubleQuotedScalarString) or not _plain_ok(text, flow):
        return json.dumps(text, ensure_ascii=False)
    return text


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k, True)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value, True)


def _inline(value: Any, path: Key, rule: FlowRule) -> str | None:
    """The text after "key: " or "- " when the value fits on that line, else None."""
    if isinstance(value, (dict, list)):
        return _flow(value) if not value or rule(path) else None
    return scalar(value, False)


def _mapping(value: dict[str, Any], indent: int, path: Key, rule: FlowRule) -> list[str]:
    lines: list[str] = []
    for key, item in value.items():
        head = f"{' ' * indent}{scalar(key, False)}:"
        lines.extend(_entry(head, item, indent, (*path, key), rule))
    return lines


def _entry(head: str, item: Any, indent: int, path: Key, rule: FlowRule) -> list[str]:
    inline = _inline(item, path, rule)
    if inline is not None:
        return [f"{head} {inline}"]
    if isinstance(item, dict):
        return [head, *_mapping(item, indent + 2, path, rule)]
    return [head, *_sequence(item, indent + 2, path, rule)]


def _sequence(value: list[Any], indent: int, path: Key, rule: FlowRule) -> list[str]:
    lines: list[str] = []
    for item in value:
        dash = f"{' ' * indent}- "
        inline = _inline(item, (*path, "*"), rule)
        if inline is not None:
            lines.append(dash + inline)
        elif isinstance(item, dict):
            body = _mapping(item, indent + 2, (*path, "*"), rule)
            lines.append(dash + body[0][indent + 2 :])
            lines.extend(body[1:])
        else:
            body = _sequence(item, indent + 2, (*path, "*"), rule)
            lines.append(dash + body[0][indent + 2 :])
            lines.extend(body[1:])
    return lines


def emit_items(items: list[dict[str, Any]], rule: FlowRule) -> str:
    """Entries of a top-level ``items:`` sequence, separated by blank lines (no ``items:`` line)."""
    blocks = ["\n".join(_sequence([item], 2, (), _item_rule(rule))) for item in items]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _item_rule(rule: FlowRule) -> FlowRule:
    """Paths inside ``_sequence([item])`` start with "*"; the item's own rule does not."""
    return lambda path: rule(path[1:]) if path[:1] == ("*",) else rule(path)


def flow_lines(mapping: dict[str, Any]) -> str:
    """``key: value`` lines, each value on one line in flow style."""
    return "\n".join(f"{scalar(key, False)}: {_flow(value)}" for key, value in mapping.items())
