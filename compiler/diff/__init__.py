"""``zwfw diff``: what changed between two catalog versions (年度版本变更), and for whom.

Renderers are plain functions ``(report, *, color=False) -> str``, picked from
:data:`RENDERERS` by ``--format``; only the text renderer uses ``color``. Each renderer's
module is imported when it is used: the HTML one brings Jinja, the text one rich (≈70 ms of
a diff that prints JSON).
"""

from __future__ import annotations

import json
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from compiler.diff.model import DiffReport


class Renderer(Protocol):
    def __call__(self, report: DiffReport, *, color: bool = False) -> str: ...


def render_json(report: DiffReport, *, color: bool = False) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


def _on_use(name: str) -> Renderer:
    """``compiler.diff.render_<name>.render_<name>``, imported at its first call."""

    def render(report: DiffReport, *, color: bool = False) -> str:
        found: Renderer = getattr(import_module(f"compiler.diff.render_{name}"), f"render_{name}")
        return found(report, color=color)

    render.__name__ = render.__qualname__ = f"render_{name}"
    return render


RENDERERS: dict[str, Renderer] = {
    "text": _on_use("text"),
    "json": render_json,
    "markdown": _on_use("markdown"),
    "html": _on_use("html"),
}

__all__ = ["RENDERERS", "Renderer", "render_json"]
