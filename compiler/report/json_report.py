"""The JSON report: the public ``zwfw lint --format json`` contract (cli-contract.md, ``lint``).

It is also the reference reading of a finding: :func:`rule_title` and :func:`rule_basis` say
which title and 依据 (legal basis) a diagnostic carries, and every other format takes them from
here, so the formats never disagree about what a finding says.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from compiler.diagnostics import Diagnostic, LintResult, RuleMeta, Severity


def rule_title(diagnostic: Diagnostic, rules: Mapping[str, RuleMeta]) -> str:
    """The rule's Chinese title: the finding's own, else the rule table's, else ``""``."""
    if diagnostic.title:
        return diagnostic.title
    meta = rules.get(diagnostic.rule)
    return meta.title if meta else ""


def rule_basis(diagnostic: Diagnostic, rules: Mapping[str, RuleMeta]) -> str:
    """依据: the finding's own basis, else the rule's, else ``""``."""
    if diagnostic.basis:
        return diagnostic.basis
    meta = rules.get(diagnostic.rule)
    return meta.basis if meta else ""


def diagnostic_record(diagnostic: Diagnostic, rules: Mapping[str, RuleMeta]) -> dict[str, Any]:
    """One entry of ``diagnostics``, keys in the contract's order."""
    return {
        "rule": diagnostic.rule,
        "severity": diagnostic.severity.value,
        "file": diagnostic.file,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "item": diagnostic.item,
        "message": diagnostic.message,
        "basis": rule_basis(diagnostic, rules),
        "waived": diagnostic.waived,
        "related": [
            {"file": place.file, "line": place.line, "column": place.column}
            for place in diagnostic.related
        ],
    }


def summary_record(result: LintResult) -> dict[str, int]:
    """``summary``: severities count only findings that are not waived."""
    return {
        "error": result.count(Severity.ERROR),
        "warning": result.count(Severity.WARNING),
        "info": result.count(Severity.INFO),
        "waived": result.waived,
        "files": result.files,
        "items": result.items,
    }


def render_json(result: LintResult, rules: Mapping[str, RuleMeta], *, color: bool = False) -> str:
    """Exactly one JSON document, UTF-8 text kept readable (``ensure_ascii=False``)."""
    document = {
        "diagnostics": [diagnostic_record(d, rules) for d in result.diagnostics],
        "summary": summary_record(result),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
