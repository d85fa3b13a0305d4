"""A lint result and its rules as plain values (for ``marshal``), and back, field by field."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from compiler.diagnostics import Diagnostic, LintResult, Location, RuleMeta, Severity

_DIAGNOSTIC = tuple(f.name for f in dataclasses.fields(Diagnostic))
_RULE = tuple(f.name for f in dataclasses.fields(RuleMeta))


def _plain(value: Any) -> Any:
    if isinstance(value, Severity):
        return value.value
    if isinstance(value, tuple):  # related locations
        return [(loc.file, loc.line, loc.column) for loc in value]
    return value


def lint_rows(result: LintResult, rules: Mapping[str, RuleMeta]) -> tuple[Any, ...]:
    diagnostics = [
        tuple(_plain(getattr(d, name)) for name in _DIAGNOSTIC) for d in result.diagnostics
    ]
    metas = [tuple(_plain(getattr(m, name)) for name in _RULE) for m in rules.values()]
    return (_DIAGNOSTIC, _RULE, diagnostics, result.files, result.items, metas)


def lint_from_rows(rows: Any) -> tuple[LintResult, dict[str, RuleMeta]]:
    names, rule_names, diagnostics, files, items, metas = rows
    if tuple(names) != _DIAGNOSTIC or tuple(rule_names) != _RULE:
        raise ValueError("stored with other fields")
    found: list[Diagnostic] = []
    for row in diagnostics:
        values = dict(zip(_DIAGNOSTIC, row, strict=True))
        values["severity"] = Severity(values["severity"])
        values["related"] = tuple(Location(*loc) for loc in values["related"])
        found.append(Diagnostic(**values))
    rules: dict[str, RuleMeta] = {}
    for row in metas:
        values = dict(zip(_RULE, row, strict=True))
        values["severity"] = Severity(values["severity"])
        rules[values["id"]] = RuleMeta(**values)
    return LintResult(diagnostics=found, files=files, items=items), rules
