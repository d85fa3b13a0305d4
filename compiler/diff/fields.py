"""Field-level comparison of two records with stable, position-free paths.

Mappings are compared key by key (an absent key equals ``null``, an empty list or mapping).
Lists are compared by the identity of their elements, never by position, so reordering is not
a change: a material by its ``material`` key or inline ``name``, a basis by title and article,
a scenario's items by code, a string by itself (lists of strings are sets). A changed element
gives paths like ``materials[business-license].necessity``; an added or removed one gives one
change at ``materials[business-license]`` whose other side is ``null``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Ident:
    """A list element named by its identity (a path segment written ``[value]``)."""

    value: str


Segment = str | Ident
FieldPath = tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class RawChange:
    path: FieldPath
    old: Any
    new: Any


#: keys that name a list element, in order of preference
IDENTITY_KEYS = ("code", "material", "key", "id", "element", "question", "rule", "name")

#: the order of keys in catalog-format.md, so changes read in document order
KEY_ORDER = (
    "code national_code key id name label title article level parent type kind department lead"
    " issuer partners levels basis conditions material applies_to domain document target mode"
    " eligibility data_sources benefit delivery valid items situations materials process"
    " time_limit legal promised fee charged result handling online_depth visits visit_reason"
    " channels in_center online one_visit commitment tolerance scope same_standard contact place"
    " hours phone complaint_phone form supervision filing_timing status tags promised_days"
    " verification liability necessity copies original copy exempt value reason detail"
).split()
_RANK = {key: rank for rank, key in enumerate(KEY_ORDER)}


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def identity(element: Any) -> str:
    if isinstance(element, str):
        return element
    if isinstance(element, dict):
        for key in IDENTITY_KEYS:
            value = element.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return str(value)
        title = element.get("title")
        if isinstance(title, str):
            article = element.get("article")
            return f"{title} {article}" if isinstance(article, str) and article else title
    return canonical(element)


def keyed(elements: list[Any]) -> dict[str, Any]:
    """Elements by identity; equal scalars collapse (a set), other repeats get ``#2``, ``#3``."""
    groups: dict[str, list[Any]] = {}
    for element in elements:
        groups.setdefault(identity(element), []).append(element)
    found: dict[str, Any] = {}
    for ident, group in groups.items():
        if len(group) == 1:
            found[ident] = group[0]
            continue
        if not any(isinstance(e, (dict, list)) for e in group):
            group = list({canonical(e): e for e in group}.values())
        for number, element in enumerate(sorted(group, key=canonical), 1):
            found[ident if number == 1 else f"{ident}#{number}"] = element
    return found


def same_scalar(old: Any, new: Any) -> bool:
    if type(old) is not type(new):
        return False
    if isinstance(old, float) and math.isnan(old) and math.isnan(new):
        return True
    return bool(old == new)


def ordered_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    keys = set(old) | set(new)
    return sorted(keys, key=lambda k: (_RANK.get(k, len(_RANK)), k))


def compare(old: Any, new: Any, skip: frozenset[str] = frozenset()) -> list[RawChange]:
    """The changes from ``old`` to ``new``; top-level keys in ``skip`` are not compared."""
    found: list[RawChange] = []
    if isinstance(old, dict) and isinstance(new, dict):
        if old == new:
            return found
        for key in ordered_keys(old, new):
            if key not in skip:
                _walk(old.get(key), new.get(key), (key,), found)
    else:
        _walk(old, new, (), found)
    return found


def _walk(old: Any, new: Any, path: FieldPath, found: list[RawChange]) -> None:
    if isinstance(old, (dict, list)) and old == new:
        return  # the common case, at C speed (1, 1.0 and true inside are not told apart)
    if old is None and isinstance(new, (dict, list)):
        old = type(new)()
    elif new is None and isinstance(old, (dict, list)):
        new = type(old)()
    if isinstance(old, dict) and isinstance(new, dict):
        for key in ordered_keys(old, new):
            _walk(old.get(key), new.get(key), (*path, key), found)
    elif isinstance(old, list) and isinstance(new, list):
        before, after = keyed(old), keyed(new)
        for ident in sorted(before.keys() | after.keys()):
            here = (*path, Ident(ident))
            if ident in before and ident in after:
                _walk(before[ident], after[ident], here, found)
            else:
                found.append(RawChange(here, before.get(ident), after.get(ident)))
    elif not same_scalar(old, new):
        found.append(RawChange(path, old, new))


def lookup(data: Any, path: FieldPath) -> Any:
    """The value at ``path`` (None where it does not exist)."""
    for segment in path:
        if isinstance(segment, Ident):
            data = keyed(data).get(segment.value) if isinstance(data, list) else None
        else:
            data = data.get(segment) if isinstance(data, dict) else None
    return data


def format_path(path: FieldPath) -> str:
    """``time_limit.promised``, ``materials[business-license].necessity``."""
    out = ""
    for segment in path:
        if isinstance(segment, Ident):
            out += f"[{segment.value}]"
        elif any(ch in segment for ch in ".[]") or not segment:
            out += f"[{segment}]"
        else:
            out += f".{segment}" if out else segment
    return out


def pattern(path: FieldPath) -> str:
    """The path with identities blanked: ``materials[].necessity``, for effect rules."""
    return format_path(tuple(Ident("") if isinstance(s, Ident) else s for s in path))
