"""Reporters: a lint result for people (text) and for machines (json, sarif, github, junit).

Each reporter is a plain function ``(result, rules, *, color=False) -> str``; the CLI picks one
from :data:`REPORTERS` by ``--format`` and writes the returned text as it is (every non-empty
output ends with a newline). ``rules`` maps rule ids to their :class:`RuleMeta` (title, 依据,
description, severity, group); a finding whose rule is missing from it still renders. Only the
text reporter uses ``color``; the machine formats ignore it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Protocol

from compiler.diagnostics import LintResult, RuleMeta


class Reporter(Protocol):
    def __call__(
        self, result: LintResult, rules: Mapping[str, RuleMeta], *, color: bool = False
    ) -> str: ...


class _OnUse:
    """A reporter imported when first called: a warm ``lint --format json`` answers in a few
    hundred milliseconds, and importing rich for the text report alone would be a tenth of it."""

    def __init__(self, module: str, function: str) -> None:
        self.module = module
        self.function = function

    def __call__(
        self, result: LintResult, rules: Mapping[str, RuleMeta], *, color: bool = False
    ) -> str:
        render: Reporter = getattr(importlib.import_module(self.module), self.function)
        return render(result, rules, color=color)


REPORTERS: dict[str, Reporter] = {
    "text": _OnUse("compiler.report.text", "render_text"),
    "json": _OnUse("compiler.report.json_report", "render_json"),
    "sarif": _OnUse("compiler.report.sarif", "render_sarif"),
    "github": _OnUse("compiler.report.github", "render_github"),
    "junit": _OnUse("compiler.report.junit", "render_junit"),
}

__all__ = ["REPORTERS", "Reporter"]
