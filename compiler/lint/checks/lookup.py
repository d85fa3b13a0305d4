"""``lookup``: a JSON Schema over what an entry refers to — a predicate across two records.

Parameters (besides ``select``/``files``/``where``, and ``cases``):

- ``path``: the entries inside each record (``materials[*]``);
- ``entry``: a JSON Schema an entry must satisfy to be looked at (``exempt: false``), optional;
- ``key`` + ``target``: the entry's reference (``material``) and the index it names
  (``materials``); an entry whose key names no record is skipped (the reference rules report it);
- ``inline``: an entry *without* the key is judged itself (an inline material), default false;
- ``matches``: the JSON Schema the looked-up record must satisfy for a hit (a 登报 name);
- ``references``: ``{field: target}`` — for a hit the looked-up record's ``field`` must also
  name an existing record of that target (issued by a department of the catalog), optional;
- ``at``: keys of the entry to report at, the first present one (default: the entry).

Each hit carries ``entry`` (the entry's values), ``resolved`` (the looked-up record's values),
``value`` (its name or label) and ``key`` (the reference, if any); when the entry was looked up
through its key, the related place is that record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected, validator
from compiler.lint.paths import walk
from compiler.lint.records import Record
from compiler.lint.rules import RulebookError

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule


def _names_all(ctx: LintContext, data: Mapping[str, Any], references: Mapping[str, Any]) -> bool:
    for field, target_name in references.items():
        value = data.get(str(field))
        if not isinstance(value, (str, int)) or str(value) not in ctx.target(str(target_name)):
            return False
    return True


@register("lookup")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for case in cases(rule.params):
        if "path" not in case or "matches" not in case or ("key" in case) != ("target" in case):
            raise RulebookError(
                f"规则 {rule.id}：lookup 须给出 path、matches，key 与 target 须同时给出"
            )
        entry_test = validator(case["entry"]) if isinstance(case.get("entry"), Mapping) else None
        test = validator(case["matches"])
        key = str(case["key"]) if "key" in case else None
        target = ctx.target(str(case["target"])) if "target" in case else {}
        inline = bool(case.get("inline", False))
        references = case.get("references") or {}
        at = case.get("at") or []
        at_keys = [str(k) for k in (at if isinstance(at, list) else [at])]
        for record in selected(ctx, case):
            for rel, entry in walk(record.data, str(case["path"])):
                if not isinstance(entry, dict):
                    continue
                if entry_test is not None and not entry_test.is_valid(entry):
                    continue
                other: Record | None = None
                if key is not None and key in entry:
                    name = entry[key]
                    found = target.get(str(name)) if isinstance(name, (str, int)) else None
                    if not isinstance(found, Record):
                        continue
                    other, looked_up = found, found.data
                elif inline:
                    looked_up = entry
                else:
                    continue
                if not test.is_valid(looked_up) or not _names_all(ctx, looked_up, references):
                    continue
                place = next((k for k in at_keys if k in entry), None)
                label = looked_up.get("name", looked_up.get("label"))
                found_hit = hit(
                    record,
                    (*rel, place) if place is not None else rel,
                    entry=entry,
                    resolved=looked_up,
                    value=label,
                    key=entry.get(key) if key is not None else None,
                )
                related = ((other.source, other.pointer),) if other is not None else ()
                yield dataclasses.replace(found_hit, related=related)
