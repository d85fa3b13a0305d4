"""The rules of a large catalog on two cores: half of them in a forked child.

Profile of ``zwfw lint`` on a nation-scale catalog (100,000 items): after the parse (already
parallel) the checks and the places of their findings took a fifth of the run on one core.
Rules are independent of each other — waivers are applied afterwards, in rule order, by the
engine — so a forked child (which shares the loaded catalog without copying it up front) runs
part of them and hands back their findings (``compiler.forked``).

Every rule's findings keep their own order, so the result is the same as one process gives.
Where fork is missing or unsafe (other threads may hold locks), the catalog is small, or
anything fails on either side, the rules simply run here, in order, as before — a rulebook
error is then raised for the first bad rule, exactly as without the fan-out.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

from compiler.diagnostics import Diagnostic
from compiler.forked import in_background

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule

#: below this many records one process is faster than forking
FANOUT_MIN_RECORDS = 10_000
#: rough relative cost of one rule of each check (profile of the city and nation catalogs)
COST = {
    "text-pattern": 3.0,
    "json-schema": 3.0,
    "reference": 1.5,
    "member": 1.5,
    "lookup": 1.5,
    "unique": 1.0,
    "uniform": 1.0,
    "compare": 0.6,
    "merge-conflict": 0.6,
    "predicate": 0.4,
}

Findings = Callable[["Rule"], list[Diagnostic]]


def _cost(rule: Rule) -> float:
    paths = sum(len(case.get("paths") or [None]) for case in rule.params.get("cases") or [{}])
    return COST.get(rule.check, 0.3) * (1 + 0.1 * paths)


def split(rules: list[Rule]) -> tuple[list[Rule], list[Rule]]:
    """Two halves of about equal cost (greedy, costliest first), each in rulebook order."""
    loads = [0.0, 0.0]
    halves: list[set[str]] = [set(), set()]
    for rule in sorted(rules, key=_cost, reverse=True):
        lighter = 0 if loads[0] <= loads[1] else 1
        halves[lighter].add(rule.id)
        loads[lighter] += _cost(rule)
    return (
        [r for r in rules if r.id in halves[0]],
        [r for r in rules if r.id in halves[1]],
    )


def _worth_forking(ctx: LintContext) -> bool:
    return sum(len(records) for records in ctx.records.values()) >= FANOUT_MIN_RECORDS


def _in_order(rules: list[Rule], findings: Findings) -> dict[str, list[Diagnostic]]:
    return {rule.id: findings(rule) for rule in rules}


def findings_by_rule(
    ctx: LintContext, rules: list[Rule], findings: Findings, *, fan_out: bool = True
) -> dict[str, list[Diagnostic]]:
    """Every rule's findings (before waivers), by rule id."""
    if not fan_out or len(rules) < 2 or not _worth_forking(ctx):
        return _in_order(rules, findings)
    here, there = split(rules)
    pending = in_background(lambda: {r.id: findings(r) for r in there})
    try:
        result = {r.id: findings(r) for r in here}
    except Exception:
        with suppress(Exception):
            pending()  # the child is waited for, never left behind
        return _in_order(rules, findings)  # the first bad rule in rulebook order raises
    try:
        result.update(pending())
    except Exception:
        return _in_order(rules, findings)
    return result
