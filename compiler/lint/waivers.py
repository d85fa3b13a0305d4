"""Waivers (豁免) on items: a finding of a waived rule is reported as waived until the date.

An expired waiver no longer waives and is itself a ``waiver-expired`` finding; a waiver whose
rule did not fire on its item is a ``waiver-unused`` finding (only when that rule was run).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from compiler.diagnostics import Diagnostic
from compiler.lint.checks import Hit, hit
from compiler.lint.context import LintContext, as_date
from compiler.lint.records import Record
from compiler.lint.rules import Rule


@dataclass(slots=True)
class _Waiver:
    record: Record
    index: int
    rule: str
    expired: bool
    used: bool = False


class Waivers:
    def __init__(self, ctx: LintContext) -> None:
        self.by_item: dict[tuple[str, str], _Waiver] = {}
        self.all: list[_Waiver] = []
        self.fired: set[str] = set()
        for record in ctx.items.values():
            entries = record.data.get("waivers")
            if not isinstance(entries, list):
                continue
            for index, entry in enumerate(entries):
                if not isinstance(entry, dict) or not isinstance(entry.get("rule"), str):
                    continue
                until = as_date(entry.get("until"))
                expired = until is not None and until < ctx.today
                waiver = _Waiver(record, index, entry["rule"], expired)
                self.all.append(waiver)
                if record.code is not None:
                    self.by_item.setdefault((record.code, waiver.rule), waiver)

    def apply(self, diagnostic: Diagnostic, found: Hit) -> Diagnostic:
        self.fired.add(diagnostic.rule)
        if diagnostic.item is None:
            return diagnostic
        waiver = self.by_item.get((diagnostic.item, diagnostic.rule))
        if waiver is None:
            return diagnostic
        waiver.used = True
        if waiver.expired:
            return diagnostic
        return dataclasses.replace(diagnostic, waived=True)

    def findings(self, rules: dict[str, Rule]) -> Iterator[Diagnostic]:
        from compiler.lint.engine import to_diagnostic

        expired_rule = rules.get("waiver-expired")
        unused_rule = rules.get("waiver-unused")
        for waiver in self.all:
            where = ("waivers", waiver.index)
            entry = waiver.record.data["waivers"][waiver.index]
            if waiver.expired and expired_rule is not None:
                yield to_diagnostic(
                    expired_rule,
                    hit(waiver.record, (*where, "until"), waiver_rule=waiver.rule, until=entry.get("until")),
                )
            elif not waiver.used and unused_rule is not None and waiver.rule in rules:
                yield to_diagnostic(unused_rule, hit(waiver.record, (*where, "rule"), waiver_rule=waiver.rule))
