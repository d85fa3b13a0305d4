"""Reporters: a lint result for people (text) and for machines (json, sarif, github, junit).

Each reporter is a plain function ``(result, rules, *, color=False) -> str``; the CLI picks one
from :data:`REPORTERS` by ``--format`` and writes the returned text as it is (every non-empty
output ends with a newline). ``rules`` maps rule ids to their :class:`RuleMeta` (title, 依据,
description, severity, group); a finding whose rule is missing from it still renders. Only the
text reporter uses ``color``; the machine formats ignore it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from compiler.diagnostics import LintResult, RuleMeta
from compiler.report.github import render_github
from compiler.report.json_report import render_json
from compiler.report.junit import render_junit
from compiler.report.sarif import render_sarif
from compiler.report.text import render_text


class Reporter(Protocol):
    def __call__(
        self, result: LintResult, rules: Mapping[str, RuleMeta], *, color: bool = False
    ) -> str: ...


REPORTERS: dict[str, Reporter] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "junit": render_junit,
}

__all__ = ["REPORTERS", "Reporter"]
