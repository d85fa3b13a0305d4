"""The data rows of a list's worksheet as XML, written directly in openpyxl's exact form.

openpyxl spends nearly all of a list workbook on its data cells: two style-registry lookups
(each hashing a style object) when the wrap alignment is set, then an element tree built and
serialized per cell. :func:`compiler.build.tables.to_xlsx` lets openpyxl make the workbook
around the heading row and one placeholder cell (which registers the data cells' style), and
:meth:`FastRows.splice` puts these rows in the placeholder's place. The text is what openpyxl
writes for a styled cell whose text is forced to a string: ``<c r="B7" s="2" t="inlineStr">
<is><t>…</t></is></c>``, ``xml:space="preserve"`` on text with outer whitespace, numbers as
``%.16g``, an empty cell as ``<c … t="n" />``. Only values of those plain types are covered
(:func:`fast_rows` returns None otherwise) and the placeholder must look exactly as expected
(:class:`UnexpectedSheet` otherwise), so the caller can fall back to openpyxl for all rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

SHEET_PATH = "xl/worksheets/sheet1.xml"
#: what openpyxl refuses in a cell (ILLEGAL_CHARACTERS_RE) and the longest text it keeps
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_TEXT = 32767
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLACEHOLDER = re.compile(rb'<row r="2"><c r="A2" s="(\d+)" t="n" /></row></sheetData>')

Value = str | int | float | None


def column_letter(index: int) -> str:
    """openpyxl's ``get_column_letter`` (1 → A, 27 → AA), without importing openpyxl (≈80 ms)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class UnexpectedSheet(Exception):
    """openpyxl's worksheet does not hold the placeholder in the expected form."""


def _escape(text: str) -> str:
    """ElementTree's escaping of element text (``&``, ``<``, ``>``; nothing else)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _cell_body(value: Value) -> str | None:
    """What follows ``<c r=… s=…`` for one value; None for a value this path does not cover."""
    if value is None:
        return ' t="n" />'
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return f' t="n"><v>{value:.16g}</v></c>'
    if not isinstance(value, str):
        return None  # bool, Decimal, dates, NaN …: openpyxl's way
    # a plain str even for a str subclass; printable text holds no illegal character
    text = str(value) if value.isprintable() else _ILLEGAL.sub("", value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    if len(text) > _MAX_TEXT:
        text = text[:_MAX_TEXT]
    if not text:
        return ' t="inlineStr" />'
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f' t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


@dataclass(frozen=True, slots=True)
class FastRows:
    """The data rows (from row 2) as lists of cell bodies, ready to be numbered and styled."""

    columns: int
    rows: tuple[tuple[str, ...], ...]

    def xml(self, style: str) -> str:
        letters = [column_letter(index) for index in range(1, self.columns + 1)]
        parts: list[str] = []
        add = parts.append
        for number, row in enumerate(self.rows, start=2):
            add(f'<row r="{number}">')
            for letter, body in zip(letters, row, strict=True):
                add(f'<c r="{letter}{number}" s="{style}"{body}')
            add("</row>")
        return "".join(parts)

    def splice(self, sheet: bytes) -> bytes:
        """openpyxl's sheet XML with the placeholder row replaced by these rows."""
        last = column_letter(self.columns)
        dimension = f'<dimension ref="A1:{last}2" />'.encode()
        found = _PLACEHOLDER.findall(sheet)
        if len(found) != 1 or sheet.count(dimension) != 1:
            raise UnexpectedSheet
        rows = self.xml(found[0].decode()).encode("utf-8") + b"</sheetData>"
        sheet = _PLACEHOLDER.sub(lambda _match: rows, sheet)
        return sheet.replace(
            dimension, f'<dimension ref="A1:{last}{len(self.rows) + 1}" />'.encode()
        )


def fast_rows(headings: Sequence[str], rows: Sequence[Sequence[Value]]) -> FastRows | None:
    """The rows' cell bodies, or None when a row is ragged or a value is of another type."""
    columns = len(headings)
    if columns == 0:
        return None
    bodies: list[tuple[str, ...]] = []
    # lists repeat many texts (yes/no, departments, levels): each distinct one is written once
    # (texts only: 0.0 and -0.0, 1 and True are equal keys of a dict, but written differently)
    texts: dict[str, str | None] = {}
    for row in rows:
        if len(row) != columns:
            return None
        cells = []
        for value in row:
            if type(value) is str:
                body = texts.get(value)
                if body is None:
                    body = texts[value] = _cell_body(value)
            else:
                body = _cell_body(value)
            if body is None:
                return None
            cells.append(body)
        bodies.append(tuple(cells))
    return FastRows(columns, tuple(bodies))
