"""The diff for a terminal: a summary table per list, then one table row per changed field.

Catalog text goes into ``rich`` as ``Text`` (never markup), so ``[red]`` in a name stays literal.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from compiler.diff.effects import Effect
from compiler.diff.labels import EFFECT_MARKS, KIND_TITLES, LIST_TITLES, show
from compiler.diff.model import SUMMARY_KINDS, DiffReport, FieldChange
from compiler.diff.views import (
    by_department,
    field_rows,
    headline,
    kind_note,
    reach,
    summary_rows,
    title,
)

WIDTH = 120
#: (min, max) cells: the field column gets room for its label and path; names wrap sooner
COLUMN_WIDTHS: dict[str, tuple[int | None, int | None]] = {
    "事项": (None, 16),
    "条目": (None, 22),
    "变化": (None, 16),
    "字段": (24, None),
    "原": (None, 20),
    "新": (None, 20),
    "影响": (8, None),
}
_STYLE = {Effect.IMPROVED: "green", Effect.REGRESSED: "bold red", Effect.NEUTRAL: ""}


def _console(buffer: io.StringIO, color: bool) -> Console:
    return Console(
        file=buffer,
        force_terminal=color,
        force_jupyter=False,
        color_system="standard" if color else None,
        no_color=not color,
        width=WIDTH,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )


def _table(title: str, *columns: str) -> Table:
    table = Table(title=Text(title, style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    for column in columns:
        low, high = COLUMN_WIDTHS.get(column, (None, None))
        table.add_column(column, overflow="fold", min_width=low, max_width=high)
    return table


def _field_cells(field: FieldChange | None) -> list[Text]:
    if field is None:
        return [Text("—"), Text(""), Text(""), Text("")]
    style = _STYLE[field.effect]
    return [
        Text(f"{field.label}\n{field.path}"),
        Text(show(field.old)),
        Text(show(field.new)),
        Text(EFFECT_MARKS[field.effect.value], style=style),
    ]


def render_text(report: DiffReport, *, color: bool = False) -> str:
    buffer = io.StringIO()
    console = _console(buffer, color)
    console.print(Text(title(report), style="bold"))
    summary = _table("各清单变化汇总", "清单", *(KIND_TITLES[k] for k in SUMMARY_KINDS))
    for column in summary.columns[1:]:
        column.justify = "right"
    for row in summary_rows(report):
        summary.add_row(Text(row.title), *(Text(str(n)) for n in row.counts))
    console.print(summary)
    for group in by_department(report):
        table = _table(group.title, "事项", "变化", "字段", "原", "新", "影响")
        for change in group.changes:
            note = kind_note(change) + (f"\n涉及：{reach(change)}" if reach(change) else "")
            lead = [Text(f"{change.name}\n{change.code}"), Text(note)]
            for field in field_rows(change.fields):
                table.add_row(*lead, *_field_cells(field))
                lead = [Text(""), Text("")]
            table.add_section()
        console.print(table)
    if report.dictionaries:
        table = _table("材料目录与数据元目录", "条目", "变化", "字段", "原", "新", "影响")
        for entry in report.dictionaries:
            where = LIST_TITLES.get(entry.dictionary, entry.dictionary)
            lead = [Text(f"{entry.name}\n{entry.key}（{where}）"), Text(KIND_TITLES[entry.kind])]
            for field in field_rows(entry.fields):
                table.add_row(*lead, *_field_cells(field))
                lead = [Text(""), Text("")]
        console.print(table)
    if report.implementations:
        table = _table("区级实施清单", "区", "事项", "变化", "字段", "原", "新", "影响")
        for local in report.implementations:
            lead = [Text(local.district), Text(f"{local.name}\n{local.code}")]
            lead.append(Text(KIND_TITLES[local.kind]))
            for field in field_rows(local.fields):
                table.add_row(*lead, *_field_cells(field))
                lead = [Text(""), Text(""), Text("")]
        console.print(table)
    style = "bold red" if report.regressions else "green"
    console.print(Text(headline(report), style=style))
    return buffer.getvalue()
