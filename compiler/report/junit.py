"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines).

One testsuite “zwfw lint”; one testcase per file with findings (``classname`` = the file), a
``<failure>`` per error or warning, and the 提示 and waived findings in ``<system-out>`` (they
never fail). A clean run is one passing testcase ``catalog``, so runners still see a test.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from compiler.diagnostics import Diagnostic, LintResult, RuleMeta, Severity
from compiler.report.json_report import rule_basis, rule_title

SUITE_NAME = "zwfw lint"
CLEAN_CASE = "catalog"

# Characters XML 1.0 cannot carry at all (C0 controls but TAB/LF/CR, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry: the rest becomes U+FFFD (ElementTree escapes ``<``, ``&``…)."""
    return _NOT_XML.sub("\ufffd", text)


def _fails(diagnostic: Diagnostic) -> bool:
    return not diagnostic.waived and diagnostic.severity is not Severity.INFO


def _details(diagnostic: Diagnostic, rules: Mapping[str, RuleMeta]) -> str:
    d = diagnostic
    title = rule_title(d, rules)
    lines = [f"{d.line}:{d.column}  {d.severity.label}  {d.rule}  {title}".rstrip()]
    if d.waived:
        lines[0] += "  （已豁免）"
    lines.append(d.message)
    if d.item:
        lines.append(f"事项：{d.item}")
    basis = rule_basis(d, rules)
    if basis:
        lines.append(f"依据：{basis}")
    lines.extend(f"另见 {p.file}:{p.line}:{p.column}" for p in d.related)
    return "\n".join(lines)


def testcase(file: str, diagnostics: list[Diagnostic], rules: Mapping[str, RuleMeta]) -> ET.Element:
    """The testcase of one file: its failures, then the rest as system-out."""
    case = ET.Element("testcase", {"name": xml_text(file), "classname": xml_text(file)})
    quiet: list[str] = []
    for d in diagnostics:
        if _fails(d):
            failure = ET.SubElement(
                case, "failure", {"type": xml_text(d.rule), "message": xml_text(d.message)}
            )
            failure.text = xml_text(_details(d, rules))
        else:
            quiet.append(_details(d, rules))
    if quiet:
        ET.SubElement(case, "system-out").text = xml_text("\n\n".join(quiet))
    return case


def junit_tree(result: LintResult, rules: Mapping[str, RuleMeta]) -> ET.Element:
    """``<testsuites>`` holding the one testsuite; counts are of testcases."""
    by_file: dict[str, list[Diagnostic]] = {}
    for d in result.diagnostics:
        by_file.setdefault(d.file, []).append(d)
    cases = [testcase(file, found, rules) for file, found in by_file.items()]
    if not cases:
        cases = [ET.Element("testcase", {"name": CLEAN_CASE, "classname": CLEAN_CASE})]
    failures = sum(1 for case in cases if case.find("failure") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": SUITE_NAME, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE_NAME, **counts})
    properties = ET.SubElement(suite, "properties")
    for name, value in (("files", result.files), ("items", result.items)):
        ET.SubElement(properties, "property", {"name": name, "value": str(value)})
    suite.extend(cases)
    return root


def render_junit(result: LintResult, rules: Mapping[str, RuleMeta], *, color: bool = False) -> str:
    root = junit_tree(result, rules)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
