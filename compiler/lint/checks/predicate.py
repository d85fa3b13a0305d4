"""``predicate``: a JSON Schema every selected record must satisfy; one hit per violation.

Parameters: ``select`` (record kinds), optional ``files``, ``where`` (JSON Schema filter),
``schema`` (what must hold), optional ``at`` (a path to report at instead of the violation's).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected, validator
from compiler.lint.schema_messages import title_at
from compiler.load.locate import get

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule


@register("predicate")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for case in cases(rule.params):
        test = validator(case["schema"])
        at = case.get("at")
        for record in selected(ctx, case):
            if test.is_valid(record.data):
                continue
            schema = ctx.schemas.get(record.kind.schema_file, {})
            seen: set[tuple[str | int, ...]] = set()
            for error in test.iter_errors(record.data):
                rel = tuple(error.instance_path) if at is None else tuple(
                    int(p) if p.isdigit() else p for p in str(at).split(".") if p
                )
                if rel in seen:
                    continue
                seen.add(rel)
                field = title_at(dict(schema), (*record.pointer, *rel)) if rel else record.label
                yield hit(record, rel, field=field, value=get(record.data, rel))
