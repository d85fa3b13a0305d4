"""``compare``: a relation between two values of a record must hold.

Parameters (besides ``select``/``files``/``where``, and ``cases``):

- ``left``: a path to a single value (``time_limit.promised``);
- ``op``: ``==``, ``!=``, ``<``, ``<=``, ``>`` or ``>=`` — what must hold;
- ``right``: a path to the other value, *or* ``value``: a constant;
- ``at``: ``left`` (the default) or ``right``: where the finding is reported; the other place
  is given as the related location.

A record where either value is missing, or where the two cannot be ordered (text against
number), is not judged: the ``schema`` rule reports such values. Each hit carries ``left`` and
``right`` (the two values) and ``field`` (the reported key's Chinese title).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected
from compiler.lint.paths import walk
from compiler.lint.rules import RulebookError
from compiler.lint.schema_messages import title_at
from compiler.load.locate import Pointer

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _one(data: Any, path: str) -> tuple[Pointer, Any] | None:
    for rel, value in walk(data, path):
        if value is not None:
            return rel, value
    return None


def _comparable(left: Any, right: Any) -> bool:
    def sort(value: Any) -> str:
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, (int, float)):
            return "number"
        return type(value).__name__

    return sort(left) == sort(right) and not isinstance(left, (dict, list))


def holds(op: str, left: Any, right: Any) -> bool | None:
    """Whether ``left op right``; None when the values cannot be compared."""
    if not _comparable(left, right):
        return None
    if isinstance(left, str):
        left, right = left.strip(), str(right).strip()
    return OPERATORS[op](left, right)


@register("compare")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for case in cases(rule.params):
        op = str(case.get("op", "=="))
        if op not in OPERATORS or "left" not in case or ("right" in case) == ("value" in case):
            raise RulebookError(
                f"规则 {rule.id}：compare 须给出 left、op（{' '.join(OPERATORS)}）和 right 或 value"
            )
        for record in selected(ctx, case):
            left = _one(record.data, str(case["left"]))
            if "right" in case:
                right = _one(record.data, str(case["right"]))
            else:
                right = ((), case["value"])
            if left is None or right is None or holds(op, left[1], right[1]) is not False:
                continue
            spot, other = (left, right) if case.get("at", "left") == "left" else (right, left)
            schema = dict(ctx.schemas.get(record.kind.schema_file, {}))
            found = hit(
                record,
                spot[0],
                left=left[1],
                right=right[1],
                field=title_at(schema, (*record.pointer, *spot[0])),
            )
            related = ((record.source, (*record.pointer, *other[0])),) if other[0] else ()
            yield Hit(found.source, found.pointer, found.record, found.fields, related)
