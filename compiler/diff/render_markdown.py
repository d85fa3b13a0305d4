"""The diff as GitHub-flavoured markdown: a pull-request comment and the 年度版本变更说明.

Summary table per list, the regressions, then the changes grouped by department (regressions
first), then 材料目录/数据元目录 and 区级实施清单. Catalog text is escaped for tables and
for HTML: ``|`` becomes ``\\|``, ``<`` ``>`` ``&`` become entities, line breaks become spaces,
so nothing a catalog says can break the table or inject markup.
"""

from __future__ import annotations

import re

from compiler.diff.labels import EFFECT_MARKS, KIND_TITLES, LIST_TITLES, show
from compiler.diff.model import SUMMARY_KINDS, Change, DiffReport, FieldChange
from compiler.diff.views import (
    by_department,
    field_rows,
    headline,
    kind_note,
    reach,
    regressed,
    summary_rows,
    title,
)

_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
#: a formula to a spreadsheet at the start of a pasted cell; ``\=`` still renders as ``=``
_FORMULA_START = re.compile(r"^([=+\-@])")
_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md(text: str) -> str:
    """Catalog text, safe in a markdown table cell and in whatever renders it as HTML."""
    text = _BREAKS.sub(" ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _FORMULA_START.sub(r"\\\1", _SPECIAL.sub(r"\\\1", text))


def code(text: str) -> str:
    """A path or code in a code span (backticks cannot occur inside)."""
    text = _BREAKS.sub(" ", text).replace("`", "'").replace("|", "\\|")
    return f"`{text}`" if text else ""


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], align: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(header), _row(align), *(_row(r) for r in rows), ""]


def _field_cells(field: FieldChange | None) -> list[str]:
    if field is None:
        return ["—", "—", "—", "—"]
    return [
        f"{md(field.label)} {code(field.path)}",
        md(show(field.old)),
        md(show(field.new)),
        EFFECT_MARKS[field.effect.value],
    ]


def _change_block(change: Change) -> list[str]:
    parts = [f"**{md(change.name)}** {code(change.code)}"]
    parts += [md(LIST_TITLES.get(change.list_name, "")), md(kind_note(change))]
    if reach(change):
        parts.append(f"涉及：{md(reach(change))}")
    lines = [" · ".join(p for p in parts if p), ""]
    if change.fields:
        header, align = ["字段", "原", "新", "影响"], ["---", "---", "---", "---"]
        lines += _table(header, align, [_field_cells(f) for f in change.fields])
    return lines


def render_markdown(report: DiffReport, *, color: bool = False) -> str:
    out = [f"## {md(title(report))}", "", md(headline(report)), "", "### 各清单变化汇总", ""]
    header = ["清单", *(KIND_TITLES[k] for k in SUMMARY_KINDS)]
    rows = [[md(r.title), *map(str, r.counts)] for r in summary_rows(report)]
    rows[-1] = [f"**{c}**" for c in rows[-1]]
    out += _table(header, ["---", *["---:"] * len(SUMMARY_KINDS)], rows)
    worse = regressed(report)
    if worse:
        out += [f"### 对申请人不利的变化（{len(worse)} 处）", ""]
        header = ["事项", "字段", "原", "新", "涉及"]
        worse_rows = [
            [f"{md(c.name)} {code(c.code)}", f"{md(f.label)} {code(f.path)}",
             md(show(f.old)), md(show(f.new)), md(reach(c)) or "—"]
            for c, f in worse
        ]  # fmt: skip
        out += _table(header, ["---"] * 5, worse_rows)
    if report.changes:
        out += ["### 按部门列出的变化", ""]
        for group in by_department(report):
            out += [f"#### {md(group.title)}", ""]
            for change in group.changes:
                out += _change_block(change)
    if report.dictionaries:
        out += ["### 材料目录与数据元目录", ""]
        header = ["目录", "条目", "变化", "字段", "原", "新", "影响", "使用事项"]
        rows = []
        for d in report.dictionaries:
            entry = [LIST_TITLES.get(d.dictionary, d.dictionary), f"{md(d.name)} {code(d.key)}"]
            used = str(len(d.used_by))
            for f in field_rows(d.fields):
                rows.append([*entry, KIND_TITLES[d.kind], *_field_cells(f), used])
        out += _table(header, ["---"] * 7 + ["---:"], rows)
    if report.implementations:
        out += ["### 区级实施清单", ""]
        rows = []
        for i in report.implementations:
            item = f"{md(i.name)} {code(i.code)}"
            for f in field_rows(i.fields):
                rows.append([md(i.district), item, KIND_TITLES[i.kind], *_field_cells(f)])
        out += _table(["区", "事项", "变化", "字段", "原", "新", "影响"], ["---"] * 7, rows)
    return "\n".join(out).rstrip("\n") + "\n"
