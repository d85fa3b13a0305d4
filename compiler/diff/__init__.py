"""``zwfw diff``: what changed between two catalog versions (年度版本变更), and for whom.

Renderers are plain functions ``(report, *, color=False) -> str``, picked from
:data:`RENDERERS` by ``--format``; only the text renderer uses ``color``.
"""

from __future__ import annotations

import json
from typing import Protocol

from compiler.diff.model import DiffReport
from compiler.diff.render_html import render_html
from compiler.diff.render_markdown import render_markdown
from compiler.diff.render_text import render_text


class Renderer(Protocol):
    def __call__(self, report: DiffReport, *, color: bool = False) -> str: ...


def render_json(report: DiffReport, *, color: bool = False) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}

__all__ = ["RENDERERS", "Renderer", "render_json"]
