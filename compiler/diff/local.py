"""Changes outside the lists: 数据元目录 and 材料目录 entries, and 区级实施清单 entries.

A 材料目录 entry that gains ``e_license`` or ``shared_by`` becomes exempt by default in every
item that uses it (improved); a 区级实施清单 entry is read against the city standard it
restates, so dropping a local ``time_limit.promised`` is judged by the city's value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compiler.diff.describe import describe, field_changes
from compiler.diff.effects import Effect, Side, classify_material_entry
from compiler.diff.fields import RawChange, compare
from compiler.diff.labels import Names
from compiler.diff.model import DictionaryChange, LocalChange
from compiler.diff.snapshot import Snapshot, text


def _material_users(snapshot: Snapshot) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for code, entry in snapshot.entries.items():
        keys = [entry.data.get("material")]
        materials = entry.data.get("materials")
        for element in materials if isinstance(materials, list) else []:
            keys.append(element.get("material") if isinstance(element, dict) else None)
        for key in keys:
            if isinstance(key, str):
                found.setdefault(key, set()).add(code)
    return found


def _element_users(snapshot: Snapshot) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for code, entry in snapshot.entries.items():
        form = entry.data.get("form")
        eligibility = entry.data.get("eligibility")
        keys: list[Any] = list(form) if isinstance(form, list) else []
        if isinstance(eligibility, dict) and isinstance(eligibility.get("properties"), dict):
            keys.extend(eligibility["properties"])
        for key in keys:
            key = key.get("element") if isinstance(key, dict) else key
            if isinstance(key, str):
                found.setdefault(key, set()).add(code)
    return found


def _dictionary(
    name: str,
    label_key: str,
    old: dict[str, dict[str, Any]],
    new: dict[str, dict[str, Any]],
    users: Callable[[Snapshot], dict[str, set[str]]],
    sides: tuple[Snapshot, Snapshot],
    names: Names,
) -> list[DictionaryChange]:
    used: list[dict[str, set[str]]] = []  # who uses each entry, found at the first change
    found: list[DictionaryChange] = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        entry = after if after is not None else before
        assert entry is not None
        change = DictionaryChange(name, key, text(entry.get(label_key)), "changed")
        if before is None or after is None:
            change.kind = "added" if before is None else "removed"
        else:
            raw = compare(before, after, frozenset({"key"}))
            if not raw:
                continue
            change.fields = [describe(c, _entry_effect(name, c, before, after), names) for c in raw]
        if not used:
            used.extend(users(side) for side in sides)
        change.used_by = sorted(set().union(*(u.get(key, set()) for u in used)))
        found.append(change)
    return found


def _entry_effect(
    dictionary: str, change: RawChange, old: dict[str, Any], new: dict[str, Any]
) -> Effect:
    if dictionary == "materials":
        return classify_material_entry(change, old, new)
    return Effect.NEUTRAL


def compare_dictionaries(old: Snapshot, new: Snapshot, names: Names) -> list[DictionaryChange]:
    return [
        *_dictionary(
            "data-elements", "label", old.elements, new.elements,
            _element_users, (old, new), names,
        ),
        *_dictionary(
            "materials", "name", old.materials, new.materials,
            _material_users, (old, new), names,
        ),
    ]  # fmt: skip


def compare_implementations(
    old: Snapshot, new: Snapshot, recodes: dict[str, str], names: Names
) -> list[LocalChange]:
    """区级实施清单 entries by district and item, an old code read as its new code."""
    order = {**old.district_codes, **new.district_codes}
    back = {now: before for before, now in recodes.items()}
    found: list[LocalChange] = []
    for district in sorted(old.implementations.keys() | new.implementations.keys()):
        before = {recodes.get(c, c): e for c, e in old.implementations.get(district, {}).items()}
        after = new.implementations.get(district, {})
        for code in sorted(before.keys() | after.keys()):
            a, b = before.get(code), after.get(code)
            old_code = back.get(code)
            city = new.entries.get(code) or old.entries.get(old_code or code)
            change = LocalChange(district, code, city.name if city else "", "changed")
            change.old_code = old_code
            if a is None or b is None:
                change.kind = "added" if a is None else "removed"
            else:
                raw = compare(a, b, frozenset({"code"}))
                if not raw:
                    continue
                was = old.entries.get(old_code or code)
                now = new.entries.get(code)
                change.fields = field_changes(
                    raw,
                    Side(a, old.materials, was.data if was else {}),
                    Side(b, new.materials, now.data if now else {}),
                    names,
                )
            found.append(change)
    found.sort(key=lambda c: (order.get(c.district) or "~", c.district, c.code))
    return found
