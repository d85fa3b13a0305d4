"""Imported items → the YAML files of one list, merged by code (按编码合并).

An item whose code is already in the list is updated in place in the file that holds it: only
the keys the sheet gives are set, each at its schema position, and comments, quoting and
layout around them stay as they were. New items are appended to ``<list>/<stem>.yaml`` in the
house style. Files are written atomically and only when their text changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from compiler.model import (
    Contact,
    Fee,
    Handling,
    HandlingFlag,
    MaterialEntry,
    Result,
    ServiceItem,
    Supervision,
    TimeLimit,
)
from compiler.workflow import yaml_write
from compiler.workflow.xlsx_catalog import CatalogUnusable, read_plain
from compiler.workflow.yaml_emit import emit_items

Key = tuple[str, ...]


def _fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(info.alias or name for name, info in model.model_fields.items())


#: key order (the schema's) of an item and of each of its mappings
ORDER: dict[Key, tuple[str, ...]] = {
    (): _fields(ServiceItem),
    ("time_limit",): _fields(TimeLimit),
    ("fee",): _fields(Fee),
    ("result",): _fields(Result),
    ("handling",): _fields(Handling),
    **{("handling", flag): _fields(HandlingFlag) for flag in ("in_center", "online", "one_visit")},
    ("contact",): _fields(Contact),
    ("supervision",): _fields(Supervision),
}
MATERIAL_ORDER = _fields(MaterialEntry)
CODE_KEYS = frozenset({("code",), ("national_code",), ("parent",)})

_FLOW = {("levels",), ("process",), ("tags",), ("time_limit",), ("fee",), ("result",),
         ("handling", "channels"), ("handling", "tolerance"), ("handling", "in_center"),
         ("handling", "online"), ("handling", "one_visit")}
_FLOW_ENTRIES = frozenset({"basis", "materials", "waivers", "form"})


def item_flow(path: Key) -> bool:
    """House style: short lists and small mappings on one line; each basis/material on one line."""
    return path in _FLOW or (len(path) == 2 and path[0] in _FLOW_ENTRIES and path[1] == "*")


def _rank(path: Key) -> tuple[int, ...]:
    ranks = []
    for depth, key in enumerate(path):
        order = ORDER.get(path[:depth], ())
        ranks.append(order.index(key) if key in order else len(order))
    return tuple(ranks)


def _value(path: Key, value: Any) -> Any:
    if path in CODE_KEYS and isinstance(value, str):
        return yaml_write.quoted(value)
    return value


def new_item(values: dict[Key, Any]) -> dict[str, Any]:
    """An item's values as plain nested data in the schema's key order, codes double-quoted."""
    root: dict[str, Any] = {}
    for path, value in sorted(values.items(), key=lambda pair: _rank(pair[0])):
        target = root
        for key in path[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        target[path[-1]] = _value(path, value)
    return root


def update_item(item: CommentedMap, values: dict[Key, Any]) -> bool:
    changed = False
    for path, value in sorted(values.items(), key=lambda pair: _rank(pair[0])):
        target = item
        for depth, key in enumerate(path[:-1]):
            if not isinstance(target.get(key), CommentedMap):
                empty = yaml_write.node({}, path[: depth + 1], item_flow)
                changed |= yaml_write.set_key(target, key, empty, ORDER.get(path[:depth], ()))
            target = target[key]
        new = yaml_write.node(_value(path, value), path, item_flow)
        changed |= yaml_write.set_key(target, path[-1], new, ORDER.get(path[:-1], ()))
    return changed


@dataclass(slots=True)
class ListFiles:
    """The YAML files of one list: where each occurrence of a code is, and the item as plain
    data. A code twice in a list (a unique-code finding) is matched occurrence by occurrence."""

    folder: Path
    holder: dict[str, list[Path]] = field(default_factory=dict)
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def scan(cls, folder: Path) -> ListFiles:
        found = cls(folder)
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            data = read_plain(path)
            items = data.get("items") if isinstance(data, dict) else None
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and item.get("code") is not None:
                    code = str(item["code"])
                    found.holder.setdefault(code, []).append(path)
                    found.items.setdefault(code, []).append(item)
        return found

    def existing(self, code: str) -> dict[str, Any] | None:
        """The (first) item with this code as it is now."""
        return self.items.get(code, [None])[0]


@dataclass(slots=True)
class MergeOutcome:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def unchanged(item: dict[str, Any] | None, values: dict[Key, Any]) -> bool:
    """Whether the item (plain data) already holds every value the sheet gives."""
    if item is None:
        return False
    for path, value in values.items():
        current: Any = item
        for key in path:
            if not isinstance(current, dict) or key not in current:
                return False
            current = current[key]
        if not yaml_write.same(current, value):
            return False
    return True


_BLOCK_ITEMS = re.compile(r"^items:[ \t]*(?:#.*)?$", re.MULTILINE)


def _appendable(path: Path) -> bool:
    """A file whose last top-level key is a non-empty block sequence ``items:``: new items can
    be written after its last line, leaving every existing byte as it is."""
    if not path.is_file():
        return True
    data = read_plain(path)
    return (
        isinstance(data, dict)
        and list(data)[-1:] == ["items"]
        and isinstance(data["items"], list)
        and bool(data["items"])
        and _BLOCK_ITEMS.search(path.read_text("utf-8-sig")) is not None
    )


def code_of(values: dict[Key, Any]) -> str:
    return str(values[("code",)])


def merge(files: ListFiles, target: Path, items: list[dict[Key, Any]], header: str) -> MergeOutcome:
    """Update or append each item (its values keyed by path; ``("code",)`` always present)."""
    outcome = MergeOutcome()
    by_file: dict[Path, list[tuple[dict[Key, Any], int | None]]] = {}
    seen: dict[str, int] = {}
    for values in items:
        code = code_of(values)
        nth = seen[code] = seen.get(code, -1) + 1
        places = files.holder.get(code, [])
        if nth < len(places):
            if unchanged(files.items[code][nth], values):  # files without changes are not opened
                continue
            by_file.setdefault(places[nth], []).append((values, places[:nth].count(places[nth])))
        else:
            by_file.setdefault(target, []).append((values, None))
    for path, group in sorted(by_file.items()):
        if all(k is None for _, k in group) and _appendable(path):
            _append(path, [values for values, _ in group], header)
            outcome.added.extend(code_of(values) for values, _ in group)
            outcome.written.append(path)
        elif _update(path, group, outcome):
            outcome.written.append(path)
    return outcome


def _append(path: Path, group: list[dict[Key, Any]], header: str) -> None:
    text = emit_items([new_item(values) for values in group], item_flow)
    if path.is_file():
        yaml_write.write_atomic(path, path.read_text("utf-8-sig").rstrip("\n") + "\n\n" + text)
    else:
        yaml_write.write_atomic(path, f"{header}items:\n{text}")


def _update(path: Path, group: list[tuple[dict[Key, Any], int | None]], outcome: MergeOutcome) -> bool:
    """The round-trip way: load, set keys in place, append, dump. Returns whether it wrote.
    ``group`` pairs each item's values with which occurrence of its code in this file it
    updates (None: a new item)."""
    try:
        doc = yaml_write.load(path) if path.is_file() else None
    except Exception as err:  # ruamel's many error types: the file cannot be updated
        raise CatalogUnusable(f"{path} 无法读取：{err}") from None
    if doc is None:
        doc = CommentedMap()
    if not isinstance(doc, CommentedMap):
        raise CatalogUnusable(f"{path} 不是含 items 的映射，无法合并")
    if doc.get("items") is None:
        doc["items"] = CommentedSeq()
    sequence = doc["items"]
    if not isinstance(sequence, CommentedSeq):
        raise CatalogUnusable(f"{path} 的 items 不是列表，无法合并")
    index: dict[str, list[CommentedMap]] = {}
    for item in sequence:
        if isinstance(item, CommentedMap) and item.get("code") is not None:
            index.setdefault(str(item.get("code")), []).append(item)
    changed = False
    for values, nth in group:
        code = code_of(values)
        if nth is not None and nth < len(index.get(code, [])):
            if update_item(index[code][nth], values):
                outcome.updated.append(code)
                changed = True
            continue
        sequence.append(yaml_write.node(new_item(values), (), item_flow))
        if len(sequence) > 1:
            sequence.yaml_set_comment_before_after_key(len(sequence) - 1, before="\n")
        outcome.added.append(code)
        changed = True
    if changed:
        yaml_write.write_atomic(path, yaml_write.dump(doc))
    return changed
