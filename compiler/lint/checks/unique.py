"""``unique``: the value at ``key`` occurs once across the selected records (optionally within
each ``group_by`` value, e.g. a name within a department). Each later occurrence is a hit whose
related place is the first one.

With ``path`` (a rule path such as ``departments[*].id``) every value the path reaches in each
record counts instead: the ids listed inside one file, such as catalog.yaml's departments;
with ``stem: true`` the file's name without its suffix (``views/a.yaml`` and ``views/a.yml``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected
from compiler.lint.paths import walk
from compiler.lint.records import Record
from compiler.load.locate import Pointer

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule


@register("unique")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for case in cases(rule.params):
        key = str(case.get("key", "code"))
        path = case.get("path")
        group_by = case.get("group_by")
        first: dict[tuple[Any, str], tuple[Record, Pointer]] = {}
        for record in selected(ctx, case):
            group = record.data.get(str(group_by)) if group_by else None
            if isinstance(group, (dict, list)):
                continue
            if case.get("stem"):  # the file's name without its suffix (views are known by it)
                found: list[tuple[Pointer, Any]] = [((), PurePosixPath(record.source.display).stem)]
            elif path:
                found = walk(record.data, str(path))
            else:
                found = [((key,), record.data.get(key))]
            for rel, value in found:
                if not isinstance(value, (str, int)) or isinstance(value, bool):
                    continue
                seen = first.setdefault((group, str(value)), (record, rel))
                if seen[0] is record and seen[1] == rel:
                    continue
                other, other_rel = seen
                spot = other.source.locate((*other.pointer, *other_rel))
                found_hit = hit(
                    record,
                    rel,
                    value=str(value),
                    other_file=other.source.display,
                    other_line=spot.line,
                    group=group,
                    label=case.get("label", ""),
                )
                yield Hit(
                    found_hit.source,
                    found_hit.pointer,
                    found_hit.record,
                    found_hit.fields,
                    ((other.source, (*other.pointer, *other_rel)),),
                )
