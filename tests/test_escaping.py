"""Escaping: hostile text in every string field of a catalog that still lints clean reaches the
published files only as text — no element, attribute or script URL in HTML, no formula in a
CSV, Markdown or XLSX cell, JSON by a serializer; the diff page and the consistency report too.

The catalog is tests/fixtures/compile with every free-text value wrapped in hostile payloads
and every identifier (department ids, district names, item codes) renamed consistently to one
that carries a payload as well; lint must find no error in it, so compile writes everything.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from itertools import cycle
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from compiler.load.yaml12 import parse

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "compile" / "catalog"
TODAY = "2025-06-01"

#: every payload at once: markup, attribute breakers, a canary element, script URLs, a template
#: expression, comment and script closers, a Markdown link
MARKUP = (
    '<script>alert(1)</script>"><img src=x onerror=alert(1)><zwfw-canary a=1>'
    "javascript:alert(1) {{7*7}} </script> --> [点此](javascript:alert(1)) `x` | * _"
)
#: what a spreadsheet would run if a cell began with it
FORMULAS = ['=HYPERLINK("http://x.example","点我")', "+1", "-2", "@SUM(1)"]
#: keys whose values are identifiers, enums, dates, phone numbers or references: kept as they
#: are (identifiers are renamed consistently below instead)
KEEP = {
    "code", "region_code", "effective_date", "department", "id", "level", "levels", "issuer",
    "applies_to", "domain", "material", "key", "type", "channels", "phone", "complaint_phone",
    "form", "element", "filing_timing", "kind", "necessity", "origin", "reason", "scope",
    "status", "agency", "district", "checks", "tolerance", "issued_by", "data_sources", "mode",
    "from", "to", "required", "adds", "lead", "partners", "lists", "until", "rule", "source",
    "shared_by", "select", "departments", "types", "method", "version", "form_type",
}  # fmt: skip
#: identifiers renamed everywhere they occur, each to a name carrying a payload
RENAMES = {
    "scjgw": 'scjgw"><svg onload=alert(1)>',
    "东丽区": "东丽区<script>alert(1)</script>",
    "和平区": "和平区--><zwfw-canary>",
    "000117001000": '000117001000"><img src=x onerror=alert(1)>',
    "YJS-KDY": "YJS-KDY<zwfw-canary>",
}
UNSAFE_STARTS = ("=", "+", "-", "@", "\t", "\r")


def poison(value: Any, prefixes: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        if key == "properties":  # eligibility: property names are data-element keys
            return {k: poison(v, prefixes, "") for k, v in value.items()}
        return {k: poison(v, prefixes, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, prefixes, key) for v in value]
    if isinstance(value, str):
        if value in RENAMES:
            return RENAMES[value]
        if key in KEEP or not key:
            return value
        return f"{next(prefixes)}{value}{MARKUP}"
    return value


def write_catalog(target: Path) -> None:
    prefixes = cycle(FORMULAS)
    for path in sorted(FIXTURE.rglob("*.yaml")):
        data = parse(path.read_text("utf-8")).data
        data = poison(copy.deepcopy(data), prefixes)
        out = target / path.relative_to(FIXTURE)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def zwfw(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The poisoned catalog compiled (a project in a temporary folder); lint finds no error."""
    root = tmp_path_factory.mktemp("escaping")
    (root / "pyproject.toml").write_text('[tool.zwfw]\ncatalog = "catalog"\n', "utf-8")
    write_catalog(root / "catalog")
    linted = zwfw("lint", "--format", "json", "--today", TODAY, cwd=root)
    report = json.loads(linted.stdout)
    errors = [
        (d["rule"], d["file"], d["message"])
        for d in report["diagnostics"]
        if d["severity"] == "error"
    ]
    assert errors == []
    assert report["summary"]["warning"] > 0  # the consistency report has findings to show
    done = zwfw("compile", "--today", TODAY, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def test_the_payloads_reached_the_catalog_values(site: Path) -> None:
    text = "".join(p.read_text("utf-8") for p in (site / "catalog").rglob("*.yaml"))
    assert text.count("zwfw-canary") > 50
    for formula in FORMULAS:
        assert formula.split("(")[0] in text


# ---- HTML ---------------------------------------------------------------------------------


class Page(HTMLParser):
    """Everything html.parser sees in a page: elements with their attributes, text, comments
    and the contents of scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        else:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}


def check_page(html: str, name: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    for tag, attrs in page.elements:
        assert tag != "zwfw-canary", (name, tag, attrs)
        assert (tag, ("src", "x")) not in [(tag, a) for a in attrs], (name, tag, attrs)
        for attribute, value in attrs:
            assert not attribute.startswith("on"), (name, tag, attribute, value)
            assert attribute not in ("a", "x"), (name, tag, attribute)
            if attribute in URL_ATTRIBUTES and value is not None:
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (name, value)
    for comment in page.comments:
        assert "alert" not in comment and "zwfw-canary" not in comment, (name, comment)
    for attrs, body in page.scripts:
        if (attrs.get("type") or "").endswith("json"):
            json.loads(body)  # a JSON island stays JSON: no catalog text closed it early
        else:
            assert "alert(1)" not in body and "zwfw-canary" not in body, (name, body[:200])
    return page


def test_every_page_shows_the_payloads_as_text(site: Path) -> None:
    pages = sorted((site / "generated").rglob("*.html"))
    assert len(pages) > 10
    shown = 0
    for path in pages:
        page = check_page(path.read_text("utf-8"), path.name)
        shown += "<zwfw-canary a=1>" in "".join(page.text)
    assert shown >= len(pages) - 2  # the payload is on (nearly) every page, as text
    item = next((site / "generated" / "guides" / "items").glob("*.html"))
    assert "{{7*7}}" in "".join(check_page(item.read_text("utf-8"), item.name).text)


def test_the_consistency_report_page(site: Path) -> None:
    path = site / "generated" / "reports" / "consistency.html"
    page = check_page(path.read_text("utf-8"), path.name)
    assert "<zwfw-canary a=1>" in "".join(page.text) or "alert(1)" in "".join(page.text)


def test_the_diff_page(site: Path) -> None:
    """The year-on-year diff as HTML, between the clean catalog and the poisoned one."""
    clean = site / "clean"
    if not clean.exists():
        shutil.copytree(FIXTURE, clean)
    done = zwfw("diff", "clean", "catalog", "--format", "html", cwd=site)
    assert done.returncode == 0, done.stderr
    page = check_page(done.stdout, "diff.html")
    assert "zwfw-canary" in "".join(page.text)
    markdown = zwfw("diff", "clean", "catalog", "--format", "markdown", cwd=site)
    assert markdown.returncode == 0, markdown.stderr
    check_markdown(markdown.stdout, "diff.md")


# ---- tables and other files ---------------------------------------------------------------


def test_csv_cells_are_neutralized(site: Path) -> None:
    files = sorted((site / "generated").rglob("*.csv"))
    assert files
    hostile = 0
    for path in files:
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
        for row in rows:
            for cell in row:
                assert not cell.startswith(UNSAFE_STARTS), (path.name, cell[:80])
                hostile += cell.startswith("'") and cell[1:].startswith(UNSAFE_STARTS)
    assert hostile > 0


def check_markdown(text: str, name: str) -> None:
    """No markup and no link from catalog text, no cell a spreadsheet would run. A code span
    shows its content literally (backticks cannot occur inside one: they became quotes)."""
    text = re.sub(r"(?<!\\)`[^`\n]*`", "`…`", text)
    # a backslash-escaped "<" is a literal character in CommonMark, never the start of a tag
    assert not re.search(r"(?<!\\)<(script|img|zwfw|svg)", text), name
    assert not re.search(r"(?<!\\)\]\((?:javascript|data):", text), name
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            for cell in cells:
                assert not cell.startswith(("=", "+", "@")), (name, cell[:80])
                assert not re.match(r"-(?!-*:?$)", cell), (name, cell[:80])  # not a ---: rule


def test_markdown_is_text(site: Path) -> None:
    files = sorted((site / "generated").rglob("*.md"))
    assert files
    for path in files:
        check_markdown(path.read_text("utf-8"), path.name)


def test_xlsx_cells_are_text_and_neutralized(site: Path) -> None:
    files = sorted((site / "generated").rglob("*.xlsx"))
    assert files
    for path in files:
        workbook = openpyxl.load_workbook(path)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, cell.coordinate)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(UNSAFE_STARTS), (
                            path.name,
                            cell.value[:80],
                        )


def test_json_outputs_are_json_with_the_text_intact(site: Path) -> None:
    files = sorted((site / "generated").rglob("*.json"))
    assert files
    carried = 0
    for path in files:
        carried += sum(MARKUP in text for text in strings(json.loads(path.read_text("utf-8"))))
    assert carried > 0


def strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []
