"""``zwfw export xlsx``: one list → a workbook with the usual headings, byte-for-byte reproducible.

Sheet 1 holds one row per item with the headings of ``COLUMNS`` (the ones ``import`` reads), a
column for every key an item can have; sheet 2 (申请材料) one row per material, so that every
key of a material entry survives the round trip.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.load.kinds import FileKind
from compiler.workflow import yaml_write
from compiler.workflow.xlsx_catalog import MaterialDictionary, read_plain
from compiler.workflow.xlsx_cells import cell_text
from compiler.workflow.xlsx_fidelity import material_name, split_item, survives
from compiler.workflow.xlsx_headings import (
    COLUMNS,
    ITEM_NAME,
    MATERIAL_COLUMNS,
    MATERIAL_INDEX,
    MATERIALS_SHEET,
    Column,
)

#: the fixed creation time written into every workbook (no timestamps in outputs)
EPOCH = dt.datetime(2000, 1, 1)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CODE_PATHS = {("code",), ("national_code",), ("parent",)}


@dataclass(slots=True)
class ExportSettings:
    list_name: str
    catalog: Path
    out: Path


def list_items(catalog: Path, list_name: str) -> list[dict[str, Any]]:
    """The items of a list in file order (files sorted by name)."""
    folder = catalog / list_name
    items: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = read_plain(path, strict=False)
        entries = data.get("items") if isinstance(data, dict) else None
        if isinstance(entries, list):
            items.extend(entry for entry in entries if isinstance(entry, dict))
    return items


def _columns(list_name: str, items: list[dict[str, Any]]) -> list[Column]:
    filing = list_name == FileKind.FILING.value or any("filing_timing" in i for i in items)
    return [c for c in COLUMNS if c.export and (filing or c.path != ("filing_timing",))]


def _cell(value: Any) -> Any:
    """A value as openpyxl writes it: text without control characters, numbers as numbers."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)
    if isinstance(value, (int, float)) or value is None:
        return value
    return str(value)


def _rows(columns: list[Column], items: list[dict[str, Any]], departments: dict[str, str],
          dictionary: MaterialDictionary) -> tuple[list[list[Any]], list[list[Any]]]:
    """The item sheet's rows and the 申请材料 sheet's rows."""
    item_rows: list[list[Any]] = []
    material_rows: list[list[Any]] = []
    names_column = next(c for c in columns if c.path == ("materials",))
    codes = Counter(cell_text(item.get("code")) for item in items)
    for item in items:
        split = split_item(item, columns, departments, dictionary, codes[cell_text(item.get("code"))] == 1)
        cells = split.cells
        if split.materials is not None:
            names = [material_name(entry, dictionary) for entry in split.materials]
            cells[("materials",)] = survives(names_column, names)
            for index, entry in enumerate(split.materials, 1):
                material_rows.append([_material_cell(c, entry, cells.get(("code",)), item, index, dictionary)
                                      for c in MATERIAL_COLUMNS])
        item_rows.append([_cell(cells.get(c.path)) for c in columns])
    return item_rows, material_rows


def _material_cell(column: Column, entry: dict[str, Any], code: Any, item: dict[str, Any],
                   index: int, dictionary: MaterialDictionary) -> Any:
    if column.path == ("code",):
        return _cell(code)
    if column.path == ITEM_NAME:
        return _cell(item.get("name") if isinstance(item.get("name"), str) else None)
    if column.path == MATERIAL_INDEX:
        return index
    if column.path == ("name",):
        return _cell(material_name(entry, dictionary))
    value: Any = entry
    for key in column.path:
        value = value.get(key) if isinstance(value, dict) else None
    return _cell(column.codec.format(value)) if value is not None else None


def _sheet(ws: Any, headings: list[str], rows: Iterable[list[Any]], code_columns: set[int]) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append(headings)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        ws.append(values)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text that starts with "=" stays text, not a formula
                if "\n" in cell.value:
                    cell.alignment = wrap
            if cell.column - 1 in code_columns:
                cell.number_format = "@"
    ws.freeze_panes = "B2"
    for index, heading in enumerate(headings):
        letter = ws.cell(row=1, column=index + 1).column_letter
        ws.column_dimensions[letter].width = max(10, min(40, len(heading) * 2 + 4))


def export_xlsx(settings: ExportSettings) -> int:
    from openpyxl import Workbook

    catalog = settings.catalog
    items = list_items(catalog, settings.list_name)
    meta = read_plain(catalog / "catalog.yaml", strict=False)
    departments = {
        str(d["id"]): str(d.get("name", ""))
        for d in (meta.get("departments") or [] if isinstance(meta, dict) else [])
        if isinstance(d, dict) and "id" in d
    }
    dictionary = MaterialDictionary.load(catalog)
    columns = _columns(settings.list_name, items)
    workbook = Workbook()
    main = workbook.active
    main.title = FileKind(settings.list_name).label
    codes = {i for i, c in enumerate(columns) if c.path in _CODE_PATHS}
    item_rows, material_rows = _rows(columns, items, departments, dictionary)
    _sheet(main, [c.heading for c in columns], item_rows, codes)
    sheet = workbook.create_sheet(MATERIALS_SHEET)
    _sheet(sheet, [c.heading for c in MATERIAL_COLUMNS], material_rows, {0})
    yaml_write.write_bytes_atomic(settings.out, workbook_bytes(workbook))
    return len(items)


def workbook_bytes(workbook: Any) -> bytes:
    """The .xlsx bytes with fixed document times and zip entry times: same input, same bytes."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = EPOCH
    workbook.properties.modified = EPOCH
    workbook.properties.creator = "zwfw"
    raw = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return fixed.getvalue()
