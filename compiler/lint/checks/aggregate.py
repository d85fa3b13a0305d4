"""``aggregate``: a record's number against a sum, maximum, minimum or count over the records it
names — e.g. a scenario's (一件事) promised days against the sum of its items' promised days.

Parameters (besides ``select``/``files``/``where``, and ``cases``):

- ``via`` + ``target``: where the record names the others (``items[*].code``) and which index
  they are in (``items``);
- ``of``: the path of the number in each named record (``time_limit.promised``);
- ``aggregate``: ``sum``, ``max``, ``min`` or ``count`` of those numbers;
- ``value``: the path of the record's own number (``promised_days``); where it is absent,
  ``default`` (``sum``, ``max``, ``min`` or ``count``) of the named numbers stands in for it
  (catalog-format §8: absent ⇒ the items' maximum); without ``default`` the record is skipped;
- ``op``: what must hold, ``value op aggregate`` (``<``, ``<=``, ``>``, ``>=``, ``==``, ``!=``);
- ``ignore_zero``: skip records whose aggregate is 0 (nothing to improve on);
- ``at``: where to report when ``value`` is absent (a key of the record; default its start);
- ``reasons``: ``{stated, default}`` — the hit's ``reason`` text when the record states its
  number and when the stand-in was used.

A record that names a code finding no record, or a record without a number at ``of``, is not
judged: the figure would be wrong, and the reference and schema rules report the cause. Each hit
carries ``value`` (the record's number, or the stand-in), ``aggregate``, ``count`` and ``reason``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected
from compiler.lint.paths import first, walk
from compiler.lint.records import Record
from compiler.lint.rules import RulebookError

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule

AGGREGATES: dict[str, Callable[[list[float]], float]] = {
    "sum": sum,
    "max": max,
    "min": min,
    "count": len,
}
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numbers(ctx: LintContext, record: Record, case: Any) -> list[float] | None:
    target = ctx.target(str(case["target"]))
    numbers: list[float] = []
    for _, code in walk(record.data, str(case["via"])):
        other = target.get(str(code)) if isinstance(code, (str, int)) else None
        if not isinstance(other, Record):
            return None
        number = first(other.data, str(case["of"]))
        if not _number(number):
            return None
        numbers.append(number)
    return numbers or None


@register("aggregate")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for case in cases(rule.params):
        op = str(case.get("op", "<="))
        how = str(case.get("aggregate", "sum"))
        default = case.get("default")
        needed = ("via", "target", "of", "value")
        if (
            op not in OPERATORS
            or how not in AGGREGATES
            or any(k not in case for k in needed)
            or (default is not None and str(default) not in AGGREGATES)
        ):
            raise RulebookError(
                f"规则 {rule.id}：aggregate 须给出 via、target、of、value、"
                "aggregate（sum/max/min/count）和 op"
            )
        for record in selected(ctx, case):
            numbers = _numbers(ctx, record, case)
            if numbers is None:
                continue
            total = AGGREGATES[how](numbers)
            if total == 0 and case.get("ignore_zero"):
                continue
            own = next(iter(walk(record.data, str(case["value"]))), None)
            if own is not None and _number(own[1]):
                rel, value = own
            elif own is None and default is not None:
                at = str(case.get("at") or "")
                rel = (at,) if at in record.data else ()
                value = AGGREGATES[str(default)](numbers)
            else:
                continue
            if OPERATORS[op](value, total):
                continue
            reasons = case.get("reasons") or {}
            reason = reasons.get("stated" if own is not None else "default", "")
            yield hit(record, rel, value=value, aggregate=total, count=len(numbers), reason=reason)
