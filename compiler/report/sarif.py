"""The SARIF 2.1.0 report, for GitHub code scanning and other SARIF viewers.

One run; the driver's rules table lists exactly the rules that occur in the results (sorted by
id, so ``ruleIndex`` is stable), a minimal entry for ids the rule table does not know. Waived
findings carry an ``external`` suppression (the waiver lives in the item's ``waivers``), and
``partialFingerprints`` carries the diagnostic's line-independent fingerprint so alerts follow
an item when lines move.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from typing import Any
from urllib.parse import quote

from compiler import __version__
from compiler.diagnostics import Diagnostic, LintResult, Location, RuleMeta, Severity
from compiler.report.json_report import rule_basis, rule_title

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "zwfw"
FINGERPRINT_KEY = "zwfw/v1"
WAIVER_JUSTIFICATION = "该事项的 waivers（豁免）中登记了对此规则的豁免"

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:/")


@cache
def information_uri() -> str | None:
    """The project's home page from the installed package's metadata, if it names one."""
    try:
        meta = metadata.metadata(TOOL_NAME)
    except metadata.PackageNotFoundError:
        return None
    urls = [str(entry).partition(",")[2].strip() for entry in meta.get_all("Project-URL") or []]
    urls.append(str(meta["Home-page"] or "").strip())
    return next((url for url in urls if url), None)


def artifact_uri(file: str) -> str:
    """A URI reference for a path: forward slashes, percent-encoded, relative stays relative."""
    path = file.replace("\\", "/")
    if _WINDOWS_DRIVE.match(path):
        return "file:///" + quote(path, safe="/:")
    if path.startswith("//"):  # UNC share: //server/share/…
        return "file:" + quote(path)
    if path.startswith("/"):
        return "file://" + quote(path)
    return quote(path)  # also encodes ":" so a first segment is never read as a scheme


def message_text(text: str) -> str:
    """SARIF message strings double literal braces (§3.11.5: ``{0}`` is a placeholder)."""
    return text.replace("{", "{{").replace("}", "}}")


def _link_text(text: str) -> str:
    """Link text of an embedded link escapes ``\\``, ``[`` and ``]`` (§3.11.6)."""
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def _physical(file: str, line: int, column: int) -> dict[str, Any]:
    return {
        "artifactLocation": {"uri": artifact_uri(file)},
        "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
    }


def rule_descriptor(rule_id: str, meta: RuleMeta | None, title: str) -> dict[str, Any]:
    """The rules-table entry: full for a known rule, minimal for an unknown id."""
    if meta is None:
        return {"id": rule_id, "name": rule_id, "shortDescription": {"text": title or rule_id}}
    short = meta.title or rule_id
    help_parts = [f"依据：{meta.basis}"] if meta.basis else []
    if meta.description:
        help_parts.append(meta.description)
    properties: dict[str, Any] = {"group": meta.group}
    if meta.group:
        properties["tags"] = [meta.group]
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": meta.description or short},
        "help": {"text": "\n\n".join(help_parts) or short},
        "defaultConfiguration": {"level": LEVEL[meta.severity]},
        "properties": properties,
    }


def sarif_result(
    diagnostic: Diagnostic, rule_index: int, rules: Mapping[str, RuleMeta]
) -> dict[str, Any]:
    """One result; related places become relatedLocations linked from the message."""
    d = diagnostic
    text = message_text(d.message or rule_title(d, rules) or d.rule)
    entry: dict[str, Any] = {
        "ruleId": d.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[d.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": _physical(d.file, d.line, d.column)}],
    }
    if d.related:
        links = "、".join(
            f"[{_link_text(_place(place))}]({number})"
            for number, place in enumerate(d.related, start=1)
        )
        entry["message"]["text"] = f"{text}\n另见 {links}"
        entry["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": _physical(place.file, place.line, place.column),
                "message": {"text": message_text(f"另见 {_place(place)}")},
            }
            for number, place in enumerate(d.related, start=1)
        ]
    if d.waived:
        entry["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": WAIVER_JUSTIFICATION}
        ]
    entry["partialFingerprints"] = {FINGERPRINT_KEY: d.fingerprint}
    entry["properties"] = {"item": d.item, "basis": rule_basis(d, rules)}
    return entry


def _place(place: Location) -> str:
    return f"{place.file}:{place.line}:{place.column}"


def sarif_log(result: LintResult, rules: Mapping[str, RuleMeta]) -> dict[str, Any]:
    """The whole SARIF log as a JSON-ready dict."""
    titles: dict[str, str] = {}
    for d in result.diagnostics:
        titles.setdefault(d.rule, d.title)
    rule_ids = sorted(titles)
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    driver: dict[str, Any] = {"name": TOOL_NAME}
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["version"] = __version__
    driver["rules"] = [rule_descriptor(r, rules.get(r), titles[r]) for r in rule_ids]
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [sarif_result(d, index[d.rule], rules) for d in result.diagnostics],
    }
    # §3.13.2: "version" SHOULD come first.
    return {"version": SARIF_VERSION, "$schema": SARIF_SCHEMA, "runs": [run]}


def render_sarif(result: LintResult, rules: Mapping[str, RuleMeta], *, color: bool = False) -> str:
    return json.dumps(sarif_log(result, rules), ensure_ascii=False, indent=2) + "\n"
