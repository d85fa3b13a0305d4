"""``unique``: the value at ``key`` occurs once across the selected records (optionally within
each ``group_by`` value, e.g. a name within a department). Each later occurrence is a hit whose
related place is the first one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected
from compiler.lint.records import Record

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule


@register("unique")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for case in cases(rule.params):
        key = str(case.get("key", "code"))
        group_by = case.get("group_by")
        first: dict[tuple[Any, str], Record] = {}
        for record in selected(ctx, case):
            value = record.data.get(key)
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                continue
            group = record.data.get(str(group_by)) if group_by else None
            if isinstance(group, (dict, list)):
                continue
            seen = first.setdefault((group, str(value)), record)
            if seen is record:
                continue
            spot = seen.source.locate((*seen.pointer, key))
            found = hit(
                record,
                (key,),
                value=str(value),
                other_file=seen.source.display,
                other_line=spot.line,
                group=group,
            )
            yield Hit(
                found.source,
                found.pointer,
                found.record,
                found.fields,
                ((seen.source, (*seen.pointer, key)),),
            )
