"""``uniform``: a local entry may differ from the standard record it restates only where allowed.

The city standard (全市标准) is the record of ``target`` (default ``items``) that the entry names
by ``key`` (default ``code``): a district's implementation entry (区级实施事项) and the city item
with the same code. Every key the entry restates is compared with the standard's value at the
same place; mappings are compared key by key, anything else (texts, numbers, lists) as a whole.
An equal restatement is fine.

Parameters (besides ``select``/``files``/``where``, and ``cases``):

- ``allowed``: paths that may differ (``contact.*``, ``handling.tolerance``); a path also allows
  everything below it; ``*`` stands for any one key;
- ``not_above``: allowed paths whose number may not exceed the standard's (``time_limit.promised``);
- ``ignore``: keys never compared (the ``key`` itself is never compared);
- ``reasons``: ``{differs, above}`` — the hit's ``reason`` text for each kind of finding.

Each hit is at the differing key and relates to the standard's same key (or the nearest key it
has, or the standard record itself); it carries ``path`` (dotted), ``value`` (the entry's),
``standard`` (the standard's, None where it has none) and ``reason``; an entry without a name of
its own takes the standard's as ``name``. An entry whose standard
does not exist is skipped: the reference rules report it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected
from compiler.lint.paths import compile_path
from compiler.lint.records import Record
from compiler.load.locate import Pointer

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule

_MISSING = object()


def _covers(pattern: tuple[Any, ...], pointer: Pointer) -> bool:
    """Whether a path pattern is the pointer or one of its ancestors."""
    if len(pattern) > len(pointer):
        return False
    return all(step == "*" or step == part for step, part in zip(pattern, pointer, strict=False))


def _leaves(value: Any, standard: Any, at: Pointer) -> Iterator[tuple[Pointer, Any, Any]]:
    """(pointer, local value, standard value) for every place that differs; mappings are
    compared key by key, anything else as a whole. Equal places yield nothing (an equal
    restatement, or a mapping below it, has no place that differs)."""
    if value == standard:
        return
    if not (isinstance(value, dict) and isinstance(standard, dict)):
        yield at, value, standard
        return
    for key, local in value.items():
        city = standard.get(key, _MISSING)
        if local == city:
            continue
        if isinstance(local, dict) and isinstance(city, dict):
            yield from _leaves(local, city, (*at, key))
        else:
            yield (*at, key), local, city


def _nearest(data: Any, pointer: Pointer) -> Pointer:
    """The longest prefix of ``pointer`` present in ``data``."""
    reached: list[str | int] = []
    for step in pointer:
        if isinstance(data, dict) and step in data:
            data = data[step]
            reached.append(step)
        else:
            break
    return tuple(reached)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@register("uniform")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for case in cases(rule.params):
        key = str(case.get("key", "code"))
        index = ctx.target(str(case.get("target", "items")))
        allowed = [compile_path(str(p)) for p in case.get("allowed", [])]
        not_above = [compile_path(str(p)) for p in case.get("not_above", [])]
        ignore = {key, *(str(k) for k in case.get("ignore", []))}
        reasons: Mapping[str, Any] = case.get("reasons") or {}
        verdicts: dict[Pointer, tuple[bool, bool]] = {}  # (allowed, not above) by place
        for record in selected(ctx, case):
            name = record.data.get(key)
            standard = index.get(str(name)) if isinstance(name, (str, int)) else None
            if not isinstance(standard, Record) or standard is record:
                continue
            local = {k: v for k, v in record.data.items() if k not in ignore}
            for pointer, value, city in _leaves(local, standard.data, ()):
                reason = None
                verdict = verdicts.get(pointer)
                if verdict is None:  # the same few keys differ in thousands of entries
                    verdict = verdicts[pointer] = (
                        any(_covers(p, pointer) for p in allowed),
                        any(_covers(p, pointer) for p in not_above),
                    )
                if verdict[0]:
                    capped = verdict[1]
                    if capped and _number(value) and _number(city) and value > city:
                        reason = reasons.get("above", "")
                else:
                    reason = reasons.get("differs", "")
                if reason is None:
                    continue
                named = {} if "name" in record.data else {"name": standard.label}
                found = hit(
                    record,
                    pointer,
                    **named,
                    path=".".join(str(p) for p in pointer),
                    value=value,
                    standard=None if city is _MISSING else city,
                    reason=reason,
                )
                other = (*standard.pointer, *_nearest(standard.data, pointer))
                yield dataclasses.replace(found, related=((standard.source, other),))
