"""Run the rules over a loaded catalog and turn hits into diagnostics."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from compiler.diagnostics import Diagnostic, Location, Severity
from compiler.lint.checks import Hit, load_checks
from compiler.lint.context import LintContext
from compiler.lint.fanout import findings_by_rule
from compiler.lint.messages import render
from compiler.lint.rules import Rule, RulebookError
from compiler.lint.waivers import Waivers
from compiler.load.locate import Pointer, pointer_text
from compiler.load.source import SourceFile

#: checks the engine itself carries out: loader problems and waivers
ENGINE_CHECKS = ("loader", "waivers")


def _fields(hit: Hit) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if hit.record is not None:
        fields.update(hit.record.data)
        fields.setdefault("code", hit.record.code)
        fields.setdefault("name", hit.record.label)
        if hit.record.district:
            fields.setdefault("district", hit.record.district)
    fields.update(hit.fields)
    return fields


def _location(source: SourceFile, pointer: Pointer) -> Location:
    spot = source.locate(pointer)
    return Location(source.display, spot.line, spot.column)


def to_diagnostic(rule: Rule, hit: Hit) -> Diagnostic:
    spot = hit.source.locate(hit.pointer)
    message = hit.message if hit.message is not None else render(rule.message, _fields(hit))
    return Diagnostic(
        rule=rule.id,
        severity=rule.severity,
        message=message,
        file=hit.source.display,
        line=spot.line,
        column=spot.column,
        basis=rule.basis,
        title=rule.title,
        item=hit.record.code if hit.record is not None else None,
        related=tuple(_location(source, pointer) for source, pointer in hit.related),
        pointer=pointer_text(hit.pointer),
    )


def load_diagnostics(sources: Iterable[SourceFile], rules: dict[str, Rule]) -> list[Diagnostic]:
    """yaml-syntax and file-too-large: problems the loader found."""
    found: list[Diagnostic] = []
    for source in sources:
        for problem in source.problems:
            rule = rules.get(problem.rule)
            if rule is None:
                continue
            found.append(
                Diagnostic(
                    rule=rule.id,
                    severity=rule.severity,
                    message=problem.message,
                    file=source.display,
                    line=problem.line,
                    column=problem.column,
                    basis=rule.basis,
                    title=rule.title,
                    related=tuple(
                        Location(source.display, line, column) for line, column in problem.related
                    ),
                )
            )
    return found


def run_rules(
    ctx: LintContext, rules: list[Rule], cache_dir: Path | None = None, *, fan_out: bool = True
) -> list[Diagnostic]:
    """Every rule's findings, waivers applied, sorted; ``cache_dir``: where the one-file
    rules keep their findings per file (:mod:`compiler.lint.local_cache`); ``fan_out``: a
    large catalog's rules may be split with a forked child."""
    run = [rule for rule in rules if rule.check not in ENGINE_CHECKS]
    checks = load_checks(rule.check for rule in run)
    by_id = {rule.id: rule for rule in rules}
    found = load_diagnostics(ctx.sources, by_id)
    waivers = Waivers(ctx)
    local = None
    if cache_dir is not None:
        from compiler.lint.local_cache import LOCAL_CHECKS, LocalFindings

        local = LocalFindings(cache_dir, ctx, [r for r in run if r.check in LOCAL_CHECKS])

    def findings(rule: Rule) -> list[Diagnostic]:
        check = checks.get(rule.check)
        if check is None:
            raise RulebookError(f"规则 {rule.id} 使用了未知的检查 {rule.check}")
        if local is not None and rule.id in local.rules:
            fresh = [to_diagnostic(rule, hit) for hit in check(local.context, rule)]
            return fresh + local.cached(rule.id)
        return [to_diagnostic(rule, hit) for hit in check(ctx, rule)]

    by_rule = findings_by_rule(ctx, run, findings, fan_out=fan_out)
    if local is not None:
        local.store(by_rule)
    for rule in run:  # waivers in rule order, whichever process found what
        found.extend(waivers.apply(diagnostic) for diagnostic in by_rule[rule.id])
    found.extend(waivers.findings(by_id))
    for source in ctx.sources:
        source.release()
    # a total order, so that where findings came from (cache, process, case order) never shows
    found.sort(key=_order)
    return _dedupe(found)


def _order(d: Diagnostic) -> tuple[Any, ...]:
    related = tuple((r.file, r.line, r.column) for r in d.related)
    return (*d.sort_key, d.pointer or "", d.item or "", related, d.waived)


def _dedupe(found: list[Diagnostic]) -> list[Diagnostic]:
    result: list[Diagnostic] = []
    seen: set[tuple[Any, ...]] = set()
    for diagnostic in found:
        key = (diagnostic.rule, diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message)
        if key not in seen:
            seen.add(key)
            result.append(diagnostic)
    return result


def threshold(name: str) -> Severity:
    return Severity(name)
