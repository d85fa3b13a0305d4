"""A published list as a Table, and its encodings: CSV, Markdown and XLSX — deterministic, safe.

Every text cell is neutralized against spreadsheet formula injection (a leading ``= + - @``,
tab or carriage return gets a leading apostrophe), in CSV, Markdown and XLSX alike. Markdown also
escapes ``|`` and the characters that would turn text into markup or HTML. CSV is UTF-8 with a
BOM (so Excel opens Chinese text correctly) and CRLF line ends. XLSX files carry fixed workbook
properties and fixed ZIP timestamps, so two runs give identical bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from compiler.build.memo import Memo, through, through_all
from compiler.build.xlsx_rows import (
    SHEET_PATH,
    FastRows,
    UnexpectedSheet,
    column_letter,
    fast_rows,
)

Cell = str | int | float | None

FIXED_TIME = dt.datetime(2000, 1, 1)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\|<>*_`\[\]])")
#: control characters an XLSX cell cannot hold (openpyxl refuses the whole workbook)
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Table:
    """A published list: its title (sheet name, Markdown heading), headings and rows."""

    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""  # a sentence under the Markdown heading


def neutralize(value: str) -> str:
    """Defuse a cell a spreadsheet would read as a formula: prefix an apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    return neutralize(cell) if isinstance(cell, str) else str(cell)


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_text(heading) for heading in table.headings])
    writer.writerows([_text(cell) for cell in row] for row in table.rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def markdown_cell(cell: Cell) -> str:
    """A Markdown table cell: neutralized, markup escaped, line breaks folded into spaces."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", _text(cell))
    return " ".join(text.split())


def to_markdown(table: Table) -> bytes:
    lines = [f"# {markdown_cell(table.title)}", ""]
    if table.note:
        lines += [markdown_cell(table.note), ""]
    if table.rows:
        lines.append("| " + " | ".join(markdown_cell(h) for h in table.headings) + " |")
        lines.append("|" + "---|" * len(table.headings))
        lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in table.rows]
    else:
        lines.append("（无）")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xlsx_value(cell: Cell) -> str | int | float | None:
    return neutralize(_XLSX_ILLEGAL.sub("", cell)) if isinstance(cell, str) else cell


def _widths(table: Table) -> list[int]:
    widths = []
    for index, heading in enumerate(table.headings):
        longest = max([len(str(row[index] or "")) for row in table.rows] + [len(heading) + 2])
        widths.append(min(60, max(8, longest * 2)))  # Chinese characters are two columns wide
    return widths


def _repack(raw: bytes, sheet: Callable[[bytes], bytes] | None = None) -> bytes:
    """Rewrite the ZIP with fixed member times and order, so the bytes never depend on the clock
    (``sheet``, if given, rewrites the worksheet's XML on the way)."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            data = source.read(info.filename)
            if sheet is not None and info.filename == SHEET_PATH:
                data = sheet(data)
            archive.writestr(member, data)
    return target.getvalue()


def to_xlsx(table: Table, *, creator: str = "zwfw", memo: Memo | None = None) -> bytes:
    """One sheet: bold frozen heading row, wrapped text, fixed properties and timestamps.

    openpyxl makes the workbook around the heading row; the data rows, nearly all of its work
    (two style-registry lookups and an element tree per cell), are written straight as XML by
    :mod:`compiler.build.xlsx_rows` in exactly the form openpyxl gives them. A table that path
    does not cover (a value of another type, ragged rows) or a surprise in openpyxl's output
    takes openpyxl's own way for every row: the same bytes, only slower.

    With a ``memo`` the workbook around the rows (a function of the title, headings, column
    widths and creator alone) is remembered, so an edited list is re-encoded without
    importing openpyxl at all.
    """
    fast = fast_rows(table.headings, table.rows) if table.rows else None
    if fast is not None:
        widths = tuple(_widths(table))
        key = ("xlsx-frame", table.title, table.headings, widths, creator)
        frame = through(memo, key, partial(_frame, table, creator, fast, widths))
        try:
            return _repack(frame, fast.splice)
        except UnexpectedSheet:
            pass
    return _repack(_frame(table, creator, None))


def _frame(
    table: Table, creator: str, fast: FastRows | None, widths: Sequence[int] | None = None
) -> bytes:
    """openpyxl's workbook as a stored ZIP: with ``fast``, around one placeholder data cell
    (its bytes depend on the rows only through the column widths); else with every row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]
    sheet.append(list(table.headings))
    wrap = Alignment(wrap_text=True, vertical="top")
    if fast is None:
        for row in table.rows:
            sheet.append([_xlsx_value(cell) for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if fast is None:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
    else:  # one placeholder cell registers the data rows' style, and takes their place
        sheet.cell(row=2, column=1).alignment = wrap
    for index, width in enumerate(widths or _widths(table), start=1):
        sheet.column_dimensions[column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.creator = creator
    workbook.properties.lastModifiedBy = creator
    workbook.properties.title = table.title
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    # stored, not deflated: _repack compresses every member once anyway
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()


ENCODERS: dict[str, Callable[[Table], bytes]] = {"csv": to_csv, "md": to_markdown, "xlsx": to_xlsx}


def table_files(
    stem: str, table: Table, formats: Sequence[str], memo: Memo | None = None
) -> dict[str, bytes]:
    """``stem.<format>`` for each of csv, md, xlsx (with a memo, remembered by the table's
    every title, heading, cell and note: the encoders read nothing else)."""
    formats = tuple(formats)
    key = ("table", formats, table.title, table.headings, table.rows, table.note)
    encoders: dict[str, Callable[[Table], bytes]] = {**ENCODERS, "xlsx": partial(to_xlsx, memo=memo)}
    encoded = through_all(memo, key, lambda: tuple(encoders[fmt](table) for fmt in formats))
    return {f"{stem}.{fmt}": data for fmt, data in zip(formats, encoded, strict=True)}
