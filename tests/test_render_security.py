"""Catalog text is text: markup, attribute breakers and script URLs in any field, code or
merge result never reach a page unescaped, never become a link, never run."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from compiler.build.artifacts import CommitmentLetter, MergedScenario
from compiler.render import paths
from compiler.render.site import render_site
from tests.test_render_support import FOOD, broken_links, load_fixture, merged_scenarios

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '" onmouseover="alert(1)'
URL = "javascript:alert(1)"
BREAKOUT = "</script><img src=x onerror=alert(1)>"
MARKDOWN = "[点此](javascript:alert(1)) | x |\n# 标题"
HOSTILE = f"{SCRIPT}{ATTRIBUTE} {URL}{BREAKOUT}{MARKDOWN}"
#: item codes that try to leave the directory, break an attribute or become a URL
HOSTILE_CODES = [URL, '" onmouseover=alert(1) x="', "</script><script>alert(1)", "../../x"]
RAW = [SCRIPT, '" onmouseover', "<img src=x", "<script>alert", "</script><"]


def _poison(value: Any, key: str = "") -> Any:
    """Every human-readable string gets the hostile text; keys and references stay valid."""
    readable = {
        "name",
        "label",
        "title",
        "place",
        "hours",
        "phone",
        "complaint_phone",
        "note",
        "commitment",
        "content",
        "standard",
        "document",
        "question",
        "detail",
        "basis",
        "visit_reason",
        "e_license",
        "region",
        "target",
        "object",
        "penalty",
    }
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if isinstance(value, str) and (key in readable or key in ("conditions", "process", "tags")):
        return value + HOSTILE
    return value


def _edit(data: Any) -> Any:
    data = _poison(copy.deepcopy(data))
    items = data.get("items") if isinstance(data, dict) else None
    if items and any(isinstance(i, dict) and i.get("code") == FOOD for i in items):
        food = next(i for i in items if i.get("code") == FOOD)
        items += [dict(food, code=code) for code in HOSTILE_CODES]
    if isinstance(data, dict) and "eligibility" in str(data):
        for benefit in items or []:
            benefit["eligibility"]["properties"][HOSTILE] = {"enum": [HOSTILE], "pattern": HOSTILE}
    return data


def _merged() -> dict[str, MergedScenario]:
    merged = {}
    for code, scenario in merged_scenarios().items():
        form = scenario.form
        sections = tuple(
            (
                name + HOSTILE,
                tuple(
                    dataclasses.replace(
                        f,
                        label=f.label + HOSTILE,
                        source_name=HOSTILE if f.source else None,
                        options=(*f.options, HOSTILE)[:1] if f.options else (),
                        situation=f.situation and HOSTILE,
                    )
                    for f in fields
                ),
            )
            for name, fields in form.sections
        )
        merged[code] = dataclasses.replace(
            scenario,
            form=dataclasses.replace(form, title=HOSTILE, sections=sections),
            materials=tuple(
                dataclasses.replace(m, name=m.name + HOSTILE, reason=HOSTILE)
                for m in scenario.materials
            ),
            commitment=CommitmentLetter(((HOSTILE, HOSTILE, HOSTILE),))
            if scenario.commitment
            else None,
        )
    return merged


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return render_site(load_fixture(_edit), _merged())


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if name in ("href", "src", "action", "formaction") and value is not None:
                if ":" in value.split("/")[0]:
                    self.problems.append(f"{name}={value!r} on <{tag}> has a scheme")
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag in ("iframe", "object", "embed", "base", "form"):
            self.problems.append(f"<{tag}>")


def test_hostile_text_is_shown_escaped(site: dict[str, bytes]) -> None:
    page = site[paths.item_page(FOOD)].decode()
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;alert(1) javascript:alert(1)"
        in page
    )
    markdown = site[paths.item_page(FOOD, ".md")].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;alert(1)" in markdown


@pytest.mark.parametrize("kind", ["html", "md", "json-in-html"])
def test_nothing_unescaped(site: dict[str, bytes], kind: str) -> None:
    for path, data in site.items():
        if path.endswith((".css", ".js", ".svg")):
            continue
        content = data.decode()
        if kind == "md" and path.endswith(".md"):
            for raw in RAW:
                assert raw not in content, (path, raw)
            assert not re.search(r"(?<!\\)\]\(javascript", content), path
            assert "\n# 标题" not in content, path
            for table in re.findall(r"(?:^\|.*\n)+", content, re.M):
                columns = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
                assert len(columns) == 1, (path, table)  # a value never adds a column
        if kind == "html" and path.endswith(".html"):
            for raw in RAW:
                assert raw not in content, (path, raw)
            tags = _Tags()
            tags.feed(content)
            assert tags.problems == [], path
            allowed = [
                {"src": "assets/search.js", "defer": None},
                {"id": "search-data", "type": "application/json"},
            ]
            assert tags.scripts in ([], allowed), (path, tags.scripts)
        if kind == "json-in-html" and path == paths.INDEX:
            blob = re.search(
                r'<script id="search-data" type="application/json">(.*?)</script>', content, re.S
            )
            assert blob is not None and "<" not in blob.group(1)
            entries = json.loads(blob.group(1))["entries"]
            assert {e["c"] for e in entries} >= set(HOSTILE_CODES)
            assert all(re.fullmatch(r"[A-Za-z0-9._%/-]+", e["h"]) for e in entries)


def test_hostile_codes_get_safe_pages_that_links_reach(site: dict[str, bytes]) -> None:
    for code in HOSTILE_CODES:
        page = paths.item_page(code)
        assert page in site and page.count("/") == 2, page
    assert not [path for path in site if ".." in path.split("/")]
    assert broken_links(site) == []
