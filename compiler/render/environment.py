"""The one Jinja environment of a render: strict, autoescaping HTML, overridable templates.

Templates are ``*.html.j2`` (autoescaped) and ``*.md.j2`` (not: their values go through the
``md`` filter instead). A project may override any template or asset by putting a file of the
same name in its template directory, which is searched before the package's own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup, escape

from compiler.render.eligibility import number
from compiler.render.printing import PrintingEnvironment

#: C0/C1 control characters except tab and newline, and the Unicode line separators
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
#: characters with a meaning inside a Markdown line or table, escaped with a backslash
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")
#: what would start a heading or a list if a value began a line, and what a spreadsheet would
#: read as a formula at the start of a table cell (``\=`` still renders as ``=``)
_BLOCK_MARK = re.compile(r"^([#=+\-@])")
_ORDERED_MARK = re.compile(r"^(\d+)([.)])(?=\s|$)")
#: how JSON text may still write a character inside a string, and how it is written here
_JSON_ESCAPE = re.compile(r'\\\\|\\"|[<>&\'\u2028\u2029]')


def clean(value: Any) -> str:
    """Text without control characters (they have no place in a published page)."""
    text = value if type(value) is str else str(value)
    # printable text has none of them (every character _CONTROL matches is unprintable)
    return text if text.isprintable() else _CONTROL.sub("", text)


#: markdown_text of each text seen: a render asks for the same few texts again and again
#: (390,000 calls for 49,000 texts on a city catalog); emptied when it grows too large
_MARKDOWN_SEEN: dict[str, str] = {}
_MARKDOWN_SEEN_MAX = 200_000


def markdown_text(value: Any) -> str:
    """Catalog text for a Markdown page: no control characters, HTML special characters as
    entities (a Markdown renderer passes raw HTML through), Markdown punctuation escaped so
    that text can neither form a link nor break a table, and one line."""
    if type(value) is not str:
        return _markdown_text(value)
    done = _MARKDOWN_SEEN.get(value)
    if done is None:
        if len(_MARKDOWN_SEEN) >= _MARKDOWN_SEEN_MAX:
            _MARKDOWN_SEEN.clear()
        done = _MARKDOWN_SEEN[value] = _markdown_text(value)
    return done


def _markdown_text(value: Any) -> str:
    text = " ".join(str(escape(clean(value))).split())
    text = _MARKDOWN.sub(r"\\\1", text)
    text = _BLOCK_MARK.sub(r"\\\1", text)
    return _ORDERED_MARK.sub(r"\1\\\2", text)


def _json_escape(match: re.Match[str]) -> str:
    found = match.group()
    if found == "\\\\":
        return found
    return "\\u0022" if found == '\\"' else f"\\u{ord(found):04x}"


def json_for_script(data: Any) -> Markup:
    """``data`` as JSON that is safe inside ``<script type="application/json">``: ``<``,
    ``>``, ``&``, quotes and line separators in strings are ``\\uXXXX`` escapes, so no catalog
    text can close the element or be mistaken for markup by a naive scanner."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(_JSON_ESCAPE.sub(_json_escape, text))


def _days(value: int) -> str:
    return f"{value} 个工作日"


def _copies(original: int, copy: int) -> str:
    parts = [f"原件 {original} 份" if original else "", f"复印件 {copy} 份" if copy else ""]
    return "，".join(part for part in parts if part) or "—"


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def make_environment(templates: Path | None = None) -> Environment:
    """A fresh environment: the override directory (if any) first, then the package's."""
    package: BaseLoader = PackageLoader("compiler.render", "templates")
    loader: BaseLoader = (
        ChoiceLoader([FileSystemLoader(str(templates)), package]) if templates else package
    )
    env = PrintingEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=select_autoescape(
            enabled_extensions=("html", "html.j2", "htm", "xml"),
            disabled_extensions=("md", "md.j2", "txt"),
            default_for_string=True,
            default=True,
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # fresh for each render: no template changes while it lives
    )
    env.finalize = _finalize
    env.filters.update(
        md=markdown_text,
        clean=clean,
        num=number,
        days=_days,
        copies=_copies,
        yes_no=_yes_no,
        json_script=json_for_script,
    )
    return env


def _finalize(value: Any) -> Any:
    """Every printed value loses its control characters (markup built by templates is kept)."""
    if type(value) is str:  # the common case first (Markup is a str subclass: kept below)
        return value if value.isprintable() else _CONTROL.sub("", value)
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return clean(value)
    return value


def asset(env: Environment, name: str) -> bytes:
    """A static asset (CSS, JS, SVG) as shipped or overridden, byte for byte."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, f"assets/{name}")
    return source.encode()
