"""GitHub Actions workflow commands: one annotation per finding, nothing else.

``::error file=F,line=L,col=C,title=RULE 标题::message（依据：basis）``; warnings are ``::warning``,
提示 and waived findings ``::notice`` (the latter titled “（已豁免）”), so a waived finding is seen
on the pull request but never looks like a failure.
"""

from __future__ import annotations

from collections.abc import Mapping

from compiler.diagnostics import Diagnostic, LintResult, RuleMeta, Severity
from compiler.report.json_report import rule_basis, rule_title

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message as the Actions runner expects (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, and also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic, rules: Mapping[str, RuleMeta]) -> str:
    """The workflow command line for one finding."""
    d = diagnostic
    command = "notice" if d.waived else COMMAND[d.severity]
    title = rule_title(d, rules)
    heading = f"{d.rule} {title}" if title else d.rule
    if d.waived:
        heading += "（已豁免）"
    message = d.message
    basis = rule_basis(d, rules)
    if basis:
        message += f"（依据：{basis}）"
    for place in d.related:
        message += f"\n另见 {place.file}:{place.line}:{place.column}"
    properties = ",".join(
        f"{name}={escape_property(value)}"
        for name, value in (
            ("file", d.file),
            ("line", str(d.line)),
            ("col", str(d.column)),
            ("title", heading),
        )
    )
    return f"::{command} {properties}::{escape_data(message)}"


def render_github(result: LintResult, rules: Mapping[str, RuleMeta], *, color: bool = False) -> str:
    return "".join(annotation(d, rules) + "\n" for d in result.diagnostics)
