"""The diff as one self-contained HTML page (styles inline, no scripts, no external files).

One Jinja ``Environment`` per rendering, autoescape always on and ``StrictUndefined``: catalog
text that contains HTML is shown as text, never as markup. The template is package data,
``compiler/render/templates/diff.html.j2``; a project may override it with a file of the same
name in its ``[tool.zwfw] templates`` directory.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from compiler.diff.labels import EFFECT_MARKS, KIND_TITLES, LIST_TITLES, show
from compiler.diff.model import SUMMARY_KINDS, DiffReport
from compiler.diff.views import (
    by_department,
    field_rows,
    headline,
    kind_note,
    reach,
    regressed,
    summary_rows,
)
from compiler.diff.views import title as page_title

TEMPLATES = Path(__file__).resolve().parent.parent / "render" / "templates"
TEMPLATE = "diff.html.j2"


def environment(override: Path | None = None) -> Environment:
    folders = [str(override)] if override is not None and override.is_dir() else []
    env = Environment(
        loader=FileSystemLoader([*folders, str(TEMPLATES)]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        show=show,
        rows=field_rows,
        kind_note=kind_note,
        reach=reach,
        effect_mark=lambda effect: EFFECT_MARKS[effect.value],
        kind_title=lambda kind: KIND_TITLES.get(kind, kind),
        list_title=lambda name: LIST_TITLES.get(name, name),
    )
    return env


def render_html(report: DiffReport, *, color: bool = False, templates: Path | None = None) -> str:
    template = environment(templates).get_template(TEMPLATE)
    return template.render(
        report=report,
        title=page_title(report),
        headline=headline(report),
        kinds=[KIND_TITLES[k] for k in SUMMARY_KINDS],
        summary=summary_rows(report),
        regressed=regressed(report),
        departments=by_department(report),
    )
