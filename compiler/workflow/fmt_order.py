"""The canonical key order of each file kind: the order of ``properties`` in its JSON Schema.

A ``Shape`` mirrors the schema: the keys of an object in schema order, the shape of each key's
value, the shape of an array's entries. ``$ref`` is followed; the alternatives of ``anyOf`` /
``oneOf`` are merged (first alternative's keys first), so an entry that may be a string or an
object (``form``), or an object or null (``supervision``), still has its keys ordered.
Objects without ``properties`` (the JSON Schema of ``eligibility``) keep their order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from compiler.load.kinds import FileKind


@dataclass(slots=True)
class Shape:
    """The keys of a mapping in canonical order, and the shapes below it."""

    keys: list[str] = field(default_factory=list)
    children: dict[str, Shape] = field(default_factory=dict)
    items: Shape | None = None  # the shape of a sequence's entries

    def rank(self, key: str) -> int | None:
        """The key's place in the canonical order, or None for a key the schema doesn't know."""
        try:
            return self.keys.index(key)
        except ValueError:
            return None

    def child(self, key: str) -> Shape | None:
        return self.children.get(key)


def canonical_order(shape: Shape, keys: list[str]) -> list[int]:
    """Indices of ``keys`` in canonical order: known keys by schema order, then unknown keys
    in their original relative order."""

    def sort_key(index: int) -> tuple[int, int]:
        rank = shape.rank(keys[index])
        return (0, rank) if rank is not None else (1, index)

    return sorted(range(len(keys)), key=sort_key)


def _merge(into: Shape, other: Shape) -> None:
    for key in other.keys:
        if key not in into.keys:
            into.keys.append(key)
    for key, child in other.children.items():
        if key in into.children:
            _merge(into.children[key], child)
        else:
            into.children[key] = child
    if other.items is not None:
        if into.items is None:
            into.items = other.items
        else:
            _merge(into.items, other.items)


def _shape(schema: Any, defs: dict[str, Any], seen: frozenset[str]) -> Shape | None:
    if not isinstance(schema, dict):
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.removeprefix("#/$defs/")
        if name in seen or name not in defs:
            return None
        return _shape(defs[name], defs, seen | {name})
    found: Shape | None = None
    for combinator in ("anyOf", "oneOf", "allOf"):
        for alternative in schema.get(combinator, []):
            part = _shape(alternative, defs, seen)
            if part is not None:
                found = found or Shape()
                _merge(found, part)
    properties = schema.get("properties")
    if isinstance(properties, dict) and properties:
        own = Shape(keys=list(properties))
        for key, sub in properties.items():
            child = _shape(sub, defs, seen)
            if child is not None:
                own.children[key] = child
        if found is not None:
            _merge(own, found)
        found = own
    items = schema.get("items")
    if isinstance(items, dict):
        entry = _shape(items, defs, seen)
        if entry is not None:
            found = found or Shape()
            if found.items is None:
                found.items = entry
            else:
                _merge(found.items, entry)
    return found


def shape_of_schema(schema: dict[str, Any]) -> Shape | None:
    """The Shape of a JSON Schema document (draft 2020-12, ``$defs`` references)."""
    defs = schema.get("$defs", {})
    return _shape(schema, defs if isinstance(defs, dict) else {}, frozenset())


@cache
def shape_of(kind: FileKind) -> Shape | None:
    """The canonical key order of one file kind, from the models' generated schema."""
    from compiler.model.schemas import schema_for

    return shape_of_schema(schema_for(kind))
