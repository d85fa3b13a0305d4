"""Waivers (豁免) on items: a finding of a waived rule is reported as waived until the date.

A waiver (``waivers: [{rule, reason, until, approved_by}]`` on a service item) matches the
findings of its ``rule`` whose ``item`` is the item's code — wherever they are (an
implementation entry restating the item has the same code). It never touches another rule's
findings, and the waiver rules' own findings cannot be waived.

- ``waiver-expired``: ``until`` is before today (``--today``). An expired waiver no longer
  waives; reported at ``until``.
- ``waiver-unused``: the waiver's rule ran and did not fire on the item, or the rule does not
  exist in the rulebook (a misspelt id waives nothing), or it is a waiver rule (which cannot be
  waived); reported at ``rule``. A waiver of a rule
  that was not run (``--select``, ``--ignore``, severity ``off``) is not judged. Of two waivers
  of one rule on one item the second is unused.

The rules' ``params.reasons`` give the words (``{not_fired, unknown, not_waivable}`` for
waiver-unused), and
the messages may use ``{waiver_rule}``, ``{until}``, ``{approved_by}``, ``{waiver_reason}`` and
``{reason}``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from compiler.diagnostics import Diagnostic
from compiler.lint.checks import hit
from compiler.lint.context import LintContext, as_date
from compiler.lint.records import Record
from compiler.lint.rules import Rule, RulebookError, RuleSet
from compiler.load.kinds import SERVICE_LISTS

WAIVER_RULES = ("waiver-expired", "waiver-unused")


@dataclass(slots=True)
class _Waiver:
    record: Record
    index: int
    entry: dict[str, Any]
    rule: str
    expired: bool
    used: bool = False

    @property
    def fields(self) -> dict[str, Any]:
        return {
            "waiver_rule": self.rule,
            "until": self.entry.get("until"),
            "approved_by": self.entry.get("approved_by"),
            "waiver_reason": self.entry.get("reason"),
        }


class Waivers:
    """The catalog's waivers: applied to each finding, then judged themselves."""

    def __init__(self, ctx: LintContext) -> None:
        self.by_item: dict[tuple[str, str], _Waiver] = {}
        self.all: list[_Waiver] = []
        for record in _items(ctx):
            entries = record.data.get("waivers")
            if not isinstance(entries, list) or record.code is None:
                continue
            for index, entry in enumerate(entries):
                if not isinstance(entry, dict) or not isinstance(entry.get("rule"), str):
                    continue
                until = as_date(entry.get("until"))
                expired = until is not None and until < ctx.today
                waiver = _Waiver(record, index, entry, entry["rule"].strip(), expired)
                self.all.append(waiver)
                self.by_item.setdefault((record.code, waiver.rule), waiver)

    def apply(self, diagnostic: Diagnostic, found: object = None) -> Diagnostic:
        """The finding, waived if an unexpired waiver of its rule is on its item."""
        if diagnostic.item is None or diagnostic.rule in WAIVER_RULES:
            return diagnostic
        waiver = self.by_item.get((diagnostic.item, diagnostic.rule))
        if waiver is None:
            return diagnostic
        waiver.used = True
        if waiver.expired:
            return diagnostic
        return dataclasses.replace(diagnostic, waived=True)

    def findings(self, rules: dict[str, Rule]) -> Iterator[Diagnostic]:
        """waiver-expired and waiver-unused, for the rules that were run."""
        from compiler.lint.engine import to_diagnostic

        expired_rule = rules.get("waiver-expired")
        unused_rule = rules.get("waiver-unused")
        known = known_rules(rules.values()) if unused_rule is not None else set()
        for waiver in self.all:
            where = ("waivers", waiver.index)
            if waiver.expired:
                if expired_rule is not None:
                    found = hit(waiver.record, (*where, "until"), **waiver.fields)
                    yield to_diagnostic(expired_rule, found)
                continue
            if unused_rule is None or waiver.used:
                continue
            if waiver.rule in WAIVER_RULES:
                kind = "not_waivable"
            elif waiver.rule not in known:
                kind = "unknown"
            elif waiver.rule in rules:
                kind = "not_fired"
            else:
                continue  # the rule was not run: nothing to say
            reasons = unused_rule.params.get("reasons") or {}
            reason = str(reasons.get(kind, ""))
            yield to_diagnostic(
                unused_rule, hit(waiver.record, (*where, "rule"), **waiver.fields, reason=reason)
            )


def _items(ctx: LintContext) -> Iterator[Record]:
    for kind in SERVICE_LISTS:
        yield from ctx.records.get(kind, ())


def known_rules(rules: Iterable[Rule]) -> set[str]:
    """Every rule id of the rulebooks the given rules come from (run or not)."""
    rules = list(rules)
    folders = tuple(sorted({str(Path(rule.source).parent) for rule in rules if rule.source}))
    return {rule.id for rule in rules} | _rulebook_ids(folders)


@lru_cache(maxsize=8)
def _rulebook_ids(folders: tuple[str, ...]) -> frozenset[str]:
    try:
        return frozenset(RuleSet.load(Path(folder) for folder in folders).rules)
    except (RulebookError, OSError):
        return frozenset()
