"""``merge-conflict``: the fields that several records bring into one merged form must fit
together — e.g. the items of a scenario (一件事) and its one application form (多表合一).

The same data element asked for by two records is merged into one field (a ``required``
difference is reconciled: required wins). What cannot be merged:

- **nesting**: two distinct element keys where one is a dotted prefix of the other
  (``applicant`` and ``applicant.name``) — in the merged form one would have to be both a value
  and a group of values;
- **label**: two distinct element keys with the same label in the data-element dictionary but a
  different ``type`` or ``options`` — the merged form would show two different fields under one
  name.

Parameters (besides ``select``/``files``/``where``, and ``cases``):

- ``members``: paths of the codes the record names (``items[*].code``, ``situations[*].adds[*]``);
- ``target``: the index they name (``items``);
- ``fields``: paths of the element keys in each member (``form[*]``, ``form[*].element``);
- ``dictionary``: the index of data elements (``data-elements``), for labels and settings;
- ``conflicts``: which of ``nesting`` and ``label`` to look for (default both);
- ``compare``: the dictionary keys that must agree for the same label (default type, options);
- ``reasons``: ``{nesting, label}`` — the hit's ``reason`` text for each kind of conflict, a
  template filled from the hit's fields below (``{label}``).

One hit per conflicting pair of keys, at the place where the record names the later member,
related to both form entries. It carries ``element`` and ``other_element`` (the two keys),
``label``, ``item_code`` / ``other_item`` (the two members) and ``reason``. Members that name no
record and keys outside the dictionary are left to the reference rules (a key outside the
dictionary still takes part in ``nesting``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected
from compiler.lint.messages import render
from compiler.lint.paths import walk
from compiler.lint.records import Record
from compiler.load.locate import Pointer

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule


@dataclass(frozen=True, slots=True)
class _Field:
    key: str
    member: Record
    named_at: Pointer  # where the merging record names the member
    pointer: Pointer  # the form entry inside the member


def _form_fields(ctx: LintContext, record: Record, case: Mapping[str, Any]) -> list[_Field]:
    index = ctx.target(str(case.get("target", "items")))
    found: list[_Field] = []
    seen: set[str] = set()
    for path in case.get("members", []):
        for at, code in walk(record.data, str(path)):
            member = index.get(str(code)) if isinstance(code, (str, int)) else None
            if not isinstance(member, Record) or str(code) in seen:
                continue
            seen.add(str(code))
            for form_path in case.get("fields", []):
                for rel, key in walk(member.data, str(form_path)):
                    if isinstance(key, str) and key.strip():
                        found.append(_Field(key.strip(), member, at, rel))
    return found


def _conflict(
    a: _Field, b: _Field, dictionary: Mapping[str, Any], case: Mapping[str, Any]
) -> str | None:
    kinds = case.get("conflicts", ["nesting", "label"])
    if a.key == b.key:
        return None
    if "nesting" in kinds and (a.key.startswith(b.key + ".") or b.key.startswith(a.key + ".")):
        return "nesting"
    if "label" in kinds:
        one, two = dictionary.get(a.key), dictionary.get(b.key)
        if isinstance(one, Record) and isinstance(two, Record):
            if one.data.get("label") is not None and one.data.get("label") == two.data.get("label"):
                compare = case.get("compare", ["type", "options"])
                if any(one.data.get(str(k)) != two.data.get(str(k)) for k in compare):
                    return "label"
    return None


def _suspects(
    entries: list[_Field], dictionary: Mapping[str, Any], case: Mapping[str, Any]
) -> set[str]:
    """The keys that may take part in a conflict, found in linear time: a key that is a dotted
    prefix of another, or one sharing its dictionary label with another key. Only these are
    paired up (the pairwise comparison of every form field was the cost of this check)."""
    kinds = case.get("conflicts", ["nesting", "label"])
    keys = {entry.key for entry in entries}
    found: set[str] = set()
    if "nesting" in kinds:
        for key in keys:
            at = key.find(".")
            while at >= 0:
                if key[:at] in keys:
                    found.update((key, key[:at]))
                at = key.find(".", at + 1)
    if "label" in kinds:
        by_label: dict[Any, list[str]] = {}
        for key in keys:
            element = dictionary.get(key)
            if isinstance(element, Record):
                label = element.data.get("label")
                if label is not None:
                    try:
                        by_label.setdefault(label, []).append(key)
                    except TypeError:  # an unhashable label: compare this key with every other
                        found.add(key)
                        found.update(k for k in keys if k != key)
        for group in by_label.values():
            if len(group) > 1:
                found.update(group)
    return found


@register("merge-conflict")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for case in cases(rule.params):
        dictionary = ctx.target(str(case.get("dictionary", "data-elements")))
        reasons: Mapping[str, Any] = case.get("reasons") or {}
        for record in selected(ctx, case):
            entries = _form_fields(ctx, record, case)
            suspects = _suspects(entries, dictionary, case)
            entries = [entry for entry in entries if entry.key in suspects]
            reported: set[frozenset[str]] = set()
            for later_index, later in enumerate(entries):
                for earlier in entries[:later_index]:
                    if earlier.member is later.member:
                        continue
                    pair = frozenset((earlier.key, later.key))
                    if pair in reported:
                        continue
                    kind = _conflict(earlier, later, dictionary, case)
                    if kind is None:
                        continue
                    reported.add(pair)
                    element = dictionary.get(later.key)
                    fields: dict[str, Any] = {
                        "element": later.key,
                        "other_element": earlier.key,
                        "label": element.data.get("label") if isinstance(element, Record) else None,
                        "item_code": later.member.code,
                        "other_item": earlier.member.code,
                    }
                    reason = render(str(reasons.get(kind, "")), fields)
                    found = hit(record, later.named_at, **fields, reason=reason)
                    related = tuple(
                        (f.member.source, (*f.member.pointer, *f.pointer)) for f in (earlier, later)
                    )
                    yield Hit(found.source, found.pointer, found.record, found.fields, related)
