"""``member``: every value at ``path`` must be among the values at ``among`` — of the record
itself, or of the records it names at ``via``.

Parameters (besides ``select``/``files``/``where``, and ``cases``):

- ``path`` (or ``paths``): the values tested (``handling.tolerance[*]``, ``lead``);
- ``among``: paths whose values form the allowed set (``materials[*].material``, ``conditions[*]``);
- ``via`` + ``target``: take the allowed set from the records of ``target`` (a
  :meth:`LintContext.target` name) that the values at ``via`` name (``items[*].code``) — the
  union of them all, or with ``each: true`` each named record on its own, the finding then being
  reported at the naming value and related to the named record. A name that finds no record is
  skipped (the reference rules report it); with no named record at all nothing is judged;
- ``resolve``: ``{target, field, missing}`` compares values after mapping a key of ``target`` to
  that record's ``field`` (a material key to its name, a data element to its source). A value
  that is no key of the target is kept as it is (``missing: keep``, the default) or not judged
  (``missing: skip``). Allowed values are mapped the same way and always kept;
- ``not_matching``: a regular expression a (resolved) value must not match even when allowed
  (an application form may not be a 容缺 material);
- ``distinct``: report each value once per record (the first place);
- ``reasons``: ``{missing, empty, matching}`` — the hit's ``reason`` for each kind of finding (a
  value not allowed; one whose resolved value is absent, e.g. a data element without a source —
  ``missing`` when not given; an allowed one matching ``not_matching``), a template filled from
  the hit's fields below.

Each hit carries ``value`` (the tested value), ``resolved`` (it after ``resolve``), ``reason``
and, with ``each``, ``target_code`` / ``target_name`` of the named record. A record without a
``name`` of its own (an implementation entry restating an item by code) takes the first named
record's for its ``name``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected
from compiler.lint.messages import render
from compiler.lint.paths import walk, walker
from compiler.lint.records import Record
from compiler.lint.rules import RulebookError
from compiler.load.locate import Pointer
from compiler.load.source import SourceFile

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule

_SKIP = object()


class _Resolver:
    """Maps a key of a target to one field of its record (or keeps / skips other values)."""

    def __init__(self, ctx: LintContext, spec: Any) -> None:
        self.index: Mapping[str, Any] | None = None
        self.field = ""
        self.skip_missing = False
        if isinstance(spec, Mapping):
            self.index = ctx.target(str(spec["target"]))
            self.field = str(spec.get("field", "name"))
            self.skip_missing = str(spec.get("missing", "keep")) == "skip"

    def __call__(self, value: Any, *, keep: bool = False) -> Any:
        if self.index is None:
            return value
        found = self.index.get(str(value)) if _scalar(value) else None
        if found is None:
            return value if keep or not self.skip_missing else _SKIP
        data = found.data if isinstance(found, Record) else found
        return data.get(self.field) if isinstance(data, Mapping) else None


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _allowed(data: Any, among: list[str], resolve: _Resolver) -> set[str]:
    found: set[str] = set()
    for path in among:
        for _, value in walker(path)(data):
            for one in (value, resolve(value, keep=True)):
                if _scalar(one):
                    found.add(str(one).strip())
    return found


class _AllowedSets:
    """The allowed set of each named record, computed once per case (sixteen districts'
    entries name the same city item)."""

    def __init__(self, among: list[str], resolve: _Resolver) -> None:
        self.among = among
        self.resolve = resolve
        self.known: dict[int, set[str]] = {}

    def __call__(self, other: Record) -> set[str]:
        found = self.known.get(id(other))
        if found is None:
            found = self.known[id(other)] = _allowed(other.data, self.among, self.resolve)
        return found


def _named(
    ctx: LintContext, record: Record, case: Mapping[str, Any]
) -> list[tuple[Pointer, Record]]:
    """(pointer of the naming value, named record) for ``via``."""
    target = ctx.target(str(case["target"]))
    named: list[tuple[Pointer, Record]] = []
    for rel, value in walk(record.data, str(case["via"])):
        other = target.get(str(value)) if _scalar(value) else None
        if isinstance(other, Record):
            named.append((rel, other))
    return named


@register("member")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for case in cases(rule.params):
        if "among" not in case or ("via" in case) != ("target" in case):
            raise RulebookError(
                f"规则 {rule.id}：member 须给出 path、among，via 与 target 须同时给出"
            )
        listed = case["among"]
        among = [str(p) for p in listed] if isinstance(listed, list) else [str(listed)]
        paths = [str(p) for p in case.get("paths", [case.get("path")])]
        resolve = _Resolver(ctx, case.get("resolve"))
        try:
            pattern = re.compile(str(case["not_matching"])) if case.get("not_matching") else None
        except re.error as err:
            raise RulebookError(f"规则 {rule.id}：not_matching 不是有效的正则表达式：{err}") from err
        reasons = case.get("reasons") or {}
        walkers = [walker(path) for path in paths]
        allowed_of = _AllowedSets(among, resolve)
        for record in selected(ctx, case):
            tested = [found for run in walkers for found in run(record.data)]
            if not tested:  # nothing to judge: the allowed set is never needed
                continue
            extra: dict[str, Any] = {}
            groups: list[tuple[Pointer | None, Record | None, set[str]]]
            if "via" not in case:
                groups = [(None, None, _allowed(record.data, among, resolve))]
            else:
                named = _named(ctx, record, case)
                if not named:
                    continue
                if case.get("each"):
                    groups = [(at, o, allowed_of(o)) for at, o in named]
                else:
                    union = set().union(*(allowed_of(o) for _, o in named))
                    # one named record (an implementation's city item) is still the related place
                    groups = [(None, named[0][1] if len(named) == 1 else None, union)]
                if "name" not in record.data:  # an entry restating an item by its code
                    extra["name"] = named[0][1].label
            seen: set[str] = set()
            for at, other, allowed in groups:
                for rel, value in tested:
                    verdict = _judge(value, allowed, resolve, pattern)
                    if verdict is None:
                        continue
                    resolved, kind = verdict
                    key = f"{value}|{id(other)}"
                    if case.get("distinct") and key in seen:
                        continue
                    seen.add(key)
                    fields: dict[str, Any] = {**extra, "value": value, "resolved": resolved}
                    if other is not None:
                        fields.update(target_code=other.code, target_name=other.label)
                    text = reasons.get(kind, reasons.get("missing", "") if kind == "empty" else "")
                    fields["reason"] = render(str(text), fields)
                    related: tuple[tuple[SourceFile, Pointer], ...] = ()
                    if other is not None:
                        related = ((other.source, other.pointer),)
                    found = hit(record, at if at is not None else rel, **fields)
                    yield Hit(found.source, found.pointer, found.record, found.fields, related)


def _judge(
    value: Any, allowed: set[str], resolve: _Resolver, pattern: re.Pattern[str] | None
) -> tuple[Any, str] | None:
    """None when the value is fine (or not judged), else (resolved value, kind of finding)."""
    if not _scalar(value) and value is not None:
        return None
    resolved = resolve(value)
    if resolved is _SKIP:
        return None
    text = str(resolved).strip() if _scalar(resolved) else None
    if text is None or not text:
        return resolved, "empty"
    if text not in allowed and str(value).strip() not in allowed:
        return resolved, "missing"
    if pattern is not None and pattern.search(text):
        return resolved, "matching"
    return None
