"""``reference``: values at ``paths`` must name an existing record of ``target``
(or, with ``exists: false``, must not — e.g. an inline material named like a dictionary one).

Targets: departments, districts, data-sources, data-elements, materials, material-names, items,
active-items (items whose status is not 取消).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected
from compiler.lint.paths import walker
from compiler.lint.records import Record

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule


@register("reference")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for case in cases(rule.params):
        target_name = str(case["target"])
        target = ctx.target(target_name)
        must_exist = bool(case.get("exists", True))
        walkers = [walker(str(path)) for path in case.get("paths", [case.get("path")])]
        for record in selected(ctx, case):
            for run in walkers:
                for rel, value in run(record.data):
                    kind = type(value)
                    if kind is str:
                        key = value
                    elif isinstance(value, bool) or not isinstance(value, (str, int)):
                        continue
                    else:
                        key = str(value)
                    present = key in target
                    if present == must_exist:
                        continue
                    found = hit(record, rel, value=key, reason=_reason(ctx, target_name, key))
                    other = target.get(key) or (
                        ctx.items.get(key) if target_name == "active-items" else None
                    )
                    if isinstance(other, Record):
                        found = Hit(
                            found.source,
                            found.pointer,
                            found.record,
                            found.fields,
                            ((other.source, other.pointer),),
                        )
                    yield found


def _reason(ctx: LintContext, target: str, key: str) -> str:
    if target == "active-items" and key in ctx.items:
        return "已取消"
    return "不存在"
